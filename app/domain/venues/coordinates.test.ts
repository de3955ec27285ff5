import { describe, expect, it } from 'vitest';
import { coordinatesProblem, looksSwapped, parseCoordinates, toWgs84 } from './coordinates.ts';

// 内蒙古博物院, Hohhot: the same spot as Amap (GCJ-02) and Baidu (BD-09) show it, and its WGS-84 position.
const WGS = { lat: 40.8168, lng: 111.6694 };

describe('coordinates pasted from map sites', () => {
  it('converts GCJ-02 (Amap) and BD-09 (Baidu) to WGS-84 within a few metres', () => {
    const gcj = { lat: 40.81797, lng: 111.67545 }; // WGS + the usual ~600 m offset in Hohhot
    const fromGcj = toWgs84(gcj, 'gcj02');
    const backFromWgs = toWgs84(fromGcj, 'wgs84');
    expect(backFromWgs).toEqual(fromGcj);
    // GCJ-02 shifts Hohhot by several hundred metres; the conversion takes most of it back.
    expect(Math.abs(fromGcj.lng - gcj.lng)).toBeGreaterThan(0.003);
    const bd = { lat: gcj.lat + 0.0062, lng: gcj.lng + 0.0065 };
    const fromBd = toWgs84(bd, 'bd09');
    expect(Math.abs(fromBd.lat - fromGcj.lat)).toBeLessThan(0.0005);
    expect(Math.abs(fromBd.lng - fromGcj.lng)).toBeLessThan(0.0005);
  });

  it('round-trips: WGS-84 shifted to GCJ-02 comes back within a metre', async () => {
    const gcoord = (await import('gcoord')).default;
    const [lng, lat] = gcoord.transform([WGS.lng, WGS.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const back = toWgs84({ lat, lng }, 'gcj02');
    expect(Math.abs(back.lat - WGS.lat)).toBeLessThan(1e-5);
    expect(Math.abs(back.lng - WGS.lng)).toBeLessThan(1e-5);
  });

  it('reads both orders and Chinese separators, and refuses nonsense', () => {
    expect(parseCoordinates('40.8168, 111.6694')).toEqual(WGS);
    expect(parseCoordinates('111.6694,40.8168')).toEqual(WGS);
    expect(parseCoordinates('111.6694，40.8168')).toEqual(WGS);
    expect(parseCoordinates(' 40.8168 111.6694 ')).toEqual(WGS);
    expect(parseCoordinates('north')).toBeNull();
    expect(parseCoordinates('40.1')).toBeNull();
    expect(parseCoordinates('95, 200')).toBeNull();
  });

  it('reads a longitude-first pair from far away as a position (to be refused as outside, not as no position)', () => {
    expect(parseCoordinates('151.2, -33.86')).toEqual({ lat: -33.86, lng: 151.2 });
    expect(parseCoordinates('-122.42, 37.77')).toEqual({ lat: 37.77, lng: -122.42 });
    expect(coordinatesProblem('151.2,-33.86')).toBeNull();
    expect(coordinatesProblem('200, 95')).toBe('out_of_range');
  });

  it('tells an unreadable pair from two numbers out of range, and spots swapped boxes', () => {
    expect(coordinatesProblem('40.8168, 111.6694')).toBeNull();
    expect(coordinatesProblem('abc')).toBe('unreadable');
    expect(coordinatesProblem('40.1')).toBe('unreadable');
    expect(coordinatesProblem('200, 100')).toBe('out_of_range');
    expect(looksSwapped(111.6694, 40.8168)).toBe(true);
    expect(looksSwapped(40.8168, 111.6694)).toBe(false);
    expect(looksSwapped(95, 10)).toBe(false);
  });
});
