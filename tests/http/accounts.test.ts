// Accounts over real HTTP: sign-in lands each role on its home, sessions rotate and time out, a password change
// ends the other sessions, tokens are shown once and die when revoked, the sign-in limit holds, honeypot and
// cross-origin posts are refused. Both drivers.
import { and, eq, like, sql } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, hashSecret } from '#app/domain/accounts/passwords.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import {
  apiTokens,
  auditLog,
  authSessions,
  emailOutbox,
  notifications,
  rateLimits,
  users,
} from '#db/schema/index.ts';
import { makeWorld, T0, type World } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';
const MINUTE = 60_000;

for (const driver of testDrivers) {
  describe(`accounts over HTTP [${driver}]`, () => {
    let server: TestServer;
    let w: World;
    const clock = new FakeClock(T0);

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      w = await makeWorld(server.database.db);
      const passwordHash = await hashPassword(PASSWORD);
      await server.database.db.update(users).set({ passwordHash });
    });
    afterAll(async () => {
      await server?.close();
    });
    beforeEach(async () => {
      clock.set(T0);
      await server.database.db.delete(rateLimits);
    });

    async function signedIn(who: keyof World['people'], password = PASSWORD) {
      const browser = new Browser(server.url);
      const response = await browser.signIn(w.people[who].email, password);
      expect(response.status).toBe(302);
      return { browser, response };
    }
    const cookieOf = (b: Browser) => b.cookie('sc_session');
    /** The session secret inside the cookie (Remix stores the value as URI-encoded base64 JSON). */
    const secretOf = (b: Browser): string =>
      JSON.parse(Buffer.from(decodeURIComponent(cookieOf(b) ?? ''), 'base64').toString('utf8'));

    it('lands each role on its own home after sign-in, and a role-less account on its account page', async () => {
      const homes: [keyof World['people'], string][] = [
        ['teacher', '/trips'],
        ['schoolAdmin', '/school/approvals'],
        ['operator', '/console'],
        ['speaker', '/speaker'],
        ['auditor', '/bureau'],
        ['admin', '/admin'],
      ];
      for (const [who, home] of homes) {
        const { browser, response } = await signedIn(who);
        expect(response.headers.get('location'), who).toBe(home);
        const page = await browser.fetch(home);
        expect(page.status, `${who} at ${home}`).toBe(200);
      }
      // A page that asked for sign-in gets the person back.
      const browser = new Browser(server.url);
      const back = await browser.form('/login', {
        identifier: w.people.teacher.email,
        password: PASSWORD,
        redirectTo: '/inbox',
      });
      expect(back.headers.get('location')).toBe('/inbox');
      const evil = await new Browser(server.url).form('/login', {
        identifier: w.people.teacher.email,
        password: PASSWORD,
        redirectTo: '//evil.example/',
      });
      expect(evil.headers.get('location')).toBe('/trips');
    });

    it('asks for the password again on sign-up, and its sign-in link leads home, not back to sign-up', async () => {
      const visitor = new Browser(server.url);
      const signup = parse(await (await visitor.fetch('/signup')).text());
      expect(signup.querySelector('label[for="f-confirm"]')?.text).toContain('再次输入密码');
      expect(signup.toString()).not.toContain('再次输入新密码');
      for (const page of ['/signup', '/forgot']) {
        const header = parse(await (await visitor.fetch(page)).text()).querySelector('header')!;
        const signIn = header.querySelectorAll('a').find((a) => a.text.trim() === '登录');
        expect(signIn?.getAttribute('href'), page).toBe('/login');
      }
      // Elsewhere it comes back to the page.
      const venues = parse(await (await visitor.fetch('/search')).text()).querySelector('header')!;
      expect(
        venues
          .querySelectorAll('a')
          .find((a) => a.text.trim() === '登录')
          ?.getAttribute('href'),
      ).toBe('/login?redirectTo=%2Fsearch');
      // Sent to sign in on the way to a page that needs it, the visitor is told why and that the way goes on after;
      // someone who clicked 登录 is not.
      const asked = await visitor.fetch('/trips');
      expect(asked.headers.get('location')).toBe('/login?redirectTo=%2Ftrips&required=1');
      const why = parse(await (await visitor.fetch(asked.headers.get('location')!)).text());
      expect(why.querySelector('.alert')?.text).toContain('这一步需要先登录');
      expect(why.querySelector('main form.form input[name="redirectTo"]')?.getAttribute('value')).toBe(
        '/trips',
      );
      const plain = parse(await (await visitor.fetch('/login?redirectTo=%2Fsearch')).text());
      expect(plain.querySelector('.alert')).toBeNull();
    });

    it('signs up without any privilege; a taken address, a bad one and a filled honeypot change nothing', async () => {
      const browser = new Browser(server.url);
      const before = await server.database.db.select({ n: sql<number>`count(*)::int` }).from(users);
      const bot = await browser.form('/signup', {
        name: 'Bot',
        identifier: `bot-${driver}@example.org`,
        password: 'longenough1',
        confirm: 'longenough1',
        website: 'http://spam.example',
      });
      expect(bot.status).toBe(400);
      const bad = await browser.form('/signup', {
        name: '新用户',
        identifier: 'not-an-address',
        password: 'short',
        confirm: 'different',
      });
      expect(bad.status).toBe(400);
      const badHtml = await bad.text();
      expect(badHtml).toContain('两次输入的密码不一致');
      // Every field in one answer: the address that is neither an e-mail nor a mobile number too.
      expect(badHtml).toContain('请输入有效的邮箱地址或 11 位手机号');
      expect(badHtml).toContain('至少 8 个字符');
      // Said once: the error takes the place of the hint, and the field is described by the error alone.
      const said = parse(badHtml)
        .querySelectorAll('.field-hint, .field-error')
        .filter((p) => p.text.includes('至少 8 个字符'));
      expect(said).toHaveLength(1);
      const passwordField = parse(badHtml).querySelector('input[name="password"]');
      const describedBy = passwordField?.getAttribute('aria-describedby') ?? '';
      expect(describedBy.split(' ')).toHaveLength(1);
      expect(parse(badHtml).getElementById(describedBy)?.text).toBe('至少 8 个字符');
      // What was typed comes back (a page answered without JavaScript is drawn afresh), the password never.
      expect(badHtml).toMatch(/name="name"[^>]*value="新用户"/);
      expect(badHtml).toMatch(/name="identifier"[^>]*value="not-an-address"/);
      expect(badHtml).not.toContain('value="short"');
      expect(badHtml).not.toContain('value="different"');
      const taken = await browser.form('/signup', {
        name: '重复',
        identifier: w.people.teacher.email,
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(taken.status).toBe(409);
      const takenHtml = await taken.text();
      expect(takenHtml).toContain('已经注册过');
      // The way on is beside the message: sign in, or get a new password.
      const takenPage = parse(takenHtml);
      const next = takenPage.querySelectorAll('.field-next a').map((a) => a.getAttribute('href'));
      expect(next).toEqual(['/login', '/forgot']);
      expect(takenHtml).toMatch(/name="name"[^>]*value="重复"/);
      expect(takenHtml).toMatch(new RegExp(`name="identifier"[^>]*value="${w.people.teacher.email}"`));
      expect(takenHtml).not.toContain('longenough1');
      expect(await server.database.db.select({ n: sql<number>`count(*)::int` }).from(users)).toEqual(before);

      const ok = await browser.form('/signup', {
        name: '新用户',
        identifier: `New.Person-${driver}@Example.org`,
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe('/account?welcome=1');
      const account = await (await browser.fetch('/account?welcome=1')).text();
      expect(account).toContain('还没有任何角色');
      expect((await browser.fetch('/bureau')).status).toBe(403);
      expect((await browser.fetch('/speakers/vetting')).status).toBe(403);
      const [created] = await server.database.db
        .select()
        .from(users)
        .where(eq(users.email, `new.person-${driver}@example.org`));
      expect(created?.passwordHash).toMatch(/^\$argon2id\$/);
    });

    it('keeps the language a person signs up in, and the one they switch to, for their e-mails', async () => {
      const browser = new Browser(server.url);
      expect((await browser.form('/lang', { lang: 'en', redirectTo: '/signup' })).status).toBe(302);
      const address = `english-${driver}@example.org`;
      const made = await browser.form('/signup', {
        name: 'Anna',
        identifier: address,
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(made.status).toBe(302);
      const localeOf = async () =>
        (
          await server.database.db
            .select({ locale: users.locale })
            .from(users)
            .where(eq(users.email, address))
        )[0]?.locale;
      expect(await localeOf()).toBe('en');
      // Switching in the header while signed in changes the account's language too; signed out, only the cookie.
      expect((await browser.form('/lang', { lang: 'zh', redirectTo: '/account' })).status).toBe(302);
      expect(await localeOf()).toBe('zh');
      const stranger = new Browser(server.url);
      expect((await stranger.form('/lang', { lang: 'en', redirectTo: '/' })).status).toBe(302);
      expect(await localeOf()).toBe('zh');
    });

    it('lets a person correct their name and contact details, asking the password for a contact change', async () => {
      const { browser } = await signedIn('teacher');
      const teacher = w.people.teacher;
      const [original] = await server.database.db.select().from(users).where(eq(users.id, teacher.id));
      // The password box left empty is asked for at the box, and costs no attempt of the sign-in limit.
      for (let i = 0; i < 6; i++) {
        const empty = await browser.form('/account', {
          intent: 'details',
          name: '王老师（更正）',
          email: `corrected-${driver}@example.org`,
          mobile: '',
          current: '',
        });
        expect(empty.status).toBe(400);
        const asked = parse(await empty.text());
        expect(asked.querySelector('.field-error')?.text).toContain('修改邮箱或手机号需要输入当前密码');
        expect(asked.querySelector('input[name="email"]')?.getAttribute('value')).toBe(
          `corrected-${driver}@example.org`,
        );
      }
      const wrong = await browser.form('/account', {
        intent: 'details',
        name: '王老师（更正）',
        email: `corrected-${driver}@example.org`,
        mobile: '',
        current: 'not-the-password',
      });
      expect(wrong.status).toBe(422);
      const page = await wrong.text();
      expect(page).toContain('当前密码不正确');
      // What was typed stays in the form.
      expect(page).toContain(`corrected-${driver}@example.org`);
      const [still] = await server.database.db.select().from(users).where(eq(users.id, teacher.id));
      expect(still?.email).toBe(teacher.email);
      const ok = await browser.form('/account', {
        intent: 'details',
        name: '王老师（更正）',
        email: teacher.email,
        mobile: '',
        current: '',
      });
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe('/account?done=details');
      const [renamed] = await server.database.db.select().from(users).where(eq(users.id, teacher.id));
      expect(renamed?.name).toBe('王老师（更正）');
      // Every form on the page labels its own fields: no two elements share an id, also while a venue search has
      // put the venue request form (with its own note) beside the speaker request form.
      for (const path of ['/account', `/account?venue=${encodeURIComponent('博物馆')}`]) {
        const html = await (await browser.fetch(path)).text();
        if (path !== '/account') expect(html).toContain('name="venueId"');
        const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
        expect(
          ids.filter((id, i) => ids.indexOf(id) !== i),
          path,
        ).toEqual([]);
      }
      await server.database.db.update(users).set({ name: original!.name }).where(eq(users.id, teacher.id));
    });

    it('marks the region of the speaker request as required, as its answer without one says', async () => {
      const { browser } = await signedIn('teacher');
      const page = parse(await (await browser.fetch('/account')).text());
      const region = page.querySelector('select[name="regionCode"]');
      expect(region?.hasAttribute('required')).toBe(true);
      expect(page.querySelector(`label[for="${region?.id}"] .field-required`)).not.toBeNull();
    });

    it('says what it keeps about people on a privacy page linked from every page, in both languages', async () => {
      const browser = new Browser(server.url);
      const home = await (await browser.fetch('/')).text();
      expect(home).toContain('href="/privacy"');
      const zh = await (await browser.fetch('/privacy')).text();
      expect(zh).toContain('不保存学生的个人信息');
      await browser.form('/lang', { lang: 'en', redirectTo: '/privacy' });
      const en = await (await browser.fetch('/privacy')).text();
      expect(en).toContain('Nothing personal about pupils');
    });

    it('says on the privacy page who can really close an account, and what a school admin can do instead', async () => {
      const browser = new Browser(server.url);
      const zh = await (await browser.fetch('/privacy')).text();
      // Only the platform admin disables an account (admin.users.$id); a school admin removes a teacher from the school.
      expect(zh).toContain('只有平台管理员能停用账户');
      expect(zh).toContain('学校管理员不能停用账户，但可以在“邀请教师”页把教师移出本校');
      expect(zh).not.toContain('教师请联系本校的学校管理员');
      await browser.form('/lang', { lang: 'en', redirectTo: '/privacy' });
      const en = await (await browser.fetch('/privacy')).text();
      expect(en).toContain('Only the platform admin can close an account');
      expect(en).toContain(
        'A school admin cannot close an account, but can remove a teacher from the school',
      );
      expect(en).not.toContain('teachers ask their school admin');
      // Without CONTACT_EMAIL the page says so and whom to ask instead; it never invents an address.
      expect(zh).toContain('尚未公布平台管理员的邮箱');
      expect(zh).not.toContain('mailto:');
    });

    it('puts the e-mail or mobile back after a refused sign-in, never the password', async () => {
      const browser = new Browser(server.url);
      const wrong = await browser.form('/login', {
        identifier: w.people.teacher.email,
        password: 'not-the-password',
        redirectTo: '/',
      });
      expect(wrong.status).toBe(401);
      const wrongHtml = await wrong.text();
      expect(wrongHtml).toMatch(new RegExp(`name="identifier"[^>]*value="${w.people.teacher.email}"`));
      expect(wrongHtml).not.toContain('not-the-password');
      const empty = await browser.form('/login', {
        identifier: '139 0000 1111',
        password: '',
        redirectTo: '/',
      });
      expect(empty.status).toBe(400);
      expect(await empty.text()).toMatch(/name="identifier"[^>]*value="139 0000 1111"/);
    });

    it('signs in by mobile number as well as by e-mail, however the number is written', async () => {
      const browser = new Browser(server.url);
      const made = await browser.form('/signup', {
        name: '手机用户',
        identifier: driver === 'pglite' ? '13800001234' : '13800004321',
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(made.status).toBe(302);
      const mobile = driver === 'pglite' ? '+86 138-0000-1234' : '138 0000 4321';
      expect((await new Browser(server.url).signIn(mobile, 'longenough1')).status).toBe(302);
      expect((await new Browser(server.url).signIn(mobile, 'wrong-password')).status).toBe(401);
    });

    it('says on the page a person lands on after signing out that they are signed out, and to no one else', async () => {
      const { browser } = await signedIn('teacher');
      const out = await browser.form('/logout', {});
      expect(out.status).toBe(302);
      const landing = out.headers.get('location') ?? '';
      expect(landing).toBe('/?note=signed-out');
      expect(await (await browser.fetch(landing)).text()).toContain('您已退出登录。');
      // Still signed in (a shared or made-up address), nobody is told they signed out.
      const { browser: other } = await signedIn('teacher');
      expect(await (await other.fetch(landing)).text()).not.toContain('您已退出登录。');
    });

    it('rotates the session id at sign-in; the old cookie, a signed-out one and an idle or expired one lead to sign-in', async () => {
      const { browser } = await signedIn('teacher');
      const first = cookieOf(browser);
      // Signing in again from the same browser issues a new id and ends the old one.
      await browser.signIn(w.people.teacher.email, PASSWORD);
      const second = cookieOf(browser);
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      const replay = await fetch(`${server.url}/account`, {
        headers: { Cookie: `sc_session=${first}` },
        redirect: 'manual',
      });
      expect(replay.status).toBe(302);
      expect(replay.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
      expect((await browser.fetch('/account')).status).toBe(200);

      // Replay after sign-out.
      await browser.form('/logout', {});
      const afterOut = await fetch(`${server.url}/account`, {
        headers: { Cookie: `sc_session=${second}` },
        redirect: 'manual',
      });
      expect(afterOut.status).toBe(302);
      expect(afterOut.headers.get('location')).toMatch(/^\/login/);

      // Idle for more than 2 hours.
      const idle = (await signedIn('teacher')).browser;
      clock.advance(119 * MINUTE);
      expect((await idle.fetch('/account')).status).toBe(200);
      clock.advance(119 * MINUTE); // active 119 min ago: still in
      expect((await idle.fetch('/account')).status).toBe(200);
      clock.advance(121 * MINUTE);
      const ended = await idle.fetch('/account');
      expect(ended.status).toBe(302);
      // The sign-in page says why it is asked again, once: the dead cookie goes, and a fresh visit says nothing.
      const ask = await idle.fetch(ended.headers.get('location') ?? '');
      expect(await ask.text()).toContain('您的登录已经结束');
      expect(cookieOf(idle)).toBeUndefined();
      expect(await (await idle.fetch('/login')).text()).not.toContain('您的登录已经结束');
      expect(await (await new Browser(server.url).fetch('/login')).text()).not.toContain('您的登录已经结束');

      // 30 days after sign-in even when active all along.
      clock.set(T0);
      const busy = (await signedIn('teacher')).browser;
      const [session] = await server.database.db
        .select()
        .from(authSessions)
        .where(eq(authSessions.tokenHash, hashSecret(secretOf(busy))));
      expect(session!.expiresAt.getTime() - session!.createdAt.getTime()).toBe(30 * 24 * 60 * MINUTE);
      clock.set(new Date(session!.expiresAt.getTime() - MINUTE));
      await server.database.db
        .update(authSessions)
        .set({ lastSeenAt: clock.now() })
        .where(eq(authSessions.id, session!.id));
      expect((await busy.fetch('/account')).status).toBe(200);
      clock.advance(2 * MINUTE);
      expect((await busy.fetch('/account')).status).toBe(302);
    });

    it('changing the password ends the other sessions, keeps this one, tells the person and logs no password', async () => {
      const here = (await signedIn('speaker')).browser;
      const there = (await signedIn('speaker')).browser;
      const wrong = await here.form('/account', {
        intent: 'password',
        current: 'not my password',
        password: 'a new password',
        confirm: 'a new password',
      });
      expect(wrong.status).toBe(422);
      expect(await wrong.text()).toContain('当前密码不正确');
      const mismatch = await here.form('/account', {
        intent: 'password',
        current: PASSWORD,
        password: 'a new password',
        confirm: 'another one',
      });
      expect(mismatch.status).toBe(400);
      expect((await there.fetch('/account')).status).toBe(200);

      const changed = await here.form('/account', {
        intent: 'password',
        current: PASSWORD,
        password: 'a new password',
        confirm: 'a new password',
      });
      expect(changed.status).toBe(302);
      expect((await here.fetch('/account')).status).toBe(200);
      expect((await there.fetch('/account')).status).toBe(302);
      expect((await new Browser(server.url).signIn(w.people.speaker.email, PASSWORD)).status).toBe(401);
      expect((await new Browser(server.url).signIn(w.people.speaker.email, 'a new password')).status).toBe(
        302,
      );
      const notices = await server.database.db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.userId, w.people.speaker.id), eq(notifications.kind, 'password_changed')),
        );
      expect(notices).toHaveLength(1);
      // Its e-mail links back to the site with a whole address, not a bare path.
      const [mail] = await server.database.db
        .select()
        .from(emailOutbox)
        .where(like(emailOutbox.dedupeKey, `password:${w.people.speaker.id}:%`));
      expect(mail?.body).toMatch(/\nhttps?:\/\/[^\s/]+\/account\n/);
      const log = JSON.stringify(await server.database.db.select().from(auditLog));
      expect(log).toContain('user.password_change');
      expect(log).not.toContain('a new password');
      expect(log).not.toContain(PASSWORD);
      // Put the password back for the other tests.
      await server.database.db
        .update(users)
        .set({ passwordHash: await hashPassword(PASSWORD) })
        .where(eq(users.id, w.people.speaker.id));
    });

    it('lists sessions and signs out another device, but not someone else’s', async () => {
      const here = (await signedIn('operator')).browser;
      const there = (await signedIn('operator')).browser;
      const page = await (await here.fetch('/account')).text();
      const ids = [...page.matchAll(/name="id" value="([0-9a-f-]{36})"/g)].map((m) => m[1]!);
      expect(page).toContain('当前设备');
      const [thereSession] = await server.database.db
        .select()
        .from(authSessions)
        .where(eq(authSessions.tokenHash, hashSecret(secretOf(there))));
      // Every other live session has a sign-out button; this one has none.
      expect(ids).toContain(thereSession!.id);
      const [hereSession] = await server.database.db
        .select()
        .from(authSessions)
        .where(eq(authSessions.tokenHash, hashSecret(secretOf(here))));
      expect(ids).not.toContain(hereSession!.id);
      ids.splice(0, ids.length, thereSession!.id);
      // Another person's session id: nothing happens.
      const other = (await signedIn('otherOperator')).browser;
      const theirs = await other.form('/account', { intent: 'end-session', id: ids[0]! });
      expect(theirs.status).toBe(404);
      expect((await there.fetch('/account')).status).toBe(200);
      const ended = await here.form('/account', { intent: 'end-session', id: ids[0]! });
      expect(ended.status).toBe(302);
      expect((await there.fetch('/account')).status).toBe(302);
      expect((await here.fetch('/account')).status).toBe(200);
      const bad = await here.form('/account', { intent: 'end-session', id: 'not-a-uuid' });
      expect(bad.status).toBe(400);
      // Sign out everywhere else: two more devices end, this one stays.
      const third = (await signedIn('operator')).browser;
      const fourth = (await signedIn('operator')).browser;
      expect(await (await here.fetch('/account')).text()).toContain('退出其他所有设备');
      expect((await here.form('/account', { intent: 'end-others' })).status).toBe(302);
      expect((await third.fetch('/account')).status).toBe(302);
      expect((await fourth.fetch('/account')).status).toBe(302);
      expect((await here.fetch('/account')).status).toBe(200);
    });

    it('folds the API tokens away under a plain heading for teachers and speakers, open for a venue operator', async () => {
      const tokens = async (who: keyof World['people']) => {
        const page = parse(await (await (await signedIn(who)).browser.fetch('/account')).text());
        return page.querySelector('#tokens')?.closest('details');
      };
      for (const who of ['teacher', 'speaker'] as const) {
        const fold = await tokens(who);
        expect(fold?.querySelector('summary h2')?.text, who).toBe('给开发者：API 令牌');
        expect(fold?.hasAttribute('open'), who).toBe(false);
        // Still there for whoever opens it.
        expect(fold?.querySelector('input[name="name"]'), who).not.toBeNull();
      }
      expect((await tokens('operator'))?.hasAttribute('open')).toBe(true);
      // A device the site cannot name reads as such, never as the raw user-agent text (node's fetch sends "node").
      const devices = parse(await (await (await signedIn('teacher')).browser.fetch('/account')).text())
        .querySelectorAll('#sessions ~ ul li strong')
        .map((strong) => strong.text);
      expect(devices).toContain('未知设备');
      expect(devices).not.toContain('node');
    });

    it('creates an API token shown once, answers /api/v1/me with it, and 401 JSON once revoked', async () => {
      const { browser } = await signedIn('auditor');
      const created = await browser.form('/account', { intent: 'create-token', name: '票务同步' });
      expect(created.status).toBe(200);
      expect(created.headers.get('cache-control')).toContain('no-store');
      const token = /data-testid="new-token">(sct_[\w-]+)</.exec(await created.text())?.[1];
      expect(token).toBeDefined();
      const later = await (await browser.fetch('/account')).text();
      expect(later).toContain('票务同步');
      expect(later).not.toContain(token!);
      const [stored] = await server.database.db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.userId, w.people.auditor.id));
      expect(stored?.tokenHash).not.toBe(token);
      expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);

      const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      const body = await me.json();
      expect(body).toMatchObject({
        id: w.people.auditor.id,
        roles: [{ role: 'auditor', regionCode: '150100' }],
      });
      expect(body.permissions).toContain('read:report:region');
      expect(body.permissions).not.toContain('manage:user:any');
      expect(JSON.stringify(body)).not.toContain('@');
      // The browser's cookie is no credential for the API.
      expect((await browser.fetch('/api/v1/me')).status).toBe(401);

      // Someone else cannot revoke it; an empty name changes nothing.
      const other = (await signedIn('teacher')).browser;
      expect((await other.form('/account', { intent: 'revoke-token', id: stored!.id })).status).toBe(404);
      expect((await browser.form('/account', { intent: 'create-token', name: '  ' })).status).toBe(400);
      expect(
        (await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
      expect((await browser.form('/account', { intent: 'revoke-token', id: stored!.id })).status).toBe(302);
      const revoked = await fetch(`${server.url}/api/v1/me`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(revoked.status).toBe(401);
      expect(revoked.headers.get('content-type')).toContain('application/json');
      expect(await revoked.json()).toMatchObject({ error: 'unauthorized' });
      const log = JSON.stringify(
        await server.database.db.select().from(auditLog).where(like(auditLog.action, 'token.%')),
      );
      expect(log).toContain('token.create');
      expect(log).toContain('token.revoke');
      expect(log).not.toContain(token!);
    });

    it('limits sign-in attempts per account, says when to come back, and forgives after the window', async () => {
      const email = w.people.otherTeacher.email;
      const answers: string[] = [];
      for (let i = 0; i < 5; i++) {
        const wrong = await new Browser(server.url).signIn(email, `wrong-${i}`);
        expect(wrong.status).toBe(401);
        answers.push(/<div[^>]*role="alert"[^>]*>([^<]+)</.exec(await wrong.text())?.[1] ?? '');
      }
      // Warned on the way: two and one attempts left, then that the limit is reached, with the wait.
      expect(answers.slice(0, 2)).toEqual(['账号或密码不正确。', '账号或密码不正确。']);
      expect(answers[2]).toContain('再输错 2 次，这个账号要等 15 分钟才能再登录');
      expect(answers[3]).toContain('再输错 1 次');
      expect(answers[4]).toContain('输错次数已达上限，请 15 分钟后再试');
      // An address with no account is counted and warned alike: the words say nothing about which accounts exist.
      const nobody = 'nobody-here@example.com';
      const nobodyAnswers: string[] = [];
      for (let i = 0; i < 5; i++) {
        const wrong = await new Browser(server.url).signIn(nobody, `wrong-${i}`);
        nobodyAnswers.push(/<div[^>]*role="alert"[^>]*>([^<]+)</.exec(await wrong.text())?.[1] ?? '');
      }
      expect(nobodyAnswers).toEqual(answers);
      // Past the limit even the right password is refused, with the wait in minutes.
      const blocked = await new Browser(server.url).signIn(email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await blocked.text()).toContain('请 15 分钟后再试');
      const english = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' },
        body: new URLSearchParams({ identifier: email.toUpperCase(), password: PASSWORD }).toString(),
      });
      expect(english.status).toBe(429);
      // Another account from the same address is not blocked by this one.
      expect((await new Browser(server.url).signIn(w.people.teacher.email, PASSWORD)).status).toBe(302);
      clock.advance(10 * MINUTE);
      expect(await (await new Browser(server.url).signIn(email, PASSWORD)).text()).toContain(
        '请 5 分钟后再试',
      );
      clock.advance(5 * MINUTE + 1000);
      expect((await new Browser(server.url).signIn(email, PASSWORD)).status).toBe(302);
      const blocks = await server.database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'auth.sign_in_blocked'), eq(auditLog.entityId, w.people.otherTeacher.id)),
        );
      expect(blocks.length).toBeGreaterThanOrEqual(2);
      // No address in clear in the limiter's table.
      const keys = JSON.stringify(await server.database.db.select().from(rateLimits));
      expect(keys).not.toContain('@');
    });

    it('counts wrong current passwords on /account against the sign-in limit, and then refuses even the right one', async () => {
      const person = w.people.otherSpeaker;
      const { browser } = await signedIn('otherSpeaker');
      const [before] = await server.database.db.select().from(users).where(eq(users.id, person.id));
      const changePassword = (current: string) =>
        browser.form('/account', {
          intent: 'password',
          current,
          password: 'a brand new password',
          confirm: 'a brand new password',
        });
      const changeEmail = (current: string) =>
        browser.form('/account', {
          intent: 'details',
          name: before!.name,
          email: `moved-${driver}@example.org`,
          mobile: '',
          current,
        });
      const alertOf = async (response: Response) =>
        parse(await response.text()).querySelector('.field-error')?.text ?? '';
      const answers: string[] = [];
      // Five wrong ones, through either form: one counter for the account.
      for (const attempt of [changePassword, changeEmail, changePassword, changeEmail, changePassword]) {
        const wrong = await attempt('not-the-password');
        expect(wrong.status).toBe(422);
        answers.push(await alertOf(wrong));
      }
      expect(answers.slice(0, 2).every((a) => a.includes('当前密码不正确'))).toBe(true);
      expect(answers[2]).toContain('再输错 2 次');
      expect(answers[4]).toContain('输错次数已达上限');
      // Past the limit the right password is refused too, on both forms and at sign-in, and nothing changes.
      const blocked = await changePassword(PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await alertOf(blocked)).toContain('请 15 分钟后再试');
      expect((await changeEmail(PASSWORD)).status).toBe(429);
      expect((await new Browser(server.url).signIn(person.email, PASSWORD)).status).toBe(429);
      const [after] = await server.database.db.select().from(users).where(eq(users.id, person.id));
      expect(after?.passwordHash).toBe(before?.passwordHash);
      expect(after?.email).toBe(before?.email);
      const blocks = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'auth.password_check_blocked'), eq(auditLog.entityId, person.id)));
      expect(blocks).toHaveLength(2);
      // Once the window has passed, the right password goes through again.
      clock.advance(15 * MINUTE + 1000);
      expect((await changePassword(PASSWORD)).status).toBe(302);
      await server.database.db
        .update(users)
        .set({ passwordHash: await hashPassword(PASSWORD) })
        .where(eq(users.id, person.id));
    });

    it('checks at most five passwords even when twelve attempts arrive at once', async () => {
      const attempts = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          new Browser(server.url).signIn(w.people.schoolAdmin.email, `bad-${i}`),
        ),
      );
      const statuses = attempts.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
      const failed = await server.database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'auth.sign_in_failed'), eq(auditLog.entityId, w.people.schoolAdmin.id)),
        );
      expect(failed).toHaveLength(5);
    });

    it('does not count successful sign-ins from one address against it', async () => {
      for (let i = 0; i < 35; i++) {
        expect((await new Browser(server.url).signIn(w.people.admin.email, PASSWORD)).status).toBe(302);
      }
    });

    it('limits failures per IP address across accounts', async () => {
      for (let i = 0; i < 30; i++) {
        expect((await new Browser(server.url).signIn(`nobody-${i}@example.org`, 'x')).status).toBe(401);
      }
      expect((await new Browser(server.url).signIn(w.people.admin.email, PASSWORD)).status).toBe(429);
    });

    it('refuses a cross-origin POST that would change the password, even with the cookie', async () => {
      const { browser } = await signedIn('schoolAdmin');
      const [before] = await server.database.db
        .select()
        .from(users)
        .where(eq(users.id, w.people.schoolAdmin.id));
      const response = await browser.fetch('/account', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'https://evil.example',
          'Sec-Fetch-Site': 'cross-site',
        },
        body: new URLSearchParams({
          intent: 'password',
          current: PASSWORD,
          password: 'pwned-pwned',
          confirm: 'pwned-pwned',
        }).toString(),
      });
      expect(response.status).toBe(403);
      const [after] = await server.database.db
        .select()
        .from(users)
        .where(eq(users.id, w.people.schoolAdmin.id));
      expect(after?.passwordHash).toBe(before?.passwordHash);
      // And a GET never changes anything: /logout by GET only asks.
      const get = await browser.fetch('/logout');
      expect(get.status).toBe(200);
      expect((await browser.fetch('/account')).status).toBe(200);
    });

    it('sends a CSP nonce that differs per response on signed-in pages too', async () => {
      const { browser } = await signedIn('teacher');
      const nonces = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const response = await browser.fetch('/account');
        const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
        expect(nonce).toBeDefined();
        expect(await response.text()).toContain(`nonce="${nonce}"`);
        nonces.add(nonce!);
      }
      expect(nonces.size).toBe(3);
    });
  });
}

describe('the session cookie over HTTPS [pglite]', () => {
  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, for the whole site and no domain', async () => {
    const server = await startTestServer({ env: { PUBLIC_URL: 'https://sc.example' } });
    try {
      const w = await makeWorld(server.database.db);
      await server.database.db
        .update(users)
        .set({ passwordHash: await hashPassword(PASSWORD) })
        .where(eq(users.id, w.people.teacher.id));
      const response = await new Browser(server.url).signIn(w.people.teacher.email, PASSWORD);
      expect(response.status).toBe(302);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__Host-sc_session='));
      expect(cookie).toBeDefined();
      const attributes = cookie!.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
      expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      await server.close();
    }
  });
});

describe('the privacy page with CONTACT_EMAIL set [pglite]', () => {
  it('names the administrators’ address to write to, in both languages', async () => {
    const server = await startTestServer({ env: { CONTACT_EMAIL: 'privacy@sc.example' } });
    try {
      const browser = new Browser(server.url);
      const zh = parse(await (await browser.fetch('/privacy')).text());
      const link = zh.querySelector('a[href="mailto:privacy@sc.example"]');
      expect(link?.text).toBe('privacy@sc.example');
      expect(link?.parentNode?.text).toContain('请写信给平台管理员');
      expect(zh.text).not.toContain('尚未公布');
      await browser.form('/lang', { lang: 'en', redirectTo: '/privacy' });
      const en = await (await browser.fetch('/privacy')).text();
      expect(en).toContain('write to the platform admin:');
      expect(en).toContain('mailto:privacy@sc.example');
    } finally {
      await server.close();
    }
  });
});
