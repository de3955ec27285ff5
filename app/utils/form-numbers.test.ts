import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { AttendanceFormSchema, BookingInputSchema } from '#app/domain/bookings/schemas.ts';
import { CommitmentFormSchema, ProgramFormSchema } from '#app/domain/venues/schemas.ts';
import { getT } from '#app/i18n/index.ts';
import { wholeNumber, yuanToFen } from './form-numbers.ts';
import { parseInput } from './validation.ts';

const zh = getT('zh');
const en = getT('en');

function errorOf(schema: z.ZodType, value: unknown, t = zh) {
  const parsed = parseInput(z.object({ field: schema }), { field: value }, t);
  return parsed.ok ? undefined : parsed.fields.field;
}

describe('wholeNumber', () => {
  const pupils = wholeNumber(1, 500);
  test('says what is wrong, once', () => {
    expect(errorOf(pupils, '30.5')).toBe('请输入整数');
    expect(errorOf(pupils, '30.5', en)).toBe('Please enter a whole number');
    expect(errorOf(pupils, '-5')).toBe('不能小于 1');
    expect(errorOf(pupils, '99999999')).toBe('不能大于 500');
    expect(errorOf(pupils, 1e30)).toBe('不能大于 500');
    // Only digits as people write them: no exponent, hex, binary or Infinity read as another number.
    for (const typed of ['1e30', '3e1', '0x5', '0b1', '0o7', 'Infinity', '1_000', '1,000', '5-'])
      expect(errorOf(pupils, typed), typed).toBe('请输入数字');
    expect(pupils.parse('+30')).toBe(30);
    expect(pupils.parse('30.')).toBe(30);
    expect(errorOf(pupils, 'abc')).toBe('请输入数字');
    expect(errorOf(pupils, undefined)).toBe('请填写此项');
    // A field emptied in a form is missing, not 0 (a speaker's monthly cap of 0 would block every invitation).
    expect(errorOf(pupils, '')).toBe('请填写此项');
    expect(errorOf(wholeNumber(0, 60), '  ')).toBe('请填写此项');
  });
  test('accepts whole numbers in range', () => {
    expect(pupils.parse(' 30 ')).toBe(30);
  });
  test('reads full-width digits as the number they show', () => {
    expect(pupils.parse('４５')).toBe(45);
    expect(pupils.parse('\u3000４５\u3000')).toBe(45);
    expect(errorOf(pupils, '３０．５')).toBe('请输入整数');
    expect(errorOf(pupils, '－５')).toBe('不能小于 1');
    expect(errorOf(pupils, '四十五')).toBe('请输入数字');
  });
});

describe('yuanToFen', () => {
  const price = yuanToFen(1_000_000);
  test('keeps up to two decimals in fen', () => {
    expect(price.parse('12.5')).toBe(1250);
    expect(price.parse('0.29')).toBe(29);
    expect(price.parse(10000)).toBe(1_000_000);
  });
  test('reads an amount written with its currency, as people write it', () => {
    for (const typed of ['¥12.5', '￥12.50', '12.5元', '12.50 元', ' ¥ 12.5 ', '¥12.5元', '１２．５元'])
      expect(price.parse(typed), typed).toBe(1250);
    expect(errorOf(price, '¥10.555')).toBe('金额最多两位小数（精确到分）');
    expect(errorOf(price, '-1元')).toBe('不能小于 0');
  });
  test('reads full-width digits and point', () => {
    expect(price.parse('１２．５')).toBe(1250);
    expect(price.parse('１２.５０')).toBe(1250);
    expect(errorOf(price, '１０．５５５')).toBe('金额最多两位小数（精确到分）');
  });
  test('refuses, with the real reason', () => {
    for (const typed of ['1e3', '0x10', 'Infinity', '.', '12.5.1'])
      expect(errorOf(price, typed), typed).toBe('请输入金额（元），如 12.50');
    expect(price.parse('.5')).toBe(50);
    expect(errorOf(price, '10.555')).toBe('金额最多两位小数（精确到分）');
    expect(errorOf(price, '1.005')).toBe('金额最多两位小数（精确到分）');
    expect(errorOf(price, '99999999')).toBe('不能大于 10000');
    expect(errorOf(price, '99999999', en)).toBe('Must be at most 10000');
    expect(errorOf(price, '-1')).toBe('不能小于 0');
    expect(errorOf(price, '十元')).toBe('请输入金额（元），如 12.50');
    for (const typed of ['¥', '元', '¥元', '12元元', '¥¥12', '12角', '12 块', '$12'])
      expect(errorOf(price, typed), typed).toBe('请输入金额（元），如 12.50');
    expect(errorOf(price, '十元', en)).toBe('Enter an amount in yuan, e.g. 12.50');
  });
});

describe('forms use the same rules', () => {
  const program = {
    title: 'T',
    grades: '5',
    durationMinutes: '60',
    maxGroupSize: '40',
    standardPricePerChaperone: '',
  };
  /** The attendance form of 3 pupils and 1 adult, charging this per pupil. */
  const attendanceCharging = (perPupil: string) =>
    parseInput(
      AttendanceFormSchema,
      {
        attendedPupils: '3',
        attendedChaperones: '1',
        chargedPricePerPupil: perPupil,
        chargedPricePerChaperone: '0',
      },
      zh,
    );
  test('a program price is never rounded, and the message matches attendance', () => {
    const programPrice = parseInput(ProgramFormSchema, { ...program, standardPricePerPupil: '10.555' }, zh);
    const attendance = attendanceCharging('10.555');
    expect(programPrice.ok || programPrice.fields.standardPricePerPupil).toBe('金额最多两位小数（精确到分）');
    expect(attendance.ok || attendance.fields.chargedPricePerPupil).toBe('金额最多两位小数（精确到分）');
  });
  test('a too-large price says the maximum on programs, commitments and attendance', () => {
    const programPrice = parseInput(ProgramFormSchema, { ...program, standardPricePerPupil: '99999999' }, zh);
    const commitment = parseInput(
      CommitmentFormSchema,
      { audience: 'all', kind: 'fixed_price', validFrom: '2026-01-01', fixedPrice: '99999999' },
      zh,
    );
    const attendance = attendanceCharging('99999999');
    expect(programPrice.ok || programPrice.fields.standardPricePerPupil).toBe('不能大于 10000');
    expect(commitment.ok || commitment.fields.fixedPrice).toBe('不能大于 10000');
    expect(attendance.ok || attendance.fields.chargedPricePerPupil).toBe('不能大于 10000');
  });
  test('a booking typed with a Chinese input method in full-width mode is the same booking', () => {
    const parsed = parseInput(
      BookingInputSchema,
      {
        sessionId: '00000000-0000-4000-8000-000000000000',
        grade: '５',
        pupils: '４５',
        chaperones: '３',
        leftBehindPupils: '０',
        contactPhone: '１３８ ０００１ ２３４５',
        notes: '两名学生使用轮椅（４５人）',
      },
      zh,
    );
    expect(parsed.ok && parsed.data).toMatchObject({
      grade: 5,
      pupils: 45,
      chaperones: 3,
      leftBehindPupils: 0,
      contactPhone: '13800012345',
      // Free text keeps what was typed.
      notes: '两名学生使用轮椅（４５人）',
    });
  });
  test('a negative pupil count is reported on that field only', () => {
    const parsed = parseInput(
      BookingInputSchema,
      {
        sessionId: '00000000-0000-4000-8000-000000000000',
        grade: '5',
        pupils: '-5',
        chaperones: '3',
        pupilsWithDisabilities: '0',
        leftBehindPupils: '0',
      },
      zh,
    );
    expect(parsed.ok ? {} : parsed.fields).toEqual({ pupils: '不能小于 1' });
  });
  test('the counts of pupils with disabilities and left-behind pupils may be left empty: none', () => {
    const parsed = parseInput(
      BookingInputSchema,
      {
        sessionId: '00000000-0000-4000-8000-000000000000',
        grade: '5',
        pupils: '30',
        chaperones: '3',
        pupilsWithDisabilities: '',
        leftBehindPupils: ' ',
      },
      zh,
    );
    expect(parsed.ok && parsed.data).toMatchObject({ pupilsWithDisabilities: 0, leftBehindPupils: 0 });
    // The pupils and the adults must still be given.
    const none = parseInput(
      BookingInputSchema,
      { sessionId: '00000000-0000-4000-8000-000000000000', grade: '5', pupils: '', chaperones: '' },
      zh,
    );
    expect(none.ok ? [] : Object.keys(none.fields).sort()).toEqual(['chaperones', 'pupils']);
  });
  test('a negative group size is not also "max below min"', () => {
    const parsed = parseInput(ProgramFormSchema, { ...program, minGroupSize: '-5', maxGroupSize: '3' }, zh);
    expect(parsed.ok ? {} : parsed.fields).toEqual({ minGroupSize: '不能小于 1' });
    const order = parseInput(ProgramFormSchema, { ...program, minGroupSize: '5', maxGroupSize: '3' }, zh);
    expect(order.ok ? {} : Object.keys(order.fields)).toEqual(['maxGroupSize']);
  });
  test('more disabled pupils than pupils is still refused', () => {
    const parsed = parseInput(
      BookingInputSchema,
      {
        sessionId: '00000000-0000-4000-8000-000000000000',
        grade: '5',
        pupils: '5',
        chaperones: '3',
        pupilsWithDisabilities: '6',
      },
      zh,
    );
    expect(parsed.ok ? {} : parsed.fields).toEqual({ pupilsWithDisabilities: '不能多于学生人数' });
  });
  test('more adults than pupils (the two counts swapped) is refused on the adults, in both languages', () => {
    const swapped = {
      sessionId: '00000000-0000-4000-8000-000000000000',
      grade: '5',
      pupils: '3',
      chaperones: '30',
    };
    const parsed = parseInput(BookingInputSchema, swapped, zh);
    expect(parsed.ok ? {} : parsed.fields).toEqual({
      chaperones: '陪同成人不能多于学生人数（每名残疾学生可另加一名），请检查两项是否填反了',
    });
    const en = parseInput(BookingInputSchema, swapped, getT('en'));
    expect(en.ok ? {} : en.fields.chaperones).toContain('more adults than pupils');
    // As many adults as pupils is still a group (a small class with helpers), and a wrong pupil count is said once.
    expect(parseInput(BookingInputSchema, { ...swapped, chaperones: '3' }, zh).ok).toBe(true);
    // A class of pupils with disabilities may bring a carer for each of them besides its teachers.
    expect(
      parseInput(BookingInputSchema, { ...swapped, chaperones: '6', pupilsWithDisabilities: '3' }, zh).ok,
    ).toBe(true);
    expect(
      parseInput(BookingInputSchema, { ...swapped, chaperones: '7', pupilsWithDisabilities: '3' }, zh).ok,
    ).toBe(false);
    const noPupils = parseInput(BookingInputSchema, { ...swapped, pupils: '0' }, zh);
    expect(noPupils.ok ? {} : noPupils.fields).toEqual({ pupils: '不能小于 1' });
  });
});
