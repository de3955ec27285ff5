import { subMonths } from 'date-fns';

/** A catalogue entry is due for verification again this many months after it was last verified (DESIGN.md). */
export const VERIFICATION_VALID_MONTHS = 12;

/** Entries verified before this instant (or never) are overdue. */
export function overdueBefore(now: Date): Date {
  return subMonths(now, VERIFICATION_VALID_MONTHS);
}

/** Overdue: never verified, or last verified more than 12 months ago. Search results show it as a badge. */
export function isVerificationOverdue(verifiedAt: Date | string | null, now: Date): boolean {
  if (verifiedAt === null) return true;
  return new Date(verifiedAt).getTime() < overdueBefore(now).getTime();
}
