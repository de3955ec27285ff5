import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';

/**
 * Sign-in attempts counted in PostgreSQL (the `rate_limits` table), so that every server process sees the same count
 * and a restart does not forgive anyone. A counter is one row: `points` attempts until `expire` (ms since epoch). One
 * atomic upsert takes a ticket: a row whose window is over starts again at 1. A successful sign-in clears the
 * account's counter and gives its ticket back at the IP address, so what remains counts failures. See the ADR on
 * sessions and sign-in limits.
 */
export interface Limit {
  /** Failures allowed in the window; the next attempt is refused until the window ends. */
  points: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS = {
  /** Per account: 5 wrong passwords in 15 minutes. */
  account: { points: 5, windowMs: 15 * 60_000 },
  /** Per IP address: 30 failures in 15 minutes (a school's NAT puts many teachers behind one address). */
  ip: { points: 30, windowMs: 15 * 60_000 },
} as const satisfies Record<string, Limit>;

/** The identifier is hashed so that e-mail addresses and mobile numbers are not stored in the table in clear. */
export function accountKey(identifier: string): string {
  return `signin:acct:${createHash('sha256').update(identifier.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

export function ipKey(ip: string | null | undefined): string {
  return `signin:ip:${ip || 'unknown'}`;
}

/** How long until the first of these keys lets attempts through again; 0 when none is blocked. */
export async function blockedFor(
  db: Database,
  keys: { key: string; limit: Limit }[],
  now: Date,
): Promise<number> {
  const rows = await db
    .select()
    .from(rateLimits)
    .where(
      inArray(
        rateLimits.key,
        keys.map((k) => k.key),
      ),
    );
  let wait = 0;
  for (const { key, limit } of keys) {
    const row = rows.find((r) => r.key === key);
    if (!row || row.expire === null || row.expire <= now.getTime()) continue;
    if (row.points >= limit.points) wait = Math.max(wait, row.expire - now.getTime());
  }
  return wait;
}

/** Counts one failure against the key (atomically, whichever process does it); the count after it. */
export async function consume(
  db: Database,
  key: string,
  limit: Limit,
  now: Date,
): Promise<{ points: number; expire: number }> {
  const nowMs = now.getTime();
  const expire = nowMs + limit.windowMs;
  const [row] = await queryRows<{ points: number; expire: string | number }>(
    db,
    sql`insert into rate_limits (key, points, expire) values (${key}, 1, ${expire})
        on conflict (key) do update set
          points = case when rate_limits.expire is null or rate_limits.expire <= ${nowMs}
                        then 1 else rate_limits.points + 1 end,
          expire = case when rate_limits.expire is null or rate_limits.expire <= ${nowMs}
                        then ${expire} else rate_limits.expire end
        returning points, expire`,
  );
  if (!row) throw new Error('rate limit upsert returned nothing');
  return { points: Number(row.points), expire: Number(row.expire) };
}

/**
 * Takes one ticket at each key, atomically and all at once, so that concurrent attempts cannot all slip under a limit:
 * how long until every key lets attempts through again (0 when none is past its limit).
 */
export async function takeTickets(
  db: Database,
  keys: readonly { key: string; limit: Limit }[],
  now: Date,
): Promise<number> {
  return (await takeCountedTickets(db, keys, now)).wait;
}

/**
 * As takeTickets, and for each key the attempts still allowed after this one before it stops them (0: the next is
 * stopped) and when its window ends, in milliseconds from now.
 */
export async function takeCountedTickets(
  db: Database,
  keys: readonly { key: string; limit: Limit }[],
  now: Date,
): Promise<{ wait: number; left: number[]; endsInMs: number[] }> {
  const tickets = await Promise.all(keys.map(({ key, limit }) => consume(db, key, limit, now)));
  return {
    wait: Math.max(
      0,
      ...tickets.map((ticket, i) =>
        ticket.points > keys[i]!.limit.points ? ticket.expire - now.getTime() : 0,
      ),
    ),
    left: tickets.map((ticket, i) => Math.max(0, keys[i]!.limit.points - ticket.points)),
    endsInMs: tickets.map((ticket) => Math.max(0, ticket.expire - now.getTime())),
  };
}

/** Gives back one point (an attempt that turned out fine). */
export async function refund(db: Database, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ points: sql`greatest(${rateLimits.points} - 1, 0)` })
    .where(eq(rateLimits.key, key));
}

export async function reset(db: Database, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Whole minutes, rounded up, for "try again in N minutes". */
export function minutesFrom(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Accounts made from one address per hour (sign-up, invitation links): enough for a staff room, too few for a script. */
export const SIGN_UP_LIMIT: Limit = { points: 20, windowMs: 60 * 60_000 };

/** Counts an account about to be made from an address: the minutes to wait when it is one too many, else null. */
export async function signUpWait(
  db: Database,
  ip: string | null | undefined,
  now: Date,
): Promise<number | null> {
  const wait = await takeTickets(db, [{ key: `signup:ip:${ip ?? 'unknown'}`, limit: SIGN_UP_LIMIT }], now);
  return wait > 0 ? minutesFrom(wait) : null;
}
