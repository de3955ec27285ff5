import { describe, expect, it } from 'vitest';
import { themeLabel } from '#app/utils/themes.ts';
import { themeWords } from '#db/schema/enums.ts';
import { en } from './en/index.ts';
import { formatYuan, getFormatters, getT } from './index.ts';
import { zh } from './zh/index.ts';

// Labels a value follows ("Valid until" 2027-06-30, "Answer by" a date, "Booked by" a name): whole as they are.
const wholeLabels = new Set([
  'bureau.col.validTo',
  'speakers.vetting.change',
  'invitation.facts.answerBy',
  'invitation.facts.theirAnswerBy',
  'invitation.facts.answerDeadline',
  'bookings.detail.teacher',
  'bookings.detail.holdUntil',
  'bookings.console.deadline',
  'console.commitments.validFrom',
  'console.sessions.releaseDate',
  'admin.target',
  'console.profile.coordinateSystem',
  // Whole sentences that end on a preposition ("appended to", "subscribe to").
  'bureau.audit.lead',
  'calendar.page.none',
]);

describe('interface texts', () => {
  it('has an English text for every Chinese one, and no other', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('writes English in English (no Han characters outside language names)', () => {
    const han = /\p{Script=Han}/u;
    const untranslated = Object.entries(en).filter(([key, text]) => han.test(text) && key !== 'lang.zh');
    expect(untranslated).toEqual([]);
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      // Chinese writes discounts as 折 ({discount}), English as per cent ({percent}).
      if (key === 'commitment.percent_off' || key === 'commitment.group.percent_off') continue;
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('ends no English sentence mid-phrase (before what?), as the Chinese never does', () => {
    // A field label of one word ("Before" a date in the audit log's filter) is not a cut-off sentence.
    const dangling = Object.entries(en).filter(
      ([, text]) =>
        text.includes(' ') && /\b(before|after|until|by|than|the|a|an|of|to|and)\.?$/i.test(text.trim()),
    );
    expect(dangling.map(([key]) => key).filter((key) => !wholeLabels.has(key))).toEqual([]);
    expect(getT('en')('bookings.next.confirmed')).toBe(
      'Bring the group on time; you will get a reminder before the trip.',
    );
  });

  it('spells English one way (program, not programme) and names a page in the menu as the page names itself', () => {
    expect(Object.entries(en).filter(([, text]) => /programme/i.test(text))).toEqual([]);
    for (const locale of ['zh', 'en'] as const) {
      expect(getT(locale)('invitation.nav')).toBe(getT(locale)('invitation.list.title'));
    }
  });

  it('fills placeholders and defaults to Chinese', () => {
    expect(getT('zh')('common.km', { km: 12 })).toBe('12 公里');
    expect(getT('en')('common.km', { km: 12 })).toBe('12 km');
  });

  it('shows the theme vocabulary in the interface language, stored Chinese words unchanged, own words as typed', () => {
    const zhT = getT('zh');
    const enT = getT('en');
    expect(themeWords.map((word) => themeLabel(zhT, word))).toEqual(themeWords);
    expect(themeLabel(enT, '红色教育')).toBe('Revolutionary heritage');
    expect(themeWords.filter((word) => themeLabel(enT, word) === word)).toEqual([]);
    expect(themeLabel(enT, '科学探究')).toBe('科学探究');
  });

  it('separates lists, labels and notes the way each language writes them', () => {
    expect(getFormatters('zh').list(['一年级', '二年级', '三年级'])).toBe('一年级、二年级、三年级');
    expect(getFormatters('en').list(['Grade 1', 'Grade 2', 'Grade 3'])).toBe('Grade 1, Grade 2, Grade 3');
    expect(getFormatters('en').list([])).toBe('');
    expect(['2026-10', '2027-01'].map(getFormatters('zh').month)).toEqual(['10月', '1月']);
    expect(['2026-10', '2027-01'].map(getFormatters('en').month)).toEqual(['Oct', 'Jan']);
    expect(getFormatters('zh').monthOfYear(2026, 10)).toBe('2026年10月');
    expect(getFormatters('en').monthOfYear(2027, 1)).toBe('January 2027');
    expect(getT('zh')('common.labelled', { label: '联系方式', value: 'a' })).toBe('联系方式：a');
    expect(getT('en')('common.labelled', { label: 'Contact', value: 'a' })).toBe('Contact: a');
    expect(getT('zh')('common.parenthetical', { text: '秋季学期', note: 'x' })).toBe('秋季学期（x）');
    expect(getT('en')('common.parenthetical', { text: 'Autumn term', note: 'x' })).toBe('Autumn term (x)');
  });

  it('writes money in yuan with thousands grouped like every other figure, fen only when there are any', () => {
    for (const locale of ['zh', 'en'] as const) {
      const { yuan, number } = getFormatters(locale);
      expect(yuan(674_500)).toBe(`¥${number(6745)}`);
      expect([674_500, 1_000_000, 1250, 0, 123_456_789].map(yuan)).toEqual([
        '¥6,745',
        '¥10,000',
        '¥12.50',
        '¥0',
        '¥1,234,567.89',
      ]);
    }
    expect(formatYuan(1_000_000)).toBe('¥10,000');
  });
});

describe('one of a thing', () => {
  const t = getT('en');
  const pluralOfOne = /\b1 [a-z-]+s\b/;
  it('is said in the singular: no “1 no-shows”, “1 speakers found”, “1 pupils”', () => {
    expect(t('bookings.school.warning', { count: 1 })).not.toMatch(pluralOfOne);
    expect(t('notice.booking_no_show_warning', { school: 'X', count: 1, days: 90 })).not.toMatch(pluralOfOne);
    expect(t('search.resultsSpeakersOne', { count: 1 })).toBe('1 speaker found');
    expect(t('infoReport.visitOptionOne', { date: '2030-03-04', pupils: 1 })).toBe('2030-03-04 · 1 pupil');
    expect(t('bookings.book.tooFewOne', { count: 1, group: '10 pupils and 1 adult', seats: 11 })).not.toMatch(
      pluralOfOne,
    );
  });
});
