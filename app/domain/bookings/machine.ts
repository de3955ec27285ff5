import type { BookingStatus } from '#db/schema/enums.ts';
import { seatHoldingStatuses } from '#db/schema/enums.ts';

/**
 * Who acts on a booking: the school's side (the teacher who booked, or a school admin of the school), the school admin
 * in particular (approvals), the venue's operators, or the system (lapses and waitlist promotions).
 */
export type BookingParty = 'school' | 'school_admin' | 'venue' | 'system';

export type BookingAction =
  | 'approve'
  | 'confirm'
  | 'decline'
  | 'cancel'
  | 'attendance'
  | 'feedback'
  | 'lapse'
  | 'promote';

interface Step {
  by: readonly BookingParty[];
  to: BookingStatus;
  /** Only for bookings that need (or do not need) the school admin's approval. */
  approval?: boolean;
}

/**
 * The booking state machine (DESIGN.md "Book a trip"): requested → (school_approved when the school must approve) →
 * confirmed | declined; waitlisted until seats free up; cancelled by either side with a reason; lapsed when nobody
 * answered in time; attended | no_show once the venue records the visit (a correction may switch between them); an
 * attended trip takes the school's feedback.
 */
const transitions: Record<BookingStatus, Partial<Record<BookingAction, Step>>> = {
  requested: {
    approve: { by: ['school_admin'], to: 'school_approved', approval: true },
    confirm: { by: ['venue'], to: 'confirmed', approval: false },
    decline: { by: ['venue', 'school_admin'], to: 'declined' },
    cancel: { by: ['school', 'school_admin', 'venue'], to: 'cancelled' },
    lapse: { by: ['system'], to: 'lapsed' },
  },
  school_approved: {
    confirm: { by: ['venue'], to: 'confirmed' },
    decline: { by: ['venue'], to: 'declined' },
    cancel: { by: ['school', 'school_admin', 'venue'], to: 'cancelled' },
    lapse: { by: ['system'], to: 'lapsed' },
  },
  confirmed: {
    cancel: { by: ['school', 'school_admin', 'venue'], to: 'cancelled' },
    attendance: { by: ['venue'], to: 'attended' },
  },
  waitlisted: {
    cancel: { by: ['school', 'school_admin', 'venue'], to: 'cancelled' },
    promote: { by: ['system'], to: 'requested' },
  },
  // After the visit the school's side says how it went (once); the status stays.
  attended: {
    attendance: { by: ['venue'], to: 'attended' },
    feedback: { by: ['school', 'school_admin'], to: 'attended' },
  },
  no_show: { attendance: { by: ['venue'], to: 'no_show' } },
  declined: {},
  cancelled: {},
  lapsed: {},
};

/**
 * The status an action leads to, or null when that party may not take it now. `needsApproval` is the booking's
 * flag: a request that needs the school admin cannot be confirmed before it is approved, and one that does not cannot
 * be "approved". Attendance leads to attended or no_show; the caller picks by the counts.
 */
export function nextStatus(
  status: BookingStatus,
  action: BookingAction,
  parties: readonly BookingParty[],
  needsApproval: boolean,
): BookingStatus | null {
  const step = transitions[status][action];
  if (!step?.by.some((p) => parties.includes(p))) return null;
  if (step.approval !== undefined && step.approval !== needsApproval) return null;
  if (status === 'requested' && action === 'decline') {
    // Until the school admin has approved, the request is the school admin's to refuse, not yet the venue's.
    const allowed = needsApproval ? parties.includes('school_admin') : parties.includes('venue');
    if (!allowed) return null;
  }
  return step.to;
}

/** Whether any of these parties takes this action in some state of some booking (a teacher never confirms). */
export function everTakes(action: BookingAction, parties: readonly BookingParty[]): boolean {
  return Object.values(transitions).some((steps) => steps[action]?.by.some((p) => parties.includes(p)));
}

export function holdsSeats(status: BookingStatus): boolean {
  return (seatHoldingStatuses as readonly BookingStatus[]).includes(status);
}

/** A request still waiting for an answer (these lapse at their deadline). */
export const pendingStatuses = ['requested', 'school_approved'] as const satisfies readonly BookingStatus[];

export function awaitsAnswer(status: BookingStatus): boolean {
  return (pendingStatuses as readonly BookingStatus[]).includes(status);
}

/**
 * The status of a new request with seats: first to the school admin when the school must approve (unless a school
 * admin of the school books, which is the approval), then confirmed at once at an auto-confirming venue, or waiting
 * for the venue.
 */
export function requestStatus(
  needsApproval: boolean,
  selfApproved: boolean,
  autoConfirm: boolean,
): BookingStatus {
  if (needsApproval && !selfApproved) return 'requested';
  if (autoConfirm) return 'confirmed';
  return selfApproved ? 'school_approved' : 'requested';
}

/** Bookings that hold seats or wait for them: a school with one of these for a session already has a group in it. */
export const liveStatuses = [
  ...seatHoldingStatuses,
  'waitlisted',
] as const satisfies readonly BookingStatus[];

/** Actions a person could take now (the pages show these; time rules are checked when one is taken). */
export function availableActions(
  status: BookingStatus,
  parties: readonly BookingParty[],
  needsApproval: boolean,
): BookingAction[] {
  return (Object.keys(transitions[status]) as BookingAction[]).filter(
    (action) =>
      action !== 'lapse' &&
      action !== 'promote' &&
      nextStatus(status, action, parties, needsApproval) !== null,
  );
}

/** Actions that end at the session's start (the steps refuse them with already_started from then on). */
const beforeStartOnly: readonly BookingAction[] = ['approve', 'confirm', 'cancel'];

/**
 * The actions of `availableActions` that the session's time allows at `now`: approving, confirming and cancelling
 * until the start, recording attendance from the start on — so what a page or the API offers is what a step accepts.
 */
export function actionsInTime(actions: readonly BookingAction[], startsAt: Date, now: Date): BookingAction[] {
  const started = startsAt <= now;
  return actions.filter((action) => (started ? !beforeStartOnly.includes(action) : action !== 'attendance'));
}

/** Who has to act next, for "next step" hints. */
export function awaitedParty(status: BookingStatus, needsApproval: boolean): 'school_admin' | 'venue' | null {
  if (status === 'requested') return needsApproval ? 'school_admin' : 'venue';
  if (status === 'school_approved') return 'venue';
  return null;
}
