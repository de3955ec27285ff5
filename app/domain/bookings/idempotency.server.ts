import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { TFunction } from '#app/i18n/index.ts';
import type { FieldErrors } from '#app/utils/validation.ts';
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
  /**
   * Present when the operation claims the key itself, in its first query (runIdempotent's `claimInOperation`): the
   * values of `claimCte`'s placeholders, and `claimed`, to call with whether the CTE returned a row — when it did not,
   * `claimed` throws and the operation stops there (runIdempotent then answers from the key's row). `unknown` (the
   * query returned no row to tell) makes it look at the key's row.
   */
  claim?: { params: ClaimParams; claimed(ok: boolean | 'unknown'): Promise<void> };
}

export interface ClaimParams {
  claimUserId: string;
  claimKey: string;
  claimScope: string;
  claimHash: string;
  claimAt: string;
  claimExpires: string;
}

/**
 * The claim of a key as a data-modifying CTE (placeholders from `Completion.claim.params`), for an operation that
 * claims the key in its own first query and so saves a round trip. It returns a row when the key was claimed; the
 * claim commits with that query, before the operation writes anything, so a concurrent retry sees it (409).
 */
export function claimCte(db: Database) {
  return db.$with('idempotency_claim', { claimed: sql<number>`claimed` }).as(
    sql`insert into idempotency_keys (user_id, key, scope, request_hash, created_at, expires_at)
      values (${sql.placeholder('claimUserId')}, ${sql.placeholder('claimKey')}, ${sql.placeholder('claimScope')},
        ${sql.placeholder('claimHash')}, ${sql.placeholder('claimAt')}::timestamptz,
        ${sql.placeholder('claimExpires')}::timestamptz)
      on conflict do nothing
      returning 1 as claimed`,
  );
}

/** Thrown by `claimed(false)`: another request holds the key. */
class KeyTaken extends Error {}

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
  options: { claimInOperation?: boolean } = {},
): Promise<IdempotencyOutcome> {
  const requestHash = fingerprint({ scope: request.scope, body: request.body });
  const mine = and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.key, request.key));
  const expiresAt = new Date(request.now.getTime() + IDEMPOTENCY_TTL_MS);
  const claimKey = async () =>
    (
      await db
        .insert(idempotencyKeys)
        .values({
          userId: request.userId,
          key: request.key,
          scope: request.scope,
          requestHash,
          createdAt: request.now,
          expiresAt,
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key })
    ).length > 0;
  /** Whether the key's row is the one this request's query just wrote: not completed, made at this request's instant
   * for this very body. (Another request with the same body at the same instant would get the same answer anyway.) */
  const claimedJustNow = async () => {
    const [row] = await db
      .select({
        hash: idempotencyKeys.requestHash,
        at: idempotencyKeys.createdAt,
        done: idempotencyKeys.completedAt,
      })
      .from(idempotencyKeys)
      .where(mine);
    return Boolean(
      row && row.done === null && row.hash === requestHash && row.at.getTime() === request.now.getTime(),
    );
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    let claimed = options.claimInOperation ? undefined : await claimKey();
    if (claimed !== false) {
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
          claim:
            claimed === undefined
              ? {
                  params: {
                    claimUserId: request.userId,
                    claimKey: request.key,
                    claimScope: request.scope,
                    claimHash: requestHash,
                    claimAt: request.now.toISOString(),
                    claimExpires: expiresAt.toISOString(),
                  },
                  claimed: async (ok: boolean | 'unknown') => {
                    claimed = ok === 'unknown' ? await claimedJustNow() : ok;
                    if (!claimed) throw new KeyTaken();
                  },
                }
              : undefined,
        },
      );
      let response: StoredResponse | undefined;
      try {
        response = await operation(complete);
      } catch (error) {
        if (!(error instanceof KeyTaken)) {
          if (claimed) await db.delete(idempotencyKeys).where(and(mine, isNull(idempotencyKeys.completedAt)));
          throw error;
        }
      }
      if (response) {
        // An operation that answered before its first query (a refusal on the input alone) claimed nothing: claim
        // the key now, so that the answer is kept like any other.
        if (claimed === undefined) claimed = await claimKey();
        if (claimed) {
          if (!stored) await complete(db, response);
          return { kind: 'fresh', response };
        }
      }
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

/**
 * A page's form sent with the hidden key made when the form was shown (a double click or a resent page then acts
 * once and lands on the first answer), as the booking and invitation forms do. A key missing or not of our making
 * runs the form as it is. A key reused with other values, or whose first sending still runs, gets the form's own
 * refusal (409, said above the form).
 */
export async function submitFormOnce(
  db: Database,
  request: Omit<IdempotencyRequest, 'key'> & { key: unknown },
  run: (complete?: Completion) => Promise<StoredResponse>,
  t: TFunction,
  options: { claimInOperation?: boolean } = {},
): Promise<{ ok: true; response: StoredResponse } | { ok: false; status: 409; fields: FieldErrors }> {
  const { key } = request;
  if (typeof key !== 'string' || !/^[\w-]{8,100}$/.test(key)) return { ok: true, response: await run() };
  const outcome = await runIdempotent(db, { ...request, key }, run, options);
  if (outcome.kind === 'fresh' || outcome.kind === 'replay') return { ok: true, response: outcome.response };
  return {
    ok: false,
    status: 409,
    fields: {
      _form: t(
        outcome.kind === 'mismatch'
          ? 'bookings.error.idempotencyMismatch'
          : 'bookings.error.idempotencyInFlight',
      ),
    },
  };
}
