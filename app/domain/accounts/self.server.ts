import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import { apiTokens, authSessions, users } from '#db/schema/index.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { sendNotice } from '../notices/notices.server.ts';
import { IDLE_TIMEOUT_MS, type RequestMeta, revokeSessions } from './accounts.server.ts';
import { hashPassword, verifyPassword } from './passwords.server.ts';
import { voidResetLinks } from './resets.server.ts';
import { createApiToken, PASSWORD_MIN } from './users.server.ts';

/** What a person may change about their own account: exactly these fields, nothing else (no mass assignment). */
export const ChangePasswordSchema = z
  .object({
    current: z.string().min(1).max(200),
    password: z.string().min(PASSWORD_MIN).max(200),
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
): Promise<{ ok: true } | { ok: false; error: 'wrong_password' }> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.current))) {
    return { ok: false, error: 'wrong_password' };
  }
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
    await sendNotice(tx, {
      userId: actor.userId,
      kind: 'password_changed',
      dedupeKey: `password:${actor.userId}:${now.getTime()}`,
      link: '/account',
    });
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
    .orderBy(desc(authSessions.lastSeenAt));
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
    .orderBy(desc(apiTokens.createdAt));
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
