import type { MessageKey } from '#app/i18n/index.ts';
import type { BookingStatus } from '#db/schema/enums.ts';
import { awaitedParty } from './machine.ts';
import type { BookingSide } from './parties.ts';

type Step =
  | 'requested_school'
  | 'requested_venue'
  | 'declined_school'
  | 'confirmed_started'
  | 'attended_unrated'
  | Exclude<BookingStatus, 'requested'>;

// The text with the seats' deadline, and the one for a booking without a deadline (never expected). The school is told
// what it waits for and what to do next; the venue what it has to do. Steps that read the same for both share a text.
// The text sits beside the status badge, so it never restates the status: a step with nothing to add has no text
// (null), and a school's approval shows in the badge, not again in the words.
const wording: Record<BookingSide, Record<Step, readonly [MessageKey, MessageKey?] | null>> = {
  school: {
    requested_school: ['bookings.next.requested_school', 'bookings.next.requested_school_open'],
    requested_venue: ['bookings.next.requested_venue', 'bookings.next.requested_venue_open'],
    school_approved: ['bookings.next.requested_venue', 'bookings.next.requested_venue_open'],
    confirmed: ['bookings.next.confirmed'],
    // The school can no longer cancel; what is left is the venue's record of the visit.
    confirmed_started: ['bookings.next.confirmed_started'],
    waitlisted: ['bookings.next.waitlisted'],
    declined: ['bookings.next.declined'],
    declined_school: ['bookings.next.declined_school'],
    cancelled: null,
    lapsed: ['bookings.next.lapsed'],
    attended: null,
    // Visited and not yet rated: the one thing left for the school to do.
    attended_unrated: ['bookings.next.attended_unrated'],
    no_show: null,
  },
  venue: {
    requested_school: ['bookings.next.requested_school', 'bookings.next.requested_school_open'],
    requested_venue: ['bookings.nextVenue.requested_venue', 'bookings.nextVenue.requested_venue_open'],
    school_approved: ['bookings.nextVenue.requested_venue', 'bookings.nextVenue.requested_venue_open'],
    confirmed: ['bookings.nextVenue.confirmed'],
    // Once begun, the visit waits for the venue's record (the console files it under 待登记到访).
    confirmed_started: ['bookings.nextVenue.confirmed_started'],
    waitlisted: ['bookings.next.waitlisted'],
    declined: null,
    declined_school: ['bookings.nextVenue.declined_school'],
    cancelled: null,
    lapsed: ['bookings.nextVenue.lapsed'],
    attended: null,
    attended_unrated: null,
    no_show: null,
  },
};

/**
 * The text of a booking's next step for one side, null when the status says it all; its `{deadline}` is the seats' hold.
 * `started`: the session's start time has come (by the caller's clock). `feedbackAt`: when the school rated the visit;
 * when it is given as null, an attended visit asks the school for its rating.
 */
export function nextStepKey(
  b: {
    status: BookingStatus;
    needsSchoolApproval: boolean;
    approvedAt?: unknown;
    holdUntil: unknown;
    started?: boolean;
    feedbackAt?: unknown;
  },
  side: BookingSide,
): MessageKey | null {
  const step: Step =
    b.status === 'requested'
      ? awaitedParty('requested', b.needsSchoolApproval) === 'school_admin'
        ? 'requested_school'
        : 'requested_venue'
      : // A request that needed the school admin and was never approved was refused by them, not by the venue.
        b.status === 'declined' && b.needsSchoolApproval && !b.approvedAt
        ? 'declined_school'
        : b.status === 'confirmed' && b.started
          ? 'confirmed_started'
          : b.status === 'attended' && b.feedbackAt === null
            ? 'attended_unrated'
            : b.status;
  const texts = wording[side][step];
  if (!texts) return null;
  const [dated, open] = texts;
  return b.holdUntil || !open ? dated : open;
}
