import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bubbleRadius,
  type LabelBox,
  legendValues,
  MAX_RADIUS,
  MIN_RADIUS,
  placeLabels,
} from './bubble-layout.ts';

describe('a bubble map’s sizes and names', () => {
  it('draws the largest figure largest and a zero smallest', () => {
    expect(bubbleRadius(400, 400)).toBe(MAX_RADIUS);
    expect(bubbleRadius(0, 400)).toBe(MIN_RADIUS);
    expect(bubbleRadius(100, 400)).toBeCloseTo(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) / 2);
  });

  it('offers two or three round reference values under the largest figure', () => {
    expect(legendValues(2318)).toEqual([2000, 500, 100]);
    expect(legendValues(546)).toEqual([500, 100, 20]);
    expect(legendValues(12)).toEqual([10, 2, 1]);
    expect(legendValues(2)).toEqual([2, 1]);
    expect(legendValues(1)).toEqual([1]);
    expect(legendValues(0)).toEqual([]);
  });

  it('places names without covering one another, larger bubbles first, inside the map', () => {
    const box = (key: string, x: number, y: number, radius: number, width = 60): LabelBox => ({
      key,
      x,
      y,
      radius,
      width,
      height: 18,
    });
    const size = { width: 300, height: 200 };
    const boxes = [
      box('big', 150, 100, 28, 40),
      box('near', 200, 100, 6),
      box('far', 40, 40, 6),
      box('edge', 295, 190, 6),
    ];
    const placed = placeLabels(boxes, size);
    const byKey = new Map(placed.map((p) => [p.key, p]));
    // A short name fits inside its large bubble; a small bubble's name goes to its right, room allowing.
    expect(byKey.get('big')).toEqual({ key: 'big', dx: -20, dy: -9 });
    expect(byKey.get('far')).toEqual({ key: 'far', dx: 9, dy: -9 });
    // In the corner, the name goes where it stays inside the map.
    expect(byKey.get('edge')).toEqual({ key: 'edge', dx: -69, dy: -9 });
    const rects = placed.map((p) => {
      const b = boxes.find((c) => c.key === p.key) as LabelBox;
      return {
        left: b.x + p.dx,
        top: b.y + p.dy,
        right: b.x + p.dx + b.width,
        bottom: b.y + p.dy + b.height,
      };
    });
    for (const r of rects) {
      expect(r.left).toBeGreaterThanOrEqual(0);
      expect(r.right).toBeLessThanOrEqual(size.width);
      expect(r.top).toBeGreaterThanOrEqual(0);
      expect(r.bottom).toBeLessThanOrEqual(size.height);
    }
    for (const [i, a] of rects.entries()) {
      for (const b of rects.slice(i + 1)) {
        expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true);
      }
    }
  });

  it('leaves a small bubble’s name to its tooltip when there is no room for it', () => {
    const crowd: LabelBox[] = [0, 1, 2, 3, 4].map((i) => ({
      key: `k${i}`,
      x: 50,
      y: 30,
      radius: 6,
      width: 80,
      height: 18,
    }));
    const placed = placeLabels(crowd, { width: 100, height: 60 });
    expect(placed.map((p) => p.key)).toEqual(['k0', 'k1']);
  });

  it('never puts a name over another bubble’s centre, wherever the bubbles fall', () => {
    const size = { width: 320, height: 220 };
    const bubble = fc.record({
      x: fc.integer({ min: 0, max: size.width }),
      y: fc.integer({ min: 0, max: size.height }),
      radius: fc.integer({ min: MIN_RADIUS, max: MAX_RADIUS }),
      width: fc.integer({ min: 20, max: 90 }),
      height: fc.integer({ min: 14, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(bubble, { minLength: 2, maxLength: 14 }), (drawn) => {
        const boxes: LabelBox[] = drawn.map((b, i) => ({ key: `r${i}`, ...b }));
        for (const p of placeLabels(boxes, size)) {
          const own = boxes.find((b) => b.key === p.key) as LabelBox;
          const rect = {
            left: own.x + p.dx,
            top: own.y + p.dy,
            right: own.x + p.dx + own.width,
            bottom: own.y + p.dy + own.height,
          };
          for (const other of boxes) {
            if (other.key === own.key) continue;
            const coversCentre =
              rect.left < other.x && other.x < rect.right && rect.top < other.y && other.y < rect.bottom;
            expect(coversCentre, `${own.key}'s name over ${other.key}'s centre`).toBe(false);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a name off a small bubble’s centre even when that is the only place left beside its own bubble', () => {
    // A large bubble with a long name (too long to sit inside), hemmed in by the map's edges so that only its right
    // side is free, where a small bubble sits.
    const boxes: LabelBox[] = [
      { key: 'big', x: 30, y: 30, radius: 28, width: 80, height: 18 },
      { key: 'small', x: 90, y: 30, radius: 6, width: 40, height: 18 },
    ];
    const placed = placeLabels(boxes, { width: 200, height: 60 });
    expect(placed.find((p) => p.key === 'big')).toBeUndefined();
    expect(placed.find((p) => p.key === 'small')).toBeDefined();
  });
});
