// A venue's public page offers a booking link only while requests are taken: the booking window as createBooking
// applies it, including the 12 hours before the start in which a venue that answers requests could not answer.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createBooking } from '#app/domain/bookings/bookings.server.ts';
import { bookableSessions, sessionForBooking } from '#app/domain/bookings/views.server.ts';
import { getT } from '#app/i18n/index.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { programs, venues } from '#db/schema/index.ts';
import {
  addSession,
  anotherGroup,
  DAY_MS,
  HOUR_MS,
  makeBookingWorld,
  requestFor,
  T0,
} from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { venueProfile, venuesWithRoom } from './discovery.server.ts';

describeEachDriver('a venue profile’s sessions', (ctx) => {
  it('says for each session whether requests are taken now, not yet, or no longer', async () => {
    const world = await makeBookingWorld(ctx.db, { sessionDays: 20 });
    await ctx.db
      .update(venues)
      .set({ bookingOpensDays: 30, bookingClosesDays: 0 })
      .where(eq(venues.id, world.venue.id));
    const soon = await addSession(ctx.db, world, 7 / 24); // 7 hours ahead: inside the last 12 hours
    const later = await addSession(ctx.db, world, 40); // its requests open 30 days before
    const stateOf = async () => {
      const profile = await venueProfile(ctx.db, getT('zh'), world.venue.id, T0);
      return new Map(profile?.sessions.map((s) => [s.id, s]));
    };

    const answered = await stateOf();
    expect(answered.get(soon.id)?.booking).toBe('closed');
    expect(answered.get(world.session.id)?.booking).toBe('open');
    expect(answered.get(later.id)?.booking).toBe('not_open_yet');
    expect(answered.get(later.id)?.bookingOpensAt).toBe(
      new Date(later.startsAt.getTime() - 30 * DAY_MS).toISOString(),
    );

    // A venue that confirms by itself needs no answer: with 0 days' closing, it takes requests until the start.
    await ctx.db.update(venues).set({ autoConfirm: true }).where(eq(venues.id, world.venue.id));
    const automatic = await stateOf();
    expect(automatic.get(soon.id)?.booking).toBe('open');
    expect(soon.startsAt.getTime() - T0.getTime()).toBe(7 * HOUR_MS);
  });
});

describeEachDriver('a venue profile’s free seats', (ctx) => {
  it('counts the seats the booking form will take from the viewer: green-channel seats only for a priority school', async () => {
    const release = new Date(T0.getTime() + 3 * DAY_MS);
    const world = await makeBookingWorld(ctx.db, {
      capacity: 60,
      greenChannelSeats: 20,
      greenReleaseAt: release,
    });
    const meta = (now = T0) => ({ now, publicUrl: 'https://sc.example' });
    // 33 seats taken by an ordinary school: 27 left, 20 of them kept for priority schools until the release.
    expect(
      await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 30), meta()),
    ).toMatchObject({ ok: true, seats: 33 });
    const seatsOf = async (priority: boolean | undefined, now = T0) => {
      const profile = await venueProfile(ctx.db, getT('zh'), world.venue.id, now, { priority });
      return profile?.sessions.find((s) => s.id === world.session.id);
    };

    const visitor = await seatsOf(undefined);
    expect(visitor).toMatchObject({
      seatsLeft: 27,
      seatsOpen: 7,
      greenHeld: { seats: 20, releaseAt: release.toISOString() },
    });
    expect(await seatsOf(false)).toMatchObject({ seatsOpen: 7, greenHeld: { seats: 20 } });
    expect(await seatsOf(true)).toMatchObject({ seatsLeft: 27, seatsOpen: 27, greenHeld: null });
    // The same numbers as the booking form's, for a teacher of each kind of school.
    expect(
      (await sessionForBooking(ctx.db, world.people.otherTeacher, world.session.id, T0))?.seatsOpen,
    ).toBe(7);
    expect(
      (await sessionForBooking(ctx.db, world.people.priorityTeacher, world.session.id, T0))?.seatsOpen,
    ).toBe(27);
    // …and what the booking takes: 8 seats are refused to an ordinary school, 7 are not.
    expect(
      await createBooking(
        ctx.db,
        world.people.otherTeacher,
        { ...anotherGroup(world.session.id, 7), chaperones: 1 },
        meta(),
      ),
    ).toMatchObject({ ok: false, error: 'session_full' });
    expect(await seatsOf(false)).toMatchObject({ seatsOpen: 7 });
    // After the release every school sees every seat, and nothing is said held back.
    expect(await seatsOf(false, new Date(release.getTime() + 1))).toMatchObject({
      seatsOpen: 27,
      greenHeld: null,
    });

    // A search for free seats that day counts the same way.
    const day = shanghaiDay(world.session.startsAt);
    const room = (seats: number, priority?: boolean) =>
      venuesWithRoom(ctx.db, { from: day, to: day, seats, now: T0, priority });
    expect((await room(7)).has(world.venue.id)).toBe(true);
    expect((await room(10)).has(world.venue.id)).toBe(false);
    expect((await room(10, false)).has(world.venue.id)).toBe(false);
    expect((await room(27, true)).has(world.venue.id)).toBe(true);
    expect((await room(28, true)).has(world.venue.id)).toBe(false);
    // Each venue found says when: its first session of those days with room for the group, and how many have room.
    expect((await room(7)).get(world.venue.id)).toEqual({
      firstStartsAt: world.session.startsAt.toISOString(),
      seatsOpen: 7,
      sessions: 1,
    });
    const early = await addSession(ctx.db, world, 10 - 2 / 24, 5); // 08:00 the same day, 5 seats
    const afternoon = await addSession(ctx.db, world, 10 + 3 / 24); // 13:00, 120 seats
    expect(shanghaiDay(early.startsAt)).toBe(day);
    expect(shanghaiDay(afternoon.startsAt)).toBe(day);
    expect((await room(7)).get(world.venue.id)).toEqual({
      firstStartsAt: world.session.startsAt.toISOString(),
      seatsOpen: 7,
      sessions: 2,
    });
    expect((await room(5)).get(world.venue.id)).toEqual({
      firstStartsAt: early.startsAt.toISOString(),
      seatsOpen: 5,
      sessions: 3,
    });
    expect((await room(28, true)).get(world.venue.id)).toEqual({
      firstStartsAt: afternoon.startsAt.toISOString(),
      seatsOpen: 120,
      sessions: 1,
    });
  });
});

describeEachDriver('a session with too few seats left for a group', (ctx) => {
  it('is known as such by the venue page, the booking page and "book a trip", as createBooking refuses it', async () => {
    const world = await makeBookingWorld(ctx.db, { capacity: 30 });
    // Groups of at least 10 pupils; grades 3–9 at one adult per 10 (primary) or 15: the smallest request is 10 + 1.
    await ctx.db.update(programs).set({ minGroupSize: 10 }).where(eq(programs.id, world.program.id));
    const meta = { now: T0, publicUrl: 'https://sc.example' };
    expect(
      await createBooking(ctx.db, world.people.priorityTeacher, requestFor(world.session.id, 19), meta),
    ).toMatchObject({ ok: true, seats: 21 });
    const profile = await venueProfile(ctx.db, getT('zh'), world.venue.id, T0);
    expect(profile?.sessions.find((s) => s.id === world.session.id)).toMatchObject({
      seatsOpen: 9,
      smallestGroup: 11,
    });
    expect(await sessionForBooking(ctx.db, world.people.teacher, world.session.id, T0)).toMatchObject({
      seatsOpen: 9,
      smallestGroup: 11,
    });
    expect((await bookableSessions(ctx.db, world.people.teacher, T0)).map((s) => s.id)).not.toContain(
      world.session.id,
    );
    // What the pages say is what the booking rules do: the smallest group is refused, and may wait on the waitlist.
    const smallest = { ...requestFor(world.session.id, 10), grade: 7, chaperones: 1 };
    expect(await createBooking(ctx.db, world.people.teacher, smallest, meta)).toMatchObject({
      ok: false,
      error: 'session_full',
    });
    expect(
      await createBooking(ctx.db, world.people.teacher, { ...smallest, chaperones: 0 }, meta),
    ).toMatchObject({ ok: false, error: 'too_few_chaperones' });
    expect(
      await createBooking(ctx.db, world.people.teacher, { ...smallest, waitlist: true }, meta),
    ).toMatchObject({ ok: true, status: 'waitlisted' });
    // With 11 seats open the session is bookable again, and listed.
    await ctx.db.update(programs).set({ minGroupSize: 8 }).where(eq(programs.id, world.program.id));
    expect((await bookableSessions(ctx.db, world.people.teacher, T0)).map((s) => s.id)).toContain(
      world.session.id,
    );
  });
});
