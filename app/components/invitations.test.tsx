import { describe, expect, it } from 'vitest';
import { getFormatters, getT, type Locale } from '#app/i18n/index.ts';
import { gradeList } from './invitations.tsx';

const grades = (list: number[], locale: Locale = 'en') =>
  gradeList(list, { t: getT(locale), format: getFormatters(locale) });

describe('a list of grades', () => {
  it('names three or more grades in a row as one range, in order', () => {
    expect(grades([5, 6, 7, 8, 9, 10, 11, 12])).toBe('Grade 5 to Grade 12');
    expect(grades([12, 11, 10, 0, 1, 2, 3])).toBe('Kindergarten to Grade 3, Grade 10 to Grade 12');
    expect(grades([7, 8, 9], 'zh')).toBe('初一至初三');
  });

  it('keeps one or two grades, and gaps, as they are', () => {
    expect(grades([3])).toBe('Grade 3');
    expect(grades([3, 4])).toBe('Grade 3, Grade 4');
    expect(grades([1, 3, 5, 6])).toBe('Grade 1, Grade 3, Grade 5, Grade 6');
    expect(grades([1, 2, 4, 5, 6], 'zh')).toBe('一年级、二年级、四年级至六年级');
  });
});
