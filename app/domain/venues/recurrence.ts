import rrulePkg from 'rrule';
import { DAY, parseShanghaiDay, shanghaiDay, shanghaiTime } from '#app/utils/time.ts';
import { MAX_OCCURRENCES, MAX_SERIES_DAYS, type WeekdayCode, weekdayCodes } from './schemas.ts';

const { RRule } = rrulePkg;

export interface SeriesPattern {
  firstDate: string;
  untilDate: string;
  startTime: string;
  endTime: string;
  frequency: 'weekly' | 'daily';
  interval: number;
  weekdays: readonly WeekdayCode[];
  exceptionDates: readonly string[];
}

export interface Occurrence {
  /** YYYY-MM-DD in Asia/Shanghai. */
  day: string;
  startsAt: Date;
  endsAt: Date;
}

export type SeriesError =
  | 'series_order'
  | 'series_too_long'
  | 'series_empty'
  | 'series_no_weekday'
  | 'series_too_many'
  | 'time_order';

function parts(day: string): [number, number, number] {
  return day.split('-').map(Number) as [number, number, number];
}
function clock(time: string): [number, number] {
  const [h, m] = time.split(':').map(Number);
  return [h as number, m as number];
}

/**
 * rrule works in "floating" time: we give it wall-clock dates as if they were UTC and read the days back the same
 * way, so daylight saving (none in China since 1991) and the server's time zone never shift a session.
 */
function floatingRule(pattern: SeriesPattern) {
  const [y, m, d] = parts(pattern.firstDate);
  const [h, min] = clock(pattern.startTime);
  const [uy, um, ud] = parts(pattern.untilDate);
  const weekdays = pattern.weekdays.length
    ? pattern.weekdays.map((code) => weekdayCodes.indexOf(code))
    : undefined;
  return new RRule({
    freq: pattern.frequency === 'daily' ? RRule.DAILY : RRule.WEEKLY,
    interval: pattern.interval,
    byweekday: pattern.frequency === 'weekly' ? weekdays : undefined,
    dtstart: new Date(Date.UTC(y, m - 1, d, h, min)),
    until: new Date(Date.UTC(uy, um - 1, ud, 23, 59, 59)),
    wkst: RRule.MO,
  });
}

/** The RFC 5545 text of the series (DTSTART in Asia/Shanghai, RRULE, EXDATEs), stored with it. */
export function seriesRuleText(pattern: SeriesPattern): string {
  const rule = floatingRule(pattern);
  const compact = (day: string, time: string) => `${day.replaceAll('-', '')}T${time.replace(':', '')}00`;
  const rrule =
    rule
      .toString()
      .split('\n')
      .find((line) => line.startsWith('RRULE:')) ?? '';
  const lines = [`DTSTART;TZID=Asia/Shanghai:${compact(pattern.firstDate, pattern.startTime)}`, rrule];
  if (pattern.exceptionDates.length) {
    lines.push(
      `EXDATE;TZID=Asia/Shanghai:${[...pattern.exceptionDates]
        .sort()
        .map((d) => compact(d, pattern.startTime))
        .join(',')}`,
    );
  }
  return lines.join('\n');
}

/**
 * The stored rule text of a series ended after `lastDay`: its RRULE's UNTIL moves to the end of that day, in the same
 * floating time as seriesRuleText writes it (DTSTART and EXDATEs stay as they were).
 */
export function ruleEndingOn(ruleText: string, lastDay: string): string {
  const until = `UNTIL=${lastDay.replaceAll('-', '')}T235959Z`;
  return ruleText
    .split('\n')
    .map((line) => {
      if (!line.startsWith('RRULE:')) return line;
      const parts = line
        .slice('RRULE:'.length)
        .split(';')
        .filter((part) => part && !part.startsWith('UNTIL=') && !part.startsWith('COUNT='));
      return `RRULE:${[...parts, until].join(';')}`;
    })
    .join('\n');
}

/** The dated sessions of a series, exception days left out; an error when the pattern makes no sense. */
export function expandSeries(pattern: SeriesPattern):
  | {
      ok: true;
      occurrences: Occurrence[];
      /** Exception days on which the rule makes no session anyway (another weekday, outside the dates): no effect. */
      unusedExceptions: string[];
    }
  | { ok: false; error: SeriesError } {
  if (pattern.untilDate < pattern.firstDate) return { ok: false, error: 'series_order' };
  if (pattern.endTime <= pattern.startTime) return { ok: false, error: 'time_order' };
  // rrule would quietly take the first date's weekday; the operator says which days the venue runs it.
  if (pattern.frequency === 'weekly' && pattern.weekdays.length === 0)
    return { ok: false, error: 'series_no_weekday' };
  const span =
    (parseShanghaiDay(pattern.untilDate).getTime() - parseShanghaiDay(pattern.firstDate).getTime()) / DAY;
  if (span > MAX_SERIES_DAYS) return { ok: false, error: 'series_too_long' };

  const excluded = new Set(pattern.exceptionDates);
  const [eh, emin] = clock(pattern.endTime);
  const occurrences: Occurrence[] = [];
  const ruleDays = new Set<string>();
  for (const floating of floatingRule(pattern).all((_, i) => i <= MAX_OCCURRENCES + excluded.size)) {
    const y = floating.getUTCFullYear();
    const m = floating.getUTCMonth() + 1;
    const d = floating.getUTCDate();
    const startsAt = shanghaiTime(y, m, d, floating.getUTCHours(), floating.getUTCMinutes());
    const day = shanghaiDay(startsAt);
    ruleDays.add(day);
    if (excluded.has(day)) continue;
    occurrences.push({ day, startsAt, endsAt: shanghaiTime(y, m, d, eh, emin) });
  }
  if (occurrences.length === 0) return { ok: false, error: 'series_empty' };
  if (occurrences.length > MAX_OCCURRENCES) return { ok: false, error: 'series_too_many' };
  const unusedExceptions = [...excluded].filter((day) => !ruleDays.has(day)).sort();
  return { ok: true, occurrences, unusedExceptions };
}
