import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { shanghaiTime } from '#app/utils/time.ts';
import { openDatabase } from '#db/client.ts';
import { sessionSeries, sessions } from '#db/schema/index.ts';
import { PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import { actorOf, makeConsoleWorld, T0 } from '#tests/factories/console.ts';
import { createTestDatabase, describeEachDriver, serverUrl } from '#tests/setup/db.ts';
import type { SeriesFormInput } from './schemas.ts';
import { cancelSession, createSeries, createSession, updateSession } from './sessions.server.ts';

/** The world's session: Wednesday 20 March 2030, 09:30 in Hohhot. */
const WORLD_START = shanghaiTime(2030, 3, 20, 9, 30);

const values = (startsAt: Date) => ({
  startsAt,
  endsAt: new Date(startsAt.getTime() + 90 * 60_000),
  capacity: 60,
  greenChannelSeats: 0,
  greenReleaseAt: null,
  openDay: false,
  title: null,
});

const wednesdays = (programId: string, exceptionDates: string[] = []): SeriesFormInput => ({
  programId,
  firstDate: '2030-03-11',
  untilDate: '2030-04-07',
  startTime: '09:30',
  endTime: '11:00',
  frequency: 'weekly',
  interval: 1,
  weekdays: ['WE'],
  exceptionDates,
  capacity: 60,
  greenChannelSeats: 0,
  greenReleaseDays: 7,
  openDay: false,
});

describeEachDriver('one live session of a program per starting minute', (ctx) => {
  const sessionsOf = async (programId: string) =>
    ctx.db.select().from(sessions).where(eq(sessions.programId, programId));

  it('refuses a second session of the program at the same minute (a double click, a retry), naming the one there', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const again = await createSession(ctx.db, operator, w.onsite.id, values(WORLD_START), T0);
    expect(again).toMatchObject({
      ok: false,
      error: 'session_exists',
      field: 'startsAt',
      sessions: [{ id: w.session.id, startsAt: WORLD_START }],
    });
    // Seconds later by an API caller's clock is the same minute, so the same session.
    const seconds = await createSession(
      ctx.db,
      operator,
      w.onsite.id,
      values(new Date(WORLD_START.getTime() + 42_000)),
      T0,
    );
    expect(seconds).toMatchObject({ ok: false, error: 'session_exists' });
    expect(await sessionsOf(w.onsite.id)).toHaveLength(1);

    // The next minute is a session of its own; moving it back onto the first one's minute is refused alike.
    const next = await createSession(
      ctx.db,
      operator,
      w.onsite.id,
      values(shanghaiTime(2030, 3, 20, 9, 31)),
      T0,
    );
    expect(next).toMatchObject({ ok: true });
    if (!next.ok) return;
    const moved = await updateSession(
      ctx.db,
      operator,
      next.session.id,
      { startsAt: WORLD_START, endsAt: new Date(WORLD_START.getTime() + 60 * 60_000) },
      T0,
    );
    expect(moved).toMatchObject({ ok: false, error: 'session_exists', sessions: [{ id: w.session.id }] });
    const [unmoved] = await ctx.db.select().from(sessions).where(eq(sessions.id, next.session.id));
    expect(unmoved?.startsAt).toEqual(shanghaiTime(2030, 3, 20, 9, 31));

    // A session called off no longer counts: the minute is free again.
    expect(await cancelSession(ctx.db, operator, w.session.id, T0)).toEqual({ ok: true });
    expect(await createSession(ctx.db, operator, w.onsite.id, values(WORLD_START), T0)).toMatchObject({
      ok: true,
    });
  });

  it('is kept by the database itself, whatever the code path', async () => {
    const w = await makeConsoleWorld(ctx.db);
    let caught: unknown;
    try {
      await ctx.db.insert(sessions).values({
        ...values(new Date(WORLD_START.getTime() + 5_000)),
        programId: w.onsite.id,
        venueId: w.venue.id,
      });
    } catch (error) {
      caught = error;
    }
    expect(pgErrorCode(caught)).toBe(PG.uniqueViolation);
    expect(pgConstraint(caught)).toBe('sessions_program_start');
  });

  it('refuses a series that would repeat a session the program has, naming its day, and makes nothing', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const operator = actorOf(w.people.operator);
    const refused = await createSeries(ctx.db, operator, wednesdays(w.onsite.id), T0);
    expect(refused).toMatchObject({
      ok: false,
      error: 'series_sessions_exist',
      field: 'exceptionDates',
      sessions: [{ id: w.session.id }],
    });
    expect(await ctx.db.select().from(sessionSeries)).toHaveLength(0);
    expect(await sessionsOf(w.onsite.id)).toHaveLength(1);
    // With that day left out, the series is made around the single session.
    const around = await createSeries(ctx.db, operator, wednesdays(w.onsite.id, ['2030-03-20']), T0);
    expect(around).toMatchObject({ ok: true, sessions: 3 });
    expect(await sessionsOf(w.onsite.id)).toHaveLength(4);
  });
});

describe.skipIf(!serverUrl)('identical sessions sent at the same moment [postgres]', () => {
  it('makes one session and names it to every other request, 10 times', async () => {
    const handle = await createTestDatabase('postgres');
    const other = await openDatabase({ url: handle.url as string, poolSize: 10 });
    try {
      const w = await makeConsoleWorld(handle.db);
      const operator = actorOf(w.people.operator);
      for (let round = 0; round < 10; round++) {
        const startsAt = shanghaiTime(2030, 4, 1 + round, 14, 0);
        const results = await Promise.all(
          [handle.db, other.db, handle.db, other.db].map((db) =>
            createSession(db, operator, w.onsite.id, values(startsAt), T0),
          ),
        );
        const made = results.filter((r) => r.ok);
        expect(made).toHaveLength(1);
        const id = made[0]?.ok ? made[0].session.id : '';
        for (const refused of results.filter((r) => !r.ok)) {
          expect(refused).toMatchObject({ ok: false, error: 'session_exists', sessions: [{ id }] });
        }
        const rows = await handle.db.select().from(sessions).where(eq(sessions.startsAt, startsAt));
        expect(rows.map((r) => r.id)).toEqual([id]);
      }
    } finally {
      await other.close();
      await handle.dispose();
    }
  });
});
