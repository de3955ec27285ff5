import { parseShanghaiDay, shanghaiDay, shanghaiParts } from '#app/utils/time.ts';

/** 春季 March–July, 秋季 September–January (of the next year). Reports are per term. */
export type Season = 'spring' | 'autumn';

export interface Term {
  /** `2026-autumn` */
  id: string;
  year: number;
  season: Season;
  /** First day, YYYY-MM-DD (Asia/Shanghai). */
  firstDay: string;
  /** Last day, YYYY-MM-DD (Asia/Shanghai). */
  lastDay: string;
  /** Midnight in Asia/Shanghai at the start of the first day. */
  startsAt: Date;
  /** Midnight in Asia/Shanghai after the last day (exclusive). */
  endsAt: Date;
}

export const TERM_PATTERN = /^(\d{4})-(spring|autumn)$/;

export function makeTerm(year: number, season: Season): Term {
  const firstDay = season === 'spring' ? `${year}-03-01` : `${year}-09-01`;
  const lastDay = season === 'spring' ? `${year}-07-31` : `${year + 1}-01-31`;
  const after = season === 'spring' ? `${year}-08-01` : `${year + 1}-02-01`;
  return {
    id: `${year}-${season}`,
    year,
    season,
    firstDay,
    lastDay,
    startsAt: parseShanghaiDay(firstDay),
    endsAt: parseShanghaiDay(after),
  };
}

/** `2026-autumn` → the term; null for anything else. */
export function parseTerm(id: string): Term | null {
  const match = TERM_PATTERN.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  return makeTerm(year, match[2] as Season);
}

/**
 * The term an instant belongs to; in the holidays between terms (February, August) the term that has just ended,
 * because that is the one a bureau reports on then.
 */
export function termAt(instant: Date): Term {
  const { year, month } = shanghaiParts(instant);
  if (month >= 9) return makeTerm(year, 'autumn');
  if (month <= 2) return makeTerm(year - 1, 'autumn');
  return makeTerm(year, 'spring');
}

export function previousTerm(term: Term): Term {
  return term.season === 'autumn' ? makeTerm(term.year, 'spring') : makeTerm(term.year - 1, 'autumn');
}

/** The current term and the ones before it, newest first, for a picker. */
export function recentTerms(now: Date, count = 6): Term[] {
  const list = [termAt(now)];
  while (list.length < count) list.push(previousTerm(list[list.length - 1] as Term));
  return list;
}

/**
 * The day on which "free" is judged for a term: today while the term runs, its last day once it is over, so that a
 * finished term's report comes out the same whenever it is run.
 */
export function referenceDay(term: Term, now: Date): string {
  const today = shanghaiDay(now);
  if (today > term.lastDay) return term.lastDay;
  if (today < term.firstDay) return term.firstDay;
  return today;
}
