import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { halfWidth } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { roles as allRoles, type Role } from '#db/schema/enums.ts';
import { auditLog, memberships, regions, schools, speakers, users, venues } from '#db/schema/index.ts';
import { likeContaining, PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import { recordAudit, regionOfSchool, regionOfSpeaker, regionOfVenue } from '../audit/audit.server.ts';
import { renewFeedOfMembership, renewFeedsOfMemberships } from '../calendar/feeds.server.ts';
import { type RoleMembership, revokeSessions } from './accounts.server.ts';
import { voidResetLinks } from './resets.server.ts';
import { revokeAllTokens } from './tokens.server.ts';

export interface AdminActor {
  userId: string;
  roles: readonly RoleMembership[];
  requestId?: string | null;
  ip?: string | null;
  /** The site's address, for links in the e-mails a change sends. */
  publicUrl?: string;
}

function assertAdmin(actor: AdminActor) {
  if (!actor.roles.some((r) => r.role === 'admin')) throw new Error('only admins manage users');
}

export const USERS_PAGE_SIZE = 50;

/** People by name, e-mail or mobile number, a page at a time, with their active roles and how many match in all. */
export async function searchUsers(
  db: Database,
  query: string,
  { page = 1, pageSize = USERS_PAGE_SIZE }: { page?: number; pageSize?: number } = {},
) {
  const q = query.replaceAll('\u0000', '').trim();
  const like = likeContaining(q);
  const where = q
    ? or(ilike(users.name, like), ilike(users.email, like), ilike(users.mobile, like))
    : undefined;
  const [people, [counted]] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        mobile: users.mobile,
        disabledAt: users.disabledAt,
      })
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(users).where(where),
  ]);
  const held = people.length
    ? await db
        .select({ userId: memberships.userId, role: memberships.role })
        .from(memberships)
        .where(
          and(
            inArray(
              memberships.userId,
              people.map((p) => p.id),
            ),
            eq(memberships.status, 'active'),
          ),
        )
    : [];
  return {
    people: people.map(({ disabledAt, ...p }) => ({
      ...p,
      disabled: disabledAt !== null,
      roles: [...new Set(held.filter((m) => m.userId === p.id).map((m) => m.role))],
    })),
    total: counted?.total ?? 0,
    page,
    pageSize,
  };
}

/** How many people hold each role (active), how many accounts are disabled, how many role requests wait. */
export async function accountFigures(db: Database) {
  const byRole = await db
    .select({ role: memberships.role, people: sql<number>`count(distinct ${memberships.userId})::int` })
    .from(memberships)
    .where(eq(memberships.status, 'active'))
    .groupBy(memberships.role);
  const [totals] = await db
    .select({
      people: sql<number>`count(*)::int`,
      disabled: sql<number>`count(*) filter (where ${users.disabledAt} is not null)::int`,
    })
    .from(users);
  const [pending] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.status, 'pending'));
  return {
    byRole: allRoles.map((role) => ({ role, people: byRole.find((r) => r.role === role)?.people ?? 0 })),
    people: totals?.people ?? 0,
    disabled: totals?.disabled ?? 0,
    pendingRequests: pending?.n ?? 0,
  };
}

/** An admin does not remove their own admin role: someone must be left to give it back. */
export function isOwnAdminRole(actorUserId: string, held: { userId: string; role: string }): boolean {
  return held.userId === actorUserId && held.role === 'admin';
}

/** A person's account and roles as the admin `viewerId` sees them: `removable` is false where the removal is refused. */
export async function userDetail(db: Database, userId: string, viewerId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const held = await db
    .select({
      id: memberships.id,
      role: memberships.role,
      status: memberships.status,
      schoolName: schools.name,
      venueName: venues.name,
      regionCode: memberships.regionCode,
      regionName: regions.name,
      speakerName: speakers.displayName,
      hasFeed: sql<boolean>`num_nonnulls(${memberships.schoolId}, ${memberships.venueId}, ${memberships.speakerId}) > 0`,
    })
    .from(memberships)
    .leftJoin(schools, eq(schools.id, memberships.schoolId))
    .leftJoin(venues, eq(venues.id, memberships.venueId))
    .leftJoin(regions, eq(regions.code, memberships.regionCode))
    .leftJoin(speakers, eq(speakers.id, memberships.speakerId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.role), asc(memberships.id));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    mobile: user.mobile,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
    memberships: held.map((m) => ({
      id: m.id,
      role: m.role,
      status: m.status,
      target: m.schoolName ?? m.venueName ?? m.regionName ?? m.speakerName ?? null,
      /** The region a regional role is for, for the page to name it in the interface language. */
      targetRegion:
        !m.schoolName && !m.venueName && m.regionCode && m.regionName
          ? { code: m.regionCode, name: m.regionName }
          : null,
      // Ending it (or disabling the account) gives that school's, venue's or speaker's calendar a new address.
      renewsFeed: m.status === 'active' && m.hasFeed,
      removable: !isOwnAdminRole(viewerId, { userId, role: m.role }),
    })),
  };
}

/** The ticked box on a removal or a disabling: the admin has read what it ends (calendar addresses included). */
export const AdminConfirmSchema = z.object({
  confirm: z.literal('yes', 'admin.confirmMissing'),
});

/**
 * Disables (or enables) an account. Disabling ends every session and revokes every API token of the person at once,
 * in the same transaction; an admin cannot disable themself (someone must be left to undo it).
 */
export async function setDisabled(
  db: Database,
  actor: AdminActor,
  userId: string,
  disabled: boolean,
  now: Date,
): Promise<'ok' | 'self' | 'unknown'> {
  assertAdmin(actor);
  if (userId === actor.userId) return 'self';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ disabledAt: disabled ? now : null, updatedAt: now })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (!row) return 'unknown' as const;
    if (disabled) {
      await revokeSessions(tx, userId, now);
      await revokeAllTokens(tx, userId, now);
      // An open reset link must not come back to life when the account is enabled again.
      await voidResetLinks(tx, userId, now);
      // Their roles stay (enabling gives them back), but a feed address they copied must stop working now, as when a
      // role is removed.
      const active = await tx
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')));
      await renewFeedsOfMemberships(tx, active, 'account_disabled', actor.userId, actor);
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: userId,
      after: { disabled },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return 'ok' as const;
  });
}

/**
 * The roles that reach past one school, venue or speaker (every account; a region's records): granting one is
 * confirmed with a ticked box, as removing a role is.
 */
export const CONFIRMED_ROLES = ['admin', 'auditor'] as const satisfies readonly Role[];

export function grantNeedsConfirming(role: Role): boolean {
  return (CONFIRMED_ROLES as readonly Role[]).includes(role);
}

/**
 * The fields an admin sets on a new membership: a role, the one thing it is attached to, and for the roles that need
 * it the ticked box (`confirm=yes`; anything else is not a tick).
 */
export const AddMembershipSchema = z
  .object({
    role: z.enum(allRoles),
    // A code or id typed with a Chinese input method (１５０１０２) reads as one; a name keeps its full-width （）.
    target: z
      .preprocess(
        (value) =>
          typeof value === 'string' && /^[0-9a-f-]+$/i.test(halfWidth(value).trim())
            ? halfWidth(value)
            : value,
        z.string().trim().max(100),
      )
      .optional()
      .default(''),
    // true: already read (addMembership reads its input again).
    confirm: z.preprocess((value) => value === 'yes' || value === true, z.boolean()).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role !== 'admin' && !v.target)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'validation.required' });
    // An admin's role belongs to nothing: a name typed there is a slip (another role meant), said, not dropped.
    if (v.role === 'admin' && v.target)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'admin.adminHasNoTarget' });
  });

/** How many matches a name may have before the admin is asked to choose among them. */
export const TARGET_CHOICES = 5;

/** A school, venue or speaker that a role may be attached to, as the admin sees it to choose. */
export interface TargetChoice {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
  /** The school code or the venue's address name (slug), when there is one. */
  code: string | null;
}

type TargetKind = 'school' | 'venue' | 'speaker';

const targetTables = {
  school: { table: schools, name: schools.name, code: schools.code },
  venue: { table: venues, name: venues.name, code: venues.slug },
  speaker: { table: speakers, name: speakers.displayName, code: null },
} as const;

/**
 * The school, venue or speaker the admin means: by id, by code (school code, venue slug) or by name. A name matches
 * when it contains the words typed; one exact match wins over partial ones. Several matches are listed to choose from
 * (one more than shown is fetched, to say that there are more).
 */
export async function findTargets(
  db: Database,
  kind: TargetKind,
  typed: string,
): Promise<
  | { ok: true; target: TargetChoice }
  | { ok: false; error: 'unknown_target' }
  | { ok: false; error: 'ambiguous'; choices: TargetChoice[]; more: boolean }
> {
  const text = typed.replaceAll('\u0000', '').trim();
  if (!text) return { ok: false, error: 'unknown_target' };
  const { table, name, code } = targetTables[kind];
  const uuid = z.uuid().safeParse(text);
  const exact = code ? or(eq(name, text), eq(code, text)) : eq(name, text);
  const rows = await db
    .select({
      id: table.id,
      name,
      code: code ?? sql<null>`null`,
      regionCode: table.regionCode,
      regionName: regions.name,
      exact: sql<boolean>`${exact}`,
    })
    .from(table)
    .innerJoin(regions, eq(regions.code, table.regionCode))
    .where(uuid.success ? eq(table.id, uuid.data) : or(ilike(name, likeContaining(text)), exact))
    .orderBy(sql`${exact} desc`, asc(name), asc(table.id))
    .limit(TARGET_CHOICES + 1);
  const exactOnes = rows.filter((row) => row.exact || uuid.success);
  const [only] = exactOnes.length === 1 ? exactOnes : rows.length === 1 ? rows : [];
  if (only) return { ok: true, target: choiceOf(only) };
  if (rows.length === 0) return { ok: false, error: 'unknown_target' };
  return {
    ok: false,
    error: 'ambiguous',
    choices: rows.slice(0, TARGET_CHOICES).map(choiceOf),
    more: rows.length > TARGET_CHOICES,
  };
}

function choiceOf(row: TargetChoice & { regionCode: string }): TargetChoice & { regionCode: string } {
  return {
    id: row.id,
    name: row.name,
    regionName: row.regionName,
    code: row.code,
    regionCode: row.regionCode,
  };
}

/** What a role is held over, for a page to name: a school's, venue's or speaker's name, or a region (named there). */
export interface HeldTarget {
  target: string | null;
  targetRegion: { code: string; name: string } | null;
}

export type AddMembershipResult =
  | { ok: true; membershipId: string }
  | { ok: false; error: 'unknown_target' | 'duplicate' | 'unknown_user' | 'speaker_taken' }
  /** An auditor's region named by a name several regions share: their codes, to type one. */
  | {
      ok: false;
      error: 'ambiguous_region';
      regions: { code: string; name: string; parentName: string | null }[];
    }
  | { ok: false; error: 'ambiguous'; choices: TargetChoice[]; more: boolean }
  /** An admin or auditor role asked for without the ticked box: nothing written; what it would be, to confirm. */
  | { ok: false; error: 'unconfirmed'; role: Role; held: HeldTarget };

/** The account that holds or asks for this speaker profile (an active or pending speaker membership), if any. */
async function speakerOwner(db: Database, speakerId: string): Promise<string | null> {
  const [owner] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.speakerId, speakerId),
        eq(memberships.role, 'speaker'),
        inArray(memberships.status, ['active', 'pending']),
      ),
    );
  return owner?.userId ?? null;
}

/**
 * Gives a person a role; its school, venue or speaker is named by id, code or name (see findTargets). A speaker
 * profile is one person: one that another account holds or asks for is refused (the database's unique index decides
 * between two admins adding at the same moment). An admin or auditor role is given only with the box ticked, once
 * its region is known to exist (so the box is never ticked for a role that cannot be given).
 */
export async function addMembership(
  db: Database,
  actor: AdminActor,
  userId: string,
  input: z.input<typeof AddMembershipSchema>,
  now: Date,
): Promise<AddMembershipResult> {
  assertAdmin(actor);
  const data = AddMembershipSchema.parse(input);
  const target: { schoolId?: string; venueId?: string; regionCode?: string; speakerId?: string } = {};
  let regionCode: string | null = null;
  let region: HeldTarget['targetRegion'] = null;
  const kind: TargetKind | null =
    data.role === 'teacher' || data.role === 'school_admin'
      ? 'school'
      : data.role === 'venue_operator'
        ? 'venue'
        : data.role === 'speaker'
          ? 'speaker'
          : null;
  if (kind) {
    const found = await findTargets(db, kind, data.target);
    if (!found.ok) return found;
    target[`${kind}Id`] = found.target.id;
    regionCode = found.target.regionCode;
  } else if (data.role === 'auditor') {
    // By its code (150200) or its whole name (包头市); a name several share asks for the code.
    const typed = data.target.trim();
    const parents = alias(regions, 'parent');
    const found = await db
      .select({ code: regions.code, name: regions.name, parentName: parents.name })
      .from(regions)
      .leftJoin(parents, eq(parents.code, regions.parentCode))
      .where(or(eq(regions.code, typed), eq(regions.name, typed)))
      .orderBy(asc(regions.code));
    if (found.length > 1 && !found.some((f) => f.code === typed)) {
      return { ok: false, error: 'ambiguous_region', regions: found };
    }
    const r = found.find((f) => f.code === typed) ?? found[0];
    if (!r) return { ok: false, error: 'unknown_target' };
    target.regionCode = r.code;
    regionCode = r.code;
    region = { code: r.code, name: r.name };
  }
  const [person] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!person) return { ok: false, error: 'unknown_user' };
  if (grantNeedsConfirming(data.role) && !data.confirm) {
    // A role already held is said at once, not after the box is ticked.
    const [held] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(
          eq(memberships.userId, userId),
          eq(memberships.role, data.role),
          target.regionCode ? eq(memberships.regionCode, target.regionCode) : isNull(memberships.regionCode),
        ),
      );
    if (held) return { ok: false, error: 'duplicate' };
    return {
      ok: false,
      error: 'unconfirmed',
      role: data.role,
      held: { target: region?.name ?? null, targetRegion: region },
    };
  }
  const speakerTaken = async (speakerId: string) => {
    const owner = await speakerOwner(db, speakerId);
    return owner !== null && owner !== userId;
  };
  if (target.speakerId && (await speakerTaken(target.speakerId)))
    return { ok: false, error: 'speaker_taken' };
  try {
    const membershipId = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(memberships)
        .values({ userId, role: data.role, ...target, decidedBy: actor.userId, decidedAt: now })
        .returning({ id: memberships.id });
      if (!row) throw new Error('membership not inserted');
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'membership.create',
        entityType: 'membership',
        entityId: row.id,
        regionCode,
        after: { userId, role: data.role, ...target, via: 'admin' },
        requestId: actor.requestId,
        ip: actor.ip,
      });
      return row.id;
    });
    return { ok: true, membershipId };
  } catch (error) {
    if (pgErrorCode(error) !== PG.uniqueViolation) throw error;
    if (
      pgConstraint(error) === 'memberships_speaker_owner' &&
      target.speakerId &&
      (await speakerTaken(target.speakerId))
    )
      return { ok: false, error: 'speaker_taken' };
    return { ok: false, error: 'duplicate' };
  }
}

export async function removeMembership(
  db: Database,
  actor: AdminActor,
  userId: string,
  membershipId: string,
): Promise<boolean> {
  assertAdmin(actor);
  return db.transaction(async (tx) => {
    const [own] = await tx.select().from(memberships).where(eq(memberships.id, membershipId));
    if (own && isOwnAdminRole(actor.userId, own)) return false;
    const [row] = await tx
      .delete(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.userId, userId)))
      .returning();
    if (!row) return false;
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'membership.delete',
      entityType: 'membership',
      entityId: row.id,
      // The region of what the role was for, as membership.create wrote it: its auditors see who left.
      regionCode:
        row.regionCode ??
        (row.schoolId
          ? regionOfSchool(row.schoolId)
          : row.venueId
            ? regionOfVenue(row.venueId)
            : row.speakerId
              ? regionOfSpeaker(row.speakerId)
              : null),
      before: {
        userId,
        role: row.role,
        schoolId: row.schoolId,
        venueId: row.venueId,
        regionCode: row.regionCode,
        speakerId: row.speakerId,
      },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    // A feed address the person copied while they belonged must not outlive the role: the school's, the venue's or
    // the speaker's calendar gets a new address in the same transaction (a pending or rejected role never saw it).
    if (row.status === 'active')
      await renewFeedOfMembership(tx, row, 'membership_ended', actor.userId, actor);
    return true;
  });
}

/** The ids a membership is held over (one of them at most, by the table's check). */
interface HeldIds {
  schoolId?: string | null;
  venueId?: string | null;
  regionCode?: string | null;
  speakerId?: string | null;
}

/** What a role is or was held over, by name (a school, venue or speaker that is gone has none). */
async function heldTargetOf(db: Database, ids: HeldIds): Promise<HeldTarget> {
  const named = async (rows: Promise<{ name: string }[]>) => ({
    target: (await rows)[0]?.name ?? null,
    targetRegion: null,
  });
  if (ids.schoolId)
    return named(db.select({ name: schools.name }).from(schools).where(eq(schools.id, ids.schoolId)));
  if (ids.venueId)
    return named(db.select({ name: venues.name }).from(venues).where(eq(venues.id, ids.venueId)));
  if (ids.speakerId)
    return named(
      db.select({ name: speakers.displayName }).from(speakers).where(eq(speakers.id, ids.speakerId)),
    );
  if (ids.regionCode) {
    const [region] = await db.select().from(regions).where(eq(regions.code, ids.regionCode));
    return region
      ? { target: region.name, targetRegion: { code: region.code, name: region.name } }
      : { target: null, targetRegion: null };
  }
  return { target: null, targetRegion: null };
}

/** A removed membership as the audit log keeps it (see removeMembership). */
const RemovedMembershipSchema = z.object({
  userId: z.string(),
  role: z.enum(allRoles),
  schoolId: z.string().nullish(),
  venueId: z.string().nullish(),
  regionCode: z.string().nullish(),
  speakerId: z.string().nullish(),
});

/**
 * The role a person held under `membershipId` before an admin removed it, with what it was over, for the page to say
 * what was removed; null when no removal of that person's membership is recorded. Read from the audit log, the one
 * place the removed row still exists, so a link cannot make the page claim a removal that did not happen.
 */
export async function removedMembership(
  db: Database,
  userId: string,
  membershipId: string,
): Promise<({ role: Role } & HeldTarget) | null> {
  if (!z.uuid().safeParse(membershipId).success) return null;
  const [entry] = await db
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, 'membership'),
        eq(auditLog.entityId, membershipId),
        eq(auditLog.action, 'membership.delete'),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  const removed = RemovedMembershipSchema.safeParse(entry?.before);
  if (!removed.success || removed.data.userId !== userId) return null;
  return { role: removed.data.role, ...(await heldTargetOf(db, removed.data)) };
}
