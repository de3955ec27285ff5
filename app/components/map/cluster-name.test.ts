import { describe, expect, it } from 'vitest';
import { getFormatters, getT } from '#app/i18n/index.ts';
import { clusterName } from './cluster-name.ts';

describe('a map cluster’s name', () => {
  it('says “and more” only when it names fewer places than it holds', () => {
    const en = (count: number, names: string[]) => clusterName(getT('en'), getFormatters('en'), count, names);
    expect(en(7, ['A', 'B', 'C'])).toBe('7 places: A, B, C and more. Press Enter to zoom in');
    expect(en(3, ['A', 'B', 'C'])).toBe('3 places: A, B, C. Press Enter to zoom in');
    expect(en(2, ['A', 'B'])).toBe('2 places: A, B. Press Enter to zoom in');
    const zh = (count: number, names: string[]) => clusterName(getT('zh'), getFormatters('zh'), count, names);
    expect(zh(7, ['甲', '乙', '丙'])).toBe('7 处：甲、乙、丙 等。按回车键放大');
    expect(zh(2, ['甲', '乙'])).toBe('2 处：甲、乙。按回车键放大');
  });
});
