// The arithmetic of a bubble map, shared by the map (browser only) and its legend (rendered on the server too): how
// large a bubble is, which reference sizes the legend shows, and where each region's name goes.

export const MIN_RADIUS = 5;
export const MAX_RADIUS = 28;
export const BUBBLE_COLORS = { brand: '#1d5fa8', warn: '#b45309' } as const;
/** A ring is drawn this much larger than a solid bubble, so both show when they sit on one spot. */
export const RING_EXTRA = 5;

/** A bubble's radius in pixels: its area proportional to the value, the largest value MAX_RADIUS. */
export function bubbleRadius(value: number, max: number): number {
  return max > 0 && value > 0 ? MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(value / max) : MIN_RADIUS;
}

/** The largest 1, 2 or 5 × 10ⁿ not above the value. */
function niceFloor(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [5, 2, 1].find((s) => s * power <= value) ?? 1;
  return step * power;
}

/**
 * Two or three round values to draw in the legend, largest first: the round number under the largest figure and two
 * smaller steps, none below 1 (the maps count things): 1000, 200, 50; 10, 2, 1; 2, 1.
 */
export function legendValues(max: number): number[] {
  if (!(max >= 1)) return [];
  const top = niceFloor(max);
  const steps = [top, niceFloor(top / 4), niceFloor(top / 20)].map((v) => Math.max(1, v));
  return [...new Set(steps)];
}

export interface LabelBox {
  key: string;
  /** The bubble's centre in the map's pixels. */
  x: number;
  y: number;
  radius: number;
  /** The label's size in pixels. */
  width: number;
  height: number;
}

export interface PlacedLabel {
  key: string;
  /** The label's top-left corner relative to the bubble's centre. */
  dx: number;
  dy: number;
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const GAP = 3;

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Where each label goes: inside its bubble when it fits, else right, left, above or below it, wherever it covers no
 * label placed before it and stays inside the map. Labels are placed in the order given (the larger bubbles first),
 * so when room runs out it is the small bubbles that keep their name for the tooltip only. A place that covers no
 * other bubble is preferred; one that clips the edge of another bubble is taken when there is nothing better, but a
 * label never covers another bubble's centre (where a reader looks to see which region the bubble is).
 */
export function placeLabels(
  boxes: readonly LabelBox[],
  size: { width: number; height: number },
): PlacedLabel[] {
  const taken: Rect[] = [];
  const circles = boxes.map(
    (b): Rect => ({
      left: b.x - b.radius,
      top: b.y - b.radius,
      right: b.x + b.radius,
      bottom: b.y + b.radius,
    }),
  );
  // The middle of each bubble: a label on it would hide which place the bubble stands for.
  const cores = boxes.map((b): Rect => {
    const c = Math.min(b.radius, MIN_RADIUS);
    return { left: b.x - c, top: b.y - c, right: b.x + c, bottom: b.y + c };
  });
  const placed: PlacedLabel[] = [];
  for (const [index, box] of boxes.entries()) {
    const { width: w, height: h, radius: r } = box;
    const offsets: [number, number][] = [
      ...(w <= 2 * r - 4 && h <= 2 * r - 4 ? [[-w / 2, -h / 2] as [number, number]] : []),
      [r + GAP, -h / 2],
      [-r - GAP - w, -h / 2],
      [-w / 2, -r - GAP - h],
      [-w / 2, r + GAP],
    ];
    const candidates = offsets
      .map(([dx, dy]) => ({
        dx,
        dy,
        rect: { left: box.x + dx, top: box.y + dy, right: box.x + dx + w, bottom: box.y + dy + h },
      }))
      .filter(
        ({ rect }) =>
          rect.left >= 0 &&
          rect.top >= 0 &&
          rect.right <= size.width &&
          rect.bottom <= size.height &&
          !taken.some((t) => overlaps(t, rect)) &&
          cores.every((c, i) => i === index || !overlaps(c, rect)),
      );
    // Only a label inside its own bubble touches that bubble; every label keeps off the others where it can.
    const clear = candidates.find(({ rect }) => circles.every((c, i) => i === index || !overlaps(c, rect)));
    const chosen = clear ?? candidates[0];
    if (!chosen) continue;
    taken.push(chosen.rect);
    placed.push({ key: box.key, dx: Math.round(chosen.dx), dy: Math.round(chosen.dy) });
  }
  return placed;
}
