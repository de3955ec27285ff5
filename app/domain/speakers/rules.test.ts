import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import { parseInput } from '#app/utils/validation.ts';
import {
  answerDeadline,
  fitsAvailability,
  latestVettingDay,
  onBlackoutDate,
  regionContains,
  servesPlace,
  suggestSlots,
  withinDaytime,
} from './rules.ts';
import {
  ProfileInputSchema,
  profileFormToInput,
  readableSlotRows,
  slotFormSchema,
  VettingSchema,
} from './schemas.ts';

const slot = (day: number, hour: number, minute: number, minutes: number) => {
  const startsAt = shanghaiTime(2030, 3, day, hour, minute);
  return { startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
};

describe('where and when a speaker can come', () => {
  it('reads GB/T 2260 codes: a province holds its 盟市 and 旗县, a 盟市 its 旗县, a 旗县 only itself', () => {
    expect(regionContains('150000', '150125')).toBe(true);
    expect(regionContains('150100', '150125')).toBe(true);
    expect(regionContains('150100', '150100')).toBe(true);
    expect(regionContains('150100', '150203')).toBe(false);
    expect(regionContains('150125', '150100')).toBe(false);
    expect(regionContains('150125', '150121')).toBe(false);
  });

  it('serves a place in a named region or within the distance from home; nothing named means everywhere', () => {
    const home = { homeLat: 40.81, homeLng: 111.71 };
    const wuchuan = { regionCode: '150125', lat: 41.09, lng: 111.45 };
    expect(servesPlace({ serviceRegionCodes: [], serviceRadiusKm: null, ...home }, wuchuan)).toBe(true);
    expect(servesPlace({ serviceRegionCodes: ['150100'], serviceRadiusKm: null, ...home }, wuchuan)).toBe(
      true,
    );
    expect(servesPlace({ serviceRegionCodes: ['150200'], serviceRadiusKm: null, ...home }, wuchuan)).toBe(
      false,
    );
    expect(servesPlace({ serviceRegionCodes: ['150200'], serviceRadiusKm: 50, ...home }, wuchuan)).toBe(true);
    expect(servesPlace({ serviceRegionCodes: [], serviceRadiusKm: 20, ...home }, wuchuan)).toBe(false);
    expect(
      servesPlace({ serviceRegionCodes: [], serviceRadiusKm: 50, ...home }, { ...wuchuan, lat: null }),
    ).toBe(false);
  });

  it('fits a talk inside a weekly window of the same day (Asia/Shanghai), and spots blackout dates', () => {
    // 2030-03-11 is a Monday.
    const mondays = [{ weekday: 1, from: '08:30', to: '11:30' }];
    expect(fitsAvailability(slot(11, 8, 30, 180), mondays)).toBe(true);
    expect(fitsAvailability(slot(11, 8, 0, 60), mondays)).toBe(false);
    expect(fitsAvailability(slot(11, 11, 0, 60), mondays)).toBe(false);
    expect(fitsAvailability(slot(12, 9, 0, 60), mondays)).toBe(false);
    expect(fitsAvailability(slot(12, 23, 30, 60), [])).toBe(true);
    expect(onBlackoutDate(slot(11, 9, 0, 60), ['2030-03-11'])).toBe(true);
    expect(onBlackoutDate(slot(10, 23, 30, 60), ['2030-03-11'])).toBe(true);
    expect(onBlackoutDate(slot(11, 9, 0, 60), ['2030-03-12'])).toBe(false);
  });

  it('keeps proposed times within 07:00–21:00 Beijing time on one day, whatever the speaker’s windows', () => {
    expect(withinDaytime(slot(11, 7, 0, 60))).toBe(true);
    expect(withinDaytime(slot(11, 20, 0, 60))).toBe(true);
    expect(withinDaytime(slot(11, 6, 59, 60))).toBe(false);
    expect(withinDaytime(slot(11, 20, 1, 60))).toBe(false);
    expect(withinDaytime(slot(11, 3, 0, 60))).toBe(false);
    expect(withinDaytime(slot(11, 23, 30, 60))).toBe(false);
    // A speaker open from 06:00 to 23:00 is still only suggested daytime.
    const early = suggestSlots(
      {
        weeklyAvailability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, from: '06:00', to: '23:00' })),
        blackoutDates: [],
        vettedUntil: '2030-12-31',
      },
      60,
      shanghaiTime(2030, 3, 4, 10, 0),
      [],
    );
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((s) => withinDaytime(s))).toBe(true);
    // The invitation form names the time field of a row at night.
    const t = getT('zh');
    const parsed = parseInput(
      slotFormSchema(90),
      { date1: '2030-03-11', time1: '03:00', date2: '2030-03-12', time2: '20:00' },
      t,
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.fields).toEqual({
        time1: '请选择北京时间 7:00 以后开始、21:00 以前结束的时间。',
        time2: '请选择北京时间 7:00 以后开始、21:00 以前结束的时间。',
      });
    }
    expect(parseInput(slotFormSchema(90), { date1: '2030-03-11', time1: '19:30' }, t).ok).toBe(true);
  });

  it('reads a proposed day and time typed in full-width as the ones they show', () => {
    const parsed = parseInput(
      slotFormSchema(90),
      { date1: '２０３０－０３－１１', time1: '０９：３０' },
      getT('zh'),
    );
    expect(parsed).toEqual({
      ok: true,
      data: [{ startsAt: shanghaiTime(2030, 3, 11, 9, 30), endsAt: shanghaiTime(2030, 3, 11, 11, 0) }],
    });
    expect(readableSlotRows({ date1: '２０３０－０３－１１', time1: '０９：３０' }, 90)).toEqual([
      {
        row: 1,
        slot: { startsAt: shanghaiTime(2030, 3, 11, 9, 30), endsAt: shanghaiTime(2030, 3, 11, 11, 0) },
      },
    ]);
  });

  it('suggests free times in the speaker’s windows: never busy, blacked out, past the badge, or in a full month', () => {
    const now = shanghaiTime(2030, 3, 4, 10, 0);
    const calendar = {
      weeklyAvailability: [
        { weekday: 1, from: '08:30', to: '11:30' },
        { weekday: 3, from: '14:00', to: '17:00' },
      ],
      blackoutDates: ['2030-03-11'],
      vettedUntil: '2030-12-31',
    };
    const busy = [slot(13, 14, 0, 60)];
    expect(suggestSlots(calendar, 60, now, busy).map((s) => s.startsAt)).toEqual([
      shanghaiTime(2030, 3, 18, 8, 30),
      shanghaiTime(2030, 3, 20, 14, 0),
      shanghaiTime(2030, 3, 25, 8, 30),
    ]);
    expect(suggestSlots(calendar, 60, now, busy, { cap: 2, full: ['2030-03'] })[0]?.startsAt).toEqual(
      shanghaiTime(2030, 4, 1, 8, 30),
    );
    // Not on a national holiday when schools are closed: from 28 September, the first free times are after 7 October.
    const holidays = suggestSlots(
      {
        ...calendar,
        weeklyAvailability: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '11:00' })),
      },
      60,
      shanghaiTime(2030, 9, 25, 10, 0),
      [],
    );
    expect(holidays.map((s) => s.startsAt)).toEqual([
      shanghaiTime(2030, 9, 30, 9, 0),
      shanghaiTime(2030, 10, 8, 9, 0),
      shanghaiTime(2030, 10, 9, 9, 0),
    ]);
    // A cap of 0 (the speaker pausing) fills every month: nothing is suggested.
    expect(suggestSlots(calendar, 60, now, busy, { cap: 0, full: [] })).toEqual([]);
    expect(suggestSlots({ ...calendar, vettedUntil: '2030-03-19' }, 60, now, busy)).toHaveLength(1);
    expect(suggestSlots({ ...calendar, vettedUntil: null }, 60, now, busy)).toEqual([]);
    expect(suggestSlots(calendar, 240, now, [])).toEqual([]);
  });
});

describe('the answer deadline of an invitation', () => {
  const week = 7 * 24 * 3_600_000;

  it('falls in the day: an invitation sent at 23:00 is answered by 21:00 a week later, not at 23:00', () => {
    const sentAt = shanghaiTime(2030, 3, 4, 23, 0);
    expect(answerDeadline(sentAt, week, [slot(20, 10, 0, 60)])).toEqual(shanghaiTime(2030, 3, 11, 21));
  });

  it('moves a halfway mark at night back to the evening before', () => {
    // Sent at 10:00 for 16:00 tomorrow: halfway there is 01:00; it becomes 21:00 this evening.
    const sentAt = shanghaiTime(2030, 3, 4, 10, 0);
    expect(answerDeadline(sentAt, week, [{ startsAt: shanghaiTime(2030, 3, 5, 16, 0) }])).toEqual(
      shanghaiTime(2030, 3, 4, 21),
    );
    // Sent at 22:00 for 21:00 the day after next: halfway is 21:30 tomorrow; 21:00 tomorrow.
    const late = shanghaiTime(2030, 3, 4, 22, 0);
    expect(answerDeadline(late, week, [{ startsAt: shanghaiTime(2030, 3, 6, 21, 0) }])).toEqual(
      shanghaiTime(2030, 3, 5, 21),
    );
    // A day before a first time at 08:00 is 08:00: daytime, unchanged.
    expect(answerDeadline(sentAt, week, [{ startsAt: shanghaiTime(2030, 3, 8, 8, 0) }])).toEqual(
      shanghaiTime(2030, 3, 7, 8),
    );
  });
});

describe('the speaker profile form', () => {
  const form = (extra: Record<string, unknown>) =>
    profileFormToInput({
      displayName: '巴特尔',
      category: 'veteran_soldier',
      regionCode: '150102',
      languages: 'zh',
      monthlyCap: '4',
      ...extra,
    });
  it('refuses days that do not exist, naming them, and an emptied monthly cap, on their fields, instead of saving', () => {
    const zh = getT('zh');
    expect(parseInput(ProfileInputSchema, form({}), zh).ok).toBe(true);
    const impossible = parseInput(ProfileInputSchema, form({ blackoutDates: '2026-12-24 2026-02-30' }), zh);
    expect(impossible.ok ? null : impossible.fields).toEqual({
      blackoutDates: '这些日期无法识别：2026-02-30。请写成 2026-05-01 或 2026/5/1 这样的日期，每行一个。',
    });
    // The entries to fix in the order typed (the first three, cut short), the good ones saved in date order.
    const typed = form({
      blackoutDates:
        '2026-12-24\n明天\n2026-13-01\n五一劳动节放假期间家里有事不方便出门宣讲讲座\nabc\n2026-05-01',
    });
    expect(parseInput(ProfileInputSchema, typed, zh)).toMatchObject({
      ok: false,
      fields: {
        blackoutDates: expect.stringContaining(
          '：明天 2026-13-01 五一劳动节放假期间家里有事不方便出门宣讲。',
        ),
      },
    });
    expect(parseInput(ProfileInputSchema, form({ blackoutDates: 'someday' }), getT('en'))).toMatchObject({
      fields: {
        blackoutDates:
          'These dates cannot be read: someday. Write dates like 2026-05-01 or 2026/5/1, one per line.',
      },
    });
    expect(
      parseInput(ProfileInputSchema, form({ blackoutDates: '2026-12-24 2026-05-01' }), zh),
    ).toMatchObject({
      ok: true,
      data: { blackoutDates: ['2026-05-01', '2026-12-24'] },
    });
    // Typed in full-width, a day is the same day, saved once.
    expect(
      parseInput(
        ProfileInputSchema,
        form({
          blackoutDates: '２０２６－１２－２４\u30002026-12-24',
          from3: '０９：００',
          to3: '１２：００',
        }),
        zh,
      ),
    ).toMatchObject({
      ok: true,
      data: {
        blackoutDates: ['2026-12-24'],
        weeklyAvailability: [{ weekday: 3, from: '09:00', to: '12:00' }],
      },
    });
    const emptied = parseInput(ProfileInputSchema, form({ monthlyCap: '' }), zh);
    expect(emptied.ok ? null : emptied.fields.monthlyCap).toBe('请填写此项');
  });

  it('keeps weekly hours within 07:00–21:00, the only hours schools may propose, naming the box outside them', () => {
    const zh = getT('zh');
    const hours = (from: string, to: string) =>
      parseInput(ProfileInputSchema, form({ from3: from, to3: to }), zh);
    expect(hours('07:00', '21:00').ok).toBe(true);
    const night = hours('22:00', '23:30');
    expect(night.ok ? null : night.fields).toEqual({
      'weeklyAvailability.0.to': '请填 7:00 到 21:00 之间的时间，学校只能在这段时间内邀请',
    });
    const early = hours('06:30', '09:00');
    expect(early.ok ? null : Object.keys(early.fields)).toEqual(['weeklyAvailability.0.from']);
    const both = hours('05:00', '22:00');
    expect(both.ok ? null : Object.keys(both.fields).sort()).toEqual([
      'weeklyAvailability.0.from',
      'weeklyAvailability.0.to',
    ]);
    // What a school may propose on such a day ends there too.
    expect(withinDaytime(slot(13, 20, 0, 60))).toBe(true);
    expect(withinDaytime(slot(13, 20, 30, 60))).toBe(false);
  });
});

describe('the vetting badge', () => {
  it('runs three years at most: the same day three years on, 28 February for a 29 February', () => {
    expect(latestVettingDay('2030-03-04')).toBe('2033-03-04');
    expect(latestVettingDay('2028-02-29')).toBe('2031-02-28');
    expect(latestVettingDay('2027-12-31')).toBe('2030-12-31');
  });

  it('needs a date to save: an empty one asks for it instead of withdrawing the badge', () => {
    const t = getT('zh');
    const speakerId = '00000000-0000-4000-8000-000000000001';
    for (const vettedUntil of ['', '  ', undefined]) {
      const parsed = parseInput(VettingSchema, { speakerId, vettedUntil }, t);
      expect(parsed).toEqual({ ok: false, fields: { vettedUntil: t('speakers.vetting.error.required') } });
    }
    expect(parseInput(VettingSchema, { speakerId, vettedUntil: '2031-02-30' }, t).ok).toBe(false);
    expect(parseInput(VettingSchema, { speakerId, vettedUntil: '2031-02-28' }, t)).toEqual({
      ok: true,
      data: { speakerId, vettedUntil: '2031-02-28' },
    });
  });
});
