import { describe, expect, it } from 'vitest';
import { calendarDay, clockTime, dayEntry, isCalendarDay } from './form-dates.ts';

describe('calendar days', () => {
  it('takes days that exist and refuses the ones that do not, before any database sees them', () => {
    for (const day of [
      '2026-11-29',
      '2028-02-29',
      '2026-12-31',
      ' 2026-01-01 ',
      '2100-12-31',
      '1900-01-01',
    ]) {
      expect(calendarDay.safeParse(day).success, day).toBe(true);
    }
    for (const day of [
      '2026-02-30',
      '2027-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-1-5',
      '99-01-01',
      '9999-12-31',
      '2101-01-01',
      '1899-12-31',
    ]) {
      expect(isCalendarDay(day), day).toBe(false);
    }
    expect(calendarDay.safeParse('2026-02-30').error?.issues[0]?.message).toBe('validation.date');
  });

  it('asks for a day left blank with the message of every other required field, not "enter a valid date"', () => {
    for (const blank of ['', '   ']) {
      expect(calendarDay.safeParse(blank).error?.issues.map((i) => i.message)).toEqual([
        'validation.required',
      ]);
    }
  });
});

describe('typed in full-width', () => {
  it('a day and a time are the ones they show, kept in half-width', () => {
    expect(calendarDay.parse('２０２６－１０－０１')).toBe('2026-10-01');
    expect(calendarDay.parse('\u3000２０２６-10-０１ ')).toBe('2026-10-01');
    expect(calendarDay.safeParse('２０２６－０２－３０').error?.issues[0]?.message).toBe('validation.date');
    expect(calendarDay.safeParse('\u3000').error?.issues[0]?.message).toBe('validation.required');
    const time = clockTime('console.error.time');
    expect(time.parse('０９：３０')).toBe('09:30');
    expect(time.parse(' 14:05 ')).toBe('14:05');
    for (const wrong of ['２５：００', '9:30', '09.30', '九点半'])
      expect(time.safeParse(wrong).error?.issues[0]?.message, wrong).toBe('console.error.time');
  });
});

describe('a day in a typed list, written as people write it', () => {
  it('reads 2027/1/5, 2027.1.5, 2027-1-5 and 2027年1月5日 as 2027-01-05', () => {
    for (const written of [
      '2027/1/5',
      '2027.1.5',
      '2027-1-5',
      '2027年1月5日',
      '2027年01月05号',
      '２０２７／１／５',
      '2027-01-05',
    ])
      expect(dayEntry.parse(written), written).toBe('2027-01-05');
  });
  it('leaves what is no written day as it was typed, for the list to name it', () => {
    for (const typed of ['2027/1-5', '27/1/5', '1/5', '2027年1月', 'next monday', '2027-2-30'])
      expect(isCalendarDay(dayEntry.parse(typed)), typed).toBe(false);
    expect(dayEntry.parse('next monday')).toBe('next monday');
    // A day written as days are, but that is none, is named as typed: not as 2026-13-40, which is not in the box.
    expect(dayEntry.parse('2026/13/40')).toBe('2026/13/40');
    expect(dayEntry.parse('2027-2-30')).toBe('2027-2-30');
  });
});
