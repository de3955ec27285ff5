import { readFileSync } from 'node:fs';
import postcss, { type Root } from 'postcss';
import { describe, expect, it } from 'vitest';

// WCAG 2 contrast of the colours app.css sets where text and focus rings meet their backgrounds.

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => a.map((c, i) => c + (b[i]! - c) * t) as Rgb;

const css: Root = postcss.parse(readFileSync('app/styles/app.css', 'utf8'));

/** The value of `property` in the rule whose selector is exactly `selector`, custom properties resolved. */
function declared(selector: string, property: string): string | undefined {
  let value: string | undefined;
  css.walkRules((rule) => {
    if (rule.selector !== selector) return;
    rule.walkDecls(property, (decl) => {
      value = decl.value;
    });
  });
  return value?.replace(/var\((--[\w-]+)\)/g, (_, name: string) => declared(':root', name) ?? name);
}

const colours = (value: string | undefined): Rgb[] => (value?.match(/#[0-9a-f]{3,6}\b/gi) ?? []).map(rgb);

/** What a focus ring may sit on: the page, cards and fields, the footer, table heads, a map without its tiles. */
const LIGHT_BACKGROUNDS = ['#ffffff', '#f5f7fa', '#eef1f5', '#f0f3f7', '#e9eef3'].map(rgb);

describe('contrast of app.css', () => {
  it('draws a focus ring of 3:1 or more on every light background, with a white band so it shows on any other', () => {
    const [ring] = colours(declared(':focus-visible', 'outline'));
    for (const background of LIGHT_BACKGROUNDS) expect(contrast(ring!, background)).toBeGreaterThanOrEqual(3);
    // Two tones 9:1 apart: whatever lies under them, one of the two stands out from it by 3:1 (WCAG technique C40).
    const [band] = colours(declared(':focus-visible', 'box-shadow'));
    expect(band).toBeDefined();
    expect(contrast(ring!, band!)).toBeGreaterThanOrEqual(9);
  });

  it('puts the hero’s text and its focus ring on a blue that white stands out from, at every point of the gradient', () => {
    const stops = colours(declared('.hero', 'background'));
    expect(stops.length).toBeGreaterThanOrEqual(2);
    const text = colours(declared('.hero', 'color'))[0]!;
    // Softened text mixes with the blue under it.
    const opacity = Number(declared('.hero p', 'opacity') ?? 1);
    const ring = colours(
      declared('.hero :focus-visible', 'outline-color') ?? declared(':focus-visible', 'outline'),
    )[0]!;
    const blues = stops
      .slice(1)
      .flatMap((stop, i) => Array.from({ length: 21 }, (_, step) => mix(stops[i]!, stop, step / 20)));
    const worst = (ratios: number[]) => Math.min(...ratios);
    expect(worst(blues.map((blue) => contrast(mix(blue, text, opacity), blue)))).toBeGreaterThanOrEqual(4.5);
    expect(worst(blues.map((blue) => contrast(ring, blue)))).toBeGreaterThanOrEqual(3);
  });

  it('underlines the map attribution’s links and gives them the contrast of body text', () => {
    const selector = '.leaflet-container .leaflet-control-attribution a';
    expect(declared(selector, 'text-decoration')).toBe('underline');
    const link = colours(declared(selector, 'color'))[0]!;
    expect(contrast(link, rgb('#ffffff'))).toBeGreaterThanOrEqual(4.5);
  });
});
