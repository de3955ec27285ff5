import { describe, expect, it } from 'vitest';
import { getFormatters, getT } from '#app/i18n/index.ts';
import { readableParams } from './text.ts';

describe('notice values as read', () => {
  it('writes stored Beijing wall times the way dates read on every page, and leaves other values alone', () => {
    const stored = {
      when: '2030-03-20 09:30',
      venue: '内蒙古博物院',
      seats: 38,
      reason: '2030-03-20',
      note: null,
    };
    expect(readableParams(stored, getFormatters('zh'))).toEqual({
      when: '2030/3/20 09:30',
      venue: '内蒙古博物院',
      seats: 38,
      reason: '2030-03-20',
      note: '',
    });
    expect(readableParams(stored, getFormatters('en')).when).toBe('20 Mar 2030, 09:30');
  });

  it('writes amounts kept in fen as prices read on every page, grouped, old notices’ yuan text too', () => {
    const stored = { title: '草原生态研学', promisedFen: 1_000_000, chargedFen: 1_250_050, seats: 12 };
    const zh = readableParams(stored, getFormatters('zh'));
    expect(zh).toMatchObject({ promised: '¥10,000', charged: '¥12,500.50', seats: 12 });
    expect(zh).not.toHaveProperty('promisedFen');
    expect(getT('zh')('notice.booking_price_flagged', zh)).toContain(
      '实收每名学生 ¥12,500.50，高于承诺的 ¥10,000，',
    );
    const en = readableParams(stored, getFormatters('en'));
    expect(getT('en')('notice.booking_price_flagged', en)).toContain(
      'charged ¥12,500.50 per pupil, above the promised ¥10,000;',
    );
    // Both charges above the promise: both named, each beside its promise.
    const both = readableParams(
      { ...stored, promisedChaperoneFen: 0, chargedChaperoneFen: 1000 },
      getFormatters('zh'),
    );
    expect(getT('zh')('notice.booking_price_flagged_both', both)).toContain(
      '实收每名学生 ¥12,500.50（承诺 ¥10,000），每名陪同成人 ¥10（承诺 ¥0），',
    );
    // Written before amounts were kept in fen: yuan as text, read the same way.
    const old = readableParams(
      { promised: '10000.00', charged: '12.50', title: '1.50' },
      getFormatters('zh'),
    );
    expect(old).toEqual({ promised: '¥10,000', charged: '¥12.50', title: '1.50' });
  });

  it('reads a stored day as a date and a commitment kept in no language in the reader’s words', () => {
    const stored = {
      venue: '内蒙古博物院',
      fromDay: '2027-03-01',
      commitmentAudience: 'primary',
      commitmentKind: 'percent_off',
      commitmentPercentOff: 50,
      commitmentPriceFen: 0,
    };
    expect(readableParams(stored, getFormatters('zh'), getT('zh'))).toMatchObject({
      from: '2027年3月1日',
      terms: '小学生5折',
    });
    expect(readableParams(stored, getFormatters('en'), getT('en'))).toMatchObject({
      from: '1 March 2027',
      terms: expect.stringContaining('50%'),
    });
    const fixed = { ...stored, commitmentKind: 'fixed_price', commitmentPriceFen: 1250 };
    expect(readableParams(fixed, getFormatters('zh'), getT('zh')).terms).toBe('小学生¥12.50');
    // Without a translator, or with terms it does not know, there are none; a day-like value of another name stays.
    expect(readableParams(stored, getFormatters('zh'))).not.toHaveProperty('terms');
    expect(
      readableParams({ ...stored, commitmentKind: 'bogus' }, getFormatters('zh'), getT('zh')),
    ).not.toHaveProperty('terms');
    expect(readableParams({ reason: '2027-03-01' }, getFormatters('zh')).reason).toBe('2027-03-01');
  });
});
