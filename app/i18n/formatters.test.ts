import { describe, expect, it } from 'vitest';
import { getFormatters } from './index.ts';

describe('dates written short', () => {
  const today = '2026-11-30T02:00:00Z';
  it('write a day of another year the same way as one of this year, with the year added', () => {
    const en = getFormatters('en');
    expect(en.dateShort('2026-12-02T02:00:00Z', today)).toBe('Wed 2 Dec');
    expect(en.dateShort('2027-01-06T02:00:00Z', today)).toBe('Wed 6 Jan 2027');
    const zh = getFormatters('zh');
    expect(zh.dateShort('2026-12-02T02:00:00Z', today)).toBe('12/2周三');
    expect(zh.dateShort('2027-01-06T02:00:00Z', today)).toBe('2027/1/6周三');
  });
});

describe('sentences one after another', () => {
  it('join with no space in Chinese and one in English, leaving out an empty one', () => {
    expect(getFormatters('zh').sentences('这个时间已经安排了。', '', '可以提出新的时间。')).toBe(
      '这个时间已经安排了。可以提出新的时间。',
    );
    expect(getFormatters('en').sentences('It is taken.', '', 'Propose new times.')).toBe(
      'It is taken. Propose new times.',
    );
  });
});
