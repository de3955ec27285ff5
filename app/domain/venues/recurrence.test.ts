import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { DAY, parseShanghaiDay, shanghaiDay, shanghaiParts } from '#app/utils/time.ts';
import { expandSeries, ruleEndingOn, type SeriesPattern, seriesRuleText } from './recurrence.ts';
import { weekdayCodes } from './schemas.ts';

const base: SeriesPattern = {
  firstDate: '2030-03-04',
  untilDate: '2030-03-31',
  startTime: '09:30',
  endTime: '11:00',
  frequency: 'weekly',
  interval: 1,
  weekdays: ['MO', 'WE'],
  exceptionDates: [],
};

function days(pattern: SeriesPattern) {
  const result = expandSeries(pattern);
  if (!result.ok) throw new Error(result.error);
  return result.occurrences;
}

describe('recurring sessions (RRULE with exception days)', () => {
  it('names the exception days the series does not run on anyway, and still makes the series', () => {
    // Mondays and Wednesdays in March 2030: the 5th is a Tuesday, 1 April is after the last date.
    const result = expandSeries({ ...base, exceptionDates: ['2030-03-11', '2030-04-01', '2030-03-05'] });
    expect(result).toMatchObject({ ok: true, unusedExceptions: ['2030-03-05', '2030-04-01'] });
    expect(result.ok && result.occurrences.map((o) => o.day)).not.toContain('2030-03-11');
    expect(expandSeries({ ...base, exceptionDates: ['2030-03-11'] })).toMatchObject({ unusedExceptions: [] });
  });

  it('expands weekly on chosen weekdays at Shanghai wall-clock times', () => {
    const list = days(base);
    expect(list.map((o) => o.day)).toEqual([
      '2030-03-04',
      '2030-03-06',
      '2030-03-11',
      '2030-03-13',
      '2030-03-18',
      '2030-03-20',
      '2030-03-25',
      '2030-03-27',
    ]);
    for (const o of list) {
      expect(shanghaiParts(o.startsAt)).toMatchObject({ hour: 9, minute: 30 });
      expect(shanghaiParts(o.endsAt)).toMatchObject({ hour: 11, minute: 0 });
    }
    expect(list[0]?.startsAt.toISOString()).toBe('2030-03-04T01:30:00.000Z');
  });

  it('leaves exception days out', () => {
    const list = days({ ...base, exceptionDates: ['2030-03-06', '2030-03-25', '2030-03-05'] });
    expect(list.map((o) => o.day)).not.toContain('2030-03-06');
    expect(list.map((o) => o.day)).not.toContain('2030-03-25');
    expect(list).toHaveLength(6);
  });

  it('supports daily and every-other-week patterns', () => {
    expect(days({ ...base, frequency: 'daily', untilDate: '2030-03-06' }).map((o) => o.day)).toEqual([
      '2030-03-04',
      '2030-03-05',
      '2030-03-06',
    ]);
    expect(days({ ...base, interval: 2, weekdays: ['MO'] }).map((o) => o.day)).toEqual([
      '2030-03-04',
      '2030-03-18',
    ]);
  });

  it('refuses patterns that make no sense', () => {
    expect(expandSeries({ ...base, untilDate: '2030-03-01' })).toEqual({ ok: false, error: 'series_order' });
    expect(expandSeries({ ...base, endTime: '09:00' })).toEqual({ ok: false, error: 'time_order' });
    expect(expandSeries({ ...base, untilDate: '2031-06-01' })).toEqual({
      ok: false,
      error: 'series_too_long',
    });
    expect(expandSeries({ ...base, frequency: 'daily', untilDate: '2030-12-31' })).toEqual({
      ok: false,
      error: 'series_too_many',
    });
    expect(expandSeries({ ...base, untilDate: '2030-03-04', exceptionDates: ['2030-03-04'] })).toEqual({
      ok: false,
      error: 'series_empty',
    });
    // Weekly with no weekday chosen: not the first date's weekday by default, but a question for the operator.
    expect(expandSeries({ ...base, weekdays: [] })).toEqual({ ok: false, error: 'series_no_weekday' });
    expect(
      expandSeries({ ...base, frequency: 'daily', weekdays: [], untilDate: '2030-03-06' }),
    ).toMatchObject({
      ok: true,
      occurrences: [{ day: '2030-03-04' }, { day: '2030-03-05' }, { day: '2030-03-06' }],
    });
  });

  it('writes an RFC 5545 rule that a real parser expands to the same days', () => {
    const pattern = { ...base, exceptionDates: ['2030-03-13'] };
    const text = seriesRuleText(pattern);
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20300304T093000');
    expect(text).toContain('EXDATE;TZID=Asia/Shanghai:20300313T093000');
    const rruleLine = text.split('\n').find((l) => l.startsWith('RRULE:')) as string;
    const recur = ICAL.Recur.fromString(rruleLine.slice('RRULE:'.length));
    const iterator = recur.iterator(ICAL.Time.fromDateTimeString('2030-03-04T09:30:00'));
    const parsed: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) parsed.push(next.toString().slice(0, 10));
    const expected = days(pattern).map((o) => o.day);
    expect(parsed.filter((d) => d !== '2030-03-13')).toEqual(expected);
  });

  it('ends a stored rule after a day: a real parser stops there, and the rest of the text stays', () => {
    const text = seriesRuleText({ ...base, exceptionDates: ['2030-03-13'] });
    const ended = ruleEndingOn(text, '2030-03-18');
    const [dtstart, rrule, exdate] = ended.split('\n');
    expect([dtstart, exdate]).toEqual([text.split('\n')[0], text.split('\n')[2]]);
    expect(rrule).toContain('UNTIL=20300318T235959Z');
    expect(rrule?.match(/UNTIL=/g)).toHaveLength(1);
    const recur = ICAL.Recur.fromString((rrule as string).slice('RRULE:'.length));
    const iterator = recur.iterator(ICAL.Time.fromDateTimeString('2030-03-04T09:30:00'));
    const parsed: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) parsed.push(next.toString().slice(0, 10));
    expect(parsed).toEqual(['2030-03-04', '2030-03-06', '2030-03-11', '2030-03-13', '2030-03-18']);
  });
});

describe('recurring sessions, any pattern (fast-check)', () => {
  it('gives only chosen weekdays, inside the dates, in order, never on an exception day, at the same wall-clock time', () => {
    const dayArb = fc
      .integer({ min: 0, max: 400 })
      .map((n) => shanghaiDay(new Date(Date.UTC(2030, 0, 1) + n * DAY)));
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({ min: 0, max: 120 }),
        fc.subarray([...weekdayCodes], { minLength: 1 }),
        fc.constantFrom('weekly', 'daily') as fc.Arbitrary<'weekly' | 'daily'>,
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 6 }),
        fc.integer({ min: 6, max: 20 }),
        (first, length, weekdays, frequency, interval, skips, hour) => {
          const until = shanghaiDay(new Date(parseShanghaiDay(first).getTime() + length * DAY));
          const exceptionDates = skips.map((s) =>
            shanghaiDay(new Date(parseShanghaiDay(first).getTime() + s * DAY)),
          );
          const pattern: SeriesPattern = {
            firstDate: first,
            untilDate: until,
            startTime: `${String(hour).padStart(2, '0')}:15`,
            endTime: `${String(hour + 2).padStart(2, '0')}:00`,
            frequency,
            interval,
            weekdays,
            exceptionDates,
          };
          const result = expandSeries(pattern);
          if (!result.ok) {
            expect(['series_empty', 'series_too_many']).toContain(result.error);
            return;
          }
          const list = result.occurrences;
          expect(list.length).toBeLessThanOrEqual(120);
          for (const [i, o] of list.entries()) {
            expect(o.day >= first && o.day <= until).toBe(true);
            expect(exceptionDates).not.toContain(o.day);
            expect(shanghaiParts(o.startsAt)).toMatchObject({ hour, minute: 15 });
            expect(o.endsAt.getTime() - o.startsAt.getTime()).toBe(105 * 60_000);
            if (frequency === 'weekly') {
              expect(weekdays).toContain(weekdayCodes[(shanghaiParts(o.startsAt).weekday + 6) % 7]);
            }
            if (i > 0)
              expect(o.startsAt.getTime()).toBeGreaterThan((list[i - 1] as typeof o).startsAt.getTime());
          }
          if (frequency === 'daily' && interval === 1) {
            expect(list.length).toBe(length + 1 - new Set(exceptionDates.filter((d) => d <= until)).size);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
