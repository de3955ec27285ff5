// Hostile input: whatever a person types into a form, or a client sends to the API, the answer is never a server
// error. Every page with an action is read as someone allowed to use it; every form on it is sent back with each
// field in turn replaced by something hostile (a NUL byte, 100,000 characters, a day that does not exist, a number
// too large for any column, markup, the field twice, random text from fast-check). Every API route is sent its own
// fields (from the OpenAPI document) with values of the wrong kind. Real HTTP on both drivers, in the matrix's world.
import fc from 'fast-check';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '#app/api/openapi.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { T0 } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';
import { classification, type RouteRule, type Who } from './classification.ts';
import { type AuthzWorld, makeAuthzWorld, PASSWORD, type Persona } from './world.ts';

/** Text nobody should be able to turn into a 500. */
const hostileText = [
  '\u0000',
  'a\u0000b',
  '\ud800', // half a surrogate pair: JSON can carry it, PostgreSQL cannot store it
  'x'.repeat(100_000),
  '',
  '   ',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  'NaN',
  '1.5',
  '2026-02-30',
  '0000-00-00',
  '2026-02-30T25:61',
  '25:00',
  '<script>alert(1)</script>',
  "'; drop table users; --",
  '%',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '🦄👩‍👩‍👧',
  '\r\nX-Injected: 1',
];

const hostileValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileText) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** JSON values of every kind, for API fields. */
const hostileJson = fc.oneof(
  fc.constantFrom<unknown>(null, [], {}, true, -1, 0, 1e20, 2 ** 31, 0.5, '', '\u0000', 'x'.repeat(100_000)),
  fc.constantFrom(...hostileText),
  fc.anything({ maxDepth: 2 }),
);

/** Random tries per field, after the examples every field gets (a NUL character, and those of its kind). */
const RUNS_PER_FIELD = 2;

/**
 * Values every field of a kind is sent, besides random ones: days at the ends of the calendar (a day has a next day
 * only up to 9999-12-31), and an id edited by hand in a hidden field.
 */
function examplesFor(name: string, type: string): [string, boolean][] {
  const examples: [string, boolean][] = [['a\u0000b', false]];
  if (type === 'date') examples.push(['9999-12-31', false], ['0001-01-01', false]);
  if (type === 'hidden' && /id$/i.test(name)) examples.push(['not-a-uuid', false]);
  return examples;
}

/** Query parameters pages of this site read (each page also gets those its own links carry). */
const usualParameters = [
  'q',
  'page',
  'venue',
  'topic',
  'program',
  'school',
  'month',
  'status',
  'region',
  'from',
  'to',
  'before',
  'redirectTo',
  'session',
];

/** Everyone allowed to use a route (a page may show each of them other forms), with a teacher for "signed in". */
function personasFor(who: Who | undefined): Persona[] {
  if (!who || who === 'nobody') return [];
  if (who === 'everyone') return ['anonymous', 'teacher'];
  if (who === 'signed-in') return ['teacher'];
  return [...who];
}

/** Every page (but signing out) with each person allowed to read it. */
const pageVisits = Object.entries(classification).flatMap(([id, rule]) =>
  rule.kind === 'page' && id !== 'routes/logout'
    ? personasFor(rule.get?.own).map((persona) => ({ id, rule, persona }))
    : [],
);

interface FormShape {
  action: string;
  method: 'get' | 'post';
  /** Field name → value as the page sent it (in document order; a name may repeat). */
  fields: [string, string][];
  /** Field name → its input type (text, date, hidden, …). */
  types: Map<string, string>;
}

/**
 * The forms of a page as a browser would submit them (one per named submit button), leaving out those whose key is
 * in `seen` already (the header's search and language forms are on every page: each is sent hostile values once for
 * each person, not once for every page).
 */
function formsOf(html: string, pagePath: string, seen: Set<string>): FormShape[] {
  const out: FormShape[] = [];
  for (const form of parse(html).querySelectorAll('form')) {
    const method = (form.getAttribute('method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const action = new URL(form.getAttribute('action') ?? pagePath, `http://x${pagePath}`);
    const fields: [string, string][] = [];
    const types = new Map<string, string>();
    for (const el of form.querySelectorAll('input, select, textarea')) {
      const name = el.getAttribute('name');
      if (!name || el.hasAttribute('disabled')) continue;
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !el.hasAttribute('checked')) continue;
      fields.push([name, initialValue(el, type)]);
      types.set(name, type);
    }
    const buttons = form
      .querySelectorAll('button, input[type=submit]')
      .filter((b) => b.getAttribute('name'))
      .map((b) => [b.getAttribute('name') as string, b.getAttribute('value') ?? ''] as [string, string]);
    for (const button of buttons.length ? buttons : [null]) {
      const shape = {
        action: action.pathname + action.search,
        method,
        fields: button ? [...fields, button] : fields,
        types,
      };
      const key = `${shape.method} ${shape.action} ${shape.fields.map(([n]) => n).join(',')} ${button?.join('=')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(shape as FormShape);
    }
  }
  return out;
}

function initialValue(el: HTMLElement, type: string): string {
  if (el.tagName === 'TEXTAREA') return el.textContent;
  if (el.tagName === 'SELECT') {
    const options = el.querySelectorAll('option');
    const chosen = options.find((o) => o.hasAttribute('selected')) ?? options[0];
    return chosen?.getAttribute('value') ?? chosen?.textContent ?? '';
  }
  return el.getAttribute('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
}

/** The same fields with one of them (each occurrence) replaced, or sent twice. */
function withField(fields: [string, string][], name: string, value: string, twice: boolean): URLSearchParams {
  const body = new URLSearchParams();
  for (const [n, v] of fields) {
    if (n !== name) body.append(n, v);
    else {
      body.append(n, value);
      if (twice) body.append(n, v);
    }
  }
  return body;
}

type OpenApi = ReturnType<typeof openApiDocument>;
type SchemaObject = { $ref?: string; properties?: Record<string, unknown>; allOf?: SchemaObject[] };

/** The JSON body fields and query parameters the OpenAPI document gives a method of a concrete path. */
function apiFields(doc: OpenApi, path: string, method: string): { body: string[]; query: string[] } {
  const bare = path.split('?')[0] as string;
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (!pattern.test(bare)) continue;
    const operation = (item as Record<string, unknown>)[method] as
      | {
          parameters?: { in: string; name: string }[];
          requestBody?: { content: Record<string, { schema: SchemaObject }> };
        }
      | undefined;
    if (!operation) continue;
    const resolve = (schema: SchemaObject | undefined): string[] => {
      if (!schema) return [];
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop() as string;
        return resolve((doc.components?.schemas as Record<string, SchemaObject>)?.[name]);
      }
      return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap(resolve)];
    };
    return {
      body: resolve(operation.requestBody?.content['application/json']?.schema),
      query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    };
  }
  return { body: [], query: [] };
}

for (const driver of testDrivers) {
  describe(`hostile input answers below 500 [${driver}]`, () => {
    let server: TestServer;
    let world: AuthzWorld;
    const doc = openApiDocument();

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock: new FakeClock(T0) });
      world = await makeAuthzWorld(server.database.db);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function browserAs(persona: Persona): Promise<Browser> {
      const browser = new Browser(server.url);
      if (persona !== 'anonymous') {
        expect((await browser.signIn(world.emails[persona], PASSWORD)).status).toBe(302);
      }
      return browser;
    }

    const pathsOf = (rule: RouteRule) => (typeof rule.path === 'string' ? rule.path : rule.path(world).own);

    it('in every form of every page', async () => {
      const broken: string[] = [];
      let sent = 0;
      let formsSeen = 0;
      const seenBy = new Map<Persona, Set<string>>();
      for (const { id, rule, persona } of pageVisits) {
        const browser = await browserAs(persona);
        const path = pathsOf(rule);
        const page = await browser.fetch(path);
        if (page.status !== 200) continue;
        if (!seenBy.has(persona)) seenBy.set(persona, new Set());
        const forms = formsOf(await page.text(), path, seenBy.get(persona) as Set<string>);
        formsSeen += forms.length;
        for (const form of forms) {
          const names = [...new Set(form.fields.map(([name]) => name))];
          for (const name of names) {
            await fc.assert(
              fc.asyncProperty(hostileValue, fc.boolean(), async (value, twice) => {
                const body = withField(form.fields, name, value, twice);
                const response =
                  form.method === 'post'
                    ? await browser.fetch(form.action, {
                        method: 'POST',
                        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                        body: body.toString(),
                      })
                    : await browser.fetch(`${form.action.split('?')[0]}?${body.toString()}`.slice(0, 7_000));
                sent++;
                await response.arrayBuffer();
                if (response.status >= 500) {
                  broken.push(
                    `${id} as ${persona}: ${form.method.toUpperCase()} ${form.action} ${name}=${JSON.stringify(value.slice(0, 40))}${twice ? ' (twice)' : ''} → ${response.status}`,
                  );
                }
                return true;
              }),
              { numRuns: RUNS_PER_FIELD, examples: examplesFor(name, form.types.get(name) ?? 'text') },
            );
          }
        }
      }
      expect([...new Set(broken)]).toEqual([]);
      expect(formsSeen).toBeGreaterThan(30);
      expect(sent).toBeGreaterThan(500);
    }, 600_000);

    it('in the query parameters of every page (those its links use, and the site’s usual ones)', async () => {
      const broken: string[] = [];
      let sent = 0;
      for (const { id, rule, persona } of pageVisits) {
        const browser = await browserAs(persona);
        const path = pathsOf(rule);
        const page = await browser.fetch(path);
        const own = new URL(path, 'http://x');
        const linked = new Set<string>();
        if (page.status === 200) {
          for (const link of parse(await page.text()).querySelectorAll('a[href]')) {
            const href = new URL(link.getAttribute('href') as string, own);
            if (href.pathname === own.pathname) for (const name of href.searchParams.keys()) linked.add(name);
          }
        } else await page.arrayBuffer();
        const ask = async (values: [string, string][]) => {
          const url = new URL(own);
          for (const [name, value] of values) url.searchParams.set(name, value);
          const response = await browser.fetch(`${url.pathname}${url.search}`.slice(0, 7_000));
          sent++;
          await response.arrayBuffer();
          if (response.status >= 500) {
            broken.push(
              `${id} as ${persona}: GET ${url.pathname}${url.search.slice(0, 200)} → ${response.status}`,
            );
          }
          return true;
        };
        // The parameters its links use one at a time; the usual ones all at once, each with its own value.
        for (const name of linked) {
          await fc.assert(
            fc.asyncProperty(hostileValue, (value) => ask([[name, value]])),
            { numRuns: 2, examples: [['\u0000']] },
          );
        }
        await fc.assert(
          fc.asyncProperty(
            fc.array(hostileValue, { minLength: usualParameters.length, maxLength: usualParameters.length }),
            (values) => ask(usualParameters.map((name, index) => [name, values[index] ?? ''])),
          ),
          { numRuns: 3, examples: [[usualParameters.map(() => '\u0000')]] },
        );
      }
      expect([...new Set(broken)]).toEqual([]);
      expect(sent).toBeGreaterThan(300);
    }, 600_000);

    it('in every segment of every path (pages, files and the API)', async () => {
      const broken: string[] = [];
      let sent = 0;
      for (const [id, rule] of Object.entries(classification)) {
        const persona = personasFor(rule.get?.own)[0] ?? 'anonymous';
        const browser = await browserAs(persona);
        const headers: Record<string, string> =
          rule.kind === 'api' && persona !== 'anonymous'
            ? { Authorization: `Bearer ${world.tokens[persona]}` }
            : {};
        const own = new URL(pathsOf(rule), 'http://x');
        const segments = own.pathname.split('/');
        for (let index = 1; index < segments.length; index++) {
          for (const value of [
            '%00',
            'a%00b',
            '%C0%AF',
            '..',
            '%2e%2e%2f',
            'x'.repeat(2_000),
            '%F0%9F%A6%84',
            '%E2%80%AE',
          ]) {
            const path =
              [...segments.slice(0, index), value, ...segments.slice(index + 1)].join('/') + own.search;
            const response = await browser.fetch(path, { headers });
            sent++;
            await response.arrayBuffer();
            if (response.status >= 500)
              broken.push(`${id} as ${persona}: GET ${path.slice(0, 80)} → ${response.status}`);
          }
        }
      }
      expect(broken).toEqual([]);
      expect(sent).toBeGreaterThan(200);
    }, 600_000);

    it('in every field and query parameter of the API, and in bodies that are not objects', async () => {
      const broken: string[] = [];
      let sent = 0;
      for (const [id, rule] of Object.entries(classification)) {
        if (rule.kind !== 'api') continue;
        const path = pathsOf(rule);
        const tries: {
          method: string;
          persona: Persona | undefined;
          base: Record<string, unknown> | null;
        }[] = [
          { method: 'get', persona: personasFor(rule.get?.own)[0], base: null },
          {
            method: (rule.writeMethod ?? 'POST').toLowerCase(),
            persona: personasFor(rule.post?.own)[0],
            base: rule.postBody?.(world, 'own') ?? {},
          },
        ];
        for (const { method, persona, base } of tries) {
          if (!persona) continue;
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (persona !== 'anonymous') headers.Authorization = `Bearer ${world.tokens[persona]}`;
          const send = async (url: string, body?: string, label = '') => {
            const response = await fetch(`${server.url}${url}`, {
              method: method.toUpperCase(),
              headers: { ...headers, 'Idempotency-Key': `hostile-${sent}` },
              body,
              redirect: 'manual',
            });
            sent++;
            await response.arrayBuffer();
            if (response.status >= 500)
              broken.push(`${id}: ${method.toUpperCase()} ${url} ${label} → ${response.status}`);
          };
          const fields = apiFields(doc, path, method);
          for (const name of fields.query) {
            await fc.assert(
              fc.asyncProperty(hostileValue, async (value) => {
                const url = new URL(path, 'http://x');
                url.searchParams.set(name, value);
                await send(
                  `${url.pathname}${url.search}`.slice(0, 7_000),
                  base ? JSON.stringify(base) : undefined,
                  name,
                );
                return true;
              }),
              { numRuns: RUNS_PER_FIELD, examples: [['\u0000']] },
            );
          }
          if (!base) continue;
          for (const name of new Set([...fields.body, ...Object.keys(base)])) {
            await fc.assert(
              fc.asyncProperty(hostileJson, async (value) => {
                await send(
                  path,
                  JSON.stringify({ ...base, [name]: value }),
                  `${name}=${JSON.stringify(value)?.slice(0, 40)}`,
                );
                return true;
              }),
              { numRuns: RUNS_PER_FIELD, examples: [['\u0000'], ['a\ud800'], [null]] },
            );
          }
          for (const body of [
            '',
            'null',
            '[]',
            '"text"',
            '42',
            '{',
            '{"a":',
            '\u0000',
            JSON.stringify([base]),
          ]) {
            await send(path, body, `body ${JSON.stringify(body.slice(0, 20))}`);
          }
        }
      }
      expect(broken).toEqual([]);
      expect(sent).toBeGreaterThan(150);
    }, 600_000);
  });
}
