import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase, migrationsFolder } from '#db/migrate.ts';
import { ensureRegions } from '#db/seed/regions.ts';

const PREFIX = 'sc_test_';

/** Names change when the migrations change, so a template is never stale. */
export function schemaFingerprint(): string {
  const hash = createHash('sha256');
  // Names and the journal too: two worktrees with the same SQL under other numbers must not share a template (the
  // migrator reads which migrations ran from the journal's times).
  for (const file of readdirSync(migrationsFolder).sort()) {
    if (file.endsWith('.sql')) hash.update(file).update(readFileSync(join(migrationsFolder, file)));
  }
  hash.update(readFileSync(join(migrationsFolder, 'meta', '_journal.json')));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The demo seed's code and data, and the app code it calls (placement, prices, notices and what they import), for the
 * name of the demo template: a changed seed, or a changed rule it applies, must not reuse a template that the old code
 * filled (another worktree's, or an earlier run's on the same server).
 */
export function seedFingerprint(): string {
  const hash = createHash('sha256');
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|csv)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        hash.update(path).update(readFileSync(join(root, path)));
      }
    }
  };
  for (const dir of ['db/seed', 'app/domain', 'app/i18n', 'app/utils']) walk(dir);
  return hash.digest('hex').slice(0, 8);
}

function urlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

function admin(baseUrl: string) {
  return postgres(baseUrl, { max: 1, onnotice: () => {} });
}

/**
 * A migrated template database on the server, built once per schema (and per variant, e.g. a seed) and shared by
 * every test worker; an advisory lock keeps two workers from building it at the same time.
 */
export async function ensureTemplate(
  baseUrl: string,
  variant: string,
  fill?: (url: string) => Promise<void>,
): Promise<string> {
  const name = `sc_tpl_${schemaFingerprint()}_${variant}`;
  const sql = admin(baseUrl);
  try {
    await sql`select pg_advisory_lock(hashtext(${name}))`;
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await sql.unsafe(`create database "${name}"`);
      try {
        const url = urlFor(baseUrl, name);
        const handle = await openDatabase({ url, poolSize: 2 });
        try {
          await migrateDatabase(handle);
          await ensureRegions(handle.db);
        } finally {
          await handle.close();
        }
        if (fill) await fill(url);
      } catch (error) {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
        throw error;
      }
    }
    await sql`select pg_advisory_unlock(hashtext(${name}))`;
  } finally {
    await sql.end();
  }
  return name;
}

/** A fresh database copied from a template; `drop` removes it. */
export async function createFromTemplate(baseUrl: string, template: string) {
  // The creation time in the name lets a later run drop what a killed run left, without touching live ones.
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(5).toString('hex')}`;
  const sql = admin(baseUrl);
  try {
    await sql.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await sql.end();
  }
  return {
    url: urlFor(baseUrl, name),
    drop: async () => {
      const dropper = admin(baseUrl);
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Drops test databases older than three hours (other runs, e.g. in other worktrees, may be using newer ones). */
export async function dropStaleTestDatabases(baseUrl: string): Promise<void> {
  const sql = admin(baseUrl);
  const cutoff = Math.floor(Date.now() / 1000) - 3 * 3600;
  try {
    const rows = await sql`select datname from pg_database where datname like ${`${PREFIX}%`}`;
    for (const row of rows) {
      const created = Number(/^sc_test_(\d+)_/.exec(row.datname)?.[1] ?? 0);
      if (created < cutoff) await sql.unsafe(`drop database if exists "${row.datname}" with (force)`);
    }
  } finally {
    await sql.end();
  }
}
