import type { SQL } from 'drizzle-orm';
import type { Database } from './client.ts';

/** Rows of a raw query, whichever driver ran it (PGlite answers `{ rows }`, postgres.js an array). */
export async function queryRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** The SQLSTATE of a database error, looking through Drizzle's wrapper. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The name of the violated constraint, when the driver reports it. */
export function pgConstraint(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const record = current as { constraint?: unknown; constraint_name?: unknown };
    const name = record.constraint ?? record.constraint_name;
    if (typeof name === 'string') return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const PG = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  foreignKeyViolation: '23503',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  /** Raised by the invitations trigger (migration 0002). */
  capReached: 'SC001',
  notVetted: 'SC002',
  appendOnly: 'SC003',
  /** Raised at commit when a session's seat counters disagree with its bookings (migration 0003). */
  seatsMismatch: 'SC004',
  /** Raised when a school asks again for a session it has a live booking in, not as another group (migration 0012). */
  alreadyBooked: 'SC005',
  /** Raised when a school invites a speaker for a topic it has an open invitation for, not as another one (0016). */
  alreadyInvited: 'SC006',
  deadlockDetected: '40P01',
} as const;

/**
 * A query built once per database handle: Drizzle's prepared query makes its SQL text once instead of at every call
 * (the statement itself is prepared once per connection). For the queries every API request runs.
 */
export function preparedFor<T>(build: (db: Database) => T): (db: Database) => T {
  const cache = new WeakMap<Database, T>();
  return (db) => {
    let query = cache.get(db);
    if (query === undefined) {
      query = build(db);
      cache.set(db, query);
    }
    return query;
  };
}

/** Text as a literal inside a LIKE pattern: `%`, `_` and `\` escaped, NUL characters (no stored text holds one) dropped. */
function likeLiteral(text: string): string {
  return text.replaceAll('\u0000', '').replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for values containing `text` as typed ("100%" finds 100%, not everything from 100). */
export function likeContaining(text: string): string {
  return `%${likeLiteral(text)}%`;
}

/** A LIKE pattern for values starting with `text` as typed. */
export function likeStartingWith(text: string): string {
  return `${likeLiteral(text)}%`;
}
