import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctLabels } from './labels.ts';

describe('distinctLabels', () => {
  it('keeps a unique label short and names the program where two sessions start at the same time', () => {
    expect(
      distinctLabels([
        { label: '12月5日 09:00', detail: '草原文明' },
        { label: '12月5日 09:00', detail: '恐龙化石' },
        { label: '12月6日 09:00', detail: '草原文明' },
      ]),
    ).toEqual(['12月5日 09:00 · 草原文明', '12月5日 09:00 · 恐龙化石', '12月6日 09:00']);
  });

  it('numbers the later ones when label and detail both repeat', () => {
    expect(
      distinctLabels([
        { label: '12月5日 09:00', detail: '草原文明' },
        { label: '12月5日 09:00', detail: '草原文明' },
      ]),
    ).toEqual(['12月5日 09:00 · 草原文明', '12月5日 09:00 · 草原文明 (2)']);
  });

  it('gives every bar its own label, in order, and starting with its short label', () => {
    const bar = fc.record({ label: fc.constantFrom('a', 'b', 'a (2)'), detail: fc.constantFrom('x', 'y') });
    fc.assert(
      fc.property(fc.array(bar, { maxLength: 12 }), (bars) => {
        const labels = distinctLabels(bars);
        expect(labels).toHaveLength(bars.length);
        expect(new Set(labels).size).toBe(labels.length);
        expect(labels.every((l, i) => l.startsWith(bars[i]?.label ?? ''))).toBe(true);
      }),
    );
  });
});
