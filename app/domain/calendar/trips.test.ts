import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { bookings, schools, sessions, venues } from '#db/schema/index.ts';
import { holdSeats, makeConsoleWorld, releaseSeats, T0 } from '#tests/factories/console.ts';
import { readCalendar } from '#tests/factories/speakers.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { buildCalendar } from './ics.server.ts';
import { bookingCalendarEvent, feedsFor, tripEvent, tripFeed } from './trips.server.ts';

const t = getT('zh');
const ORIGIN = 'https://classroom.example';

describeEachDriver('field-trip calendars', (ctx) => {
  it('gives a confirmed booking one RFC 5545 event in Asia/Shanghai that a real parser reads back', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const confirmed = await holdSeats(ctx.db, w, 42);
    const requested = await holdSeats(ctx.db, w, 20, 'requested');

    const event = await bookingCalendarEvent(ctx.db, w.people.teacher, confirmed.id, t, ORIGIN);
    expect(event).not.toBeNull();
    const text = buildCalendar(event!.summary, [event!], T0);
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20300320T093000');
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text.split('\r\n').every((line) => line.length <= 75 || Buffer.byteLength(line) <= 75)).toBe(true);
    const [parsed] = readCalendar(text);
    expect(parsed).toMatchObject({
      uid: `booking-${confirmed.id}@social-classroom`,
      summary: '研学：呼和浩特科技馆 · 机器人探秘',
      status: 'CONFIRMED',
    });
    expect(parsed?.startsAt.toISOString()).toBe('2030-03-20T01:30:00.000Z');
    expect(parsed?.endsAt.toISOString()).toBe('2030-03-20T03:00:00.000Z');
    expect(text.replace(/\r\n /g, '')).toContain(`URL:${ORIGIN}/bookings/${confirmed.id}/trip-sheet.pdf`);
    // Counts only: no contact details of the teacher in the calendar.
    expect(text).not.toContain('13800000000');

    // The venue's operator sees it too; another venue's operator, another school's teacher, and a request do not.
    expect(await bookingCalendarEvent(ctx.db, w.people.operator, confirmed.id, t, ORIGIN)).not.toBeNull();
    expect(await bookingCalendarEvent(ctx.db, w.people.otherOperator, confirmed.id, t, ORIGIN)).toBeNull();
    expect(await bookingCalendarEvent(ctx.db, w.people.otherTeacher, confirmed.id, t, ORIGIN)).toBeNull();
    expect(await bookingCalendarEvent(ctx.db, w.people.teacher, requested.id, t, ORIGIN)).toBeNull();
    expect(await bookingCalendarEvent(ctx.db, w.people.teacher, 'nonsense', t, ORIGIN)).toBeNull();
  });

  it('feeds each school and venue its confirmed trips behind a secret address, and drops cancelled ones', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const confirmed = await holdSeats(ctx.db, w, 42);
    await holdSeats(ctx.db, w, 20, 'requested');
    const cancelled = await holdSeats(ctx.db, w, 12);
    await releaseSeats(ctx.db, cancelled, 'cancelled');

    const [school] = await ctx.db.select().from(schools).where(eq(schools.id, w.school.id));
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    for (const [kind, token, name] of [
      ['school', school!.calendarToken, '哈达中心学校'],
      ['venue', venue!.calendarToken, '呼和浩特科技馆'],
    ] as const) {
      const feed = await tripFeed(ctx.db, kind, token, T0);
      expect(feed?.name).toBe(name);
      const text = buildCalendar(
        name,
        feed!.trips.map((trip) => tripEvent(trip, t, ORIGIN)),
        T0,
      );
      const events = readCalendar(text);
      expect(events.map((e) => [e.uid, e.status]).sort()).toEqual(
        [
          [`booking-${cancelled.id}@social-classroom`, 'CANCELLED'],
          [`booking-${confirmed.id}@social-classroom`, 'CONFIRMED'],
        ].sort(),
      );
      // Only the confirmed trip points at its trip sheet; the cancelled one says it was cancelled.
      const events2 = feed!.trips.map((trip) => tripEvent(trip, t, ORIGIN));
      const dropped = events2.find((e) => e.status === 'CANCELLED');
      expect(dropped?.url).toBeUndefined();
      expect(dropped?.description).toContain('此行程已取消');
      expect(events2.find((e) => e.status === 'CONFIRMED')?.url).toBe(
        `${ORIGIN}/bookings/${confirmed.id}/trip-sheet.pdf`,
      );
    }
    expect(await tripFeed(ctx.db, 'school', venue!.calendarToken, T0)).toBeNull();
    expect(await tripFeed(ctx.db, 'venue', 'x'.repeat(64), T0)).toBeNull();

    const teacherFeeds = await feedsFor(ctx.db, w.people.teacher);
    expect(teacherFeeds).toEqual([
      {
        kind: 'school',
        id: w.school.id,
        name: '哈达中心学校',
        token: school!.calendarToken,
        mayRenew: false,
      },
    ]);
    expect(await feedsFor(ctx.db, w.people.operator)).toEqual([
      { kind: 'venue', id: w.venue.id, name: '呼和浩特科技馆', token: venue!.calendarToken, mayRenew: true },
    ]);
  });

  it('gives a trip a SEQUENCE that grows when its booking or its session changes, under the same UID', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const booking = await holdSeats(ctx.db, w, 42);
    const stamp = async (at: Date) => {
      await ctx.db.update(bookings).set({ updatedAt: at }).where(eq(bookings.id, booking.id));
      await ctx.db.update(sessions).set({ updatedAt: at }).where(eq(sessions.id, w.session.id));
    };
    const read = async () => {
      const event = await bookingCalendarEvent(ctx.db, w.people.teacher, booking.id, t, ORIGIN);
      const vevent = new ICAL.Component(ICAL.parse(buildCalendar('x', [event!], T0))).getFirstSubcomponent(
        'vevent',
      );
      return {
        uid: vevent?.getFirstPropertyValue('uid'),
        sequence: vevent?.getFirstPropertyValue('sequence') as unknown as number,
      };
    };
    await stamp(T0);
    const first = await read();
    expect(Number.isInteger(first.sequence)).toBe(true);
    expect(first.sequence).toBeGreaterThan(0);
    // The session's title changed a minute later (it is the event's summary): the event's revision grows.
    await ctx.db
      .update(sessions)
      .set({ updatedAt: new Date(T0.getTime() + 60_000) })
      .where(eq(sessions.id, w.session.id));
    const second = await read();
    expect(second.sequence).toBeGreaterThan(first.sequence);
    // Then the booking: again.
    await ctx.db
      .update(bookings)
      .set({ updatedAt: new Date(T0.getTime() + 120_000) })
      .where(eq(bookings.id, booking.id));
    const third = await read();
    expect(third.sequence).toBeGreaterThan(second.sequence);
    expect(new Set([first.uid, second.uid, third.uid])).toEqual(
      new Set([`booking-${booking.id}@social-classroom`]),
    );
  });
});
