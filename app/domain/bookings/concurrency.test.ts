import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSession } from '#app/domain/venues/sessions.server.ts';
import { bookings, programs, sessions, venues } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
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
import { createTestDatabase, serverUrl, type TestDatabase } from '#tests/setup/db.ts';
import {
  cancelBooking,
  changeCapacity,
  confirmBooking,
  createBooking,
  lapseExpiredRequests,
} from './bookings.server.ts';

const meta = (now = T0) => ({ now });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

// PGlite runs one transaction at a time, so races can only be shown on the PostgreSQL server.
describe.skipIf(!serverUrl)('bookings under concurrency [postgres]', () => {
  let database: TestDatabase;
  let world: BookingWorld;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    world = await makeBookingWorld(database.db);
    // One adult for up to 100 pupils here, so that a group can be as small as one pupil and one teacher.
    await database.db
      .update(venues)
      .set({ chaperoneRatioPrimary: 100, chaperoneRatioSecondary: 100 })
      .where(eq(venues.id, world.venue.id));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const teachers = () => [world.people.teacher, world.people.otherTeacher, world.people.priorityTeacher];
  // The tests share one program, and a program has one live session per starting minute: each test has its own hour.
  const at = (days: number, hours: number) => days + hours / 24;

  it('200 simultaneous requests of 1–40 pupils at a 120-seat session, 50 times: never more than 120 seats held, and exactly the accepted ones', async () => {
    for (let round = 0; round < 50; round++) {
      const session = await addSession(database.db, world, at(10 + round, 1), 120);
      const attempts = Array.from({ length: 200 }, async (_, i) => {
        const pupils = randomInt(1, 40);
        await sleep(Math.random() * 5);
        const result = await createBooking(
          database.db,
          teachers()[i % 3]!,
          { ...anotherGroup(session.id, pupils), chaperones: 1 },
          meta(),
        );
        return { result, seats: pupils + 1 };
      });
      const results = await Promise.all(attempts);
      const accepted = results.filter((r) => r.result.ok);
      const refused = results.filter((r) => !r.result.ok);
      expect(refused.every((r) => !r.result.ok && r.result.error === 'session_full')).toBe(true);
      const sum = accepted.reduce((total, r) => total + r.seats, 0);
      const ledger = await seatLedger(database.db, session.id);
      expect(ledger.held).toBeLessThanOrEqual(120);
      expect(ledger.held).toBe(sum);
      expect(ledger.sum).toBe(sum);
      // The session is full enough that the smallest refused group really did not fit.
      const smallestRefused = Math.min(...refused.map((r) => r.seats));
      if (refused.length > 0) expect(ledger.held + smallestRefused).toBeGreaterThan(120);
    }
  }, 600_000);

  it('confirms, cancels, lapses and capacity edits racing with bookings keep held = Σ active seats ≤ capacity', async () => {
    for (let round = 0; round < 10; round++) {
      const session = await addSession(database.db, world, at(15 + round, 2), 120);
      // Some requests from an earlier day (their holds run out at the lapse time below), some waitlisted.
      const early = new Date(T0.getTime() - 5 * DAY_MS);
      const existing: string[] = [];
      for (let i = 0; i < 8; i++) {
        const created = await createBooking(
          database.db,
          teachers()[i % 3]!,
          { ...anotherGroup(session.id, randomInt(5, 20)), chaperones: 1, waitlist: true },
          meta(i < 4 ? early : T0),
        );
        if (created.ok) existing.push(created.id);
      }
      const lapseAt = meta(new Date(T0.getTime() - 5 * DAY_MS + 72 * HOUR_MS + 1));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        work.push(
          sleep(Math.random() * 10).then(() =>
            createBooking(
              database.db,
              teachers()[i % 3]!,
              { ...anotherGroup(session.id, randomInt(1, 30)), chaperones: 1, waitlist: i % 2 === 0 },
              meta(),
            ),
          ),
        );
      }
      for (const [i, id] of existing.entries()) {
        const act = i % 3;
        work.push(
          sleep(Math.random() * 10).then(() =>
            act === 0
              ? confirmBooking(database.db, world.people.operator, id, meta())
              : act === 1
                ? cancelBooking(database.db, world.people.operator, id, '场馆临时闭馆', meta())
                : cancelBooking(database.db, world.people.teacher, id, '学校活动调整', meta()),
          ),
        );
      }
      for (let i = 0; i < 6; i++) {
        work.push(
          sleep(Math.random() * 10).then(() =>
            changeCapacity(database.db, session.id, randomInt(60, 160), meta()),
          ),
        );
        // The venue console's own session edit (it locks the row FOR UPDATE and relies on the same CHECK).
        work.push(
          sleep(Math.random() * 10).then(() =>
            updateSession(
              database.db,
              world.people.operator,
              session.id,
              { capacity: randomInt(60, 160) },
              T0,
            ),
          ),
        );
      }
      work.push(sleep(Math.random() * 10).then(() => lapseExpiredRequests(database.db, lapseAt)));
      const settled = await Promise.allSettled(work);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
      const ledger = await seatLedger(database.db, session.id);
      expect(ledger.held).toBe(ledger.sum);
      expect(ledger.held).toBeLessThanOrEqual(ledger.capacity);
      const rows = await database.db.select().from(bookings).where(eq(bookings.sessionId, session.id));
      expect(rows.length).toBeGreaterThan(0);
    }
  }, 600_000);

  it('ten requests of one school at once, none saying it is another group: exactly one booking, 30 times', async () => {
    const school = () => [world.people.teacher, world.people.otherTeacher, world.people.schoolAdmin];
    for (let round = 0; round < 30; round++) {
      // Every other round another school has filled the session, so that the requests go to the waitlist (the other
      // locking path).
      const full = round % 2 === 1;
      const session = await addSession(database.db, world, at(20 + round, 3), full ? 12 : 120);
      if (full) {
        const filled = await createBooking(
          database.db,
          world.people.priorityTeacher,
          { ...requestFor(session.id, 10), chaperones: 1 },
          meta(),
        );
        expect(filled.ok).toBe(true);
      }
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          createBooking(
            database.db,
            school()[i % 3]!,
            { ...requestFor(session.id, 10), chaperones: 1, waitlist: true },
            meta(),
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(
        Array(9).fill('already_booked'),
      );
      const rows = await database.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.sessionId, session.id), eq(bookings.schoolId, world.school.id)));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.status).toBe(full ? 'waitlisted' : 'requested');
      const ledger = await seatLedger(database.db, session.id);
      expect(ledger.held).toBe(ledger.sum);
    }
    // Said to be other groups, all ten are booked.
    const session = await addSession(database.db, world, at(50, 4), 200);
    const groups = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createBooking(
          database.db,
          school()[i % 3]!,
          { ...requestFor(session.id, 10), chaperones: 1, anotherGroup: true },
          meta(),
        ),
      ),
    );
    expect(groups.every((r) => r.ok)).toBe(true);
    expect(await seatLedger(database.db, session.id)).toMatchObject({ held: 110, sum: 110 });
  }, 600_000);

  it('one request confirmed and cancelled at the same instant ends in exactly one of the two', async () => {
    const session = await addSession(database.db, world, at(40, 5), 120);
    for (let i = 0; i < 10; i++) {
      const created = await createBooking(
        database.db,
        world.people.teacher,
        anotherGroup(session.id, 10),
        meta(),
      );
      if (!created.ok) throw new Error(created.error);
      const [confirm, cancel] = await Promise.all([
        confirmBooking(database.db, world.people.operator, created.id, meta()),
        cancelBooking(database.db, world.people.teacher, created.id, '改期', meta()),
      ]);
      expect([confirm.ok, cancel.ok].filter(Boolean).length).toBeGreaterThanOrEqual(1);
      const [row] = await database.db.select().from(bookings).where(eq(bookings.id, created.id));
      // Confirm then cancel may both succeed (in that order); cancel then confirm may not.
      if (!cancel.ok) expect(row?.status).toBe('confirmed');
      else expect(row?.status).toBe('cancelled');
    }
    const ledger = await seatLedger(database.db, session.id);
    expect(ledger.held).toBe(ledger.sum);
  });

  it('a program switched off while a booking is on its way: the booking waits for the switch, then is refused (program_inactive) and writes nothing', async () => {
    const db = database.db;
    // A program of its own, so that switching it off leaves the other tests' program alone.
    const [program] = await db
      .insert(programs)
      .values({
        venueId: world.venue.id,
        title: '停用竞争',
        grades: [5],
        durationMinutes: 60,
        minGroupSize: 1,
        maxGroupSize: 200,
        standardPricePerPupil: 0,
        standardPricePerChaperone: 0,
      })
      .returning();
    const startsAt = new Date(T0.getTime() + 12 * DAY_MS);
    // The second keeps 30 of its 40 seats for priority schools: an ordinary school's group of 33 can only wait.
    const [session, greenSession] = await db
      .insert(sessions)
      .values([
        {
          programId: program!.id,
          venueId: world.venue.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + HOUR_MS),
          capacity: 120,
        },
        {
          programId: program!.id,
          venueId: world.venue.id,
          startsAt: new Date(startsAt.getTime() + DAY_MS),
          endsAt: new Date(startsAt.getTime() + DAY_MS + HOUR_MS),
          capacity: 40,
          greenChannelSeats: 30,
          greenReleaseAt: new Date(T0.getTime() + 5 * DAY_MS),
        },
      ])
      .returning();
    const waitingForLock = async () => {
      for (let i = 0; i < 80; i++) {
        const [row] = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if ((row?.n ?? 0) > 0) return true;
        await sleep(25);
      }
      return false;
    };
    for (const input of [requestFor(session!.id, 30), requestFor(greenSession!.id, 30, { waitlist: true })]) {
      await db.update(programs).set({ active: true }).where(eq(programs.id, program!.id));
      let booking: ReturnType<typeof createBooking> | undefined;
      // The switch as setProgramActive makes it (the program's row locked for update), held open until the booking,
      // which read the program on offer, is waiting in its writing statement.
      await db.transaction(async (tx) => {
        await tx.select({ id: programs.id }).from(programs).where(eq(programs.id, program!.id)).for('update');
        booking = createBooking(db, world.people.teacher, input, meta());
        // (A booking statement that does not read the program under a lock never waits: it books.)
        await waitingForLock();
        await tx.update(programs).set({ active: false }).where(eq(programs.id, program!.id));
      });
      expect(await booking).toEqual({ ok: false, error: 'program_inactive', field: 'sessionId' });
    }
    for (const { id } of [session!, greenSession!]) {
      expect(await db.select().from(bookings).where(eq(bookings.sessionId, id))).toHaveLength(0);
      expect(await seatLedger(db, id)).toMatchObject({ held: 0, sum: 0 });
    }
  });
});
