import { expect, it } from 'vitest';
import {
  addSession,
  type BookingWorld,
  DAY_MS,
  makeBookingWorld,
  requestFor,
  T0,
} from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { cancelBooking, confirmBooking, createBooking, recordAttendance } from './bookings.server.ts';
import { tripFigures } from './trip-figures.server.ts';
import { listTrips } from './views.server.ts';

const meta = (now = T0) => ({ now, publicUrl: 'https://sc.example' });
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);

describeEachDriver('the figures on /trips', (ctx) => {
  async function book(world: BookingWorld, who: keyof BookingWorld['people'], days: number, pupils = 30) {
    const session = await addSession(ctx.db, world, days);
    const created = await createBooking(ctx.db, world.people[who], requestFor(session.id, pupils), meta());
    if (!created.ok) throw new Error(created.error);
    return created.id;
  }
  async function attend(world: BookingWorld, id: string, attendedPupils: number) {
    await confirmBooking(ctx.db, world.people.operator, id, meta());
    const recorded = await recordAttendance(
      ctx.db,
      world.people.operator,
      id,
      { attendedPupils, attendedChaperones: 3, chargedPricePerPupil: 0, chargedPricePerChaperone: 0 },
      meta(at(20)),
    );
    if (!recorded.ok) throw new Error(recorded.error);
  }

  it('counts upcoming and made trips and the pupils who went, for a teacher their own, for a school admin the school’s', async () => {
    const world = await makeBookingWorld(ctx.db);
    // Held and recorded: 28 and 25 pupils of the 30 booked went.
    await attend(world, await book(world, 'teacher', 2), 28);
    await attend(world, await book(world, 'teacher', 3), 25);
    // Held but not recorded yet: neither upcoming nor made.
    await confirmBooking(ctx.db, world.people.operator, await book(world, 'teacher', 4), meta());
    // Ahead: one requested, one confirmed by a colleague; one called off.
    await book(world, 'teacher', 30);
    await confirmBooking(ctx.db, world.people.operator, await book(world, 'otherTeacher', 31), meta());
    const cancelled = await book(world, 'teacher', 32);
    expect((await cancelBooking(ctx.db, world.people.teacher, cancelled, '改期', meta())).ok).toBe(true);
    // Another school's trips count for nobody here.
    await attend(world, await book(world, 'priorityTeacher', 5), 33);
    await book(world, 'priorityTeacher', 33);

    const now = at(25);
    expect(await tripFigures(ctx.db, world.people.teacher, now)).toEqual({
      upcoming: 1,
      attended: 2,
      pupilsAttended: 53,
    });
    expect(await tripFigures(ctx.db, world.people.schoolAdmin, now)).toEqual({
      upcoming: 2,
      attended: 2,
      pupilsAttended: 53,
    });
    expect(await tripFigures(ctx.db, world.people.priorityTeacher, now)).toEqual({
      upcoming: 1,
      attended: 1,
      pupilsAttended: 33,
    });
    // A person of no school has no trips; the figures agree with the list the page shows.
    expect(await tripFigures(ctx.db, world.people.operator, now)).toEqual({
      upcoming: 0,
      attended: 0,
      pupilsAttended: 0,
    });
    const listed = await listTrips(ctx.db, world.people.schoolAdmin);
    expect(listed.filter((trip) => trip.status === 'attended')).toHaveLength(2);
    // Once the last session has begun nothing is upcoming any more.
    expect((await tripFigures(ctx.db, world.people.schoolAdmin, at(40))).upcoming).toBe(0);
  });
});
