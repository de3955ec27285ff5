import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { type Clock, systemClock } from '#app/utils/clock.ts';
import { loadConfig } from '#app/utils/env.server.ts';
import type { Driver } from '#db/client.ts';
import { createApp } from '#server/app.ts';
import { createLogger } from '#server/logger.ts';
import { createMailer } from '#server/mailer.ts';
import type { Services } from '#server/services.ts';
import { createTestDatabase, type Fixture, type TestDatabase } from './db.ts';

let build: Promise<ServerBuild> | undefined;

/** The production build of the app (npm test builds it first). */
export function loadBuild(): Promise<ServerBuild> {
  const file = resolve('build/server/index.js');
  if (!existsSync(file))
    throw new Error('No build: run `npm run build` before the HTTP tests (npm test does).');
  build ??= import(pathToFileURL(file).href) as Promise<ServerBuild>;
  return build;
}

export interface TestServer {
  url: string;
  database: TestDatabase;
  services: Services;
  close(): Promise<void>;
}

/** The real app on a free port over a fresh database: real HTTP, real PostgreSQL (PGlite or the server). */
export async function startTestServer(
  options: { driver?: Driver; fixture?: Fixture; clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const database = await createTestDatabase(options.driver ?? 'pglite', options.fixture ?? 'empty');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: resolve('tmp/test-data'),
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const services: Services = {
    config,
    database,
    clock: options.clock ?? systemClock,
    log: createLogger('silent'),
    mailer: createMailer(undefined, createLogger('silent')),
    searchEngine: 'embedded',
  };
  const app = createApp({ services, build: await loadBuild(), clientDir: resolve('build/client') });
  const server = app.listen(0);
  await new Promise((done) => server.once('listening', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    services,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await database.dispose();
    },
  };
}

/** A tiny cookie jar over fetch, for signing in and following a session. */
export class Browser {
  private cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(this.base + path, { redirect: 'manual', ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      const expired = attributes.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (name && (expired || value.join('=') === '')) this.cookies.delete(name.trim());
      else if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return response;
  }

  form(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async signIn(identifier: string, password: string): Promise<Response> {
    return this.form('/login', { identifier, password, redirectTo: '/' });
  }
}
