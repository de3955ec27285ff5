// "Book a trip" narrows the sessions that take requests by words, grade, first day and region, in SQL: each filter
// keeps the session it should and drops it when it should not, and the words a teacher types are never wildcards.
import { expect, it } from 'vitest';
import { addDays, shanghaiDay } from '#app/utils/time.ts';
import { addSession, makeBookingWorld, T0 } from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { type BookableFilters, bookableSessions } from './views.server.ts';

describeEachDriver('book a trip: filters', (ctx) => {
  it('keeps and drops sessions by words, grade, first day and region', async () => {
    // 草原文明展导览 for grades 3–9 at 内蒙古博物院 (新城区 150102, 呼和浩特 150100), 10 and 20 days after T0.
    const world = await makeBookingWorld(ctx.db);
    const later = await addSession(ctx.db, world, 20);
    const listed = async (filters: BookableFilters) =>
      (await bookableSessions(ctx.db, world.people.teacher, T0, filters)).map((s) => s.id);
    const both = [world.session.id, later.id];

    expect(await listed({})).toEqual(expect.arrayContaining(both));
    expect(await listed({ q: '草原' })).toEqual(expect.arrayContaining(both));
    expect(await listed({ q: '博物院' })).toEqual(expect.arrayContaining(both));
    expect(await listed({ q: '天文' })).toEqual([]);
    // `%` and `_` are what the teacher typed, not "anything".
    expect(await listed({ q: '%' })).toEqual([]);
    expect(await listed({ q: '草原_' })).toEqual([]);

    expect(await listed({ grade: 5 })).toEqual(expect.arrayContaining(both));
    expect(await listed({ grade: 1 })).toEqual([]);
    expect(await listed({ grade: 12 })).toEqual([]);

    const firstDay = shanghaiDay(world.session.startsAt);
    expect(await listed({ from: firstDay })).toEqual(expect.arrayContaining(both));
    const fromNextDay = await listed({ from: addDays(firstDay, 1) });
    expect(fromNextDay).toContain(later.id);
    expect(fromNextDay).not.toContain(world.session.id);
    expect(await listed({ from: addDays(shanghaiDay(later.startsAt), 1) })).toEqual([]);

    expect(await listed({ region: '150100' })).toEqual(expect.arrayContaining(both));
    expect(await listed({ region: '150102' })).toEqual(expect.arrayContaining(both));
    expect(await listed({ region: '150105' })).toEqual([]);
    expect(await listed({ region: '150200' })).toEqual([]);

    // Together: each narrows what the others kept.
    expect(await listed({ q: '草原', grade: 4, from: addDays(firstDay, 1), region: '150100' })).toEqual([
      later.id,
    ]);
  });
});
