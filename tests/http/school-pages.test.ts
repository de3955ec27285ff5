// Pages of teachers and school admins over real HTTP: the home page for a signed-in person, the figures at the top of
// /trips, and a correction about a venue sent twice at once. Both drivers.
import { eq } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { confirmBooking, createBooking, recordAttendance } from '#app/domain/bookings/bookings.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { infoReports, invitations, schools, users, venues } from '#db/schema/index.ts';
import {
  addSession,
  type BookingWorld,
  DAY_MS,
  makeBookingWorld,
  requestFor,
  T0,
} from '#tests/factories/bookings.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';
const meta = (now = T0) => ({ now, publicUrl: 'https://sc.example' });

for (const driver of testDrivers) {
  describe(`school pages over HTTP [${driver}]`, () => {
    let server: TestServer;
    let w: BookingWorld;
    const clock = new FakeClock(T0);

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      w = await makeBookingWorld(server.database.db);
      await server.database.db.update(users).set({ passwordHash: await hashPassword(PASSWORD) });
    });
    afterAll(async () => {
      await server?.close();
    });

    async function as(who: keyof BookingWorld['people']) {
      const browser = new Browser(server.url);
      expect((await browser.signIn(w.people[who].email, PASSWORD)).status).toBe(302);
      return browser;
    }
    /** A visit of the teacher's class to the world's venue, held and recorded (28 of 30 pupils came). */
    async function visit(days: number, who: 'teacher' | 'priorityTeacher' = 'teacher') {
      const session = await addSession(server.database.db, w, days);
      const db = server.database.db;
      const created = await createBooking(db, w.people[who], requestFor(session.id, 30), meta());
      if (!created.ok) throw new Error(created.error);
      await confirmBooking(db, w.people.operator, created.id, meta());
      const attendance = {
        attendedPupils: 28,
        attendedChaperones: 3,
        chargedPricePerPupil: 0,
        chargedPricePerChaperone: 0,
      };
      const recorded = await recordAttendance(
        db,
        w.people.operator,
        created.id,
        attendance,
        meta(new Date(T0.getTime() + 40 * DAY_MS)),
      );
      if (!recorded.ok) throw new Error(recorded.error);
      return created.id;
    }
    const main = async (browser: Browser | null, path: string) =>
      parse(
        await (await (browser ? browser.fetch(path) : fetch(`${server.url}${path}`))).text(),
      ).querySelector('main')!;

    it('shows a signed-in person a way to each of their homes on the home page, and invites only visitors to sign in', async () => {
      const visitor = await main(null, '/');
      expect(visitor.text).not.toContain('您的工作台');
      expect(visitor.querySelectorAll('.role-card a[href="/login"]')).toHaveLength(5);

      const admin = await main(await as('schoolAdmin'), '/');
      const desk = admin.querySelector('section[aria-labelledby="desk-title"]')!;
      expect(desk.querySelector('h2')?.text).toBe('您的工作台');
      expect(desk.text).toContain('李校长');
      expect(desk.querySelectorAll('a').map((a) => [a.getAttribute('href'), a.text])).toEqual([
        ['/school/approvals', '学校管理员 · 研学审批'],
      ]);
      expect(admin.querySelectorAll('a[href="/login"], a[href="/signup"]')).toHaveLength(0);
      // The desk comes before the role cards, which stay as they were but for the sign-in buttons.
      expect(admin.innerHTML.indexOf('desk-title')).toBeLessThan(admin.innerHTML.indexOf('roles-title'));
      expect(admin.querySelectorAll('.role-card')).toHaveLength(6);

      const teacherDesk = (await main(await as('teacher'), '/')).querySelector(
        'section[aria-labelledby="desk-title"]',
      )!;
      expect(teacherDesk.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(['/trips']);
      // A person with no role yet is sent to their account, where roles are asked for.
      const [roleless] = await server.database.db
        .insert(users)
        .values({
          email: `roleless-${driver}@test.example`,
          name: '新用户',
          passwordHash: await hashPassword(PASSWORD),
        })
        .returning();
      const newcomer = new Browser(server.url);
      expect((await newcomer.signIn(roleless!.email!, PASSWORD)).status).toBe(302);
      const none = (await main(newcomer, '/')).querySelector('section[aria-labelledby="desk-title"]')!;
      expect(none.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual(['/account']);
      expect(none.text).toContain('还没有角色');
    });

    it('labels every figure at the top of /trips with what it counts', async () => {
      await visit(2);
      const upcoming = await addSession(server.database.db, w, 20);
      const booked = await createBooking(
        server.database.db,
        w.people.otherTeacher,
        requestFor(upcoming.id, 20),
        meta(),
      );
      expect(booked.ok).toBe(true);
      const figures = async (who: keyof BookingWorld['people']) =>
        (await main(await as(who), '/trips'))
          .querySelectorAll('.stats .stat')
          .map((stat) => [stat.querySelector('.stat-label')?.text, stat.querySelector('.stat-value')?.text]);
      expect(await figures('teacher')).toEqual([
        ['即将进行的研学', '0'],
        ['已到访的研学', '1'],
        ['到访学生（人次）', '28'],
      ]);
      expect(await figures('schoolAdmin')).toEqual([
        ['即将进行的研学', '1'],
        ['已到访的研学', '1'],
        ['到访学生（人次）', '28'],
      ]);
    });

    it('names on the school admin’s /trips the teacher who booked each trip, whom to ask; a teacher’s own list does not', async () => {
      await visit(4);
      const upcoming = await addSession(server.database.db, w, 21);
      const booked = await createBooking(
        server.database.db,
        w.people.otherTeacher,
        requestFor(upcoming.id, 20),
        meta(),
      );
      if (!booked.ok) throw new Error(booked.error);
      const rowOf = (page: Awaited<ReturnType<typeof main>>, id: string) =>
        page
          .querySelectorAll('.trip-rows li')
          .find((row) => row.querySelector(`a[href="/trips/${id}"]`))
          ?.querySelector('.muted:not(span)')
          ?.text.replace(/\s+/g, ' ');
      const adminList = await main(await as('schoolAdmin'), '/trips');
      expect(rowOf(adminList, booked.id)).toMatch(/ · 预约教师：赵老师 · 五年级 · 学生 20 人/);
      // Every row of the whole school's list names its teacher, upcoming and past alike.
      const rows = adminList.querySelectorAll('.trip-rows li');
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect(row.text).toMatch(/预约教师：(王|赵)老师/);
      const teacherList = await main(await as('teacher'), '/trips');
      expect(teacherList.text).not.toContain('预约教师');
    });

    it('files a correction sent twice at the same moment once, and tells the second it was already sent', async () => {
      await visit(3);
      const [venue] = await server.database.db.select().from(venues).where(eq(venues.id, w.venue.id));
      const teacher = await as('teacher');
      const path = `/report-issue/${venue!.slug}`;
      const body = { body: '网站上写周一开放，我们周一到馆时闭馆。', bookingId: '', website: '' };
      const answers = await Promise.all([teacher.form(path, body), teacher.form(path, body)]);
      expect(answers.map((a) => a.status).sort()).toEqual([302, 409]);
      const refused = answers.find((a) => a.status === 409)!;
      const html = await refused.text();
      expect(html).toContain('您已提交过相同的报告，我们会尽快处理。');
      const rows = await server.database.db
        .select()
        .from(infoReports)
        .where(eq(infoReports.venueId, w.venue.id));
      expect(rows).toHaveLength(1);
      expect(html).toContain(`href="/info-reports#report-${rows[0]!.id}"`);
      // The text typed stays in the form; another text is a report of its own.
      expect(html).toContain('网站上写周一开放，我们周一到馆时闭馆。');
      expect((await teacher.form(path, { ...body, body: '停车场入口已经改到北门。' })).status).toBe(302);
    });

    it('names a visit that is not the school’s (another school’s, none, garbled) as not found, and keeps what was typed', async () => {
      await visit(12);
      const theirs = await visit(13, 'priorityTeacher');
      const [venue] = await server.database.db.select().from(venues).where(eq(venues.id, w.venue.id));
      const teacher = await as('teacher');
      const path = `/report-issue/${venue!.slug}`;
      const before = await server.database.db.select().from(infoReports);
      const typed = '讲解员说的开放时间和网站上的不一样，请核对。';
      const answers: Record<string, number> = {};
      const errors: Record<string, string | undefined> = {};
      for (const bookingId of [theirs, '00000000-0000-4000-8000-000000000000', 'not-a-booking']) {
        const answer = await teacher.form(path, { body: typed, bookingId, website: '' });
        answers[bookingId] = answer.status;
        const html = parse(await answer.text());
        errors[bookingId] = html.querySelector('[id$="-error"]')?.text;
        // What was typed stays in the box; the page does not say the school never visited.
        expect(html.querySelector('textarea[name="body"]')?.text).toBe(typed);
        expect(html.text).not.toContain('只有到访过该场馆的学校的教师才能报告');
      }
      // Another school's booking and one that does not exist are told apart by nothing: same status, same words.
      expect(answers[theirs]).toBe(404);
      expect(answers['00000000-0000-4000-8000-000000000000']).toBe(404);
      expect(answers['not-a-booking']).toBe(400);
      for (const error of Object.values(errors)) {
        expect(error).toBe('找不到这次预约。请从列表中选一次贵校到访过的参观。');
      }
      expect(await server.database.db.select().from(infoReports)).toHaveLength(before.length);
    });

    it('marks a request waiting for the school admin as such on the school calendar, and shows every entry’s status as a tag', async () => {
      const db = server.database.db;
      await db.update(schools).set({ requiresApproval: true }).where(eq(schools.id, w.school.id));
      const session = await addSession(db, w, 5);
      const waiting = await createBooking(db, w.people.teacher, requestFor(session.id, 25), meta());
      await db.update(schools).set({ requiresApproval: false }).where(eq(schools.id, w.school.id));
      if (!waiting.ok) throw new Error(waiting.error);
      const startsAt = new Date(T0.getTime() + 6 * DAY_MS);
      await db.insert(invitations).values({
        kind: 'outreach',
        venueId: w.venue.id,
        programId: w.program.id,
        schoolId: w.school.id,
        teacherId: w.people.teacher.id,
        status: 'scheduled',
        audienceSize: 40,
        grades: [5],
        place: '学校礼堂',
        scheduledStartsAt: startsAt,
        scheduledEndsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
        expiresAt: startsAt,
      });
      const rows = async (who: keyof BookingWorld['people']) =>
        (await main(await as(who), '/school/calendar?month=2030-03')).querySelectorAll('.trip-rows li');
      const row = (all: Awaited<ReturnType<typeof rows>>, href: string) =>
        all.find((li) => li.querySelector(`a.row-title[href^="${href}"]`))!;

      const admin = await rows('schoolAdmin');
      const trip = row(admin, `/trips/${waiting.id}`);
      // The status is a tag inside a line of its own (a direct child of the grid row would stretch across it).
      const tripTag = trip.querySelectorAll('.badge')[1];
      expect(tripTag?.parentNode === trip).toBe(false);
      expect(tripTag?.text).toBe('待学校审批');
      expect(trip.text).not.toContain('已申请');
      expect(trip.querySelector('a[href="/school/approvals"]')?.text).toBe('去研学审批处理');
      const talk = row(admin, '/invitations/');
      const talkTags = talk.querySelectorAll('.badge').map((b) => b.text);
      expect(talkTags).toEqual(['宣讲 / 进校园', '已安排']);
      expect(talk.querySelectorAll('.badge')[1]?.parentNode === talk).toBe(false);

      // A teacher reads the same status, but has no approvals queue to go to.
      const teacherTrip = row(await rows('teacher'), `/trips/${waiting.id}`);
      expect(teacherTrip.text).toContain('待学校审批');
      expect(teacherTrip.querySelector('a[href="/school/approvals"]')).toBeNull();

      // The optional reason for declining it takes up to 500 characters, in a box of several lines.
      const approvals = await main(await as('schoolAdmin'), '/school/approvals');
      const reason = approvals.querySelector(`#reason-${waiting.id}`);
      expect(reason?.tagName).toBe('TEXTAREA');
      expect(reason?.getAttribute('maxlength')).toBe('500');
    });

    it('says what the last approval did once, and nothing for a value of done the site never sends', async () => {
      const admin = await as('schoolAdmin');
      expect((await main(admin, '/school/approvals?done=approve')).text).toContain('已同意。');
      const odd = await main(admin, '/school/approvals?done=explode');
      expect(odd.text).not.toContain('bookings.action.done');
      expect(odd.querySelector('.alert')).toBeNull();
    });
  });
}
