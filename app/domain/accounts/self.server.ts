import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Locale } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import { apiTokens, authSessions, users } from '#db/schema/index.ts';
import { PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { sendNotice } from '../notices/notices.server.ts';
import { IDLE_TIMEOUT_MS, type RequestMeta, revokeSessions } from './accounts.server.ts';
import { newPassword } from './password-rules.ts';
import { hashPassword, verifyPassword } from './passwords.server.ts';
import {
  accountKey,
  reset as forgive,
  minutesFrom,
  SIGN_IN_LIMITS,
  takeCountedTickets,
} from './rate-limit.server.ts';
import { voidResetLinks } from './resets.server.ts';
import { normaliseIdentifier } from './schemas.ts';
import { createApiToken } from './users.server.ts';

/** What a person may change about their own account: exactly these fields, nothing else (no mass assignment). */
export const ChangePasswordSchema = z
  .object({
    current: z.string().min(1).max(200),
    password: newPassword,
    confirm: z.string().min(1).max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'account.passwordMismatch' });

export const TokenNameSchema = z.object({ name: z.string().trim().min(1).max(60) });
export const IdSchema = z.object({ id: z.uuid() });

export interface Actor {
  userId: string;
  sessionId?: string;
  requestId?: string | null;
  ip?: string | null;
  /** The site's own address (`siteUrl(config)`), for the links in e-mails. */
  publicUrl?: string;
}

/**
 * A person's own name and contact details, as they correct them on /account. Either contact may be left empty, not both
 * (they sign in with one). A mobile number is written as people write it (spaces, dashes, +86).
 */
export const OwnDetailsSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    email: z
      .string()
      .trim()
      .max(200)
      .transform((v) => v.toLowerCase())
      .pipe(z.union([z.literal(''), z.email()])),
    mobile: z
      .string()
      .trim()
      .max(30)
      .transform((v) => (v === '' ? '' : (normaliseIdentifier(v).mobile ?? null)))
      .pipe(z.string({ message: 'validation.mobile' })),
    /** Needed only when the e-mail address or the mobile number changes: they are how one signs in and resets. */
    current: z.string().max(200).optional(),
  })
  .refine((v) => v.email !== '' || v.mobile !== '', {
    path: ['email'],
    message: 'account.details.contactRequired',
  });
export type OwnDetails = z.output<typeof OwnDetailsSchema>;

/**
 * A refused current password: how many more wrong ones the account's limit allows and when its window ends (to warn
 * before it stops them), or the wait once it has.
 */
export type PasswordRefusal =
  | { ok: false; error: 'wrong_password'; attemptsLeft: number; windowEndsInMs: number }
  | { ok: false; error: 'rate_limited'; retryAfterMs: number };

/**
 * Checks the current password of a signed-in person against the same per-account counter as sign-in (ADR 011): a
 * stolen session must not become a way to guess the password without limit. The ticket is taken at each address the
 * account signs in with before the password is checked; past the limit it is not even checked, so even the right one
 * waits for the window. A right one forgives the account's failures, as a sign-in does.
 */
async function checkCurrentPassword(
  db: Database,
  actor: Actor,
  user: { id: string; email: string | null; mobile: string | null; passwordHash: string | null },
  password: string,
  now: Date,
): Promise<{ ok: true } | PasswordRefusal> {
  const limits = [user.email, user.mobile]
    .filter((identifier): identifier is string => Boolean(identifier))
    .map((identifier) => ({ key: accountKey(identifier), limit: SIGN_IN_LIMITS.account }));
  const { wait, left, endsInMs } = await takeCountedTickets(db, limits, now);
  if (wait > 0) {
    await recordAudit(db, {
      actorUserId: user.id,
      action: 'auth.password_check_blocked',
      entityType: 'user',
      entityId: user.id,
      after: { retryAfterMinutes: minutesFrom(wait) },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: false, error: 'rate_limited', retryAfterMs: wait };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // The address closest to its limit speaks for the account.
    const closest = left.indexOf(Math.min(...left));
    return {
      ok: false,
      error: 'wrong_password',
      attemptsLeft: left[closest] ?? SIGN_IN_LIMITS.account.points,
      windowEndsInMs: endsInMs[closest] ?? SIGN_IN_LIMITS.account.windowMs,
    };
  }
  for (const { key } of limits) await forgive(db, key);
  return { ok: true };
}

export type OwnDetailsResult =
  | { ok: true; changed: boolean }
  | { ok: false; error: 'email_taken' | 'mobile_taken' | 'current_missing' }
  | PasswordRefusal;

/**
 * Corrects the person's name, e-mail address and mobile number. Changing a contact asks for the current password and
 * voids any reset link already sent; the notice is written before the change, so its e-mail goes to the old address and
 * a change the owner did not make does not go unseen. Audited with the fields that changed.
 */
export async function updateOwnDetails(
  db: Database,
  actor: Actor,
  input: OwnDetails,
  now: Date,
): Promise<OwnDetailsResult> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) return { ok: false, error: 'wrong_password', attemptsLeft: 0, windowEndsInMs: 0 };
  const next = { name: input.name, email: input.email || null, mobile: input.mobile || null };
  const before = { name: user.name, email: user.email, mobile: user.mobile };
  const changedKeys = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
  if (changedKeys.length === 0) return { ok: true, changed: false };
  const contactChanged = changedKeys.some((k) => k !== 'name');
  if (contactChanged) {
    // A box left empty is asked for, not counted as a wrong password: a slip must not lock the person out.
    if (!input.current) return { ok: false, error: 'current_missing' };
    const checked = await checkCurrentPassword(db, actor, user, input.current, now);
    if (!checked.ok) return checked;
  }
  try {
    await db.transaction(async (tx) => {
      if (contactChanged) {
        await sendNotice(
          tx,
          {
            userId: actor.userId,
            kind: 'details_changed',
            dedupeKey: `details:${actor.userId}:${now.getTime()}`,
            link: '/account',
          },
          actor.publicUrl,
        );
        await voidResetLinks(tx, actor.userId, now);
      }
      await tx
        .update(users)
        .set({ ...next, updatedAt: now })
        .where(eq(users.id, actor.userId));
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'user.update_details',
        entityType: 'user',
        entityId: actor.userId,
        // Which fields changed; the log never holds contact details (redactForAudit), only the name's old and new.
        before: changedKeys.includes('name') ? { name: before.name } : {},
        after: { ...(changedKeys.includes('name') ? { name: next.name } : {}), changed: changedKeys },
        requestId: actor.requestId,
        ip: actor.ip,
      });
    });
  } catch (error) {
    if (pgErrorCode(error) !== PG.uniqueViolation) throw error;
    // The unique indexes decide who holds an address, even between two people saving at the same moment.
    return {
      ok: false,
      error: pgConstraint(error) === 'users_mobile_unique' ? 'mobile_taken' : 'email_taken',
    };
  }
  return { ok: true, changed: true };
}

/** The language the person chose in the header: their notices' e-mails are written in it from now on. */
export async function setOwnLocale(db: Database, userId: string, locale: Locale): Promise<void> {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

/**
 * Changes the password after checking the current one, and ends every other session of the person (the one in use
 * stays). A notice tells the person, so a change they did not make does not go unseen.
 */
export async function changePassword(
  db: Database,
  actor: Actor,
  input: { current: string; password: string },
  now: Date,
): Promise<{ ok: true } | PasswordRefusal> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) return { ok: false, error: 'wrong_password', attemptsLeft: 0, windowEndsInMs: 0 };
  const checked = await checkCurrentPassword(db, actor, user, input.current, now);
  if (!checked.ok) return checked;
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, actor.userId));
    await revokeSessions(tx, actor.userId, now, actor.sessionId);
    // A link someone else may hold must not undo the change.
    await voidResetLinks(tx, actor.userId, now);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'user.password_change',
      entityType: 'user',
      entityId: actor.userId,
      requestId: actor.requestId,
      ip: actor.ip,
    });
    await sendNotice(
      tx,
      {
        userId: actor.userId,
        kind: 'password_changed',
        dedupeKey: `password:${actor.userId}:${now.getTime()}`,
        link: '/account',
      },
      actor.publicUrl,
    );
  });
  return { ok: true };
}

export interface SessionRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

/** The person's live sessions (not revoked, not idle past 2 h, not past 30 days), newest first. */
export async function listSessions(
  db: Database,
  userId: string,
  currentSessionId: string,
  now: Date,
): Promise<SessionRow[]> {
  const rows = await db
    .select({
      id: authSessions.id,
      createdAt: authSessions.createdAt,
      lastSeenAt: authSessions.lastSeenAt,
      userAgent: authSessions.userAgent,
      ip: authSessions.ip,
    })
    .from(authSessions)
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, now),
        gt(authSessions.lastSeenAt, new Date(now.getTime() - IDLE_TIMEOUT_MS)),
      ),
    )
    .orderBy(desc(authSessions.lastSeenAt), desc(authSessions.id));
  return rows.map((r) => ({ ...r, current: r.id === currentSessionId }));
}

/** Ends one of the person's own sessions; someone else's session id changes nothing (false). */
export async function endOwnSession(db: Database, actor: Actor, sessionId: string, now: Date) {
  const ended = await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(authSessions.id, sessionId),
        eq(authSessions.userId, actor.userId),
        isNull(authSessions.revokedAt),
      ),
    )
    .returning({ id: authSessions.id });
  if (ended.length) {
    await recordAudit(db, {
      actorUserId: actor.userId,
      action: 'auth.session_end',
      entityType: 'auth_session',
      entityId: sessionId,
      requestId: actor.requestId,
      ip: actor.ip,
    });
  }
  return ended.length > 0;
}

/** Ends every session of the person but the one in use ("sign out everywhere else"). */
export async function endOtherSessions(db: Database, actor: Actor & { sessionId: string }, now: Date) {
  await db.transaction(async (tx) => {
    await revokeSessions(tx, actor.userId, now, actor.sessionId);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: 'auth.sessions_end_others',
      entityType: 'user',
      entityId: actor.userId,
      requestId: actor.requestId,
      ip: actor.ip,
    });
  });
}

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listTokens(db: Database, userId: string): Promise<TokenRow[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** A token for the person themself; the secret is in the answer once and never again. */
export function createOwnToken(db: Database, actor: Actor, name: string) {
  return createApiToken(db, actor.userId, name, {
    userId: actor.userId,
    requestId: actor.requestId ?? undefined,
  });
}

/** Revokes one of the person's own tokens; another person's token id changes nothing (false). */
export async function revokeOwnToken(db: Database, actor: Actor, tokenId: string, now: Date) {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix });
    const row = revoked[0];
    if (row) {
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'token.revoke',
        entityType: 'api_token',
        entityId: row.id,
        before: { name: row.name, prefix: row.prefix },
        requestId: actor.requestId,
        ip: actor.ip,
      });
    }
    return Boolean(row);
  });
}

export type { RequestMeta };
