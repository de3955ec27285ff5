import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAYTIME,
  daytimeDeadline,
  HOUR,
  isNight,
  MIN_ANSWER_MS,
  nightReminderCutoff,
  shanghaiDay,
  shanghaiMinute,
  shanghaiParts,
  shanghaiTime,
  startOfShanghaiDay,
  TIME_ZONE,
} from './time.ts';

describe('Beijing time as a fixed UTC+8 offset', () => {
  // The IANA database through @date-fns/tz is the oracle: from 1992 (after China's last summer time) to 2100.
  const from = Date.UTC(1992, 0, 1);
  const to = Date.UTC(2100, 0, 1);

  it('reads every instant as the time-zone database does', () => {
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const instant = new Date(ms);
        const zoned = new TZDate(ms, TIME_ZONE);
        expect(shanghaiParts(instant)).toEqual({
          year: zoned.getFullYear(),
          month: zoned.getMonth() + 1,
          day: zoned.getDate(),
          weekday: zoned.getDay(),
          hour: zoned.getHours(),
          minute: zoned.getMinutes(),
        });
        const pad = (n: number) => String(n).padStart(2, '0');
        const day = `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`;
        expect(shanghaiDay(instant)).toBe(day);
        expect(shanghaiMinute(instant)).toBe(`${day} ${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes every wall-clock time, overflowing days and hours included, the instant the database makes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1992, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -1, max: 33 }),
        fc.integer({ min: 0, max: 26 }),
        fc.integer({ min: 0, max: 59 }),
        (year, month, day, hour, minute) => {
          const zoned = new TZDate(year, month - 1, day, hour, minute, 0, TIME_ZONE);
          expect(shanghaiTime(year, month, day, hour, minute).getTime()).toBe(zoned.getTime());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('starts the day at Beijing midnight, sixteen hours into the UTC day before', () => {
    // 30 Nov 2026 20:00 UTC is 1 Dec 04:00 in Beijing: that day began at 30 Nov 16:00 UTC.
    const instant = new Date(Date.UTC(2026, 10, 30, 20));
    expect(shanghaiDay(instant)).toBe('2026-12-01');
    expect(startOfShanghaiDay(instant).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(startOfShanghaiDay(instant, 1).toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });
});

/** Beijing is UTC+8 all year (no summer time since 1991): the wall clock written out independently of the rule. */
const beijingMsOfDay = (instant: Date) => (instant.getTime() + 8 * HOUR) % (24 * HOUR);
const atNight = (instant: Date) =>
  beijingMsOfDay(instant) > DAYTIME.to * HOUR || beijingMsOfDay(instant) < DAYTIME.from * HOUR;

/** Monday 4 March 2030, 10:00 Beijing time: a morning well before the evening. */
const morning = shanghaiTime(2030, 3, 4, 10);

describe('a deadline out of the night', () => {
  it('moves a deadline at night back to 21:00 the evening before it', () => {
    expect(DAYTIME).toEqual({ from: 7, to: 21 });
    // 02:30 after midnight: the evening before.
    expect(daytimeDeadline(shanghaiTime(2030, 3, 5, 2, 30), morning)).toEqual(shanghaiTime(2030, 3, 4, 21));
    // 23:50: that same evening.
    expect(daytimeDeadline(shanghaiTime(2030, 3, 6, 23, 50), morning)).toEqual(shanghaiTime(2030, 3, 6, 21));
    // A second past 21:00, and a minute before 07:00.
    expect(daytimeDeadline(new Date(shanghaiTime(2030, 3, 6, 21).getTime() + 1000), morning)).toEqual(
      shanghaiTime(2030, 3, 6, 21),
    );
    expect(daytimeDeadline(shanghaiTime(2030, 3, 7, 6, 59), morning)).toEqual(shanghaiTime(2030, 3, 6, 21));
    // Across the end of a month (February 2030 has 28 days).
    expect(daytimeDeadline(shanghaiTime(2030, 3, 1, 2), shanghaiTime(2030, 2, 20))).toEqual(
      shanghaiTime(2030, 2, 28, 21),
    );
  });

  it('leaves a deadline in the day, 07:00 and 21:00 included, as it is', () => {
    for (const [hour, minute] of [
      [7, 0],
      [14, 30],
      [21, 0],
    ] as const) {
      const deadline = shanghaiTime(2030, 3, 6, hour, minute);
      expect(daytimeDeadline(deadline, morning)).toEqual(deadline);
    }
  });

  it('keeps a night deadline whose evening before leaves under two hours: never a minute to answer in', () => {
    const night = shanghaiTime(2030, 3, 5, 2, 30);
    // Asked at 22:00: the evening has passed, 02:30 stands.
    expect(daytimeDeadline(night, shanghaiTime(2030, 3, 4, 22))).toEqual(night);
    // Asked at 21:00 sharp: moving back would leave no time at all.
    expect(daytimeDeadline(night, shanghaiTime(2030, 3, 4, 21))).toEqual(night);
    // Asked a minute before, or an hour: 21:00 would leave too little time, so 02:30 stands.
    expect(daytimeDeadline(night, shanghaiTime(2030, 3, 4, 20, 59))).toEqual(night);
    expect(daytimeDeadline(night, shanghaiTime(2030, 3, 4, 20))).toEqual(night);
    // Asked two hours before: 21:00, two hours to answer in.
    expect(MIN_ANSWER_MS).toBe(2 * HOUR);
    expect(daytimeDeadline(night, shanghaiTime(2030, 3, 4, 19))).toEqual(shanghaiTime(2030, 3, 4, 21));
  });

  it('is never later than the deadline, never at night unless unchanged, never past now unless the deadline was', () => {
    const start = shanghaiTime(2026, 1, 1).getTime();
    // Whole minutes (to land on 07:00 and 21:00 exactly) or any millisecond, over two years and up to 10 days apart.
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 2 * 366 * 24 * 60 }).map((minutes) => start + minutes * 60_000),
      fc.integer({ min: 0, max: 2 * 366 * 24 * HOUR }).map((ms) => start + ms),
    );
    const offset = fc.oneof(
      fc.integer({ min: -2 * 24 * 60, max: 10 * 24 * 60 }).map((minutes) => minutes * 60_000),
      fc.integer({ min: -2 * 24 * HOUR, max: 10 * 24 * HOUR }),
    );
    fc.assert(
      fc.property(instant, offset, (nowMs, ahead) => {
        const now = new Date(nowMs);
        const deadline = new Date(nowMs + ahead);
        const result = daytimeDeadline(deadline, now);
        expect(result.getTime()).toBeLessThanOrEqual(deadline.getTime());
        if (atNight(result)) expect(result).toEqual(deadline);
        if (result <= now) expect(deadline <= now).toBe(true);
        // Moved, it leaves at least two hours to answer in.
        if (result.getTime() !== deadline.getTime())
          expect(result.getTime() - now.getTime()).toBeGreaterThanOrEqual(MIN_ANSWER_MS);
        if (result.getTime() !== deadline.getTime()) {
          // Moved only out of the night, to the last 21:00 before it, less than 10 hours back.
          expect(atNight(deadline)).toBe(true);
          expect(beijingMsOfDay(result)).toBe(DAYTIME.to * HOUR);
          expect(deadline.getTime() - result.getTime()).toBeLessThan((24 - DAYTIME.to + DAYTIME.from) * HOUR);
        } else if (atNight(deadline)) {
          // Kept at night only because the evening before was less than two hours away.
          const eveningBefore =
            deadline.getTime() - ((beijingMsOfDay(deadline) - DAYTIME.to * HOUR + 24 * HOUR) % (24 * HOUR));
          expect(eveningBefore - now.getTime()).toBeLessThan(MIN_ANSWER_MS);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reminders wait for the morning', () => {
  it('lets any reminder go by day and only those due before 09:00 at night', () => {
    // By day, 07:00 and 21:00 included: no cut-off.
    for (const hour of [7, 12, 21]) expect(nightReminderCutoff(shanghaiTime(2030, 3, 4, hour))).toBeNull();
    // 21:01 and 23:30: what is due before 09:00 the next morning.
    expect(nightReminderCutoff(shanghaiTime(2030, 3, 4, 21, 1))).toEqual(shanghaiTime(2030, 3, 5, 9));
    expect(nightReminderCutoff(shanghaiTime(2030, 3, 4, 23, 30))).toEqual(shanghaiTime(2030, 3, 5, 9));
    // 00:10 and 06:59: 09:00 the same morning; across the end of February too.
    expect(nightReminderCutoff(shanghaiTime(2030, 3, 5, 0, 10))).toEqual(shanghaiTime(2030, 3, 5, 9));
    expect(nightReminderCutoff(shanghaiTime(2030, 3, 5, 6, 59))).toEqual(shanghaiTime(2030, 3, 5, 9));
    expect(nightReminderCutoff(shanghaiTime(2030, 2, 28, 22))).toEqual(shanghaiTime(2030, 3, 1, 9));
  });

  it('has a cut-off exactly at night, MIN_ANSWER_MS after the next 07:00, less than 12 hours away', () => {
    const start = shanghaiTime(2026, 1, 1).getTime();
    const instant = fc.oneof(
      fc.integer({ min: 0, max: 2 * 366 * 24 * 60 }).map((minutes) => start + minutes * 60_000),
      fc.integer({ min: 0, max: 2 * 366 * 24 * HOUR }).map((ms) => start + ms),
    );
    fc.assert(
      fc.property(instant, (nowMs) => {
        const now = new Date(nowMs);
        const cutoff = nightReminderCutoff(now);
        expect(isNight(now)).toBe(atNight(now));
        if (!atNight(now)) {
          expect(cutoff).toBeNull();
          return;
        }
        if (!cutoff) throw new Error('no cut-off at night');
        expect(beijingMsOfDay(cutoff)).toBe(DAYTIME.from * HOUR + MIN_ANSWER_MS);
        expect(cutoff.getTime() - now.getTime()).toBeGreaterThan(MIN_ANSWER_MS);
        expect(cutoff.getTime() - now.getTime()).toBeLessThanOrEqual(
          (24 - DAYTIME.to + DAYTIME.from) * HOUR + MIN_ANSWER_MS,
        );
      }),
      { numRuns: 2000 },
    );
  });
});
