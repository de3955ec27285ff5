import type { Audience } from '#db/schema/enums.ts';
import type { AccessCommitment } from '#db/schema/index.ts';

export type CommitmentTerms = Pick<
  AccessCommitment,
  'id' | 'audience' | 'kind' | 'percentOff' | 'fixedPrice' | 'validFrom' | 'validTo' | 'status'
>;

/** The audience a grade belongs to: 0 preschool, 1–6 primary, 7–9 junior, 10–12 senior. */
export function audienceForGrade(grade: number): Exclude<Audience, 'chaperone'> {
  if (grade <= 0) return 'preschool';
  if (grade <= 6) return 'primary';
  if (grade <= 9) return 'junior';
  return 'senior';
}

/** A commitment is in force on a day (YYYY-MM-DD) when active and the day lies within its dates. */
export function inForce(commitment: CommitmentTerms, day: string): boolean {
  return (
    commitment.status === 'active' &&
    commitment.validFrom <= day &&
    (commitment.validTo === null || commitment.validTo >= day)
  );
}

/** The price one commitment allows, from the standard price (fen). */
export function priceUnder(commitment: CommitmentTerms, standardPrice: number): number {
  switch (commitment.kind) {
    case 'free':
      return 0;
    case 'percent_off':
      return Math.round((standardPrice * (100 - (commitment.percentOff ?? 0))) / 100);
    case 'fixed_price':
      return Math.min(commitment.fixedPrice ?? standardPrice, standardPrice);
  }
}

export interface PromisedPrice {
  price: number;
  /** The commitment that gives the lowest price, if any applies. */
  commitmentId: string | null;
}

/**
 * What the venue's commitments promise an audience on a day (DESIGN.md rule 4): the lowest price any commitment in
 * force allows, or the standard price when none applies.
 */
export function expectedPrice(
  commitments: readonly CommitmentTerms[],
  audience: Audience,
  day: string,
  standardPrice: number,
): PromisedPrice {
  let best: PromisedPrice = { price: standardPrice, commitmentId: null };
  for (const commitment of commitments) {
    if (commitment.audience !== audience || !inForce(commitment, day)) continue;
    const price = priceUnder(commitment, standardPrice);
    if (price < best.price || (best.commitmentId === null && price <= best.price)) {
      best = { price, commitmentId: commitment.id };
    }
  }
  return best;
}

export type AccessKind = 'free' | 'discounted' | 'standard';

/**
 * How pupils get in on a day, for filters and badges: free when primary or junior pupils enter free, discounted when
 * some pupil audience has a reduction, standard otherwise.
 */
export function accessKind(commitments: readonly CommitmentTerms[], day: string): AccessKind {
  const pupilCommitments = commitments.filter((c) => c.audience !== 'chaperone' && inForce(c, day));
  if (
    pupilCommitments.some((c) => c.kind === 'free' && (c.audience === 'primary' || c.audience === 'junior'))
  ) {
    return 'free';
  }
  return pupilCommitments.length > 0 ? 'discounted' : 'standard';
}

/**
 * A program's per-grade prices, one entry per price in the order of the grades: grades at the same price share a line,
 * their contiguous grades as runs ([3, 6] for 3rd to 6th grade). `all` when one price holds for every grade.
 */
export function gradePriceGroups(prices: readonly { grade: number; price: number }[]) {
  const groups: { price: number; runs: [number, number][]; all: boolean }[] = [];
  const sorted = [...prices].sort((a, b) => a.grade - b.grade);
  for (const { grade, price } of sorted) {
    let group = groups.find((g) => g.price === price);
    if (!group) {
      group = { price, runs: [], all: false };
      groups.push(group);
    }
    const last = group.runs.at(-1);
    // A run continues only to the very next grade number (1, 2, 3): never across a grade not on offer (1, 2, 3, 5 is
    // 一年级至三年级、五年级, not 一年级至五年级) nor across a grade at another price.
    if (last && grade === last[1] + 1) last[1] = grade;
    else group.runs.push([grade, grade]);
  }
  if (groups.length === 1 && groups[0]) groups[0].all = true;
  return groups;
}

type OverlapTerms = CommitmentTerms & { replacesId: string | null };

/** Two date ranges (YYYY-MM-DD, an open end as null) that share at least one day. */
export function datesMeet(
  a: { validFrom: string; validTo: string | null },
  b: { validFrom: string; validTo: string | null },
): boolean {
  return (a.validTo === null || a.validTo >= b.validFrom) && (b.validTo === null || b.validTo >= a.validFrom);
}

/**
 * Which of two commitments for one audience gives the lower price whatever a program's standard price: `a` or `b`,
 * `same` when they always agree, `depends` when it turns on the standard price (a percentage against a fixed price).
 */
export function lowerPromise(a: CommitmentTerms, b: CommitmentTerms): 'a' | 'b' | 'same' | 'depends' {
  const free = (c: CommitmentTerms) => c.kind === 'free' || (c.kind === 'fixed_price' && c.fixedPrice === 0);
  if (free(a) || free(b)) return free(a) && free(b) ? 'same' : free(a) ? 'a' : 'b';
  const compare = (x: number, y: number) => (x === y ? 'same' : x < y ? 'a' : 'b');
  if (a.kind === 'percent_off' && b.kind === 'percent_off')
    return compare(100 - (a.percentOff ?? 0), 100 - (b.percentOff ?? 0));
  if (a.kind === 'fixed_price' && b.kind === 'fixed_price')
    return compare(a.fixedPrice ?? 0, b.fixedPrice ?? 0);
  return 'depends';
}

/**
 * For each commitment that is active or waiting for the bureau, the others for the same audience whose dates meet
 * its own: on the days they share, both would be in force and a booking gets the lower price (expectedPrice). A
 * proposal and the commitment it replaces are never both in force, so they are not counted.
 */
export function commitmentOverlaps<T extends OverlapTerms>(
  commitments: readonly T[],
): Map<string, { other: T; lower: 'this' | 'other' | 'same' | 'depends' }[]> {
  const live = commitments.filter((c) => c.status === 'active' || c.status === 'pending');
  const overlaps = new Map<string, { other: T; lower: 'this' | 'other' | 'same' | 'depends' }[]>();
  for (const c of live) {
    const others = live.filter(
      (o) =>
        o.id !== c.id &&
        o.audience === c.audience &&
        o.replacesId !== c.id &&
        c.replacesId !== o.id &&
        datesMeet(c, o),
    );
    if (!others.length) continue;
    overlaps.set(
      c.id,
      others.map((other) => {
        const lower = lowerPromise(c, other);
        return { other, lower: lower === 'a' ? 'this' : lower === 'b' ? 'other' : lower };
      }),
    );
  }
  return overlaps;
}
