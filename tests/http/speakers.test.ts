import { and, eq, sql } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { fingerprint } from '#app/domain/bookings/idempotency.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import {
  auditLog,
  emailOutbox,
  idempotencyKeys,
  invitationSlots,
  invitations,
  memberships,
  notifications,
  programs,
  schools,
  speakerMonthLoads,
  speakers,
  speakerTopics,
  users,
} from '#db/schema/index.ts';
import {
  DAY_MS,
  makeWorld,
  readCalendar,
  SPEAKER_EMAIL,
  SPEAKER_PHONE,
  slotAt,
  T0,
  type World,
} from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';

for (const driver of testDrivers) {
  describe(`speakers and invitations over HTTP [${driver}]`, () => {
    let server: TestServer;
    let passwordHash: string;
    const clock = new FakeClock(T0);

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      passwordHash = await hashPassword(PASSWORD);
    });
    afterAll(async () => {
      await server?.close();
    });

    /** A world whose people can sign in (password) and call the API (token). */
    async function world() {
      const w = await makeWorld(server.database.db);
      const tokens = {} as Record<keyof World['people'], string>;
      for (const [key, person] of Object.entries(w.people) as [
        keyof World['people'],
        World['people']['teacher'],
      ][]) {
        await server.database.db.update(users).set({ passwordHash }).where(eq(users.id, person.id));
        tokens[key] = (await createApiToken(server.database.db, person.id, 'test', { userId: null })).token;
      }
      const browser = async (who: keyof World['people']) => {
        const b = new Browser(server.url);
        const response = await b.signIn(w.people[who].email, PASSWORD);
        expect(response.status).toBe(302);
        return b;
      };
      const api = (who: keyof World['people'] | null, path: string, body?: unknown, language = 'zh') =>
        fetch(`${server.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}),
            'Content-Type': 'application/json',
            'Accept-Language': language,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      return { ...w, browser, api, tokens };
    }

    function postForm(browser: Browser, path: string, fields: [string, string][]) {
      return browser.fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    }

    const leaks = (text: string) => text.includes(SPEAKER_PHONE) || text.includes(SPEAKER_EMAIL);
    /** The speaker's feed address as their home shows it (in the copyable secret box), with its language. */
    const feedUrlOn = (html: string) =>
      /data-testid="feed-url">(http[^<]+\/speaker\/feed\/[0-9a-f]{64}\.ics\?lang=(?:zh|en))</.exec(html)?.[1];

    it('keeps what the teacher typed when an invitation or outreach request is refused, on a page drawn afresh', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const typedIn = (page: ReturnType<typeof parse>, name: string) =>
        page.querySelector(`[name="${name}"]`)?.getAttribute('value');
      for (const path of [
        `/invitations/new?topic=${w.topic.id}`,
        `/invitations/new?program=${w.program.id}`,
      ]) {
        // Times too soon and no place: refused, and the page (as a browser without JavaScript draws it) keeps the rest.
        const refused = await postForm(teacher, path, [
          ['schoolId', w.school.id],
          ['date1', '2030-03-04'],
          ['time1', '15:00'],
          ['date2', ''],
          ['time2', ''],
          ['date3', ''],
          ['time3', ''],
          ['audienceSize', '85'],
          ['grades', '7'],
          ['grades', '8'],
          ['place', ''],
          ['notes', '请讲讲民族团结的故事'],
        ]);
        expect(refused.status, path).toBe(400);
        const page = parse(await refused.text());
        expect(page.querySelector('#f-place-error')?.text, path).toBe('请填写此项');
        expect(typedIn(page, 'audienceSize'), path).toBe('85');
        expect(typedIn(page, 'date1'), path).toBe('2030-03-04');
        expect(typedIn(page, 'time1'), path).toBe('15:00');
        // An emptied slot stays empty: the suggestions are not put back over what the teacher chose.
        expect(typedIn(page, 'date2') ?? '', path).toBe('');
        expect(typedIn(page, 'place') ?? '', path).toBe('');
        expect(page.querySelector('textarea[name="notes"]')?.text, path).toBe('请讲讲民族团结的故事');
        expect(
          page
            .querySelectorAll('input[name="grades"]')
            .filter((box) => box.hasAttribute('checked'))
            .map((box) => box.getAttribute('value')),
          path,
        ).toEqual(['7', '8']);
      }
    });

    it('lets a teacher invite from the topic menu and the speaker accept on their home; only then the teacher sees the phone', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const menu = await (await teacher.fetch('/speakers/topics?region=150100&grade=7')).text();
      expect(menu).toContain('我的从军岁月');
      expect(menu).toContain(`/invitations/new?topic=${w.topic.id}`);
      expect(leaks(menu)).toBe(false);

      const form = await teacher.fetch(`/invitations/new?topic=${w.topic.id}`);
      expect(form.status).toBe(200);
      const formHtml = await form.text();
      expect(formHtml).toContain('2030-03-07');
      expect(leaks(formHtml)).toBe(false);
      // The audience's grades are required (at least one): marked as the other required fields are.
      const requiredMarks = (html: string) =>
        parse(html)
          .querySelectorAll('.field-required')
          .map((mark) => mark.parentNode?.childNodes[0]?.text.trim());
      expect(requiredMarks(formHtml)).toEqual(expect.arrayContaining(['听众人数', '听众年级', '地点']));

      // Bad input: a clear error in the user's language, and nothing written.
      const before = await server.database.db.select({ n: sql<number>`count(*)::int` }).from(invitations);
      const bad = await postForm(teacher, `/invitations/new?topic=${w.topic.id}`, [
        ['date1', '2030-03-11'],
        ['time1', ''],
        ['audienceSize', 'many'],
        ['place', ''],
      ]);
      expect(bad.status).toBe(400);
      const badHtml = await bad.text();
      expect(badHtml).toContain('请填写此项');
      expect(badHtml).toContain('请输入数字');
      const tooSoon = await postForm(teacher, `/invitations/new?topic=${w.topic.id}`, [
        ['date1', '2030-03-04'],
        ['time1', '15:00'],
        ['audienceSize', '80'],
        ['grades', '7'],
        ['place', '礼堂'],
      ]);
      expect(tooSoon.status).toBe(422);
      expect(await tooSoon.text()).toContain('请至少提前一天');
      const after = await server.database.db.select({ n: sql<number>`count(*)::int` }).from(invitations);
      expect(after).toEqual(before);

      const sent = await postForm(teacher, `/invitations/new?topic=${w.topic.id}`, [
        ['schoolId', w.school.id],
        ['date1', '2030-03-11'],
        ['time1', '09:30'],
        ['date2', '2030-03-12'],
        ['time2', '14:00'],
        ['audienceSize', '120'],
        ['grades', '7'],
        ['grades', '8'],
        ['place', '学校礼堂'],
        ['notes', '结合民族团结主题班会'],
      ]);
      expect(sent.status).toBe(302);
      const location = sent.headers.get('location') ?? '';
      expect(location).toMatch(/^\/invitations\/[0-9a-f-]{36}\?done=sent$/);
      const id = location.slice('/invitations/'.length, '/invitations/'.length + 36);
      const waiting = await (await teacher.fetch(location)).text();
      expect(waiting).toContain('邀请已发出');
      expect(waiting).toContain('宣讲员接受邀请后，这里会显示他的联系方式');
      expect(leaks(waiting)).toBe(false);
      // The teacher has nothing to answer while the speaker decides: the box with 取消这次活动 is not "your answer",
      // and the deadline is the speaker's.
      const headings = (html: string) =>
        parse(html)
          .querySelectorAll('h2')
          .map((h) => h.text.trim());
      const factLabels = (html: string) =>
        parse(html)
          .querySelectorAll('dt')
          .map((d) => d.text.trim());
      expect(waiting).toContain('取消这次活动');
      expect(headings(waiting)).toContain('如有变化');
      expect(headings(waiting)).not.toContain('您的答复');
      expect(factLabels(waiting)).toContain('对方须在此前答复');
      expect(factLabels(waiting)).not.toContain('请在此前答复');
      // The school's admin sees the whole school's invitations, sent by its teachers, not "yours".
      const schoolAdmin = await w.browser('schoolAdmin');
      const adminList = await (await schoolAdmin.fetch('/invitations')).text();
      expect(adminList).toContain('本校各位老师发出的宣讲邀请和进校园申请');
      expect(adminList).not.toContain('您发出的宣讲邀请');
      expect(adminList).toContain('王老师');
      const teacherList = await (await teacher.fetch('/invitations')).text();
      expect(teacherList).toContain('您发出的宣讲邀请和进校园申请');
      const adminWaiting = await (await schoolAdmin.fetch(`/invitations/${id}`)).text();
      expect(adminWaiting).toContain('返回本校的邀请');
      expect(adminWaiting).not.toContain('返回我的邀请');
      expect(adminWaiting).toContain('宣讲员的联系方式只向发出邀请的老师显示');
      expect(adminWaiting).not.toContain('这里会显示他的联系方式');

      // A request for a venue's outreach program speaks of the venue, not of a speaker.
      const outreachForm = await (await teacher.fetch(`/invitations/new?program=${w.program.id}`)).text();
      expect(outreachForm).toContain('场馆会选定其中一个');
      expect(outreachForm).not.toContain('宣讲员可以宣讲的时段');
      const requested = await postForm(teacher, `/invitations/new?program=${w.program.id}`, [
        ['schoolId', w.school.id],
        ['date1', '2030-03-13'],
        ['time1', '09:30'],
        ['audienceSize', '120'],
        ['grades', '7'],
        ['place', '学校操场'],
      ]);
      expect(requested.status).toBe(302);
      const requestedAt = requested.headers.get('location') ?? '';
      expect(requestedAt).toMatch(/\?done=requested$/);
      expect(await (await teacher.fetch(requestedAt)).text()).toContain('申请已发出，场馆答复后会通知您');

      const speaker = await w.browser('speaker');
      const toAnswer = await (await speaker.fetch(`/invitations/${id}`)).text();
      expect(headings(toAnswer)).toContain('您的答复');
      expect(factLabels(toAnswer)).toContain('请在此前答复');
      const home = await (await speaker.fetch('/speaker')).text();
      expect(home).toContain('有 1 个邀请等您答复');
      expect(home).toContain('结合民族团结主题班会');
      // The speaker's decline form offers a speaker's reasons, not a venue's.
      expect(home).toContain('身体原因');
      expect(home).not.toContain('人手不足');
      const [first] = await server.database.db
        .select()
        .from(invitationSlots)
        .where(eq(invitationSlots.invitationId, id))
        .orderBy(invitationSlots.startsAt);
      expect(home).toContain(`value="${first!.id}"`);
      const accepted = await postForm(speaker, '/speaker', [
        ['invitationId', id],
        ['intent', 'accept'],
        ['slot', first!.id],
      ]);
      expect(accepted.status).toBe(302);
      expect(accepted.headers.get('location')).toBe('/speaker?done=accept#top');
      expect(await (await speaker.fetch('/speaker?done=accept')).text()).toContain('时间已确定');

      const confirmed = await (await teacher.fetch(`/invitations/${id}`)).text();
      expect(confirmed).toContain(SPEAKER_PHONE);
      expect(confirmed).toContain(SPEAKER_EMAIL);
      // The school's admin sees the invitation but not the contact; other schools do not see it at all.
      const admin = await (await (await w.browser('schoolAdmin')).fetch(`/invitations/${id}`)).text();
      expect(admin).toContain('我的从军岁月');
      expect(leaks(admin)).toBe(false);
      expect((await (await w.browser('otherTeacher')).fetch(`/invitations/${id}`)).status).toBe(404);
      expect((await fetch(`${server.url}/invitations/${id}`, { redirect: 'manual' })).status).toBe(302);

      // Both calendars: the teacher's file for the talk and the speaker's subscribed feed.
      const file = await teacher.fetch(`/invitations/${id}/calendar.ics`);
      expect(file.headers.get('content-type')).toContain('text/calendar');
      const fileText = await file.text();
      expect(readCalendar(fileText).map((e) => [e.startsAt.toISOString(), e.status])).toEqual([
        [new Date('2030-03-11T01:30:00Z').toISOString(), 'CONFIRMED'],
      ]);
      expect(leaks(fileText)).toBe(false);
      // Another school's teacher gets no file, told so on a page with a way back to their own trips.
      const refused = await (await w.browser('otherTeacher')).fetch(`/invitations/${id}/calendar.ics`);
      expect(refused.status).toBe(404);
      const refusedPage = await refused.text();
      expect(refusedPage).toContain('只有已约定时间的邀请才有日历文件');
      expect(refusedPage).toContain('<a href="/trips"');
      const feedUrl = feedUrlOn(await (await speaker.fetch('/speaker')).text());
      expect(feedUrl).toBeDefined();
      const feed = await fetch(new URL(new URL(feedUrl!).pathname, server.url));
      const feedText = await feed.text();
      expect(readCalendar(feedText).map((e) => e.uid)).toContain(`invitation-${id}@social-classroom`);
      expect(leaks(feedText)).toBe(false);
      // Calendar apps send no cookie: the address carries the language the speaker reads the site in.
      expect(feedUrl).toMatch(/\?lang=zh$/);
      expect(feedText).toContain('的宣讲日程');
      const english = await fetch(new URL(`${new URL(feedUrl!).pathname}?lang=en`, server.url));
      expect(await english.text()).toMatch(/X-WR-CALNAME:Talks of /);
      expect((await fetch(`${server.url}/speaker/feed/${'0'.repeat(64)}.ics`)).status).toBe(404);
      // The school's subscribed calendar has the talk beside its trips, as its calendar page does; no contact details.
      const [school] = await server.database.db
        .select({ token: schools.calendarToken })
        .from(schools)
        .where(eq(schools.id, w.school.id));
      const schoolFeed = await (await fetch(`${server.url}/calendar/school/${school?.token}.ics`)).text();
      expect(readCalendar(schoolFeed).map((e) => e.uid)).toContain(`invitation-${id}@social-classroom`);
      expect(leaks(schoolFeed)).toBe(false);
    });

    it('invites from a speaker’s page with the speaker kept: each topic links to its form, the header to the form or the topics', async () => {
      const w = await world();
      /** The href of the link whose text is `label`, or every href to the invitation form. */
      const hrefOf = (html: string, label: string) =>
        new RegExp(`<a[^>]*href="([^"]*)"[^>]*>${label}</a>`).exec(html)?.[1]?.replaceAll('&amp;', '&');
      const formLinks = (html: string) =>
        [...html.matchAll(/href="(\/invitations\/new[^"]*)"/g)].map((m) => m[1]?.replaceAll('&amp;', '&'));
      const teacher = await w.browser('teacher');

      const one = await (await teacher.fetch(`/speakers/${w.speaker.id}`)).text();
      expect(hrefOf(one, '邀请进校宣讲')).toBe(`/invitations/new?topic=${w.topic.id}`);
      expect(formLinks(one)).toEqual([
        `/invitations/new?topic=${w.topic.id}`,
        `/invitations/new?topic=${w.topic.id}`,
      ]);
      expect(one).toContain('aria-label="邀请宣讲《我的从军岁月》"');
      const form = await teacher.fetch(`/invitations/new?topic=${w.topic.id}`);
      expect(form.status).toBe(200);
      const formHtml = await form.text();
      expect(formHtml).toContain('我的从军岁月');
      expect(formHtml).toContain('巴特尔');

      const [second] = await server.database.db
        .insert(speakerTopics)
        .values({ speakerId: w.speaker.id, title: '边防线上', grades: [7, 8, 9], durationMinutes: 45 })
        .returning();
      const two = await (await teacher.fetch(`/speakers/${w.speaker.id}`)).text();
      expect(hrefOf(two, '邀请进校宣讲')).toBe(`/speakers/${w.speaker.id}#topics`);
      expect(two).toContain('id="topics"');
      expect(formLinks(two).sort()).toEqual(
        [`/invitations/new?topic=${second?.id}`, `/invitations/new?topic=${w.topic.id}`].sort(),
      );
      expect(two).not.toContain(w.otherTopic.id);

      // Someone not signed in is asked to sign in, and brought back here; no form links.
      const page = `/speakers/${w.speaker.id}`;
      const anonymous = await (await fetch(`${server.url}${page}`)).text();
      const signIn = hrefOf(anonymous, '登录后邀请进校宣讲');
      expect(signIn).toBe(`/login?redirectTo=${encodeURIComponent(page)}`);
      expect(hrefOf(anonymous, '邀请进校宣讲')).toBeUndefined();
      expect(anonymous).toContain('学校的老师登录后可以直接邀请宣讲员。');
      expect(formLinks(anonymous)).toEqual([]);
      const visitor = new Browser(server.url);
      const back = await visitor.form('/login', {
        identifier: w.people.teacher.email,
        password: PASSWORD,
        redirectTo: new URL(signIn!, server.url).searchParams.get('redirectTo') ?? '',
      });
      expect(back.headers.get('location')).toBe(page);
      // Others signed in without a school keep the menu link.
      const operator = await (await (await w.browser('operator')).fetch(page)).text();
      expect(hrefOf(operator, '邀请进校宣讲')).toBe('/speakers/topics');
      expect(formLinks(operator)).toEqual([]);
      expect(operator).not.toContain('登录后邀请进校宣讲');

      // A speaker whose vetting ran out: the teacher is told why, offered no form and no invite button, and pointed
      // to the talks of speakers who serve the school's area.
      const serving = '/speakers/topics?region=150125'; // the school is in 武川县
      await server.database.db
        .update(speakers)
        .set({ vettedUntil: '2029-12-31' })
        .where(eq(speakers.id, w.speaker.id));
      const lapsed = await (await teacher.fetch(page)).text();
      expect(formLinks(lapsed)).toEqual([]);
      expect(lapsed).toContain('这位宣讲员的审核尚未完成，暂时不能邀请。');
      // Nor does its header still call the speaker vetted (judged on the site's day, as the invitation is).
      expect(lapsed).not.toContain('已审核，有效期至');
      expect(hrefOf(lapsed, '邀请进校宣讲')).toBeUndefined();
      expect(hrefOf(lapsed, '看看服务您学校所在地区的宣讲主题')).toBe(serving);

      // Vetted, but the school is outside the speaker's area: the same, with the reason; the link finds others.
      await server.database.db
        .update(speakers)
        .set({ vettedUntil: '2099-12-31', serviceRegionCodes: ['150200'] })
        .where(eq(speakers.id, w.speaker.id));
      const outside = await (await teacher.fetch(page)).text();
      expect(outside).toContain('您的学校不在这位宣讲员的服务范围内。');
      expect(outside).toContain('已审核，有效期至');
      expect(hrefOf(outside, '邀请进校宣讲')).toBeUndefined();
      expect(formLinks(outside)).toEqual([]);
      expect(hrefOf(outside, '看看服务您学校所在地区的宣讲主题')).toBe(serving);
      const others = await (await teacher.fetch(serving)).text();
      // (Other tests' speakers share the titles: the topics are told apart by id.)
      expect(others).toContain(`/invitations/new?topic=${w.otherTopic.id}`);
      expect(others).not.toContain(w.topic.id);
      expect(others).not.toContain(second!.id);
    });

    it('answers the API: topics, invitations, accept with a slot, 409 when the time was just taken, contact only for the allowed', async () => {
      const w = await world();
      const topics = await w.api(null, `/api/v1/speakers/${w.speaker.id}/topics`);
      expect(topics.status).toBe(200);
      const topicsText = await topics.text();
      expect(JSON.parse(topicsText).topics.map((t: { id: string }) => t.id)).toEqual([w.topic.id]);
      expect(leaks(topicsText)).toBe(false);
      expect((await w.api(null, `/api/v1/speakers/${w.topic.id}/topics`)).status).toBe(404);

      const body = (slots: ReturnType<typeof slotAt>[]) => ({
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
        audienceSize: 60,
        grades: [7],
        place: '礼堂',
        notes: '',
      });
      expect((await w.api(null, '/api/v1/invitations', body([slotAt(7)]))).status).toBe(401);
      expect((await w.api('speaker', '/api/v1/invitations', body([slotAt(7)]))).status).toBe(403);
      const invalid = await w.api('teacher', '/api/v1/invitations', { ...body([]), audienceSize: -1 }, 'en');
      expect(invalid.status).toBe(400);
      expect((await invalid.json()).fields).toMatchObject({
        slots: expect.any(String),
        audienceSize: 'Must be at least 1',
      });
      // A time without its offset, or one that is no time at all, is named on its own field: a 400, never a 500.
      const noOffset = await w.api(
        'teacher',
        '/api/v1/invitations',
        { ...body([]), slots: [{ startsAt: '2026-12-21T09:00:00', endsAt: 'yesterday' }] },
        'en',
      );
      expect(noOffset.status).toBe(400);
      expect((await noOffset.json()).fields).toEqual({
        'slots.0.startsAt': expect.any(String),
        'slots.0.endsAt': expect.any(String),
      });
      // A body of a few kilobytes of brackets is refused as such, before anything walks it.
      const deep = await fetch(`${server.url}/api/v1/invitations`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${w.tokens.teacher}`,
          'Accept-Language': 'en',
          'Content-Type': 'application/json',
        },
        body: `{"notes":${'['.repeat(3000)}${']'.repeat(3000)}}`,
      });
      expect(deep.status).toBe(400);
      expect(await deep.json()).toMatchObject({
        error: 'invalid_json',
        message: 'The request body nests lists or objects too deeply.',
      });
      const tooFar = await w.api('teacher', '/api/v1/invitations', body([slotAt(400)]));
      expect(tooFar.status).toBe(422);
      expect(await tooFar.json()).toMatchObject({
        error: 'too_far_ahead',
        fields: { 'slots.0': '最多只能提前一年预约。' },
      });
      // A time at night (a 12-hour slip: 22:00 for 10:00) is named on its row, in the asker's language.
      const atNight = await w.api(
        'teacher',
        '/api/v1/invitations',
        body([slotAt(7, 10), slotAt(8, 22)]),
        'en',
      );
      expect(atNight.status).toBe(422);
      expect(await atNight.json()).toMatchObject({
        error: 'outside_daytime',
        fields: { 'slots.1': 'Choose a time that starts after 07:00 and ends by 21:00 Beijing time.' },
      });
      // Every refused time is named, not only the first: a night-time slip and a date a year out.
      const twoRefused = await w.api(
        'teacher',
        '/api/v1/invitations',
        body([slotAt(7, 10), slotAt(8, 22), slotAt(400)]),
        'en',
      );
      expect(twoRefused.status).toBe(422);
      const twoRefusedBody = await twoRefused.json();
      expect(twoRefusedBody.error).toBe('outside_daytime');
      expect(twoRefusedBody.fields).toEqual({
        'slots.1': 'Choose a time that starts after 07:00 and ends by 21:00 Beijing time.',
        'slots.2': 'Invitations reach at most one year ahead.',
      });

      const created = await w.api('teacher', '/api/v1/invitations', body([slotAt(7, 10), slotAt(8, 10)]));
      expect(created.status).toBe(201);
      const { id, status } = await created.json();
      expect(status).toBe('pending');
      const other = await w.api('otherTeacher', '/api/v1/invitations', {
        ...body([slotAt(7, 10.5), slotAt(9, 10)]),
        grades: [5],
      });
      const otherId = (await other.json()).id;

      const asTeacher = await (await w.api('teacher', `/api/v1/invitations/${id}`)).json();
      expect(asTeacher).not.toHaveProperty('contact');
      expect(asTeacher.actions).toEqual(['cancel']);
      const asSpeaker = await (await w.api('speaker', `/api/v1/invitations/${id}`)).json();
      expect(asSpeaker.contact).toEqual({ phone: SPEAKER_PHONE, email: SPEAKER_EMAIL });
      expect((await w.api('otherTeacher', `/api/v1/invitations/${id}`)).status).toBe(404);
      expect((await w.api(null, `/api/v1/invitations/${id}`)).status).toBe(401);

      const slot = asSpeaker.slots[0].id;
      const accept = await w.api('speaker', `/api/v1/invitations/${id}/accept`, { slot });
      expect(await accept.json()).toEqual({ id, status: 'scheduled' });
      const again = await w.api('speaker', `/api/v1/invitations/${id}/accept`, { slot });
      expect(again.status).toBe(409);
      expect((await w.api('teacher', `/api/v1/invitations/${id}`).then((r) => r.json())).contact).toEqual({
        phone: SPEAKER_PHONE,
        email: SPEAKER_EMAIL,
      });

      // The other school's 10:30 slot overlaps the talk just scheduled: 409, and its second slot still works.
      const otherView = await (await w.api('speaker', `/api/v1/invitations/${otherId}`)).json();
      expect(otherView.slots.map((s: { blocked: string | null }) => s.blocked)).toEqual(['taken', null]);
      const taken = await w.api(
        'speaker',
        `/api/v1/invitations/${otherId}/accept`,
        { slot: otherView.slots[0].id },
        'en',
      );
      expect(taken.status).toBe(409);
      expect(await taken.json()).toMatchObject({
        error: 'slot_taken',
        message: expect.stringContaining('Another talk'),
      });
      const second = await w.api('speaker', `/api/v1/invitations/${otherId}/accept`, {
        slot: otherView.slots[1].id,
      });
      expect(second.status).toBe(200);
      expect(await (await w.api('otherTeacher', `/api/v1/invitations/${otherId}`)).json()).toMatchObject({
        status: 'scheduled',
        contact: { phone: SPEAKER_PHONE },
      });

      // The rest of the machine over the API: counter, accept by the teacher, cancel, decline, complete.
      const third = await (await w.api('teacher', '/api/v1/invitations', body([slotAt(14)]))).json();
      expect((await w.api('speaker', `/api/v1/invitations/${third.id}/counter`, { slots: [] })).status).toBe(
        400,
      );
      // An id that is not a UUID names no invitation: 404, whatever the action.
      for (const action of ['accept', 'decline', 'counter', 'cancel', 'complete']) {
        const notAnId = await w.api('speaker', `/api/v1/invitations/abc/${action}`, {
          reason: '有事',
          slot: '00000000-0000-4000-8000-000000000000',
          slots: [{ startsAt: slotAt(15).startsAt.toISOString(), endsAt: slotAt(15).endsAt.toISOString() }],
          rating: 5,
          feedback: '好',
        });
        expect(notAnId.status, action).toBe(404);
        expect((await notAnId.json()).error, action).toBe('not_found');
      }
      const counter = await w.api('speaker', `/api/v1/invitations/${third.id}/counter`, {
        slots: [{ startsAt: slotAt(15).startsAt.toISOString(), endsAt: slotAt(15).endsAt.toISOString() }],
        note: '换一天',
      });
      expect(await counter.json()).toEqual({ id: third.id, status: 'countered' });
      // Both sides read the proposed times by who proposed them, not as "the other side".
      for (const who of ['speaker', 'teacher'] as const) {
        const seen = parse(await (await (await w.browser(who)).fetch(`/invitations/${third.id}`)).text());
        const labels = seen.querySelectorAll('.slot-list .muted').map((m) => m.text.split('·')[0]?.trim());
        expect(labels, who).toEqual(['宣讲员提出']);
      }
      const countered = await (await w.api('teacher', `/api/v1/invitations/${third.id}`)).json();
      const hostSlot = countered.slots.find((s: { proposedBy: string }) => s.proposedBy === 'host');
      expect(
        (await w.api('teacher', `/api/v1/invitations/${third.id}/accept`, { slot: hostSlot.id })).status,
      ).toBe(200);
      expect((await w.api('teacher', `/api/v1/invitations/${third.id}/cancel`, {})).status).toBe(400);
      expect(
        await (await w.api('teacher', `/api/v1/invitations/${third.id}/cancel`, { reason: '考试周' })).json(),
      ).toEqual({ id: third.id, status: 'cancelled' });
      const fourth = await (await w.api('teacher', '/api/v1/invitations', body([slotAt(16)]))).json();
      expect(
        await (
          await w.api('speaker', `/api/v1/invitations/${fourth.id}/decline`, { reason: '身体原因' })
        ).json(),
      ).toEqual({ id: fourth.id, status: 'declined' });
      expect((await w.api('speaker', `/api/v1/invitations/${fourth.id}/publish`, {})).status).toBe(404);
      expect(
        (await w.api('teacher', `/api/v1/invitations/${id}/complete`, { rating: 5, feedback: '好' })).status,
      ).toBe(409);
      clock.set(new Date(T0.getTime() + 8 * DAY_MS));
      try {
        expect(
          await (
            await w.api('teacher', `/api/v1/invitations/${id}/complete`, { rating: 5, feedback: '生动' })
          ).json(),
        ).toEqual({ id, status: 'completed' });
      } finally {
        clock.set(T0);
      }
    });

    it('shows a speaker’s phone and e-mail to nobody else: pages, API answers, calendar files, notices, e-mails, audit', async () => {
      const w = await world();
      const created = await (
        await w.api('teacher', '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          slots: [{ startsAt: slotAt(21).startsAt.toISOString(), endsAt: slotAt(21).endsAt.toISOString() }],
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
          notes: '',
        })
      ).json();
      const pending = await (await w.api('speaker', `/api/v1/invitations/${created.id}`)).json();
      await w.api('speaker', `/api/v1/invitations/${created.id}/accept`, { slot: pending.slots[0].id });
      const pages = [
        '/speakers/topics',
        '/speakers/topics?region=150105',
        '/outreach',
        '/invitations',
        `/invitations/${created.id}`,
        `/invitations/${created.id}/calendar.ics`,
        `/invitations/new?topic=${w.topic.id}`,
        '/speaker',
        '/speaker/profile',
        '/speakers/vetting',
        '/console/outreach',
        '/inbox',
        `/api/v1/speakers/${w.speaker.id}/topics`,
      ];
      const others = [
        'schoolAdmin',
        'otherTeacher',
        'otherSpeaker',
        'operator',
        'otherOperator',
        'auditor',
      ] as const;
      for (const who of [null, ...others]) {
        const browser = who ? await w.browser(who) : new Browser(server.url);
        for (const page of pages) {
          const response = await browser.fetch(page);
          const text = await response.text();
          expect(leaks(text), `${who ?? 'anonymous'} ${page} (${response.status})`).toBe(false);
        }
        if (who) {
          const answer = await (await w.api(who, `/api/v1/invitations/${created.id}`)).text();
          expect(leaks(answer), `${who} API`).toBe(false);
        }
      }
      // The allowed do see it.
      for (const who of ['teacher', 'speaker', 'admin'] as const) {
        const text = await (await (await w.browser(who)).fetch(`/invitations/${created.id}`)).text();
        expect(text, who).toContain(SPEAKER_PHONE);
      }
      const written = JSON.stringify([
        await server.database.db.select().from(notifications),
        await server.database.db.select().from(emailOutbox),
        await server.database.db.select().from(auditLog),
      ]);
      expect(leaks(written)).toBe(false);
    });

    it('withdraws the vetting badge when the speaker changes the name, category or title it vouched for, and tells the auditor', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const db = server.database.db;
      const row = async () => (await db.select().from(speakers).where(eq(speakers.id, w.speaker.id)))[0];
      const form = (title: string): [string, string][] => [
        ['displayName', '巴特尔'],
        ['category', 'veteran_soldier'],
        ['title', title],
        ['regionCode', '150105'],
        ['languages', 'zh'],
        ['serviceRegionCodes', '150100'],
        ['from1', '08:30'],
        ['to1', '11:30'],
        ['monthlyCap', '4'],
      ];
      // The bureau's queue and desk count the speakers waiting for vetting, and point to where they are vetted.
      const auditor = await w.browser('auditor');
      const waiting = async () => {
        const queue = await (await auditor.fetch('/bureau/queue')).text();
        const said = /另有 (\d+) 位已发布的宣讲员等待审核资格/.exec(queue);
        if (said) expect(queue).toContain('href="/speakers/vetting"');
        const desk = parse(await (await auditor.fetch('/bureau')).text());
        const card = desk.querySelectorAll('.desk-card').find((c) => c.text.includes('宣讲员待审核资格'));
        const onDesk = Number(card?.querySelector('.stat-value')?.text.replace(/,/g, ''));
        expect(onDesk).toBe(said ? Number(said[1]) : 0);
        return onDesk;
      };
      const before = await waiting();
      // A school invites him while his badge holds.
      const invited = await w.api('teacher', '/api/v1/invitations', {
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        slots: [{ startsAt: slotAt(21).startsAt.toISOString(), endsAt: slotAt(21).endsAt.toISOString() }],
        audienceSize: 60,
        grades: [7],
        place: '礼堂',
        notes: '',
      });
      expect(invited.status).toBe(201);
      // The form says so before anything is saved.
      expect(await (await speaker.fetch('/speaker/profile')).text()).toContain('需要教育局重新审查');
      // Hours changed, who the speaker is unchanged: the badge stays.
      const same = await postForm(speaker, '/speaker/profile', form(''));
      expect(same.headers.get('location')).toBe('/speaker/profile?saved=1');
      expect((await row())?.vettedUntil).toBe('2099-12-31');
      // An honour claimed: the badge goes until the bureau vets it, the speaker is told why, the auditor is asked.
      const claimed = await postForm(speaker, '/speaker/profile', form('全国劳动模范'));
      expect(claimed.headers.get('location')).toBe('/speaker/profile?saved=revetting');
      expect(await row()).toMatchObject({ title: '全国劳动模范', vettedUntil: null, vettedBy: null });
      const told = await (await speaker.fetch('/speaker/profile?saved=revetting')).text();
      expect(told).toContain('需要教育局重新审查：审查之前，您的资料不显示“已审查”');
      const asked = await db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, w.people.auditor.id),
            eq(notifications.kind, 'speakerIdentityChanged'),
          ),
        );
      expect(asked).toHaveLength(1);
      expect(asked[0]?.link).toBe(`/speakers/vetting#s-${w.speaker.id}`);
      // Teachers see the speaker as not vetted (no new talk can be scheduled: invitations' own tests).
      const shown = await (await w.api(null, `/api/v1/speakers/${w.speaker.id}/topics`)).json();
      expect(shown.speaker.vettedUntil).toBeNull();
      expect(await waiting()).toBe(before + 1);
      // The invitation sent before says why its time cannot be accepted now, and offers no accept to tap.
      const home = parse(await (await speaker.fetch('/speaker')).text());
      expect(home.text).toContain('您的宣讲员审核资格还没有覆盖这一天');
      // Each waiting invitation says when it was sent: two of one school and topic are told apart.
      expect(home.text).toContain('邀请发出时间');
      const accept = home.querySelectorAll('button.accept-button');
      expect(accept.length).toBeGreaterThan(0);
      for (const button of accept) expect(button.hasAttribute('disabled')).toBe(true);
      // The auditor vets again; the badge is back.
      const vetted = await postForm(auditor, '/speakers/vetting', [
        ['speakerId', w.speaker.id],
        ['vettedUntil', '2030-06-30'],
      ]);
      expect(vetted.status).toBe(302);
      expect((await row())?.vettedUntil).toBe('2030-06-30');
      expect(await waiting()).toBe(before);
    });

    it('lets the speaker edit the profile and topics, refusing bad input with field messages', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const page = await (await speaker.fetch('/speaker/profile')).text();
      expect(page).toContain(SPEAKER_PHONE);
      const base: [string, string][] = [
        ['displayName', '巴特尔'],
        ['category', 'veteran_soldier'],
        // Who the speaker is stays as vetted here (a new name, category or title is vetted again: the next test).
        ['title', ''],
        ['bio', ''],
        ['regionCode', '150105'],
        ['languages', 'zh'],
        ['languages', 'mn'],
        ['serviceRegionCodes', '150100'],
        ['serviceRadiusKm', ''],
        ['from1', '08:30'],
        ['to1', '11:30'],
        ['blackoutDates', '2030-05-01\n2030-05-02'],
        ['monthlyCap', '3'],
        ['needs', '需要接送'],
        ['phone', '13900001111'],
        ['email', 'new@example.org'],
      ];
      const bad = await postForm(speaker, '/speaker/profile', [
        ...base.filter(([k]) => !['monthlyCap', 'email', 'blackoutDates'].includes(k)),
        ['monthlyCap', '99'],
        // Monday is fine; Wednesday ends before it starts.
        ['from3', '17:00'],
        ['to3', '08:30'],
        ['email', 'not-an-address'],
        ['blackoutDates', 'someday'],
      ]);
      expect(bad.status).toBe(400);
      const badHtml = await bad.text();
      expect(badHtml).toContain('不能大于 60');
      expect(badHtml).toContain('请输入有效的邮箱地址');
      expect(badHtml).toContain('结束时间必须晚于开始时间');
      // The message names the day, and the day's 'to' box is the one marked.
      expect(badHtml).toMatch(/星期三：结束时间必须晚于开始时间|周三：结束时间必须晚于开始时间/);
      expect(badHtml).toMatch(/name="to3"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="to3"/);
      expect(badHtml).not.toMatch(/name="to1"[^>]*aria-invalid="true"/);
      expect(badHtml).toContain('这些日期无法识别：someday。');
      // The phone a teacher will call: the booking form's rule, and a bad one saves nothing.
      const phoneOf = async () =>
        (await server.database.db.select().from(speakers).where(eq(speakers.id, w.speaker.id)))[0];
      const before = await phoneOf();
      const badPhone = await postForm(speaker, '/speaker/profile', [
        ...base.filter(([k]) => k !== 'phone'),
        ['phone', '12345'],
      ]);
      expect(badPhone.status).toBe(400);
      const badPhoneHtml = await badPhone.text();
      expect(badPhoneHtml).toContain('请输入 11 位手机号或带区号的固定电话');
      expect(badPhoneHtml).toMatch(
        /name="phone"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="phone"/,
      );
      expect(await phoneOf()).toEqual(before);
      expect(before?.phone).toBe(SPEAKER_PHONE);
      // Hours too short for any of the speaker's talks (09:00–09:10 on Tuesday) are named on the day, saving nothing.
      const short = await postForm(speaker, '/speaker/profile', [
        ...base,
        ['from2', '09:00'],
        ['to2', '09:10'],
      ]);
      expect(short.status).toBe(422);
      const shortHtml = await short.text();
      expect(shortHtml).toMatch(/(星期二|周二)：这段时间只有 10 分钟，比您最短的宣讲主题（\d+ 分钟）还短/);
      expect(shortHtml).toMatch(/name="to2"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="to2"/);
      expect(await phoneOf()).toEqual(before);
      // A day already past is not kept (it would block nothing), and the form then shows only the days ahead.
      const good = await postForm(speaker, '/speaker/profile', [
        ...base.filter(([k]) => k !== 'blackoutDates'),
        ['blackoutDates', '2020-01-01\n2030-05-01\n2030-05-02'],
      ]);
      expect(good.headers.get('location')).toBe('/speaker/profile?saved=1');
      expect((await phoneOf())?.phone).toBe('13900001111');
      expect((await phoneOf())?.blackoutDates).toEqual(['2030-05-01', '2030-05-02']);
      const shown = parse(await (await speaker.fetch('/speaker/profile')).text());
      expect(shown.querySelector('textarea[name="blackoutDates"]')?.text).toBe('2030-05-01\n2030-05-02');
      const saved = await (await w.api('speaker', `/api/v1/speakers/${w.speaker.id}/topics`)).json();
      expect(saved.speaker).toMatchObject({
        languages: ['zh', 'mn'],
        weeklyAvailability: [{ weekday: 1, from: '08:30', to: '11:30' }],
      });
      const topic = await postForm(speaker, '/speaker/topics', [
        ['title', '草原上的英雄'],
        ['summary', '讲述草原英雄小姐妹的故事'],
        ['themes', '红色教育'],
        ['otherTheme', '英雄故事'],
        ['grades', '3'],
        ['grades', '4'],
        ['durationMinutes', '45'],
        ['language', 'mn'],
        ['active', 'on'],
      ]);
      expect(topic.status).toBe(302);
      const topics = await (await w.api(null, `/api/v1/speakers/${w.speaker.id}/topics`)).json();
      expect(topics.topics.find((t: { title: string }) => t.title === '草原上的英雄')).toMatchObject({
        themes: ['红色教育', '英雄故事'],
        grades: [3, 4],
        language: 'mn',
      });
      expect((await (await w.browser('teacher')).fetch('/speaker/profile')).status).toBe(403);
    });

    /** The message shown under one field (its id), or undefined. */
    const fieldError = (html: string, id: string) =>
      new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

    it('keeps a refused topic as the speaker typed it, and brings the page back to it without JavaScript', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const page = parse(await (await speaker.fetch('/speaker/topics')).text());
      expect(page.getElementById('topic-new')).not.toBeNull();
      expect(page.getElementById(`topic-${w.topic.id}`)).not.toBeNull();
      const actions = page.querySelectorAll('form[method="post"]').map((f) => f.getAttribute('action'));
      expect(actions).toContain('/speaker/topics#topic-new');
      expect(actions).toContain(`/speaker/topics#topic-${w.topic.id}`);
      // A new topic without a grade and too long: refused, everything typed and ticked kept, a word at the form's top.
      const refused = await postForm(speaker, '/speaker/topics', [
        ['topicId', ''],
        ['title', '草原上的新故事'],
        ['summary', '讲讲牧区的变化'],
        ['themes', '红色教育'],
        ['otherTheme', '牧区'],
        ['durationMinutes', '600'],
        ['language', 'mn'],
      ]);
      expect(refused.status).toBe(400);
      const html = parse(await refused.text());
      const form = html
        .querySelectorAll('form')
        .find((f) => f.getAttribute('action') === '/speaker/topics#topic-new');
      expect(form?.querySelector('.alert-bad')?.text).toContain('请修改标出的内容后再提交');
      expect(form?.querySelector('input[name="title"]')?.getAttribute('value')).toBe('草原上的新故事');
      expect(form?.querySelector('textarea[name="summary"]')?.text).toBe('讲讲牧区的变化');
      expect(form?.querySelector('input[name="themes"][value="红色教育"]')?.hasAttribute('checked')).toBe(
        true,
      );
      expect(form?.querySelector('input[name="otherTheme"]')?.getAttribute('value')).toBe('牧区');
      expect(form?.querySelector('input[name="durationMinutes"]')?.getAttribute('value')).toBe('600');
      expect(form?.querySelector('select[name="language"] option[selected]')?.getAttribute('value')).toBe(
        'mn',
      );
      // Unticked "offered" stays unticked.
      expect(form?.querySelector('input[name="active"]')?.hasAttribute('checked')).toBe(false);
      const count = await server.database.db
        .select()
        .from(speakerTopics)
        .where(eq(speakerTopics.speakerId, w.speaker.id));
      expect(count.map((topic) => topic.title)).not.toContain('草原上的新故事');
    });

    it('adds a topic once: a second press with the same title is refused on the title, and one speaker’s own theme is no option for others', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const fields: [string, string][] = [
        ['topicId', ''],
        ['title', '牧区 新故事'],
        ['summary', '讲讲牧区的变化'],
        ['themes', '红色教育'],
        ['otherTheme', '驼队往事'],
        ['grades', '5'],
        ['durationMinutes', '45'],
        ['language', 'zh'],
        ['active', 'on'],
      ];
      const titles = async () =>
        (
          await server.database.db
            .select()
            .from(speakerTopics)
            .where(eq(speakerTopics.speakerId, w.speaker.id))
        )
          .map((topic) => topic.title)
          .filter((title) => title.replace(/\s/g, '') === '牧区新故事');
      const first = await postForm(speaker, '/speaker/topics', fields);
      expect(first.status).toBe(302);
      // Pressed again (or typed again with other spaces): the title says why, nothing is added.
      for (const title of ['牧区 新故事', '牧区新故事 ']) {
        const again = await postForm(speaker, '/speaker/topics', [
          ...fields.filter(([k]) => k !== 'title'),
          ['title', title],
        ]);
        expect(again.status).toBe(409);
        expect(fieldError(await again.text(), 'new-title')).toContain('您已经有一个同名的主题');
      }
      expect(await titles()).toEqual(['牧区 新故事']);
      // Two at once: one is added.
      await Promise.all(
        [1, 2].map(() =>
          postForm(speaker, '/speaker/topics', [
            ...fields.filter(([k]) => k !== 'title'),
            ['title', '驼队往事'],
          ]),
        ),
      );
      const camel = await server.database.db
        .select()
        .from(speakerTopics)
        .where(and(eq(speakerTopics.speakerId, w.speaker.id), eq(speakerTopics.title, '驼队往事')));
      expect(camel).toHaveLength(1);

      // "驼队往事" is this speaker's own theme: on their topic, not an option of the menus or the other's form.
      const menu = parse(await (await w.browser('teacher')).fetch('/speakers/topics').then((r) => r.text()));
      const options = menu
        .querySelectorAll('select[name="theme"] option')
        .map((o) => o.getAttribute('value'));
      expect(options).toContain('红色教育');
      expect(options).not.toContain('驼队往事');
      const other = parse(
        await (await w.browser('otherSpeaker')).fetch('/speaker/topics').then((r) => r.text()),
      );
      expect(other.querySelector('input[name="themes"][value="驼队往事"]')).toBeNull();
    });

    it('names every mistake of the invitation form in one answer: the fields, and each time the speaker cannot do', async () => {
      const w = await world();
      await server.database.db
        .update(speakers)
        .set({
          weeklyAvailability: [{ weekday: 1, from: '08:30', to: '11:30' }],
          blackoutDates: ['2030-03-18'],
        })
        .where(eq(speakers.id, w.speaker.id));
      const teacher = await w.browser('teacher');
      const count = () => server.database.db.select({ n: sql<number>`count(*)::int` }).from(invitations);
      const before = await count();
      // Today (too soon), a Tuesday (outside the speaker's Monday morning), a Monday they blacked out; and no grade.
      const all = await postForm(teacher, `/invitations/new?topic=${w.topic.id}`, [
        ['date1', '2030-03-04'],
        ['time1', '15:00'],
        ['date2', '2030-03-12'],
        ['time2', '09:00'],
        ['date3', '2030-03-18'],
        ['time3', '09:00'],
        ['audienceSize', '80'],
        ['place', '礼堂'],
      ]);
      expect(all.status).toBe(400);
      const allHtml = await all.text();
      expect(allHtml).toContain('请至少选择一个年级');
      expect(fieldError(allHtml, 'date1')).toBe('请至少提前一天。');
      expect(fieldError(allHtml, 'date2')).toBe('这个时间不在宣讲员可以宣讲的时段内。');
      expect(fieldError(allHtml, 'date3')).toBe('宣讲员这一天不方便。');
      // A row the form itself refuses is named once, by that rule; the rows that can be read are still checked.
      const mixed = await postForm(teacher, `/invitations/new?topic=${w.topic.id}`, [
        ['date1', '2030-02-30'],
        ['time1', '09:00'],
        ['date2', '2030-03-12'],
        ['time2', '09:00'],
        ['date3', '2030-03-11'],
        ['time3', '22:00'],
        ['audienceSize', '0'],
        ['grades', '7'],
        ['place', '礼堂'],
      ]);
      expect(mixed.status).toBe(400);
      const mixedHtml = await mixed.text();
      expect(fieldError(mixedHtml, 'date1')).toBe('请输入有效的日期');
      expect(fieldError(mixedHtml, 'date2')).toBe('这个时间不在宣讲员可以宣讲的时段内。');
      expect(fieldError(mixedHtml, 'time3')).toBe('请选择北京时间 7:00 以后开始、21:00 以前结束的时间。');
      expect(fieldError(mixedHtml, 'date3')).toBeUndefined();
      expect(fieldError(mixedHtml, 'f-audienceSize')).toBe('不能小于 1');
      // Only the speaker's calendar is wrong: the same answer as before, on the row.
      const onlyTimes = await postForm(teacher, `/invitations/new?topic=${w.topic.id}`, [
        ['date1', '2030-03-11'],
        ['time1', '09:00'],
        ['date2', '2030-03-13'],
        ['time2', '09:00'],
        ['audienceSize', '80'],
        ['grades', '7'],
        ['place', '礼堂'],
      ]);
      expect(onlyTimes.status).toBe(422);
      const onlyTimesHtml = await onlyTimes.text();
      expect(fieldError(onlyTimesHtml, 'date1')).toBeUndefined();
      expect(fieldError(onlyTimesHtml, 'date2')).toBe('这个时间不在宣讲员可以宣讲的时段内。');
      expect(await count()).toEqual(before);
      // An outreach request has no speaker's calendar, only the timing rules, named with the other fields.
      const outreach = await postForm(teacher, `/invitations/new?program=${w.program.id}`, [
        ['date1', '2030-03-04'],
        ['time1', '15:00'],
        ['audienceSize', '80'],
        ['place', ''],
        ['grades', '5'],
      ]);
      expect(outreach.status).toBe(400);
      const outreachHtml = await outreach.text();
      expect(fieldError(outreachHtml, 'date1')).toBe('请至少提前一天。');
      expect(fieldError(outreachHtml, 'f-place')).toBe('请填写此项');
      expect(await count()).toEqual(before);
    });

    /** The speaker's profile form, filled in well; `with` replaces or adds fields. */
    const profileForm = (fields: Record<string, string>): [string, string][] => {
      const base: Record<string, string> = {
        displayName: '巴特尔',
        category: 'veteran_soldier',
        regionCode: '150105',
        languages: 'zh',
        serviceRegionCodes: '150100',
        from1: '08:30',
        to1: '11:30',
        blackoutDates: '',
        monthlyCap: '3',
      };
      return Object.entries({ ...base, ...fields });
    };

    it('refuses a monthly cap below the talks already scheduled in a month from this one on, naming the month', async () => {
      const w = await world();
      const db = server.database.db;
      await db.update(speakers).set({ monthlyCap: 4 }).where(eq(speakers.id, w.speaker.id));
      // Two talks this month (March 2030), three last month: last month is over and limits nothing.
      await db.insert(speakerMonthLoads).values([
        { speakerId: w.speaker.id, month: '2030-02-01', engagements: 3 },
        { speakerId: w.speaker.id, month: '2030-03-01', engagements: 2 },
      ]);
      const speaker = await w.browser('speaker');
      const refused = await postForm(speaker, '/speaker/profile', profileForm({ monthlyCap: '1' }));
      expect(refused.status).toBe(409);
      expect(fieldError(await refused.text(), 'f-monthlyCap')).toBe(
        '2030年3月已经安排了 2 场宣讲，每月上限不能少于 2 场。可以等这个月过去再调低，或先取消多出的宣讲。',
      );
      // 0, the pause the hint offers, is told what pauses this month instead.
      const paused = await postForm(speaker, '/speaker/profile', profileForm({ monthlyCap: '0' }));
      expect(paused.status).toBe(409);
      expect(fieldError(await paused.text(), 'f-monthlyCap')).toBe(
        '2030年3月已经安排了 2 场宣讲，已安排的宣讲照常进行，所以这个月还不能填 0。想暂停的话，可以先填 2：这个月就不会再接受新的邀请；等这个月过去，再改成 0。',
      );
      const [kept] = await db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
      expect(kept?.monthlyCap).toBe(4);
      const lowered = await postForm(speaker, '/speaker/profile', profileForm({ monthlyCap: '2' }));
      expect(lowered.status).toBe(302);
      const [after] = await db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
      expect(after?.monthlyCap).toBe(2);
    });

    it('POST /api/v1/invitations honours Idempotency-Key as bookings do: replay, 422 for another body, 409 in flight', async () => {
      const w = await world();
      const body = (day: number) => ({
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        slots: [{ startsAt: slotAt(day).startsAt.toISOString(), endsAt: slotAt(day).endsAt.toISOString() }],
        audienceSize: 60,
        grades: [7],
        place: '礼堂',
        notes: '',
      });
      const post = (payload: unknown, key: string, language = 'zh') =>
        fetch(`${server.url}/api/v1/invitations`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${w.tokens.teacher}`,
            'Content-Type': 'application/json',
            'Accept-Language': language,
            'Idempotency-Key': key,
          },
          body: JSON.stringify(payload),
        });
      const count = async () =>
        (
          await server.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(invitations)
            .where(eq(invitations.speakerId, w.speaker.id))
        )[0]?.n;

      const first = await post(body(7), '"7f1d0c2e-0000-4000-8000-000000000001"');
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const created = (await first.json()) as { id: string; status: string };
      expect(created).toEqual({ id: expect.any(String), status: 'pending' });
      // A retry (the network dropped the answer) gets the first answer again, and the speaker one card.
      const replay = await post(body(7), '"7f1d0c2e-0000-4000-8000-000000000001"');
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual(created);
      expect(await count()).toBe(1);
      const cards = await server.database.db
        .select()
        .from(notifications)
        .where(
          and(eq(notifications.userId, w.people.speaker.id), eq(notifications.kind, 'invitation_received')),
        );
      expect(cards).toHaveLength(1);
      // The same key for another body is a client's mistake: 422, nothing written.
      const other = await post(
        { ...body(8), anotherInvitation: true },
        '"7f1d0c2e-0000-4000-8000-000000000001"',
        'en',
      );
      expect(other.status).toBe(422);
      expect(await other.json()).toEqual({
        error: 'idempotency_key_reused',
        message: 'This request key was already used for a different request.',
      });
      // A key that is no key is a 400.
      expect((await post(body(8), 'has space')).status).toBe(400);
      // While the first request with a key is still running, a second one waits its turn: 409.
      await server.database.db.insert(idempotencyKeys).values({
        userId: w.people.teacher.id,
        key: 'running',
        scope: 'POST /api/v1/invitations',
        requestHash: fingerprint({ scope: 'POST /api/v1/invitations', body: body(9) }),
        createdAt: T0,
        expiresAt: new Date(T0.getTime() + DAY_MS),
      });
      const running = await post(body(9), 'running');
      expect(running.status).toBe(409);
      expect(await running.json()).toMatchObject({ error: 'idempotency_key_in_flight' });
      expect(await count()).toBe(1);
    });

    it('POST /api/v1/invitations refuses the school’s second waiting invitation for a topic, naming it, unless `anotherInvitation`', async () => {
      const w = await world();
      const body = {
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        slots: [{ startsAt: slotAt(7).startsAt.toISOString(), endsAt: slotAt(7).endsAt.toISOString() }],
        audienceSize: 60,
        grades: [7],
        place: '礼堂',
        notes: '',
      };
      const first = await w.api('teacher', '/api/v1/invitations', body);
      expect(first.status).toBe(201);
      const { id } = (await first.json()) as { id: string };
      // Sent again without a key (or under a new one): refused, with the waiting invitation named.
      const again = await w.api('teacher', '/api/v1/invitations', body, 'en');
      expect(again.status).toBe(409);
      const refusal = (await again.json()) as Record<string, unknown>;
      expect(refusal).toEqual({
        error: 'already_invited',
        message: expect.stringContaining(
          '(sent by 王老师 on 2030-03-04 10:00, status: Waiting for an answer)',
        ),
        fields: { anotherInvitation: refusal.message },
        existing: [{ id, status: 'pending', sentAt: T0.toISOString(), teacher: '王老师' }],
      });
      const byAdmin = await w.api('schoolAdmin', '/api/v1/invitations', body);
      expect(byAdmin.status).toBe(409);
      expect(((await byAdmin.json()) as { message: string }).message).toContain(
        '本校已向这位宣讲员发出过这个主题的邀请',
      );
      // Said to be another talk, it goes; a flag that is no flag is refused on its field, not taken as either.
      const notAFlag = await w.api('teacher', '/api/v1/invitations', { ...body, anotherInvitation: 'yes' });
      expect(notAFlag.status).toBe(400);
      expect(Object.keys(((await notAFlag.json()) as { fields: object }).fields)).toEqual([
        'anotherInvitation',
      ]);
      const another = await w.api('teacher', '/api/v1/invitations', { ...body, anotherInvitation: true });
      expect(another.status).toBe(201);
      const waiting = await server.database.db
        .select()
        .from(invitations)
        .where(and(eq(invitations.speakerId, w.speaker.id), eq(invitations.status, 'pending')));
      expect(waiting).toHaveLength(2);
    });

    it('the invitation form sends once per key, and names the school’s waiting invitation with a box for another talk', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const path = `/invitations/new?topic=${w.topic.id}`;
      const keyOn = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] as string;
      const page = await (await teacher.fetch(path)).text();
      expect(page).not.toContain('name="anotherInvitation"');
      const fields = (key: string, extra: [string, string][] = []): [string, string][] => [
        ['idempotencyKey', key],
        ['date1', '2030-03-11'],
        ['time1', '09:00'],
        ['audienceSize', '80'],
        ['grades', '7'],
        ['place', '礼堂'],
        ...extra,
      ];
      const key = keyOn(page);
      expect(key).toMatch(/^[\w-]{8,}$/);
      const sent = await postForm(teacher, path, fields(key));
      expect(sent.status).toBe(302);
      const location = sent.headers.get('location');
      expect(location).toMatch(/^\/invitations\/[0-9a-f-]{36}\?done=sent$/);
      // A double click (the same page sent again) lands on the same invitation; the speaker gets one card.
      const twice = await postForm(teacher, path, fields(key));
      expect(twice.status).toBe(302);
      expect(twice.headers.get('location')).toBe(location);
      const count = async () =>
        (
          await server.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(invitations)
            .where(eq(invitations.speakerId, w.speaker.id))
        )[0]?.n;
      expect(await count()).toBe(1);
      const id = /\/invitations\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];

      // Drawn again, the form says the school's invitation waits, links to it and offers the box.
      const again = await (await teacher.fetch(path)).text();
      expect(again).toContain(
        '本校已向这位宣讲员发出过这个主题的邀请，还在等待答复（王老师于 2030/3/4 10:00 发出，待答复）',
      );
      expect(again).toContain(`href="/invitations/${id}"`);
      expect(again).toContain('name="anotherInvitation"');
      expect(again).toContain('这是另一场');
      // Sent again from a new page without the box: refused on the box, naming the first; nothing written.
      const refused = await postForm(teacher, path, fields(keyOn(again)));
      expect(refused.status).toBe(409);
      const refusedHtml = await refused.text();
      expect(refusedHtml).toContain('如果这是另一场宣讲，请勾选“这是另一场”后再发送');
      expect(refusedHtml).toContain('（王老师于 2030/3/4 10:00 发出，待答复）');
      expect(refusedHtml).toContain(`href="/invitations/${id}"`);
      expect(await count()).toBe(1);
      // With the box ticked (under the new key the refusal gave), it goes.
      const another = await postForm(
        teacher,
        path,
        fields(keyOn(refusedHtml), [['anotherInvitation', 'on']]),
      );
      expect(another.status).toBe(302);
      expect(another.headers.get('location')).not.toBe(location);
      expect(await count()).toBe(2);
    });

    it('the outreach request form names the school’s waiting request for the program, with a box for another visit', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const path = `/invitations/new?program=${w.program.id}`;
      const keyOn = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] as string;
      const fields = (key: string, extra: [string, string][] = []): [string, string][] => [
        ['idempotencyKey', key],
        ['date1', '2030-03-13'],
        ['time1', '09:00'],
        ['audienceSize', '300'],
        ['grades', '5'],
        ['place', '操场'],
        ...extra,
      ];
      const count = async () =>
        (
          await server.database.db
            .select({ n: sql<number>`count(*)::int` })
            .from(invitations)
            .where(eq(invitations.programId, w.program.id))
        )[0]?.n;
      const page = await (await teacher.fetch(path)).text();
      expect(page).not.toContain('name="anotherInvitation"');
      const sent = await postForm(teacher, path, fields(keyOn(page)));
      expect(sent.status).toBe(302);
      const id = /\/invitations\/([0-9a-f-]{36})/.exec(sent.headers.get('location') ?? '')?.[1];
      expect(id).toBeDefined();
      // Drawn again (by a colleague too), the form says the request waits, links to it and offers the box.
      const again = await (await (await w.browser('schoolAdmin')).fetch(path)).text();
      expect(again).toContain(
        '本校已经申请过这个进校园项目，还在等待场馆答复（王老师于 2030/3/4 10:00 发出，待答复）',
      );
      expect(again).toContain(`href="/invitations/${id}"`);
      expect(again).toContain('查看 2030/3/4 10:00 发出的申请');
      expect(again).toContain('这是另一次活动');
      // Sent again without the box, on other dates: refused on the box, naming the first; nothing written.
      const refused = await postForm(
        teacher,
        path,
        fields(keyOn(again)).map(([k, v]) => [k, k === 'date1' ? '2030-03-14' : v] as [string, string]),
      );
      expect(refused.status).toBe(409);
      const refusedHtml = await refused.text();
      expect(refusedHtml).toContain('如果这是另一次活动，请勾选“这是另一次活动”后再发送');
      expect(refusedHtml).toContain(`href="/invitations/${id}"`);
      expect(refusedHtml).not.toContain('本校已向这位宣讲员');
      expect(await count()).toBe(1);
      // With the box ticked it goes.
      const another = await postForm(
        teacher,
        path,
        fields(keyOn(refusedHtml), [['anotherInvitation', 'on']]),
      );
      expect(another.status).toBe(302);
      expect(await count()).toBe(2);
    });

    it('shows a weekday’s mistake beside that weekday’s times, not under the whole week', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const bad = await postForm(speaker, '/speaker/profile', profileForm({ from1: '17:00', to1: '08:30' }));
      expect(bad.status).toBe(400);
      const html = await bad.text();
      const message = html.indexOf('星期一：结束时间必须晚于开始时间');
      expect(message).toBeGreaterThan(html.indexOf('name="to1"'));
      expect(message).toBeLessThan(html.indexOf('name="from2"'));
      expect(html).toMatch(/name="to1"[^>]*aria-describedby="availability-1-error"/);
      expect(html).toMatch(/id="availability-1-error"[^>]*>星期一：结束时间必须晚于开始时间</);
    });

    it('refuses weekly hours outside 07:00–21:00, when schools can invite, with the day named', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const stored = async () =>
        (await server.database.db.select().from(speakers).where(eq(speakers.id, w.speaker.id)))[0]
          ?.weeklyAvailability;
      const before = await stored();
      const night = await postForm(
        speaker,
        '/speaker/profile',
        profileForm({ from2: '06:00', to2: '09:00', from3: '22:00', to3: '23:30' }),
      );
      expect(night.status).toBe(400);
      const html = await night.text();
      expect(html).toContain('星期二：请填 7:00 到 21:00 之间的时间，学校只能在这段时间内邀请');
      expect(html).toContain('星期三：请填 7:00 到 21:00 之间的时间，学校只能在这段时间内邀请');
      expect(html).toMatch(/name="from2"[^>]*aria-invalid="true"/);
      expect(html).toMatch(/name="to3"[^>]*aria-invalid="true"/);
      expect(await stored()).toEqual(before);
      const edges = await postForm(
        speaker,
        '/speaker/profile',
        profileForm({ from5: '07:00', to5: '21:00' }),
      );
      expect(edges.status).toBe(302);
      expect(await stored()).toEqual([
        { weekday: 1, from: '08:30', to: '11:30' },
        { weekday: 5, from: '07:00', to: '21:00' },
      ]);
    });

    it('names the blackout dates it cannot read, in the order typed', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const bad = await postForm(
        speaker,
        '/speaker/profile',
        profileForm({ blackoutDates: '2030-05-01\n明天\n2030-02-30\nabc' }),
      );
      expect(bad.status).toBe(400);
      expect(fieldError(await bad.text(), 'f-blackoutDates')).toBe(
        '这些日期无法识别：明天 2030-02-30 abc。请写成 2026-05-01 或 2026/5/1 这样的日期，每行一个。',
      );
      const good = await postForm(
        speaker,
        '/speaker/profile',
        // Written as people write them, and the same day twice in two ways: kept once, as YYYY-MM-DD.
        profileForm({ blackoutDates: '2030/5/2\n2030年5月1日\n2030-05-02\n２０３０．５．３' }),
      );
      expect(good.status).toBe(302);
      const [saved] = await server.database.db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
      expect(saved?.blackoutDates).toEqual(['2030-05-01', '2030-05-02', '2030-05-03']);
    });

    it('heads each waiting invitation on the speaker’s home by its school and days, the topic under it', async () => {
      const w = await world();
      for (const [who, days] of [
        ['teacher', [7, 9]],
        ['otherTeacher', [8]],
      ] as const) {
        const sent = await w.api(who, '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          slots: days.map((d) => ({
            startsAt: slotAt(d).startsAt.toISOString(),
            endsAt: slotAt(d).endsAt.toISOString(),
          })),
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
        });
        expect(sent.status).toBe(201);
      }
      const home = parse(await (await (await w.browser('speaker')).fetch('/speaker')).text());
      const cards = home.querySelectorAll('.invitation-card');
      expect(cards.map((card) => card.querySelector('h3')?.text).sort()).toEqual([
        '哈达中心学校 · 3/11周一、3/13周三',
        '赛罕区实验小学 · 3/12周二',
      ]);
      // The topic, the same on both, is the link under the heading.
      const topics = cards.map((card) => card.querySelector('.invitation-topic > a')?.text);
      expect(new Set(topics).size).toBe(1);
      expect(topics[0]).toBeTruthy();
    });

    it('tells the speaker’s lines on their home apart: the times offered on each counter-proposal, the school’s rating named, a taken time’s hint in one Chinese run', async () => {
      const w = await world();
      const invite = async (who: 'teacher' | 'otherTeacher', slots: ReturnType<typeof slotAt>[]) => {
        const sent = await w.api(who, '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
          // The school sends several on purpose: each is another talk.
          anotherInvitation: true,
        });
        expect(sent.status).toBe(201);
        return ((await sent.json()) as { id: string }).id;
      };
      // Two counter-proposals on the same topic to the same school: only their times tell them apart.
      for (const days of [[20], [22, 23]]) {
        const id = await invite('teacher', [slotAt(7)]);
        const countered = await w.api('speaker', `/api/v1/invitations/${id}/counter`, {
          slots: days.map((d) => ({
            startsAt: slotAt(d, 14).startsAt.toISOString(),
            endsAt: slotAt(d, 14).endsAt.toISOString(),
          })),
        });
        expect(countered.status).toBe(200);
      }
      // A talk accepted at 09:00 on day 9 takes the other school's 09:30 that day; then it is done and rated 4.
      const done = await invite('teacher', [slotAt(9, 9)]);
      const blockedId = await invite('otherTeacher', [slotAt(9, 9.5), slotAt(10)]);
      const view = await (await w.api('speaker', `/api/v1/invitations/${done}`)).json();
      const accepted = await w.api('speaker', `/api/v1/invitations/${done}/accept`, {
        slot: view.slots[0].id,
      });
      expect(accepted.status).toBe(200);
      const speaker = await w.browser('speaker');
      const waiting = parse(await (await speaker.fetch('/speaker')).text());
      const blockedCard = waiting
        .querySelectorAll('.invitation-card')
        .find((c) => c.innerHTML.includes(`/invitations/${blockedId}`));
      expect(blockedCard?.querySelector('.accept-form .field-hint')?.text).toBe(
        '这个时间已经安排了另一场宣讲。可以在下面提出新的时间。',
      );
      await server.database.db
        .update(invitations)
        .set({ status: 'completed', completedAt: slotAt(9, 10).startsAt, feedbackRating: 4 })
        .where(eq(invitations.id, done));

      const home = parse(await (await speaker.fetch('/speaker')).text());
      const countered = home
        .querySelectorAll('section[aria-labelledby="countered-title"] li')
        .map((li) => li.querySelector('.offered-times')?.text);
      expect(countered.sort()).toEqual([
        '您提出的时间：3月24日星期日 14:00–15:00',
        '您提出的时间：3月26日星期二 14:00–15:00、3月27日星期三 14:00–15:00',
      ]);
      const past = home.querySelectorAll('section[aria-labelledby="past-title"] li');
      const rated = past.find((li) => li.innerHTML.includes(`/invitations/${done}`));
      expect(rated?.text).toContain('学校评分 4/5');
      expect(rated?.text).not.toMatch(/\b4 分/);
      // In English the sentences keep their space.
      await postForm(speaker, '/lang', [
        ['lang', 'en'],
        ['redirectTo', '/speaker'],
      ]);
      const inEnglish = parse(await (await speaker.fetch('/speaker')).text());
      expect(inEnglish.querySelector('.accept-form .field-hint')?.text).toBe(
        'Another talk is already scheduled at this time. You can propose new times below.',
      );
      expect(inEnglish.querySelector('section[aria-labelledby="past-title"]')?.text).toContain(
        'School’s rating 4/5',
      );
    });

    it('chooses no reason for a declining speaker: the form asks for one, and nothing is sent until it is chosen', async () => {
      const w = await world();
      const created = await (
        await w.api('teacher', '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          slots: [{ startsAt: slotAt(7).startsAt.toISOString(), endsAt: slotAt(7).endsAt.toISOString() }],
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
        })
      ).json();
      const speaker = await w.browser('speaker');
      const home = await (await speaker.fetch('/speaker')).text();
      const options = /<select[^>]*name="reasonCode"[^>]*>([\s\S]*?)<\/select>/.exec(home)?.[1] ?? '';
      expect(options).toMatch(/^<option value="" selected="">请选择<\/option>/);
      expect(options.match(/selected/g)).toHaveLength(1);
      // The server's message in the page's language, not the browser's pop-up in the browser's.
      expect(home).toMatch(
        /<form[^>]*novalidate=""[^>]*>(?:(?!<\/form>)[\s\S])*?name="intent" value="decline"/,
      );
      const statusOf = async () =>
        (await server.database.db.select().from(invitations).where(eq(invitations.id, created.id)))[0]
          ?.status;
      const unchosen = await postForm(speaker, '/speaker', [
        ['invitationId', created.id],
        ['intent', 'decline'],
        ['reasonCode', ''],
        ['detail', '下周住院'],
      ]);
      expect(unchosen.status).toBe(400);
      const html = await unchosen.text();
      expect(fieldError(html, `d-${created.id.slice(0, 8)}-reason`)).toBe('请选择不能来的原因');
      expect(html).toMatch(/<textarea[^>]*name="detail"[^>]*>下周住院<\/textarea>/);
      expect(await statusOf()).toBe('pending');
      const missing = await postForm(speaker, '/speaker', [
        ['invitationId', created.id],
        ['intent', 'decline'],
      ]);
      expect(missing.status).toBe(400);
      expect(await statusOf()).toBe('pending');
      const chosen = await postForm(speaker, '/speaker', [
        ['invitationId', created.id],
        ['intent', 'decline'],
        ['reasonCode', 'health'],
      ]);
      expect(chosen.status).toBe(302);
      expect(await statusOf()).toBe('declined');
    });

    it('leaves the answer forms to the server’s messages in the page’s language, not the browser’s pop-ups', async () => {
      const w = await world();
      const slot = { startsAt: slotAt(7).startsAt.toISOString(), endsAt: slotAt(7).endsAt.toISOString() };
      const invite = {
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        audienceSize: 60,
        grades: [7],
        place: '礼堂',
      };
      const pending = await (
        await w.api('teacher', '/api/v1/invitations', { ...invite, slots: [slot] })
      ).json();
      /** The form of one answer on a page. */
      const answerForm = (html: string, intent: string) =>
        [...html.matchAll(/<form[^>]*>[\s\S]*?<\/form>/g)]
          .map((m) => m[0])
          .find((f) => f.includes(`name="intent" value="${intent}"`));
      const speaker = await w.browser('speaker');
      expect(answerForm(await (await speaker.fetch('/speaker')).text(), 'counter')).toMatch(
        /^<form[^>]*novalidate=""/,
      );
      const teacher = await w.browser('teacher');
      expect(answerForm(await (await teacher.fetch(`/invitations/${pending.id}`)).text(), 'cancel')).toMatch(
        /^<form[^>]*novalidate=""/,
      );
      const view = await (await w.api('speaker', `/api/v1/invitations/${pending.id}`)).json();
      await w.api('speaker', `/api/v1/invitations/${pending.id}/accept`, { slot: view.slots[0].id });
      clock.set(new Date(T0.getTime() + 8 * DAY_MS));
      try {
        // Signed in afresh: a week later the first session has run out.
        const later = await w.browser('teacher');
        const held = await (await later.fetch(`/invitations/${pending.id}`)).text();
        expect(answerForm(held, 'complete')).toMatch(/^<form[^>]*novalidate=""/);
        // The server names what is missing, and keeps what was typed.
        const empty = await postForm(later, `/invitations/${pending.id}`, [
          ['invitationId', pending.id],
          ['intent', 'complete'],
          ['feedback', '生动'],
        ]);
        expect(empty.status).toBe(400);
        const emptyHtml = await empty.text();
        expect(fieldError(emptyHtml, `r-${pending.id.slice(0, 8)}-rating`)).toBe('请填写此项');
        expect(emptyHtml).toMatch(/<textarea[^>]*name="feedback"[^>]*>生动<\/textarea>/);
        const unsaid = await postForm(later, `/invitations/${pending.id}`, [
          ['invitationId', pending.id],
          ['intent', 'complete'],
          ['rating', '4'],
          ['feedback', ''],
        ]);
        expect(unsaid.status).toBe(400);
        const unsaidHtml = await unsaid.text();
        expect(fieldError(unsaidHtml, `r-${pending.id.slice(0, 8)}-feedback`)).toBe('请填写此项');
        expect(unsaidHtml).toContain('<option value="4" selected="">');
      } finally {
        clock.set(T0);
      }
    });

    it('lets the teacher answer a counter-proposal with new times from the invitation page, in words for the teacher', async () => {
      const w = await world();
      const slot = { startsAt: slotAt(7).startsAt.toISOString(), endsAt: slotAt(7).endsAt.toISOString() };
      const created = await (
        await w.api('teacher', '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
          slots: [slot],
        })
      ).json();
      const other = { startsAt: slotAt(20).startsAt.toISOString(), endsAt: slotAt(20).endsAt.toISOString() };
      const countered = await w.api('speaker', `/api/v1/invitations/${created.id}/counter`, {
        slots: [other],
      });
      expect(await countered.json()).toEqual({ id: created.id, status: 'countered' });
      // The teacher proposes within the speaker's hours: the form shows them (Tuesdays 09:00–12:00, one day off).
      await server.database.db
        .update(speakers)
        .set({
          weeklyAvailability: [{ weekday: 2, from: '09:00', to: '12:00' }],
          blackoutDates: ['2030-04-02'],
        })
        .where(eq(speakers.id, w.speaker.id));
      const teacher = await w.browser('teacher');
      const page = await (await teacher.fetch(`/invitations/${created.id}`)).text();
      expect(page).toContain('这些时间都不合适？提出新的时间');
      const counterForm = parse(page)
        .querySelectorAll('form')
        .find((f) => f.querySelector('input[name="intent"][value="counter"]'));
      expect(counterForm?.querySelector('.speaker-hours')?.text).toContain('星期二 09:00–12:00');
      expect(counterForm?.querySelector('.speaker-hours')?.text).toContain('2030-04-02');
      // The speaker, proposing their own times, is not shown their hours as a rule.
      const speakerPage = await (
        await (await w.browser('speaker')).fetch(`/invitations/${created.id}`)
      ).text();
      expect(speakerPage).not.toContain('speaker-hours');
      expect(page).toContain('给对方的话（选填）');
      expect(page).not.toContain('给学校的话');
      const sent = await postForm(teacher, `/invitations/${created.id}`, [
        ['invitationId', created.id],
        ['intent', 'counter'],
        ['date1', '2030-03-26'],
        ['time1', '10:00'],
        ['note', '下周三也可以'],
      ]);
      expect(sent.status).toBe(302);
      expect(sent.headers.get('location')).toBe(`/invitations/${created.id}?done=counter#top`);
      const after = await (await teacher.fetch(`/invitations/${created.id}?done=counter`)).text();
      expect(after).toContain('已把新的时间发给对方，等他们答复。');
      // The note is named as the school's, on both sides; the speaker's card is headed by the days on offer now.
      expect(after).toContain('学校的话');
      const speakerHome = parse(await (await (await w.browser('speaker')).fetch('/speaker')).text());
      const card = speakerHome
        .querySelectorAll('.invitation-card')
        .find((c) => c.innerHTML.includes(`/invitations/${created.id}`));
      const heading = card?.querySelector('h3')?.text ?? '';
      expect(heading).toContain('3/26');
      expect(heading).not.toContain('3/11');
      expect(heading).not.toContain('3/24');
      expect(card?.text).toContain('学校的话');
      expect(card?.text).toContain('下周三也可以');
      const view = await (await w.api('speaker', `/api/v1/invitations/${created.id}`)).json();
      expect(view.status).toBe('pending');
      expect(
        view.slots
          .filter((s: { status: string }) => s.status === 'open')
          .map((s: { proposedBy: string; startsAt: string }) => [s.proposedBy, s.startsAt]),
      ).toEqual([['teacher', shanghaiTime(2030, 3, 26, 10).toISOString()]]);
    });

    it('names every mistake of a counter-proposal in one answer: a time too soon beside an unreadable one and a long note', async () => {
      const w = await world();
      const slot = { startsAt: slotAt(7).startsAt.toISOString(), endsAt: slotAt(7).endsAt.toISOString() };
      const pending = await (
        await w.api('teacher', '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
          slots: [slot],
        })
      ).json();
      const speaker = await w.browser('speaker');
      const prefix = `c-${pending.id.slice(0, 8)}-`;
      const answer = await postForm(speaker, '/speaker?index', [
        ['invitationId', pending.id],
        ['intent', 'counter'],
        ['date1', '2030-03-04'],
        ['time1', '14:00'],
        ['date2', '2030-02-30'],
        ['time2', '14:00'],
        ['note', '下周'.repeat(300)],
      ]);
      expect(answer.status).toBe(400);
      const html = await answer.text();
      expect(fieldError(html, `${prefix}date1`)).toBe('请至少提前一天。');
      expect(fieldError(html, `${prefix}date2`)).toBeTruthy();
      expect(html).toMatch(/<p class="field-error"[^>]*>[^<]*500/);
      // A past day at night: the hour is named at the time and the day at the date, both on the first refusal.
      const night = await postForm(speaker, '/speaker?index', [
        ['invitationId', pending.id],
        ['intent', 'counter'],
        ['date1', '2025-01-01'],
        ['time1', '23:30'],
      ]);
      expect(night.status).toBe(400);
      const nightHtml = await night.text();
      expect(fieldError(nightHtml, `${prefix}time1`)).toBeTruthy();
      expect(fieldError(nightHtml, `${prefix}date1`)).toBe('这个时间已经过去了。');
      // A later day at night is named once, at its time.
      const later = await postForm(speaker, '/speaker?index', [
        ['invitationId', pending.id],
        ['intent', 'counter'],
        ['date1', '2030-03-20'],
        ['time1', '23:30'],
      ]);
      const laterHtml = await later.text();
      expect(fieldError(laterHtml, `${prefix}time1`)).toBeTruthy();
      expect(fieldError(laterHtml, `${prefix}date1`)).toBeUndefined();
      const view = await (await w.api('speaker', `/api/v1/invitations/${pending.id}`)).json();
      expect(view.status).toBe('pending');
    });

    it('brings the speaker back to a refused answer without JavaScript: each form posts to its own place, a done one to the top', async () => {
      const w = await world();
      const slot = { startsAt: slotAt(7).startsAt.toISOString(), endsAt: slotAt(7).endsAt.toISOString() };
      const pending = await (
        await w.api('teacher', '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
          slots: [slot],
        })
      ).json();
      const speaker = await w.browser('speaker');
      const home = parse(await (await speaker.fetch('/speaker')).text());
      // Every answer form of the card posts to the page with the place of its own fold (or button list) as fragment.
      for (const intent of ['accept', 'counter', 'decline']) {
        const spot = `answer-${pending.id}-${intent}`;
        expect(home.getElementById(spot), intent).not.toBeNull();
        const form = home
          .querySelectorAll('form')
          .find(
            (f) =>
              f.querySelector(`input[name="intent"][value="${intent}"]`) &&
              f.querySelector(`input[name="invitationId"][value="${pending.id}"]`),
          );
        expect(form?.getAttribute('action'), intent).toBe(`/speaker?index#${spot}`);
      }
      // A refused counter-proposal comes back with its fold open, the message in it, where the fragment points.
      const refused = await postForm(speaker, '/speaker?index', [
        ['invitationId', pending.id],
        ['intent', 'counter'],
        ['date1', '2030-03-20'],
        ['time1', '23:30'],
      ]);
      expect(refused.status).toBe(400);
      const fold = parse(await refused.text()).getElementById(`answer-${pending.id}-counter`);
      expect(fold?.tagName).toBe('DETAILS');
      expect(fold?.hasAttribute('open')).toBe(true);
      expect(fold?.querySelector('.alert-bad')?.text).toContain('请修改标出的内容后再提交');
      // A refused decline (no reason chosen) likewise, in its own fold.
      const noReason = await postForm(speaker, '/speaker?index', [
        ['invitationId', pending.id],
        ['intent', 'decline'],
        ['reasonCode', ''],
      ]);
      expect(noReason.status).toBe(400);
      const declineFold = parse(await noReason.text()).getElementById(`answer-${pending.id}-decline`);
      expect(declineFold?.hasAttribute('open')).toBe(true);
      expect(declineFold?.querySelector('.field-error')).not.toBeNull();
      // Done: the redirect names the top (where the notice is), so the browser does not keep the form's fragment.
      const declined = await postForm(speaker, '/speaker?index', [
        ['invitationId', pending.id],
        ['intent', 'decline'],
        ['reasonCode', 'health'],
      ]);
      expect(declined.status).toBe(302);
      expect(declined.headers.get('location')).toBe('/speaker?done=decline#top');
    });

    it('refuses a speaker’s other times that the teacher could not accept, that overlap, that the school offers or that have passed, on their rows', async () => {
      const w = await world();
      await server.database.db.update(speakers).set({ monthlyCap: 1 }).where(eq(speakers.id, w.speaker.id));
      const asIso = (s: ReturnType<typeof slotAt>) => ({
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
      });
      const invite = async (slots: ReturnType<typeof slotAt>[], anotherInvitation = false) => {
        const response = await w.api('teacher', '/api/v1/invitations', {
          speakerId: w.speaker.id,
          topicId: w.topic.id,
          audienceSize: 60,
          grades: [7],
          place: '礼堂',
          slots: slots.map(asIso),
          anotherInvitation,
        });
        expect(response.status).toBe(201);
        return (await response.json()).id as string;
      };
      // March is full once the speaker accepts the talk on 11 March; the school asked for 12 March before that (a
      // time in a full month is not asked for afterwards).
      const given = await invite([slotAt(7)]);
      const pending = await invite([slotAt(8)], true);
      const givenView = await (await w.api('speaker', `/api/v1/invitations/${given}`)).json();
      const accepted = await w.api('speaker', `/api/v1/invitations/${given}/accept`, {
        slot: givenView.slots[0].id,
      });
      expect(accepted.status).toBe(200);
      const lateInFullMonth = await w.api('teacher', '/api/v1/invitations', {
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        audienceSize: 60,
        grades: [7],
        place: '礼堂',
        slots: [asIso(slotAt(9))],
        anotherInvitation: true,
      });
      expect(lateInFullMonth.status).toBe(409);
      expect(await lateInFullMonth.json()).toMatchObject({
        error: 'cap_reached',
        fields: { 'slots.0': expect.any(String) },
      });
      const prefix = `c-${pending.slice(0, 8)}-`;
      const speaker = await w.browser('speaker');
      const counter = (rows: [string, string][]) =>
        postForm(speaker, '/speaker?index', [['invitationId', pending], ['intent', 'counter'], ...rows]);
      const slotsNow = () =>
        server.database.db
          .select({ proposedBy: invitationSlots.proposedBy, status: invitationSlots.status })
          .from(invitationSlots)
          .where(eq(invitationSlots.invitationId, pending));
      const before = await slotsNow();

      // 3 April is free; 18 March is in the full month.
      const full = await counter([
        ['date1', '2030-04-03'],
        ['time1', '10:00'],
        ['date2', '2030-03-18'],
        ['time2', '10:00'],
      ]);
      expect(full.status).toBe(409);
      const fullHtml = await full.text();
      expect(fieldError(fullHtml, `${prefix}date2`)).toBe(
        '这个月的宣讲场次已达到上限，请选择其他月份的时间。',
      );
      expect(fieldError(fullHtml, `${prefix}date1`)).toBeUndefined();
      // 09:00 and 09:30 on one day, for a talk of an hour.
      const crossing = await counter([
        ['date1', '2030-04-03'],
        ['time1', '09:00'],
        ['date2', '2030-04-03'],
        ['time2', '09:30'],
      ]);
      expect(crossing.status).toBe(400);
      expect(fieldError(await crossing.text(), `${prefix}date2`)).toBe('这个时间与时间 1 重叠，请错开。');
      // The school's own time, still open: to be accepted, not offered back.
      const offered = await counter([
        ['date1', '2030-03-12'],
        ['time1', '10:00'],
      ]);
      expect(offered.status).toBe(409);
      expect(fieldError(await offered.text(), `${prefix}date1`)).toBe(
        '学校已经提出了这个时间。如果方便，请直接接受学校的这个时间。',
      );
      // A day gone by has passed; it does not need a day's notice.
      const past = await counter([
        ['date1', '2030-03-01'],
        ['time1', '10:00'],
      ]);
      expect(past.status).toBe(409);
      expect(fieldError(await past.text(), `${prefix}date1`)).toBe('这个时间已经过去了。');
      expect(await slotsNow()).toEqual(before);

      // The teacher's invitation form too: 08:30 and 08:45 for a talk of an hour.
      const invitationsBefore = await server.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(invitations);
      const teacherForm = await postForm(await w.browser('teacher'), `/invitations/new?topic=${w.topic.id}`, [
        ['date1', '2030-12-09'],
        ['time1', '08:30'],
        ['date2', '2030-12-09'],
        ['time2', '08:45'],
        ['audienceSize', '80'],
        ['grades', '7'],
        ['place', '礼堂'],
      ]);
      expect(teacherForm.status).toBe(400);
      expect(fieldError(await teacherForm.text(), 'date2')).toBe('这个时间与时间 1 重叠，请错开。');
      expect(await server.database.db.select({ n: sql<number>`count(*)::int` }).from(invitations)).toEqual(
        invitationsBefore,
      );
      // The API says the same: the overlapping slot named, in the asker's language, and nothing written.
      const overlapping = await w.api(
        'speaker',
        `/api/v1/invitations/${pending}/counter`,
        {
          slots: [
            asIso(slotAt(30, 9)),
            asIso({ ...slotAt(30, 9), startsAt: new Date(slotAt(30, 9).startsAt.getTime() + 15 * 60_000) }),
          ],
        },
        'en',
      );
      expect(overlapping.status).toBe(400);
      expect((await overlapping.json()).fields).toEqual({
        'slots.1.startsAt': 'This time overlaps time 1; please choose times that do not overlap.',
      });
      const inFullMonth = await w.api('speaker', `/api/v1/invitations/${pending}/counter`, {
        slots: [asIso(slotAt(14))],
      });
      expect(inFullMonth.status).toBe(409);
      expect(await inFullMonth.json()).toMatchObject({ error: 'cap_reached' });
      expect(await slotsNow()).toEqual(before);
      const april = await counter([
        ['date1', '2030-04-03'],
        ['time1', '10:00'],
      ]);
      expect(april.status).toBe(302);
    });

    it('gives the speaker a new calendar address only once they tick that the old one stops working', async () => {
      const w = await world();
      const speaker = await w.browser('speaker');
      const home = await (await speaker.fetch('/speaker')).text();
      const oldUrl = feedUrlOn(home);
      expect(oldUrl).toBeDefined();
      expect(home).toMatch(/<input[^>]*name="confirm"[^>]*required/);
      const oldPath = new URL(oldUrl!).pathname;
      expect((await fetch(new URL(oldPath, server.url))).status).toBe(200);

      const unticked = await postForm(speaker, '/speaker?index', [['intent', 'rotate-feed']]);
      expect(unticked.status).toBe(400);
      const untickedHtml = await unticked.text();
      expect(untickedHtml).toContain('请先勾选“我知道旧地址会马上失效”，再换地址。');
      expect(feedUrlOn(untickedHtml)).toBe(oldUrl);
      expect((await fetch(new URL(oldPath, server.url))).status).toBe(200);

      const ticked = await postForm(speaker, '/speaker?index', [
        ['intent', 'rotate-feed'],
        ['confirm', 'yes'],
      ]);
      expect(ticked.status).toBe(302);
      expect(ticked.headers.get('location')).toBe('/speaker?done=feed#feed');
      const newUrl = feedUrlOn(await (await speaker.fetch('/speaker?done=feed')).text());
      expect(newUrl).toBeDefined();
      expect(newUrl).not.toBe(oldUrl);
      expect((await fetch(new URL(oldPath, server.url))).status).toBe(404);
      expect((await fetch(new URL(new URL(newUrl!).pathname, server.url))).status).toBe(200);
    });

    it('lets a region’s auditor set the vetting badge, and no one else', async () => {
      const w = await world();
      const auditor = await w.browser('auditor');
      const list = await (await auditor.fetch('/speakers/vetting')).text();
      expect(list).toContain('巴特尔');
      expect(leaks(list)).toBe(false);
      // The speaker's region, named in the interface language.
      expect(list).toContain('<td>赛罕区</td>');
      expect((await auditor.form('/lang', { lang: 'en', redirectTo: '/speakers/vetting' })).status).toBe(302);
      // What the page shows, not the loader data it carries for the browser (the stored names).
      const english = (await (await auditor.fetch('/speakers/vetting')).text()).replace(
        /<script[\s\S]*?<\/script>/g,
        '',
      );
      expect(english).toContain('<td>Saihan District</td>');
      expect(english).not.toContain('赛罕区');
      await auditor.form('/lang', { lang: 'zh', redirectTo: '/speakers/vetting' });
      const saved = await postForm(auditor, '/speakers/vetting', [
        ['speakerId', w.speaker.id],
        ['vettedUntil', '2030-06-30'],
      ]);
      expect(saved.status).toBe(302);
      const past = await postForm(auditor, '/speakers/vetting', [
        ['speakerId', w.speaker.id],
        ['vettedUntil', '2020-01-01'],
      ]);
      expect(past.status).toBe(400);
      const topics = await (await w.api(null, `/api/v1/speakers/${w.speaker.id}/topics`)).json();
      expect(topics.speaker.vettedUntil).toBe('2030-06-30');
      expect((await (await w.browser('teacher')).fetch('/speakers/vetting')).status).toBe(403);
      const [audit] = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'speaker.vet'), eq(auditLog.entityId, w.speaker.id)));
      expect(audit?.after).toEqual({ vettedUntil: '2030-06-30' });
    });

    it('neither lists nor vets a profile refused with its role request', async () => {
      const w = await world();
      const auditor = await w.browser('auditor');
      const db = server.database.db;
      expect(await (await auditor.fetch('/speakers/vetting')).text()).toContain(`id="s-${w.speaker.id}"`);
      await db.update(speakers).set({ status: 'rejected' }).where(eq(speakers.id, w.speaker.id));
      const [before] = await db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
      expect(await (await auditor.fetch('/speakers/vetting')).text()).not.toContain(`id="s-${w.speaker.id}"`);
      const vet = await postForm(auditor, '/speakers/vetting', [
        ['speakerId', w.speaker.id],
        ['vettedUntil', '2030-06-30'],
      ]);
      expect(vet.status).toBe(404);
      const [after] = await db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
      expect(after?.vettedUntil).toBe(before?.vettedUntil);
      const revoke = await postForm(auditor, '/speakers/vetting', [
        ['speakerId', w.speaker.id],
        ['intent', 'revoke'],
        ['confirm', 'yes'],
      ]);
      expect(revoke.status).toBe(404);
    });

    it('refuses an empty or far-off vetting date, and revokes vetting only as its own ticked action', async () => {
      const w = await world();
      const auditor = await w.browser('auditor');
      const db = server.database.db;
      const badge = async () =>
        (await db.select({ v: speakers.vettedUntil }).from(speakers).where(eq(speakers.id, w.speaker.id)))[0]
          ?.v;
      const vet = (fields: [string, string][]) =>
        postForm(auditor, '/speakers/vetting', [['speakerId', w.speaker.id], ...fields]);
      expect((await vet([['vettedUntil', '2030-06-30']])).status).toBe(302);

      // The page says how far the date may go (today is 2030-03-04 in Beijing: three years on) and lets the date
      // field go no further.
      const page = parse(await (await auditor.fetch('/speakers/vetting')).text());
      expect(page.querySelector(`#v-${w.speaker.id}`)?.getAttribute('max')).toBe('2033-03-04');
      expect(page.querySelector(`#v-${w.speaker.id}`)?.getAttribute('min')).toBe('2030-03-04');
      expect(page.text).toContain('有效期可设为今天至 2033年3月4日（最长三年）');

      // 保存 with the date cleared, or without it, is a mistake to fix, not a silent withdrawal.
      for (const fields of [[['vettedUntil', '']], [['vettedUntil', '   ']], []] as [string, string][][]) {
        const empty = await vet(fields);
        expect(empty.status).toBe(400);
        expect(await empty.text()).toContain('请填写有效期');
        expect(await badge()).toBe('2030-06-30');
      }
      // The form leaves the checks to the server: its message stands beside the date, which stays as typed.
      expect(page.querySelector(`#v-${w.speaker.id}`)?.closest('form')?.hasAttribute('novalidate')).toBe(
        true,
      );
      const farOff = await vet([['vettedUntil', '2099-12-31']]);
      expect(farOff.status).toBe(400);
      const farOffPage = parse(await farOff.text());
      expect(farOffPage.querySelector(`#v-${w.speaker.id}-error`)?.text).toContain(
        '有效期最长三年，不能晚于 2033年3月4日',
      );
      expect(farOffPage.querySelector(`#v-${w.speaker.id}`)?.getAttribute('value')).toBe('2099-12-31');
      // A day past the calendar's end (2100) is no day at all.
      const noDay = await vet([['vettedUntil', '9999-12-31']]);
      expect(noDay.status).toBe(400);
      expect(await noDay.text()).toContain('请输入有效的日期');
      expect((await vet([['vettedUntil', '2033-03-05']])).status).toBe(400);
      expect((await vet([['vettedUntil', '2030-03-03']])).status).toBe(400);
      expect(await badge()).toBe('2030-06-30');
      expect((await vet([['vettedUntil', '2033-03-04']])).status).toBe(302);
      expect(await badge()).toBe('2033-03-04');

      // Revoking needs the box ticked; the page names what it does.
      const fold = parse(await (await auditor.fetch('/speakers/vetting')).text()).querySelector(
        `#s-${w.speaker.id} details.vetting-revoke`,
      );
      expect(fold?.querySelector('summary')?.text).toBe('撤销审核');
      expect(fold?.text).toContain('撤销后，学校不能再邀请巴特尔');
      expect(fold?.querySelector('input[name="intent"]')?.getAttribute('value')).toBe('revoke');
      const unticked = await vet([['intent', 'revoke']]);
      expect(unticked.status).toBe(400);
      const untickedFold = parse(await unticked.text()).querySelector(
        `#s-${w.speaker.id} details.vetting-revoke`,
      );
      expect(untickedFold?.hasAttribute('open')).toBe(true);
      expect(untickedFold?.text).toContain('请先勾选确认，再撤销审核。');
      expect(await badge()).toBe('2033-03-04');
      const revoked = await vet([
        ['intent', 'revoke'],
        ['confirm', 'yes'],
      ]);
      expect(revoked.status).toBe(302);
      expect(revoked.headers.get('location')).toBe(
        `/speakers/vetting?revoked=${w.speaker.id}#s-${w.speaker.id}`,
      );
      expect(await badge()).toBeNull();
      const after = await (await auditor.fetch(`/speakers/vetting?revoked=${w.speaker.id}`)).text();
      expect(after).toContain('已撤销巴特尔的审核');
      // Nothing left to revoke: the fold is gone with the badge.
      expect(parse(after).querySelector(`#s-${w.speaker.id} details.vetting-revoke`)).toBeNull();
      const audits = await db
        .select({ after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'speaker.vet'), eq(auditLog.entityId, w.speaker.id)));
      expect(audits.map((a) => a.after)).toContainEqual({ vettedUntil: null });
      expect((await (await w.browser('teacher')).fetch('/speakers/vetting')).status).toBe(403);
    });

    it('runs outreach requests: the teacher asks for a program, the venue’s desk answers in one screen', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      // The list holds every world's program made so far in this server, so it may run to a second page: walk them.
      const listed = async () => {
        for (let page = 1; page <= 50; page += 1) {
          const html = await (await teacher.fetch(`/outreach?page=${page}`)).text();
          if (html.includes(`/invitations/new?program=${w.program.id}`)) return true;
          if (!html.includes(`page=${page + 1}`)) return false;
        }
        return false;
      };
      expect(await listed()).toBe(true);
      // The venue's page offers its outreach program to teachers too, and to someone signed out (to sign in first).
      const requestLink = (html: string) =>
        parse(html).querySelector(`a[href="/invitations/new?program=${w.program.id}"]`)?.text;
      expect(requestLink(await (await teacher.fetch(`/venues/${w.venue.slug}`)).text())).toBe('申请进校园');
      expect(requestLink(await (await fetch(`${server.url}/venues/${w.venue.slug}`)).text())).toBe(
        '申请进校园',
      );
      const operatorPage = await (
        await (await w.browser('operator')).fetch(`/venues/${w.venue.slug}`)
      ).text();
      expect(operatorPage).toContain('流动科技馆进校园');
      expect(requestLink(operatorPage)).toBeUndefined();
      const sent = await postForm(teacher, `/invitations/new?program=${w.program.id}`, [
        ['date1', '2030-03-13'],
        ['time1', '09:00'],
        ['audienceSize', '300'],
        ['grades', '5'],
        ['place', '操场'],
      ]);
      expect(sent.status).toBe(302);
      const id = (sent.headers.get('location') ?? '').slice(
        '/invitations/'.length,
        '/invitations/'.length + 36,
      );
      const operator = await w.browser('operator');
      const desk = await (await operator.fetch('/console/outreach')).text();
      expect(desk).toContain('流动科技馆进校园');
      // The venue's decline form offers a venue's reasons, not a speaker's.
      expect(desk).toContain('当天已有安排');
      expect(desk).toContain('人手不足');
      expect(desk).not.toContain('身体原因');
      expect(desk).not.toContain('主题不太合适');
      const [slot] = await server.database.db
        .select()
        .from(invitationSlots)
        .where(eq(invitationSlots.invitationId, id));
      const accepted = await postForm(operator, '/console/outreach', [
        ['invitationId', id],
        ['intent', 'accept'],
        ['slot', slot!.id],
      ]);
      expect(accepted.headers.get('location')).toBe('/console/outreach?done=accept');
      expect((await (await w.browser('otherOperator')).fetch('/console/outreach')).status).toBe(200);
      expect((await (await w.browser('otherOperator')).fetch(`/invitations/${id}`)).status).toBe(404);
      expect((await teacher.fetch('/console/outreach')).status).toBe(403);
      const page = await (await teacher.fetch(`/invitations/${id}`)).text();
      expect(page).toContain('已安排');
    });

    it('shows an operator of several venues the outreach requests of all of them, or of the one ?venue= names — never another’s', async () => {
      const w = await world();
      const db = server.database.db;
      // The operator runs the other operator's museum too, which has an outreach program of its own.
      const museumId = w.people.otherOperator.roles.find((r) => r.venueId)?.venueId as string;
      await db
        .insert(memberships)
        .values({ userId: w.people.operator.id, role: 'venue_operator', venueId: museumId });
      const [museumProgram] = await db
        .insert(programs)
        .values({
          venueId: museumId,
          title: '草原文物进课堂',
          grades: [5, 6],
          durationMinutes: 60,
          maxGroupSize: 200,
          delivery: 'outreach',
        })
        .returning();
      const teacher = await w.browser('teacher');
      for (const [programId, day] of [
        [w.program.id, '2030-03-13'],
        [museumProgram!.id, '2030-03-14'],
      ] as const) {
        const sent = await postForm(teacher, `/invitations/new?program=${programId}`, [
          ['date1', day],
          ['time1', '09:00'],
          ['audienceSize', '120'],
          ['grades', '5'],
          ['place', '礼堂'],
        ]);
        expect(sent.status).toBe(302);
      }
      const operator = await w.browser('operator');
      const desk = async (who: Browser, query = '') => {
        const response = await who.fetch(`/console/outreach${query}`);
        return { status: response.status, html: await response.text() };
      };
      const cards = (html: string) =>
        parse(html)
          .querySelectorAll('.invitation-card')
          .map((card) => card.text.replace(/\s+/g, ' '));

      // Both venues' requests, each naming its venue; the picker offers all of them as the first choice.
      const all = await desk(operator);
      expect(all.status).toBe(200);
      const both = cards(all.html);
      expect(both).toHaveLength(2);
      expect(both.find((c) => c.includes('流动科技馆进校园'))).toContain('呼和浩特科技馆');
      expect(both.find((c) => c.includes('草原文物进课堂'))).toContain('草原博物馆');
      const picker = parse(all.html).querySelector('#venue-picker');
      expect(picker?.querySelector('option')?.getAttribute('value')).toBe('');
      expect(picker?.querySelector('option')?.text).toBe('我负责的全部场馆');
      expect(cards((await desk(operator, '?venue=')).html)).toHaveLength(2);

      // One venue: only its requests.
      const science = await desk(operator, `?venue=${w.venue.id}`);
      expect(science.status).toBe(200);
      expect(cards(science.html)).toHaveLength(1);
      expect(science.html).toContain('流动科技馆进校园');
      expect(science.html).not.toContain('草原文物进课堂');
      const museum = await desk(operator, `?venue=${museumId}`);
      expect(cards(museum.html)).toHaveLength(1);
      expect(museum.html).toContain('草原文物进课堂');
      expect(museum.html).not.toContain('流动科技馆进校园');

      // A venue the person does not run is not there for them, whatever they run; nothing of it is shown.
      const other = await w.browser('otherOperator');
      const stranger = await desk(other, `?venue=${w.venue.id}`);
      expect(stranger.status).toBe(404);
      expect(stranger.html).not.toContain('流动科技馆进校园');
      expect(cards((await desk(other)).html).map((c) => c.includes('草原文物进课堂'))).toEqual([true]);
      expect((await desk(operator, '?venue=not-a-venue')).status).toBe(404);

      // An answer given on the filtered desk comes back to it.
      const [request] = await db
        .select({ id: invitations.id })
        .from(invitations)
        .where(eq(invitations.programId, museumProgram!.id));
      const [slot] = await db
        .select()
        .from(invitationSlots)
        .where(eq(invitationSlots.invitationId, request!.id));
      const accepted = await postForm(operator, `/console/outreach?venue=${museumId}`, [
        ['invitationId', request!.id],
        ['intent', 'accept'],
        ['slot', slot!.id],
      ]);
      expect(accepted.headers.get('location')).toBe(`/console/outreach?venue=${museumId}&done=accept`);
    });
  });
}
