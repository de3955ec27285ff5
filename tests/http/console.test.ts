import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { addDays, shanghaiDay, shanghaiTime } from '#app/utils/time.ts';
import {
  accessCommitments,
  auditLog,
  bookings,
  programs,
  sessions,
  users,
  venueChanges,
  venues,
} from '#db/schema/index.ts';
import { holdSeats, makeConsoleWorld, releaseSeats, T0 } from '#tests/factories/console.ts';
import { readCalendar, type World } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';
import { pdfText } from '#tests/setup/pdf-text.ts';

const PASSWORD = 'correct horse battery';

/** The text of the elements an element's aria-describedby names. */
function description(html: string, element: HTMLElement | null | undefined): string {
  const page = parse(html);
  const ids = element?.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => page.getElementById(id)?.text.trim() ?? '').join(' ');
}

for (const driver of testDrivers) {
  describe(`venue console over HTTP [${driver}]`, () => {
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
      const w = await makeConsoleWorld(server.database.db);
      const tokens = {} as Record<keyof World['people'], string>;
      for (const [key, person] of Object.entries(w.people) as [keyof World['people'], { id: string }][]) {
        await server.database.db.update(users).set({ passwordHash }).where(eq(users.id, person.id));
        tokens[key] = (await createApiToken(server.database.db, person.id, 'test', { userId: null })).token;
      }
      const browser = async (who: keyof World['people']) => {
        const b = new Browser(server.url);
        expect((await b.signIn(w.people[who].email, PASSWORD)).status).toBe(302);
        return b;
      };
      const api = (
        who: keyof World['people'] | null,
        method: string,
        path: string,
        body?: unknown,
        language = 'zh',
      ) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: {
            ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}),
            'Content-Type': 'application/json',
            'Accept-Language': language,
          },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
      return { ...w, browser, api };
    }

    type Doc = {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
      >;
      components: object;
    };
    /** Checks an answer against the OpenAPI document the server itself serves. */
    async function conforms(path: string, method: string, status: number, body: unknown) {
      const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as Doc;
      const schema =
        doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
      expect(schema, `${method} ${path} ${status} is documented`).toBeDefined();
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats.default(ajv);
      const validate = ajv.compile({ ...schema, components: doc.components });
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    }

    const count = async (table: typeof sessions | typeof programs | typeof venueChanges) =>
      (await server.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n;

    /** The profile form as the page fills it: every field's shown value (the first checked box per name). */
    function shownForm(html: string): Record<string, string> {
      const form = html.slice(html.indexOf('class="form profile-form"'));
      const values: Record<string, string> = {};
      const decode = (v: string) =>
        v
          .replaceAll('&quot;', '"')
          .replaceAll('&#x27;', "'")
          .replaceAll('&lt;', '<')
          .replaceAll('&gt;', '>')
          .replaceAll('&amp;', '&');
      for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
        const name = /name="([^"]+)"/.exec(tag)?.[1];
        if (!name) continue;
        const value = decode(/ value="([^"]*)"/.exec(tag)?.[1] ?? '');
        if (/type="checkbox"/.test(tag)) {
          if (/ checked=""/.test(tag) && !(name in values)) values[name] = value || 'on';
        } else values[name] = value;
      }
      for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/gs)) {
        values[name as string] = /<option value="([^"]*)" selected=""/.exec(options as string)?.[1] ?? '';
      }
      for (const [, name, text] of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>(.*?)<\/textarea>/gs)) {
        values[name as string] = decode(text as string);
      }
      return values;
    }

    it('lists sessions publicly with seats left, paged, now to 90 days ahead by default', async () => {
      const w = await world();
      await holdSeats(server.database.db, w, 40);
      const response = await w.api(null, 'GET', `/api/v1/sessions?venueId=${w.venue.id}`);
      expect(response.status).toBe(200);
      const body = await response.json();
      await conforms('/api/v1/sessions', 'get', 200, body);
      expect(body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
      expect(body.items[0]).toEqual({
        id: w.session.id,
        venueId: w.venue.id,
        programId: w.onsite.id,
        startsAt: '2030-03-20T01:30:00.000Z',
        endsAt: '2030-03-20T03:00:00.000Z',
        capacity: 120,
        seatsLeft: 80,
        seatsOpen: 80,
        openDay: false,
        // The venue's booking window (60 days to 1 day before, the defaults): a client can tell a session still open.
        bookingOpensAt: '2030-01-19T01:30:00.000Z',
        bookingClosesAt: '2030-03-19T01:30:00.000Z',
      });
      const later = await (
        await w.api(null, 'GET', `/api/v1/sessions?venueId=${w.venue.id}&from=2030-03-21&to=2030-04-30`)
      ).json();
      expect(later.total).toBe(0);
      const bad = await w.api(null, 'GET', '/api/v1/sessions?from=tomorrow&pageSize=1000');
      expect(bad.status).toBe(400);
      const error = await bad.json();
      expect(error).toMatchObject({ error: 'invalid_request' });
      expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['from', 'pageSize']));
      const backwards = await w.api(
        null,
        'GET',
        '/api/v1/sessions?from=2030-04-01&to=2030-03-01',
        undefined,
        'en',
      );
      expect(backwards.status).toBe(400);
      const refused = await backwards.json();
      expect(refused.message).toMatch(/end date/);
      expect(Object.keys(refused.fields)).toEqual(['to']);
      // `from` alone reaches 90 days past it, wherever it lies; `to` alone before now is the one mistake.
      const fromDay = await (
        await w.api(null, 'GET', `/api/v1/sessions?venueId=${w.venue.id}&from=2030-03-20`)
      ).json();
      expect(fromDay.items.map((item: { id: string }) => item.id)).toEqual([w.session.id]);
      const farAhead = await w.api(null, 'GET', `/api/v1/sessions?venueId=${w.venue.id}&from=2031-06-01`);
      expect(farAhead.status).toBe(200);
      expect((await farAhead.json()).total).toBe(0);
      const beforeNow = await w.api(null, 'GET', '/api/v1/sessions?to=2029-01-01');
      expect(beforeNow.status).toBe(400);
      expect(Object.keys((await beforeNow.json()).fields)).toEqual(['to']);
    });

    it('pages sessions that start at the same time by id: two pages give every session exactly once', async () => {
      const w = await world();
      const db = server.database.db;
      const startsAt = shanghaiTime(2030, 3, 25, 9, 30);
      const endsAt = shanghaiTime(2030, 3, 25, 11, 0);
      // One statement: the same start and the same createdAt, so only the id tells them apart.
      const extra = await db
        .insert(programs)
        .values(
          Array.from({ length: 9 }, (_, i) => ({
            venueId: w.venue.id,
            title: `同时开场 ${i}`,
            grades: [4, 5, 6],
            durationMinutes: 90,
            maxGroupSize: 60,
            delivery: 'onsite' as const,
          })),
        )
        .returning({ id: programs.id });
      const created = await db
        .insert(sessions)
        .values(extra.map((p) => ({ programId: p.id, venueId: w.venue.id, startsAt, endsAt, capacity: 60 })))
        .returning({ id: sessions.id });
      const page = async (n: number) => {
        const response = await w.api(
          null,
          'GET',
          `/api/v1/sessions?venueId=${w.venue.id}&from=2030-03-25&to=2030-03-26&pageSize=4&page=${n}`,
        );
        expect(response.status).toBe(200);
        return (await response.json()) as { items: { id: string }[]; total: number };
      };
      const pages = [await page(1), await page(2), await page(3)];
      expect(pages.map((p) => p.total)).toEqual([9, 9, 9]);
      expect(pages.map((p) => p.items.length)).toEqual([4, 4, 1]);
      const listed = pages.flatMap((p) => p.items.map((s) => s.id));
      const ids = created.map((s) => s.id).sort();
      expect(listed).toEqual(ids);
    });

    it('lets operators create programs and sessions and edit capacity over the API, with JSON errors', async () => {
      const w = await world();
      const created = await w.api('operator', 'POST', '/api/v1/programs', {
        venueId: w.venue.id,
        title: '星空课堂',
        grades: [7, 5, 6, 5],
        durationMinutes: 60,
        maxGroupSize: 45,
        delivery: 'onsite',
      });
      expect(created.status).toBe(201);
      const program = await created.json();
      await conforms('/api/v1/programs', 'post', 201, program);
      expect(program).toMatchObject({
        title: '星空课堂',
        grades: [5, 6, 7],
        delivery: 'onsite',
        active: true,
      });

      // 401 without a token, 403 for a teacher, 403 for another venue's operator, 400 for unknown fields.
      const before = await count(programs);
      expect((await w.api(null, 'POST', '/api/v1/programs', { venueId: w.venue.id })).status).toBe(401);
      expect((await w.api('teacher', 'POST', '/api/v1/programs', { venueId: w.venue.id })).status).toBe(403);
      const foreign = await w.api('otherOperator', 'POST', '/api/v1/programs', {
        venueId: w.venue.id,
        title: 'x',
        grades: [1],
        durationMinutes: 60,
        maxGroupSize: 10,
        delivery: 'onsite',
      });
      expect(foreign.status).toBe(403);
      expect(await foreign.json()).toMatchObject({
        error: 'forbidden',
        message: '您只能管理自己运营的场馆。',
      });
      const unknown = await w.api('operator', 'POST', '/api/v1/programs', {
        venueId: w.venue.id,
        title: 'x',
        grades: [1],
        durationMinutes: 60,
        maxGroupSize: 10,
        delivery: 'onsite',
        active: false,
      });
      expect(unknown.status).toBe(400);
      expect((await w.api('operator', 'POST', '/api/v1/programs', '{not json')).status).toBe(400);
      expect(await count(programs)).toBe(before);

      const session = await w.api('operator', 'POST', '/api/v1/sessions', {
        programId: program.id,
        startsAt: '2030-04-02T09:00:00+08:00',
        endsAt: '2030-04-02T10:00:00+08:00',
        capacity: 90,
        greenChannelSeats: 10,
        greenReleaseAt: '2030-03-26T00:00:00+08:00',
      });
      expect(session.status).toBe(201);
      const s = await session.json();
      await conforms('/api/v1/sessions', 'post', 201, s);
      expect(s).toMatchObject({ capacity: 90, seatsLeft: 90, greenChannelSeats: 10, openDay: false });

      const past = await w.api('operator', 'POST', '/api/v1/sessions', {
        programId: program.id,
        startsAt: '2030-03-01T09:00:00+08:00',
        endsAt: '2030-03-01T10:00:00+08:00',
        capacity: 90,
      });
      expect(past.status).toBe(422);
      expect(await past.json()).toMatchObject({ error: 'in_past', fields: { startsAt: '场次必须在将来。' } });
      // A year mistyped (2099 for 2029) is refused as too far ahead; so is year 9999.
      for (const year of ['2099', '9999']) {
        const far = await w.api('operator', 'POST', '/api/v1/sessions', {
          programId: program.id,
          startsAt: `${year}-03-01T09:00:00+08:00`,
          endsAt: `${year}-03-01T10:00:00+08:00`,
          capacity: 90,
        });
        expect(far.status, year).toBe(422);
        expect(await far.json(), year).toMatchObject({
          error: 'too_far_ahead',
          fields: { startsAt: '场次最多只能安排在两年之内，请检查年份。' },
        });
      }
      // A wrong kind of value is named as that, not as something to fill in.
      const wrongKind = await w.api('operator', 'POST', '/api/v1/sessions', {
        programId: program.id,
        startsAt: '2030-04-01T09:00:00+08:00',
        endsAt: '2030-04-01T10:00:00+08:00',
        capacity: 90,
        openDay: 'yes',
      });
      expect(wrongKind.status).toBe(400);
      expect((await wrongKind.json()).fields).toEqual({
        openDay: '这一项的类型不对（应按字段要求填文字、数字、是/否或列表）',
      });

      // PATCH: capacity below the seats held is a 409 with a clear message; nothing changes.
      await holdSeats(server.database.db, w, 50);
      const below = await w.api(
        'operator',
        'PATCH',
        `/api/v1/sessions/${w.session.id}`,
        { capacity: 49 },
        'en',
      );
      expect(below.status).toBe(409);
      const belowBody = await below.json();
      await conforms('/api/v1/sessions/{id}', 'patch', 409, belowBody);
      expect(belowBody).toMatchObject({
        error: 'capacity_below_held',
        fields: { capacity: expect.stringContaining('cannot be lower than the seats already booked') },
      });
      const ok = await w.api('operator', 'PATCH', `/api/v1/sessions/${w.session.id}`, {
        capacity: 50,
        openDay: true,
      });
      expect(ok.status).toBe(200);
      const okBody = await ok.json();
      await conforms('/api/v1/sessions/{id}', 'patch', 200, okBody);
      expect(okBody).toMatchObject({ capacity: 50, seatsLeft: 0, openDay: true });
      expect(
        (await w.api('operator', 'PATCH', `/api/v1/sessions/${w.session.id}`, { seatsHeld: 0 })).status,
      ).toBe(400);
      expect((await w.api('operator', 'PATCH', `/api/v1/sessions/${w.session.id}`, {})).status).toBe(400);
      expect((await w.api('operator', 'PATCH', '/api/v1/sessions/not-a-uuid', { capacity: 5 })).status).toBe(
        404,
      );
      expect(
        (await w.api('otherOperator', 'PATCH', `/api/v1/sessions/${w.session.id}`, { capacity: 500 })).status,
      ).toBe(403);
      expect(
        (await w.api('operator', 'POST', `/api/v1/sessions/${w.session.id}`, { capacity: 5 })).status,
      ).toBe(405);
      const [row] = await server.database.db.select().from(sessions).where(eq(sessions.id, w.session.id));
      expect(row).toMatchObject({ capacity: 50, seatsHeld: 50 });
      const fetched = await (await w.api(null, 'GET', `/api/v1/sessions/${w.session.id}`)).json();
      expect(fetched).toMatchObject({ id: w.session.id, capacity: 50, seatsLeft: 0 });
    });

    it('edits a program over the API and on its console page, refusing what does not fit and writing nothing then', async () => {
      const w = await world();
      const path = `/api/v1/programs/${w.onsite.id}`;
      const stored = async () =>
        (await server.database.db.select().from(programs).where(eq(programs.id, w.onsite.id)))[0]!;
      const before = await stored();

      const patched = await w.api('operator', 'PATCH', path, { title: '星空下的草原', grades: [6, 5, 5] });
      expect(patched.status).toBe(200);
      const body = await patched.json();
      await conforms('/api/v1/programs/{id}', 'patch', 200, body);
      expect(body).toMatchObject({
        id: w.onsite.id,
        title: '星空下的草原',
        grades: [5, 6],
        delivery: 'onsite',
      });

      // Refusals in the API's shape, each writing nothing.
      const tooSmall = await w.api('operator', 'PATCH', path, { maxGroupSize: before.minGroupSize - 1 || 0 });
      expect(tooSmall.status).toBe(400);
      const order = await w.api('operator', 'PATCH', path, { minGroupSize: before.maxGroupSize + 1 });
      expect(order.status).toBe(422);
      // Named on the size the request sent: only the smallest, so the smallest is what is too large.
      expect(await order.json()).toMatchObject({
        error: 'group_size',
        fields: { minGroupSize: '每团最多人数不能小于最少人数。' },
      });
      const bothOrder = await w.api('operator', 'PATCH', path, { minGroupSize: 10, maxGroupSize: 5 });
      expect(bothOrder.status).toBe(422);
      expect((await bothOrder.json()).fields).toHaveProperty('maxGroupSize');
      const inUse = await w.api('operator', 'PATCH', path, { delivery: 'outreach' }, 'en');
      expect(inUse.status).toBe(409);
      expect(await inUse.json()).toMatchObject({
        error: 'program_in_use',
        fields: { delivery: expect.stringContaining('sessions') },
      });
      expect((await w.api('operator', 'PATCH', path, {})).status).toBe(400);
      expect((await w.api('operator', 'PATCH', path, { venueId: w.venue.id })).status).toBe(400);
      expect((await w.api('otherOperator', 'PATCH', path, { title: '别人的' })).status).toBe(403);
      expect((await w.api('teacher', 'PATCH', path, { title: '老师的' })).status).toBe(403);
      expect((await w.api(null, 'PATCH', path, { title: '匿名' })).status).toBe(401);
      expect((await w.api('operator', 'PATCH', '/api/v1/programs/nope', { title: 'x' })).status).toBe(404);
      expect((await w.api('operator', 'POST', path, { title: 'x' })).status).toBe(405);
      expect(await stored()).toMatchObject({
        title: '星空下的草原',
        grades: [5, 6],
        minGroupSize: before.minGroupSize,
        maxGroupSize: before.maxGroupSize,
        delivery: 'onsite',
      });

      // The console: the list links to the form, which shows the program as it is.
      const operator = await w.browser('operator');
      const list = await (await operator.fetch('/console/programs')).text();
      expect(list).toContain(`href="/console/programs/${w.onsite.id}?venue=${w.venue.id}"`);
      const page = await operator.fetch(`/console/programs/${w.onsite.id}`);
      expect(page.status).toBe(200);
      const form = parse(await page.text());
      expect(form.querySelector('input[name="title"]')?.getAttribute('value')).toBe('星空下的草原');
      expect(
        form.querySelectorAll('input[name="grades"][checked]').map((box) => box.getAttribute('value')),
      ).toEqual(['5', '6']);
      // Its sessions keep it an on-site visit: the only choice, and the hint says why.
      const delivery = form.querySelector('select[name="delivery"]');
      expect(delivery?.querySelectorAll('option').map((o) => o.getAttribute('value'))).toEqual(['onsite']);
      expect(form.querySelector('#f-delivery-hint')?.text).toBe('已有场次或学校的申请，形式不能再改。');

      const submit = (fields: Record<string, string | string[]>) =>
        operator.fetch(`/console/programs/${w.onsite.id}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(
            Object.entries({
              title: '星空下的草原',
              summary: '',
              grades: ['5', '6'],
              durationMinutes: '90',
              minGroupSize: '10',
              maxGroupSize: '40',
              standardPricePerPupil: '12.5',
              standardPricePerChaperone: '0',
              delivery: 'onsite',
              language: 'zh',
              ...fields,
            }).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v])),
          ).toString(),
        });
      const wrong = await submit({ title: '', minGroupSize: '50', standardPricePerPupil: '很多' });
      expect(wrong.status).toBe(400);
      const wrongPage = parse(await wrong.text());
      expect(wrongPage.querySelector('#f-title-error')?.text).toBe('请填写此项');
      expect(wrongPage.querySelector('#f-maxGroupSize-error')?.text).toBe('最多人数不能小于最少人数。');
      expect(wrongPage.querySelector('#f-standardPricePerPupil-error')).not.toBeNull();
      expect((await stored()).standardPricePerPupil).toBe(before.standardPricePerPupil);

      const saved = await submit({ title: '草原星空夜', grades: ['4', '5', '6'] });
      expect(saved.status).toBe(302);
      expect(saved.headers.get('location')).toBe(
        `/console/programs?venue=${w.venue.id}&updated=${encodeURIComponent('草原星空夜')}`,
      );
      expect(await stored()).toMatchObject({
        title: '草原星空夜',
        grades: [4, 5, 6],
        durationMinutes: 90,
        minGroupSize: 10,
        maxGroupSize: 40,
        standardPricePerPupil: 1250,
      });
      const shown = await (await operator.fetch(saved.headers.get('location')!)).text();
      expect(shown).toContain('已保存项目“草原星空夜”。');
      // The same form again changes nothing, and says so rather than "saved".
      const again = await submit({ title: '草原星空夜', grades: ['4', '5', '6'] });
      expect(again.status).toBe(302);
      const unchanged = await (await operator.fetch(again.headers.get('location')!)).text();
      expect(unchanged).toContain('项目“草原星空夜”没有改动。');
      expect(unchanged).not.toContain('已保存项目');

      // Another venue's operator neither sees nor changes it.
      const other = await w.browser('otherOperator');
      expect([403, 404]).toContain((await other.fetch(`/console/programs/${w.onsite.id}`)).status);
      expect([403, 404]).toContain(
        (await other.form(`/console/programs/${w.onsite.id}`, { title: '抢' })).status,
      );
      expect((await stored()).title).toBe('草原星空夜');
    });

    it('serves calendar files and secret feeds, read back by a real iCalendar parser', async () => {
      const w = await world();
      const booking = await holdSeats(server.database.db, w, 42);
      const teacher = await w.browser('teacher');
      const file = await teacher.fetch(`/bookings/${booking.id}/calendar.ics`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('text/calendar');
      const [event] = readCalendar(await file.text());
      expect(event).toMatchObject({ uid: `booking-${booking.id}@social-classroom`, status: 'CONFIRMED' });
      expect(event?.startsAt.toISOString()).toBe('2030-03-20T01:30:00.000Z');
      expect(
        (await (await w.browser('otherTeacher')).fetch(`/bookings/${booking.id}/calendar.ics`)).status,
      ).toBe(404);
      const anonymous = await new Browser(server.url).fetch(`/bookings/${booking.id}/calendar.ics`);
      expect(anonymous.status).toBe(302);

      const page = await (await teacher.fetch('/calendars')).text();
      const feedUrl = /\/calendar\/school\/[0-9a-f]{64}\.ics/.exec(page)?.[0];
      expect(feedUrl).toBeDefined();
      const feed = await fetch(`${server.url}${feedUrl}`);
      expect(feed.status).toBe(200);
      expect(readCalendar(await feed.text()).map((e) => e.uid)).toEqual([
        `booking-${booking.id}@social-classroom`,
      ]);
      const venueFeed = /\/calendar\/venue\/[0-9a-f]{64}\.ics/.exec(
        await (await (await w.browser('operator')).fetch('/console')).text(),
      )?.[0];
      expect(readCalendar(await (await fetch(`${server.url}${venueFeed}`)).text())).toHaveLength(1);
      expect((await fetch(`${server.url}/calendar/school/${'0'.repeat(64)}.ics`)).status).toBe(404);
      expect((await fetch(`${server.url}/calendar/venue/guess.ics`)).status).toBe(404);

      // The printable trip sheet of the same booking.
      const sheet = await teacher.fetch(`/bookings/${booking.id}/trip-sheet.pdf`);
      expect(sheet.status).toBe(200);
      expect(sheet.headers.get('content-type')).toBe('application/pdf');
      const text = pdfText(Buffer.from(await sheet.arrayBuffer()));
      expect(text).toContain('研学行程单');
      expect(text).toContain('呼和浩特科技馆');
      expect(text).toContain('家长（监护人）知情同意书');
      expect(
        (await (await w.browser('operator')).fetch(`/bookings/${booking.id}/trip-sheet.pdf`)).status,
      ).toBe(200);
      expect(
        (await (await w.browser('otherOperator')).fetch(`/bookings/${booking.id}/trip-sheet.pdf`)).status,
      ).toBe(404);
      const missing = await teacher.fetch('/bookings/not-a-booking/trip-sheet.pdf');
      expect(missing.status).toBe(404);
      // Said in the person's language, with where to look instead.
      expect(missing.headers.get('content-type')).toContain('text/html');
      const missingPage = await missing.text();
      expect(missingPage).toContain('只有场馆已确认的行程才有行程单和日历文件');
      // A page with a way back to the person's own trips, not a bare line of text.
      expect(missingPage).toContain('<a href="/trips"');
      const missingCalendar = await (await w.browser('operator')).fetch(
        '/bookings/not-a-booking/calendar.ics',
      );
      expect(missingCalendar.status).toBe(404);
      expect(await missingCalendar.text()).toContain('<a href="/console"');
    });

    it('prints the trip sheet as each language writes it: the day, the counts, and a leader without a phone', async () => {
      const w = await world();
      const booking = await holdSeats(server.database.db, w, 40);
      await server.database.db
        .update(bookings)
        .set({ contactPhone: '', pupils: 36, chaperones: 4, pupilsWithDisabilities: 1, leftBehindPupils: 4 })
        .where(eq(bookings.id, booking.id));
      const teacher = await w.browser('teacher');
      const sheet = async () =>
        pdfText(
          Buffer.from(await (await teacher.fetch(`/bookings/${booking.id}/trip-sheet.pdf`)).arrayBuffer()),
        );

      const chinese = await sheet();
      expect(chinese).toContain('2030年3月20日 星期三');
      // No empty brackets after a leader who gave no phone.
      expect(chinese).toContain('带队负责人：王老师');
      expect(chinese).not.toContain('（）');
      // Every count written alike, the figure beside its unit as in the date (2030年3月20日).
      for (const count of ['36人', '4人', '1人', '其他陪同成人：3人']) expect(chinese).toContain(count);
      expect(chinese).not.toMatch(/\d 人/);

      expect((await teacher.form('/lang', { lang: 'en', redirectTo: '/trips' })).status).toBe(302);
      const english = await sheet();
      expect(english).toContain('Wednesday, 20 March 2030');
      expect(english).not.toContain('2030 Wednesday');
      expect(english).toContain('Group leader: 王老师');
      expect(english).not.toContain('()');
    });

    it('keeps successive key-field changes in one waiting change that the page shows and the auditor approves whole; a county only', async () => {
      const w = await world();
      const db = server.database.db;
      const operator = await w.browser('operator');
      const auditor = await w.browser('auditor');
      const page = async () => (await operator.fetch('/console/profile')).text();
      const submit = async (change: Record<string, string>) => {
        const form = { ...shownForm(await page()), ...change };
        return operator.form('/console/profile', form);
      };
      const pendingRows = () =>
        db
          .select()
          .from(venueChanges)
          .where(and(eq(venueChanges.venueId, w.venue.id), eq(venueChanges.status, 'pending')));
      const emergencyContact = '值班室 0471-6666666';
      // The booking-window field says requests must be answered 12 hours before the start (ADR 020).
      expect(await page()).toContain('需要本馆确认的预约须在活动开始 12 小时前答复');

      const moved = await submit({ lat: '40.8301', lng: '111.7402', emergencyContact });
      expect(moved.status).toBe(302);
      expect(moved.headers.get('location')).toContain('key=submitted');
      const region = await submit({ regionCode: '150102' });
      expect(region.status).toBe(302);
      expect(region.headers.get('location')).toContain('key=updated');
      const updated = await (await operator.fetch(region.headers.get('location') as string)).text();
      expect(updated).toContain('等待审核的修改已更新，现在一并包括：地区、纬度、经度');
      const address = await submit({ address: '新城区中山西路 1 号' });
      expect(address.status).toBe(302);

      const [waiting, ...more] = await pendingRows();
      expect(more).toEqual([]);
      expect(waiting?.changes).toEqual({
        address: '新城区中山西路 1 号',
        regionCode: '150102',
        lat: 40.8301,
        lng: 111.7402,
      });
      // The page shows what waits, old → new, and fills the form with it.
      const html = await page();
      expect(html).toContain('等待教育局审核的修改');
      expect(html).toContain('再次保存会用表单中的关键信息更新这项修改');
      expect(html).toContain('已由之后的提交取代');
      const shown = shownForm(html);
      expect(shown).toMatchObject({
        pendingChangeId: waiting!.id,
        address: '新城区中山西路 1 号',
        regionCode: '150102',
        lat: '40.8301',
        lng: '111.7402',
      });
      expect(html).toMatch(/<td>赛罕区<\/td><td class="proposed">新城区<\/td>/);

      // The auditor's queue holds one change with all three edits.
      const queue = await (await auditor.fetch('/bureau/queue')).text();
      expect(queue).toContain('新城区中山西路 1 号');
      expect(queue).toContain('40.83010');
      expect(queue).toContain('111.74020');
      expect(queue).toContain('共 1 项待审核');
      expect(queue).toContain('<td class="proposed">新城区（150102）</td>');

      // A form from before the last submission (a second tab) is refused and changes nothing.
      const before = await db.select().from(venueChanges);
      const stale = await operator.form('/console/profile', {
        ...shown,
        pendingChangeId: '',
        name: '别的名称',
      });
      expect(stale.status).toBe(409);
      expect(await stale.text()).toContain('本次没有保存任何内容');
      // The province, or a whole 盟市, is not a 旗县市区.
      const province = await operator.form('/console/profile', { ...shown, regionCode: '150000' });
      expect(province.status).toBe(422);
      expect(await province.text()).toContain('请选择具体的旗县市区');
      expect(await db.select().from(venueChanges)).toEqual(before);
      expect(html).not.toContain('<option value="150000"');
      expect(html).not.toContain('<option value="150100"');

      const approved = await auditor.form('/bureau/queue', {
        kind: 'venue_change',
        id: waiting!.id,
        decision: 'approve',
      });
      expect(approved.status).toBe(302);
      const [live] = await db.select().from(venues).where(eq(venues.id, w.venue.id));
      expect(live).toMatchObject({
        address: '新城区中山西路 1 号',
        regionCode: '150102',
        lat: 40.8301,
        lng: 111.7402,
      });
      expect(await pendingRows()).toEqual([]);
    });

    it('takes commitments through the bureau queue: proposed, pending, withdrawn, and refused when incomplete', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const before = await server.database.db.select().from(accessCommitments);
      const incomplete = await operator.form('/console/commitments', {
        intent: 'propose',
        audience: 'primary',
        kind: 'percent_off',
        validFrom: '2030-04-01',
        validTo: '2030-03-01',
        sourceUrl: 'notice',
      });
      expect(incomplete.status).toBe(400);
      const html = await incomplete.text();
      expect(html).toContain('请填写减免百分比（1–99）');
      expect(html).toContain('截止日期不能早于起始日期');
      expect(html).toContain('请输入以 http:// 或 https:// 开头的网址');
      expect(await server.database.db.select().from(accessCommitments)).toEqual(before);

      const proposed = await operator.form('/console/commitments', {
        intent: 'propose',
        audience: 'junior',
        kind: 'fixed_price',
        fixedPrice: '12.5',
        validFrom: '2030-04-01',
        conditions: '凭学校介绍信',
        sourceUrl: 'https://example.gov.cn/notice/2030-1',
      });
      expect(proposed.status).toBe(302);
      const [row] = await server.database.db
        .select()
        .from(accessCommitments)
        .where(eq(accessCommitments.venueId, w.venue.id));
      expect(row).toMatchObject({
        status: 'pending',
        kind: 'fixed_price',
        fixedPrice: 1250,
        percentOff: null,
      });
      const page = await (await operator.fetch('/console/commitments')).text();
      expect(page).toContain('待审核');
      expect(page).toContain('初中生¥12.50');
      // Its dates read as the console's other dates do, not as stored.
      const listText = parse(page).querySelector('.commitment-list')?.text ?? '';
      expect(listText).toContain('2030年4月1日');
      expect(listText).not.toContain('2030-04-01');
      // A later proposal, for an older audience, comes after it: the list goes by audience, not by age of entry.
      const proposedAt = clock.now();
      clock.advance(60_000);
      expect(
        (
          await operator.form('/console/commitments', {
            intent: 'propose',
            audience: 'senior',
            kind: 'free',
            validFrom: '2030-05-01',
          })
        ).status,
      ).toBe(302);
      const listed = parse(await (await operator.fetch('/console/commitments')).text())
        .querySelectorAll('.commitment-list > li strong')
        .map((s) => s.text);
      expect(listed.findIndex((s) => s.startsWith('初中生'))).toBeLessThan(
        listed.findIndex((s) => s.startsWith('高中生')),
      );
      expect(listed.findIndex((s) => s.startsWith('初中生'))).toBeGreaterThanOrEqual(0);
      clock.set(proposedAt);
      const queue = await (await (await w.browser('auditor')).fetch('/bureau/queue')).text();
      expect(queue).toContain('凭学校介绍信');

      const withdrawn = await operator.form('/console/commitments', {
        intent: 'withdraw',
        commitmentId: row!.id,
      });
      expect(withdrawn.status).toBe(302);
      const [after] = await server.database.db
        .select()
        .from(accessCommitments)
        .where(eq(accessCommitments.id, row!.id));
      expect(after?.status).toBe('withdrawn');
      const again = await operator.form('/console/commitments', {
        intent: 'withdraw',
        commitmentId: row!.id,
      });
      expect(again.status).toBe(409);

      // Approved is not always in force. Through the bureau, as it happens: a replacement from 1 September keeps the
      // old promise until 31 August; one in force from today takes over at once (the test clock is March 2030).
      const auditor = await w.browser('auditor');
      const propose = async (fields: Record<string, string>) => {
        const sent = await operator.form('/console/commitments', { intent: 'propose', ...fields });
        expect(sent.status).toBe(302);
        // The page it returns to names the proposal made.
        const made = new URL(sent.headers.get('location') as string, server.url).searchParams.get('created');
        await approveInQueue(made as string);
        return made as string;
      };
      const approveInQueue = async (id: string) => {
        const decided = await auditor.form('/bureau/queue', { kind: 'commitment', id, decision: 'approve' });
        expect(decided.status).toBe(302);
        const [row] = await server.database.db
          .select()
          .from(accessCommitments)
          .where(eq(accessCommitments.id, id));
        expect(row?.status).toBe('active');
      };
      clock.advance(60_000);
      const free = await propose({ audience: 'preschool', kind: 'free', validFrom: '2029-01-01' });
      clock.advance(60_000);
      await propose({
        audience: 'preschool',
        kind: 'percent_off',
        percentOff: '30',
        validFrom: '2030-09-01',
        replacesId: free,
      });
      const badges = async () =>
        parse(await (await operator.fetch('/console/commitments')).text())
          .querySelectorAll('.commitment-list > li')
          .map((li) => li.text);
      const shown = await badges();
      expect(shown.find((text) => text.includes('学龄前儿童7折'))).toContain('2030年9月1日起生效');
      expect(shown.find((text) => text.includes('学龄前儿童免费'))).toContain(
        '生效至2030年8月31日，之后由新承诺接替',
      );
      clock.advance(60_000);
      const adults = await propose({ audience: 'chaperone', kind: 'free', validFrom: '2029-01-01' });
      clock.advance(60_000);
      await propose({
        audience: 'chaperone',
        kind: 'fixed_price',
        fixedPrice: '5',
        validFrom: '2029-06-01',
        replacesId: adults,
      });
      expect((await badges()).find((text) => text.includes('陪同教师免费'))).toContain('已被替换');
    });

    it('tells the operator a new commitment overlaps another for the same audience, and which one prices bookings', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const db = server.database.db;
      const [free] = await db
        .insert(accessCommitments)
        .values({
          venueId: w.venue.id,
          audience: 'primary',
          kind: 'free',
          validFrom: '2030-01-01',
          validTo: '2030-12-31',
          status: 'active',
          createdAt: clock.now(),
        })
        .returning();
      const propose = (fields: Record<string, string>) =>
        operator.form('/console/commitments', { intent: 'propose', audience: 'primary', ...fields });
      const page = async (response: Response) => {
        expect(response.status).toBe(302);
        const path = response.headers.get('location')!.replace(/^https?:\/\/[^/]+/, '');
        return parse(await (await operator.fetch(path)).text()).querySelector('main')!;
      };

      const overlapping = await page(
        await propose({
          kind: 'percent_off',
          percentOff: '50',
          validFrom: '2030-06-01',
          validTo: '2030-08-31',
        }),
      );
      // One calm message, not a green "submitted" beside an orange warning.
      expect(overlapping.querySelectorAll('.alert')).toHaveLength(1);
      expect(overlapping.querySelector('.alert-warn')).toBeNull();
      const warning = overlapping.querySelector('.alert-info');
      expect(warning?.text).toContain('已提交，等待教育局审核。');
      expect(warning?.text).toContain('日期重叠');
      expect(warning?.text).toContain('预约按价格较低的“小学生免费”计价');
      // The list says it beside both commitments, which stay as they were: it is a notice, not a refusal.
      const notes = overlapping.querySelectorAll('.commitment-overlap').map((n) => n.text);
      expect(notes).toHaveLength(2);
      expect(notes.some((n) => n.includes('预约按价格较低的这一条计价'))).toBe(true);

      // A proposal that replaces the commitment it overlaps is no overlap, nor one for another audience.
      clock.advance(60_000);
      const replacing = await page(
        await propose({
          kind: 'percent_off',
          percentOff: '20',
          validFrom: '2030-10-01',
          replacesId: free!.id,
        }),
      );
      expect(replacing.querySelector('.alert-warn')).toBeNull();
      expect(replacing.querySelector('.alert')?.text).toBe('已提交，等待教育局审核。');
      clock.advance(60_000);
      const senior = await page(await propose({ audience: 'senior', kind: 'free', validFrom: '2030-01-01' }));
      expect(senior.querySelectorAll('.alert')).toHaveLength(1);
    });

    it('asks for a date left empty on the session and commitment forms as for any required field', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const before = await count(sessions);
      const fieldError = (html: string, name: string) =>
        new RegExp(
          `name="${name}"[^>]*aria-invalid="true"[\\s\\S]*?<p class="field-error"[^>]*>([^<]*)<`,
        ).exec(html)?.[1];
      const single = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        date: '',
        startTime: '09:30',
        endTime: '11:00',
        capacity: '60',
      });
      expect(single.status).toBe(400);
      const singleHtml = await single.text();
      expect(fieldError(singleHtml, 'date')).toBe('请填写此项');
      expect(singleHtml).not.toContain('请输入有效的日期');
      // The summary above the forms lists its messages in the order the fields stand: date, end, title.
      const mixed = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        title: '长'.repeat(300),
        date: '',
        startTime: '11:00',
        endTime: '09:30',
        capacity: '60',
      });
      const summaryFields = parse(await mixed.text())
        .querySelectorAll('.alert .plain-list li')
        .map((li) => li.text.split('：')[0]);
      expect(
        summaryFields.filter((f) =>
          ['日期', '结束时间', '场次名称（选填，默认用项目名称）'].includes(f ?? ''),
        ),
      ).toEqual(['日期', '结束时间', '场次名称（选填，默认用项目名称）']);
      // A past day is named with the other mistakes of the same form, not in a second round once they are mended.
      const past = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        date: '2020-01-01',
        startTime: '09:30',
        endTime: '11:00',
        capacity: '',
      });
      expect(past.status).toBe(400);
      const pastHtml = await past.text();
      expect(fieldError(pastHtml, 'date')).toBe('场次必须在将来。');
      expect(fieldError(pastHtml, 'capacity')).toBe('请填写此项');
      const series = await operator.form('/console/sessions', {
        intent: 'series',
        programId: w.onsite.id,
        firstDate: '',
        untilDate: ' ',
        startTime: '09:30',
        endTime: '11:00',
        weekdays: 'TU',
        capacity: '60',
      });
      expect(series.status).toBe(400);
      const seriesHtml = await series.text();
      expect(fieldError(seriesHtml, 'firstDate')).toBe('请填写此项');
      expect(fieldError(seriesHtml, 'untilDate')).toBe('请填写此项');
      // The summary above the forms says which field each message is about, once each (two alike are not merged).
      expect(
        parse(seriesHtml)
          .querySelectorAll('.alert .plain-list li')
          .map((li) => li.text),
      ).toEqual(['第一次日期：请填写此项', '最后日期：请填写此项']);
      // A series whose first session, today, would already have begun: said on its first date, naming that session,
      // and nothing on the single session's form.
      const today = shanghaiDay(clock.now());
      const startsToday = await operator.form('/console/sessions', {
        intent: 'series',
        programId: w.onsite.id,
        firstDate: today,
        untilDate: addDays(today, 20),
        // The earliest a session may start (07:00): before the test clock's 10:00, so already begun today.
        startTime: '07:00',
        endTime: '08:00',
        weekdays: ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][
          new Date(`${today}T00:00:00Z`).getUTCDay()
        ] as string,
        capacity: '60',
      });
      expect(startsToday.status).toBeGreaterThanOrEqual(400);
      const startsTodayHtml = await startsToday.text();
      expect(fieldError(startsTodayHtml, 'firstDate')).toMatch(
        /^这个系列的第一场（.+07:00）已经开始或已经过去：请把首日改晚一些。$/,
      );
      expect(fieldError(startsTodayHtml, 'date')).toBeUndefined();
      // A series in 2099 (for 2029): too far ahead, said on the series' first date too.
      const farSeries = await operator.form('/console/sessions', {
        intent: 'series',
        programId: w.onsite.id,
        firstDate: '2099-01-05',
        untilDate: '2099-02-05',
        startTime: '09:00',
        endTime: '10:00',
        weekdays: 'MO',
        capacity: '60',
      });
      const farSeriesHtml = await farSeries.text();
      expect(fieldError(farSeriesHtml, 'firstDate')).toBe('场次最多只能安排在两年之内，请检查年份。');
      expect(fieldError(farSeriesHtml, 'date')).toBeUndefined();
      expect(await count(sessions)).toBe(before);
      const commitment = await operator.form('/console/commitments', {
        intent: 'propose',
        audience: 'primary',
        kind: 'free',
        validFrom: '',
      });
      expect(commitment.status).toBe(400);
      const commitmentHtml = await commitment.text();
      expect(fieldError(commitmentHtml, 'validFrom')).toBe('请填写此项');
      expect(commitmentHtml).not.toContain('请输入有效的日期');
    });

    it('adds a session that overlaps another of the same program, and says so (two rooms may run at once)', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const single = (startTime: string, endTime: string) =>
        operator.form('/console/sessions', {
          intent: 'single',
          programId: w.onsite.id,
          date: '2030-05-06',
          startTime,
          endTime,
          capacity: '40',
          greenChannelSeats: '0',
        });
      const landing = async (response: Response) => {
        expect(response.status).toBe(302);
        const path = response.headers.get('location')!.replace(/^https?:\/\/[^/]+/, '');
        return parse(await (await operator.fetch(path)).text()).querySelector('main')!;
      };
      expect((await landing(await single('09:30', '11:00'))).querySelector('.alert-warn')).toBeNull();
      const second = await landing(await single('10:00', '11:30'));
      expect(second.querySelector('.alert-good')?.text).toBe('已添加场次。');
      expect(second.querySelector('.alert-warn')?.text).toContain('已有 1 个场次与新场次时间重叠');
      expect(second.querySelector('.alert-warn')?.text).toContain('09:30');
      // One that starts as another ends does not overlap it.
      const touching = await landing(await single('11:30', '12:00'));
      expect(touching.querySelector('.alert-warn')).toBeNull();
      // A series: its Monday at 10:30 overlaps the first two.
      const series = await landing(
        await operator.form('/console/sessions', {
          intent: 'series',
          programId: w.onsite.id,
          firstDate: '2030-05-01',
          untilDate: '2030-05-31',
          startTime: '10:30',
          endTime: '11:15',
          frequency: 'weekly',
          interval: '1',
          weekdays: 'MO',
          capacity: '40',
          greenChannelSeats: '0',
          greenReleaseDays: '7',
        }),
      );
      expect(series.querySelector('.alert-warn')?.text).toContain('已有 2 个场次与新场次时间重叠');
    });

    it('takes a session and a venue phone typed in full-width (a Chinese input method) as the ones they show', async () => {
      const w = await world();
      const db = server.database.db;
      const operator = await w.browser('operator');
      const created = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        date: '２０３０－１０－０１',
        startTime: '０９：３０',
        endTime: '１１：００',
        capacity: '４５',
        greenChannelSeats: '０',
      });
      expect(created.status).toBe(302);
      const [session] = await db
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.programId, w.onsite.id), eq(sessions.startsAt, shanghaiTime(2030, 10, 1, 9, 30))),
        );
      expect(session).toMatchObject({ capacity: 45, endsAt: shanghaiTime(2030, 10, 1, 11, 0) });

      const shown = shownForm(await (await operator.fetch('/console/profile')).text());
      const saved = await operator.form('/console/profile', {
        ...shown,
        phone: '０４７１－４６１４０００；１３８ ０００１ ２３４５',
        bookingOpensDays: '７５',
      });
      expect(saved.status).toBe(302);
      const [venue] = await db.select().from(venues).where(eq(venues.id, w.venue.id));
      expect(venue).toMatchObject({ phone: '0471-4614000;13800012345', bookingOpensDays: 75 });
      // Both coordinate boxes emptied: the position stays, and the page says it was not removed.
      const emptied = await operator.form('/console/profile', {
        ...shown,
        lat: '',
        lng: '',
        coordinates: '',
      });
      expect(emptied.status).toBe(302);
      expect(emptied.headers.get('location')).toContain('position=kept');
      const told = await (await operator.fetch(emptied.headers.get('location') ?? '')).text();
      expect(told).toContain('坐标框清空后不会删除场馆的位置');
      const [after] = await db.select().from(venues).where(eq(venues.id, w.venue.id));
      expect({ lat: after?.lat, lng: after?.lng }).toEqual({ lat: venue?.lat, lng: venue?.lng });
    });

    it('names the counties of the profile form in English in the English console, sending the same codes', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const option = (html: string, code: string) =>
        new RegExp(`<option value="${code}"[^>]*>([^<]*)</option>`).exec(html)?.[1];
      const chinese = await (await operator.fetch('/console/profile')).text();
      expect(option(chinese, '150125')).toBe('呼和浩特市 · 武川县');
      expect(option(chinese, '150724')).toBe('呼伦贝尔市 · 鄂温克族自治旗');
      expect((await operator.form('/lang', { lang: 'en', redirectTo: '/console/profile' })).status).toBe(302);
      try {
        const english = await (await operator.fetch('/console/profile')).text();
        expect(option(english, '150125')).toBe('Hohhot · Wuchuan County');
        expect(option(english, '150724')).toBe('Hulunbuir · Ewenki Autonomous Banner');
        const select = /<select[^>]*name="regionCode"[^>]*>([\s\S]*?)<\/select>/.exec(english)?.[1] ?? '';
        expect(select).toContain('Wuchuan County');
        expect(select).not.toMatch(/\p{Script=Han}/u);
      } finally {
        await operator.form('/lang', { lang: 'zh', redirectTo: '/console/profile' });
      }
    });

    it('checks the venue phone like contact phones, and names every wrong field of the profile in one round', async () => {
      const w = await world();
      const db = server.database.db;
      const operator = await w.browser('operator');
      const shown = shownForm(await (await operator.fetch('/console/profile')).text());
      const before = await db.select().from(venues).where(eq(venues.id, w.venue.id));
      const changesBefore = await count(venueChanges);

      const twelve = await operator.form('/console/profile', { ...shown, phone: '12' });
      expect(twelve.status).toBe(400);
      expect(await twelve.text()).toContain('请输入 11 位手机号、带区号的固定电话或 400 电话');
      // Several wrong fields, key and direct ones: all named at once, not one more after each fix.
      const many = await operator.form('/console/profile', {
        ...shown,
        name: '',
        coordinates: 'abc',
        phone: '12',
        bookingOpensDays: '0',
      });
      expect(many.status).toBe(400);
      const manyHtml = await many.text();
      expect(manyHtml).toContain('请填写此项');
      expect(manyHtml).toContain('看不懂这个坐标');
      expect(manyHtml).toContain('请输入 11 位手机号、带区号的固定电话或 400 电话');
      expect(manyHtml).toContain('不能小于 1');
      // Each part of the form with a field to mend opens with the banner every console form shows.
      const banners = parse(manyHtml).querySelectorAll('.profile-form .alert-bad');
      expect(banners.map((b) => b.text)).toEqual([
        '请修改标出的内容后再提交。',
        '请修改标出的内容后再提交。',
      ]);
      // A check that needs the live record (the region's level) is named beside a wrong direct field too.
      const regionAndPhone = await operator.form('/console/profile', {
        ...shown,
        regionCode: '150000',
        phone: '12',
      });
      expect(regionAndPhone.status).toBe(400);
      const regionHtml = await regionAndPhone.text();
      expect(regionHtml).toContain('请选择具体的旗县市区');
      expect(regionHtml).toContain('请输入 11 位手机号、带区号的固定电话或 400 电话');
      // Half a position: the missing half is asked for.
      const half = await operator.form('/console/profile', { ...shown, lng: '', phone: '12' });
      expect(half.status).toBe(400);
      expect(await half.text()).toMatch(
        /name="lng"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="lng"/,
      );
      expect(await db.select().from(venues).where(eq(venues.id, w.venue.id))).toEqual(before);
      expect(await count(venueChanges)).toBe(changesBefore);

      // Real venues list two lines, or a 400 number.
      const two = await operator.form('/console/profile', { ...shown, phone: '0471-4614000;0471-4614333' });
      expect(two.status).toBe(302);
      const [saved] = await db.select().from(venues).where(eq(venues.id, w.venue.id));
      expect(saved?.phone).toBe('0471-4614000;0471-4614333');
    });

    it('calls a session or a series day off only once its box is ticked, and keeps the list window after a row is changed', async () => {
      const w = await world();
      const db = server.database.db;
      const operator = await w.browser('operator');
      const [autumn] = await db
        .insert(sessions)
        .values({
          programId: w.onsite.id,
          venueId: w.venue.id,
          startsAt: shanghaiTime(2030, 9, 10, 9, 30),
          endsAt: shanghaiTime(2030, 9, 10, 11, 0),
          capacity: 40,
        })
        .returning();
      const id = autumn!.id;
      const cancelledAt = async (sessionId: string) =>
        (await db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]?.cancelledAt ?? null;
      // The list months ahead: its forms post back to the same window.
      const page = '/console/sessions?from=2030-09-01';
      const listed = await (await operator.fetch(page)).text();
      expect(listed).toContain('action="/console/sessions?from=2030-09-01"');
      // Calling off sits in a fold with a box to tick, not one tap under "Save capacity".
      expect(listed).toContain(`id="confirm-cancel-${id}"`);
      expect(listed).toContain('我确认取消这个场次');

      const unticked = await operator.form(page, { intent: 'cancel', sessionId: id });
      expect(unticked.status).toBe(400);
      const untickedHtml = await unticked.text();
      expect(untickedHtml).toContain('请先勾选上面这一项，以示确认。');
      // The message is the box's description, read out with it.
      const box = parse(untickedHtml).getElementById(`confirm-cancel-${id}`);
      expect(box?.getAttribute('aria-invalid')).toBe('true');
      expect(description(untickedHtml, box)).toBe('请先勾选上面这一项，以示确认。');
      // The fold comes back open at the box.
      expect(untickedHtml).toMatch(/<details class="fold session-cancel" open=""[^>]*>\s*<summary>取消场次/);
      // The box is checked by the server, in the page's language: the browser does not stop the form with its own.
      expect(box?.closest('form')?.hasAttribute('novalidate')).toBe(true);
      // The summary at the top of the page cannot say "the item above": it sends the operator to the row.
      expect(parse(untickedHtml).querySelector('.alert .plain-list')?.text).toBe(
        '请在您刚才操作的那一行勾选确认框，再提交。',
      );
      expect(await cancelledAt(id)).toBeNull();

      // A capacity the row cannot take is the server's to refuse, in the page's words, with the banner at the row.
      expect(parse(listed).querySelector(`#session-${id} form.inline-form`)?.hasAttribute('novalidate')).toBe(
        true,
      );
      for (const capacity of ['-1', '']) {
        const wrong = await operator.form(page, { intent: 'capacity', sessionId: id, capacity });
        expect(wrong.status).toBe(400);
        const wrongRow = parse(await wrong.text()).getElementById(`session-${id}`);
        expect(wrongRow?.querySelector('.alert-bad')?.text, capacity).toBe('请修改标出的内容后再提交。');
        expect(wrongRow?.querySelector(`#capacity-error-${id}`)?.text, capacity).toBeTruthy();
      }

      // A row's change keeps the window, so the session just edited is still in view.
      const titled = await operator.form(page, {
        intent: 'details',
        sessionId: id,
        greenChannelSeats: '0',
        title: '秋季专场',
      });
      expect(titled.status).toBe(302);
      expect(titled.headers.get('location')).toContain('from=2030-09-01');
      // …and lands back at its row (not at the top of a long list), whose notice names the session.
      expect(titled.headers.get('location')).toMatch(new RegExp(`#session-${id}$`));
      const shown = await (await operator.fetch(titled.headers.get('location')!)).text();
      expect(shown).toContain('秋季专场');
      const titledRow = parse(shown).getElementById(`session-${id}`);
      expect(titledRow?.querySelector('.row-notice')?.text).toMatch(
        /9\/10周二 09:30 场次的绿色通道、开放日和名称已保存。$/,
      );
      expect(parse(shown).querySelector('.alert-good')).toBeNull();
      const resized = await operator.form(page, {
        intent: 'capacity',
        sessionId: id,
        capacity: '45',
        greenChannelSeats: '0',
      });
      expect(resized.headers.get('location')).toContain('from=2030-09-01');
      expect(resized.headers.get('location')).toMatch(new RegExp(`#session-${id}$`));
      const resizedPage = parse(await (await operator.fetch(resized.headers.get('location')!)).text());
      expect(resizedPage.getElementById(`session-${id}`)?.querySelector('.row-notice')?.text).toMatch(
        /9\/10周二 09:30 场次的容量已改为 45。$/,
      );

      // A group waits on its waitlist (no seat held, so the fold is offered): calling it off is refused, and the
      // refusal links to the session's groups, where the booking opens to be cancelled with a reason.
      const waiting = await holdSeats(db, w, 20, 'confirmed', id);
      await releaseSeats(db, waiting, 'waitlisted');
      const refused = await operator.form(page, { intent: 'cancel', sessionId: id, confirm: 'yes' });
      expect(refused.status).toBe(409);
      const refusedRow = parse(await refused.text()).getElementById(`capacity-error-${id}`);
      expect(refusedRow?.text).toContain('已有学校预约或候补这个场次');
      expect(refusedRow?.querySelector('a')?.getAttribute('href')).toBe(`/console/bookings/sessions/${id}`);
      expect(await cancelledAt(id)).toBeNull();
      await db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, waiting.id));

      const cancelled = await operator.form(page, { intent: 'cancel', sessionId: id, confirm: 'yes' });
      expect(cancelled.status).toBe(302);
      expect(cancelled.headers.get('location')).toMatch(
        /done=cancelled.*from=2030-09-01|from=2030-09-01.*done=cancelled/,
      );
      expect(await cancelledAt(id)).not.toBeNull();

      // A series day: the same box.
      const series = await operator.form(page, {
        intent: 'series',
        programId: w.onsite.id,
        firstDate: '2030-09-03',
        untilDate: '2030-09-17',
        startTime: '14:00',
        endTime: '15:00',
        frequency: 'weekly',
        interval: '1',
        weekdays: 'TU',
        // A Wednesday: no session of the series falls on it, so it changes nothing, and the page says so.
        exceptionDates: '2030-09-11',
        capacity: '30',
      });
      expect(series.status).toBe(302);
      const made = await (await operator.fetch(series.headers.get('location')!)).text();
      expect(parse(made).querySelector('.alert-good')?.text).toContain(
        '例外日期 2030-09-11 不是这个系列开的日子',
      );
      const [day] = await db
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.programId, w.onsite.id), eq(sessions.startsAt, shanghaiTime(2030, 9, 10, 14, 0))),
        );
      const skip = { intent: 'skip', sessionId: day!.id, seriesId: day!.seriesId!, date: '2030-09-10' };
      const unskipped = await operator.form(page, skip);
      expect(unskipped.status).toBe(400);
      expect(await unskipped.text()).toContain('请先勾选上面这一项，以示确认。');
      expect(await cancelledAt(day!.id)).toBeNull();
      const skipped = await operator.form(page, { ...skip, confirm: 'yes' });
      expect(skipped.status).toBe(302);
      expect(skipped.headers.get('location')).toContain('from=2030-09-01');
      expect(await cancelledAt(day!.id)).not.toBeNull();
    });

    it('refuses the same session twice, by form (at its start time) and API (409 with the one there), adding nothing', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const before = await count(sessions);
      // The world's session starts on 20 March 2030 at 09:30.
      const again = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        date: '2030-03-20',
        startTime: '09:30',
        endTime: '11:00',
        capacity: '60',
      });
      expect(again.status).toBe(409);
      const html = await again.text();
      const start = parse(html).getElementById('single-start');
      expect(start?.getAttribute('aria-invalid')).toBe('true');
      expect(description(html, start)).toBe(
        '这个项目在 2030/3/20 09:30 已有一个场次，没有重复添加。如需调整，请修改那个场次。',
      );

      const body = {
        programId: w.onsite.id,
        startsAt: '2030-03-20T09:30:00+08:00',
        endsAt: '2030-03-20T11:00:00+08:00',
        capacity: 60,
      };
      const api = await w.api('operator', 'POST', '/api/v1/sessions', body, 'en');
      expect(api.status).toBe(409);
      const refused = await api.json();
      await conforms('/api/v1/sessions', 'post', 409, refused);
      expect(refused).toMatchObject({
        error: 'session_exists',
        message: expect.stringContaining('already has a session at 20 Mar 2030'),
        fields: { startsAt: refused.message },
        existing: { id: w.session.id, startsAt: '2030-03-20T01:30:00.000Z', cancelled: false },
      });
      expect(await count(sessions)).toBe(before);

      // Moving another session onto that minute is refused alike.
      const other = await w.api('operator', 'POST', '/api/v1/sessions', {
        ...body,
        startsAt: '2030-03-20T14:00:00+08:00',
        endsAt: '2030-03-20T15:30:00+08:00',
      });
      expect(other.status).toBe(201);
      const moved = await w.api('operator', 'PATCH', `/api/v1/sessions/${(await other.json()).id}`, {
        startsAt: body.startsAt,
        endsAt: body.endsAt,
      });
      expect(moved.status).toBe(409);
      const movedBody = await moved.json();
      await conforms('/api/v1/sessions/{id}', 'patch', 409, movedBody);
      expect(movedBody).toMatchObject({ error: 'session_exists', existing: { id: w.session.id } });

      // A weekly series over that day names it as the exception field takes it, to be copied there; so left out,
      // the series is made around it.
      const series = {
        intent: 'series',
        programId: w.onsite.id,
        firstDate: '2030-03-13',
        untilDate: '2030-03-27',
        startTime: '09:30',
        endTime: '11:00',
        frequency: 'weekly',
        interval: '1',
        weekdays: 'WE',
        capacity: '60',
      };
      const clash = await operator.form('/console/sessions', series);
      expect(clash.status).toBe(409);
      const clashHtml = await clash.text();
      const message = description(clashHtml, parse(clashHtml).getElementById('series-exceptions'));
      expect(message).toContain('（可直接复制：2030-03-20）');
      const days = /可直接复制：([^）]+)）/.exec(message)![1]!;
      const made = await operator.form('/console/sessions', { ...series, exceptionDates: days });
      expect(made.status).toBe(302);
      expect(made.headers.get('location')).toContain('count=2');
    });

    it('ends a series from the console in one step, naming the booked days it will not drop', async () => {
      const w = await world();
      const db = server.database.db;
      const operator = await w.browser('operator');
      // Wednesdays in October 2030 at 15:00: the 2nd, 9th, 16th, 23rd and 30th.
      const made = await operator.form('/console/sessions', {
        intent: 'series',
        programId: w.onsite.id,
        firstDate: '2030-10-01',
        untilDate: '2030-10-31',
        startTime: '15:00',
        endTime: '16:00',
        frequency: 'weekly',
        interval: '1',
        weekdays: 'WE',
        capacity: '30',
      });
      expect(made.status).toBe(302);
      const seriesId = new URL(made.headers.get('location')!, server.url).searchParams.get('created')!;
      const liveDays = async () =>
        (
          await db
            .select({ startsAt: sessions.startsAt })
            .from(sessions)
            .where(and(eq(sessions.seriesId, seriesId), isNull(sessions.cancelledAt)))
        ).length;
      const listed = await (await operator.fetch('/console/sessions')).text();
      expect(listed).toContain(`id="confirm-end-${seriesId}"`);
      expect(listed).toContain(`id="last-day-${seriesId}"`);

      const end = (fields: Record<string, string>) =>
        operator.form('/console/sessions', { intent: 'end', seriesId, ...fields });
      const errorAt = async (response: Response, id: string) => {
        const html = await response.text();
        return description(html, parse(html).getElementById(id));
      };
      const unticked = await end({ lastDay: '2030-10-09' });
      expect(unticked.status).toBe(400);
      expect(await errorAt(unticked, `confirm-end-${seriesId}`)).toBe('请先勾选上面这一项，以示确认。');
      const past = await end({ lastDay: '2030-03-01', confirm: 'yes' });
      expect(past.status).toBe(422);
      expect(await errorAt(past, `last-day-${seriesId}`)).toBe('最后一天不能早于今天。');
      const beyond = await end({ lastDay: '2030-11-05', confirm: 'yes' });
      expect(beyond.status).toBe(422);
      expect(await errorAt(beyond, `last-day-${seriesId}`)).toBe(
        '这个系列的最后一个场次在 2030年10月30日，请选一个更早的日期。',
      );

      // A school booked the 23rd: the series keeps every day until that booking is dealt with.
      const [booked] = await db
        .select()
        .from(sessions)
        .where(
          and(eq(sessions.seriesId, seriesId), eq(sessions.startsAt, shanghaiTime(2030, 10, 23, 15, 0))),
        );
      const booking = await holdSeats(db, w, 20, 'confirmed', booked!.id);
      const refused = await end({ lastDay: '2030-10-09', confirm: 'yes' });
      expect(refused.status).toBe(409);
      const refusedHtml = await refused.text();
      expect(description(refusedHtml, parse(refusedHtml).getElementById(`last-day-${seriesId}`))).toContain(
        '2030/10/23 15:00（1 个预约） 已有学校预约或候补',
      );
      // The booked day links to its groups, where the booking opens to be cancelled with a reason.
      const link = parse(refusedHtml).querySelector(
        `.series-end a[href="/console/bookings/sessions/${booked!.id}"]`,
      );
      expect(link?.text).toBe('查看 2030/10/23 15:00 的预约（1 个），逐个取消');
      const groups = await (await operator.fetch(`/console/bookings/sessions/${booked!.id}`)).text();
      expect(groups).toContain(`href="/console/bookings/${booking.id}"`);
      expect(await liveDays()).toBe(5);

      await releaseSeats(db, booking, 'cancelled');
      const ended = await end({ lastDay: '2030-10-09', confirm: 'yes' });
      expect(ended.status).toBe(302);
      const location = ended.headers.get('location')!;
      expect(location).toContain('done=ended');
      expect(await (await operator.fetch(location)).text()).toContain(
        '系列已在 2030年10月9日 结束，之后的 3 个场次已取消。',
      );
      expect(await liveDays()).toBe(2);
      const summary = async () =>
        parse(await (await operator.fetch('/console/sessions')).text())
          .querySelector(`#series-${seriesId} p`)
          ?.text.replace(/\s+/g, ' ');
      expect(await summary()).toMatch(/ 至 .*，还有 2 个场次$/);
      // Its last day left reads as that day, not "2 Oct to 2 Oct".
      expect((await end({ lastDay: '2030-10-02', confirm: 'yes' })).status).toBe(302);
      expect(await summary()).toMatch(/：这个系列只剩最后 1 个场次$/);
      expect(await summary()).not.toContain(' 至 ');
    });

    it('shows the region’s auditor a program taken off the offer and a session changed, in the audit log', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      // The button first says what taking the program off touches (its sessions to come, the bookings in them) and
      // changes nothing; the confirmation then does it.
      const asked = await operator.form('/console/programs', {
        intent: 'deactivate',
        programId: w.onsite.id,
      });
      expect(asked.status).toBe(200);
      const askedPage = parse(await asked.text());
      expect(askedPage.querySelector('.alert-warn')?.text).toMatch(
        /停用“机器人探秘”？.*今后的 \d+ 个场次不再接受新的预约.*已有的 \d+ 个预约保持不变/,
      );
      expect(
        askedPage
          .querySelector('form input[name="confirm"][value="yes"]')
          ?.closest('form')
          ?.querySelector('button')?.text,
      ).toBe('确定停用');
      const [stillOn] = await server.database.db.select().from(programs).where(eq(programs.id, w.onsite.id));
      expect(stillOn?.active).toBe(true);
      const off = await operator.form('/console/programs', {
        intent: 'deactivate',
        programId: w.onsite.id,
        confirm: 'yes',
      });
      expect(off.status).toBe(302);
      const [nowOff] = await server.database.db.select().from(programs).where(eq(programs.id, w.onsite.id));
      expect(nowOff?.active).toBe(false);
      const resized = await operator.form('/console/sessions', {
        intent: 'capacity',
        sessionId: w.session.id,
        capacity: '100',
        greenChannelSeats: '0',
      });
      expect(resized.status).toBe(302);
      // The auditor of 呼和浩特市 reads the log of 赛罕区, where the venue is: both entries, with the county named.
      const auditor = await w.browser('auditor');
      for (const [entityId, label] of [
        [w.onsite.id, '停用活动项目'],
        [w.session.id, '修改场次'],
      ] as const) {
        const page = await auditor.fetch(`/bureau/audit?entityId=${entityId}`);
        expect(page.status).toBe(200);
        const table = parse(await page.text()).querySelector('#table-audit')?.text ?? '';
        expect(table, label).toContain(label);
        expect(table, label).toContain('赛罕区');
      }
    });

    it('refuses green-channel seats that would open at once (a release already past, or the default one for seats added within the week), by form and API', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const before = await count(sessions);
      // T0 is 2030-03-04: a session two days later cannot hold seats until seven days before it.
      const single = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        date: '2030-03-06',
        startTime: '09:30',
        endTime: '11:00',
        capacity: '60',
        greenChannelSeats: '5',
        greenReleaseDays: '7',
      });
      expect(single.status).toBe(422);
      expect(
        /name="greenReleaseDays"[^>]*aria-invalid="true"[\s\S]*?<p class="field-error"[^>]*>([^<]*)</.exec(
          await single.text(),
        )?.[1],
      ).toContain('或减少提前天数');
      const api = await w.api('operator', 'POST', '/api/v1/sessions', {
        programId: w.onsite.id,
        startsAt: '2030-04-02T09:00:00+08:00',
        endsAt: '2030-04-02T10:00:00+08:00',
        capacity: 90,
        greenChannelSeats: 10,
        greenReleaseAt: '2030-03-01T00:00:00+08:00',
      });
      expect(api.status).toBe(422);
      expect(await api.json()).toMatchObject({
        error: 'green_release_past',
        fields: { greenReleaseAt: expect.stringContaining('开放时间已经过去') },
      });
      expect(await count(sessions)).toBe(before);
      // Two days ahead with the seats held one day before is fine.
      const held = await operator.form('/console/sessions', {
        intent: 'single',
        programId: w.onsite.id,
        date: '2030-03-06',
        startTime: '09:30',
        endTime: '11:00',
        capacity: '60',
        greenChannelSeats: '5',
        greenReleaseDays: '1',
      });
      expect(held.status).toBe(302);
      expect(await count(sessions)).toBe((before ?? 0) + 1);

      // Seats added later without a release time would fall back on seven days ahead, already past for a session
      // four days off: refused on the seats' box, from the form and from the API, and nothing changes.
      const [soon] = await server.database.db
        .insert(sessions)
        .values({
          programId: w.onsite.id,
          venueId: w.venue.id,
          startsAt: shanghaiTime(2030, 3, 8, 9, 30),
          endsAt: shanghaiTime(2030, 3, 8, 11, 0),
          capacity: 60,
        })
        .returning();
      const page = '/console/sessions?from=2030-03-08';
      const cleared = await operator.form(page, {
        intent: 'details',
        sessionId: soon!.id,
        greenChannelSeats: '5',
        greenReleaseDate: '',
        greenReleaseTime: '',
      });
      expect(cleared.status).toBe(422);
      expect(
        /name="greenChannelSeats"[^>]*aria-invalid="true"[\s\S]*?<p class="field-error"[^>]*>([^<]*)</.exec(
          await cleared.text(),
        )?.[1],
      ).toContain('这个时间已经过去');
      const patched = await w.api('operator', 'PATCH', `/api/v1/sessions/${soon!.id}`, {
        greenChannelSeats: 5,
      });
      expect(patched.status).toBe(422);
      expect(await patched.json()).toMatchObject({
        error: 'green_release_default_past',
        fields: { greenChannelSeats: expect.stringContaining('开场前 7 天') },
      });
      const [unchanged] = await server.database.db.select().from(sessions).where(eq(sessions.id, soon!.id));
      expect(unchanged).toMatchObject({ greenChannelSeats: 0, greenReleaseAt: null });
      // With a release still ahead the same seats are taken.
      const given = await operator.form(page, {
        intent: 'details',
        sessionId: soon!.id,
        greenChannelSeats: '5',
        greenReleaseDate: '2030-03-07',
        greenReleaseTime: '08:00',
      });
      expect(given.status).toBe(302);
    });

    it('refuses a green-channel release already past or after the start, on its field, and writes the year of dates in another year', async () => {
      const w = await world();
      const db = server.database.db;
      const operator = await w.browser('operator');
      const [spring] = await db
        .insert(sessions)
        .values({
          programId: w.onsite.id,
          venueId: w.venue.id,
          startsAt: shanghaiTime(2031, 4, 15, 9, 30),
          endsAt: shanghaiTime(2031, 4, 15, 11, 0),
          capacity: 50,
        })
        .returning();
      const id = spring!.id;
      const page = '/console/sessions?from=2031-04-01';
      const details = (release: Record<string, string>) =>
        operator.form(page, { intent: 'details', sessionId: id, greenChannelSeats: '5', ...release });
      const row = async () => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]!;

      const past = await details({ greenReleaseDate: '2020-05-01', greenReleaseTime: '08:00' });
      expect(past.status).toBe(422);
      const pastHtml = await past.text();
      // In the words of this form, which asks for a date and a time (not for days ahead).
      expect(pastHtml).toContain('这个开放时间已经过去');
      expect(pastHtml).toContain('请选一个将来的日期和时间');
      expect(pastHtml).not.toContain('提前天数');
      // The row's fold comes back open, the message under the release date.
      expect(pastHtml).toMatch(
        new RegExp(
          `id="release-date-${id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="release-date-${id}"`,
        ),
      );
      expect(pastHtml).toMatch(/<details class="fold session-details" open=""/);
      const late = await details({ greenReleaseDate: '2031-04-16', greenReleaseTime: '08:00' });
      expect(late.status).toBe(422);
      expect(await late.text()).toContain('开放时间须在开场之前');
      // A time whose date was cleared is not dropped for the default release without a word.
      const timeAlone = await details({ greenReleaseDate: '', greenReleaseTime: '08:00' });
      expect(timeAlone.status).toBe(400);
      const timeAloneHtml = await timeAlone.text();
      expect(timeAloneHtml).toContain('填了开放时间，也请填写开放日期');
      expect(timeAloneHtml).toMatch(
        new RegExp(
          `id="release-date-${id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="release-date-${id}"`,
        ),
      );
      expect(await row()).toMatchObject({ greenChannelSeats: 0, greenReleaseAt: null });

      const good = await details({ greenReleaseDate: '2031-04-08', greenReleaseTime: '08:00' });
      expect(good.status).toBe(302);
      const listed = await (await operator.fetch(good.headers.get('location')!)).text();
      // Next year's dates say which year; this year's do not.
      expect(listed).toContain('5 座，2031/4/8周二 08:00 前保留');
      expect(listed).toContain('2031/4/15周二 09:30–11:00');
      const thisYear = await (await operator.fetch('/console/sessions')).text();
      expect(thisYear).toContain('3/20周三 09:30–11:00');
      expect(thisYear).not.toContain('2030/3/20');

      // A release that has passed since it was set stays as it is while other details change.
      await db
        .update(sessions)
        .set({ greenChannelSeats: 5, greenReleaseAt: shanghaiTime(2030, 3, 1, 8, 0) })
        .where(eq(sessions.id, w.session.id));
      const retitled = await operator.form('/console/sessions', {
        intent: 'details',
        sessionId: w.session.id,
        greenChannelSeats: '5',
        greenReleaseDate: '2030-03-01',
        greenReleaseTime: '08:00',
        title: '春季专场',
      });
      expect(retitled.status).toBe(302);
      const [kept] = await db.select().from(sessions).where(eq(sessions.id, w.session.id));
      expect(kept).toMatchObject({ title: '春季专场', greenReleaseAt: shanghaiTime(2030, 3, 1, 8, 0) });
    });

    it('runs the console pages: programs, a recurring series, capacity, and an address change that waits for the bureau', async () => {
      const w = await world();
      const operator = await w.browser('operator');
      const home = await operator.fetch('/console');
      expect(home.status).toBe(200);
      const homeHtml = await home.text();
      expect(homeHtml).toContain('呼和浩特科技馆');
      expect(homeHtml).toMatch(/\/calendar\/venue\/[0-9a-f]{64}\.ics/);
      // Nothing booked in the next four weeks: a sentence says so, not four empty bars.
      // Its figure holds the title and that sentence only, nothing to be drawn in the browser.
      expect(parse(homeHtml).querySelector('figure.chart')?.text.trim()).toBe(
        '本周起四周，每周已预约的座位这四周还没有预约的座位。',
      );
      expect((await operator.fetch('/console/outreach')).status).toBe(200);

      // Programs: a wrong form answers in Chinese and writes nothing.
      const programsBefore = await count(programs);
      const bad = await operator.form('/console/programs', {
        intent: 'create',
        title: '',
        durationMinutes: 'long',
      });
      expect(bad.status).toBe(400);
      const badHtml = await bad.text();
      expect(badHtml).toContain('请填写此项');
      expect(badHtml).toContain('请输入数字');
      // The grades' message belongs to their group, read out on entering it.
      const gradesGroup = parse(badHtml).querySelector('fieldset:has(input[name="grades"])');
      // Named by its legend, marked required as the other required fields are (and said so to a screen reader).
      const gradesLegend = gradesGroup?.querySelector('legend');
      expect(gradesLegend?.querySelector('.field-required[aria-hidden="true"]')?.text.trim()).toBe('*');
      expect(gradesLegend?.text.replace(/\s+/g, ' ').trim()).toBe('适合年级 * (必填)');
      expect(description(badHtml, gradesGroup)).toBe('请至少选择一个年级');
      expect(await count(programs)).toBe(programsBefore);
      const good = await operator.fetch('/console/programs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ['intent', 'create'],
          ['title', '草原天文夜'],
          ['grades', '7'],
          ['grades', '8'],
          ['durationMinutes', '120'],
          ['minGroupSize', '10'],
          ['maxGroupSize', '40'],
          ['standardPricePerPupil', '12.5'],
          ['standardPricePerChaperone', '0'],
          ['delivery', 'onsite'],
          ['language', 'zh'],
        ]).toString(),
      });
      expect(good.status).toBe(302);
      const [program] = await server.database.db
        .select()
        .from(programs)
        .where(eq(programs.title, '草原天文夜'));
      expect(program).toMatchObject({ grades: [7, 8], standardPricePerPupil: 1250, maxGroupSize: 40 });

      // A weekly series on Tuesdays and Thursdays with a holiday left out.
      const series = await operator.fetch('/console/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ['intent', 'series'],
          ['programId', program!.id],
          ['firstDate', '2030-04-01'],
          ['untilDate', '2030-04-30'],
          ['startTime', '19:00'],
          ['endTime', '21:00'],
          ['frequency', 'weekly'],
          ['interval', '1'],
          ['weekdays', 'TU'],
          ['weekdays', 'TH'],
          ['exceptionDates', '2030-04-04 2030-04-30'],
          ['capacity', '40'],
          ['greenChannelSeats', '0'],
          ['greenReleaseDays', '7'],
        ]).toString(),
      });
      expect(series.status).toBe(302);
      expect(series.headers.get('location')).toContain('count=7');
      // The list starts at the series' first day, so the new sessions are in view.
      expect(series.headers.get('location')).toContain('from=2030-04-01');
      const page = await (await operator.fetch(series.headers.get('location')!)).text();
      expect(page).toContain('草原天文夜');

      // A series half a year ahead is beyond the first 91 days of the list, and found by its day.
      const later = await operator.form('/console/sessions', {
        intent: 'series',
        programId: program!.id,
        firstDate: '2030-09-02',
        untilDate: '2030-09-30',
        startTime: '19:00',
        endTime: '21:00',
        frequency: 'weekly',
        interval: '1',
        weekdays: 'MO',
        capacity: '40',
      });
      expect(later.status).toBe(302);
      expect(later.headers.get('location')).toContain('from=2030-09-02');
      const whenOf = (html: string) => [...html.matchAll(/id="session-[^"]+"/g)].length;
      const first = await (await operator.fetch('/console/sessions')).text();
      const autumn = await (await operator.fetch('/console/sessions?from=2030-09-01')).text();
      expect(autumn).toContain('2030年9月1日起 90 天的场次');
      expect(whenOf(autumn)).toBe(5);
      expect(first).toContain('未来 90 天的场次');
      expect(whenOf(first)).toBeGreaterThan(0);
      expect(first).not.toContain('9月30日');
      // Unreadable or past days show the list from today.
      for (const from of ['soon', '2029-01-01', '2030-02-30']) {
        const fallback = await operator.fetch(`/console/sessions?from=${from}`);
        expect(fallback.status).toBe(200);
        expect(await fallback.text()).toContain('未来 90 天的场次');
      }

      // Series that make no sense are refused in words, and write nothing.
      const sessionsBefore = await count(sessions);
      const series2 = (fields: Record<string, string>) =>
        operator.form('/console/sessions', {
          intent: 'series',
          programId: program!.id,
          startTime: '19:00',
          endTime: '21:00',
          frequency: 'weekly',
          interval: '1',
          weekdays: 'TU',
          capacity: '40',
          ...fields,
        });
      // The order of dates is checked with the fields (400), so it is named beside any other mistake of the form.
      const backwards = await series2({ firstDate: '2030-04-30', untilDate: '2030-04-01' });
      expect(backwards.status).toBe(400);
      expect(await backwards.text()).toContain('最后日期不能早于第一次日期');
      const noWeekday = await series2({ firstDate: '2030-04-01', untilDate: '2030-04-30', weekdays: '' });
      expect(noWeekday.status).toBe(422);
      expect(await noWeekday.text()).toContain('请至少选择一个星期几');
      const past = await series2({ firstDate: '2030-02-01', untilDate: '2030-03-30' });
      expect(past.status).toBe(422);
      // A first date a month gone: said on that date, naming the first session the series would have had.
      expect(await past.text()).toContain('这个系列的第一场（2030/2/5 19:00）');
      const garbage = await series2({
        firstDate: 'soon',
        untilDate: '2030-04-30',
        exceptionDates: 'Labour Day',
      });
      expect(garbage.status).toBe(400);
      const garbageText = await garbage.text();
      expect(garbageText).toContain('请输入有效的日期');
      // The exception days are named at their field with what could not be read, not "invalid date" per entry.
      expect(garbageText).toContain('这些例外日期无法识别：Labour Day。');
      expect(await count(sessions)).toBe(sessionsBefore);

      // Capacity below seats held: refused with the message, kept as it was.
      await holdSeats(server.database.db, w, 30);
      const refused = await operator.form('/console/sessions', {
        intent: 'capacity',
        sessionId: w.session.id,
        capacity: '20',
        greenChannelSeats: '0',
      });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain('容量不能低于已预约的座位数');
      const raised = await operator.form('/console/sessions', {
        intent: 'capacity',
        sessionId: w.session.id,
        capacity: '150',
        greenChannelSeats: '0',
      });
      expect(raised.status).toBe(302);
      const [edited] = await server.database.db.select().from(sessions).where(eq(sessions.id, w.session.id));
      expect(edited?.capacity).toBe(150);

      // Green-channel seats with their release, and an open day, from the row's "more" form.
      const details = await operator.form('/console/sessions', {
        intent: 'details',
        sessionId: w.session.id,
        greenChannelSeats: '20',
        greenReleaseDate: '2030-03-13',
        greenReleaseTime: '08:00',
        openDay: 'on',
        title: '科技节开放日',
      });
      expect(details.status).toBe(302);
      const [detailed] = await server.database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, w.session.id));
      expect(detailed).toMatchObject({ greenChannelSeats: 20, openDay: true, title: '科技节开放日' });
      expect(detailed?.greenReleaseAt?.toISOString()).toBe('2030-03-13T00:00:00.000Z');
      const tooMany = await operator.form('/console/sessions', {
        intent: 'details',
        sessionId: w.session.id,
        greenChannelSeats: '151',
        greenReleaseDate: '2030-03-13',
      });
      expect(tooMany.status).toBe(422);
      expect(await tooMany.text()).toContain('绿色通道座位不能超过容量');

      // The address: a change request; the live record and the public stay as they were.
      const [venue] = await server.database.db.select().from(venues).where(eq(venues.id, w.venue.id));
      const profile = await operator.fetch('/console/profile', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ['intent', 'save'],
          ['name', venue!.name],
          ['type', venue!.type],
          ['address', '赛罕区新华东街 18 号'],
          ['regionCode', venue!.regionCode],
          ['coordinates', ''],
          ['coordinateSystem', 'wgs84'],
          ['lat', String(venue!.lat)],
          ['lng', String(venue!.lng)],
          ['description', '新的介绍'],
          ['languages', 'zh'],
          // Typed with a Chinese input method: the number is kept half-width, the words as they are.
          ['emergencyContact', '值班室（夜间） ０４７１ ６６６６６６６'],
          ['chaperoneRatioPrimary', '10'],
          ['chaperoneRatioSecondary', '15'],
          ['bookingOpensDays', '60'],
          ['bookingClosesDays', '1'],
        ]).toString(),
      });
      expect(profile.status).toBe(302);
      expect(profile.headers.get('location')).toContain('proposed=address');
      const shown = await (await operator.fetch(profile.headers.get('location') as string)).text();
      expect(shown).toContain('关键信息的修改已提交教育局审核：地址');
      expect(shown).toContain('赛罕区新华东街 18 号');
      expect(shown).toContain('待审核');
      const [live] = await server.database.db.select().from(venues).where(eq(venues.id, w.venue.id));
      expect(live).toMatchObject({
        address: '',
        description: '新的介绍',
        emergencyContact: '值班室（夜间） 0471-6666666',
      });
      // Each box of the form says how much it takes: the opening hours as a counted text area.
      const form = parse(shown);
      expect(form.querySelector('textarea[name="openingHours"]')?.getAttribute('maxlength')).toBe('300');
      expect(form.querySelector('input[name="emergencyContact"]')?.getAttribute('maxlength')).toBe('200');
      expect(form.querySelector('input[name="phone"]')?.getAttribute('maxlength')).toBe('60');
      const queue = await (await (await w.browser('auditor')).fetch('/bureau/queue')).text();
      expect(queue).toContain('赛罕区新华东街 18 号');

      // Bad coordinates: a clear message, nothing written.
      const changesBefore = await count(venueChanges);
      const wrong = await operator.form('/console/profile', {
        intent: 'save',
        name: venue!.name,
        type: venue!.type,
        address: '',
        regionCode: venue!.regionCode,
        coordinates: '北纬四十度',
        coordinateSystem: 'gcj02',
        languages: 'zh',
        emergencyContact: '值班室',
        chaperoneRatioPrimary: '10',
        chaperoneRatioSecondary: '15',
        bookingOpensDays: '60',
        bookingClosesDays: '1',
      });
      expect(wrong.status).toBe(400);
      const wrongHtml = await wrong.text();
      expect(wrongHtml).toContain('看不懂这个坐标');
      expect(wrongHtml).toContain('北纬四十度');
      expect(await count(venueChanges)).toBe(changesBefore);

      // Other roles and other venues' operators are kept out.
      const teacher = await w.browser('teacher');
      for (const path of [
        '/console',
        '/console/profile',
        '/console/sessions',
        '/console/programs',
        '/console/commitments',
      ]) {
        expect((await teacher.fetch(path)).status, path).toBe(403);
      }
      const other = await w.browser('otherOperator');
      expect((await other.fetch(`/console/profile?venue=${w.venue.id}`)).status).toBe(403);
      const sneaky = await other.form('/console/sessions', {
        intent: 'capacity',
        sessionId: w.session.id,
        capacity: '500',
        greenChannelSeats: '0',
      });
      expect(sneaky.status).toBe(403);
      const actions = await server.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.actorUserId, w.people.operator.id));
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'program.create',
          'session_series.create',
          'session.update',
          'venue.update',
          'venue_change.propose',
        ]),
      );
    });
  });
}
