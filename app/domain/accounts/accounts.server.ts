import { and, asc, eq, gt, inArray, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '#db/client.ts';
import type { Role } from '#db/schema/enums.ts';
import { authSessions, memberships, regions, schools, speakers, users, venues } from '#db/schema/index.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { createSecret, hashPassword, hashSecret, verifyPassword } from './passwords.server.ts';
import {
  accountKey,
  ipKey,
  minutesFrom,
  refund,
  reset,
  SIGN_IN_LIMITS,
  takeCountedTickets,
} from './rate-limit.server.ts';
import { normaliseIdentifier } from './schemas.ts';

export const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so that reading a page is not a write each time. */
const TOUCH_INTERVAL_MS = 60 * 1000;

let dummy: Promise<string> | undefined;
/** A hash of a random password, made once, to check wrong accounts against. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(createSecret().secret);
  return dummy;
}

export interface RoleMembership {
  role: Role;
  schoolId: string | null;
  venueId: string | null;
  regionCode: string | null;
  speakerId: string | null;
}

export interface SessionUser {
  id: string;
  name: string;
  email: string | null;
  mobile: string | null;
  locale: string;
  roles: RoleMembership[];
  sessionId: string;
}

/** E-mail addresses are kept lower-case; a mobile number is 11 digits starting with 1 (./schemas.ts). */
export { normaliseIdentifier };

/** A person's active roles, in the order they were granted (the console opens on the first venue, say). */
export async function activeRoles(db: Database, userId: string): Promise<RoleMembership[]> {
  return db
    .select({
      role: memberships.role,
      schoolId: memberships.schoolId,
      venueId: memberships.venueId,
      regionCode: memberships.regionCode,
      speakerId: memberships.speakerId,
    })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(sql`coalesce(${memberships.decidedAt}, ${memberships.createdAt})`, asc(memberships.id));
}

/** The same roles as a JSON column of another query (the session or token lookup reads them in one round trip). */
export function activeRolesJson(userId: SQL | AnyPgColumn) {
  return sql<RoleMembership[]>`coalesce((select json_agg(json_build_object('role', m.role,
    'schoolId', m.school_id, 'venueId', m.venue_id, 'regionCode', m.region_code, 'speakerId', m.speaker_id)
    order by coalesce(m.decided_at, m.created_at), m.id)
    from ${memberships} m where m.user_id = ${userId} and m.status = 'active'), '[]'::json)`;
}

export type SignInResult =
  | { ok: true; userId: string; roles: RoleMembership[]; sessionSecret: string; expiresAt: Date }
  | { ok: false; error: 'disabled' }
  /** Wrong: how many more wrong attempts the account's limit allows, and when its window ends (to warn before it). */
  | { ok: false; error: 'invalid_credentials'; attemptsLeft: number; windowEndsInMs: number }
  | { ok: false; error: 'rate_limited'; retryAfterMs: number };

export interface RequestMeta {
  now: Date;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/**
 * Checks the password and opens a new session (a fresh id: the session id is rotated at every sign-in, and the
 * session the browser came with, if any, is ended). Failed attempts count against the account and the IP address
 * in PostgreSQL; past the limit the password is not even checked. Every outcome is written to the audit log.
 */
export async function signIn(
  db: Database,
  input: { identifier: string; password: string; previousSessionSecret?: string | null },
  meta: RequestMeta,
): Promise<SignInResult> {
  const key = normaliseIdentifier(input.identifier);
  const limits = [
    { key: accountKey(key.mobile ?? key.email ?? ''), limit: SIGN_IN_LIMITS.account },
    { key: ipKey(meta.ip), limit: SIGN_IN_LIMITS.ip },
  ];
  const [user] = await db
    .select()
    .from(users)
    .where(key.mobile ? eq(users.mobile, key.mobile) : eq(users.email, key.email ?? ''))
    .limit(1);
  // Every attempt takes its ticket first, atomically, so that concurrent attempts cannot all slip under the limit
  // before any failure is counted; past a limit the password is not even checked.
  const { wait, left, endsInMs } = await takeCountedTickets(db, limits, meta.now);
  if (wait > 0) {
    await recordAudit(db, {
      actorUserId: user?.id ?? null,
      action: 'auth.sign_in_blocked',
      entityType: 'user',
      entityId: user?.id ?? null,
      after: { retryAfterMinutes: minutesFrom(wait) },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return { ok: false, error: 'rate_limited', retryAfterMs: wait };
  }
  // An unknown account costs the same argon2 work as a known one, so timing does not tell which addresses exist.
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !valid || user.disabledAt) {
    const reason = user?.disabledAt && valid ? 'disabled' : 'invalid_credentials';
    await recordAudit(db, {
      actorUserId: user?.id ?? null,
      action: 'auth.sign_in_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      after: { reason },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return reason === 'disabled'
      ? { ok: false, error: reason }
      : { ok: false, error: reason, attemptsLeft: left[0] ?? 0, windowEndsInMs: endsInMs[0] ?? 0 };
  }
  const { sessionSecret, expiresAt } = await openSession(db, user.id, {
    ...meta,
    previousSessionSecret: input.previousSessionSecret,
  });
  // A success forgives the account's failures, and gives back its own ticket at the IP address (many teachers of a
  // school sign in from one address).
  await reset(db, limits[0]!.key);
  await refund(db, limits[1]!.key);
  return { ok: true, userId: user.id, roles: await activeRoles(db, user.id), sessionSecret, expiresAt };
}

/**
 * A new session for the person (after a password check, a sign-up or an accepted invitation): a fresh random id, and
 * the session the browser came with, if any, ended — the id is rotated whenever the person behind it changes.
 */
export async function openSession(
  db: Database,
  userId: string,
  meta: RequestMeta & { previousSessionSecret?: string | null },
): Promise<{ sessionSecret: string; expiresAt: Date }> {
  const { secret, hash } = createSecret();
  const expiresAt = new Date(meta.now.getTime() + ABSOLUTE_TIMEOUT_MS);
  await db.transaction(async (tx) => {
    if (meta.previousSessionSecret) {
      await tx
        .update(authSessions)
        .set({ revokedAt: meta.now })
        .where(eq(authSessions.tokenHash, hashSecret(meta.previousSessionSecret)));
    }
    await tx.insert(authSessions).values({
      tokenHash: hash,
      userId,
      createdAt: meta.now,
      lastSeenAt: meta.now,
      expiresAt,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip || null,
    });
    await recordAudit(tx, {
      actorUserId: userId,
      action: 'auth.sign_in',
      entityType: 'user',
      entityId: userId,
      requestId: meta.requestId,
      ip: meta.ip,
    });
  });
  return { sessionSecret: secret, expiresAt };
}

/** The user of a session secret, when the session is neither revoked, idle for 2 h, nor 30 days old. */
export async function resolveSession(db: Database, secret: string, now: Date): Promise<SessionUser | null> {
  const idleSince = new Date(now.getTime() - IDLE_TIMEOUT_MS);
  const [row] = await db
    .select({
      sessionId: authSessions.id,
      lastSeenAt: authSessions.lastSeenAt,
      id: users.id,
      name: users.name,
      email: users.email,
      mobile: users.mobile,
      locale: users.locale,
      roles: activeRolesJson(users.id),
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(
      and(
        eq(authSessions.tokenHash, hashSecret(secret)),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, now),
        gt(authSessions.lastSeenAt, idleSince),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, row.sessionId));
  }
  const { lastSeenAt: _seen, ...user } = row;
  return user;
}

export async function signOut(db: Database, secret: string, meta: RequestMeta): Promise<void> {
  const [session] = await db
    .update(authSessions)
    .set({ revokedAt: meta.now })
    .where(and(eq(authSessions.tokenHash, hashSecret(secret)), isNull(authSessions.revokedAt)))
    .returning({ userId: authSessions.userId });
  if (session) {
    await recordAudit(db, {
      actorUserId: session.userId,
      action: 'auth.sign_out',
      entityType: 'user',
      entityId: session.userId,
      requestId: meta.requestId,
      ip: meta.ip,
    });
  }
}

/** Ends the user's sessions, all of them or all but one (after a password change). */
export async function revokeSessions(db: Database, userId: string, now: Date, exceptSessionId?: string) {
  await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        exceptSessionId ? ne(authSessions.id, exceptSessionId) : undefined,
      ),
    );
}

export interface MembershipDescription extends RoleMembership {
  /** Name of the school, venue, region or speaker profile the role is about. */
  targetName: string | null;
}

/** The user's roles with the names of what each is attached to, for the account page. */
export async function describeMemberships(
  db: Database,
  roles: RoleMembership[],
): Promise<MembershipDescription[]> {
  const ids = (key: 'schoolId' | 'venueId' | 'speakerId') =>
    roles.map((r) => r[key]).filter((v): v is string => !!v);
  const codes = roles.map((r) => r.regionCode).filter((v): v is string => !!v);
  const [schoolRows, venueRows, speakerRows, regionRows] = await Promise.all([
    ids('schoolId').length
      ? db
          .select({ id: schools.id, name: schools.name })
          .from(schools)
          .where(inArray(schools.id, ids('schoolId')))
      : [],
    ids('venueId').length
      ? db
          .select({ id: venues.id, name: venues.name })
          .from(venues)
          .where(inArray(venues.id, ids('venueId')))
      : [],
    ids('speakerId').length
      ? db
          .select({ id: speakers.id, name: speakers.displayName })
          .from(speakers)
          .where(inArray(speakers.id, ids('speakerId')))
      : [],
    codes.length
      ? db.select({ id: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes))
      : [],
  ]);
  const names = new Map(
    [...schoolRows, ...venueRows, ...speakerRows, ...regionRows].map((r) => [r.id, r.name]),
  );
  return roles.map((r) => ({
    ...r,
    targetName: names.get(r.schoolId ?? r.venueId ?? r.speakerId ?? r.regionCode ?? '') ?? null,
  }));
}
