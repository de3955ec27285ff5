// The common reasons for "cannot come", per side: a speaker asked for a talk, or a venue asked for an outreach visit.
import type { MessageKey } from '#app/i18n/index.ts';

export type DeclineSide = 'speaker' | 'venue';

export const speakerDeclineReasons = ['conflict', 'health', 'distance', 'topic', 'other'] as const;
export const venueDeclineReasons = ['dayBooked', 'shortStaffed', 'outOfScope', 'other'] as const;

/** Each side's reasons in the order the form offers them, with their labels. */
export const declineReasons = {
  speaker: speakerDeclineReasons.map((code) => ({ code, label: `invitation.reason.${code}` as const })),
  venue: venueDeclineReasons.map((code) => ({ code, label: `invitation.venueReason.${code}` as const })),
} satisfies Record<DeclineSide, { code: string; label: MessageKey }[]>;

/** The invitation's kind names who answers it: its speaker, or the venue of an outreach request. */
export function declineSideOf(kind: 'speaker' | 'outreach'): DeclineSide {
  return kind === 'outreach' ? 'venue' : 'speaker';
}
