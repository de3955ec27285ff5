import { and, desc, eq, gte, ilike, like, lt, not, or, type SQL, sql } from 'drizzle-orm';
import { addDays, parseShanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { auditLog, memberships, regions, users } from '#db/schema/index.ts';
import { likeContaining, likeStartingWith } from '#db/sql.ts';
import { type AuditSubject, auditSubjectKey, describeAuditSubjects } from './audit-subjects.server.ts';
import { withinScopeSql } from './regions.server.ts';
import type { AuditFilter } from './schemas.ts';
import type { RegionScope } from './scope.ts';

export const AUDIT_PAGE_SIZE = 50;

/**
 * Whether the entry's actor holds (or asks for) a speaker profile. A speaker's e-mail is theirs to give (DESIGN.md
 * rule 6, ADR 009): the log names them, but neither shows their address nor finds them by it.
 */
const actorIsSpeaker = sql<boolean>`exists (select 1 from ${memberships} m
  where m.user_id = ${users.id} and m.role = 'speaker' and m.status in ('active', 'pending'))`;

export interface AuditEntryView {
  id: number;
  at: Date;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  regionName: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  /** What the entry is about, by name, when it has one. */
  subject: AuditSubject | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** The `before` cursor of the next (older) page, when there is one. */
  nextBefore: number | null;
}

/**
 * Entries an auditor may read: those whose region lies in the scope. Entries without a region (sign-ins, accounts)
 * only the 自治区 auditor and admins see.
 */
function auditConditions(scope: RegionScope, filter: AuditFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    scope.kind === 'all' ? undefined : withinScopeSql(auditLog.regionCode, scope),
  ];
  if (filter.who) {
    const pattern = likeContaining(filter.who);
    conditions.push(or(ilike(users.name, pattern), and(ilike(users.email, pattern), not(actorIsSpeaker))));
  }
  if (filter.action) conditions.push(like(auditLog.action, likeStartingWith(filter.action)));
  if (filter.entity) conditions.push(eq(auditLog.entityType, filter.entity));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from) conditions.push(gte(auditLog.at, parseShanghaiDay(filter.from)));
  if (filter.to) conditions.push(lt(auditLog.at, parseShanghaiDay(addDays(filter.to, 1))));
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  return and(...conditions);
}

/** One page of the audit log, newest first, filtered by who, action (prefix), entity and Shanghai dates. */
export async function listAuditEntries(
  db: Database,
  scope: RegionScope,
  filter: AuditFilter,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorName: users.name,
      actorEmail: sql<string | null>`case when ${actorIsSpeaker} then null else ${users.email} end`,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      regionCode: auditLog.regionCode,
      regionName: regions.name,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(regions, eq(regions.code, auditLog.regionCode))
    .where(auditConditions(scope, filter))
    .orderBy(desc(auditLog.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize);
  const subjects = await describeAuditSubjects(db, page);
  const entries = page.map((entry) => ({
    ...entry,
    subject: entry.entityId
      ? (subjects.get(auditSubjectKey(entry.entityType, entry.entityId)) ?? null)
      : null,
  }));
  return {
    entries,
    nextBefore: rows.length > pageSize ? (entries[entries.length - 1]?.id ?? null) : null,
  };
}

/** The actions and entity types present in the scope, for the filter's suggestions. */
export async function auditVocabulary(
  db: Database,
  scope: RegionScope,
): Promise<{ actions: string[]; entities: string[] }> {
  const where = scope.kind === 'all' ? undefined : withinScopeSql(auditLog.regionCode, scope);
  const [actions, entities] = await Promise.all([
    db
      .selectDistinct({ value: auditLog.action })
      .from(auditLog)
      .where(where)
      .orderBy(auditLog.action)
      .limit(200),
    db
      .selectDistinct({ value: auditLog.entityType })
      .from(auditLog)
      .where(where)
      .orderBy(auditLog.entityType)
      .limit(100),
  ]);
  return { actions: actions.map((a) => a.value), entities: entities.map((e) => e.value) };
}
