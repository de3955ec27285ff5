// Forgotten passwords over real HTTP (ADR 017): the sign-in page leads to /forgot; asking answers the same for any
// address; the e-mailed link sets a new password once, signs the person in and out everywhere else; a school admin and
// an admin hand links over to accounts without e-mail; wrong input changes nothing. Both drivers.
import { eq } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { auditLog, emailOutbox, memberships, passwordResets, rateLimits, users } from '#db/schema/index.ts';
import { makeWorld, T0, type World } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a new one, remembered';

for (const driver of testDrivers) {
  describe(`password reset over HTTP [${driver}]`, () => {
    let server: TestServer;
    let w: World;
    const clock = new FakeClock(T0);

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      w = await makeWorld(server.database.db);
      await server.database.db.update(users).set({ passwordHash: await hashPassword(PASSWORD) });
    });
    afterAll(async () => {
      await server?.close();
    });
    beforeEach(async () => {
      clock.set(T0);
      await server.database.db.delete(rateLimits);
    });

    const db = () => server.database.db;
    const tokenIn = (text: string) => {
      const match = text.match(/\/reset\/([0-9a-f]{64})/);
      if (!match) throw new Error(`no reset link in: ${text.slice(0, 500)}`);
      return match[1] as string;
    };
    const mailFor = async (address: string) =>
      (await db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))).map((m) => m.body);

    it('leads from sign-in to an e-mailed link that sets the password once and signs the person in', async () => {
      const teacher = w.people.teacher;
      const login = await (await new Browser(server.url).fetch('/login')).text();
      expect(login).toContain('href="/forgot"');

      const asking = new Browser(server.url);
      const page = await asking.fetch('/forgot');
      expect(page.status).toBe(200);
      const known = await asking.form('/forgot', { identifier: teacher.email });
      const unknown = await asking.form('/forgot', { identifier: 'nobody@example.cn' });
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      // The same words whether or not the account exists.
      const strip = (html: string) =>
        html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/nonce="[^"]*"/g, '');
      expect(strip(await known.text())).toBe(strip(await unknown.text()));

      const [body, ...more] = await mailFor(teacher.email);
      expect(more).toHaveLength(0);
      const token = tokenIn(body!);

      // Elsewhere, the teacher is still signed in on another device.
      const otherDevice = new Browser(server.url);
      expect((await otherDevice.signIn(teacher.email, PASSWORD)).status).toBe(302);
      // And has an API token, made before the reset (perhaps by whoever the reset locks out).
      const created = await otherDevice.form('/account', { intent: 'create-token', name: '同步' });
      const apiToken = /data-testid="new-token">(sct_[\w-]+)</.exec(await created.text())?.[1];
      const me = () => fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${apiToken}` } });
      expect((await me()).status).toBe(200);
      // The e-mail and the page say what the reset ends.
      expect(body).toContain('API 令牌也会失效');

      const person = new Browser(server.url);
      const form = await person.fetch(`/reset/${token}`);
      expect(form.status).toBe(200);
      expect(form.headers.get('cache-control')).toContain('no-store');
      // A post from another site is refused, and the audit entry of the refusal masks the secret in the path.
      const foreign = await new Browser(server.url).fetch(`/reset/${token}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
        body: new URLSearchParams({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }).toString(),
      });
      expect(foreign.status).toBe(403);
      await expect
        .poll(async () =>
          (await db().select().from(auditLog).where(eq(auditLog.action, 'auth.permission_denied'))).map(
            (e) => e.entityId,
          ),
        )
        .toContain('POST /reset/[secret]');
      expect(JSON.stringify(await db().select().from(auditLog))).not.toContain(token);
      const formText = await form.text();
      expect(formText).toContain('王老师');
      expect(formText).toContain('所有设备上的登录都会退出，账户的 API 令牌也会失效');
      const mismatch = await person.form(`/reset/${token}`, {
        password: NEW_PASSWORD,
        confirm: 'something else',
      });
      expect(mismatch.status).toBe(400);
      expect(await mismatch.text()).toContain('两次输入的密码不一致');
      const short = await person.form(`/reset/${token}`, { password: 'short', confirm: 'short' });
      expect(short.status).toBe(400);
      // The length rule is said once, as the error in place of the hint.
      const said = parse(await short.text())
        .querySelectorAll('.field-hint, .field-error')
        .map((p) => p.text);
      expect(said.filter((text) => text.includes('至少 8 个字符'))).toEqual(['至少 8 个字符']);
      const common = await person.form(`/reset/${token}`, { password: 'password', confirm: 'password' });
      expect(common.status).toBe(400);
      const commonHtml = await common.text();
      expect(commonHtml).toContain('这个密码太常见，很容易被猜到');
      // Another error keeps the hint beside it.
      expect(commonHtml).toContain('至少 8 个字符。');
      // Nothing was used up by the wrong attempts.
      const set = await person.form(`/reset/${token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(set.status).toBe(302);
      expect(set.headers.get('location')).toBe('/trips?note=reset');
      // The landing page says the new password is set.
      const landed = await person.fetch('/trips?note=reset');
      expect(landed.status).toBe(200);
      expect(await landed.text()).toContain('新密码已设置，您已登录。');

      // Signed out everywhere else; the old password is gone, the new one works.
      const stale = await otherDevice.fetch('/trips');
      expect(stale.status).toBe(302);
      expect(stale.headers.get('location')).toMatch(/^\/login/);
      expect((await me()).status).toBe(401);
      expect((await new Browser(server.url).signIn(teacher.email, PASSWORD)).status).toBe(401);
      expect((await new Browser(server.url).signIn(teacher.email, NEW_PASSWORD)).status).toBe(302);

      // The link is spent.
      const again = await new Browser(server.url).form(`/reset/${token}`, {
        password: PASSWORD,
        confirm: PASSWORD,
      });
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('已经用过了');
      const reopened = await new Browser(server.url).fetch(`/reset/${token}`);
      expect(await reopened.text()).toContain('已经用过了');
      const unknownLink = await new Browser(server.url).fetch(`/reset/${'0'.repeat(64)}`);
      expect(unknownLink.status).toBe(200);
      expect(await unknownLink.text()).toContain('重置链接无效');
    });

    it('refuses a link past its hour, and counts requests per account', async () => {
      const operator = w.people.operator;
      const asking = new Browser(server.url);
      expect((await asking.form('/forgot', { identifier: operator.email })).status).toBe(200);
      const token = tokenIn((await mailFor(operator.email)).at(-1)!);
      clock.set(new Date(T0.getTime() + 61 * 60_000));
      const late = await new Browser(server.url).form(`/reset/${token}`, {
        password: NEW_PASSWORD,
        confirm: NEW_PASSWORD,
      });
      expect(late.status).toBe(410);
      expect(await late.text()).toContain('已过期');
      expect((await new Browser(server.url).signIn(operator.email, PASSWORD)).status).toBe(302);

      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await asking.form('/forgot', { identifier: operator.email }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      // The refusal says that the latest link still works, without saying whether the account exists.
      expect(await answers[3]!.text()).toContain('最新的一封重置邮件里的链接仍然有效');
      // Empty, over-long and impossible input: a field error, nothing sent.
      const before = (await mailFor(operator.email)).length;
      expect((await asking.form('/forgot', { identifier: '' })).status).toBe(400);
      expect((await asking.form('/forgot', { identifier: 'x'.repeat(500) })).status).toBe(400);
      const garbage = await asking.form('/forgot', { identifier: 'asdf!!@@ ###' });
      expect(garbage.status).toBe(400);
      const garbageHtml = await garbage.text();
      expect(garbageHtml).toContain('请输入有效的邮箱地址或 11 位手机号');
      // What was typed stays in the field, to be corrected rather than typed again.
      expect(garbageHtml).toMatch(/name="identifier"[^>]*value="asdf!!@@ ###"/);
      expect((await mailFor(operator.email)).length).toBe(before);
    });

    it('lets a school admin hand a link to a teacher with a mobile number only, and an admin to anyone else', async () => {
      const [mobileTeacher] = await db()
        .insert(users)
        .values({ name: '手机老师', mobile: '13912345678', passwordHash: await hashPassword(PASSWORD) })
        .returning();
      await db()
        .insert(memberships)
        .values({ userId: mobileTeacher!.id, role: 'teacher', schoolId: w.school.id });
      // Asking for it by number sends nothing (there is nowhere to send it), with the same answer.
      expect((await new Browser(server.url).form('/forgot', { identifier: '139 1234 5678' })).status).toBe(
        200,
      );
      expect(
        await db().select().from(passwordResets).where(eq(passwordResets.userId, mobileTeacher!.id)),
      ).toHaveLength(0);

      const schoolAdmin = new Browser(server.url);
      expect((await schoolAdmin.signIn(w.people.schoolAdmin.email, PASSWORD)).status).toBe(302);
      const staffPage = await (await schoolAdmin.fetch('/invites')).text();
      expect(staffPage).toContain('收不到邮件（例如只留了手机号）');
      const membershipId = staffPage.match(
        /手机老师[\s\S]*?name="intent" value="reset"\/><input type="hidden" name="id" value="([0-9a-f-]{36})"/,
      )?.[1];
      expect(membershipId).toBeTruthy();
      const issued = await schoolAdmin.form('/invites', { intent: 'reset', id: membershipId! });
      expect(issued.status).toBe(200);
      expect(issued.headers.get('cache-control')).toContain('no-store');
      const token = tokenIn(await issued.text());
      // Another school's teacher is not theirs: not found, nothing issued.
      const [otherMembership] = await db()
        .select({ id: memberships.id })
        .from(memberships)
        .where(eq(memberships.userId, w.people.otherTeacher.id));
      const refused = await schoolAdmin.form('/invites', { intent: 'reset', id: otherMembership!.id });
      expect(refused.status).toBe(404);
      expect(
        await db().select().from(passwordResets).where(eq(passwordResets.userId, w.people.otherTeacher.id)),
      ).toHaveLength(0);

      const teacher = new Browser(server.url);
      const set = await teacher.form(`/reset/${token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(set.status).toBe(302);
      expect((await new Browser(server.url).signIn('13912345678', NEW_PASSWORD)).status).toBe(302);

      // An admin, for the speaker; not for themself.
      const admin = new Browser(server.url);
      expect((await admin.signIn(w.people.admin.email, PASSWORD)).status).toBe(302);
      const forSpeaker = await admin.form(`/admin/users/${w.people.speaker.id}`, { intent: 'reset' });
      expect(forSpeaker.status).toBe(200);
      expect(tokenIn(await forSpeaker.text())).toMatch(/^[0-9a-f]{64}$/);
      const forSelf = await admin.form(`/admin/users/${w.people.admin.id}`, { intent: 'reset' });
      expect(forSelf.status).toBe(422);
      // A school admin cannot reach the admin desk at all.
      expect(
        (await schoolAdmin.form(`/admin/users/${w.people.speaker.id}`, { intent: 'reset' })).status,
      ).toBe(403);
    });
  });
}
