import { isMessageKey, type TFunction } from '#app/i18n/index.ts';

/**
 * Every action the app writes to the audit log. `recordAudit` takes only these, and each has a name in both languages
 * (`bureau.audit.action.*`): a new action needs both to compile.
 */
export const auditActions = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_in_blocked',
  'auth.password_check_blocked',
  'auth.sign_out',
  'auth.session_end',
  'auth.sessions_end_others',
  'auth.permission_denied',
  'user.create',
  'user.disable',
  'user.enable',
  'user.password_change',
  'user.update_details',
  'user.password_reset_requested',
  'user.password_reset_issued',
  'user.password_reset',
  'token.create',
  'token.revoke',
  'invite.create',
  'invite.revoke',
  'membership.create',
  'membership.delete',
  'membership.request',
  'membership.approve',
  'membership.reject',
  'school.create',
  'school.rotate_calendar_token',
  'venue.update',
  'venue.approve',
  'venue.reject',
  'venue.reverify',
  'venue.rotate_calendar_token',
  'venue_change.propose',
  'venue_change.withdraw',
  'venue_change.approve',
  'venue_change.reject',
  'commitment.propose',
  'commitment.withdraw',
  'commitment.approve',
  'commitment.reject',
  'program.create',
  'program.activate',
  'program.deactivate',
  'program.update',
  'session.create',
  'session.update',
  'session.cancel',
  'session_series.create',
  'session_series.exception',
  'session_series.end',
  'booking.create',
  'booking.approve',
  'booking.confirm',
  'booking.decline',
  'booking.cancel',
  'booking.attendance',
  'booking.feedback',
  'booking.lapse',
  'booking.promote',
  'speaker.update',
  'speaker.vet',
  'speaker.approve',
  'speaker.reject',
  'speaker.reverify',
  'speaker.rotate_calendar_token',
  'speaker_topic.create',
  'speaker_topic.update',
  'invitation.create',
  'invitation.accept',
  'invitation.decline',
  'invitation.counter',
  'invitation.cancel',
  'invitation.complete',
  'invitation.expire',
  'info_report.create',
  'info_report.fix',
  'info_report.dismiss',
  'demo.seed',
] as const;
export type AuditAction = (typeof auditActions)[number];

function isAuditAction(action: string): action is AuditAction {
  return (auditActions as readonly string[]).includes(action);
}

/** The reader's name for an action; an action written by an older version keeps its code. */
export function auditActionLabel(t: TFunction, action: string): string {
  return isAuditAction(action) ? t(`bureau.audit.action.${action}`) : action;
}

/** The area an action belongs to: the part before its dot (venue_change in venue_change.approve). */
export function auditActionGroup(action: string): string {
  return action.split('.')[0] ?? action;
}

/** The reader's name for an area of actions (场馆信息变更); an area written by an older version keeps its code. */
export function auditActionGroupLabel(t: TFunction, group: string): string {
  const key = `bureau.audit.actionGroup.${group}`;
  return isMessageKey(key) ? t(key) : group;
}

/**
 * Whether the log's action filter can take a value: an action or area of actions the app writes or the log holds, or
 * an older action of a known area (venue.polish from an old link). Anything else is a bad filter, named as such.
 */
export function isAuditActionFilter(value: string, logged: readonly string[]): boolean {
  const known = [...auditActions, ...logged];
  if (known.includes(value)) return true;
  const groups = new Set(known.map(auditActionGroup));
  return groups.has(value) || (/^[a-z_]+\.[a-z_]+$/.test(value) && groups.has(auditActionGroup(value)));
}
