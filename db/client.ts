import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { acquireDirectoryLock } from './lock.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** One database type over PGlite and postgres.js: domain code takes this and never asks which it is. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction handle: it is a Database for every purpose of the domain code. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Driver = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  /** Answers when the database answers a query; throws otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance in embedded mode (tests clone it). */
  pglite?: PGlite;
}

export type OpenOptions =
  | { url: string; poolSize?: number; applicationName?: string }
  | { dataDir: string; holder: string }
  | { memory: true }
  | { pglite: PGlite };

const drizzleOptions = { schema, casing: 'snake_case' } as const;

/**
 * postgres.js, as Drizzle calls it (`unsafe(query, params, { prepare: false })`), sends every query with parameters
 * twice: a Parse/Describe round trip to learn the parameter types, then Bind/Execute. Named prepared statements are
 * described once per connection and then run in one round trip, which halves the round trips of the whole site (see
 * docs/decisions/015-booking-path.md). This wraps the client (and each transaction's client) so that Drizzle's
 * queries are prepared; postgres.js keeps the statements per connection and recycles connections after their lifetime.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params as postgres.ParameterOrJSON<never>[], { ...options, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const run = args.pop() as (inner: postgres.Sql) => unknown;
          const begin = Reflect.get(target, property, receiver) as (...a: unknown[]) => Promise<unknown>;
          return begin.call(target, ...args, (inner: postgres.Sql) => run(preparing(inner)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Extensions PGlite loads; the order matters for some (see STACK.md), btree_gist is all the schema needs. */
export const pgliteExtensions = { btree_gist };

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if ('url' in options) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: options.applicationName ?? 'social-classroom', TimeZone: 'UTC' },
    });
    const db = drizzlePostgres(preparing(client), drizzleOptions) as unknown as Database;
    return {
      db,
      driver: 'postgres',
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  let release: (() => void) | undefined;
  let pglite: PGlite;
  if ('pglite' in options) {
    pglite = options.pglite;
  } else if ('memory' in options) {
    pglite = await PGlite.create({ extensions: pgliteExtensions });
  } else {
    release = acquireDirectoryLock(join(options.dataDir, 'pglite.lock'), options.holder);
    try {
      pglite = await PGlite.create({
        dataDir: join(options.dataDir, 'pglite'),
        extensions: pgliteExtensions,
      });
    } catch (error) {
      release();
      throw error;
    }
  }
  await pglite.exec(`set time zone 'UTC'`);
  const db = drizzlePglite(pglite, drizzleOptions) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    pglite,
    ping: async () => {
      await pglite.query('select 1');
    },
    close: async () => {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        release?.();
      }
    },
  };
}
