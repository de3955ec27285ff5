// Onboarding and administration over real HTTP: invitation links from school admins, requests to operate a venue or
// to speak decided by the auditor of that region, the admin desk (disable ends sessions and tokens; roles), and the
// id-swapping (IDOR) cases of these forms. Both drivers.
import { and, eq } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '#app/domain/accounts/passwords.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { auditLog, invites, memberships, notifications, speakers, users } from '#db/schema/index.ts';
import { type AuthzWorld, makeAuthzWorld, PASSWORD, type Persona } from '#tests/authz/world.ts';
import { DAY_MS, T0 } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

for (const driver of testDrivers) {
  describe(`onboarding and administration over HTTP [${driver}]`, () => {
    let server: TestServer;
    let w: AuthzWorld;
    const clock = new FakeClock(T0);

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      w = await makeAuthzWorld(server.database.db);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function as(persona: Exclude<Persona, 'anonymous'>) {
      const browser = new Browser(server.url);
      expect((await browser.signIn(w.emails[persona], PASSWORD)).status).toBe(302);
      return browser;
    }
    const linkIn = (html: string) => /data-testid="invite-link">(http[^<]+)</.exec(html)?.[1];

    it('lets a school admin invite a teacher by a link that works once and expires; only for their own school', async () => {
      const admin = await as('schoolAdmin');
      const page = await (await admin.fetch('/invites')).text();
      expect(page).toContain('哈达中心学校');
      expect(page).not.toContain('赛罕区实验小学');
      // Every member has an e-mail address here: no reset button, so no words about one.
      expect(page).not.toContain('name="intent" value="reset"');
      expect(page).not.toContain('收不到邮件（例如只留了手机号）');
      // IDOR in a form field: another school's id.
      const foreign = await admin.form('/invites', { schoolId: w.otherSchool.id, role: 'teacher' });
      expect(foreign.status).toBe(403);
      // A school admin cannot mint another school admin.
      expect((await admin.form('/invites', { schoolId: w.school.id, role: 'school_admin' })).status).toBe(
        403,
      );
      expect((await admin.form('/invites', { schoolId: 'nope' })).status).toBe(400);
      const before = await server.database.db.select().from(invites);
      expect(before.filter((i) => i.schoolId === w.otherSchool.id)).toEqual([]);

      const created = await admin.form('/invites', { schoolId: w.school.id, role: 'teacher' });
      expect(created.status).toBe(200);
      const link = linkIn(await created.text());
      expect(link).toMatch(/\/join\/[0-9a-f]{64}$/);
      const path = new URL(link!).pathname;

      // A newcomer opens it, makes an account and is a teacher of the school at once.
      const newcomer = new Browser(server.url);
      const invitation = await (await newcomer.fetch(path)).text();
      expect(invitation).toContain('哈达中心学校');
      const bad = await newcomer.form(path, {
        name: '',
        identifier: 'x',
        password: 'short',
        confirm: 'nope',
      });
      expect(bad.status).toBe(400);
      const joined = await newcomer.form(path, {
        name: '新老师',
        identifier: `new-teacher-${driver}@example.org`,
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(joined.status).toBe(302);
      expect(joined.headers.get('location')).toBe(`/trips?note=joined&school=${w.school.id}&role=teacher`);
      // The landing page says where the person now belongs.
      const landed = await newcomer.fetch(joined.headers.get('location')!);
      expect(landed.status).toBe(200);
      expect(await landed.text()).toContain(`您已以“教师”身份加入哈达中心学校。`);
      // A made-up note about another school says nothing.
      expect(
        await (await newcomer.fetch(`/trips?note=joined&school=${w.otherSchool.id}&role=teacher`)).text(),
      ).not.toContain('身份加入');
      const [person] = await server.database.db
        .select()
        .from(users)
        .where(eq(users.email, `new-teacher-${driver}@example.org`));
      const roles = await server.database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, person!.id));
      expect(roles.map((r) => [r.role, r.schoolId, r.status])).toEqual([['teacher', w.school.id, 'active']]);

      // Used: nobody else joins with it.
      const again = await new Browser(server.url).form(path, {
        name: '第二人',
        identifier: `second-${driver}@example.org`,
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(again.status).toBe(410);
      expect(await again.text()).toContain('已经使用过');
      const plain = await as('plain');
      expect((await plain.form(path, {})).status).toBe(410);

      // Expired after 7 days.
      const late = linkIn(
        await (await admin.form('/invites', { schoolId: w.school.id, role: 'teacher' })).text(),
      );
      clock.advance(7 * DAY_MS + 1000);
      try {
        const expired = await plain.form(new URL(late!).pathname, {});
        expect(expired.status).toBe(410);
        expect(await expired.text()).toContain('已过期');
      } finally {
        clock.set(T0);
      }
      expect((await admin.fetch('/invites')).status).toBe(200);
      // The school admin sees the new teacher and may remove them, but not a teacher of another school.
      const staff = await (await admin.fetch('/invites')).text();
      expect(staff).toContain('新老师');
      const [otherTeacherRole] = await server.database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, w.people.otherTeacher.id));
      expect(
        (await admin.form('/invites', { intent: 'remove', id: otherTeacherRole!.id, confirm: 'yes' })).status,
      ).toBe(404);
      expect(staff).toContain('学校的日历订阅地址会同时换新');
      // Without the box ticked nothing changes: the school's calendar address is everyone's.
      const unticked = await admin.form('/invites', { intent: 'remove', id: roles[0]!.id });
      expect(unticked.status).toBe(400);
      expect(await unticked.text()).toContain('请先勾选上面这一项，确认后再移出。');
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, person!.id)),
      ).toHaveLength(1);
      expect(
        (await admin.form('/invites', { intent: 'remove', id: roles[0]!.id, confirm: 'yes' })).status,
      ).toBe(200);
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, person!.id)),
      ).toEqual([]);
      const log = JSON.stringify(await server.database.db.select().from(auditLog));
      expect(log).toContain('invite.create');
      expect(log).toContain('membership.delete');
      expect(log).not.toContain(path.slice('/join/'.length));
      expect(log).not.toContain('longenough1');
    });

    it('lets a school admin revoke an unused link of their school behind a ticked box; the link then says so', async () => {
      const admin = await as('schoolAdmin');
      const path = new URL(
        linkIn(await (await admin.form('/invites', { schoolId: w.school.id, role: 'teacher' })).text())!,
      ).pathname;
      const [link] = await server.database.db
        .select()
        .from(invites)
        .where(eq(invites.tokenHash, hashSecret(path.slice('/join/'.length))));
      const isOpen = async () => {
        const [row] = await server.database.db.select().from(invites).where(eq(invites.id, link!.id));
        return row?.revokedAt === null && row.usedAt === null;
      };
      const page = await (await admin.fetch('/invites')).text();
      expect(page).toContain(`name="id" value="${link!.id}"`);
      expect(page).toContain('我确认撤销这个邀请链接');
      // Not ticked: refused with the box's message, nothing changes.
      const unticked = await admin.form('/invites', { intent: 'revoke', id: link!.id });
      expect(unticked.status).toBe(400);
      expect(await unticked.text()).toContain('请先勾选上面这一项，确认后再撤销。');
      expect((await admin.form('/invites', { intent: 'revoke', id: 'abc', confirm: 'yes' })).status).toBe(
        400,
      );
      // Nobody but the school's admin (or an admin): a teacher is refused, another school's admin finds nothing.
      const teacher = await as('teacher');
      expect(
        (await teacher.form('/invites', { intent: 'revoke', id: link!.id, confirm: 'yes' })).status,
      ).toBe(403);
      const [{ passwordHash }] = (await server.database.db
        .select({ passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.id, w.ids.plain))) as [{ passwordHash: string | null }];
      const [stranger] = await server.database.db
        .insert(users)
        .values({ email: `other-admin-${driver}@example.org`, name: '别校管理员', passwordHash })
        .returning();
      await server.database.db
        .insert(memberships)
        .values({ userId: stranger!.id, role: 'school_admin', schoolId: w.otherSchool.id });
      const otherAdmin = new Browser(server.url);
      expect((await otherAdmin.signIn(stranger!.email!, PASSWORD)).status).toBe(302);
      expect(
        (await otherAdmin.form('/invites', { intent: 'revoke', id: link!.id, confirm: 'yes' })).status,
      ).toBe(404);
      expect(await isOpen()).toBe(true);

      const revoked = await admin.form('/invites', { intent: 'revoke', id: link!.id, confirm: 'yes' });
      expect(revoked.status).toBe(200);
      const after = await revoked.text();
      expect(after).toContain('邀请链接已撤销，不能再用它加入学校。');
      expect(after).toContain('已撤销');
      expect(after).not.toContain(`name="id" value="${link!.id}"`);
      expect(await isOpen()).toBe(false);
      const [entry] = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'invite.revoke'), eq(auditLog.entityId, link!.id)));
      expect(entry?.actorUserId).toBe(w.ids.schoolAdmin);
      // Twice: nothing left to revoke.
      const again = await admin.form('/invites', { intent: 'revoke', id: link!.id, confirm: 'yes' });
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('无需再撤销');

      // Whoever opens the link is told it was withdrawn, in their language, and cannot use it.
      expect(await (await new Browser(server.url).fetch(path)).text()).toContain('这个邀请链接已被学校撤销');
      const visitor = new Browser(server.url);
      await visitor.form('/lang', { lang: 'en', redirectTo: path });
      expect(await (await visitor.fetch(path)).text()).toContain(
        'This invitation link was withdrawn by the school',
      );
      const plain = await as('plain');
      const tried = await plain.form(path, {});
      expect(tried.status).toBe(410);
      expect(await tried.text()).toContain('这个邀请链接已被学校撤销');
      const signUp = await new Browser(server.url).form(path, {
        name: '收错链接的人',
        identifier: `wrong-person-${driver}@example.org`,
        password: 'longenough1',
        confirm: 'longenough1',
      });
      expect(signUp.status).toBe(410);
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, w.ids.plain)),
      ).toEqual([]);
      expect(
        await server.database.db
          .select()
          .from(users)
          .where(eq(users.email, `wrong-person-${driver}@example.org`)),
      ).toEqual([]);
    });

    it('tells a school’s links apart, and does not use one up on a teacher already there or on its maker', async () => {
      const admin = await as('schoolAdmin');
      const made = await admin.form('/invites', { schoolId: w.school.id, role: 'teacher' });
      const path = new URL(linkIn(await made.text())!).pathname;
      const token = path.slice('/join/'.length);
      const [link] = await server.database.db
        .select()
        .from(invites)
        .where(eq(invites.tokenHash, hashSecret(token)));
      // The list and the revoke fold name the link by when it was made and how it ends, never the whole of it.
      const list = parse(await (await admin.fetch('/invites')).text());
      const row = list
        .querySelectorAll('li')
        .find((li) => li.innerHTML.includes(`name="id" value="${link!.id}"`));
      expect(row?.text).toContain(`链接末尾 …${token.slice(-6)}`);
      expect(row?.text).toContain('生成于 ');
      expect(row?.text).toMatch(
        new RegExp(`这个链接（教师 · 哈达中心学校 · 生成于 [^）]+ · 链接末尾 …${token.slice(-6)}）`),
      );
      expect(list.toString()).not.toContain(token);

      // A teacher of the school opens it: told they are in already, no button, a way on; a POST changes nothing.
      const teacher = await as('teacher');
      const seen = await (await teacher.fetch(path)).text();
      expect(seen).toContain(`您已经是哈达中心学校的教师，不需要再加入`);
      expect(seen).not.toContain('接受邀请');
      expect(seen).toContain('href="/trips"');
      const pressed = await teacher.form(path, {});
      expect(pressed.status).toBe(409);
      expect(await pressed.text()).toContain('您已经是');
      // The school admin opening her own link is told whom it is for.
      const own = await (await admin.fetch(path)).text();
      expect(own).toContain('这是您生成的邀请链接');
      expect(own).not.toContain('接受邀请');
      expect((await admin.form(path, {})).status).toBe(409);
      const [after] = await server.database.db.select().from(invites).where(eq(invites.id, link!.id));
      expect(after).toMatchObject({ usedAt: null, usedBy: null, revokedAt: null });
      const relisted = parse(await (await admin.fetch('/invites')).text())
        .querySelectorAll('li')
        .find((li) => li.innerHTML.includes(`name="id" value="${link!.id}"`));
      expect(relisted?.text).not.toContain('已加入');

      // A newcomer still finds the link open, and the new account's form asks for the password again (not a new one).
      const form = await (await new Browser(server.url).fetch(path)).text();
      expect(form).toContain('创建账户并加入');
      expect(form).toContain('再次输入密码');
      expect(form).not.toContain('再次输入新密码');
      await admin.form('/invites', { intent: 'revoke', id: link!.id, confirm: 'yes' });
    });

    it('lets someone who finds another person signed in on the computer sign out from the invitation and join as themselves', async () => {
      const admin = await as('schoolAdmin');
      const made = await admin.form('/invites', { schoolId: w.school.id, role: 'teacher' });
      const path = new URL(linkIn(await made.text())!).pathname;
      // The operator is signed in on the shared computer; the newcomer opens the link there.
      const shared = await as('operator');
      const page = parse(await (await shared.fetch(path)).text());
      const signOut = page.querySelector('main form[action="/logout"]');
      expect(signOut?.text).toContain('本人？');
      expect(signOut?.text).toContain('退出登录，用自己的账户加入');
      expect(signOut?.querySelector('input[name="redirectTo"]')?.getAttribute('value')).toBe(path);
      const out = await shared.form('/logout', { redirectTo: path });
      expect(out.headers.get('location')).toBe(`${path}?note=signed-out`);
      const back = await (await shared.fetch(out.headers.get('location')!)).text();
      expect(back).toContain('您已退出登录。');
      expect(back).toContain('创建账户并加入');
      // The link is still open for the newcomer, and signing out leads nowhere off the site.
      const [link] = await server.database.db
        .select()
        .from(invites)
        .where(eq(invites.tokenHash, hashSecret(path.slice('/join/'.length))));
      expect(link?.usedAt).toBeNull();
      const elsewhere = await (await as('operator')).form('/logout', { redirectTo: '//evil.example/' });
      expect(elsewhere.headers.get('location')).toBe('/?note=signed-out');
      await admin.form('/invites', { intent: 'revoke', id: link!.id, confirm: 'yes' });
    });

    it('says whom to ask and where to go when an invitation link is no good', async () => {
      const visitor = new Browser(server.url);
      const page = parse(await (await visitor.fetch(`/join/${'ab'.repeat(32)}`)).text());
      const main = page.querySelector('main')!;
      expect(main.text).toContain('邀请链接无效');
      expect(main.text).toContain('请联系学校管理员重新发送一个邀请链接');
      expect(main.querySelector('a[href="/"]')?.text).toBe('返回首页');
      expect(main.querySelector('a[href="/login"]')?.text).toBe('登录');
      // Signed in, the way on is the person's own home.
      const teacher = await as('teacher');
      const signedIn = parse(await (await teacher.fetch('/join/garbage')).text()).querySelector('main')!;
      expect(signedIn.text).toContain('请联系学校管理员');
      expect(signedIn.querySelector('a[href="/trips"]')).not.toBeNull();
    });

    it('counts accounts made through an invitation link against the address, as sign-ups are', async () => {
      const admin = await as('schoolAdmin');
      const link = linkIn(
        await (await admin.form('/invites', { schoolId: w.school.id, role: 'teacher' })).text(),
      );
      const path = new URL(link!).pathname;
      // Someone holding the link tries one address after another: each is taken, none uses the link up.
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 25 && !statuses.includes(429); attempt++) {
        const response = await new Browser(server.url).form(path, {
          name: '试探者',
          identifier: w.emails.operator,
          password: 'longenough1',
          confirm: 'longenough1',
        });
        statuses.push(response.status);
        if (response.status === 429) expect(await response.text()).toContain('分钟后再试');
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every((s) => s === 409)).toBe(true);
      expect(statuses.length).toBeLessThanOrEqual(21);
      // The link is still open for the teacher it was made for (from another address once the hour is over).
      expect((await new Browser(server.url).fetch(path)).status).toBe(200);
    });

    it('tells a teacher who opens another school’s link that they stay at their own school', async () => {
      const admin = await as('admin');
      const made = await admin.form('/invites', { schoolId: w.otherSchool.id, role: 'teacher' });
      const path = new URL(linkIn(await made.text())!).pathname;
      const teacher = await as('teacher');
      const main = parse(await (await teacher.fetch(path)).text()).querySelector('main')!;
      expect(main.text).toContain(`加入后，您在其他学校的身份不变：哈达中心学校（教师）。`);
      expect(main.querySelector('form button')?.text).toContain('接受邀请');
      // Someone with no school is told nothing of the kind.
      const plain = parse(await (await (await as('plain')).fetch(path)).text()).querySelector('main')!;
      expect(plain.text).not.toContain('其他学校的身份');
    });

    it('lets an admin invite a school admin to any school, found by name', async () => {
      const admin = await as('admin');
      const found = await (await admin.fetch(`/invites?q=${encodeURIComponent('赛罕')}`)).text();
      expect(found).toContain(w.otherSchool.id);
      expect(found).not.toContain(w.school.id);
      const made = await admin.form('/invites', { schoolId: w.otherSchool.id, role: 'school_admin' });
      expect(made.status).toBe(200);
      const path = new URL(linkIn(await made.text())!).pathname;
      // The link stays listed for the admin who made it, open and revocable, after the page is left and reopened.
      const [link] = await server.database.db
        .select()
        .from(invites)
        .where(eq(invites.tokenHash, hashSecret(path.slice('/join/'.length))));
      const listed = await (await admin.fetch('/invites')).text();
      expect(listed).toContain(`name="id" value="${link!.id}"`);
      expect(listed).toContain('赛罕区实验小学');
      // A signed-in person without a role accepts it and gets a fresh session id with the new role.
      const person = await as('plain');
      const before = person.cookie('sc_session');
      const joined = await person.form(path, {});
      expect(joined.status).toBe(302);
      expect(joined.headers.get('location')).toBe(
        `/school/approvals?note=joined&school=${w.otherSchool.id}&role=school_admin`,
      );
      expect(await (await person.fetch(joined.headers.get('location')!)).text()).toContain(
        `您已以“学校管理员”身份加入赛罕区实验小学。`,
      );
      expect(person.cookie('sc_session')).not.toBe(before);
      const page = await (await person.fetch('/invites')).text();
      expect(page).toContain('赛罕区实验小学');
      await server.database.db.delete(memberships).where(eq(memberships.userId, w.ids.plain));
    });

    it('keeps the role-request fold open after a venue search and after a refused request, for a person who has a role', async () => {
      // A teacher (a role, no request yet) finds the fold closed at first; a page drawn anew, as without JavaScript,
      // shows the venues found and the refusal with what was typed, not a closed fold hiding them.
      const teacher = await as('teacher');
      const fold = (html: string) =>
        parse(html)
          .querySelectorAll('details.disclosure')
          .find((d) => d.querySelector('#requests'));
      expect(fold(await (await teacher.fetch('/account')).text())?.hasAttribute('open')).toBe(false);
      const found = fold(await (await teacher.fetch('/account?venue=草原')).text());
      expect(found?.hasAttribute('open')).toBe(true);
      expect(found?.querySelector('#venue-request-venue')).toBeTruthy();
      const refused = await teacher.form('/account?venue=草原', {
        intent: 'request-role',
        role: 'speaker',
        regionCode: '',
        category: '',
        note: '退休前在草原上教了三十年书',
      });
      expect(refused.status).toBe(400);
      const answer = fold(await refused.text());
      expect(answer?.hasAttribute('open')).toBe(true);
      expect(answer?.querySelector('#speaker-request-region-error')?.text).toBe('请填写此项');
      expect(answer?.text).toContain('退休前在草原上教了三十年书');
    });

    it('sends requests to operate a venue or to speak to the auditor of that region, and only to them', async () => {
      const person = await as('plain');
      const search = await (await person.fetch('/account?venue=草原')).text();
      expect(search).toContain(w.otherVenue.id);
      // Several found (馆: 呼和浩特科技馆 and 草原博物馆): each named with where it is, and none chosen for the person.
      const several = await (await person.fetch(`/account?venue=${encodeURIComponent('馆')}`)).text();
      const options = parse(several).querySelectorAll('#venue-request-venue option');
      expect(options.length).toBeGreaterThan(2);
      expect(options[0]?.getAttribute('value')).toBe('');
      expect(options.find((o) => o.getAttribute('value') === w.otherVenue.id)?.text).toMatch(/（.+）$/);
      expect(
        (
          await person.form('/account', {
            intent: 'request-role',
            role: 'venue_operator',
            venueId: w.venue.id,
          })
        ).status,
      ).toBe(400); // no note
      // A note too long is named at its field and comes back as typed, with the other choices; the field has a limit.
      const longNote = `退休教师${'，讲草原教育'.repeat(100)}`;
      const tooLong = await person.form('/account', {
        intent: 'request-role',
        role: 'speaker',
        regionCode: '150102',
        category: 'veteran_soldier',
        note: longNote,
      });
      expect(tooLong.status).toBe(400);
      const tooLongHtml = await tooLong.text();
      expect(tooLongHtml).toContain('最多 500 字');
      expect(tooLongHtml).toContain(`>${longNote}</textarea>`);
      expect(tooLongHtml).toMatch(/<option value="150102" selected="">/);
      expect(tooLongHtml).toMatch(/<option value="veteran_soldier" selected="">/);
      expect(tooLongHtml).toMatch(
        /<textarea[^>]*maxlength="500"[^>]*name="note"|<textarea[^>]*name="note"[^>]*maxlength="500"/i,
      );
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, w.ids.plain)),
      ).toEqual([]);
      // Mass assignment: a status or a role other than the two is not something a caller may set.
      const sneaky = await person.form('/account', {
        intent: 'request-role',
        role: 'admin',
        note: '请给我管理员',
      });
      expect(sneaky.status).toBe(400);
      const asked = await person.form('/account', {
        intent: 'request-role',
        role: 'venue_operator',
        venueId: w.venue.id,
        note: '我是科技馆的讲解部主任',
        status: 'active',
      });
      expect(asked.status).toBe(302);
      // Sent again from the page the first success left in the address: the refusal, without the old success note.
      const twice = await person.form('/account?done=request', {
        intent: 'request-role',
        role: 'venue_operator',
        venueId: w.venue.id,
        note: '再来一次',
      });
      expect(twice.status).toBe(409);
      const twiceHtml = await twice.text();
      expect(twiceHtml).toContain('您已经提交过这个申请');
      expect(twiceHtml).not.toContain('申请已提交，审核结果会通过通知告诉您');
      const speakerAsk = await person.form('/account', {
        intent: 'request-role',
        role: 'speaker',
        regionCode: '150102',
        category: 'veteran_teacher',
        note: '退休教师，可讲草原教育',
      });
      expect(speakerAsk.status).toBe(302);
      const pending = await server.database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, w.ids.plain));
      expect(pending.map((m) => m.status)).toEqual(['pending', 'pending']);
      expect((await person.fetch('/console/outreach')).status).toBe(403);
      const [profile] = await server.database.db
        .select()
        .from(speakers)
        .where(eq(speakers.id, pending.find((m) => m.role === 'speaker')!.speakerId!));
      expect(profile?.status).toBe('pending');

      // The auditor of 包头市 neither sees them nor can decide them by id (IDOR in a form field).
      const outside = await as('auditorOutside');
      const outsideList = await (await outside.fetch('/bureau/requests')).text();
      expect(outsideList).toContain('没有待处理的申请');
      expect(outsideList).not.toContain(w.emails.plain);
      expect(await (await outside.fetch('/bureau')).text()).toMatch(
        /<div class="stat-value">0<\/div><div class="stat-label">待处理角色申请/,
      );
      const venueRequest = pending.find((m) => m.role === 'venue_operator')!;
      expect(
        (await outside.form('/bureau/requests', { id: venueRequest.id, decision: 'approve' })).status,
      ).toBe(404);
      expect(
        (await person.form('/bureau/requests', { id: venueRequest.id, decision: 'approve' })).status,
      ).toBe(403);

      // The auditor of 呼和浩特市 sees both, approves one and rejects the other.
      const auditor = await as('auditor');
      const list = await (await auditor.fetch('/bureau/requests')).text();
      expect(list).toContain('我是科技馆的讲解部主任');
      expect(list).toContain('退休教师');
      // Where, and what kind of speaker: what the auditor checks a request against.
      expect(list).toMatch(/<p class="muted">新城区 · 老教师<\/p>/);
      // In English, the region is named in English there, and on the asker's account page.
      const ownRequests = (html: string) => /id="requests"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
      // What the page shows, not the loader data it carries for the browser (the stored names).
      const shown = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '');
      expect(ownRequests(await (await person.fetch('/account')).text())).toContain('新城区');
      for (const browser of [auditor, person]) {
        expect((await browser.form('/lang', { lang: 'en', redirectTo: '/account' })).status).toBe(302);
      }
      try {
        const englishList = shown(await (await auditor.fetch('/bureau/requests')).text());
        expect(englishList).toMatch(/<p class="muted">Xincheng District · [^<]+<\/p>/);
        expect(englishList).not.toContain('新城区');
        const englishAccount = ownRequests(await (await person.fetch('/account')).text());
        expect(englishAccount).toContain('Xincheng District');
        expect(englishAccount).not.toContain('新城区');
      } finally {
        for (const browser of [auditor, person])
          await browser.form('/lang', { lang: 'zh', redirectTo: '/account' });
      }
      // And how to reach the person to check who they are: the account's e-mail (no mobile here) and its age.
      expect(list).toContain(`<a href="mailto:${w.emails.plain}">${w.emails.plain}</a>`);
      expect(list).toMatch(/<dt>手机号<\/dt><dd>无<\/dd>/);
      // A moment, written as the request's own time beside it is (2026/11/30 12:48).
      expect(list).toMatch(/<dt>账户注册于<\/dt><dd>\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}<\/dd>/);
      // The desk counts both, and leads to them.
      expect(await (await auditor.fetch('/bureau')).text()).toMatch(
        /<div class="stat-value">2<\/div><div class="stat-label">待处理角色申请<\/div><div class="stat-hint">[^<]*<\/div><\/div><a[^>]*href="\/bureau\/requests">角色申请<\/a>/,
      );
      expect(
        (await auditor.form('/bureau/requests', { id: venueRequest.id, decision: 'approve' })).status,
      ).toBe(302);
      // Decided already (a second auditor, or the second click of a double click): back to the list, freshly loaded,
      // saying so, never a refusal that leaves the stale request on screen with live buttons. Nothing changes.
      const late = await auditor.form('/bureau/requests', {
        id: venueRequest.id,
        decision: 'reject',
        reason: '晚了',
      });
      expect(late.status).toBe(302);
      expect(late.headers.get('location')).toBe('/bureau/requests?done=gone');
      const refreshed = await (await auditor.fetch('/bureau/requests?done=gone')).text();
      expect(refreshed).toContain('这个申请已经处理过了');
      expect(refreshed).not.toContain('我是科技馆的讲解部主任');
      const [kept] = await server.database.db
        .select({ status: memberships.status })
        .from(memberships)
        .where(eq(memberships.id, venueRequest.id));
      expect(kept!.status).toBe('active');
      const speakerRequest = pending.find((m) => m.role === 'speaker')!;
      // A rejection needs its reason, named at the field of that request; nothing changes without one.
      const noReason = await auditor.form('/bureau/requests', { id: speakerRequest.id, decision: 'reject' });
      expect(noReason.status).toBe(400);
      expect(await noReason.text()).toMatch(
        new RegExp(`id="reason-${speakerRequest.id}-error">驳回时请写明理由`),
      );
      const [waiting] = await server.database.db
        .select({ status: memberships.status })
        .from(memberships)
        .where(eq(memberships.id, speakerRequest.id));
      expect(waiting!.status).toBe('pending');
      expect(
        (
          await auditor.form('/bureau/requests', {
            id: speakerRequest.id,
            decision: 'reject',
            reason: '请先到旗县关工委登记',
          })
        ).status,
      ).toBe(302);
      // The person reads why on their account page.
      expect(await (await person.fetch('/account')).text()).toContain('未通过，理由：请先到旗县关工委登记');
      expect((await auditor.form('/bureau/requests', { id: 'x', decision: 'maybe' })).status).toBe(400);

      // The new operator's roles hold from the next request: the venue desk opens.
      expect((await person.fetch('/console/outreach')).status).toBe(200);
      const kinds = (
        await server.database.db.select().from(notifications).where(eq(notifications.userId, w.ids.plain))
      ).map((n) => n.kind);
      expect(kinds.sort()).toEqual(['role_approved', 'speaker_role_rejected']);
      const decisions = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, w.ids.auditor), eq(auditLog.entityType, 'membership')));
      expect(decisions.map((d) => d.action).sort()).toEqual(['membership.approve', 'membership.reject']);
      expect(decisions.every((d) => d.regionCode?.startsWith('1501'))).toBe(true);
      // Put the plain person back to no role for the other tests.
      await server.database.db.delete(memberships).where(eq(memberships.userId, w.ids.plain));
    });

    it('lets an admin disable an account (every session and token ends), not their own, and manage roles', async () => {
      const admin = await as('admin');
      const victim = await as('operator');
      const token = w.tokens.operator;
      const api = () => fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect((await api()).status).toBe(200);
      const list = await (await admin.fetch(`/admin?q=${encodeURIComponent('张馆员')}`)).text();
      expect(list).toContain(`/admin/users/${w.ids.operator}`);
      // Someone else's page names their roles, not "my roles".
      const page = await (await admin.fetch(`/admin/users/${w.ids.operator}`)).text();
      expect(page).toContain('<h2>角色</h2>');
      expect(page).not.toContain('我的角色');
      // A role over a region names the region in the interface language.
      const roleList = async () =>
        /<h2>(角色|Roles)<\/h2>[\s\S]*?<\/ul>/.exec(
          await (await admin.fetch(`/admin/users/${w.ids.auditor}`)).text(),
        )?.[0] ?? '';
      expect(await roleList()).toContain('呼和浩特市');
      expect((await admin.form('/lang', { lang: 'en', redirectTo: '/admin' })).status).toBe(302);
      try {
        const english = await roleList();
        expect(english).toContain('Hohhot');
        expect(english).not.toContain('呼和浩特市');
      } finally {
        await admin.form('/lang', { lang: 'zh', redirectTo: '/admin' });
      }
      // The list says how many match (on one page, no range: not "第 1–1 位") and sends a page past the end back to
      // the last one.
      expect(list).toMatch(/共 \d+ 位。/);
      expect(list).not.toMatch(/第 1–\d+ 位/);
      const past = await admin.fetch(`/admin?q=${encodeURIComponent('张馆员')}&page=999`);
      expect(past.status).toBe(302);
      expect(past.headers.get('location')).toBe(`/admin?q=${encodeURIComponent('张馆员')}`);

      expect(page).toContain('我确认停用这个账户');
      // An unticked box is the server's to name (in the page's language), not the browser's bubble.
      expect(parse(page).querySelector('#confirm-account')?.closest('form')?.hasAttribute('novalidate')).toBe(
        true,
      );
      expect(page).toContain('日历订阅地址也会同时换新');
      expect(
        (await admin.form(`/admin/users/${w.ids.admin}`, { intent: 'disable', confirm: 'yes' })).status,
      ).toBe(422);
      // Without the box ticked the account stays as it was.
      const unticked = await admin.form(`/admin/users/${w.ids.operator}`, { intent: 'disable' });
      expect(unticked.status).toBe(400);
      expect(parse(await unticked.text()).querySelector('#confirm-account-error')?.text).toBe(
        '请先勾选上面这一项，确认后再继续。',
      );
      expect((await victim.fetch('/account')).status).toBe(200);
      expect((await api()).status).toBe(200);
      expect(
        (await admin.form(`/admin/users/${w.ids.operator}`, { intent: 'disable', confirm: 'yes' })).status,
      ).toBe(302);
      expect((await victim.fetch('/account')).status).toBe(302);
      expect((await api()).status).toBe(401);
      const refused = await new Browser(server.url).signIn(w.emails.operator, PASSWORD);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toContain('该账户已停用');
      // Enabling lets the person sign in again; the revoked token stays revoked.
      expect((await admin.form(`/admin/users/${w.ids.operator}`, { intent: 'enable' })).status).toBe(302);
      expect((await new Browser(server.url).signIn(w.emails.operator, PASSWORD)).status).toBe(302);
      expect((await api()).status).toBe(401);

      // Roles: add an auditor role for a region, refuse a made-up target, remove it again.
      const target = `/admin/users/${w.ids.plain}`;
      const madeUp = await admin.form(target, { intent: 'add-role', role: 'auditor', target: '159999' });
      expect(madeUp.status).toBe(422);
      // Said as a region: its whole name or its code, with an example of each.
      expect(await madeUp.text()).toContain('请填写地区全称（如“包头市”）或 6 位行政区划代码（如 150200）');
      expect((await admin.form(target, { intent: 'add-role', role: 'wizard', target: '' })).status).toBe(400);
      // An auditor's (or admin's) role waits for its box: the answer names what would be given and asks for the tick.
      const grantUnticked = await admin.form(target, {
        intent: 'add-role',
        role: 'auditor',
        target: '150100',
      });
      // Asked from the role form, the tick is the next step, not an error: the fold opens, the box unblamed.
      expect(grantUnticked.status).toBe(200);
      const untickedPage = parse(await grantUnticked.text());
      const fold = untickedPage.querySelector('details.fold[open]');
      expect(fold?.querySelector('summary')?.text).toBe('授予“教育局审核员（呼和浩特市）”角色');
      expect(fold?.querySelector('input[name="role"]')?.getAttribute('value')).toBe('auditor');
      expect(fold?.querySelector('input[name="target"]')?.getAttribute('value')).toBe('150100');
      expect(fold?.querySelector('input[name="step"]')?.getAttribute('value')).toBe('confirm');
      expect(fold?.querySelector('input[name="confirm"]')?.getAttribute('aria-invalid')).toBeFalsy();
      expect(untickedPage.text).not.toContain('授予前请先勾选上面这一项确认');
      // Sent from the fold without the tick, it is refused on the box. A code typed full-width (１５０１００) reads.
      const foldUnticked = await admin.form(target, {
        intent: 'add-role',
        step: 'confirm',
        role: 'auditor',
        target: '１５０１００',
      });
      expect(foldUnticked.status).toBe(400);
      const refusedFold = parse(await foldUnticked.text()).querySelector('details.fold[open]');
      expect(refusedFold?.querySelector('summary')?.text).toBe('授予“教育局审核员（呼和浩特市）”角色');
      const box = refusedFold?.querySelector('input[name="confirm"]');
      expect(box?.getAttribute('aria-invalid')).toBe('true');
      expect(refusedFold?.querySelector(`#${box?.getAttribute('aria-describedby')}`)?.text).toBe(
        '这个角色权限较大，授予前请先勾选上面这一项确认。',
      );
      const adminUnticked = await admin.form(target, { intent: 'add-role', role: 'admin', confirm: 'on' });
      expect(adminUnticked.status).toBe(400);
      expect(await adminUnticked.text()).toContain('平台管理员可以查看和修改所有用户的账户和角色');
      // A school typed beside the admin role is a slip: said at the box, not dropped, even with the tick.
      const adminWithTarget = await admin.form(target, {
        intent: 'add-role',
        role: 'admin',
        target: '呼和浩特市第一中学',
        confirm: 'yes',
      });
      expect(adminWithTarget.status).toBe(400);
      const slipPage = parse(await adminWithTarget.text());
      const slip = slipPage.querySelector('input[name="target"]');
      expect(slip?.getAttribute('aria-invalid')).toBe('true');
      expect(slip?.getAttribute('value')).toBe('呼和浩特市第一中学');
      expect(slipPage.text).toContain('管理员角色不属于任何学校、场馆、宣讲员或地区');
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, w.ids.plain)),
      ).toEqual([]);
      // The grant is dated by the app's clock (a fake one here, years from the real date), as every other step is.
      const grantedAt = clock.now();
      const ticked = await admin.form(target, {
        intent: 'add-role',
        role: 'auditor',
        target: '150100',
        confirm: 'yes',
      });
      expect(ticked.status).toBe(302);
      expect(
        (await admin.form(target, { intent: 'add-role', role: 'auditor', target: '150100', confirm: 'yes' }))
          .status,
      ).toBe(422);
      const [granted] = await server.database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, w.ids.plain));
      expect(granted).toMatchObject({
        role: 'auditor',
        regionCode: '150100',
        decidedBy: w.ids.admin,
        decidedAt: grantedAt,
      });
      // The page says what was given to whom, in the interface language.
      expect(ticked.headers.get('location')).toBe(`${target}?granted=${granted!.id}`);
      const notice = async (location: string) =>
        parse(await (await admin.fetch(location)).text())
          .querySelector('.alert-good')
          ?.text.trim();
      expect(await notice(ticked.headers.get('location')!)).toBe(
        '已为普通用户授予“教育局审核员（呼和浩特市）”角色。',
      );
      expect((await admin.form('/lang', { lang: 'en', redirectTo: '/admin' })).status).toBe(302);
      try {
        expect(await notice(ticked.headers.get('location')!)).toBe(
          'Gave 普通用户 the role “Bureau auditor (Hohhot)”.',
        );
      } finally {
        await admin.form('/lang', { lang: 'zh', redirectTo: '/admin' });
      }
      // A made-up id claims nothing.
      expect(await notice(`${target}?granted=${w.ids.plain}&removed=nonsense`)).toBeUndefined();
      // IDOR in the path: a membership of someone else under this user's page removes nothing.
      const [teacherRole] = await server.database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, w.ids.teacher));
      expect(
        (await admin.form(target, { intent: 'remove-role', id: teacherRole!.id, confirm: 'yes' })).status,
      ).toBe(404);
      // Without the box ticked the role stays.
      const keptRole = await admin.form(target, { intent: 'remove-role', id: granted!.id, confirm: 'no' });
      expect(keptRole.status).toBe(400);
      expect(await keptRole.text()).toContain('请先勾选上面这一项，确认后再继续。');
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, w.ids.plain)),
      ).toHaveLength(1);
      const removed = await admin.form(target, { intent: 'remove-role', id: granted!.id, confirm: 'yes' });
      expect(removed.status).toBe(302);
      expect(
        await server.database.db.select().from(memberships).where(eq(memberships.userId, w.ids.plain)),
      ).toEqual([]);
      expect(await notice(removed.headers.get('location')!)).toBe(
        '已移除普通用户的“教育局审核员（呼和浩特市）”角色。',
      );
      // The school is named as the admin knows it: by its name; a name several share lists them to choose from.
      const byName = await admin.form(target, { intent: 'add-role', role: 'teacher', target: '哈达中心' });
      expect(byName.status).toBe(302);
      const several = await admin.form(target, { intent: 'add-role', role: 'school_admin', target: '学' });
      expect(several.status).toBe(422);
      const choices = await several.text();
      expect(choices).toContain('“学”匹配到多个对象：');
      expect(choices).toContain('哈达中心学校（武川县）');
      expect(choices).toContain('赛罕区实验小学（赛罕区）');
      expect(choices).toContain('value="学"');
      expect(choices).toContain(`name="target" value="${w.otherSchool.id}"`);
      expect(choices).toContain('<option value="school_admin" selected="">');
      const none = await admin.form(target, { intent: 'add-role', role: 'teacher', target: '没有这所学校' });
      expect(none.status).toBe(422);
      expect(await none.text()).toContain('没有找到这个对象，请检查名称、学校代码或编号。');
      const chosen = await admin.form(target, {
        intent: 'add-role',
        role: 'school_admin',
        target: w.otherSchool.id,
      });
      expect(chosen.status).toBe(302);
      const attached = await server.database.db
        .select({ role: memberships.role, schoolId: memberships.schoolId })
        .from(memberships)
        .where(eq(memberships.userId, w.ids.plain));
      expect(attached).toEqual(
        expect.arrayContaining([
          { role: 'teacher', schoolId: w.school.id },
          { role: 'school_admin', schoolId: w.otherSchool.id },
        ]),
      );
      expect(attached).toHaveLength(2);
      // A speaker profile is one person: the speaker's own profile is not given to another account.
      const taken = await admin.form(target, { intent: 'add-role', role: 'speaker', target: w.speaker.id });
      expect(taken.status).toBe(422);
      expect(await taken.text()).toContain('这位宣讲员的资料已属于另一个账户');
      expect(
        await server.database.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.userId, w.ids.plain), eq(memberships.role, 'speaker'))),
      ).toEqual([]);
      await server.database.db.delete(memberships).where(eq(memberships.userId, w.ids.plain));
      expect((await admin.fetch('/admin/users/not-a-uuid')).status).toBe(404);
      const [ownAdmin] = await server.database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, w.ids.admin));
      expect(
        (
          await admin.form(`/admin/users/${w.ids.admin}`, {
            intent: 'remove-role',
            id: ownAdmin!.id,
            confirm: 'yes',
          })
        ).status,
      ).toBe(404);
      expect(await (await admin.fetch('/admin')).text()).toContain('各角色的账户数');
      const actions = (
        await server.database.db.select().from(auditLog).where(eq(auditLog.actorUserId, w.ids.admin))
      ).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining(['user.disable', 'user.enable', 'membership.create', 'membership.delete']),
      );
    });

    it('says on the page of someone with no role that they hold none yet, before the form to add one', async () => {
      const admin = await as('admin');
      await server.database.db.delete(memberships).where(eq(memberships.userId, w.ids.plain));
      const rolesCard = (html: string) => /<h2>(角色|Roles)<\/h2>[\s\S]*?<h3>/.exec(html)?.[0] ?? '';
      const none = rolesCard(await (await admin.fetch(`/admin/users/${w.ids.plain}`)).text());
      expect(none).toContain('普通用户目前还没有任何角色。');
      // Someone with a role is not told they have none.
      expect(rolesCard(await (await admin.fetch(`/admin/users/${w.ids.operator}`)).text())).not.toContain(
        '没有任何角色',
      );
      expect((await admin.form('/lang', { lang: 'en', redirectTo: '/admin' })).status).toBe(302);
      try {
        const english = rolesCard(await (await admin.fetch(`/admin/users/${w.ids.plain}`)).text());
        expect(english).toContain('普通用户 holds no role yet.');
      } finally {
        await admin.form('/lang', { lang: 'zh', redirectTo: '/admin' });
      }
    });

    it("does not offer an admin to remove their own admin role; another admin's page offers it", async () => {
      const admin = await as('admin');
      const [ownAdmin] = await server.database.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, w.ids.admin), eq(memberships.role, 'admin')));
      const own = await (await admin.fetch(`/admin/users/${w.ids.admin}`)).text();
      expect(own).toContain('不能移除自己的管理员角色');
      expect(own).not.toContain(`name="id" value="${ownAdmin!.id}"`);
      expect(own).not.toContain('value="remove-role"');
      const [otherAdmin] = await server.database.db
        .insert(memberships)
        .values({ userId: w.ids.plain, role: 'admin', status: 'active' })
        .returning();
      try {
        const other = await (await admin.fetch(`/admin/users/${w.ids.plain}`)).text();
        expect(other).toContain(`name="id" value="${otherAdmin!.id}"`);
        expect(other).toContain('value="remove-role"');
        expect(other).not.toContain('不能移除自己的管理员角色');
      } finally {
        await server.database.db.delete(memberships).where(eq(memberships.userId, w.ids.plain));
      }
    });

    it('writes a permission denial to the audit log', async () => {
      const teacher = await as('teacher');
      expect((await teacher.fetch('/admin')).status).toBe(403);
      const denials = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'auth.permission_denied'), eq(auditLog.actorUserId, w.ids.teacher)));
      expect(denials.map((d) => d.entityId)).toContain('GET /admin');
      const api = await fetch(`${server.url}/api/v1/reports/coverage`, {
        headers: { Authorization: `Bearer ${w.tokens.teacher}` },
      });
      expect(api.status).toBe(403);
    });

    it('writes every denial once, even when the client sends the same request id each time', async () => {
      const teacher = await as('teacher');
      const id = `replayed-${driver}`;
      const denialsOf = async () =>
        (
          await server.database.db
            .select()
            .from(auditLog)
            .where(and(eq(auditLog.action, 'auth.permission_denied'), eq(auditLog.requestId, id)))
        ).map((d) => d.entityId);
      // Refused by a route (forbidden() writes the entry) and by the server (written after the answer).
      for (let round = 0; round < 2; round++) {
        expect((await teacher.fetch('/admin', { headers: { 'X-Request-Id': id } })).status).toBe(403);
        const foreign = await teacher.fetch('/account', {
          method: 'POST',
          headers: {
            'X-Request-Id': id,
            Origin: 'https://evil.example',
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: 'intent=noop',
        });
        expect(foreign.status).toBe(403);
      }
      let entries: string[] = [];
      for (let attempt = 0; attempt < 30 && entries.length < 4; attempt++) {
        await new Promise((done) => setTimeout(done, 100));
        entries = (await denialsOf()).map(String);
      }
      expect(entries.sort()).toEqual(['GET /admin', 'GET /admin', 'POST /account', 'POST /account']);
      // Nothing more arrives later (the layout and the page both refuse /admin: one entry per request).
      await new Promise((done) => setTimeout(done, 300));
      expect(await denialsOf()).toHaveLength(4);
    });
  });
}
