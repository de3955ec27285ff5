import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { shanghaiParts } from '#app/utils/time.ts';
import { expandSeries, type SeriesPattern, seriesRuleText } from './recurrence.ts';

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
});
