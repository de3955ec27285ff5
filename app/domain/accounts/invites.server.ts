import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, ilike, inArray, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { invites, memberships, schools, users } from '#db/schema/index.ts';
import { likeContaining } from '#db/sql.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { renewFeedOfMembership } from '../calendar/feeds.server.ts';
import type { RoleMembership } from './accounts.server.ts';
import { hashSecret } from './passwords.server.ts';

/** An invitation link works for 7 days and once. */
export const INVITE_DAYS = 7;

/** The fields a school admin (or admin) sets on an invitation; nothing else is read from the form. */
export const InviteSchema = z.object({
  schoolId: z.uuid(),
  role: z.enum(['teacher', 'school_admin']).default('teacher'),
});

export interface InviteActor {
  userId: string;
  roles: readonly RoleMembership[];
  requestId?: string | null;
  ip?: string | null;
  /** The site's address, for links in the e-mails a change sends. */
  publicUrl?: string;
}

const isAdmin = (actor: { roles: readonly RoleMembership[] }) => actor.roles.some((r) => r.role === 'admin');

/** The schools whose teachers this person manages (an admin manages every school, but picks one by search). */
export function managedSchoolIds(actor: { roles: readonly RoleMembership[] }): string[] {
  return actor.roles.filter((r) => r.role === 'school_admin' && r.schoolId).map((r) => r.schoolId as string);
}

/** May this person invite to this school with this role? School admins invite teachers of their own school only. */
export function mayInvite(
  actor: { roles: readonly RoleMembership[] },
  schoolId: string,
  role: string,
): boolean {
  if (isAdmin(actor)) return true;
  return role === 'teacher' && managedSchoolIds(actor).includes(schoolId);
}

export type CreateInviteResult =
  | { ok: true; id: string; token: string; expiresAt: Date }
  | { ok: false; error: 'forbidden' | 'unknown_school' };

export async function createInvite(
  db: Database,
  actor: InviteActor,
  input: z.input<typeof InviteSchema>,
  now: Date,
): Promise<CreateInviteResult> {
  const data = InviteSchema.parse(input);
  if (!mayInvite(actor, data.schoolId, data.role)) return { ok: false, error: 'forbidden' };
  const [school] = await db
    .select({ id: schools.id, regionCode: schools.regionCode })
    .from(schools)
    .where(eq(schools.id, data.schoolId));
  if (!school) return { ok: false, error: 'unknown_school' };
  // Hex, so that the request log masks it in the path (utils/log-path.ts).
  const secret = randomBytes(32).toString('hex');
  const hash = hashSecret(secret);
  const expiresAt = new Date(now.getTime() + INVITE_DAYS * 24 * 3600_000);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invites)
      .values({
        tokenHash: hash,
        tokenTail: linkTail(secret),
        role: data.role,
        schoolId: data.schoolId,
        createdBy: actor.userId,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: invites.id });
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'invite.create',
      entityType: 'invite',
      entityId: row.id,
      regionCode: school.regionCode,
      after: { role: data.role, schoolId: data.schoolId, expiresAt },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true, id: row.id, token: secret, expiresAt } as const;
  });
}

/** The end of a link shown to tell it apart from the others (its 64 characters are the secret; six are not). */
export function linkTail(secret: string): string {
  return secret.slice(-6);
}

export interface InviteRow {
  id: string;
  /** The link's last characters; null for a link made before they were kept. */
  tokenTail: string | null;
  role: string;
  schoolId: string | null;
  schoolName: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedByName: string | null;
  revokedAt: Date | null;
}

/** Invitations to the schools this person manages, newest first. */
export async function listInvites(db: Database, schoolIds: string[]): Promise<InviteRow[]> {
  if (!schoolIds.length) return [];
  return db
    .select({
      id: invites.id,
      tokenTail: invites.tokenTail,
      role: invites.role,
      schoolId: invites.schoolId,
      schoolName: schools.name,
      createdAt: invites.createdAt,
      expiresAt: invites.expiresAt,
      usedAt: invites.usedAt,
      usedByName: users.name,
      revokedAt: invites.revokedAt,
    })
    .from(invites)
    .innerJoin(schools, eq(schools.id, invites.schoolId))
    .leftJoin(users, eq(users.id, invites.usedBy))
    .where(inArray(invites.schoolId, schoolIds))
    .orderBy(desc(invites.createdAt), desc(invites.id))
    .limit(100);
}

/** The people holding a role at these schools (names and roles; no contact details, only whether an e-mail address
 * exists: a teacher without one gets a reset link from the school admin, one with it asks on /forgot). */
export async function listSchoolStaff(db: Database, schoolIds: string[]) {
  if (!schoolIds.length) return [];
  return db
    .select({
      membershipId: memberships.id,
      name: users.name,
      role: memberships.role,
      schoolName: schools.name,
      hasEmail: sql<boolean>`${users.email} is not null`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(schools, eq(schools.id, memberships.schoolId))
    .where(and(inArray(memberships.schoolId, schoolIds), eq(memberships.status, 'active')))
    .orderBy(asc(schools.name), asc(memberships.role), asc(users.name), asc(memberships.id));
}

/**
 * The schools this person has made invitation links for, most recent first: an admin belongs to no school, so the
 * invitations page lists the links and staff of these (a link made must stay visible, and revocable).
 */
export async function schoolsInvitedBy(db: Database, userId: string, limit = 10): Promise<string[]> {
  const rows = await db
    .select({ schoolId: invites.schoolId, latest: sql<Date>`max(${invites.createdAt})` })
    .from(invites)
    .where(eq(invites.createdBy, userId))
    .groupBy(invites.schoolId)
    .orderBy(desc(sql`max(${invites.createdAt})`))
    .limit(limit);
  return rows.flatMap((r) => (r.schoolId ? [r.schoolId] : []));
}

export async function schoolsByIds(db: Database, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: schools.id, name: schools.name }).from(schools).where(inArray(schools.id, ids));
}

/** Schools by name, for an admin choosing where to invite. */
export async function findSchools(db: Database, query: string, limit = 30) {
  return db
    .select({ id: schools.id, name: schools.name })
    .from(schools)
    .where(query ? ilike(schools.name, likeContaining(query)) : undefined)
    .orderBy(asc(schools.name), asc(schools.id))
    .limit(limit);
}

export type InviteState =
  | {
      status: 'open';
      id: string;
      role: 'teacher' | 'school_admin';
      schoolId: string;
      schoolName: string;
      /** Who made the link: it is not theirs to use. */
      createdBy: string;
    }
  | { status: 'expired' | 'used' | 'revoked' | 'unknown' };

/**
 * Why this person may not use an open invitation although it is open: they made it (a school admin opening the link
 * to check it), or they already hold its role at its school. Either way the link stays open for whom it was meant.
 */
export async function inviteRefusal(
  db: Database,
  invite: { role: string; schoolId: string; createdBy: string },
  userId: string,
): Promise<'own' | 'member' | null> {
  if (invite.createdBy === userId) return 'own';
  const [held] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.role, invite.role as 'teacher'),
        eq(memberships.schoolId, invite.schoolId),
        eq(memberships.status, 'active'),
      ),
    );
  return held ? 'member' : null;
}

/**
 * The schools other than `schoolId` where a person already holds a school role: joining one more keeps them (a
 * teacher who joins a second school stays a teacher of the first).
 */
export async function schoolRolesElsewhere(
  db: Database,
  userId: string,
  schoolId: string,
): Promise<{ schoolName: string; role: 'teacher' | 'school_admin' }[]> {
  const rows = await db
    .select({ schoolName: schools.name, role: memberships.role })
    .from(memberships)
    .innerJoin(schools, eq(schools.id, memberships.schoolId))
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.status, 'active'),
        inArray(memberships.role, ['teacher', 'school_admin']),
        ne(memberships.schoolId, schoolId),
      ),
    )
    .orderBy(asc(schools.name), asc(memberships.id));
  return rows as { schoolName: string; role: 'teacher' | 'school_admin' }[];
}

/** What an invitation link leads to, without using it. */
export async function readInvite(db: Database, token: string, now: Date): Promise<InviteState> {
  const [row] = await db
    .select({
      id: invites.id,
      role: invites.role,
      schoolId: invites.schoolId,
      schoolName: schools.name,
      usedAt: invites.usedAt,
      revokedAt: invites.revokedAt,
      expiresAt: invites.expiresAt,
      createdBy: invites.createdBy,
    })
    .from(invites)
    .innerJoin(schools, eq(schools.id, invites.schoolId))
    .where(eq(invites.tokenHash, hashSecret(token)));
  if (!row?.schoolId) return { status: 'unknown' };
  if (row.revokedAt) return { status: 'revoked' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt <= now) return { status: 'expired' };
  return {
    status: 'open',
    id: row.id,
    role: row.role as 'teacher' | 'school_admin',
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    createdBy: row.createdBy,
  };
}

/** Thrown inside the transaction to undo the claim of a link when the membership turns out to exist already. */
class AlreadyMember extends Error {}

/**
 * Uses the invitation for this person: one atomic UPDATE claims it (so two people racing for one link cannot both
 * join), then the membership is created, in one transaction. Someone who made the link, or already holds its role at
 * its school, is refused and the link stays open (were it used, the person it was meant for could not join).
 */
export async function acceptInvite(
  db: Database,
  token: string,
  actor: { userId: string; requestId?: string | null; ip?: string | null },
  now: Date,
): Promise<
  | { ok: true; schoolId: string; role: 'teacher' | 'school_admin' }
  | { ok: false; error: 'expired' | 'used' | 'revoked' | 'unknown' | 'own' | 'member' }
> {
  const state = await readInvite(db, token, now);
  if (state.status !== 'open') return { ok: false, error: state.status };
  const refusal = await inviteRefusal(db, state, actor.userId);
  if (refusal) return { ok: false, error: refusal };
  try {
    return await claimInvite(db, token, actor, now);
  } catch (error) {
    // The same role at the same school arrived meanwhile (another link, at the same moment): nothing is used.
    if (error instanceof AlreadyMember) return { ok: false, error: 'member' };
    throw error;
  }
}

async function claimInvite(
  db: Database,
  token: string,
  actor: { userId: string; requestId?: string | null; ip?: string | null },
  now: Date,
) {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(invites)
      .set({ usedAt: now, usedBy: actor.userId })
      .where(
        and(
          eq(invites.tokenHash, hashSecret(token)),
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, now),
        ),
      )
      .returning();
    if (!claimed?.schoolId) {
      const state = await readInvite(tx, token, now);
      return { ok: false, error: state.status === 'open' ? 'used' : state.status } as const;
    }
    const [membership] = await tx
      .insert(memberships)
      .values({
        userId: actor.userId,
        role: claimed.role,
        schoolId: claimed.schoolId,
        decidedBy: claimed.createdBy,
        decidedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (!membership) throw new AlreadyMember();
    const [school] = await tx
      .select({ regionCode: schools.regionCode })
      .from(schools)
      .where(eq(schools.id, claimed.schoolId));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'membership.create',
      entityType: 'membership',
      entityId: membership?.id ?? null,
      regionCode: school?.regionCode ?? null,
      after: { role: claimed.role, schoolId: claimed.schoolId, via: 'invite', inviteId: claimed.id },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return {
      ok: true,
      schoolId: claimed.schoolId,
      role: claimed.role as 'teacher' | 'school_admin',
    } as const;
  });
}

/** The ticked box on "revoke": the school admin means to withdraw this link (it cannot be given back). */
export const RevokeInviteConfirmSchema = z.object({
  confirm: z.literal('yes', 'invites.revokeConfirmMissing'),
});

export type RevokeInviteResult = { ok: true } | { ok: false; error: 'not_found' | 'closed' };

/**
 * Withdraws an invitation link no one has used yet (sent to the wrong person): from then on it joins nobody. Only those
 * who may invite to its school with its role may (`mayInvite`); another school's invitation is not found. One atomic
 * UPDATE decides against a person using the link at the same moment: the link is either used or revoked, never both.
 */
export async function revokeInvite(
  db: Database,
  actor: InviteActor,
  inviteId: string,
  now: Date,
): Promise<RevokeInviteResult> {
  if (!isUuid(inviteId)) return { ok: false, error: 'not_found' };
  const [found] = await db
    .select({ invite: invites, regionCode: schools.regionCode })
    .from(invites)
    .innerJoin(schools, eq(schools.id, invites.schoolId))
    .where(eq(invites.id, inviteId));
  if (!found?.invite.schoolId || !mayInvite(actor, found.invite.schoolId, found.invite.role)) {
    return { ok: false, error: 'not_found' };
  }
  const { invite } = found;
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invites)
      .set({ revokedAt: now, revokedBy: actor.userId })
      .where(
        and(
          eq(invites.id, inviteId),
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, now),
        ),
      )
      .returning({ id: invites.id });
    if (!revoked) return { ok: false, error: 'closed' } as const;
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'invite.revoke',
      entityType: 'invite',
      entityId: inviteId,
      regionCode: found.regionCode,
      before: { role: invite.role, schoolId: invite.schoolId, expiresAt: invite.expiresAt },
      after: { revokedAt: now },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true } as const;
  });
}

/** The ticked box on "remove from school": the school admin knows the school's calendar address changes for all. */
export const RemoveMemberConfirmSchema = z.object({
  confirm: z.literal('yes', 'invites.removeConfirmMissing'),
});

/**
 * Ends a teacher's membership of one of the actor's schools; another school's membership changes nothing. The school's
 * calendar feed gets a new address in the same transaction, so an address the teacher copied stops working at once.
 */
export async function removeSchoolMember(
  db: Database,
  actor: InviteActor,
  membershipId: string,
  now: Date,
): Promise<boolean> {
  const [row] = await db
    .select({ m: memberships, regionCode: schools.regionCode })
    .from(memberships)
    .innerJoin(schools, eq(schools.id, memberships.schoolId))
    .where(eq(memberships.id, membershipId));
  if (!row?.m.schoolId || !mayInvite(actor, row.m.schoolId, row.m.role)) return false;
  if (row.m.userId === actor.userId) return false;
  const schoolId = row.m.schoolId;
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(memberships)
      .where(eq(memberships.id, membershipId))
      .returning({ id: memberships.id });
    if (deleted.length === 0) return;
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'membership.delete',
      entityType: 'membership',
      entityId: membershipId,
      regionCode: row.regionCode,
      before: { userId: row.m.userId, role: row.m.role, schoolId },
      after: { at: now },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    // The removed person may have copied the school's calendar address: it stops working with their membership.
    await renewFeedOfMembership(tx, row.m, 'membership_ended', actor.userId, actor);
  });
  return true;
}
