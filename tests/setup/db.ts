import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe } from 'vitest';
import {
  type Database,
  type DatabaseHandle,
  type Driver,
  openDatabase,
  pgliteExtensions,
} from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { seedDemo } from '#db/seed/demo.ts';
import { ensureRegions } from '#db/seed/regions.ts';
import { createFromTemplate, ensureTemplate, seedFingerprint } from './postgres.ts';

/** PGlite always; the PostgreSQL server too when TEST_DATABASE_URL names it (CI does). */
export const testDrivers: Driver[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
export const serverUrl = process.env.TEST_DATABASE_URL;

export type Fixture = 'empty' | 'demo';

/** The instant the demo fixture was generated from (tests that look at sessions need it). */
export const DEMO_NOW = new Date();

const pgliteTemplates = new Map<Fixture, Promise<PGlite>>();

function pgliteTemplate(fixture: Fixture): Promise<PGlite> {
  let template = pgliteTemplates.get(fixture);
  if (!template) {
    template = (async () => {
      const pglite = await PGlite.create({ extensions: pgliteExtensions });
      const handle = await openDatabase({ pglite });
      await migrateDatabase(handle);
      await ensureRegions(handle.db);
      if (fixture === 'demo') await seedDemo(handle.db, { now: DEMO_NOW });
      return pglite;
    })();
    pgliteTemplates.set(fixture, template);
  }
  return template;
}

export interface TestDatabase extends DatabaseHandle {
  driver: Driver;
  /** Removes the database (server) or frees the clone (PGlite). */
  dispose(): Promise<void>;
  /** The server URL, for tests that open more connections or start the server on it. */
  url?: string;
}

/** A fresh, migrated database with the regions loaded (and the demo, for that fixture). */
export async function createTestDatabase(driver: Driver, fixture: Fixture = 'empty'): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const clone = (await (await pgliteTemplate(fixture)).clone()) as PGlite;
    const handle = await openDatabase({ pglite: clone });
    return { ...handle, dispose: () => handle.close() };
  }
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const template = await ensureTemplate(
    serverUrl,
    fixture === 'demo'
      ? `demo_${DEMO_NOW.toISOString().slice(0, 13).replace(/\D/g, '')}_${seedFingerprint()}`
      : 'empty',
    fixture === 'demo'
      ? async (url) => {
          const handle = await openDatabase({ url, poolSize: 2 });
          try {
            await seedDemo(handle.db, { now: DEMO_NOW });
          } finally {
            await handle.close();
          }
        }
      : undefined,
  );
  const copy = await createFromTemplate(serverUrl, template);
  const handle = await openDatabase({ url: copy.url, poolSize: 20 });
  return {
    ...handle,
    url: copy.url,
    dispose: async () => {
      await handle.close();
      await copy.drop();
    },
  };
}

/**
 * Runs a describe block once per driver, with a fresh database for each test:
 * `describeEachDriver('bookings', (ctx) => { it('…', async () => { ctx.db … }) })`.
 */
export function describeEachDriver(
  name: string,
  body: (ctx: { db: Database; handle: TestDatabase; driver: Driver }) => void,
  options: { fixture?: Fixture } = {},
) {
  for (const driver of testDrivers) {
    describe(`${name} [${driver}]`, () => {
      const ctx = { driver } as { db: Database; handle: TestDatabase; driver: Driver };
      beforeEach(async () => {
        ctx.handle = await createTestDatabase(driver, options.fixture);
        ctx.db = ctx.handle.db;
      });
      afterEach(async () => {
        await ctx.handle?.dispose();
      });
      body(ctx);
    });
  }
}
