// A console form names every mistake on its first refusal: the checks across fields (end after start, last date after
// first) run beside the other fields' errors, not only once those are fixed.
import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { parseInput } from '#app/utils/validation.ts';
import {
  CommitmentFormSchema,
  SeriesFormSchema,
  SessionDetailsFormSchema,
  SessionFormSchema,
  VenueKeyFormSchema,
} from './schemas.ts';

const t = getT('zh');
const program = '6f1c2b1e-8d3a-4c1e-9f0a-1b2c3d4e5f60';

describe('the session forms', () => {
  it('names a wrong time order, a wrong date order and unreadable fields together', () => {
    const series = parseInput(
      SeriesFormSchema,
      {
        programId: program,
        firstDate: '2026-12-10',
        untilDate: '2026-12-01',
        startTime: '10:00',
        endTime: '09:00',
        capacity: '99999999999',
        weekdays: 'TU',
        exceptionDates: '2026-02-30',
      },
      t,
    );
    expect(series.ok).toBe(false);
    if (series.ok) return;
    expect(series.fields.endTime).toBe('结束时间必须晚于开始时间。');
    expect(series.fields.untilDate).toBe('最后日期不能早于第一次日期。');
    expect(series.fields.capacity).toBeTruthy();
    expect(series.fields.exceptionDates).toContain('2026-02-30');
  });

  it('names every unreadable exception day, not only the first three', () => {
    const series = parseInput(
      SeriesFormSchema,
      {
        programId: program,
        firstDate: '2027-01-04',
        untilDate: '2027-03-29',
        startTime: '09:30',
        endTime: '11:00',
        capacity: '40',
        weekdays: 'MO',
        exceptionDates: 'next monday, 2027-02-30, 五一',
      },
      t,
    );
    expect(series.ok ? null : series.fields.exceptionDates).toContain('next monday 2027-02-30 五一。');
  });

  it('leaves the order to the fields when one of them cannot be read, and passes a right order', () => {
    const unreadable = parseInput(
      SessionFormSchema,
      { programId: program, date: '2026-12-10', startTime: '25:00', endTime: '09:00', capacity: '40' },
      t,
    );
    expect(unreadable.ok).toBe(false);
    if (!unreadable.ok) {
      expect(unreadable.fields.startTime).toBeTruthy();
      expect(unreadable.fields.endTime).toBeUndefined();
    }
    const right = parseInput(
      SessionFormSchema,
      { programId: program, date: '2026-12-10', startTime: '０９：００', endTime: '10:30', capacity: '４０' },
      t,
    );
    expect(right).toMatchObject({ ok: true, data: { startTime: '09:00', endTime: '10:30', capacity: 40 } });
  });

  it('names a release time without its date beside a wrong seat count, on the first refusal', () => {
    const session = '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const details = parseInput(
      SessionDetailsFormSchema,
      {
        sessionId: session,
        greenChannelSeats: '-3',
        greenReleaseDate: '',
        greenReleaseTime: '09:00',
        title: '',
      },
      t,
    );
    expect(details.ok).toBe(false);
    if (details.ok) return;
    expect(details.fields.greenChannelSeats).toBeTruthy();
    expect(details.fields.greenReleaseDate).toBe(t('console.sessions.releaseDateMissing'));
    const unreadableTime = parseInput(
      SessionDetailsFormSchema,
      { sessionId: session, greenChannelSeats: '2', greenReleaseDate: '', greenReleaseTime: '9点' },
      t,
    );
    expect(unreadableTime.ok ? null : unreadableTime.fields).toEqual({
      greenReleaseTime: expect.any(String),
    });
  });
});

describe('the start of a session on the console forms', () => {
  it('names a start at night at the start time, on a single session and a series, and takes 07:00 and 21:00', () => {
    const night = parseInput(
      SessionFormSchema,
      { programId: program, date: '2026-12-20', startTime: '23:00', endTime: '23:59', capacity: '60' },
      t,
    );
    expect(night.ok ? null : night.fields.startTime).toContain('7:00 到 21:00');
    const series = parseInput(
      SeriesFormSchema,
      {
        programId: program,
        firstDate: '2027-01-04',
        untilDate: '2027-03-29',
        startTime: '05:30',
        endTime: '07:00',
        capacity: '40',
        weekdays: 'MO',
      },
      t,
    );
    expect(series.ok ? null : series.fields.startTime).toContain('上午和下午');
    for (const [startTime, endTime] of [
      ['07:00', '08:00'],
      ['21:00', '22:30'],
    ]) {
      expect(
        parseInput(
          SessionFormSchema,
          { programId: program, date: '2026-12-20', startTime, endTime, capacity: '60' },
          t,
        ),
      ).toMatchObject({ ok: true });
    }
  });
});

describe('the venue position on the profile form', () => {
  const key = { name: '内蒙古博物院', type: 'museum', regionCode: '150105' };

  it('says a readable pair out of range is out of range, not unreadable', () => {
    const far = parseInput(VenueKeyFormSchema, { ...key, coordinates: '200, 100' }, t);
    expect(far.ok).toBe(false);
    if (far.ok) return;
    expect(far.fields.coordinates).toContain('不是有效的经纬度');
    expect(far.fields.coordinates).not.toContain('看不懂');
    const nonsense = parseInput(VenueKeyFormSchema, { ...key, coordinates: 'abc' }, t);
    expect(nonsense.ok ? null : nonsense.fields.coordinates).toContain('看不懂这个坐标');
  });

  it('says latitude and longitude look swapped when swapping them makes Inner Mongolia', () => {
    const swapped = parseInput(VenueKeyFormSchema, { ...key, lat: '111.6694', lng: '40.8168' }, t);
    expect(swapped.ok).toBe(false);
    if (swapped.ok) return;
    expect(swapped.fields.lat).toContain('不能大于 90');
    expect(swapped.fields.lat).toContain('填反了');
    // Out of range, and no better swapped: the plain range message.
    const wrong = parseInput(VenueKeyFormSchema, { ...key, lat: '95', lng: '200' }, t);
    expect(wrong.ok ? null : wrong.fields.lat).toBe('不能大于 90');
    const south = parseInput(VenueKeyFormSchema, { ...key, lat: '-95', lng: '111' }, t);
    expect(south.ok ? null : south.fields.lat).toBe('不能小于 -90');
    const right = parseInput(VenueKeyFormSchema, { ...key, lat: '40.8168', lng: '111.6694' }, t);
    expect(right).toMatchObject({ ok: true, data: { lat: 40.8168, lng: 111.6694 } });
  });
});

describe('the commitment form', () => {
  it('names a 截止日期 before the 起始日期 in the words of those fields, in both languages', () => {
    const form = { audience: 'primary', kind: 'free', validFrom: '2027-03-01', validTo: '2027-02-01' };
    expect(parseInput(CommitmentFormSchema, form, t)).toMatchObject({
      ok: false,
      fields: { validTo: '截止日期不能早于起始日期。' },
    });
    expect(parseInput(CommitmentFormSchema, form, getT('en'))).toMatchObject({
      ok: false,
      fields: { validTo: 'The “valid until” date cannot be before the “valid from” date.' },
    });
  });
});

describe('a fixed price of nothing', () => {
  it('is free entry, kept as such; any other price stays a price', () => {
    const form = { audience: 'chaperone', kind: 'fixed_price', validFrom: '2027-03-01' };
    for (const typed of ['0', '0.00', '¥0'])
      expect(parseInput(CommitmentFormSchema, { ...form, fixedPrice: typed }, t)).toMatchObject({
        ok: true,
        data: { kind: 'free', fixedPrice: undefined },
      });
    expect(parseInput(CommitmentFormSchema, { ...form, fixedPrice: '0.01' }, t)).toMatchObject({
      ok: true,
      data: { kind: 'fixed_price', fixedPrice: 1 },
    });
    expect(parseInput(CommitmentFormSchema, { ...form, fixedPrice: '' }, t)).toMatchObject({ ok: false });
  });
});

describe('the link to a commitment’s source notice', () => {
  const base = { audience: 'primary', kind: 'free', validFrom: '2027-03-01' };
  it('is told it is too long when it is, and not a web address only when it is not one', () => {
    const long = parseInput(
      CommitmentFormSchema,
      { ...base, sourceUrl: `https://example.gov.cn/${'a'.repeat(600)}` },
      t,
    );
    expect(long).toMatchObject({ ok: false, fields: { sourceUrl: expect.stringContaining('500') } });
    expect(long.ok ? '' : long.fields.sourceUrl).not.toContain('http://');
    expect(parseInput(CommitmentFormSchema, { ...base, sourceUrl: 'notice' }, t)).toMatchObject({
      ok: false,
      fields: { sourceUrl: '请输入以 http:// 或 https:// 开头的网址' },
    });
    expect(parseInput(CommitmentFormSchema, { ...base, sourceUrl: 'https://example.gov.cn/n/1' }, t).ok).toBe(
      true,
    );
  });
});
