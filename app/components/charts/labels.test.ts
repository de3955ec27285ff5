import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctLabels, fitLabel, labelWidth } from './labels.ts';

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

describe('fitLabel', () => {
  it('keeps a label that fits and cuts a long one with an ellipsis, Chinese counted a full em', () => {
    expect(fitLabel('呼和浩特市', 162, 13)).toBe('呼和浩特市');
    expect(labelWidth('呼和', 13)).toBe(26);
    expect(labelWidth('ab', 10)).toBeCloseTo(12.4);
    const cut = fitLabel('Hohhot Municipal Bureau of Education, Science and Technology', 162, 13);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.startsWith('Hohhot Municipal')).toBe(true);
    expect(labelWidth(cut, 13)).toBeLessThanOrEqual(162);
    expect(fitLabel('鄂尔多斯市伊金霍洛旗第一中学附属小学', 104, 13)).toBe('鄂尔多斯市伊金…');
    // Two bars told apart only by their number keep it when cut.
    const twin = 'Thu 10 Dec 09:30 · Grassland civilisation through the ages';
    const first = fitLabel(twin, 174, 13);
    const second = fitLabel(`${twin} (2)`, 174, 13);
    expect(second.endsWith('… (2)')).toBe(true);
    expect(second).not.toBe(first);
    expect(labelWidth(second, 13)).toBeLessThanOrEqual(174);
  });

  it('never overflows its width and always keeps the beginning of the label', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'W', ' ', '草', '原', '·') }),
        fc.integer({ min: 20, max: 300 }),
        (label, width) => {
          const fitted = fitLabel(label, width, 13);
          expect(labelWidth(fitted, 13)).toBeLessThanOrEqual(width);
          if (labelWidth(label, 13) <= width) expect(fitted).toBe(label);
          if (fitted !== label) {
            expect(fitted.endsWith('…')).toBe(true);
            expect(label.startsWith(fitted.slice(0, -1))).toBe(true);
          }
        },
      ),
    );
  });
});
