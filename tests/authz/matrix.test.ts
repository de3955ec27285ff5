// The authorization matrix: every route of app/routes (read from the route files, checked against the built Remix
// manifest) × every persona (and anonymous) × the world's own record and someone else's, over real HTTP. Only the
// cells classification.ts allows may succeed; every other cell must be refused. A route file without a row in
// classification.ts fails the first test.
import { readdirSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '#app/utils/clock.ts';
import { auditLog } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import { T0 } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, loadBuild, startTestServer, type TestServer } from '#tests/setup/http.ts';
import { classification, type RouteRule, type Who } from './classification.ts';
import { type AuthzWorld, makeAuthzWorld, PASSWORD, type Persona, personas } from './world.ts';

/** Route ids as Remix's flat-file convention names them: `routes/` + the file name without its extension. */
function routeIdsFromFiles(): string[] {
  return readdirSync('app/routes')
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .map((f) => `routes/${f.replace(/\.(tsx?|jsx?)$/, '')}`)
    .concat('root')
    .sort();
}

function allows(who: Who | undefined, persona: Persona): boolean {
  if (!who || who === 'nobody') return false;
  if (who === 'everyone') return true;
  if (who === 'signed-in') return persona !== 'anonymous';
  return who.includes(persona);
}

type Outcome = 'allowed' | 'denied' | 'error';

/** What an answer means: refused (sign-in, 401, 403, 404), let through (anything else below 500), or broken. */
function judge(response: Response): Outcome {
  if (response.status >= 500) return 'error';
  if ([401, 403, 404].includes(response.status)) return 'denied';
  const location = response.headers.get('location') ?? '';
  if (response.status >= 300 && response.status < 400 && location.startsWith('/login')) return 'denied';
  return 'allowed';
}

it('classifies every route in app/routes, and only routes that exist', async () => {
  const files = routeIdsFromFiles();
  const unclassified = files.filter((id) => !classification[id]);
  expect(unclassified, 'add these routes to tests/authz/classification.ts').toEqual([]);
  expect(Object.keys(classification).filter((id) => !files.includes(id))).toEqual([]);
  const build = await loadBuild();
  const built = Object.keys(build.routes).sort();
  expect(built, 'the build is stale: run `npm run build`').toEqual(files);
  // A route with an action must say who may POST; one without must not pretend.
  for (const [id, route] of Object.entries(build.routes)) {
    const rule = classification[id] as RouteRule;
    expect(Boolean(rule.post), `${id}: post cells`).toBe(Boolean(route.module.action));
    if (!rule.get) expect(route.module.loader, `${id}: get cells`).toBeUndefined();
  }
});

for (const driver of testDrivers) {
  describe(`authorization matrix [${driver}]`, () => {
    let server: TestServer;
    let world: AuthzWorld;
    const browsers = new Map<Persona, Browser>();
    const clock = new FakeClock(T0);

    async function browserFor(persona: Persona): Promise<Browser> {
      let browser = browsers.get(persona);
      if (!browser) {
        browser = new Browser(server.url);
        if (persona !== 'anonymous') {
          const response = await browser.signIn(world.emails[persona], PASSWORD);
          expect(response.status, `sign-in of ${persona}`).toBe(302);
        }
        browsers.set(persona, browser);
      }
      return browser;
    }

    async function ask(
      rule: RouteRule,
      persona: Persona,
      method: 'GET' | 'POST',
      path: string,
      variant: 'own' | 'other',
    ) {
      const body = method === 'POST' ? (rule.postBody?.(world, variant) ?? {}) : undefined;
      if (rule.kind === 'api') {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (persona !== 'anonymous') headers.Authorization = `Bearer ${world.tokens[persona]}`;
        return fetch(`${server.url}${path}`, {
          method: method === 'POST' ? (rule.writeMethod ?? 'POST') : method,
          headers,
          body: body ? JSON.stringify(body) : undefined,
          redirect: 'manual',
        });
      }
      const browser = await browserFor(persona);
      const response =
        method === 'GET'
          ? await browser.fetch(path)
          : await browser.form(path, body as Record<string, string>);
      // Signing out ends this persona's session: the next question signs in again.
      if (method === 'POST' && path === '/logout') browsers.delete(persona);
      return response;
    }

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      world = await makeAuthzWorld(server.database.db);
    });
    afterAll(async () => {
      await server?.close();
    });

    /**
     * A digest of every table's contents except the bookkeeping of sign-ins themselves (sessions, token use, the
     * limiter, the audit log): what "data" means for "no GET changes data".
     */
    async function fingerprint(): Promise<Record<string, string>> {
      const tables = await queryRows<{ name: string }>(
        server.database.db,
        sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
      );
      const skip = new Set([
        'audit_log',
        'auth_sessions',
        'api_tokens',
        'rate_limits',
        '__drizzle_migrations',
      ]);
      const out: Record<string, string> = {};
      for (const { name } of tables) {
        if (skip.has(name)) continue;
        const [row] = await queryRows<{ digest: string | null }>(
          server.database.db,
          sql`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.identifier(name)} t`,
        );
        out[name] = row?.digest ?? '';
      }
      return out;
    }

    for (const method of ['GET', 'POST'] as const) {
      it(`lets only the allowed cells through (${method})`, async () => {
        const before = method === 'GET' ? await fingerprint() : null;
        if (before) expect(Object.keys(before).length).toBeGreaterThan(20);
        const wrong: string[] = [];
        const refusals: { persona: Exclude<Persona, 'anonymous'>; requestId: string; cell: string }[] = [];
        let cells = 0;
        for (const [id, rule] of Object.entries(classification)) {
          const cellsOf = method === 'GET' ? rule.get : rule.post;
          if (!cellsOf) continue;
          const paths = typeof rule.path === 'string' ? { own: rule.path } : rule.path(world);
          const variants: ['own' | 'other', string, Who | undefined][] = [['own', paths.own, cellsOf.own]];
          if (paths.other) variants.push(['other', paths.other, cellsOf.other ?? 'nobody']);
          for (const [variant, path, who] of variants) {
            // Reading changes nothing, so the personas read at once; writes go one after another.
            const answers =
              method === 'GET'
                ? await Promise.all(personas.map((persona) => ask(rule, persona, method, path, variant)))
                : [];
            for (const [index, persona] of personas.entries()) {
              cells++;
              const response = answers[index] ?? (await ask(rule, persona, method, path, variant));
              const outcome = judge(response);
              const expected = allows(who, persona) ? 'allowed' : 'denied';
              if (outcome !== expected) {
                wrong.push(
                  `${id} ${method} ${variant} as ${persona}: expected ${expected}, got ${outcome} (${response.status} ${response.headers.get('location') ?? ''})`,
                );
              }
              // API refusals are JSON; page refusals of anonymous people go to sign-in.
              if (outcome === 'denied' && rule.kind === 'api') {
                expect(response.headers.get('content-type'), `${id} as ${persona}`).toContain(
                  'application/json',
                );
              }
              // A page's refusal is the site's error page, a file's a sentence, in the visitor's language: never a
              // bare "Forbidden".
              if (response.status === 403 && rule.kind === 'page') {
                const text = await response.clone().text();
                expect(text, `${id} as ${persona}`).toMatch(/[\u4e00-\u9fff]/);
              }
              if (response.status === 403 && persona !== 'anonymous') {
                refusals.push({
                  persona,
                  requestId: response.headers.get('x-request-id') ?? '',
                  cell: `${id} ${variant}`,
                });
              }
              await response.arrayBuffer();
            }
          }
        }
        expect(wrong).toEqual([]);
        expect(cells).toBeGreaterThan(200);
        // Every 403 to a signed-in person is in the audit log under that request's id, naming the person (entries
        // written after the answer may take a moment).
        let missing = refusals;
        for (let attempt = 0; attempt < 30 && missing.length; attempt++) {
          if (attempt) await new Promise((done) => setTimeout(done, 100));
          const denials = await server.database.db
            .select()
            .from(auditLog)
            .where(eq(auditLog.action, 'auth.permission_denied'));
          missing = refusals.filter(
            (r) =>
              !denials.some((d) => d.actorUserId === world.ids[r.persona] && d.requestId === r.requestId),
          );
        }
        expect(missing).toEqual([]);
        expect(refusals.length).toBeGreaterThan(50);
        // No GET, allowed or refused, changed any data.
        if (before) expect(await fingerprint()).toEqual(before);
      }, 300_000);
    }
  });
}
