// The public catalogue and a school's trip pages read in English: counts of one are said in the singular ("1 seat
// left", "1 adult", "1 venue found"), and who booked a trip reads as words, not as a "Booked by:" label. Both drivers.
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createBooking } from '#app/domain/bookings/bookings.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { users } from '#db/schema/index.ts';
import {
  addSession,
  type BookingWorld,
  makeBookingWorld,
  requestFor,
  T0,
} from '#tests/factories/bookings.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';
const text = (html: string) => parse(html).querySelector('main')?.text.replace(/\s+/g, ' ') ?? '';

for (const driver of testDrivers) {
  describe(`public and trip pages in English [${driver}]`, () => {
    let server: TestServer;
    let w: BookingWorld;

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock: new FakeClock(T0) });
      w = await makeBookingWorld(server.database.db, { requiresApproval: true });
      await server.database.db.update(users).set({ passwordHash: await hashPassword(PASSWORD) });
      // Seven seats, six taken by five pupils and one adult: one seat is left.
      const small = await addSession(server.database.db, w, 12, 7);
      const booked = await createBooking(server.database.db, w.people.teacher, requestFor(small.id, 5), {
        now: T0,
        publicUrl: 'https://sc.example',
      });
      if (!booked.ok) throw new Error(booked.error);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function inEnglish(who?: keyof BookingWorld['people']) {
      const browser = new Browser(server.url);
      if (who) expect((await browser.signIn(w.people[who].email, PASSWORD)).status).toBe(302);
      expect((await browser.form('/lang', { lang: 'en', redirectTo: '/' })).status).toBe(302);
      return browser;
    }

    it('says “1 seat left” on the venue page, not “1 seats left”', async () => {
      const page = text(await (await (await inEnglish()).fetch(`/venues/${w.venue.slug}`)).text());
      expect(page).toContain('1 seat left');
      expect(page).not.toContain('1 seats');
      expect(page).toContain('120 seats left');
    });

    it('lists a group of one adult as “1 adult”, and names who booked it without a stray colon', async () => {
      const admin = await inEnglish('schoolAdmin');
      const trips = text(await (await admin.fetch('/trips')).text());
      expect(trips).toContain('booked by 王老师 · Grade 5 · 5 pupils · 1 adult');
      expect(trips).not.toMatch(/1 adults|Booked by:/);
      const approvals = text(await (await admin.fetch('/school/approvals')).text());
      expect(approvals).toContain('Grade 5 · 5 pupils · 1 adult');
      expect(approvals).not.toContain('1 adults');
    });
  });
}
