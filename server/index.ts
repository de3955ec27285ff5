import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { systemClock } from '#app/utils/clock.ts';
import { ConfigError, loadConfig, siteUrl } from '#app/utils/env.server.ts';
import { type DatabaseHandle, openDatabase } from '#db/client.ts';
import { DatabaseLockedError } from '#db/lock.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { describeDemoAccounts, seedDemoIfEmpty } from '#db/seed/demo.ts';
import { ensureRegions } from '#db/seed/regions.ts';
import { searchServiceFor } from '#search/configure.server.ts';
import { createApp } from './app.ts';
import { jobs } from './jobs.ts';
import { createLogger } from './logger.ts';
import { createMailer } from './mailer.ts';
import { Scheduler } from './scheduler.ts';
import type { Services } from './services.ts';

const started = Date.now();
const dev = process.argv.includes('--dev');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig({
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production'),
  });
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const log = createLogger(config.logLevel);

let database: DatabaseHandle;
try {
  database = config.databaseUrl
    ? await openDatabase({ url: config.databaseUrl, poolSize: config.databasePoolSize })
    : await openDatabase({ dataDir: config.dataDir, holder: 'the server' });
  await migrateDatabase(database);
  await ensureRegions(database.db);
} catch (error) {
  if (error instanceof DatabaseLockedError) fail(error.message);
  console.error('Could not open or migrate the database:', error instanceof Error ? error.message : error);
  process.exit(1);
}

if (config.embedded && config.seedDemo) {
  const seeded = await seedDemoIfEmpty(database.db, {
    now: systemClock.now(),
    onProgress: (step) => console.log(`  · ${step}`),
  });
  if (seeded) console.log(`Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

// Build the search index now, so that the first search after a start finds it ready (it answers meanwhile anyway).
const search = searchServiceFor(database.db, { log });
void search.start().catch(() => {});
// SIGHUP rebuilds the index and swaps it in (searches keep answering meanwhile), e.g. after editing synonyms.
process.on('SIGHUP', () => {
  log.info('SIGHUP: rebuilding the search index');
  void search.rebuild().then(
    () => log.info('search index rebuilt'),
    (error) => log.error({ err: error }, 'search index rebuild failed'),
  );
});

if (config.smtpUrl && !config.publicUrl) {
  // Links in e-mails (reset links, trips, invitations) would point at this machine's own port.
  log.warn(`SMTP_URL is set but PUBLIC_URL is not: links in e-mails will point to ${siteUrl(config)}`);
}

const services: Services = {
  config,
  database,
  clock: systemClock,
  log,
  mailer: createMailer(config.smtpUrl, log),
  searchEngine: config.meiliUrl ? 'meilisearch' : 'embedded',
};

const scheduler = new Scheduler(jobs, {
  db: database.db,
  clock: services.clock,
  log,
  mailer: services.mailer,
  publicUrl: siteUrl(config),
});
services.scheduler = scheduler;

let app: ReturnType<typeof createApp>;
if (dev) {
  const vite = await import('vite');
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  app = createApp({
    services,
    build: () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
    devMiddleware: viteServer.middlewares,
  });
} else {
  const buildFile = resolve('build/server/index.js');
  if (!existsSync(buildFile)) fail('No build found: run `npm run build` first (npm start does it for you).');
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  app = createApp({ services, build, clientDir: resolve('build/client') });
}

const server: Server = app.listen(config.port, () => {
  const url = siteUrl(config);
  console.log(
    `社会大课堂 Social Classroom is ready at ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  database: ${database.driver === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server'}`,
  );
  // Reminders, reconfirmations, lapses, waitlist promotions, invitation expiries and the search outbox.
  scheduler.start();
  void describeDemoAccounts(database.db).then((lines) => {
    if (lines.length) console.log(['Demo accounts:', ...lines].join('\n'));
  });
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing…`);
  const force = setTimeout(() => {
    console.error('Forced exit after 10 s.');
    process.exit(1);
  }, 10_000);
  force.unref();
  server.closeIdleConnections();
  await new Promise<void>((done) => server.close(() => done()));
  await scheduler.stop();
  await database.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
