import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { auditLog, schools, speakers, venues } from '#db/schema/index.ts';
import type { AuditAction } from './actions.ts';
import type { AuditEntityType } from './entities.ts';

/** Keys never written to the audit log: secrets, and contact details of speakers and people. */
const REDACTED_KEYS = new Set([
  'password',
  'passwordHash',
  'token',
  'tokenHash',
  'calendarToken',
  'phone',
  'email',
  'mobile',
  'secret',
  'sessionSecret',
  'cookie',
  'authorization',
]);

export function redactForAudit(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactForAudit);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !REDACTED_KEYS.has(key))
        .map(([key, v]) => [key, redactForAudit(v)]),
    );
  }
  return value;
}

/**
 * The region of a venue, a school or a speaker, read by the audit entry's own insert: an entry about anything that
 * belongs to one of them (a program, a session, a commitment, a topic) carries its region, so that region's auditors
 * see it (DESIGN.md rule 5). Entries without a region only the 自治区 auditor and admins read.
 */
export function regionOfVenue(venueId: string): SQL {
  return sql`(select ${venues.regionCode} from ${venues} where ${venues.id} = ${venueId})`;
}

export function regionOfSchool(schoolId: string): SQL {
  return sql`(select ${schools.regionCode} from ${schools} where ${schools.id} = ${schoolId})`;
}

export function regionOfSpeaker(speakerId: string): SQL {
  return sql`(select ${speakers.regionCode} from ${speakers} where ${speakers.id} = ${speakerId})`;
}

export interface AuditEntry {
  actorUserId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  /** The region whose auditors see the entry (an SQL expression may read it in the same statement). */
  regionCode?: string | SQL | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  ip?: string | null;
}

/** Appends to the audit log; call it with the transaction that makes the change, so both happen or neither. */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    regionCode: entry.regionCode ?? null,
    before: entry.before === undefined ? null : redactForAudit(entry.before),
    after: entry.after === undefined ? null : redactForAudit(entry.after),
    requestId: entry.requestId ?? null,
    ip: entry.ip ?? null,
  });
}
