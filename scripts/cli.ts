// The command line: `npm run cli -- <command> --help`. One entry, many commands; each opens the database itself.

import { readFileSync, writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { z } from 'zod';
import { createApiToken, createUser, findUserByEmail, listUsers } from '#app/domain/accounts/users.server.ts';
import {
  applyVenueImport,
  type Crs,
  exportVenuesCsv,
  planVenueImport,
} from '#app/domain/catalogue/import.server.ts';
import { SchoolInputSchema } from '#app/domain/schools/schemas.ts';
import { createSchool } from '#app/domain/schools/schools.server.ts';
import { getT } from '#app/i18n/index.ts';
import { ConfigError, loadConfig } from '#app/utils/env.server.ts';
import { localizeIssues } from '#app/utils/validation.ts';
import { type DatabaseHandle, openDatabase } from '#db/client.ts';
import { DatabaseLockedError } from '#db/lock.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { roles, schoolLevels } from '#db/schema/enums.ts';
import { isSeeded, seedDemo } from '#db/seed/demo.ts';
import { ensureRegions } from '#db/seed/regions.ts';
import { searchServiceFor } from '#search/configure.server.ts';

class CliError extends Error {}

/** Ends the command with one clear line on stderr and a non-zero exit. */
function fail(message: string): never {
  throw new CliError(message);
}

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.lines[0] ?? error.message);
    throw error;
  }
  let handle: DatabaseHandle;
  try {
    handle = config.databaseUrl
      ? await openDatabase({ url: config.databaseUrl, poolSize: 4, applicationName: 'social-classroom-cli' })
      : await openDatabase({ dataDir: config.dataDir, holder: 'the CLI' });
  } catch (error) {
    if (error instanceof DatabaseLockedError) fail(error.message);
    fail(`Could not open the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await migrateDatabase(handle);
    await ensureRegions(handle.db);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

function zodFail(issues: readonly z.core.$ZodIssue[], flags: Record<string, string>): never {
  const [path, message] = Object.entries(localizeIssues(issues, getT('en')))[0] ?? ['', 'invalid input'];
  fail(`${flags[path] ?? `--${path}`}: ${message}.`);
}

function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

function print(json: boolean, record: unknown, line: string) {
  console.log(json ? JSON.stringify(record, null, 2) : line);
}

const program = new Command();
program
  .name('npm run cli --')
  .description('社会大课堂 Social Classroom: database, accounts and catalogue commands')
  .configureOutput({ outputError: (text, write) => write(`${text.split('\n')[0]}\n`) });

program
  .command('db:migrate')
  .description('apply the committed migrations and load the regions (embedded database, or DATABASE_URL)')
  .action(async () => {
    await withDatabase(async (handle) => {
      console.log(
        `Migrated the ${handle.driver === 'pglite' ? 'embedded' : 'PostgreSQL'} database; regions loaded.`,
      );
    });
  });

program
  .command('db:seed')
  .description('load data into an empty database')
  .requiredOption(
    '--demo',
    'the deterministic demo: venues, schools, speakers, sessions and one account per role',
  )
  .action(async () => {
    await withDatabase(async (handle) => {
      if (await isSeeded(handle.db)) {
        console.log(
          'Nothing to do: the database already has venues (the demo loads into an empty database only).',
        );
        return;
      }
      const bar = new SingleBar({ format: 'Demo data |{bar}| {value}/{total} {step}', hideCursor: true });
      bar.start(11, 0, { step: '' });
      const summary = await seedDemo(handle.db, {
        now: new Date(),
        onProgress: (step) => bar.increment({ step: step.split(':')[0] }),
      });
      bar.stop();
      console.log(
        `Loaded ${summary.venues} venues, ${summary.sessions} sessions, ${summary.schools} schools, ` +
          `${summary.speakers} speakers and ${summary.users} accounts.`,
      );
    });
  });

program
  .command('school:create')
  .description('add a school')
  .requiredOption('--name <name>', 'the school’s name')
  .requiredOption('--region <code>', 'GB/T 2260 code of its 旗县 or 盟市, e.g. 150125')
  .addOption(new Option('--level <level>', 'school level').choices(schoolLevels).makeOptionMandatory())
  .requiredOption('--pupils <n>', 'number of pupils', integer)
  .option('--rural', 'a rural school', false)
  .option('--left-behind <n>', 'number of left-behind pupils', integer, 0)
  .option('--json', 'print the record as JSON')
  .action(async (options) => {
    const input = {
      name: options.name,
      regionCode: options.region,
      level: options.level,
      pupils: options.pupils,
      rural: Boolean(options.rural),
      leftBehindPupils: options.leftBehind,
    };
    const parsed = SchoolInputSchema.safeParse(input);
    if (!parsed.success) {
      zodFail(parsed.error.issues, {
        name: '--name',
        regionCode: '--region',
        level: '--level',
        pupils: '--pupils',
        leftBehindPupils: '--left-behind',
      });
    }
    await withDatabase(async ({ db }) => {
      const result = await createSchool(db, parsed.data, { userId: null });
      if (!result.ok) fail(`--region: no region has the code ${options.region}.`);
      print(Boolean(options.json), result.school, `Created school ${result.school.id} ${result.school.name}`);
    });
  });

program
  .command('user:create')
  .description('add a person with a password and, optionally, a role (a speaker gets a speaker profile)')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
  .requiredOption('--password <password>', 'at least 8 characters')
  .option('--name <name>', 'display name')
  .option('--mobile <number>', 'mainland mobile number (can also sign in)')
  .addOption(new Option('--role <role>', 'role to give').choices(roles))
  .option('--school <id>', 'school of a teacher or school admin')
  .option('--venue <id>', 'venue of a venue operator')
  .option('--region <code>', 'region of an auditor (or home region of a speaker)')
  .option('--json', 'print the record as JSON')
  .action(async (options) => {
    const input = {
      email: options.email,
      password: options.password,
      name: options.name,
      mobile: options.mobile,
      role: options.role,
      schoolId: options.school,
      venueId: options.venue,
      regionCode: options.region,
    };
    const { UserInputSchema } = await import('#app/domain/accounts/users.server.ts');
    const parsed = UserInputSchema.safeParse(input);
    if (!parsed.success) {
      zodFail(parsed.error.issues, {
        email: '--email',
        password: '--password',
        mobile: '--mobile',
        schoolId: '--school',
        venueId: '--venue',
        regionCode: '--region',
      });
    }
    await withDatabase(async ({ db }) => {
      const result = await createUser(db, parsed.data, { userId: null });
      if (!result.ok) {
        const messages = {
          taken: `--email: an account with ${options.email}${options.mobile ? ` or ${options.mobile}` : ''} exists already.`,
          unknown_school: `--school: no school has the id ${options.school}.`,
          unknown_venue: `--venue: no venue has the id ${options.venue}.`,
          unknown_region: `--region: no region has the code ${options.region}.`,
        };
        fail(messages[result.error]);
      }
      const record = {
        id: result.userId,
        email: options.email.toLowerCase(),
        role: options.role ?? null,
        speakerId: result.speakerId,
      };
      print(
        Boolean(options.json),
        record,
        `Created user ${result.userId} ${record.email}${options.role ? ` (${options.role})` : ''}` +
          (result.speakerId ? `; speaker profile ${result.speakerId}` : ''),
      );
    });
  });

program
  .command('token:create')
  .description('create an API token for a user (shown once; send it as Authorization: Bearer …)')
  .requiredOption('--email <email>', 'the token’s owner')
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--json', 'print {"token": "…"} as JSON')
  .action(async (options) => {
    await withDatabase(async ({ db }) => {
      const user = await findUserByEmail(db, options.email);
      if (!user) fail(`--email: no account has the e-mail ${options.email}.`);
      if (user.disabledAt) fail(`--email: the account ${options.email} is disabled.`);
      const { id, token } = await createApiToken(db, user.id, options.name, { userId: null });
      print(Boolean(options.json), { token, id }, `Token ${id} for ${user.email} (shown once):\n${token}`);
    });
  });

program
  .command('user:list')
  .description('list users with their roles and what each role is attached to')
  .addOption(new Option('--role <role>', 'only holders of this role').choices(roles))
  .option('--json', 'print the records as JSON')
  .action(async (options) => {
    await withDatabase(async ({ db }) => {
      const people = await listUsers(db, { role: options.role });
      if (options.json) {
        console.log(JSON.stringify(people, null, 2));
        return;
      }
      for (const person of people) {
        const held = person.roles
          .map(
            (r) =>
              `${r.role}${r.status === 'active' ? '' : `(${r.status})`}:${r.schoolId ?? r.venueId ?? r.regionCode ?? r.speakerId ?? '-'}`,
          )
          .join(' ');
        console.log(
          `${person.id}  ${(person.email ?? person.mobile ?? '').padEnd(34)} ${person.name}  ${held}`,
        );
      }
      console.log(`${people.length} user(s).`);
    });
  });

program
  .command('search:reindex')
  .description(
    'build a fresh search index from the database and swap it in (Meilisearch when MEILI_URL is set); ' +
      'searches keep answering from the old index meanwhile',
  )
  .action(async () => {
    await withDatabase(async ({ db }) => {
      const service = searchServiceFor(db);
      const bar = new SingleBar({ format: 'Indexing |{bar}| {value}/{total} documents', hideCursor: true });
      const started = Date.now();
      let begun = false;
      await service.rebuild({
        onProgress: (done, total) => {
          if (!begun) {
            bar.start(total, 0);
            begun = true;
          }
          bar.update(done);
        },
      });
      if (begun) bar.stop();
      const stats = await service.index.stats();
      console.log(
        `Indexed ${stats.venues} venues and ${stats.speakers} speakers with the ${stats.engine} engine in ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s.` +
          (stats.engine === 'embedded'
            ? ' The embedded index lives in the server process: the server builds it at start (and on SIGHUP).'
            : ''),
      );
    });
  });

program
  .command('import:venues')
  .description(
    'import venues from a CSV file (columns of the national museum directory or of export:venues); ' +
      'all rows or none',
  )
  .argument('<file>', 'the CSV file')
  .addOption(
    new Option('--crs <crs>', 'coordinate system of lat/lng in the file')
      .choices(['wgs84', 'gcj02', 'bd09'])
      .default('wgs84'),
  )
  .option('--dry-run', 'report what would be done and write nothing')
  .action(async (file: string, options: { crs: Crs; dryRun?: boolean }) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      fail(`cannot read ${file}.`);
    }
    await withDatabase(async ({ db }) => {
      const plan = await planVenueImport(db, text, options.crs);
      const exists = plan.duplicates.filter((d) => d.reason === 'exists').length;
      const repeated = plan.duplicates.length - exists;
      console.log(
        `${file}: ${plan.create.length} new venue(s) (${plan.approximate - plan.unplaced} placed at a county or ` +
          `league seat, ${plan.unplaced} naming no place left at the autonomous region, flagged approximate), ${exists} already in the catalogue, ${repeated} repeated in the file, ` +
          `${plan.errors.length} error(s).`,
      );
      for (const error of plan.errors.slice(0, 20)) console.error(`  line ${error.line}: ${error.message}`);
      if (plan.errors.length) fail('nothing was imported: fix the lines above and run again.');
      if (options.dryRun) {
        console.log('Dry run: nothing was written.');
        return;
      }
      if (plan.create.length === 0) return;
      const bar = new SingleBar({ format: 'Importing |{bar}| {value}/{total} venues', hideCursor: true });
      bar.start(plan.create.length, 0);
      const written = await applyVenueImport(db, plan, {
        now: new Date(),
        onProgress: (done) => bar.update(done),
      });
      bar.stop();
      console.log(
        `Imported ${written} venue(s); they wait for a region auditor's check before the public sees them.`,
      );
    });
  });

program
  .command('export:venues')
  .description('write every venue as CSV (WGS-84), in the columns import:venues reads')
  .option('--out <file>', 'write to this file instead of standard output')
  .action(async (options: { out?: string }) => {
    await withDatabase(async ({ db }) => {
      const csv = await exportVenuesCsv(db);
      if (options.out) {
        writeFileSync(options.out, csv);
        console.error(`Wrote ${csv.split('\n').length - 2} venue(s) to ${options.out}.`);
      } else process.stdout.write(csv);
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
