import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getT, isLocale } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import { apiTokens, emailOutbox, memberships, passwordResets, users } from '#db/schema/index.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { sendNotice } from '../notices/notices.server.ts';
import { activeRoles, normaliseIdentifier, type RoleMembership, revokeSessions } from './accounts.server.ts';
import { managedSchoolIds } from './invites.server.ts';
import { newPassword } from './password-rules.ts';
import { hashPassword, hashSecret } from './passwords.server.ts';
import { accountKey, reset as forgive, type Limit, minutesFrom, takeTickets } from './rate-limit.server.ts';
import { EMAILED_RESET_MINUTES, ISSUED_RESET_DAYS } from './reset-terms.ts';
import { usableIdentifier } from './schemas.ts';

/**
 * Setting a new password without the old one (docs/decisions/017-password-reset.md). A person who forgot theirs asks on
 * /forgot and gets a link by e-mail; an account with a mobile number only gets one from its school admin (teachers) or
 * an admin (anyone), who hands it over. The link is the credential: 32 random bytes, stored as SHA-256, used once, and a newer
 * link voids the older ones. Using it sets the password, ends every session of the account and tells the person.
 */

/** Requests per address and per account: enough for a typo or two, too few to flood someone's mailbox. */
export const RESET_LIMITS = {
  ip: { points: 10, windowMs: 60 * 60_000 },
  account: { points: 3, windowMs: 60 * 60_000 },
} as const satisfies Record<string, Limit>;

export const ForgotSchema = z.object({
  // Named at its field when it cannot be an address or a number: that says nothing about any account.
  identifier: z.string().trim().min(1).max(200).refine(usableIdentifier, 'signup.badIdentifier'),
});

export const NewPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string().min(1).max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'account.passwordMismatch' });

export interface ResetMeta {
  now: Date;
  ip?: string | null;
  requestId?: string | null;
  /** The site's own address from configuration, never from the request (a forged Host must not reach an e-mail). */
  publicUrl: string;
}

/** A new link for the account, voiding its earlier unused ones; the secret is returned once and stored hashed. */
async function createReset(
  db: Database,
  userId: string,
  issuedBy: string | null,
  expiresAt: Date,
  now: Date,
): Promise<{ id: string; token: string }> {
  // Hex, so that the request log masks it in the path (utils/log-path.ts).
  const token = randomBytes(32).toString('hex');
  // One link at a time per account: links made at the same moment take turns on the account's row.
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  await voidResetLinks(db, userId, now);
  const [row] = await db
    .insert(passwordResets)
    .values({ userId, tokenHash: hashSecret(token), issuedBy, expiresAt, createdAt: now })
    .returning({ id: passwordResets.id });
  if (!row) throw new Error('insert returned nothing');
  return { id: row.id, token };
}

/** Ends the account's unused links (a newer link, a password changed or set, an account disabled). */
export async function voidResetLinks(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

/**
 * `limit` says which count refused: the account's (someone, perhaps not its owner, asked three times this hour; the
 * last link sent then still works, since a link outlives the window that refuses more) or the address's.
 */
export type ForgotResult =
  | { ok: true }
  | { ok: false; error: 'rate_limited'; minutes: number; limit: 'account' | 'address' };

/**
 * Someone asks for a link for this e-mail address or mobile number. The answer is the same whether an account exists
 * or not; only an enabled account with an e-mail address gets an e-mail, in its own language.
 */
export async function requestPasswordReset(
  db: Database,
  identifier: string,
  meta: ResetMeta,
): Promise<ForgotResult> {
  const key = normaliseIdentifier(identifier);
  const [addressWait, accountWait] = await Promise.all([
    takeTickets(db, [{ key: `reset:ip:${meta.ip || 'unknown'}`, limit: RESET_LIMITS.ip }], meta.now),
    takeTickets(
      db,
      [{ key: `reset:${accountKey(key.mobile ?? key.email ?? '')}`, limit: RESET_LIMITS.account }],
      meta.now,
    ),
  ]);
  if (addressWait > 0 || accountWait > 0) {
    return {
      ok: false,
      error: 'rate_limited',
      minutes: minutesFrom(Math.max(addressWait, accountWait)),
      limit: addressWait > 0 ? 'address' : 'account',
    };
  }

  const [person] = await db
    .select({ id: users.id, email: users.email, locale: users.locale, disabledAt: users.disabledAt })
    .from(users)
    .where(key.mobile ? eq(users.mobile, key.mobile) : eq(users.email, key.email ?? ''))
    .limit(1);
  if (!person?.email || person.disabledAt) return { ok: true };
  const email = person.email;
  await db.transaction(async (tx) => {
    const expiresAt = new Date(meta.now.getTime() + EMAILED_RESET_MINUTES * 60_000);
    const { id, token } = await createReset(tx, person.id, null, expiresAt, meta.now);
    const t = getT(isLocale(person.locale) ? person.locale : 'zh');
    await tx.insert(emailOutbox).values({
      toAddress: email,
      subject: t('common.labelled', { label: t('site.name'), value: t('reset.emailSubject') }),
      body: t('reset.emailBody', {
        link: `${meta.publicUrl}/reset/${token}`,
        minutes: EMAILED_RESET_MINUTES,
        site: t('site.name'),
      }),
      dedupeKey: `password-reset:${id}`,
    });
    await recordAudit(tx, {
      actorUserId: null,
      action: 'user.password_reset_requested',
      entityType: 'user',
      entityId: person.id,
      after: { resetId: id, expiresAt },
      requestId: meta.requestId,
      ip: meta.ip,
    });
  });
  return { ok: true };
}

export interface ResetIssuer {
  userId: string;
  roles: readonly RoleMembership[];
  requestId?: string | null;
  ip?: string | null;
}

/**
 * Whether this person may hand a reset link to the account holding these roles: an admin for anyone but themself; a
 * school admin only for an account with no e-mail address (one with an address asks on /forgot itself) whose every
 * role is teacher at a school they administer, so no link reaches an account with more power than a teacher of their
 * own school. Checked when the link is made and again when it is used: roles may have changed in between.
 */
export function mayIssueReset(
  issuer: { userId: string; roles: readonly RoleMembership[] },
  target: { userId: string; roles: readonly RoleMembership[]; hasEmail: boolean },
): boolean {
  if (issuer.userId === target.userId) return false;
  if (issuer.roles.some((r) => r.role === 'admin')) return true;
  const managed = managedSchoolIds(issuer);
  return (
    !target.hasEmail &&
    target.roles.length > 0 &&
    target.roles.every((r) => r.role === 'teacher' && r.schoolId !== null && managed.includes(r.schoolId))
  );
}

export type IssueResult =
  | { ok: true; token: string; expiresAt: Date; name: string }
  | { ok: false; error: 'unknown' | 'forbidden' | 'disabled' };

/** A link for an admin or school admin to hand over: three days, shown once, audited. */
export async function issuePasswordReset(
  db: Database,
  issuer: ResetIssuer,
  userId: string,
  now: Date,
): Promise<IssueResult> {
  const [person] = await db
    .select({ id: users.id, name: users.name, email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!person) return { ok: false, error: 'unknown' };
  if (
    !mayIssueReset(issuer, { userId, roles: await activeRoles(db, userId), hasEmail: person.email !== null })
  ) {
    return { ok: false, error: 'forbidden' };
  }
  if (person.disabledAt) return { ok: false, error: 'disabled' };
  const expiresAt = new Date(now.getTime() + ISSUED_RESET_DAYS * 86_400_000);
  const { token } = await db.transaction(async (tx) => {
    const created = await createReset(tx, userId, issuer.userId, expiresAt, now);
    await recordAudit(tx, {
      actorUserId: issuer.userId,
      action: 'user.password_reset_issued',
      entityType: 'user',
      entityId: userId,
      after: { resetId: created.id, expiresAt },
      requestId: issuer.requestId,
      ip: issuer.ip,
    });
    return created;
  });
  return { ok: true, token, expiresAt, name: person.name };
}

/** A link just made, as the page shows it once: whose, the address to hand over, and until when. */
export function handedOverLink(
  siteAddress: string,
  issued: { name: string; token: string; expiresAt: Date },
): { name: string; link: string; expiresAt: string } {
  return {
    name: issued.name,
    link: `${siteAddress}/reset/${issued.token}`,
    expiresAt: issued.expiresAt.toISOString(),
  };
}

/** The user a school admin's staff list row stands for, when it is a role at one of their schools. */
export async function memberUserId(
  db: Database,
  issuer: { roles: readonly RoleMembership[] },
  membershipId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ userId: memberships.userId, schoolId: memberships.schoolId })
    .from(memberships)
    .where(eq(memberships.id, membershipId));
  const admin = issuer.roles.some((r) => r.role === 'admin');
  if (!row?.schoolId || !(admin || managedSchoolIds(issuer).includes(row.schoolId))) return null;
  return row.userId;
}

export type ResetState = { status: 'open'; name: string } | { status: 'expired' | 'used' | 'unknown' };

/** What a link leads to, without using it. A disabled account's link is as good as unknown. */
export async function readPasswordReset(db: Database, token: string, now: Date): Promise<ResetState> {
  if (!/^[0-9a-f]{64}$/.test(token)) return { status: 'unknown' };
  const [row] = await db
    .select({
      usedAt: passwordResets.usedAt,
      expiresAt: passwordResets.expiresAt,
      name: users.name,
      disabledAt: users.disabledAt,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashSecret(token)));
  if (!row || row.disabledAt) return { status: 'unknown' };
  if (row.usedAt) return { status: 'used' };
  if (row.expiresAt <= now) return { status: 'expired' };
  return { status: 'open', name: row.name };
}

async function issuerStillMay(db: Database, issuerId: string, userId: string): Promise<boolean> {
  const found = await db
    .select({ id: users.id, email: users.email, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, [issuerId, userId]));
  const issuer = found.find((u) => u.id === issuerId);
  const target = found.find((u) => u.id === userId);
  if (!issuer || issuer.disabledAt || !target) return false;
  return mayIssueReset(
    { userId: issuerId, roles: await activeRoles(db, issuerId) },
    { userId, roles: await activeRoles(db, userId), hasEmail: target.email !== null },
  );
}

export type CompleteResult =
  | { ok: true; userId: string }
  | { ok: false; error: 'expired' | 'used' | 'unknown' };

/**
 * Sets the new password with the link: one conditional UPDATE uses the link (two tabs racing with one link cannot both
 * set a password), and in the same transaction the password is set, every session, API token and unused link of the
 * account ends,
 * the account's sign-in failures are forgiven, the change is audited and the person is told.
 */
export async function completePasswordReset(
  db: Database,
  token: string,
  password: string,
  meta: ResetMeta,
): Promise<CompleteResult> {
  const before = await readPasswordReset(db, token, meta.now);
  if (before.status !== 'open') return { ok: false, error: before.status };
  // argon2 outside the transaction: it takes tens of milliseconds.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx): Promise<CompleteResult> => {
    // The account's row first, as everything else that touches its links does (createReset, a password change,
    // disabling): the same lock order everywhere, so two of them at once wait instead of deadlocking.
    const [link] = await tx
      .select({ userId: passwordResets.userId })
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, hashSecret(token)));
    if (!link) return { ok: false, error: 'unknown' };
    await tx.select({ id: users.id }).from(users).where(eq(users.id, link.userId)).for('update');
    const [used] = await tx
      .update(passwordResets)
      .set({ usedAt: meta.now })
      .where(
        and(
          eq(passwordResets.tokenHash, hashSecret(token)),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, meta.now),
        ),
      )
      .returning({ id: passwordResets.id, userId: passwordResets.userId, issuedBy: passwordResets.issuedBy });
    if (!used) {
      const state = await readPasswordReset(tx, token, meta.now);
      return { ok: false, error: state.status === 'open' ? 'used' : state.status };
    }
    // A link handed over holds only while its issuer still could hand it over: roles change in three days.
    if (used.issuedBy && !(await issuerStillMay(tx, used.issuedBy, used.userId))) {
      return { ok: false, error: 'unknown' };
    }
    const [person] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: meta.now, updatedAt: meta.now })
      .where(and(eq(users.id, used.userId), isNull(users.disabledAt)))
      .returning({ email: users.email, mobile: users.mobile });
    // Disabled between the read and now: the link is spent, nothing else changes.
    if (!person) return { ok: false, error: 'unknown' };
    await revokeSessions(tx, used.userId, meta.now);
    // The API tokens too: whoever resets may be locking out an intruder, and a token carries all the account's roles.
    const tokens = await tx
      .update(apiTokens)
      .set({ revokedAt: meta.now })
      .where(and(eq(apiTokens.userId, used.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await voidResetLinks(tx, used.userId, meta.now);
    for (const identifier of [person.email, person.mobile]) {
      if (identifier) await forgive(tx, accountKey(identifier));
    }
    await recordAudit(tx, {
      actorUserId: used.userId,
      action: 'user.password_reset',
      entityType: 'user',
      entityId: used.userId,
      after: { resetId: used.id, tokensRevoked: tokens.length },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    await sendNotice(
      tx,
      {
        userId: used.userId,
        kind: 'password_reset',
        dedupeKey: `password-reset-done:${used.id}`,
        link: '/account',
      },
      meta.publicUrl,
    );
    return { ok: true, userId: used.userId };
  });
}
