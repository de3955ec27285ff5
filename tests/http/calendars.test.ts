// Renewing the secret calendar addresses of schools and venues over real HTTP: the old address answers 404 at once,
// the page shows the new one, a removed teacher's copied address stops working, and nobody else may renew.
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { auditLog, bookings, memberships, schools, users, venues } from '#db/schema/index.ts';
import { holdSeats, makeConsoleWorld, T0 } from '#tests/factories/console.ts';
import { readCalendar, type World } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';
const SCHOOL_FEED = /\/calendar\/school\/[0-9a-f]{64}\.ics/;
const VENUE_FEED = /\/calendar\/venue\/[0-9a-f]{64}\.ics/;
/** A feed address with its query, as the page prints it (HTML escapes nothing in it). */
const FEED_ADDRESS = /\/calendar\/(?:school|venue)\/[0-9a-f]{64}\.ics(?:\?[^"<\s]*)?/;

/** The calendar's name and each event's properties, as ical.js parses them. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    name: String(calendar.getFirstPropertyValue('x-wr-calname')),
    events: calendar.getAllSubcomponents('vevent').map((event) => ({
      uid: String(event.getFirstPropertyValue('uid')),
      summary: String(event.getFirstPropertyValue('summary')),
      location: String(event.getFirstPropertyValue('location')),
      status: String(event.getFirstPropertyValue('status')),
      sequence: event.getFirstPropertyValue('sequence') as number | null,
    })),
  };
}

for (const driver of testDrivers) {
  describe(`renewing calendar addresses over HTTP [${driver}]`, () => {
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

    async function world() {
      const db = server.database.db;
      const w = await makeConsoleWorld(db);
      await holdSeats(db, w, 42);
      for (const person of Object.values(w.people)) {
        await db.update(users).set({ passwordHash }).where(eq(users.id, person.id));
      }
      // A school admin of the other school.
      const [otherAdmin] = await db
        .insert(users)
        .values({
          email: `other-admin-${w.otherSchool.id.slice(0, 8)}@test.example`,
          name: '钱校长',
          passwordHash,
        })
        .returning();
      await db
        .insert(memberships)
        .values({ userId: otherAdmin!.id, role: 'school_admin', schoolId: w.otherSchool.id });
      const browser = async (who: keyof World['people'] | 'otherAdmin') => {
        const b = new Browser(server.url);
        const email = who === 'otherAdmin' ? otherAdmin!.email! : w.people[who].email;
        expect((await b.signIn(email, PASSWORD)).status).toBe(302);
        return b;
      };
      const tokens = async () => ({
        school: (await db.select().from(schools).where(eq(schools.id, w.school.id)))[0]!.calendarToken,
        venue: (await db.select().from(venues).where(eq(venues.id, w.venue.id)))[0]!.calendarToken,
      });
      return { ...w, browser, tokens };
    }

    const feedStatus = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      return response.status;
    };

    it('gives the school a new address from the calendars page; the old one answers 404', async () => {
      const w = await world();
      const admin = await w.browser('schoolAdmin');
      const page = await (await admin.fetch('/calendars')).text();
      const old = SCHOOL_FEED.exec(page)?.[0];
      expect(old).toBeDefined();
      expect(page).toContain('换一个新地址');
      expect(page).toContain('旧地址立即失效');
      expect(await feedStatus(old!)).toBe(200);

      // Not without the box ticked: the page says so at the box, and the address stays.
      const unticked = await admin.form('/calendars', {
        intent: 'renew-feed',
        kind: 'school',
        id: w.school.id,
      });
      expect(unticked.status).toBe(400);
      expect(await unticked.text()).toContain('请先勾选上面这一项');
      expect(await feedStatus(old!)).toBe(200);

      const renewed = await admin.form('/calendars', {
        intent: 'renew-feed',
        kind: 'school',
        id: w.school.id,
        confirm: 'yes',
      });
      expect(renewed.status).toBe(302);
      const location = renewed.headers.get('location')!;
      expect(location).toMatch(/^\/calendars\?renewed=school-/);

      const after = await (await admin.fetch(location)).text();
      expect(after).toContain('已换成新地址');
      const fresh = SCHOOL_FEED.exec(after)?.[0];
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(old);
      expect(await feedStatus(old!)).toBe(404);
      // Opened in a browser, the old address says why in the feed's language, not a bare "Not found".
      const gone = await fetch(`${server.url}${old!.replace(/\?lang=\w+$/, '')}?lang=zh`);
      expect(await gone.text()).toContain('这个日历订阅地址无效');
      const goneEn = await fetch(`${server.url}${old!.replace(/\?lang=\w+$/, '')}?lang=en`);
      expect(await goneEn.text()).toContain('This calendar address holds no calendar');
      const feed = await fetch(`${server.url}${fresh}`);
      expect(feed.status).toBe(200);
      expect(readCalendar(await feed.text())).toHaveLength(1);

      // In English too.
      expect((await admin.form('/lang', { lang: 'en', redirectTo: '/calendars' })).status).toBe(302);
      const english = await (await admin.fetch('/calendars')).text();
      expect(english).toContain('Get a new address');
      expect(english).toContain('The old address stops working at once');

      // Audited, without the secret.
      const entries = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'school.rotate_calendar_token'), eq(auditLog.entityId, w.school.id)));
      expect(entries).toHaveLength(1);
      expect(entries[0]?.actorUserId).toBe(w.people.schoolAdmin.id);
      const secrets = [old!, fresh!].map((p) => /([0-9a-f]{64})/.exec(p)![1]!);
      for (const secret of secrets) expect(JSON.stringify(entries)).not.toContain(secret);

      // A teacher sees the new address but no button: they ask their school admin.
      const teacherPage = await (await (await w.browser('teacher')).fetch('/calendars')).text();
      expect(SCHOOL_FEED.exec(teacherPage)?.[0]).toBe(fresh);
      expect(teacherPage).not.toContain('name="intent"');
      expect(teacherPage).toContain('请联系学校管理员');
    });

    it('answers a renewal that does not say which calendar with a message on the page, and renews nothing', async () => {
      const w = await world();
      const before = await w.tokens();
      const schoolAdmin = await w.browser('schoolAdmin');
      const admin = await w.browser('admin');
      const tampered: [typeof schoolAdmin, Record<string, string>][] = [
        [schoolAdmin, { intent: 'renew-feed', id: w.school.id, confirm: 'yes' }],
        [schoolAdmin, { intent: 'renew-feed', kind: 'school', confirm: 'yes' }],
        [schoolAdmin, { intent: 'renew-feed', kind: 'classroom', id: w.school.id, confirm: 'yes' }],
        [schoolAdmin, { intent: 'renew-feed', kind: 'school', id: 'not-an-id', confirm: 'yes' }],
        [schoolAdmin, { intent: 'something-else' }],
        // An admin may renew any feed: one that does not exist is told so, not a bare 404 page.
        [
          admin,
          {
            intent: 'renew-feed',
            kind: 'school',
            id: '00000000-0000-4000-8000-000000000000',
            confirm: 'yes',
          },
        ],
        [admin, { intent: 'renew-feed', kind: 'venue', id: 'nope', confirm: 'yes' }],
      ];
      for (const [browser, fields] of tampered) {
        const answer = await browser.form('/calendars', fields);
        expect(answer.status, JSON.stringify(fields)).toBe(400);
        const html = await answer.text();
        expect(html, JSON.stringify(fields)).toContain('没有找到要换地址的日历，什么都没有改动');
        expect(html).toContain('alert-bad');
      }
      expect(await w.tokens()).toEqual(before);
      // In English too.
      expect((await schoolAdmin.form('/lang', { lang: 'en', redirectTo: '/calendars' })).status).toBe(302);
      const english = await schoolAdmin.form('/calendars', {
        intent: 'renew-feed',
        kind: 'school',
        confirm: 'yes',
      });
      expect(await english.text()).toContain('nothing was changed');
    });

    it('gives the venue a new address from the console', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const consolePage = await (await operator.fetch('/console')).text();
      const old = VENUE_FEED.exec(consolePage)?.[0];
      expect(old).toBeDefined();
      // The page's own form posts to the index route's action.
      expect(consolePage).toContain('action="/console?index"');
      const unticked = await operator.form('/console?index', { intent: 'renew-feed', venueId: w.venue.id });
      expect(unticked.status).toBe(400);
      expect(await unticked.text()).toContain('请先勾选上面这一项');
      expect(await feedStatus(old!)).toBe(200);
      const renewed = await operator.form('/console?index', {
        intent: 'renew-feed',
        venueId: w.venue.id,
        confirm: 'yes',
      });
      expect(renewed.status).toBe(302);
      const after = await (await operator.fetch(renewed.headers.get('location')!)).text();
      expect(after).toContain('已换成新地址');
      const fresh = VENUE_FEED.exec(after)?.[0];
      expect(fresh).not.toBe(old);
      expect(await feedStatus(old!)).toBe(404);
      expect(await feedStatus(fresh!)).toBe(200);
      // The same from the calendars page.
      const again = await operator.form('/calendars', {
        intent: 'renew-feed',
        kind: 'venue',
        id: w.venue.id,
        confirm: 'yes',
      });
      expect(again.status).toBe(302);
      expect(await feedStatus(fresh!)).toBe(404);
    });

    it('refuses someone from another school or venue, a teacher and a stranger, and changes nothing', async () => {
      const w = await world();
      const before = await w.tokens();
      const attempts: [keyof World['people'] | 'otherAdmin', string, Record<string, string>][] = [
        [
          'otherAdmin',
          '/calendars',
          { intent: 'renew-feed', kind: 'school', id: w.school.id, confirm: 'yes' },
        ],
        ['teacher', '/calendars', { intent: 'renew-feed', kind: 'school', id: w.school.id, confirm: 'yes' }],
        ['operator', '/calendars', { intent: 'renew-feed', kind: 'school', id: w.school.id, confirm: 'yes' }],
        [
          'otherOperator',
          '/calendars',
          { intent: 'renew-feed', kind: 'venue', id: w.venue.id, confirm: 'yes' },
        ],
        ['otherOperator', '/console?index', { intent: 'renew-feed', venueId: w.venue.id, confirm: 'yes' }],
        ['schoolAdmin', '/console?index', { intent: 'renew-feed', venueId: w.venue.id, confirm: 'yes' }],
        ['speaker', '/calendars', { intent: 'renew-feed', kind: 'venue', id: w.venue.id, confirm: 'yes' }],
      ];
      for (const [who, path, body] of attempts) {
        const response = await (await w.browser(who)).form(path, body);
        expect([403, 404], `${who} POST ${path}`).toContain(response.status);
      }
      const anonymous = await new Browser(server.url).form('/calendars', {
        intent: 'renew-feed',
        kind: 'school',
        id: w.school.id,
        confirm: 'yes',
      });
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toMatch(/^\/login/);
      expect(await w.tokens()).toEqual(before);
      expect(await feedStatus(`/calendar/school/${before.school}.ics`)).toBe(200);
      expect(await feedStatus(`/calendar/venue/${before.venue}.ics`)).toBe(200);
    });

    it('speaks the subscriber’s language in the feed: the address carries it, else Accept-Language, else Chinese', async () => {
      const w = await world();
      await server.database.db
        .update(venues)
        .set({ address: '赛罕区新华东街 18 号' })
        .where(eq(venues.id, w.venue.id));
      const teacher = await w.browser('teacher');
      const operator = await w.browser('operator');
      for (const b of [teacher, operator]) {
        expect((await b.form('/lang', { lang: 'en', redirectTo: '/calendars' })).status).toBe(302);
      }
      const schoolAddress = FEED_ADDRESS.exec(await (await teacher.fetch('/calendars')).text())?.[0];
      const venueAddress = FEED_ADDRESS.exec(await (await operator.fetch('/console')).text())?.[0];
      expect(schoolAddress).toMatch(/\?lang=en$/);
      expect(venueAddress).toMatch(/\/calendar\/venue\/.+\?lang=en$/);

      // A calendar app sends no cookie and, here, no Accept-Language: the address alone says English.
      const school = parseFeed(await (await fetch(`${server.url}${schoolAddress}`)).text());
      expect(school.name).toBe('哈达中心学校 · field trips');
      expect(school.events[0]?.summary).toMatch(/^Field trip: 呼和浩特科技馆 · /);
      const venue = parseFeed(await (await fetch(`${server.url}${venueAddress}`)).text());
      expect(venue.name).toBe('呼和浩特科技馆 · group bookings');
      expect(venue.events[0]?.summary).toMatch(/^Field trip: /);
      // The place is written as English lists it: a comma and a space, not the full-width comma.
      expect(school.events[0]?.location).toBe('呼和浩特科技馆, 赛罕区新华东街 18 号');

      // Without the language in the address: the app's Accept-Language (by its weights), then Chinese.
      const bare = schoolAddress!.replace(/\?.*$/, '');
      const inLanguage = async (headers: Record<string, string>) =>
        parseFeed(await (await fetch(`${server.url}${bare}`, { headers })).text()).name;
      expect(await inLanguage({ 'Accept-Language': 'en-GB,en;q=0.9' })).toBe('哈达中心学校 · field trips');
      expect(await inLanguage({ 'Accept-Language': 'fr;q=1, zh-CN;q=0.8, en;q=0.5' })).toBe(
        '哈达中心学校 · 研学行程',
      );
      expect(await inLanguage({})).toBe('哈达中心学校 · 研学行程');
      const chinese = parseFeed(await (await fetch(`${server.url}${bare}?lang=zh`)).text());
      expect(chinese.events[0]?.location).toBe('呼和浩特科技馆，赛罕区新华东街 18 号');
      // An unknown language in the address is not an error: the feed falls back as without one.
      const unknown = await fetch(`${server.url}${bare}?lang=xx`, { headers: { 'Accept-Language': 'en' } });
      expect(unknown.status).toBe(200);
      expect(parseFeed(await unknown.text()).name).toBe('哈达中心学校 · field trips');
    });

    it('sends each trip a SEQUENCE that grows when it changes, under the same UID, so calendars apply a cancellation', async () => {
      const w = await world();
      const db = server.database.db;
      const [booking] = await db
        .select()
        .from(bookings)
        .where(and(eq(bookings.schoolId, w.school.id), eq(bookings.status, 'confirmed')));
      const { school } = await w.tokens();
      const read = async () =>
        parseFeed(await (await fetch(`${server.url}/calendar/school/${school}.ics`)).text()).events;
      const [before] = await read();
      expect(before?.uid).toBe(`booking-${booking!.id}@social-classroom`);
      expect(before?.status).toBe('CONFIRMED');
      expect(Number.isInteger(before?.sequence)).toBe(true);
      // Read twice without a change: the same number.
      expect((await read())[0]?.sequence).toBe(before?.sequence);

      clock.advance(60_000);
      const { token } = await createApiToken(db, w.people.teacher.id, 'test', { userId: null });
      const cancelled = await fetch(`${server.url}/api/v1/bookings/${booking!.id}/cancel`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: '改期' }),
      });
      expect(cancelled.status).toBe(200);
      const [after] = await read();
      expect(after?.uid).toBe(before?.uid);
      expect(after?.status).toBe('CANCELLED');
      expect(after?.sequence).toBeGreaterThan(before!.sequence!);
    });

    it('stops a removed teacher’s copied address at once', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const copied = SCHOOL_FEED.exec(await (await teacher.fetch('/calendars')).text())?.[0];
      expect(await feedStatus(copied!)).toBe(200);
      const [membership] = await server.database.db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, w.people.teacher.id), eq(memberships.schoolId, w.school.id)));

      const admin = await w.browser('schoolAdmin');
      // Asked first: the line says the school's address changes for everyone, and an unticked box changes nothing.
      expect(await (await admin.fetch('/invites')).text()).toContain(
        '本校所有已订阅的人都要用新地址重新订阅',
      );
      const unticked = await admin.form('/invites', { intent: 'remove', id: membership!.id });
      expect(unticked.status).toBe(400);
      expect(await unticked.text()).toContain('请先勾选上面这一项，确认后再移出。');
      expect(await feedStatus(copied!)).toBe(200);
      expect(SCHOOL_FEED.exec(await (await teacher.fetch('/calendars')).text())?.[0]).toBe(copied);
      const removed = await admin.form('/invites', { intent: 'remove', id: membership!.id, confirm: 'yes' });
      expect(removed.status).toBe(200);
      expect(await removed.text()).toContain('学校的日历订阅地址已同时换新');

      expect(await feedStatus(copied!)).toBe(404);
      const current = SCHOOL_FEED.exec(await (await admin.fetch('/calendars')).text())?.[0];
      expect(current).not.toBe(copied);
      expect(await feedStatus(current!)).toBe(200);
      // The removed teacher's page has no feed left to copy.
      expect(SCHOOL_FEED.exec(await (await teacher.fetch('/calendars')).text())).toBeNull();
    });
  });
}
