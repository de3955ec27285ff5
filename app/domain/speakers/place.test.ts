import { describe, expect, it } from 'vitest';
import { placeLine } from './place.ts';

describe('where a talk takes place, in one line', () => {
  it('says each part once, whichever way the place was typed', () => {
    // The form's default place is "school · address": the school's name and address beside it are not repeated.
    expect(placeLine('武川县哈达中心学校', '武川县哈达中心学校 · 武川县呼和镇')).toBe(
      '武川县哈达中心学校 · 武川县呼和镇',
    );
    expect(placeLine('武川县哈达中心学校 · 武川县呼和镇', '武川县呼和镇')).toBe(
      '武川县哈达中心学校 · 武川县呼和镇',
    );
    // A place of its own stays beside the school.
    expect(placeLine('哈达中心学校', '学校礼堂')).toBe('哈达中心学校 · 学校礼堂');
    // A fuller wording replaces a shorter one already said.
    expect(placeLine('哈达中心学校', '武川县哈达中心学校')).toBe('武川县哈达中心学校');
    expect(placeLine(null, '', '  ', undefined)).toBe('');
  });
});
