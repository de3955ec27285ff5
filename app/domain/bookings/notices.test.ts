import { eq, like } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { FakeClock } from '#app/utils/clock.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import { bookings, emailOutbox, notifications, venues } from '#db/schema/index.ts';
import { jobs } from '#server/jobs.ts';
import { createLogger } from '#server/logger.ts';
import { Scheduler } from '#server/scheduler.ts';
import {
  anotherGroup,
  DAY_MS,
  HOUR_MS,
  makeBookingWorld,
  requestFor,
  seatLedger,
  T0,
} from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { confirmBooking, createBooking, remindUpcomingTrips } from './bookings.server.ts';

describeEachDriver('booking notices', (ctx) => {
  it('sends every notice exactly once, from two schedulers ticking together over twelve days of a fake clock', async () => {
    const world = await makeBookingWorld(ctx.db, { capacity: 70 });
    const clock = new FakeClock(T0);
    const meta = () => ({ now: clock.now(), publicUrl: 'https://sc.example' });
    const a = await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 30), meta());
    const b = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 30),
      meta(),
    );
    const c = await createBooking(
      ctx.db,
      world.people.priorityTeacher,
      requestFor(world.session.id, 20, { waitlist: true }),
      meta(),
    );
    if (!a.ok || !b.ok || !c.ok) throw new Error('booking failed');
    expect(c.status).toBe('waitlisted');
    clock.advance(HOUR_MS);
    expect(await confirmBooking(ctx.db, world.people.operator, a.id, meta())).toMatchObject({ ok: true });

    // Two server processes, each with its own scheduler, over one database.
    const delivered: string[] = [];
    const scheduler = () =>
      new Scheduler(
        jobs.filter((j) => j.name.startsWith('booking') || j.name === 'deliver-emails'),
        {
          db: ctx.db,
          clock,
          log: createLogger('silent'),
          mailer: {
            kind: 'log',
            send: async (email) => {
              delivered.push(email.id);
            },
          },
          publicUrl: 'https://sc.example',
        },
      );
    const schedulers = [scheduler(), scheduler()];
    const firstSeen = new Map<string, number>();
    while (clock.now().getTime() < world.session.startsAt.getTime() + 2 * DAY_MS) {
      clock.advance(HOUR_MS);
      await Promise.all(schedulers.map((s) => s.tick()));
      const mine = await ctx.db
        .select({ kind: notifications.kind })
        .from(notifications)
        .where(eq(notifications.userId, world.people.teacher.id));
      for (const { kind } of mine) if (!firstSeen.has(kind)) firstSeen.set(kind, clock.now().getTime());
    }

    const rows = await ctx.db
      .select({ userId: notifications.userId, kind: notifications.kind, key: notifications.dedupeKey })
      .from(notifications)
      .where(like(notifications.dedupeKey, 'booking:%'));
    const of = (userId: string) =>
      rows
        .filter((r) => r.userId === userId)
        .map((r) => r.kind)
        .sort();
    expect(of(world.people.teacher.id)).toEqual([
      'booking_confirmed',
      'booking_received',
      'booking_reconfirm',
      'booking_reminder',
    ]);
    expect(of(world.people.otherTeacher.id)).toEqual(['booking_lapsed', 'booking_received']);
    // The waitlisted group moved up when the other request lapsed, and lapsed in its turn, unanswered.
    expect(of(world.people.priorityTeacher.id)).toEqual([
      'booking_lapsed',
      'booking_promoted',
      'booking_waitlisted',
    ]);
    expect(of(world.people.operator.id)).toEqual([
      'booking_requested',
      'booking_requested',
      'booking_requested',
    ]);
    const statuses = await ctx.db.select({ id: bookings.id, status: bookings.status }).from(bookings);
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [a.id]: 'confirmed',
      [b.id]: 'lapsed',
      [c.id]: 'lapsed',
    });
    expect(await seatLedger(ctx.db, world.session.id)).toMatchObject({ held: 33, sum: 33 });

    // One e-mail per notice, each delivered once.
    const emails = await ctx.db
      .select({ key: emailOutbox.dedupeKey, id: emailOutbox.id, status: emailOutbox.status })
      .from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, 'booking:%'));
    expect(emails.map((e) => e.key).sort()).toEqual(rows.map((r) => r.key).sort());
    expect(emails.every((e) => e.status === 'sent')).toBe(true);
    expect([...delivered].sort()).toEqual(emails.map((e) => e.id).sort());

    // The reconfirmation came seven days before the visit, the reminder two days before (within the hour's tick).
    const before = (kind: string) =>
      (world.session.startsAt.getTime() - (firstSeen.get(kind) ?? 0)) / HOUR_MS;
    expect(before('booking_reconfirm')).toBeGreaterThan(7 * 24 - 1);
    expect(before('booking_reconfirm')).toBeLessThanOrEqual(7 * 24);
    expect(before('booking_reminder')).toBeGreaterThan(2 * 24 - 1);
    expect(before('booking_reminder')).toBeLessThanOrEqual(2 * 24);
  });

  it('sends a trip reminder that falls due at night in the morning, or at once when the visit is before 09:00', async () => {
    const remindersOf = async (id: string) =>
      ctx.db
        .select({ kind: notifications.kind })
        .from(notifications)
        .where(like(notifications.dedupeKey, `booking:${id}:%`))
        .then((rows) => rows.filter((r) => r.kind === 'booking_reconfirm' || r.kind === 'booking_reminder'));
    const at = (hours: number) => ({
      now: new Date(T0.getTime() + hours * HOUR_MS),
      publicUrl: 'https://sc.example',
    });

    // An evening program at 22:00 three days on, booked at 10:00 and confirmed at once.
    const evening = await makeBookingWorld(ctx.db, { autoConfirm: true, sessionDays: 3.5 });
    expect(evening.session.startsAt).toEqual(shanghaiTime(2030, 3, 7, 22));
    const booked = await createBooking(
      ctx.db,
      evening.people.teacher,
      requestFor(evening.session.id, 30),
      at(0),
    );
    if (!booked.ok) throw new Error(booked.error);
    expect(booked.status).toBe('confirmed');
    await remindUpcomingTrips(ctx.db, at(0));
    expect((await remindersOf(booked.id)).map((r) => r.kind)).toEqual(['booking_reconfirm']);
    // Two days before is 22:00: the reminder waits until 07:00, and goes once.
    for (const hours of [36, 40, 44.99]) await remindUpcomingTrips(ctx.db, at(hours));
    expect((await remindersOf(booked.id)).map((r) => r.kind)).toEqual(['booking_reconfirm']);
    await remindUpcomingTrips(ctx.db, at(45));
    expect(at(45).now).toEqual(shanghaiTime(2030, 3, 6, 7));
    await remindUpcomingTrips(ctx.db, at(45));
    expect((await remindersOf(booked.id)).map((r) => r.kind).sort()).toEqual([
      'booking_reconfirm',
      'booking_reminder',
    ]);

    // A visit at 08:00 booked at 23:00 the night before (the venue takes bookings up to the day): reminded at once.
    const early = await makeBookingWorld(ctx.db, { autoConfirm: true, sessionDays: 22 / 24 });
    await ctx.db.update(venues).set({ bookingClosesDays: 0 }).where(eq(venues.id, early.venue.id));
    expect(early.session.startsAt).toEqual(shanghaiTime(2030, 3, 5, 8));
    const late = await createBooking(ctx.db, early.people.teacher, requestFor(early.session.id, 30), at(13));
    if (!late.ok) throw new Error(late.error);
    expect(late.status).toBe('confirmed');
    await remindUpcomingTrips(ctx.db, at(13));
    expect((await remindersOf(late.id)).map((r) => r.kind)).toEqual(['booking_reminder']);
  });

  it('marks as read the notices about a booking once their reader has acted on it, and no one else’s', async () => {
    const world = await makeBookingWorld(ctx.db);
    const meta = () => ({ now: T0, publicUrl: 'https://sc.example' });
    const booked = await createBooking(
      ctx.db,
      world.people.teacher,
      requestFor(world.session.id, 30),
      meta(),
    );
    const other = await createBooking(
      ctx.db,
      world.people.priorityTeacher,
      requestFor(world.session.id, 20),
      meta(),
    );
    if (!booked.ok || !other.ok) throw new Error('booking failed');
    const unread = async (userId: string) =>
      (await ctx.db.select().from(notifications).where(eq(notifications.userId, userId)))
        .filter((n) => n.readAt === null)
        .map((n) => `${n.kind}:${n.link}`)
        .sort();
    expect(await unread(world.people.operator.id)).toEqual(
      [
        `booking_requested:/console/bookings/${booked.id}`,
        `booking_requested:/console/bookings/${other.id}`,
      ].sort(),
    );
    // A refused step reads nothing.
    expect(await confirmBooking(ctx.db, world.people.teacher, booked.id, meta())).toMatchObject({
      ok: false,
    });
    expect(await unread(world.people.teacher.id)).toHaveLength(1);
    expect(await confirmBooking(ctx.db, world.people.operator, booked.id, meta())).toMatchObject({
      ok: true,
    });
    // The operator's request about this booking is read; the one about the other booking still waits.
    expect(await unread(world.people.operator.id)).toEqual([
      `booking_requested:/console/bookings/${other.id}`,
    ]);
    // The teacher has not acted: the receipt and the confirmation are both still news to them.
    expect(await unread(world.people.teacher.id)).toEqual(
      [`booking_confirmed:/trips/${booked.id}`, `booking_received:/trips/${booked.id}`].sort(),
    );
  });
});
