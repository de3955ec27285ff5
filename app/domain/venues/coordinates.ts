import gcoord from 'gcoord';

/** How a pasted position was measured: WGS-84 (GPS, OpenStreetMap, Tianditu), GCJ-02 (Amap, Tencent), BD-09 (Baidu). */
export const coordinateSystems = ['wgs84', 'gcj02', 'bd09'] as const;
export type CoordinateSystem = (typeof coordinateSystems)[number];

export interface LatLng {
  lat: number;
  lng: number;
}

const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Rounded to 6 decimals (about 0.1 m): more digits only pretend to precision. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The WGS-84 position of a point given in another system (the database stores WGS-84 only). */
export function toWgs84(point: LatLng, system: CoordinateSystem): LatLng {
  if (system === 'wgs84') return { lat: round6(point.lat), lng: round6(point.lng) };
  const [lng, lat] = gcoord.transform([point.lng, point.lat], CRS[system], gcoord.WGS84) as [number, number];
  return { lat: round6(lat), lng: round6(lng) };
}

/**
 * Whether a position lies in or near Inner Mongolia (its bounding box, 37.4–53.4° N and 97.2–126.1° E, with a margin
 * of about half a degree for practice bases across a border). A venue proposed elsewhere has most often had its
 * numbers swapped, mistyped or pasted from another place.
 */
export function inInnerMongolia(point: LatLng): boolean {
  return point.lat >= 37 && point.lat <= 54 && point.lng >= 96.5 && point.lng <= 127;
}

/** The two numbers of a pasted pair ("40.8168, 111.6694", "111.6694，40.8168"), whatever they mean. */
function numberPair(text: string): [number, number] | null {
  const parts = text
    .trim()
    .replace(/[，、;；\s]+/g, ',')
    .split(',')
    .filter(Boolean);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map(Number) as [number, number];
  return Number.isFinite(a) && Number.isFinite(b) ? [a, b] : null;
}

/**
 * Reads "40.8168, 111.6694" or "111.6694,40.8168" as copied from a map site. In and around China latitudes lie in
 * 3–54 and longitudes in 73–136, so the order is never ambiguous there; elsewhere latitude comes first unless the
 * first number is too large for a latitude.
 */
export function parseCoordinates(text: string): LatLng | null {
  const pair = numberPair(text);
  if (!pair) return null;
  const [a, b] = pair;
  const isLng = (n: number) => n >= 73 && n <= 136;
  const isLat = (n: number) => n >= 3 && n <= 54;
  if (isLng(a) && isLat(b)) return { lat: b, lng: a };
  if (Math.abs(a) <= 90 && Math.abs(b) <= 180) return { lat: a, lng: b };
  // A first number that can only be a longitude ("151.2, -33.86"): the pair is longitude first.
  if (Math.abs(a) <= 180 && Math.abs(b) <= 90) return { lat: b, lng: a };
  return null;
}

/**
 * Why a pasted pair is no position: not two numbers ("abc"), or two numbers that no latitude and longitude can be
 * ("200, 100"); null when it reads.
 */
export function coordinatesProblem(text: string): 'unreadable' | 'out_of_range' | null {
  if (parseCoordinates(text)) return null;
  return numberPair(text) ? 'out_of_range' : 'unreadable';
}

/**
 * Whether a latitude and a longitude typed into their own boxes were put in each other's box: the latitude cannot be
 * one, and swapped they would be a position in or near Inner Mongolia.
 */
export function looksSwapped(lat: number, lng: number): boolean {
  return Math.abs(lat) > 90 && inInnerMongolia({ lat: lng, lng: lat });
}
