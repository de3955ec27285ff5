import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { shanghaiTime } from '#app/utils/time.ts';
import { sessions } from '#db/schema/index.ts';
import { actorOf, holdSeats, makeConsoleWorld } from '#tests/factories/console.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { consoleOverview } from './overview.server.ts';

describeEachDriver('console overview', (ctx) => {
  it('counts the seats booked per calendar week, Monday to Sunday, starting with the week that holds today', async () => {
    const w = await makeConsoleWorld(ctx.db);
    // The world's session moves to Monday 11 March: a week counted from a Tuesday would put it in the first week.
    await ctx.db
      .update(sessions)
      .set({ startsAt: shanghaiTime(2030, 3, 11, 9, 30), endsAt: shanghaiTime(2030, 3, 11, 11, 0) })
      .where(eq(sessions.id, w.session.id));
    await holdSeats(ctx.db, w, 30);
    const at = async (day: number, seats: number) => {
      const [session] = await ctx.db
        .insert(sessions)
        .values({
          programId: w.onsite.id,
          venueId: w.venue.id,
          startsAt: shanghaiTime(2030, 3, day, 14, 0),
          endsAt: shanghaiTime(2030, 3, day, 15, 30),
          capacity: 60,
        })
        .returning();
      await holdSeats(ctx.db, w, seats, 'confirmed', session!.id);
    };
    await at(5, 10); // Tuesday, this afternoon
    await at(10, 20); // Sunday, the end of this week
    await at(31, 40); // Sunday, the end of the fourth week
    // Tuesday 5 March 2030, 10:00 in Beijing.
    const [overview] = await consoleOverview(
      ctx.db,
      actorOf(w.people.operator),
      shanghaiTime(2030, 3, 5, 10, 0),
    );
    expect(overview?.weeks).toEqual([
      { from: '2030-03-04', held: 30, capacity: 120 },
      { from: '2030-03-11', held: 30, capacity: 120 },
      { from: '2030-03-18', held: 0, capacity: 0 },
      { from: '2030-03-25', held: 40, capacity: 60 },
    ]);
  });

  it('counts this week from its Monday 00:00 in Beijing, sessions already held included; the 30-day figures only ahead', async () => {
    const w = await makeConsoleWorld(ctx.db); // its session: Wednesday 20 March, 120 seats, none booked
    const at = async (day: number, hour: number, minute: number, seats: number) => {
      const [session] = await ctx.db
        .insert(sessions)
        .values({
          programId: w.onsite.id,
          venueId: w.venue.id,
          startsAt: shanghaiTime(2030, 3, day, hour, minute),
          endsAt: shanghaiTime(2030, 3, day, hour + 1, minute),
          capacity: 60,
        })
        .returning();
      await holdSeats(ctx.db, w, seats, 'confirmed', session!.id);
    };
    await at(3, 22, 30, 50); // Sunday, last week: not in the chart
    await at(4, 0, 0, 5); // Monday, the very start of this week
    await at(6, 14, 0, 10); // Wednesday, yesterday
    await at(7, 8, 0, 15); // Thursday, this morning, already begun
    await at(7, 14, 0, 20); // Thursday, this afternoon
    // Thursday 7 March 2030, 10:00 in Beijing.
    const [overview] = await consoleOverview(
      ctx.db,
      actorOf(w.people.operator),
      shanghaiTime(2030, 3, 7, 10, 0),
    );
    expect(overview?.weeks).toEqual([
      { from: '2030-03-04', held: 50, capacity: 240 },
      { from: '2030-03-11', held: 0, capacity: 0 },
      { from: '2030-03-18', held: 0, capacity: 120 },
      { from: '2030-03-25', held: 0, capacity: 0 },
    ]);
    // 未来 30 天场次 and its seats: this afternoon's session and the world's, nothing already begun.
    expect(overview).toMatchObject({ sessionsAhead: 2, seatsHeld: 20, capacity: 180 });
  });
});
