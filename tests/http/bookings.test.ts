import { and, eq, gte } from 'drizzle-orm';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { formatWhen } from '#app/domain/bookings/bookings.server.ts';
import { getFormatters } from '#app/i18n/index.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { shanghaiDay, shanghaiTime } from '#app/utils/time.ts';
import {
  accessCommitments,
  auditLog,
  bookings,
  emailOutbox,
  notifications,
  programs,
  users,
  venues,
} from '#db/schema/index.ts';
import {
  addSession,
  anotherGroup,
  type BookingWorld,
  DAY_MS,
  HOUR_MS,
  makeBookingWorld,
  requestFor,
  seatLedger,
  T0,
} from '#tests/factories/bookings.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';

const PASSWORD = 'correct horse battery';

/** The line under a booking's title: venue or school, the status badge and the next step. */
const leadOf = (html: string) => parse(html).querySelector('.page-header .lead')?.text ?? '';
const times = (text: string, word: string) => text.split(word).length - 1;
/** Headings that go more than one level deeper than the one before them (an h3 straight under the h1). */
const skippedHeadings = (html: string) =>
  parse(html)
    .querySelectorAll('h1, h2, h3, h4, h5, h6')
    .map((h) => ({ level: Number(h.tagName.slice(1)), text: h.text.trim() }))
    .filter((h, i, all) => i > 0 && h.level > (all[i - 1]?.level ?? 0) + 1)
    .map((h) => `h${h.level} ${h.text}`);

for (const driver of testDrivers) {
  describe(`bookings over HTTP [${driver}]`, () => {
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

    type Who = keyof BookingWorld['people'];

    async function world(options: Parameters<typeof makeBookingWorld>[1] = {}) {
      clock.set(T0);
      const w = await makeBookingWorld(server.database.db, options);
      const tokens = {} as Record<Who, string>;
      for (const [key, person] of Object.entries(w.people) as [Who, BookingWorld['people']['teacher']][]) {
        await server.database.db.update(users).set({ passwordHash }).where(eq(users.id, person.id));
        tokens[key] = (await createApiToken(server.database.db, person.id, 'test', { userId: null })).token;
      }
      const api = (who: Who | null, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        fetch(`${server.url}${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}),
            'Content-Type': 'application/json',
            ...headers,
          },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
      const browser = async (who: Who) => {
        const b = new Browser(server.url);
        expect((await b.signIn(w.people[who].email, PASSWORD)).status).toBe(302);
        return b;
      };
      return { ...w, api, browser, tokens };
    }

    it('books over the API: 201 with the promised price, 409 session_full with the waitlist on offer, GET, and the errors', async () => {
      const w = await world({ capacity: 50 });
      const created = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30));
      expect(created.status).toBe(201);
      const body = (await created.json()) as {
        id: string;
        status: string;
        seats: number;
        promisedPricePerPupil: number;
      };
      expect(body).toMatchObject({ status: 'requested', seats: 33, promisedPricePerPupil: 0 });

      // The teacher's notice gives the session's time as dates read on every page, not as stored ("2030-03-20 09:30").
      const inbox = await (await (await w.browser('teacher')).fetch('/inbox')).text();
      expect(inbox).toContain(getFormatters('zh').dateTime(w.session.startsAt));
      const list = /<ul class="notice-list">[\s\S]*?<\/ul>/.exec(inbox)?.[0] ?? '';
      expect(list).toContain(getFormatters('zh').dateTime(w.session.startsAt));
      expect(list).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);

      const full = await w.api('otherTeacher', '/api/v1/bookings', anotherGroup(w.session.id, 20));
      expect(full.status).toBe(409);
      expect(await full.json()).toMatchObject({ error: 'session_full', waitlistAvailable: true });

      const read = await w.api('teacher', `/api/v1/bookings/${body.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({
        id: body.id,
        status: 'requested',
        pupils: 30,
        actions: ['cancel'],
      });
      expect((await w.api('operator', `/api/v1/bookings/${body.id}`)).status).toBe(200);
      expect((await w.api('otherOperator', `/api/v1/bookings/${body.id}`)).status).toBe(404);
      expect((await w.api('priorityTeacher', `/api/v1/bookings/${body.id}`)).status).toBe(404);
      expect((await w.api(null, `/api/v1/bookings/${body.id}`)).status).toBe(401);

      const invalid = await w.api('teacher', '/api/v1/bookings', {
        sessionId: w.session.id,
        grade: 5,
        pupils: -1,
      });
      expect(invalid.status).toBe(400);
      const invalidBody = (await invalid.json()) as { error: string; fields: Record<string, string> };
      expect(invalidBody.error).toBe('invalid_request');
      expect(Object.keys(invalidBody.fields).sort()).toEqual(['chaperones', 'pupils']);
      expect((await w.api('teacher', '/api/v1/bookings', '{not json')).status).toBe(400);
      expect((await w.api(null, '/api/v1/bookings', requestFor(w.session.id, 5))).status).toBe(401);
      expect((await w.api('operator', '/api/v1/bookings', requestFor(w.session.id, 5))).status).toBe(403);
      const ratio = await w.api(
        'teacher',
        '/api/v1/bookings',
        { ...requestFor(w.session.id, 10), chaperones: 0 },
        {
          'Accept-Language': 'en',
        },
      );
      expect(ratio.status).toBe(422);
      expect(await ratio.json()).toMatchObject({
        error: 'too_few_chaperones',
        message: 'Too few adults: at least one per 10 pupils, so this group needs at least 1.',
        fields: { chaperones: expect.any(String) },
      });
      const both = await w.api('teacher', '/api/v1/bookings', {
        ...requestFor(w.session.id, 250),
        chaperones: 1,
      });
      expect(both.status).toBe(422);
      const bothBody = (await both.json()) as { error: string; fields: Record<string, string> };
      expect(bothBody.error).toBe('group_too_large');
      // Every wrong field at once: the school booked this session above, and this request does not say it is another group.
      expect(Object.keys(bothBody.fields).sort()).toEqual(['anotherGroup', 'chaperones', 'pupils']);
      expect((await w.api('teacher', '/api/v1/bookings', requestFor(crypto.randomUUID(), 5))).status).toBe(
        404,
      );
      expect(await w.api('teacher', '/api/v1/bookings/not-a-uuid').then((r) => r.status)).toBe(404);

      // A body not sent as JSON is refused by its header (415, the header named), not parsed as if it were; a step
      // that takes no body needs no header. Nothing is written.
      const countBookings = async () => (await server.database.db.select().from(bookings)).length;
      const before = await countBookings();
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const sent = await w.api(
          'teacher',
          '/api/v1/bookings',
          requestFor(w.session.id, 5, { anotherGroup: true }),
          {
            'Content-Type': type,
          },
        );
        expect(sent.status, type).toBe(415);
        expect(await sent.json()).toMatchObject({
          error: 'unsupported_media_type',
          message: expect.stringContaining('Content-Type: application/json'),
        });
      }
      expect(await countBookings()).toBe(before);
      // A step's body is read as the booking's is: broken or nested past reason answers 400 before anything walks it.
      const deep = `${'{"reason":'.repeat(40)}"x"${'}'.repeat(40)}`;
      for (const [sent, message] of [
        ['{"reason": ', 'JSON'],
        [deep, '嵌套层数过多'],
      ] as const) {
        const step = await w.api('teacher', `/api/v1/bookings/${body.id}/cancel`, sent);
        expect(step.status).toBe(400);
        expect(await step.json()).toMatchObject({
          error: 'invalid_json',
          message: expect.stringContaining(message),
        });
      }
      expect((await w.api('teacher', `/api/v1/bookings/${body.id}`).then((r) => r.json())).status).toBe(
        body.status,
      );
      // A charset parameter is JSON still: the body is read (and here found wanting), not refused by its header.
      const charset = await w.api(
        'teacher',
        '/api/v1/bookings',
        { sessionId: w.session.id },
        { 'Content-Type': 'application/json; charset=utf-8' },
      );
      expect(charset.status).toBe(400);
      expect(await charset.json()).toMatchObject({
        error: 'invalid_request',
        fields: { pupils: expect.any(String) },
      });
      // An unknown session with a token that is not valid: 401 first.
      const unknown = await fetch(`${server.url}/api/v1/sessions/${crypto.randomUUID()}`, {
        headers: { Authorization: 'Bearer bogus' },
      });
      expect(unknown.status).toBe(401);
      // A token sent to a public endpoint is checked too: one that is not valid answers 401, not the public answer.
      for (const path of ['/api/v1/sessions', '/api/v1/regions', `/api/v1/sessions/${w.session.id}`]) {
        const bogus = await fetch(`${server.url}${path}`, { headers: { Authorization: 'Bearer bogus' } });
        expect(bogus.status, path).toBe(401);
        expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
      }
    });

    it('says on the trip page when the venue sits at its 旗县 seat, and shows no map when its place is unknown', async () => {
      const w = await world();
      const created = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 20));
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const teacher = await w.browser('teacher');
      const page = async () => parse(await (await teacher.fetch(`/trips/${id}`)).text());
      const exact = await page();
      expect(exact.querySelector('[data-testid="venue-place"]')).toBeNull();
      expect(exact.querySelector('figure.points-map')).not.toBeNull();

      await server.database.db
        .update(venues)
        .set({ address: '', locationApproximate: true })
        .where(eq(venues.id, w.venue.id));
      const approximate = await page();
      expect(approximate.querySelector('[data-testid="venue-place"]')?.textContent).toContain('位置为近似');
      expect(approximate.querySelector('figure.points-map')).not.toBeNull();
      expect(approximate.textContent).toContain('地图上标的是场馆所在旗县或盟市的驻地，不是场馆本身');

      await server.database.db.update(venues).set({ regionCode: '150000' }).where(eq(venues.id, w.venue.id));
      const unknown = await page();
      expect(unknown.querySelector('[data-testid="venue-place"]')?.textContent).toContain('位置待核实');
      expect(unknown.querySelector('figure.points-map')).toBeNull();
    });

    it('pages the inbox: a busy operator reaches the oldest notice, a page past the end goes to the last one', async () => {
      const w = await world();
      const operator = w.people.operator.id;
      // 65 notices a minute apart: three pages of 30, the oldest alone at the end.
      await server.database.db.insert(notifications).values(
        Array.from({ length: 65 }, (_, i) => ({
          userId: operator,
          kind: 'password_changed',
          dedupeKey: `inbox-page:${operator}:${i}`,
          link: `/account?n=${i}`,
          createdAt: new Date(T0.getTime() - (65 - i) * 60_000),
        })),
      );
      const browser = await w.browser('operator');
      const links = (html: string) =>
        parse(html)
          .querySelectorAll('.notice-list a')
          .map((a) => a.getAttribute('href'));
      const first = await (await browser.fetch('/inbox')).text();
      expect(links(first)).toHaveLength(30);
      expect(links(first)[0]).toBe('/account?n=64');
      const pager = parse(first).querySelector('nav.pager');
      expect(pager?.text).toContain('第 1 / 3 页');
      expect(pager?.querySelector('a')?.getAttribute('href')).toBe('/inbox?page=2');
      // The button to mark all read stays while any notice is unread, also one on a later page only.
      expect(first).toContain('全部标为已读');
      await server.database.db
        .update(notifications)
        .set({ readAt: T0 })
        .where(
          and(
            eq(notifications.userId, operator),
            gte(notifications.createdAt, new Date(T0.getTime() - 30 * 60_000)),
          ),
        );
      const firstRead = await (await browser.fetch('/inbox')).text();
      expect(parse(firstRead).querySelectorAll('.notice-unread')).toHaveLength(0);
      expect(firstRead).toContain('全部标为已读');
      const last = await (await browser.fetch('/inbox?page=3')).text();
      expect(links(last)).toEqual([
        '/account?n=4',
        '/account?n=3',
        '/account?n=2',
        '/account?n=1',
        '/account?n=0',
      ]);
      const seen = new Set([
        ...links(first),
        ...links(await (await browser.fetch('/inbox?page=2')).text()),
        ...links(last),
      ]);
      expect(seen.size).toBe(65);
      const past = await browser.fetch('/inbox?page=9', { redirect: 'manual' });
      expect(past.status).toBe(302);
      expect(past.headers.get('location')).toBe('/inbox?page=3');
      // A page that is not a number is named and the first page shown, not an error.
      const wrong = await browser.fetch('/inbox?page=abc');
      expect(wrong.status).toBe(200);
      const wrongHtml = await wrong.text();
      expect(links(wrongHtml)[0]).toBe('/account?n=64');
      expect(wrongHtml).toContain('页码');
    });

    it('runs the whole flow over the API: confirm, cancel by the venue with the waitlist moving up, attendance with a flag', async () => {
      const w = await world({ capacity: 60 });
      const a = (await (await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30))).json()) as {
        id: string;
      };
      const waiting = await w.api(
        'otherTeacher',
        '/api/v1/bookings',
        anotherGroup(w.session.id, 30, { waitlist: true }),
      );
      expect(waiting.status).toBe(201);
      const b = (await waiting.json()) as { id: string; status: string };
      expect(b.status).toBe('waitlisted');
      // The trip page says which seats a booking holds under one label: a waitlisted group's are not held yet.
      const seatsOf = async (who: 'teacher' | 'otherTeacher', id: string) => {
        const page = parse(await (await (await w.browser(who)).fetch(`/trips/${id}`)).text());
        const dt = page.querySelectorAll('dt').find((d) => /名额/.test(d.textContent));
        return `${dt?.textContent}：${dt?.nextElementSibling?.textContent}`;
      };
      expect(await seatsOf('teacher', a.id)).toBe('名额：33');
      expect(await seatsOf('otherTeacher', b.id)).toBe('名额：33（候补中，尚未占用）');

      expect((await w.api('teacher', `/api/v1/bookings/${a.id}/confirm`, {})).status).toBe(403);
      const confirmed = await w.api('operator', `/api/v1/bookings/${a.id}/confirm`, '');
      expect(confirmed.status).toBe(200);
      expect(await confirmed.json()).toEqual({ id: a.id, status: 'confirmed' });
      expect((await w.api('operator', `/api/v1/bookings/${a.id}/confirm`, {})).status).toBe(409);
      // A step the caller never takes stays forbidden (403) once the booking has moved on, not a 409 that invites a
      // retry: a teacher confirming.
      const byTeacher = await w.api('teacher', `/api/v1/bookings/${a.id}/confirm`, {});
      expect(byTeacher.status).toBe(403);
      expect((await byTeacher.json()).error).toBe('not_allowed');
      expect((await w.api('operator', `/api/v1/bookings/${a.id}/explode`, {})).status).toBe(404);

      expect((await w.api('operator', `/api/v1/bookings/${a.id}/cancel`, {})).status).toBe(400);
      const cancelled = await w.api('operator', `/api/v1/bookings/${a.id}/cancel`, { reason: '展厅维修' });
      expect(await cancelled.json()).toEqual({ id: a.id, status: 'cancelled' });
      expect(await seatsOf('teacher', a.id)).toBe('名额：33（已释放）');
      expect(
        ((await (await w.api('otherTeacher', `/api/v1/bookings/${b.id}`)).json()) as { status: string })
          .status,
      ).toBe('requested');
      expect((await w.api('operator', `/api/v1/bookings/${b.id}/confirm`, {})).status).toBe(200);

      const visit = {
        attendedPupils: 29,
        attendedChaperones: 3,
        chargedPricePerPupil: 500,
        chargedPricePerChaperone: 3000,
      };
      const early = await w.api('operator', `/api/v1/bookings/${b.id}/attendance`, visit);
      expect(early.status).toBe(409);
      expect(await early.json()).toMatchObject({ error: 'not_yet_held' });
      clock.set(new Date(T0.getTime() + 11 * DAY_MS));
      const recorded = await w.api('operator', `/api/v1/bookings/${b.id}/attendance`, visit);
      expect(await recorded.json()).toEqual({ id: b.id, status: 'attended', priceFlagged: true });
      // The venue finds the flagged visit again among those recorded lately, marked, with a link to it.
      const inbox = parse(await (await (await w.browser('operator')).fetch('/console/bookings')).text());
      const section = inbox.querySelector('section[aria-labelledby="inbox-recorded"]');
      expect(section?.querySelector('h2')?.textContent).toBe('已记录的到访（近 180 天）');
      const item = section?.querySelector(`a[href="/console/bookings/${b.id}"]`)?.closest('li');
      expect(item?.textContent).toContain('实收高于承诺');
      expect(await seatLedger(server.database.db, w.session.id)).toMatchObject({ held: 0, sum: 0 });

      // The school rates the trip once; the venue does not rate itself.
      expect((await w.api('operator', `/api/v1/bookings/${b.id}/feedback`, { rating: 5 })).status).toBe(403);
      const badRating = await w.api('otherTeacher', `/api/v1/bookings/${b.id}/feedback`, { rating: 9 });
      expect(badRating.status).toBe(400);
      expect((await badRating.json()).fields).toHaveProperty('rating');
      const rated = await w.api('otherTeacher', `/api/v1/bookings/${b.id}/feedback`, {
        rating: 4,
        feedback: '很好',
      });
      expect(await rated.json()).toEqual({ id: b.id, status: 'attended' });
      const again = await w.api('otherTeacher', `/api/v1/bookings/${b.id}/feedback`, { rating: 1 });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: 'feedback_given' });
      const seen = await (await w.api('operator', `/api/v1/bookings/${b.id}`)).json();
      expect(seen.feedback).toMatchObject({ rating: 4, text: '很好' });
    });

    it('honours Idempotency-Key: replay, 422 for another body, per person, and a new key books again after a cancel', async () => {
      const w = await world();
      const key = { 'Idempotency-Key': '"9a3c2b1e-0000-4000-8000-000000000001"' };
      const first = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30), key);
      expect(first.status).toBe(201);
      const firstBody = await first.json();
      const replay = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30), key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual(firstBody);
      const other = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 31), key);
      expect(other.status).toBe(422);
      expect(await other.json()).toMatchObject({ error: 'idempotency_key_reused' });
      expect(
        (await w.api('otherTeacher', '/api/v1/bookings', anotherGroup(w.session.id, 31), key)).status,
      ).toBe(201);
      expect(
        (
          await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 5), {
            'Idempotency-Key': 'has space',
          })
        ).status,
      ).toBe(400);
      // Twenty retries of one request at once: one booking, every answer the same or "in flight".
      const burstKey = { 'Idempotency-Key': 'burst-1' };
      const burst = await Promise.all(
        Array.from({ length: 20 }, () =>
          w.api('priorityTeacher', '/api/v1/bookings', requestFor(w.session.id, 10), burstKey),
        ),
      );
      expect(burst.every((r) => r.status === 201 || r.status === 409)).toBe(true);
      const made = await server.database.db
        .select()
        .from(bookings)
        .where(eq(bookings.teacherId, w.people.priorityTeacher.id));
      expect(made).toHaveLength(1);

      const { id } = firstBody as { id: string };
      expect((await w.api('teacher', `/api/v1/bookings/${id}/cancel`, { reason: '改期' })).status).toBe(200);
      // (The colleague's class is still booked: this is another group.)
      const again = await w.api('teacher', '/api/v1/bookings', anotherGroup(w.session.id, 30), {
        'Idempotency-Key': 'after-cancel',
      });
      expect(again.status).toBe(201);
      expect(((await again.json()) as { id: string }).id).not.toBe(id);
    });

    it('asks a school that has booked a session whether a new request is another group: 409 already_booked, replays, ten at once, the form’s box', async () => {
      const w = await world();
      const key = { 'Idempotency-Key': 'first-tab' };
      const first = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30), key);
      expect(first.status).toBe(201);
      const { id } = (await first.json()) as { id: string };
      // The same submission retried gets its own answer, not a refusal as a second booking.
      const replay = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30), key);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(id);
      const colleague = await w.api('otherTeacher', '/api/v1/bookings', requestFor(w.session.id, 25), {
        'Accept-Language': 'en',
      });
      expect(colleague.status).toBe(409);
      expect(await colleague.json()).toEqual({
        error: 'already_booked',
        message: expect.stringContaining(
          'Your school already has a booking for this session (30 pupils, status: Requested).',
        ),
        fields: { anotherGroup: expect.any(String) },
        existing: [{ id, pupils: 30, status: 'requested', needsSchoolApproval: false }],
      });
      const second = await w.api('otherTeacher', '/api/v1/bookings', anotherGroup(w.session.id, 25));
      expect(second.status).toBe(201);

      // Ten requests of one school at once, none saying it is another group: exactly one booking.
      const session = await addSession(server.database.db, w, 12);
      const who = ['teacher', 'otherTeacher', 'schoolAdmin'] as const;
      const burst = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          w.api(who[i % 3]!, '/api/v1/bookings', requestFor(session.id, 10), {
            'Idempotency-Key': `burst-${i}`,
          }),
        ),
      );
      expect(burst.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      for (const answer of burst.filter((r) => r.status === 409)) {
        expect(await answer.json()).toMatchObject({ error: 'already_booked' });
      }
      const made = await server.database.db.select().from(bookings).where(eq(bookings.sessionId, session.id));
      expect(made).toHaveLength(1);

      // The form says so, and takes a second booking only with the box ticked.
      const teacher = await w.browser('teacher');
      const html = await (await teacher.fetch(`/sessions/${session.id}/book`)).text();
      expect(html).toContain('本校已有这个场次的预约（10 名学生，已申请）');
      // Said once, right above the box it asks to tick, and said once again after a refusal (on the box).
      expect(times(parse(html).querySelector('main')?.text ?? '', '本校已有这个场次的预约')).toBe(1);
      const warning = parse(html)
        .querySelectorAll('form .alert')
        .find((a) => a.text.includes('本校已有'));
      expect(warning?.nextElementSibling?.querySelector('input[name="anotherGroup"]')).not.toBeNull();
      expect(html).toContain('这是本校的另一个班级/团体');
      expect(parse(html).querySelector('input[name="anotherGroup"]')).not.toBeNull();
      const fields = {
        idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] as string,
        grade: '5',
        pupils: '20',
        chaperones: '2',
        contactPhone: '13800001234',
      };
      const unticked = await teacher.form(`/sessions/${session.id}/book`, fields);
      expect(unticked.status).toBe(409);
      const refusedPage = parse(await unticked.text());
      const box = refusedPage.querySelector('input[name="anotherGroup"]');
      expect(box?.getAttribute('aria-invalid')).toBe('true');
      expect(refusedPage.getElementById(box?.getAttribute('aria-describedby') ?? '')?.text).toContain(
        '如果这次是本校的另一个班级/团体，请确认“这是本校的另一个班级/团体”后再提交',
      );
      expect(times(refusedPage.querySelector('main')?.text ?? '', '本校已有这个场次的预约')).toBe(1);
      // What was typed comes back.
      expect(refusedPage.querySelector('input[name="pupils"]')?.getAttribute('value')).toBe('20');
      const nextKey = /name="idempotencyKey" value="([^"]+)"/.exec(refusedPage.toString())?.[1] as string;
      const ticked = await teacher.form(`/sessions/${session.id}/book`, {
        ...fields,
        idempotencyKey: nextKey,
        anotherGroup: 'on',
      });
      expect(ticked.status).toBe(302);
      expect(
        await server.database.db.select().from(bookings).where(eq(bookings.sessionId, session.id)),
      ).toHaveLength(2);
      // A session the school has not booked asks nothing.
      const fresh = await addSession(server.database.db, w, 13);
      const freshPage = await (await teacher.fetch(`/sessions/${fresh.id}/book`)).text();
      expect(freshPage).not.toContain('本校已有这个场次的预约');
      expect(parse(freshPage).querySelector('input[name="anotherGroup"]')).toBeNull();
    });

    it('shows the answer deadline by day, 21:00 the evening before the session, and closes requests 12 h before it', async () => {
      // T0 is 10:00; the session starts at 16:00 tomorrow.
      const w = await world({ sessionDays: 30 / 24 });
      // The venue takes requests up to the start; those that wait for its answer close 12 h before, at 04:00.
      await server.database.db.update(venues).set({ bookingClosesDays: 0 }).where(eq(venues.id, w.venue.id));
      const answerBy = new Date(w.session.startsAt.getTime() - 12 * HOUR_MS);
      const format = getFormatters('zh');
      const teacher = await w.browser('teacher');
      const form = await (await teacher.fetch(`/sessions/${w.session.id}/book`)).text();
      expect(form).toContain(`至 ${format.dateTime(answerBy)}`);
      expect(form).toContain('预约申请须在活动开始 12 小时前得到答复');
      const created = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30));
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      // 04:00 is at night: the venue is asked to answer by 21:00 this evening, and every page says so.
      const heldUntil = shanghaiTime(2030, 3, 4, 21, 0);
      const trip = await (await teacher.fetch(`/trips/${id}`)).text();
      expect(trip).toContain('名额保留至');
      expect(trip).toContain(format.dateTime(heldUntil));
      const read = (await (await w.api('teacher', `/api/v1/bookings/${id}`)).json()) as { holdUntil: string };
      expect(read.holdUntil).toBe(heldUntil.toISOString());
      const inbox = await (await teacher.fetch('/inbox')).text();
      expect(inbox).toContain(format.dateTime(heldUntil));

      // At 22:00 that evening has passed: requests are still taken, as the page says, and answered by 04:00.
      clock.set(shanghaiTime(2030, 3, 4, 22, 0));
      const evening = await w.browser('otherTeacher');
      expect(
        parse(await (await evening.fetch(`/sessions/${w.session.id}/book`)).text()).querySelector(
          'input[name="pupils"]',
        ),
      ).not.toBeNull();
      const taken = await w.api('otherTeacher', '/api/v1/bookings', {
        ...requestFor(w.session.id, 10),
        anotherGroup: true,
      });
      expect(taken.status).toBe(201);
      const { id: eveningId } = (await taken.json()) as { id: string };
      const eveningRead = (await (await w.api('otherTeacher', `/api/v1/bookings/${eveningId}`)).json()) as {
        holdUntil: string;
      };
      expect(eveningRead.holdUntil).toBe(answerBy.toISOString());

      // Eleven hours before the start no answer could come in time: the page offers no form, the API says why.
      clock.set(new Date(w.session.startsAt.getTime() - 11 * HOUR_MS));
      const late = await w.browser('priorityTeacher');
      const latePage = await (await late.fetch(`/sessions/${w.session.id}/book`)).text();
      // Closed for good, and said so with the moment it closed: not "at the moment", which invites coming back.
      expect(latePage).toContain(`这个场次的预约已于 ${format.dateTime(answerBy)} 截止，不能再预约。`);
      expect(latePage).toContain('接下来的场次');
      expect(latePage).not.toContain('目前不能预约');
      // A session whose window opens later says when to come back, and offers no form yet.
      const ahead = await addSession(server.database.db, w, 90);
      const early = await (await late.fetch(`/sessions/${ahead.id}/book`)).text();
      const opens = new Date(ahead.startsAt.getTime() - 60 * DAY_MS);
      expect(early).toContain(`这个场次的预约还没开放，${format.dateTime(opens)} 起可以预约。`);
      expect(parse(early).querySelector('input[name="pupils"]')).toBeNull();
      const refused = await w.api('priorityTeacher', '/api/v1/bookings', requestFor(w.session.id, 10));
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({
        error: 'request_too_late',
        message: expect.stringContaining(`要在活动开始 12 小时前（${formatWhen(answerBy)}）`),
      });
    });

    it('books through the form once however often it is sent, shows refusals in words, and the venue confirms through its page', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const page = await teacher.fetch(`/sessions/${w.session.id}/book`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
      expect(key).toBeTruthy();
      expect(html).toContain('草原文明展导览');
      expect(html).not.toMatch(/学生姓名"/);
      // The browser may fill in the teacher's own name and phone number (WCAG 1.3.5).
      const form = parse(html);
      expect(form.querySelector('input[name="contactName"]')?.getAttribute('autocomplete')).toBe('name');
      expect(form.querySelector('input[name="contactPhone"]')?.getAttribute('autocomplete')).toBe('tel');

      const bad = await teacher.form(`/sessions/${w.session.id}/book`, {
        idempotencyKey: 'x'.repeat(20),
        grade: '5',
        pupils: '30',
        chaperones: '1',
        contactPhone: '13800001234',
      });
      // The status the API gives the same refusal (422: the form breaks a rule; 409 is for a full session).
      expect(bad.status).toBe(422);
      const badPage = await bad.text();
      expect(badPage).toContain('陪同成人太少');
      // Without JavaScript the page comes back with what was typed.
      expect(badPage).toMatch(/name="pupils"[^>]*value="30"|value="30"[^>]*name="pupils"/);
      // A group too large with too few adults learns both in one answer, each on its field.
      const twice = await teacher.form(`/sessions/${w.session.id}/book`, {
        idempotencyKey: 'y'.repeat(20),
        grade: '5',
        pupils: '250',
        chaperones: '1',
        contactPhone: '13800001234',
      });
      const twicePage = parse(await twice.text());
      expect(twicePage.querySelector('#f-pupils-error')?.textContent).toContain('200');
      expect(twicePage.querySelector('#f-chaperones-error')?.textContent).toContain('陪同成人太少');
      // A phone the form cannot read does not hide what the program says of the group: all in one answer.
      const thrice = await teacher.form(`/sessions/${w.session.id}/book`, {
        idempotencyKey: 'v'.repeat(20),
        grade: '2',
        pupils: '250',
        chaperones: '1',
        contactPhone: '138 0047',
      });
      expect(thrice.status).toBe(400);
      const thricePage = parse(await thrice.text());
      expect(thricePage.querySelector('#f-contactPhone-error')?.textContent).toContain('11 位手机号');
      expect(thricePage.querySelector('#f-grade-error')?.textContent).toBeTruthy();
      expect(thricePage.querySelector('#f-pupils-error')?.textContent).toContain('200');
      expect(thricePage.querySelector('#f-chaperones-error')?.textContent).toContain('陪同成人太少');
      const garbage = await teacher.form(`/sessions/${w.session.id}/book`, {
        grade: 'abc',
        pupils: '-3',
        chaperones: 'x',
      });
      expect(garbage.status).toBe(400);
      // The account has no mobile number: the phone is asked for in the same answer as the other mistakes.
      const garbagePage = parse(await garbage.text());
      expect(garbagePage.querySelector('#f-contactPhone-error')?.textContent).toContain(
        '请留下带队教师的电话',
      );
      expect(garbagePage.querySelector('#f-pupils-error')).not.toBeNull();
      const noPhone = await teacher.form(`/sessions/${w.session.id}/book`, {
        idempotencyKey: 'w'.repeat(20),
        grade: '5',
        pupils: '30',
        chaperones: '3',
        contactPhone: '  ',
      });
      expect(noPhone.status).toBe(400);
      expect(await noPhone.text()).toContain('活动当天场馆要能联系到带队的人');
      // An account with a mobile number finds it filled in (and a blank falls back to it, as the API's does).
      await server.database.db
        .update(users)
        .set({ mobile: '13912345678' })
        .where(eq(users.id, w.people.teacher.id));
      const prefilled = parse(await (await teacher.fetch(`/sessions/${w.session.id}/book`)).text());
      expect(prefilled.querySelector('input[name="contactPhone"]')?.getAttribute('value')).toBe(
        '13912345678',
      );
      await server.database.db.update(users).set({ mobile: null }).where(eq(users.id, w.people.teacher.id));
      expect(
        await server.database.db.select().from(bookings).where(eq(bookings.sessionId, w.session.id)),
      ).toHaveLength(0);

      const fields = {
        idempotencyKey: key as string,
        grade: '5',
        pupils: '30',
        chaperones: '3',
        contactPhone: '13800001234',
        notes: '两名学生使用轮椅',
      };
      const sent = await Promise.all([
        teacher.form(`/sessions/${w.session.id}/book`, fields),
        teacher.form(`/sessions/${w.session.id}/book`, fields),
      ]);
      const locations = sent.map((r) => r.headers.get('location'));
      expect(sent.some((r) => r.status === 302)).toBe(true);
      const rows = await server.database.db
        .select()
        .from(bookings)
        .where(eq(bookings.sessionId, w.session.id));
      expect(rows).toHaveLength(1);
      expect(locations.filter(Boolean).every((l) => l === `/trips/${rows[0]!.id}?done=booked`)).toBe(true);
      const again = await teacher.form(`/sessions/${w.session.id}/book`, fields);
      expect(again.headers.get('location')).toBe(`/trips/${rows[0]!.id}?done=booked`);
      // The e-mails a form sends link to the site in full, clickable in a mail program, though no PUBLIC_URL is set;
      // the venue's counts pupils and seats apart.
      const mails = (await server.database.db.select().from(emailOutbox)).map((m) => m.body);
      const toVenue = mails.find((body) => body.includes(`/console/bookings/${rows[0]!.id}`));
      expect(toVenue).toMatch(new RegExp(`^http://localhost:\\d+/console/bookings/${rows[0]!.id}$`, 'm'));
      expect(toVenue).toContain('30 名学生，连同陪同成人共 33 个名额');
      expect(mails.find((body) => body.includes(`/trips/${rows[0]!.id}`))).toMatch(
        new RegExp(`^http://localhost:\\d+/trips/${rows[0]!.id}$`, 'm'),
      );

      const trips = await (await teacher.fetch('/trips')).text();
      expect(trips).toContain('草原文明展导览');
      expect(trips).toContain('等待场馆确认');
      // The school's calendar is one step away for a teacher too, and shows the trip on its day.
      expect(parse(trips).querySelector('.page-actions a[href="/school/calendar"]')?.text).toBe('学校日历');
      expect(
        await (
          await teacher.fetch(`/school/calendar?month=${shanghaiDay(w.session.startsAt).slice(0, 7)}`)
        ).text(),
      ).toContain('草原文明展导览');

      const operator = await w.browser('operator');
      const inbox = await (await operator.fetch('/console/bookings')).text();
      expect(inbox).toContain('赛罕区实验小学');

      // Each reason box sits under the heading of its own step, so a reason for declining is never taken for one
      // for cancelling; what follows is told from the reader's side.
      const requestedTrip = await (await teacher.fetch(`/trips/${rows[0]!.id}`)).text();
      // The step's name is plain text in its <summary> (a heading there is dropped by screen readers), and the
      // trip's facts carry the page's h2.
      expect(requestedTrip).toContain('<summary><span id="cancel-title">取消这次预约</span></summary>');
      expect(parse(requestedTrip).querySelectorAll('summary h2, summary h3')).toEqual([]);
      expect(parse(requestedTrip).querySelector('main h2')?.text).toBe('行程详情');
      expect(skippedHeadings(requestedTrip)).toEqual([]);
      expect(requestedTrip).toContain('名额会让给其他学校');
      expect(requestedTrip).toContain('for="cancel-reason">取消原因<');
      expect(requestedTrip).not.toContain('decline-title');
      // A request waiting for the venue is declined (in a fold of its own, under a ticked box), not also cancelled.
      const pending = await (await operator.fetch(`/console/bookings/${rows[0]!.id}`)).text();
      expect(pending).toContain('<summary><span id="decline-title">婉拒这次预约</span></summary>');
      expect(pending).toContain('for="decline-reason">婉拒原因（会告诉预约教师）<');
      expect(pending).toContain('我确定婉拒这次预约');
      expect(pending).not.toContain('cancel-title');
      expect(parse(pending).querySelectorAll('summary h2')).toEqual([]);
      expect(skippedHeadings(pending)).toEqual([]);
      // A decline sent without the box (a slip of the finger) changes nothing and says what is missing.
      const slip = await operator.form(`/console/bookings/${rows[0]!.id}`, {
        intent: 'decline',
        reason: '当天闭馆检修',
      });
      expect(slip.status).toBe(400);
      const slipPage = parse(await slip.text());
      expect(slipPage.querySelector('#decline-confirm-error')?.text).toBe('请先勾选上面这一项，以示确认。');
      // The reason stays typed, also for a page drawn afresh (a browser without JavaScript).
      expect(slipPage.querySelector('#decline-reason')?.text).toBe('当天闭馆检修');
      // Nor without a reason: the teacher is told why, so the box alone does not turn a school away.
      const noWhy = await operator.form(`/console/bookings/${rows[0]!.id}`, {
        intent: 'decline',
        reason: '  ',
        confirm: 'yes',
      });
      expect(noWhy.status).toBe(400);
      expect(parse(await noWhy.text()).querySelector('#decline-reason-error')?.text).toContain('请填写此项');
      const [stillRequested] = await server.database.db
        .select()
        .from(bookings)
        .where(eq(bookings.id, rows[0]!.id));
      expect(stillRequested?.status).toBe('requested');
      const confirm = await operator.form(`/console/bookings/${rows[0]!.id}`, { intent: 'confirm' });
      expect(confirm.headers.get('location')).toBe(`/console/bookings/${rows[0]!.id}?done=confirm`);
      // The venue is told what it has to do next, and the calendar link names the calendar it opens.
      const confirmedDesk = await (await operator.fetch(`/console/bookings/${rows[0]!.id}`)).text();
      expect(confirmedDesk).toContain('等待到访；活动开始后即可记录到访人数和收费');
      // The status shows once: in its badge, not again at the head of the next step.
      expect(times(leadOf(confirmedDesk), '已确认')).toBe(1);
      expect(confirmedDesk).not.toContain('按时带队前往');
      expect(confirmedDesk).toContain('订阅场馆日历');
      expect(confirmedDesk).not.toContain('订阅学校日历');
      // Once confirmed, the venue can only cancel, with a reason and a ticked box.
      expect(confirmedDesk).toContain('<summary><span id="cancel-title">取消这次预约</span></summary>');
      expect(confirmedDesk).toContain('预约教师和学校管理员会收到通知和取消原因');
      expect(confirmedDesk).toContain('for="cancel-reason">取消原因<');
      expect(confirmedDesk).not.toContain('decline-title');
      // The operator's inbox still holds the request that asked for an answer; it now says it was dealt with.
      const operatorInbox = parse(await (await operator.fetch('/inbox')).text());
      const requestNotice = operatorInbox
        .querySelectorAll('.notice')
        .find((li) => li.querySelector(`a[href="/console/bookings/${rows[0]!.id}"]`));
      expect(requestNotice?.querySelector('.notice-handled')?.text).toBe('已处理，现在：已确认');
      // "已确认。" is said after the redirect, not again while the page answers a cancel sent without its reason, nor
      // for a value of done the site never sends.
      const withDone = await (await operator.fetch(`/console/bookings/${rows[0]!.id}?done=confirm`)).text();
      expect(withDone).toContain('已确认。');
      const noReason = await operator.form(`/console/bookings/${rows[0]!.id}?done=confirm`, {
        intent: 'cancel',
        reason: '',
        confirm: 'yes',
      });
      expect(noReason.status).toBe(400);
      expect(await noReason.text()).not.toContain('已确认。');
      const odd = await (await operator.fetch(`/console/bookings/${rows[0]!.id}?done=explode`)).text();
      expect(odd).not.toContain('bookings.action.done');
      const confirmedTrip = await (await teacher.fetch(`/trips/${rows[0]!.id}`)).text();
      expect(confirmedTrip).toContain('按时带队前往');
      expect(times(leadOf(confirmedTrip), '已确认')).toBe(1);
      expect(confirmedTrip).toContain('订阅学校日历');
      const groups = await (await operator.fetch(`/console/bookings/sessions/${w.session.id}`)).text();
      expect(groups).toContain('赛罕区实验小学');
      expect((await operator.fetch(`/console/bookings/sessions/${crypto.randomUUID()}`)).status).toBe(404);
      expect((await teacher.fetch(`/console/bookings/${rows[0]!.id}`)).status).toBe(403);
      const stranger = await w.browser('otherOperator');
      expect((await stranger.fetch(`/console/bookings/${rows[0]!.id}`)).status).toBe(404);

      clock.set(new Date(T0.getTime() + 11 * DAY_MS));
      // Eleven days on, the sign-in has lapsed: sign in again.
      const later = await w.browser('operator');
      const wrong = await later.form(`/console/bookings/${rows[0]!.id}`, {
        intent: 'attendance',
        attendedPupils: '28',
        attendedChaperones: '3',
        chargedPricePerPupil: '十元',
        chargedPricePerChaperone: '0',
      });
      expect(wrong.status).toBe(400);
      expect(await wrong.text()).toContain('请输入金额');
      const recorded = await later.form(`/console/bookings/${rows[0]!.id}`, {
        intent: 'attendance',
        attendedPupils: '28',
        attendedChaperones: '3',
        chargedPricePerPupil: '0',
        chargedPricePerChaperone: '30',
      });
      expect(recorded.status).toBe(302);
      const [after] = await server.database.db.select().from(bookings).where(eq(bookings.id, rows[0]!.id));
      expect(after).toMatchObject({
        status: 'attended',
        attendedPupils: 28,
        chargedPricePerChaperone: 3000,
        priceFlagged: false,
      });
      // A correction starts from what was recorded.
      const correction = await (await later.fetch(`/console/bookings/${rows[0]!.id}`)).text();
      expect(correction).toMatch(/name="attendedPupils"[^>]*value="28"|value="28"[^>]*name="attendedPupils"/);
      expect(correction).toContain('<h2 id="attendance-title">');
      // Its checks are the server's, said at each field in the page's language, not the browser's own bubbles.
      expect(
        parse(correction)
          .querySelector('form[aria-labelledby="attendance-title"]')
          ?.hasAttribute('novalidate'),
      ).toBe(true);
      expect(skippedHeadings(correction)).toEqual([]);
      expect(correction).toMatch(
        /name="chargedPricePerChaperone"[^>]*value="30.00"|value="30.00"[^>]*name="chargedPricePerChaperone"/,
      );
      const notices = await server.database.db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, w.people.teacher.id));
      expect(notices.map((n) => n.kind).sort()).toEqual(['booking_confirmed', 'booking_received']);

      // ¥30 a pupil on free entry: most likely a typo. The form comes back with promised against charged and a box to
      // tick; nothing is saved or reported until it is ticked for these very amounts.
      const overcharge = {
        intent: 'attendance',
        attendedPupils: '28',
        attendedChaperones: '3',
        chargedPricePerPupil: '30',
        chargedPricePerChaperone: '30',
      };
      const asked = await later.form(`/console/bookings/${rows[0]!.id}`, overcharge);
      expect(asked.status).toBe(422);
      const askedHtml = await asked.text();
      // Only the charge above its promise is named (adults were promised ¥30 and charged that), free entry as 免费.
      expect(askedHtml).toContain('所填实收高于承诺价格：每名学生承诺免费，实收¥30。保存后');
      expect(askedHtml).not.toContain('每名成人承诺');
      // The form's own line says free entry as the booking's facts do ("免费"), not "¥0".
      expect(askedHtml).toContain('承诺价格：学生 免费，成人 ¥30');
      expect(askedHtml).toContain('确认按此收费');
      expect(askedHtml).toMatch(
        /name="confirmOvercharge"[^>]*value="3000-3000"|value="3000-3000"[^>]*name="confirmOvercharge"/,
      );
      // What was typed comes back (without JavaScript the page is drawn afresh).
      expect(askedHtml).toMatch(
        /name="chargedPricePerPupil"[^>]*value="30"|value="30"[^>]*name="chargedPricePerPupil"/,
      );
      const unchanged = async () =>
        (await server.database.db.select().from(bookings).where(eq(bookings.id, rows[0]!.id)))[0];
      expect(await unchanged()).toMatchObject({ chargedPricePerPupil: 0, priceFlagged: false });
      // A tick given for other amounts does not count for these.
      const otherAmount = await later.form(`/console/bookings/${rows[0]!.id}`, {
        ...overcharge,
        chargedPricePerPupil: '40',
        confirmOvercharge: '3000-3000',
      });
      expect(otherAmount.status).toBe(422);
      expect(await otherAmount.text()).toContain('实收¥40');
      expect(await unchanged()).toMatchObject({ chargedPricePerPupil: 0, priceFlagged: false });
      const confirmedCharge = await later.form(`/console/bookings/${rows[0]!.id}`, {
        ...overcharge,
        confirmOvercharge: '3000-3000',
      });
      expect(confirmedCharge.status).toBe(302);
      expect(await unchanged()).toMatchObject({ chargedPricePerPupil: 3000, priceFlagged: true });
      // The venue is told truthfully where the charge went: the bureau's report and the school's trip page.
      const flaggedDesk = await (await later.fetch(`/console/bookings/${rows[0]!.id}`)).text();
      expect(flaggedDesk).toContain('已列入教育局的开放承诺核查');
      expect(flaggedDesk).not.toContain('已提示场馆和教育局');
      const flaggedTrip = await (await (await w.browser('teacher')).fetch(`/trips/${rows[0]!.id}`)).text();
      expect(flaggedTrip).toContain('实收高于承诺价格');

      // The teacher rates the visit on the trip's page; a rating out of range is named on its field.
      const rater = await w.browser('teacher');
      const tripPage = await (await rater.fetch(`/trips/${rows[0]!.id}`)).text();
      expect(tripPage).toContain('这次研学怎么样？');
      const outOfRange = await rater.form(`/trips/${rows[0]!.id}`, {
        intent: 'feedback',
        rating: '7',
        feedback: '',
      });
      expect(outOfRange.status).toBe(400);
      // No rating is chosen for the teacher: sending the form untouched asks for one and saves nothing.
      expect(tripPage).toMatch(/<option value="" selected="">请选择<\/option>/);
      // The form leaves the check to the server, whose message stands at the field in the page's language (not the
      // browser's own bubble in the browser's language), and what was written stays.
      expect(
        parse(tripPage).querySelector('form[aria-labelledby="feedback-title"]')?.hasAttribute('novalidate'),
      ).toBe(true);
      const untouched = await rater.form(`/trips/${rows[0]!.id}`, {
        intent: 'feedback',
        rating: '',
        feedback: '讲解员很耐心',
      });
      expect(untouched.status).toBe(400);
      const untouchedPage = parse(await untouched.text());
      expect(untouchedPage.querySelector('#feedback-rating-error')?.text).toBe('请填写此项');
      expect(untouchedPage.querySelector('#feedback-text')?.text).toBe('讲解员很耐心');
      const rated = await rater.form(`/trips/${rows[0]!.id}`, {
        intent: 'feedback',
        rating: '5',
        feedback: '讲解员很耐心',
      });
      expect(rated.status).toBe(302);
      expect(rated.headers.get('location')).toBe(`/trips/${rows[0]!.id}?done=feedback`);
      const afterRating = await (await rater.fetch(`/trips/${rows[0]!.id}`)).text();
      expect(afterRating).not.toContain('这次研学怎么样？');
      // A visit that happened is told once ("已到访"), on the trip's page and in the list of trips.
      expect(leadOf(afterRating)).toContain('已到访');
      expect(times(leadOf(afterRating), '到访')).toBe(1);
      const listed = parse(await (await rater.fetch('/trips')).text())
        .querySelectorAll('.trip-rows li')
        .find((row) => row.querySelector(`a[href="/trips/${rows[0]!.id}"]`));
      expect(listed?.text).toContain('已到访');
      expect(times(listed?.text ?? '', '到访')).toBe(1);
      const desk = await (await later.fetch(`/console/bookings/${rows[0]!.id}`)).text();
      expect(times(leadOf(desk), '到访')).toBe(1);
      expect(await (await later.fetch(`/console/bookings/${rows[0]!.id}`)).text()).toContain('讲解员很耐心');
    });

    it('cancels a trip from its page only once the box is ticked, and says in words what is missing', async () => {
      const w = await world();
      const teacher = await w.browser('teacher');
      const created = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30));
      const { id } = (await created.json()) as { id: string };
      const statusOf = async () =>
        (await server.database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!.status;
      // Right after booking the cancel step is folded away, and its form leaves the checks to the server's words.
      const page = parse(await (await teacher.fetch(`/trips/${id}?done=booked`)).text());
      const fold = page.querySelector('details.booking-cancel');
      expect(fold?.getAttribute('open')).toBeUndefined();
      expect(fold?.querySelector('form')?.hasAttribute('novalidate')).toBe(true);
      expect(fold?.querySelector('input[name="confirm"][value="yes"]')).not.toBeNull();

      // A reason typed and the button tapped, the box not ticked: nothing happens, and the page says why.
      const unticked = await teacher.form(`/trips/${id}`, { intent: 'cancel', reason: '改期' });
      expect(unticked.status).toBe(400);
      const untickedPage = parse(await unticked.text());
      expect(untickedPage.querySelector('details.booking-cancel')?.hasAttribute('open')).toBe(true);
      expect(untickedPage.querySelector('#cancel-confirm-error')?.text).toBe(
        '请先勾选上面这一项，以示确认。',
      );
      // The reason stays typed, also for a page drawn afresh (a browser without JavaScript).
      expect(untickedPage.querySelector('#cancel-reason')?.text).toBe('改期');
      expect(await statusOf()).toBe('requested');

      // No reason: a message next to the box for it, in the page's language.
      const blank = await teacher.form(`/trips/${id}`, { intent: 'cancel', reason: ' ', confirm: 'yes' });
      expect(blank.status).toBe(400);
      const blankPage = parse(await blank.text());
      expect(blankPage.querySelector('#cancel-reason-error')?.text.trim()).toMatch(/[\u4e00-\u9fff]/);
      expect(await statusOf()).toBe('requested');

      const cancelled = await teacher.form(`/trips/${id}`, {
        intent: 'cancel',
        reason: '改期',
        confirm: 'yes',
      });
      expect(cancelled.headers.get('location')).toBe(`/trips/${id}?done=cancel`);
      expect(await statusOf()).toBe('cancelled');
    });

    it('once a confirmed trip’s start time has come, shows the school no cancel but the venue’s record to wait for, refuses a cancel (409, the page’s message) changing nothing, and lets the venue record from the start as its form says', async () => {
      const w = await world();
      const created = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30));
      const { id } = (await created.json()) as { id: string };
      expect((await w.api('operator', `/api/v1/bookings/${id}/confirm`, {})).status).toBe(200);
      const before = await (await (await w.browser('teacher')).fetch(`/trips/${id}`)).text();
      expect(before).toContain('booking-cancel');
      expect(leadOf(before)).toContain('按时带队前往');

      // A minute before the start the venue cannot record yet, and is told from when it can.
      clock.set(new Date(w.session.startsAt.getTime() - 60_000));
      const visit = {
        attendedPupils: 29,
        attendedChaperones: 3,
        chargedPricePerPupil: 0,
        chargedPricePerChaperone: 3000,
      };
      // What the API offers is what it accepts: before the start, cancelling and not yet attendance.
      const actionsOf = async (who: 'teacher' | 'operator') =>
        ((await (await w.api(who, `/api/v1/bookings/${id}`)).json()) as { actions: string[] }).actions;
      expect(await actionsOf('teacher')).toContain('cancel');
      expect(await actionsOf('operator')).toContain('cancel');
      expect(await actionsOf('operator')).not.toContain('attendance');
      const early = await w.api('operator', `/api/v1/bookings/${id}/attendance`, visit);
      expect(early.status).toBe(409);
      expect(await early.json()).toMatchObject({
        error: 'not_yet_held',
        message: '活动还没有开始，到开始时间后才能登记到访情况。',
      });

      // The start time has come (the server's clock): no cancel step, and the school is told what happens next.
      clock.set(w.session.startsAt);
      const teacher = await w.browser('teacher');
      const trip = await (await teacher.fetch(`/trips/${id}`)).text();
      expect(trip).not.toContain('booking-cancel');
      expect(trip).not.toContain('cancel-title');
      expect(leadOf(trip)).toContain('活动时间已到，等待场馆登记到访情况');
      expect(leadOf(trip)).not.toContain('按时带队前往');
      const list = parse(await (await teacher.fetch('/trips')).text());
      expect(list.querySelector(`a[href="/trips/${id}"]`)?.closest('li')?.text).toContain(
        '活动时间已到，等待场馆登记到访情况',
      );
      expect((await teacher.form('/lang', { lang: 'en', redirectTo: `/trips/${id}` })).status).toBe(302);
      expect(leadOf(await (await teacher.fetch(`/trips/${id}`)).text())).toContain(
        'The visit time has come; waiting for the venue to record attendance',
      );
      expect((await teacher.form('/lang', { lang: 'zh', redirectTo: `/trips/${id}` })).status).toBe(302);

      // From the start the API offers neither side a cancel, and the venue the attendance.
      expect(await actionsOf('teacher')).not.toContain('cancel');
      expect(await actionsOf('operator')).not.toContain('cancel');
      expect(await actionsOf('operator')).toContain('attendance');

      // A cancel sent anyway (an API client, a page left open): refused in words, in the reader's language.
      const overApi = await w.api('teacher', `/api/v1/bookings/${id}/cancel`, { reason: '改期' });
      expect(overApi.status).toBe(409);
      expect(await overApi.json()).toEqual({
        error: 'already_started',
        message: '活动已经开始，不能再这样操作。',
      });
      const inEnglish = await w.api(
        'teacher',
        `/api/v1/bookings/${id}/cancel`,
        { reason: 'moved' },
        { 'Accept-Language': 'en' },
      );
      expect(inEnglish.status).toBe(409);
      expect(await inEnglish.json()).toMatchObject({
        error: 'already_started',
        message: 'The visit has begun; this can no longer be done.',
      });
      const onPage = await teacher.form(`/trips/${id}`, { intent: 'cancel', reason: '改期', confirm: 'yes' });
      expect(onPage.status).toBe(409);
      const refused = await onPage.text();
      expect(parse(refused).querySelector('main .alert')?.text).toContain('活动已经开始，不能再这样操作。');
      expect(refused).not.toContain('booking-cancel');
      const [still] = await server.database.db.select().from(bookings).where(eq(bookings.id, id));
      expect(still).toMatchObject({
        status: 'confirmed',
        cancelledAt: null,
        cancelledBy: null,
        reason: null,
      });
      expect(await seatLedger(server.database.db, w.session.id)).toMatchObject({ held: 33, sum: 33 });
      const audited = await server.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
      expect(audited.map((e) => e.action)).not.toContain('booking.cancel');
      const told = (await server.database.db.select().from(notifications)).filter((n) =>
        n.link?.includes(id),
      );
      expect(told.map((n) => n.kind)).not.toContain('booking_cancelled_by_school');

      // The venue's form says it may record from the start, and it may.
      const operator = await w.browser('operator');
      const desk = parse(await (await operator.fetch(`/console/bookings/${id}`)).text());
      expect(desk.querySelector('form[aria-labelledby="attendance-title"] p.muted')?.text).toBe(
        '活动开始后即可登记实到人数和实际收费。没有人来，两个人数都填 0。',
      );
      const recorded = await w.api('operator', `/api/v1/bookings/${id}/attendance`, visit);
      expect(await recorded.json()).toEqual({ id, status: 'attended', priceFlagged: false });
    });

    it('says a session that has begun or ended is so, without seats left, and points to the venue’s next sessions', async () => {
      const w = await world();
      const bookPage = async (at: Date) => {
        clock.set(at);
        const teacher = await w.browser('teacher');
        return parse(await (await teacher.fetch(`/sessions/${w.session.id}/book`)).text());
      };
      const ahead = await bookPage(T0);
      expect(ahead.text).toContain('剩余名额');
      expect(ahead.querySelector('input[name="pupils"]')).not.toBeNull();
      // Grades 3–6 are free and 7–9 half price: two lines, not seven.
      const prices = ahead
        .querySelectorAll('.facts dd')[4]
        ?.querySelectorAll('div')
        .map((d) => d.text);
      expect(prices).toEqual(['三年级至六年级：学生免费', '初一至初三：学生每人 ¥10', '陪同成人每人 ¥30']);

      const started = await bookPage(new Date(w.session.startsAt.getTime() + 60_000));
      expect(started.querySelector('.alert')?.text).toContain('这个场次已开始');
      expect(started.text).not.toContain('剩余名额');
      expect(started.text).not.toContain('目前不能预约');

      // The world's sessions last 90 minutes: a day after the start, it is over.
      const ended = await bookPage(new Date(w.session.startsAt.getTime() + DAY_MS));
      expect(ended.querySelector('.alert')?.text).toContain('这个场次已结束');
      expect(ended.text).not.toContain('剩余名额');
      expect(ended.text).not.toContain('目前不能预约');
      expect(ended.querySelector('input[name="pupils"]')).toBeNull();
      const next = ended.querySelector(`a[href="/venues/${w.venue.slug}#sessions"]`);
      expect(next?.text).toContain('接下来的场次');
      clock.set(T0);
      const venuePage = parse(await (await fetch(`${server.url}/venues/${w.venue.slug}`)).text());
      expect(venuePage.querySelector('h2#sessions')).not.toBeNull();
    });

    it('lists each of a venue’s phone numbers as its own link to dial', async () => {
      const w = await world();
      await server.database.db
        .update(venues)
        .set({ phone: '0471-4614000 0471-4614333；400-816-9999转8001' })
        .where(eq(venues.id, w.venue.id));
      const page = parse(await (await fetch(`${server.url}/venues/${w.venue.slug}`)).text());
      expect(page.querySelectorAll('a[href^="tel:"]').map((a) => [a.getAttribute('href'), a.text])).toEqual([
        ['tel:04714614000', '0471-4614000'],
        ['tel:04714614333', '0471-4614333'],
        ['tel:4008169999,8001', '400-816-9999转8001'],
      ]);
    });

    it('lets the school admin approve from the approvals page and see the calendar', async () => {
      const w = await world({ requiresApproval: true });
      const created = (await (
        await w.api('teacher', '/api/v1/bookings', {
          ...requestFor(w.session.id, 20),
          pupilsWithDisabilities: 1,
          notes: '一名学生使用轮椅',
        })
      ).json()) as {
        id: string;
      };
      // The venue sees the request, but as one waiting for the school, not for itself.
      const operator = await w.browser('operator');
      const groupsPage = parse(
        await (await operator.fetch(`/console/bookings/sessions/${w.session.id}`)).text(),
      );
      expect(groupsPage.querySelectorAll('tbody .badge').map((b) => b.text)).toEqual(['待学校审批']);
      // The inbox lists it apart from what the venue must answer, linked, so the venue can find and open it.
      const inbox = parse(await (await operator.fetch('/console/bookings')).text());
      const waiting = inbox.querySelector('section[aria-labelledby="inbox-waiting"]');
      expect(waiting?.querySelector('h2')?.text).toBe('等待学校审批或候补中');
      expect(waiting?.querySelector(`a[href="/console/bookings/${created.id}"]`)).not.toBeNull();
      expect(
        inbox.querySelector(
          `section[aria-labelledby="inbox-pending"] a[href="/console/bookings/${created.id}"]`,
        ),
      ).toBeNull();
      const admin = await w.browser('schoolAdmin');
      const page = await (await admin.fetch('/school/approvals')).text();
      expect(page).toContain('草原文明展导览');
      // What the admin signs off: the teacher's notes and the counts that matter, and a reason box only inside the
      // fold of 婉拒, never beside 同意.
      expect(page).toContain('残疾学生：1');
      expect(page).toContain('备注：一名学生使用轮椅');
      const rowActions = parse(page).querySelector('.approval-actions');
      expect(rowActions?.querySelector(':scope > form [name="reason"]')).toBeNull();
      // Each of the row's buttons names the request it answers (hidden on screen), so that several waiting requests
      // are not several buttons all read as 同意.
      expect(rowActions?.querySelector('details summary')?.textContent).toMatch(
        /^婉拒…：草原文明展导览 · .+ · .+$/,
      );
      expect(rowActions?.querySelector('details summary .visually-hidden')).not.toBeNull();
      expect(rowActions?.querySelector(':scope > form button')?.textContent).toMatch(
        /^同意：草原文明展导览 · .+ · .+$/,
      );
      expect(rowActions?.querySelector('details textarea[name="reason"]')).not.toBeNull();
      // A hand-edited id is a booking that does not exist: 404 with the page's message, not a server error.
      const edited = await admin.form('/school/approvals', { bookingId: 'abc', intent: 'approve' });
      expect(edited.status).toBe(404);
      expect(await edited.text()).toContain('没有找到这条预约');
      // Declining there asks for the box too: without it the fold comes back open, naming it, and nothing changes.
      expect(rowActions?.querySelector('details input[type="checkbox"][name="confirm"]')).not.toBeNull();
      const unticked = await admin.form('/school/approvals', {
        bookingId: created.id,
        intent: 'decline',
        reason: '与期中考试冲突',
      });
      expect(unticked.status).toBe(400);
      const untickedHtml = parse(await unticked.text());
      expect(untickedHtml.querySelector('.approval-actions details')?.hasAttribute('open')).toBe(true);
      expect(untickedHtml.querySelector('.approval-actions details .field-error')?.text).toBe(
        '请先勾选上面这一项，以示确认。',
      );
      // The reason typed stays in its box, also for a page drawn afresh (a browser without JavaScript).
      expect(untickedHtml.querySelector(`#reason-${created.id}`)?.text).toBe('与期中考试冲突');
      const approved = await admin.form('/school/approvals', { bookingId: created.id, intent: 'approve' });
      expect(approved.headers.get('location')).toBe(`/school/approvals?done=approve&trip=${created.id}`);
      // The note names the trip and what happens to it now (it has left the list).
      const note = parse(
        await (await admin.fetch(approved.headers.get('location') as string)).text(),
      ).querySelector('.alert-good')?.text;
      expect(note).toContain('已同意“');
      expect(note).toContain('已转给场馆确认');
      const [row] = await server.database.db.select().from(bookings).where(eq(bookings.id, created.id));
      expect(row?.status).toBe('school_approved');
      const calendar = await admin.fetch('/school/calendar?month=2030-03');
      expect(calendar.status).toBe(200);
      expect(await calendar.text()).toContain('草原文明展导览');
      // A month that is no month is named, and this month (March 2030 on the test clock) shown instead.
      for (const month of ['2030-13', '0000-00', 'march']) {
        const odd = await admin.fetch(`/school/calendar?month=${month}`);
        expect(odd.status, month).toBe(200);
        const html = await odd.text();
        expect(html, month).toContain('月份：月份应写作“2026-09”（2000 至 2100 年），已显示本月。');
        expect(html, month).toContain('<strong>2030年3月</strong>');
        expect(html, month).toContain('草原文明展导览');
      }
      // The paging links name the month they lead to, to the eye and to a screen reader, in either language.
      const pager = (html: string) =>
        parse(html)
          .querySelectorAll('.page-header a[href*="?month="]')
          .map((a) => [a.text.replace(/\s+/g, ' ').trim(), a.getAttribute('aria-label')]);
      expect(pager(await (await admin.fetch('/school/calendar?month=2026-11')).text())).toEqual([
        ['‹ 2026年10月', '上个月：2026年10月'],
        ['2026年12月 ›', '下个月：2026年12月'],
      ]);
      await admin.form('/lang', { lang: 'en', redirectTo: '/school/calendar' });
      expect(pager(await (await admin.fetch('/school/calendar?month=2027-01')).text())).toEqual([
        ['‹ December 2026', 'Previous month: December 2026'],
        ['February 2027 ›', 'Next month: February 2027'],
      ]);
      await admin.form('/lang', { lang: 'zh', redirectTo: '/school/calendar' });
      // The paging links stop at the first and the last month a calendar shows (2000-01, 2100-12).
      const first = await (await admin.fetch('/school/calendar?month=2000-01')).text();
      expect(first).toContain('<strong>2000年1月</strong>');
      expect(first).not.toContain('?month=1999-12');
      expect(first).toContain('href="/school/calendar?month=2000-02"');
      const last = await (await admin.fetch('/school/calendar?month=2100-12')).text();
      expect(last).toContain('<strong>2100年12月</strong>');
      expect(last).not.toContain('?month=2101-01');
      expect(last).toContain('href="/school/calendar?month=2100-11"');
      const teacher = await w.browser('teacher');
      expect((await teacher.fetch('/school/approvals')).status).toBe(403);
    });
    it('takes a switched-off program’s sessions off the venue page and the sessions API, and refuses booking them: 409 program_inactive, nothing written', async () => {
      const w = await world();
      const link = `/sessions/${w.session.id}/book`;
      const venuePage = async () => (await fetch(`${server.url}/venues/${w.venue.slug}`)).text();
      const listed = async () => {
        const response = await w.api(null, `/api/v1/sessions?venueId=${w.venue.id}`);
        expect(response.status).toBe(200);
        return ((await response.json()) as { items: { id: string }[] }).items.map((s) => s.id);
      };
      expect(await venuePage()).toContain(link);
      expect(await listed()).toContain(w.session.id);

      // The operator switches the program off on the console's programs page.
      const operator = await w.browser('operator');
      const off = await operator.form('/console/programs', {
        intent: 'deactivate',
        programId: w.program.id,
        confirm: 'yes',
      });
      expect(off.status).toBe(302);
      expect(await venuePage()).not.toContain(link);
      expect(await listed()).not.toContain(w.session.id);
      // Asked for by id, it is gone too, for teachers and anyone; its own operators still see it.
      expect((await w.api('teacher', `/api/v1/sessions/${w.session.id}`)).status).toBe(404);
      expect((await w.api(null, `/api/v1/sessions/${w.session.id}`)).status).toBe(404);
      const own = await w.api('operator', `/api/v1/sessions/${w.session.id}`);
      expect(own.status).toBe(200);
      expect(await own.json()).toMatchObject({ id: w.session.id, seatsLeft: expect.any(Number) });

      const refused = await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30));
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual({
        error: 'program_inactive',
        message: '场馆已停用这个活动项目，它的场次现在不接受预约。请选择场馆的其他项目或场次。',
        fields: { sessionId: '场馆已停用这个活动项目，它的场次现在不接受预约。请选择场馆的其他项目或场次。' },
      });
      const english = await w.api(
        'teacher',
        '/api/v1/bookings',
        requestFor(w.session.id, 30, { waitlist: true }),
        {
          'Accept-Language': 'en',
        },
      );
      expect(english.status).toBe(409);
      expect(await english.json()).toMatchObject({
        error: 'program_inactive',
        message: expect.stringContaining('The venue has switched this program off'),
      });

      // The booking page says so instead of offering the form; a form sent anyway is refused in the same words.
      const teacher = await w.browser('teacher');
      const page = await (await teacher.fetch(link)).text();
      expect(page).toContain('场馆已停用这个活动项目，它的场次现在不接受预约。');
      expect(parse(page).querySelector('input[name="pupils"]')).toBeNull();
      const sent = await teacher.form(link, {
        idempotencyKey: 'z'.repeat(20),
        grade: '5',
        pupils: '30',
        chaperones: '3',
        contactPhone: '13800001234',
      });
      expect(sent.status).toBe(409);
      expect(await sent.text()).toContain('场馆已停用这个活动项目，它的场次现在不接受预约。');

      expect(
        await server.database.db.select().from(bookings).where(eq(bookings.sessionId, w.session.id)),
      ).toHaveLength(0);
      expect(await seatLedger(server.database.db, w.session.id)).toMatchObject({ held: 0, sum: 0 });
    });

    it('shows the operator how many green-channel seats priority schools hold: session page, sessions list, and the API for operators only', async () => {
      const release = new Date(T0.getTime() + 3 * DAY_MS);
      const w = await world({ capacity: 60, greenChannelSeats: 20, greenReleaseAt: release });
      expect((await w.api('priorityTeacher', '/api/v1/bookings', requestFor(w.session.id, 10))).status).toBe(
        201,
      );
      expect((await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 20))).status).toBe(201);
      const operator = await w.browser('operator');
      const page = await (await operator.fetch(`/console/bookings/sessions/${w.session.id}`)).text();
      expect(parse(page).querySelector('.green-seats')?.text).toBe(
        '绿色通道名额 20 个，重点关注学校的预约已占用其中 11 个。',
      );
      const list = await (
        await operator.fetch(`/console/sessions?from=${shanghaiDay(w.session.startsAt)}`)
      ).text();
      expect(parse(list).querySelector('.green-held')?.text).toBe('重点关注学校已占用 11 座');

      const one = async (who: 'operator' | 'otherOperator' | null) =>
        (await (await w.api(who, `/api/v1/sessions/${w.session.id}`)).json()) as Record<string, unknown>;
      expect(await one('operator')).toMatchObject({
        greenChannelSeats: 20,
        greenSeatsHeld: 11,
        seatsHeld: 33,
      });
      expect(await one(null)).not.toHaveProperty('greenSeatsHeld');
      expect(await one('otherOperator')).not.toHaveProperty('greenSeatsHeld');
      const patched = await fetch(`${server.url}/api/v1/sessions/${w.session.id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${w.tokens.operator}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: '周三上午场' }),
      });
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({ greenSeatsHeld: 11 });

      // The public list says which seats the caller's school may book: 27 left, 18 of them open to a school that is not
      // a priority school (or to a caller without a token) until the release, all 27 to a priority school.
      const listed = async (who: 'teacher' | 'priorityTeacher' | null) => {
        const body = (await (await w.api(who, `/api/v1/sessions?venueId=${w.venue.id}`)).json()) as {
          items: { id: string }[];
        };
        return body.items.find((s) => s.id === w.session.id);
      };
      expect(await listed(null)).toMatchObject({ seatsLeft: 27, seatsOpen: 18 });
      expect(await listed('teacher')).toMatchObject({ seatsLeft: 27, seatsOpen: 18 });
      expect(await listed('priorityTeacher')).toMatchObject({ seatsLeft: 27, seatsOpen: 27 });
      // And so it is: 19 seats are refused to the ordinary school (session_full), 18 are not.
      const nineteen = await w.api('otherTeacher', '/api/v1/bookings', {
        ...anotherGroup(w.session.id, 17),
        chaperones: 2,
      });
      expect(nineteen.status).toBe(409);
      expect(await nineteen.json()).toMatchObject({ error: 'session_full' });
      const eighteen = await w.api('otherTeacher', '/api/v1/bookings', {
        ...anotherGroup(w.session.id, 16),
        chaperones: 2,
      });
      expect(eighteen.status).toBe(201);
    });

    it('shows on the venue page the seats the booking form takes from the viewer: green-channel seats for priority schools', async () => {
      const release = new Date(T0.getTime() + 3 * DAY_MS);
      const w = await world({ capacity: 60, greenChannelSeats: 20, greenReleaseAt: release });
      expect((await w.api('teacher', '/api/v1/bookings', requestFor(w.session.id, 30))).status).toBe(201);
      // 27 seats left, 20 of them kept for priority schools until the release: 7 for anyone else.
      const sessionLine = (html: string) =>
        parse(html)
          .querySelectorAll('ul.session-list li')
          .find((li) => li.querySelector(`a[href="/sessions/${w.session.id}/book"]`))
          ?.text.replace(/\s+/g, ' ') ?? '';
      const path = `/venues/${w.venue.slug}`;
      const fmt = getFormatters('zh');
      const held = `另有 20 个名额留给重点关注学校，${fmt.dateShort(release, T0)} ${fmt.time(release)} 后开放`;
      const anonymous = await sessionLine(await (await fetch(`${server.url}${path}`)).text());
      expect(anonymous).toContain('余 7 个名额');
      expect(anonymous).toContain(held);
      const ordinary = await sessionLine(await (await (await w.browser('otherTeacher')).fetch(path)).text());
      expect(ordinary).toContain('余 7 个名额');
      expect(ordinary).toContain(held);
      const priority = await sessionLine(
        await (await (await w.browser('priorityTeacher')).fetch(path)).text(),
      );
      expect(priority).toContain('余 27 个名额');
      expect(priority).not.toContain('重点关注学校');
      // The booking page counts the same seats as its own, and says what is held back.
      const bookPage = async (who: 'otherTeacher' | 'priorityTeacher') => {
        const html = await (await (await w.browser(who)).fetch(`/sessions/${w.session.id}/book`)).text();
        const facts = parse(html).querySelector('dl.facts')?.text.replace(/\s+/g, ' ') ?? '';
        return `${facts} ${parse(html)
          .querySelectorAll('p.muted')
          .map((p) => p.text)
          .join(' ')}`;
      };
      const releaseAt = `${fmt.dateTime(release)}`;
      const ordinaryForm = await bookPage('otherTeacher');
      expect(ordinaryForm).toContain('剩余名额7 个');
      expect(ordinaryForm).toContain(`另有 20 个绿色通道名额，${releaseAt} 前仅向重点关注学校开放。`);
      const priorityForm = await bookPage('priorityTeacher');
      expect(priorityForm).toContain('剩余名额27 个');
      expect(priorityForm).toContain(`其中 20 个为绿色通道名额，${releaseAt} 前仅向重点关注学校开放。`);
      // The booking form agrees: 8 seats are refused to the ordinary school.
      const eight = await w.api('otherTeacher', '/api/v1/bookings', {
        ...anotherGroup(w.session.id, 7),
        chaperones: 1,
      });
      expect(eight.status).toBe(409);
      // The API gives both numbers, the open one for the caller's school.
      type Profile = { sessions: { id: string; seatsLeft: number; seatsOpen: number; greenHeld: unknown }[] };
      const apiSeats = async (who: 'priorityTeacher' | null) =>
        ((await (await w.api(who, `/api/v1/venues/${w.venue.slug}`)).json()) as Profile).sessions.find(
          (s) => s.id === w.session.id,
        );
      expect(await apiSeats(null)).toMatchObject({
        seatsLeft: 27,
        seatsOpen: 7,
        greenHeld: { seats: 20, releaseAt: release.toISOString() },
      });
      expect(await apiSeats('priorityTeacher')).toMatchObject({
        seatsLeft: 27,
        seatsOpen: 27,
        greenHeld: null,
      });
      // After the release everyone sees every seat.
      clock.set(new Date(release.getTime() + 1));
      const released = await sessionLine(await (await fetch(`${server.url}${path}`)).text());
      expect(released).toContain('余 27 个名额');
      expect(released).not.toContain('重点关注学校');
      clock.set(T0);
    });
    it('says on the venue page and the booking page when too few seats are left for a group, and offers the waitlist', async () => {
      const w = await world({ capacity: 30 });
      // Groups of at least 10 pupils, with 1 adult (grade 5, one per 10): the smallest request takes 11 seats.
      await server.database.db
        .update(programs)
        .set({ minGroupSize: 10 })
        .where(eq(programs.id, w.program.id));
      expect((await w.api('priorityTeacher', '/api/v1/bookings', requestFor(w.session.id, 19))).status).toBe(
        201,
      );
      // 30 − 21 = 9 seats left: every request would be refused.
      const path = `/venues/${w.venue.slug}`;
      const teacher = await w.browser('teacher');
      const line =
        parse(await (await teacher.fetch(path)).text())
          .querySelectorAll('ul.session-list li')
          .find((li) => li.querySelector(`a[href="/sessions/${w.session.id}/book"]`))
          ?.text.replace(/\s+/g, ' ') ?? '';
      expect(line).toContain('余 9 个名额');
      expect(line).toContain('不够一个团体（至少要 11 个名额）');
      expect(line).toContain('排队候补');
      expect(line).not.toContain('预约');

      const html = await (await teacher.fetch(`/sessions/${w.session.id}/book`)).text();
      const page = parse(html);
      expect(html).toContain(
        '只剩 9 个名额，不够一个团体：最小的团体（学生 10 人、成人 1 人）要 11 个名额。',
      );
      expect(page.querySelector('input[type="hidden"][name="waitlist"]')?.getAttribute('value')).toBe('on');
      expect(page.querySelector('input[type="checkbox"][name="waitlist"]')).toBeNull();
      expect(page.querySelector('form:has(input[name="pupils"]) button')?.text).toBe('加入候补');
      expect(page.querySelector(`a[href="/venues/${w.venue.slug}#sessions"]`)).not.toBeNull();
      const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const sent = await teacher.form(`/sessions/${w.session.id}/book`, {
        idempotencyKey: key,
        grade: '5',
        pupils: '10',
        chaperones: '1',
        contactPhone: '13800001234',
        waitlist: 'on',
      });
      expect(sent.status).toBe(302);
      const [row] = await server.database.db
        .select()
        .from(bookings)
        .where(eq(bookings.teacherId, w.people.teacher.id));
      expect(row?.status).toBe('waitlisted');

      // A session smaller than the smallest group: no form, no waitlist, the venue's other sessions.
      await server.database.db
        .update(programs)
        .set({ minGroupSize: 40 })
        .where(eq(programs.id, w.program.id));
      const tooSmall = await (await teacher.fetch(`/sessions/${w.session.id}/book`)).text();
      expect(tooSmall).toContain(
        '这个场次一共只有 30 个名额，容纳不下最小的团体（学生 40 人、成人 3 人，共 43 个名额），不能预约。',
      );
      expect(parse(tooSmall).querySelector('form[method="post"] input[name="pupils"]')).toBeNull();
      const venueLine = (await (await teacher.fetch(path)).text()).replace(/\s+/g, ' ');
      expect(venueLine).toContain('名额少于最小的团体，不能预约');
      expect(venueLine).not.toContain(`href="/sessions/${w.session.id}/book"`);
    });
    it('shows on the venue page each commitment’s conditions and end date, not only the first one’s', async () => {
      const w = await world();
      const path = `/venues/${w.venue.slug}`;
      const fmt = getFormatters('zh');
      await server.database.db
        .update(accessCommitments)
        .set({ conditions: '凭学校介绍信预约', validTo: '2030-12-31' })
        .where(eq(accessCommitments.venueId, w.venue.id));
      await server.database.db.insert(accessCommitments).values({
        venueId: w.venue.id,
        audience: 'senior',
        kind: 'percent_off',
        percentOff: 30,
        validFrom: '2029-01-01',
        validTo: '2030-06-30',
        conditions: '限周二至周五',
        status: 'active',
      });
      const notes = () =>
        fetch(`${server.url}${path}`)
          .then((r) => r.text())
          .then((html) =>
            // The list under the summary of the commitments.
            (
              parse(html)
                .querySelector('[data-testid="access-summary"]')
                ?.nextElementSibling?.querySelectorAll('li') ?? []
            ).map((li) => li.text),
          );
      expect(await notes()).toEqual([
        `小学生、初中生：凭学校介绍信预约 · 有效期至 ${fmt.date('2030-12-31')}`,
        `高中生：限周二至周五 · 有效期至 ${fmt.date('2030-06-30')}`,
      ]);
      // One set of conditions for every group is said once, as the summary above names the groups.
      await server.database.db
        .update(accessCommitments)
        .set({ conditions: '凭学校介绍信预约', validTo: '2030-12-31' })
        .where(eq(accessCommitments.venueId, w.venue.id));
      expect(await notes()).toEqual([`凭学校介绍信预约 · 有效期至 ${fmt.date('2030-12-31')}`]);
    });
  });
}
