/**
 * Small-number suppression for exports: a count of 1–4 pupils could point at individual children (DESIGN.md rule 6),
 * so exports replace it, and every figure derived from it, with a marker. Zero is kept: it identifies nobody.
 */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSED = '<5';
/**
 * A figure of 5 or more hidden with a small one, so that a table's total cannot give the small one back by
 * subtraction (secondary suppression).
 */
export const SUPPRESSED_WITH = '*';

export function isSuppressedCount(value: number | null | undefined): boolean {
  return typeof value === 'number' && value > 0 && value < SUPPRESSION_THRESHOLD;
}

/**
 * Whether small counts hidden in one column stay hidden when the column's total is known: `small` are the hidden
 * counts of 1–4, `withThem` how many counts of 5 or more were hidden beside them, `hiddenSum` what the total minus
 * the shown figures gives. A reader knows each small count is 1–4 and each other hidden one at least 5; every small
 * count must still be able to be anything from 1 to 4.
 */
export function smallCountsProtected(small: number, withThem: number, hiddenSum: number): boolean {
  if (small === 0) return true;
  const top = SUPPRESSION_THRESHOLD - 1;
  // The largest a small count can be: the others as small as they can be.
  const largest = hiddenSum - (small - 1) - SUPPRESSION_THRESHOLD * withThem;
  // The smallest it can be: the others as large as they can be (a count of 5 or more has no upper bound).
  const smallest = withThem > 0 ? Number.NEGATIVE_INFINITY : hiddenSum - top * (small - 1);
  return largest >= top && smallest <= 1;
}
