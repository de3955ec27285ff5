// A venue's public page offers a booking link only while requests are taken: the booking window as createBooking
// applies it, including the 12 hours before the start in which a venue that answers requests could not answer.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { venues } from '#db/schema/index.ts';
import { addSession, DAY_MS, HOUR_MS, makeBookingWorld, T0 } from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { venueProfile } from './discovery.server.ts';

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
