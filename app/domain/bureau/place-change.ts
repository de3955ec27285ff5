import { distanceKm } from '#app/domain/speakers/rules.ts';

export interface Place {
  address: string;
  lat: number;
  lng: number;
}

/** Where a proposed change would put a venue, beside where it is now. */
export interface PlaceChange {
  live: Place;
  proposed: Place;
  /** Between the stored pin and the proposed one, great-circle. */
  distanceKm: number;
  addressChanged: boolean;
  regionChanged: boolean;
  pinMoved: boolean;
  /**
   * From the proposed pin to the seat of the proposed region (its 旗县市区's government), when that is known: a pin
   * hundreds of kilometres from it is a pasted mistake (another city's coordinates) or the wrong region.
   */
  seatDistanceKm: number | null;
}

/** Farther than this from its region's seat, a pin is pointed out to the operator and to the auditor (not refused). */
export const FAR_FROM_SEAT_KM = 100;

export type SeatOf = (regionCode: string) => { lat: number | null; lng: number | null } | undefined;

/** The distance from a pin to the seat of its region, or null when the region's seat is not known. */
export function seatDistance(
  seatOf: SeatOf,
  regionCode: string,
  pin: { lat: number; lng: number },
): number | null {
  const seat = seatOf(regionCode);
  if (seat?.lat == null || seat.lng == null) return null;
  return distanceKm(seat.lat, seat.lng, pin.lat, pin.lng);
}

const PLACE_FIELDS = ['address', 'regionCode', 'lat', 'lng'] as const;

/** Six decimals of a degree is about 0.1 m: coordinates equal to that are the same pin. */
const samePin = (a: number, b: number) => a.toFixed(6) === b.toFixed(6);

/**
 * The venue's place before and after a change that touches its address, region or pin; null for a change that
 * touches none of them. An auditor needs to see that the address moved while the pin did not (or the reverse): a
 * new address with the old coordinates puts the venue on the map where it no longer is.
 */
export function comparePlace(
  live: Place & { regionCode: string },
  changes: Record<string, unknown>,
  seatOf: SeatOf = () => undefined,
): PlaceChange | null {
  if (!PLACE_FIELDS.some((field) => Object.hasOwn(changes, field))) return null;
  const coordinate = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const proposed: Place = {
    address: typeof changes.address === 'string' ? changes.address.trim() : live.address,
    lat: coordinate(changes.lat, live.lat),
    lng: coordinate(changes.lng, live.lng),
  };
  return {
    live: { address: live.address, lat: live.lat, lng: live.lng },
    proposed,
    distanceKm: distanceKm(live.lat, live.lng, proposed.lat, proposed.lng),
    addressChanged: proposed.address !== live.address.trim(),
    regionChanged: typeof changes.regionCode === 'string' && changes.regionCode !== live.regionCode,
    pinMoved: !samePin(proposed.lat, live.lat) || !samePin(proposed.lng, live.lng),
    seatDistanceKm: seatDistance(
      seatOf,
      typeof changes.regionCode === 'string' ? changes.regionCode : live.regionCode,
      proposed,
    ),
  };
}
