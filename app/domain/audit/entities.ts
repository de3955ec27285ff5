import { isMessageKey, type TFunction } from '#app/i18n/index.ts';

/** What an audit entry is about. Each has a name in both languages (`bureau.audit.entityType.*`). */
export const auditEntityTypes = [
  'api_token',
  'auth_session',
  'booking',
  'commitment',
  'database',
  'info_report',
  'invitation',
  'invite',
  'membership',
  'program',
  'route',
  'school',
  'session',
  'session_series',
  'speaker',
  'speaker_topic',
  'user',
  'venue',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

/** The reader's name for an entity type; a type written by an older version keeps its code. */
export function auditEntityLabel(t: TFunction, type: string): string {
  const key = `bureau.audit.entityType.${type}`;
  return isMessageKey(key) ? t(key) : type;
}

/** Whether the log's entity filter can take a value: a type the app writes, or one the log holds. */
export function isAuditEntityFilter(value: string, logged: readonly string[]): boolean {
  return (auditEntityTypes as readonly string[]).includes(value) || logged.includes(value);
}
