// The venue operator's booking pages over real HTTP: the visits recorded lately, the seat chart, and the attendance
// form saved again unchanged. Both drivers.
import { eq } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { confirmBooking, createBooking, recordAttendance } from '#app/domain/bookings/bookings.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { auditLog, sessions, users } from '#db/schema/index.ts';
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

for (const driver of testDrivers) {
  describe(`operator booking pages over HTTP [${driver}]`, () => {
    let server: TestServer;
    let w: BookingWorld;
    const clock = new FakeClock(T0);
    const later = new Date(T0.getTime() + 9 * DAY_MS);
    /** Visits 2, 5 and 8 days after T0, recorded; the oldest charged above the promise (flagged). */
    const visits: string[] = [];

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      const db = server.database.db;
      w = await makeBookingWorld(db);
      await db.update(users).set({ passwordHash: await hashPassword(PASSWORD) });
      for (const days of [2, 5, 8]) {
        const session = await addSession(db, w, days);
        const created = await createBooking(db, w.people.teacher, requestFor(session.id, 30), {
          now: T0,
          publicUrl: 'https://sc.example',
        });
        if (!created.ok) throw new Error(created.error);
        await confirmBooking(db, w.people.operator, created.id, { now: T0, publicUrl: 'https://sc.example' });
        const recorded = await recordAttendance(
          db,
          w.people.operator,
          created.id,
          {
            attendedPupils: 28,
            attendedChaperones: 3,
            chargedPricePerPupil: days === 2 ? 1500 : 0,
            chargedPricePerChaperone: 0,
          },
          { now: later, publicUrl: 'https://sc.example' },
        );
        if (!recorded.ok) throw new Error(recorded.error);
        visits.push(created.id);
      }
      clock.set(later);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function operator() {
      const browser = new Browser(server.url);
      expect((await browser.signIn(w.people.operator.email, PASSWORD)).status).toBe(302);
      return browser;
    }
    const main = async (browser: Browser, path: string) =>
      parse(await (await browser.fetch(path)).text()).querySelector('main')!;

    it('lists the visits recorded lately newest first, a flagged one in its place with its tag', async () => {
      const page = await main(await operator(), '/console/bookings');
      const rows = page.querySelectorAll('section[aria-labelledby="inbox-recorded"] li');
      expect(rows.map((li) => li.querySelector('a.row-title')?.getAttribute('href'))).toEqual(
        [...visits].reverse().map((id) => `/console/bookings/${id}`),
      );
      expect(rows[2]?.text).toContain('实收高于承诺');
    });

    it('names the seat chart of coming sessions once', async () => {
      const page = await main(await operator(), '/console/bookings');
      const section = page.querySelector('section[aria-labelledby="inbox-load"]')!;
      expect(section.querySelector('h2')?.text).toBe('未来场次的名额占用');
      expect(section.text.split('未来场次的名额占用')).toHaveLength(2);
      // The chart is still named, by the heading.
      expect(section.querySelector('figure')?.getAttribute('aria-labelledby')).toBe('inbox-load');
    });

    it('names the green-channel seats still held back apart from the seats left, on every page that counts them', async () => {
      const db = server.database.db;
      const release = new Date(later.getTime() + 5 * DAY_MS);
      const held = await addSession(db, w, 20);
      await db
        .update(sessions)
        .set({ greenChannelSeats: 40, greenReleaseAt: release })
        .where(eq(sessions.id, held.id));
      // Released already: its seats are open to every school, and the list says since when.
      const released = await addSession(db, w, 21);
      await db
        .update(sessions)
        .set({ greenChannelSeats: 10, greenReleaseAt: new Date(later.getTime() - DAY_MS) })
        .where(eq(sessions.id, released.id));
      const browser = await operator();

      const inbox = await main(browser, '/console/bookings');
      const loadRows = inbox.querySelectorAll('section[aria-labelledby="inbox-load"] tbody tr');
      const heldRow = loadRows.find((tr) => tr.innerHTML.includes(held.id))!;
      expect(heldRow.text).toContain('其中 40 个留给重点关注学校');
      const releasedRow = loadRows.find((tr) => tr.innerHTML.includes(released.id))!;
      expect(releasedRow.text).not.toContain('重点关注学校');

      const groups = await main(browser, `/console/bookings/sessions/${held.id}`);
      expect(groups.text).toContain('剩余 120（其中 40 个留给重点关注学校，');

      const list = await main(browser, `/console/sessions?from=${shanghaiDay(held.startsAt)}`);
      const heldListed = list.querySelector(`#session-${held.id}`)!;
      expect(heldListed.text).toContain('剩余 120，其中 40 个留给重点关注学校');
      const releasedListed = list.querySelector(`#session-${released.id}`)!;
      expect(releasedListed.text).toContain('剩余 120');
      expect(releasedListed.text).not.toContain('留给重点关注学校');
      expect(releasedListed.text).toContain('向所有学校开放');
    });

    it('answers attendance saved again as it was with 没有改动。, writing no audit entry', async () => {
      const browser = await operator();
      const id = visits[1]!;
      const entries = async () =>
        (await server.database.db.select().from(auditLog)).filter((e) => e.entityId === id).length;
      const before = await entries();
      const saved = await browser.form(`/console/bookings/${id}`, {
        intent: 'attendance',
        attendedPupils: '28',
        attendedChaperones: '3',
        chargedPricePerPupil: '0.00',
        chargedPricePerChaperone: '0.00',
      });
      expect(saved.status).toBe(302);
      const page = await main(browser, saved.headers.get('location')!.replace(/^https?:\/\/[^/]+/, ''));
      expect(page.querySelector('.alert')?.text).toBe('没有改动。');
      expect(page.text).not.toContain('已登记到访情况。');
      expect(await entries()).toBe(before);
    });
  });
}
