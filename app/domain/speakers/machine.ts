import type { InvitationStatus } from '#db/schema/enums.ts';

/** The two sides of an invitation: the inviting school, and the speaker or venue that hosts the talk. */
export type Party = 'teacher' | 'host';

export type InvitationAction = 'accept' | 'decline' | 'counter' | 'cancel' | 'complete' | 'expire';

/**
 * The invitation state machine (DESIGN.md "Invite a speaker"): who may do what in which state, and where it leads.
 * The host accepts one of the teacher's slots, declines, or counters with its own; the teacher then accepts one of
 * those or proposes others again (and so on). Either side cancels; the teacher completes with feedback; unanswered invitations expire.
 */
const transitions: Record<
  InvitationStatus,
  Partial<Record<InvitationAction, { by: readonly (Party | 'system')[]; to: InvitationStatus }>>
> = {
  pending: {
    accept: { by: ['host'], to: 'scheduled' },
    decline: { by: ['host'], to: 'declined' },
    counter: { by: ['host'], to: 'countered' },
    cancel: { by: ['teacher'], to: 'cancelled' },
    expire: { by: ['system'], to: 'expired' },
  },
  countered: {
    accept: { by: ['teacher'], to: 'scheduled' },
    // None of the host's times suits the school (or they have filled up): the teacher proposes others in turn.
    counter: { by: ['teacher'], to: 'pending' },
    cancel: { by: ['teacher', 'host'], to: 'cancelled' },
    expire: { by: ['system'], to: 'expired' },
  },
  scheduled: {
    cancel: { by: ['teacher', 'host'], to: 'cancelled' },
    complete: { by: ['teacher'], to: 'completed' },
  },
  declined: {},
  expired: {},
  cancelled: {},
  completed: {},
};

/** The status an action leads to, or null when that party may not do it now. */
export function nextStatus(
  status: InvitationStatus,
  action: InvitationAction,
  by: Party | 'system',
): InvitationStatus | null {
  const step = transitions[status][action];
  return step?.by.includes(by) ? step.to : null;
}

/** Who proposed the slots that may be accepted in this status (the other side accepts them). */
export function acceptableProposer(status: InvitationStatus): 'teacher' | 'host' | null {
  if (status === 'pending') return 'teacher';
  if (status === 'countered') return 'host';
  return null;
}

/** Waiting for an answer: these expire and are reminded. */
export const openStatuses = ['pending', 'countered'] as const satisfies readonly InvitationStatus[];

/** The party that has to answer now. */
export function awaitedParty(status: InvitationStatus): Party | null {
  if (status === 'pending') return 'host';
  if (status === 'countered') return 'teacher';
  return null;
}

/** Actions a party could take in a status (the page shows these; time rules are checked when one is taken). */
export function availableActions(status: InvitationStatus, party: Party): InvitationAction[] {
  return (Object.keys(transitions[status]) as InvitationAction[]).filter(
    (action) => action !== 'expire' && nextStatus(status, action, party) !== null,
  );
}
