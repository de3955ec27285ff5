import { describe, expect, it } from 'vitest';
import { getFormatters } from '#app/i18n/index.ts';
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
});
