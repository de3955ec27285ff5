import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { idempotencyKeys } from '#db/schema/index.ts';

/** Keys are kept at least a day (the IETF Idempotency-Key draft leaves the period to the resource). */
export const IDEMPOTENCY_TTL_MS = 48 * 3_600_000;
/** A first request that has not finished after this long is taken to have died with its process. */
export const IN_FLIGHT_TIMEOUT_MS = 5 * 60_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyOutcome =
  | { kind: 'fresh'; response: StoredResponse }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/** A key as clients send it: 1–255 visible characters (the draft's sf-string, unquoted or quoted). */
export function parseIdempotencyKey(header: string | null): string | null | 'invalid' {
  if (header === null) return null;
  const value = header.trim().replace(/^"(.*)"$/, '$1');
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) return 'invalid';
  return value;
}

/** Canonical JSON (sorted keys), so that the same body written in another key order has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/** Stores the operation's response on the claimed key. */
export interface Completion {
  /** With the caller's transaction, so that the change and the stored answer exist together or not at all. */
  (tx: Database, response: StoredResponse): Promise<void>;
  /**
   * The same as an UPDATE to run as one data-modifying part of the operation's own single statement, when `guard`
   * holds (e.g. the row the statement inserts exists); call `done()` once that statement has committed.
   */
  statement(response: StoredResponse, guard: SQL): SQL;
  done(): void;
}

export interface IdempotencyRequest {
  userId: string;
  key: string;
  /** Method and path (or form), so one key cannot be replayed against another endpoint. */
  scope: string;
  body: unknown;
  now: Date;
}

/**
 * Runs an operation once per (user, key): the first request claims the key (a row committed before the work starts,
 * so a concurrent retry sees it and gets 409); its response is stored — for a success inside the operation's own
 * transaction through `complete`, so the booking and the stored answer exist together or not at all. A later request
 * with the same key and body gets that response again; with another body, `mismatch` (422). If the operation throws,
 * the claim is released so that the client may retry.
 */
export async function runIdempotent(
  db: Database,
  request: IdempotencyRequest,
  operation: (complete: Completion) => Promise<StoredResponse>,
): Promise<IdempotencyOutcome> {
  const requestHash = fingerprint({ scope: request.scope, body: request.body });
  const mine = and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.key, request.key));
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await db
      .insert(idempotencyKeys)
      .values({
        userId: request.userId,
        key: request.key,
        scope: request.scope,
        requestHash,
        createdAt: request.now,
        expiresAt: new Date(request.now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) {
      let stored = false;
      const complete: Completion = Object.assign(
        async (tx: Database, response: StoredResponse) => {
          await tx
            .update(idempotencyKeys)
            .set({ responseStatus: response.status, responseBody: response.body, completedAt: request.now })
            .where(mine);
          stored = true;
        },
        {
          statement: (response: StoredResponse, guard: SQL) =>
            sql`update idempotency_keys set response_status = ${response.status},
              response_body = ${JSON.stringify(response.body)}::jsonb,
              completed_at = ${request.now.toISOString()}::timestamptz
              where user_id = ${request.userId} and key = ${request.key} and (${guard})`,
          done: () => {
            stored = true;
          },
        },
      );
      let response: StoredResponse;
      try {
        response = await operation(complete);
      } catch (error) {
        await db.delete(idempotencyKeys).where(and(mine, isNull(idempotencyKeys.completedAt)));
        throw error;
      }
      if (!stored) await complete(db, response);
      return { kind: 'fresh', response };
    }
    const [existing] = await db.select().from(idempotencyKeys).where(mine);
    if (!existing) continue;
    const stale =
      existing.expiresAt <= request.now ||
      (existing.completedAt === null &&
        existing.createdAt.getTime() + IN_FLIGHT_TIMEOUT_MS <= request.now.getTime());
    if (stale) {
      // Expired, or abandoned by a process that died: forget it and claim the key afresh.
      await db
        .delete(idempotencyKeys)
        .where(
          and(
            mine,
            or(
              lt(idempotencyKeys.expiresAt, new Date(request.now.getTime() + 1)),
              isNull(idempotencyKeys.completedAt),
            ),
          ),
        );
      continue;
    }
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
    if (existing.completedAt === null || existing.responseStatus === null) return { kind: 'in_flight' };
    return { kind: 'replay', response: { status: existing.responseStatus, body: existing.responseBody } };
  }
  return { kind: 'in_flight' };
}

/** Forgets keys past their time (run by the scheduler). */
export async function purgeExpiredIdempotencyKeys(db: Database, now: Date): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}
