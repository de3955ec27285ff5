import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createBooking } from '#app/domain/bookings/bookings.server.ts';
import { shanghaiDay, shanghaiTime } from '#app/utils/time.ts';
import { type Database, openDatabase } from '#db/client.ts';
import { auditLog, bookings, sessionSeries, sessions, venues } from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import { requestFor } from '#tests/factories/bookings.ts';
import {
  actorOf,
  type ConsoleWorld,
  holdSeats,
  makeConsoleWorld,
  releaseSeats,
  T0,
  waitlisted,
} from '#tests/factories/console.ts';
import { createTestDatabase, describeEachDriver, serverUrl } from '#tests/setup/db.ts';
import {
  addSeriesException,
  cancelSession,
  createSeries,
  endSeries,
  listPublicSessions,
  listVenueSeries,
  updateSession,
} from './sessions.server.ts';

/** Tuesdays and Thursdays at 09:00 from 12 March to 4 April 2030: eight sessions. */
async function spring(db: Database, w: ConsoleWorld) {
  const made = await createSeries(
    db,
    actorOf(w.people.operator),
    {
      programId: w.onsite.id,
      firstDate: '2030-03-11',
      untilDate: '2030-04-07',
      startTime: '09:00',
      endTime: '10:30',
      frequency: 'weekly',
      interval: 1,
      weekdays: ['TU', 'TH'],
      exceptionDates: [],
      capacity: 60,
      greenChannelSeats: 0,
      greenReleaseDays: 7,
      openDay: false,
    },
    T0,
  );
  if (!made.ok) throw new Error(made.error);
  const rows = await db
    .select()
    .from(sessions)
    .where(eq(sessions.seriesId, made.seriesId))
    .orderBy(asc(sessions.startsAt));
  const onDay = (day: string) => rows.find((s) => shanghaiDay(s.startsAt) === day)!;
  return { id: made.seriesId, onDay };
}

describeEachDriver('ending a series early', (ctx) => {
  const liveDays = async (seriesId: string) =>
    (
      await ctx.db
        .select({ startsAt: sessions.startsAt })
        .from(sessions)
        .where(and(eq(sessions.seriesId, seriesId), isNull(sessions.cancelledAt)))
        .orderBy(asc(sessions.startsAt))
    ).map((s) => shanghaiDay(s.startsAt));
  const ruleOf = async (seriesId: string) =>
    (await ctx.db.select().from(sessionSeries).where(eq(sessionSeries.id, seriesId)))[0]?.rrule;

  it('calls every later day off in one action: the rule ends there, the public no longer sees them, audited with the region', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const series = await spring(ctx.db, w);
    const before = await ruleOf(series.id);

    expect(await endSeries(ctx.db, operator, series.id, '2030-03-21', T0)).toEqual({
      ok: true,
      calledOff: 4,
    });
    expect(await liveDays(series.id)).toEqual(['2030-03-12', '2030-03-14', '2030-03-19', '2030-03-21']);
    const rule = await ruleOf(series.id);
    expect(rule).toContain('UNTIL=20300321T235959Z');
    expect(rule?.split('\n')[0]).toBe(before?.split('\n')[0]);

    const listed = await listPublicSessions(
      ctx.db,
      {
        venueId: w.venue.id,
        from: T0,
        to: shanghaiTime(2030, 6, 1),
        page: 1,
        pageSize: 50,
      },
      { priority: false, now: T0 },
    );
    expect(listed.items.filter((s) => s.startsAt > shanghaiTime(2030, 3, 22).toISOString())).toEqual([]);
    const consoleList = await listVenueSeries(ctx.db, operator, w.venue.id, T0);
    expect(consoleList).toMatchObject({ ok: true, series: [{ id: series.id, sessionsToCome: 4 }] });

    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'session_series.end'));
    expect(entry).toMatchObject({
      actorUserId: w.people.operator.id,
      entityId: series.id,
      regionCode: venue!.regionCode,
      before: { rrule: before, lastDay: '2030-04-04' },
      after: { lastDay: '2030-03-21', rrule: rule },
    });
    expect((entry!.after as { cancelledSessions: string[] }).cancelledSessions).toHaveLength(4);
  });

  it('refuses a day before today, one on or after the last session, a series with nothing to come, and other venues’ series', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const series = await spring(ctx.db, w);
    // T0 is 4 March 2030 in Hohhot.
    expect(await endSeries(ctx.db, operator, series.id, '2030-03-03', T0)).toEqual({
      ok: false,
      error: 'series_end_past',
      field: 'lastDay',
    });
    for (const day of ['2030-04-04', '2030-05-01']) {
      expect(await endSeries(ctx.db, operator, series.id, day, T0)).toEqual({
        ok: false,
        error: 'series_end_after',
        field: 'lastDay',
        lastDay: '2030-04-04',
      });
    }
    expect(await endSeries(ctx.db, actorOf(w.people.otherOperator), series.id, '2030-03-21', T0)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect(await endSeries(ctx.db, operator, id, '2030-03-21', T0)).toEqual({
        ok: false,
        error: 'not_found',
      });
    }
    expect(await liveDays(series.id)).toHaveLength(8);
    // Ended today, nothing is left to come the next day.
    expect(
      await endSeries(ctx.db, operator, series.id, '2030-03-12', shanghaiTime(2030, 3, 12, 8)),
    ).toMatchObject({
      ok: true,
      calledOff: 7,
    });
    expect(await endSeries(ctx.db, operator, series.id, '2030-03-13', shanghaiTime(2030, 3, 13, 8))).toEqual({
      ok: false,
      error: 'series_over',
      field: 'lastDay',
    });
  });

  it('calls no booked or waitlisted day off: the end is refused naming those days, and nothing changes until the bookings are dealt with', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const series = await spring(ctx.db, w);
    const booked = await holdSeats(ctx.db, w, 20, 'confirmed', series.onDay('2030-03-26').id);
    const waiting = await waitlisted(ctx.db, w, series.onDay('2030-04-02').id);
    const rule = await ruleOf(series.id);

    const refused = await endSeries(ctx.db, operator, series.id, '2030-03-21', T0);
    expect(refused).toMatchObject({
      ok: false,
      error: 'series_has_bookings',
      field: 'lastDay',
      sessions: [
        { id: series.onDay('2030-03-26').id, liveBookings: 1 },
        { id: series.onDay('2030-04-02').id, liveBookings: 1 },
      ],
    });
    expect(await liveDays(series.id)).toHaveLength(8);
    expect(await ruleOf(series.id)).toBe(rule);
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'session_series.end'))).toEqual([]);

    // Once the bookings desk has cancelled them (the schools were told), the series ends.
    await releaseSeats(ctx.db, booked, 'cancelled');
    await ctx.db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, waiting.id));
    expect(await endSeries(ctx.db, operator, series.id, '2030-03-21', T0)).toEqual({
      ok: true,
      calledOff: 4,
    });
  });

  it('calls no single session or series day off, nor moves one, while a school waits on its waitlist', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    await waitlisted(ctx.db, w, w.session.id);
    expect(await cancelSession(ctx.db, operator, w.session.id, T0)).toMatchObject({
      ok: false,
      error: 'session_has_bookings',
    });
    // Promoted later, the group would come at a time it never chose; its seats and title may still change.
    // (The world's session runs 20 March 2030, 09:30–11:00.)
    expect(
      await updateSession(
        ctx.db,
        operator,
        w.session.id,
        { startsAt: shanghaiTime(2030, 3, 20, 10, 30), endsAt: shanghaiTime(2030, 3, 20, 12) },
        T0,
      ),
    ).toMatchObject({ ok: false, error: 'session_has_bookings' });
    expect(await updateSession(ctx.db, operator, w.session.id, { capacity: 90 }, T0)).toMatchObject({
      ok: true,
    });
    const series = await spring(ctx.db, w);
    await waitlisted(ctx.db, w, series.onDay('2030-03-19').id);
    expect(await addSeriesException(ctx.db, operator, series.id, '2030-03-19', T0)).toMatchObject({
      ok: false,
      error: 'session_has_bookings',
    });
    const open = await ctx.db
      .select()
      .from(sessions)
      .where(
        and(
          isNull(sessions.cancelledAt),
          sql`${sessions.id} in (${w.session.id}, ${series.onDay('2030-03-19').id})`,
        ),
      );
    expect(open).toHaveLength(2);
  });
});

describe.skipIf(!serverUrl)('a waitlist request racing with a day being called off [postgres]', () => {
  it('takes no one onto the waitlist of a session called off while the request waited for it', async () => {
    const handle = await createTestDatabase('postgres');
    const other = await openDatabase({ url: handle.url as string, poolSize: 2 });
    try {
      const w = await makeConsoleWorld(handle.db);
      // 25 of 30 seats kept for priority schools until the day before: the teacher's school (not one) can only wait.
      await handle.db
        .update(sessions)
        .set({ capacity: 30, greenChannelSeats: 25, greenReleaseAt: shanghaiTime(2030, 3, 19, 9, 30) })
        .where(eq(sessions.id, w.session.id));
      const waitingForLock = async () => {
        for (let i = 0; i < 200; i++) {
          const [row] = await queryRows<{ n: number }>(
            handle.db,
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`,
          );
          if ((row?.n ?? 0) > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error('the request never waited for the session');
      };
      let request: Promise<Awaited<ReturnType<typeof createBooking>>> | undefined;
      // The day is called off (as endSeries and cancelSession do) while the request waits for the session's row.
      await other.db.transaction(async (tx) => {
        await tx.update(sessions).set({ cancelledAt: T0 }).where(eq(sessions.id, w.session.id));
        request = createBooking(
          handle.db,
          w.people.teacher,
          requestFor(w.session.id, 10, { waitlist: true }),
          { now: T0 },
        );
        await waitingForLock();
      });
      expect(await request).toMatchObject({ ok: false, error: 'session_unavailable' });
      expect(await handle.db.select().from(bookings).where(eq(bookings.sessionId, w.session.id))).toEqual([]);
    } finally {
      await other.close();
      await handle.dispose();
    }
  });
});
