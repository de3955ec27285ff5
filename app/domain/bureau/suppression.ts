/**
 * Small-number suppression for exports: a count of 1–4 pupils could point at individual children (DESIGN.md rule 6),
 * so exports replace it, and every figure derived from it, with a marker. Zero is kept: it identifies nobody.
 */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSED = '<5';

export function isSuppressedCount(value: number | null | undefined): boolean {
  return typeof value === 'number' && value > 0 && value < SUPPRESSION_THRESHOLD;
}
