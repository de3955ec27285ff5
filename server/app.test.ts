import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendNotice } from '#app/domain/notices/notices.server.ts';
import { localeCookie } from '#app/utils/i18n.server.ts';
import { users } from '#db/schema/index.ts';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

for (const driver of testDrivers) {
  describe(`the site over HTTP [${driver}]`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'demo' });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('answers /healthz with the database driver and search engine', async () => {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', db: driver, search: 'embedded', jobs: 'off' });
    });

    it('serves the Chinese home page with live counts and security headers', async () => {
      const response = await fetch(`${server.url}/`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<html lang="zh-CN"');
      expect(html).toContain('让每一堂课走出教室');
      expect(html).toMatch(/class="stat-value">4\d\d</);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-encoding')).toBe('gzip');
    });

    it('sends an enforced Content-Security-Policy with a nonce that differs per response and is on the scripts', async () => {
      const nonces: string[] = [];
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${server.url}/`);
        const csp = response.headers.get('content-security-policy') ?? '';
        expect(response.headers.get('content-security-policy-report-only')).toBeNull();
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
        expect(nonce).toBeDefined();
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain("'unsafe-inline' 'nonce");
        const html = await response.text();
        expect(html).toContain(`nonce="${nonce}"`);
        expect(html.match(/<script(?![^>]*nonce=)[^>]*>/g) ?? []).toEqual([]);
        nonces.push(nonce as string);
      }
      expect(nonces[0]).not.toBe(nonces[1]);
    });

    it('keeps a request id it is given, and answers unknown paths with a 404 page', async () => {
      const response = await fetch(`${server.url}/no/such/page`, {
        headers: { 'X-Request-Id': 'trace-123' },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toBe('trace-123');
      expect(await response.text()).toContain('没有找到这个页面');
    });

    it('switches to English and back with a POST, keeping the choice in a cookie', async () => {
      const browser = new Browser(server.url);
      const switched = await browser.form('/lang', { lang: 'en', redirectTo: '/' });
      expect(switched.status).toBe(302);
      const english = await (await browser.fetch('/')).text();
      expect(english).toContain('<html lang="en"');
      expect(english).toContain('Take every lesson beyond the classroom');
      await browser.form('/lang', { lang: 'xx', redirectTo: '//evil.example' });
      expect(await (await browser.fetch('/')).text()).toContain('<html lang="en"');
    });

    it('titles the browser tab in the chosen language, public and signed-in pages alike', async () => {
      const title = async (browser: Browser, path: string) =>
        /<title>([^<]*)<\/title>/.exec(await (await browser.fetch(path)).text())?.[1];
      const chinese = new Browser(server.url);
      expect(await title(chinese, '/login')).toBe('登录 · 社会大课堂');
      const browser = new Browser(server.url);
      await browser.form('/lang', { lang: 'en', redirectTo: '/' });
      expect(await title(browser, '/login')).toBe('Sign in · Social Classroom');
      expect(await title(browser, '/signup')).toBe('Create an account · Social Classroom');
      await browser.signIn('auditor@demo.example', DEMO_PASSWORD);
      expect(await title(browser, '/account')).toBe('My account · Social Classroom');
      expect(await title(browser, '/inbox')).toBe('Notices · Social Classroom');
      expect(await title(browser, '/bureau')).toBe('Bureau desk · Social Classroom');
      expect(await title(browser, '/bureau/queue')).toBe('Verification queue · Bureau desk');
    });

    it('signs in a demo account, shows its roles, and signs out', async () => {
      const browser = new Browser(server.url);
      const signIn = await browser.signIn('teacher@demo.example', DEMO_PASSWORD);
      expect(signIn.status).toBe(302);
      expect(browser.cookie('sc_session')).toBeDefined();
      const account = await (await browser.fetch('/account')).text();
      expect(account).toContain('王老师');
      expect(account).toContain('武川县哈达中心学校');
      await browser.form('/logout', {});
      const after = await browser.fetch('/account');
      expect(after.status).toBe(302);
      expect(after.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
    });

    it('shows a signed-in person their notices and marks them read', async () => {
      const browser = new Browser(server.url);
      await browser.signIn('school-admin@demo.example', DEMO_PASSWORD);
      const [admin] = await server.database.db
        .select()
        .from(users)
        .where(eq(users.email, 'school-admin@demo.example'));
      await sendNotice(server.database.db, {
        userId: admin!.id,
        kind: 'password_changed',
        dedupeKey: `test:${driver}:inbox`,
      });
      const page = await (await browser.fetch('/inbox')).text();
      expect(page).toContain('您的密码已修改');
      expect(page).toContain('badge-bad">1<');
      await browser.form('/inbox', {});
      expect(await (await browser.fetch('/inbox')).text()).not.toContain('badge-bad">1<');
      expect((await fetch(`${server.url}/inbox`, { redirect: 'manual' })).status).toBe(302);
    });

    it('answers a wrong password with a localized error and no session', async () => {
      const browser = new Browser(server.url);
      const response = await browser.signIn('teacher@demo.example', 'wrong-password');
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('账号或密码不正确');
      expect(browser.cookie('sc_session')).toBeUndefined();
      const empty = await browser.form('/login', { identifier: '', password: '' });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toContain('请填写此项');
    });

    it('answers an address that does not decode (400) or holds a NUL (404) in the visitor’s language, JSON under /api', async () => {
      const malformed = await fetch(`${server.url}/venues/%C0%AF`);
      expect(malformed.status).toBe(400);
      expect(await malformed.text()).toContain('网址有误');
      const cookie = (await localeCookie.serialize('en')).split(';')[0] ?? '';
      const english = await fetch(`${server.url}/%E0%A4%A`, { headers: { Cookie: cookie } });
      expect(english.status).toBe(400);
      const englishText = await english.text();
      expect(englishText).toContain('<html lang="en"');
      expect(englishText).toContain('This address is malformed');
      const nul = await fetch(`${server.url}/venues/a%00b`);
      expect(nul.status).toBe(404);
      expect(await nul.text()).toContain('没有找到这个页面');
      const api = await fetch(`${server.url}/api/v1/venues/%00`);
      expect(api.status).toBe(404);
      expect(api.headers.get('content-type')).toContain('application/json');
      expect(await api.json()).toMatchObject({ error: 'not_found' });
      const apiMalformed = await fetch(`${server.url}/api/v1/%C0%AF`);
      expect(apiMalformed.status).toBe(400);
      expect(await apiMalformed.json()).toMatchObject({ error: 'malformed_path' });
      // A path that decodes, even to unusual characters, still reaches the site.
      expect((await fetch(`${server.url}/venues/%E2%80%AE`)).status).toBe(404);
      expect((await fetch(`${server.url}/search?q=%E5%8D%9A`)).status).toBe(200);
    });

    it('answers an unknown API address with a JSON 404 for every method, in the client’s language', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/no-such-thing'],
        ['POST', '/api/v1/booking'],
        ['DELETE', '/api/v2/bookings'],
      ] as const) {
        const response = await fetch(`${server.url}${path}`, { method });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(await response.json()).toEqual({
          error: 'not_found',
          message: expect.stringContaining('/api/v1/openapi.json'),
        });
      }
      const english = await fetch(`${server.url}/api/nothing`, { headers: { 'Accept-Language': 'en' } });
      expect((await english.json()).message).toContain('There is no such endpoint');
    });

    it('names a pasted NUL character on its own field, and saves nothing', async () => {
      const browser = new Browser(server.url);
      const email = 'nul-check@example.test';
      const response = await browser.form('/signup', {
        name: 'Al\u0000ice',
        identifier: email,
        password: 'a-long-password-2030',
        confirm: 'a-long-password-2030',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('含有无法保存的不可见字符');
      const saved = await server.database.db.select().from(users).where(eq(users.email, email));
      expect(saved).toEqual([]);
      const api = await fetch(`${server.url}/api/v1/venues?q=%00`);
      expect(api.status).toBeLessThan(500);
    });

    it('answers a page write that is not a form with a 415 in the visitor’s language, changing nothing', async () => {
      const browser = new Browser(server.url);
      await browser.signIn('speaker@demo.example', DEMO_PASSWORD);
      const english = (await localeCookie.serialize('en')).split(';')[0] ?? '';
      const kinds: Array<[Record<string, string>, string | undefined]> = [
        [{}, undefined],
        [{ 'Content-Type': 'application/json' }, '{"intent":"answer"}'],
        [{ 'Content-Type': 'text/plain' }, 'intent=answer'],
        [{ 'Content-Type': 'multipart/form-data' }, 'intent=answer'],
        [{ 'Content-Type': 'multipart/form-data; boundary=x' }, 'not multipart at all'],
      ];
      for (const path of ['/speaker?index', '/speaker/profile', '/login', '/logout', '/lang']) {
        for (const [headers, body] of kinds) {
          const response = await browser.fetch(path, { method: 'POST', headers, body });
          expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(415);
          expect(await response.text()).toContain('无法读取提交的内容');
        }
      }
      const inEnglish = await fetch(`${server.url}/speaker/profile`, {
        method: 'POST',
        headers: { Cookie: english },
      });
      expect(inEnglish.status).toBe(415);
      expect(await inEnglish.text()).toContain('What was sent could not be read');
      // Still signed in: the bare POST to /logout did nothing.
      expect((await browser.fetch('/speaker')).status).toBe(200);
    });

    it('refuses a form post from another site', async () => {
      const response = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'https://evil.example',
          'Sec-Fetch-Site': 'cross-site',
        },
        body: 'identifier=teacher@demo.example&password=demo2026',
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
      // Said in the visitor's language, on a page (a form was sent from a page), not as English JSON.
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('只能在本站的网页上提交修改');
      const english = (await localeCookie.serialize('en')).split(';')[0] ?? '';
      const inEnglish = await fetch(`${server.url}/lang`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'https://evil.example',
          Cookie: english,
        },
        body: 'lang=zh&redirectTo=/',
      });
      expect(inEnglish.status).toBe(403);
      expect(await inEnglish.text()).toContain('changes can only be sent from this site’s own pages');
    });

    it('answers a Host header that makes no address with a 400, and a method the site has no use for with a 405', async () => {
      // fetch sets Host itself: a raw request sends the one a broken client or scanner would.
      const withHost = (path: string, host: string) =>
        new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          const { port } = new URL(server.url);
          const request = httpRequest(
            { host: '127.0.0.1', port, path, method: 'GET', setHost: false, headers: { Host: host } },
            (response) => {
              let body = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                body += chunk;
              });
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 0,
                  type: response.headers['content-type'] ?? '',
                  body,
                }),
              );
            },
          );
          request.on('error', reject);
          request.end();
        });
      for (const host of ['localhost:99999', '[::1', 'a b']) {
        const page = await withHost('/privacy', host);
        expect(page.status, host).toBe(400);
        expect(page.body, host).toContain('请求有误');
        const api = await withHost('/api/v1/regions', host);
        expect(api.status, host).toBe(400);
        expect(JSON.parse(api.body), host).toMatchObject({
          error: 'bad_request',
          message: expect.any(String),
        });
      }
      expect((await withHost('/privacy', new URL(server.url).host)).status).toBe(200);

      const page = await fetch(`${server.url}/privacy`, { method: 'PROPFIND' });
      expect(page.status).toBe(405);
      expect(page.headers.get('allow')).toContain('POST');
      expect(await page.text()).toContain('这个地址不接受这种请求方式');
      for (const path of ['/api/v1/nothing', '/api/v1/regions', '/api']) {
        const api = await fetch(`${server.url}${path}`, {
          method: 'PROPFIND',
          headers: { 'Accept-Language': 'en' },
        });
        expect(api.status, path).toBe(405);
        expect(await api.json(), path).toEqual({
          error: 'method_not_allowed',
          message: 'This address does not take that kind of request.',
        });
      }
      // A write to /api itself is the API's too: its JSON 404, not the pages' answer to a body they cannot read.
      const write = await fetch(`${server.url}/api`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(write.status).toBe(404);
      expect(await write.json()).toMatchObject({ error: 'not_found' });
    });
  });
}

describe('/healthz when the database is gone [pglite]', () => {
  it('answers 503 naming the failing part', async () => {
    const server = await startTestServer();
    try {
      await server.database.close();
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'error',
        failing: 'db',
        db: 'pglite',
        search: 'embedded',
        jobs: 'off',
      });
    } finally {
      await server.close().catch(() => {});
    }
  });
});
