// Pure rules about where and when a speaker can come: service area, weekly availability, blackout dates.
import { DAYTIME, daytimeDeadline, shanghaiDay, shanghaiParts, shanghaiTime } from '#app/utils/time.ts';
import type { WeeklyAvailability } from '#db/schema/speakers.ts';
import type { Slot } from './schemas.ts';

/** GB/T 2260: a province (xx0000) contains its 盟市 and 旗县; a 盟市 (xxxx00) contains its 旗县. */
export function regionContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.endsWith('0000')) return inner.startsWith(outer.slice(0, 2));
  if (outer.endsWith('00')) return inner.startsWith(outer.slice(0, 4));
  return false;
}

/** Great-circle distance in km (the same formula as the database's distance_km). */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

export interface ServiceArea {
  serviceRegionCodes: readonly string[];
  serviceRadiusKm: number | null;
  homeLat: number | null;
  homeLng: number | null;
}

export interface Place {
  regionCode: string;
  lat: number | null;
  lng: number | null;
}

/** A speaker serves a place inside one of the regions they named, or within their distance from home. */
export function servesPlace(area: ServiceArea, place: Place): boolean {
  if (area.serviceRegionCodes.length === 0 && area.serviceRadiusKm === null) return true;
  if (area.serviceRegionCodes.some((code) => regionContains(code, place.regionCode))) return true;
  if (
    area.serviceRadiusKm !== null &&
    area.homeLat !== null &&
    area.homeLng !== null &&
    place.lat !== null &&
    place.lng !== null
  ) {
    return distanceKm(area.homeLat, area.homeLng, place.lat, place.lng) <= area.serviceRadiusKm;
  }
  return false;
}

function clock(instant: Date): string {
  const { hour, minute } = shanghaiParts(instant);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Within one of the weekly windows, on one day. A speaker who declared no windows may be asked any time. */
export function fitsAvailability(slot: Slot, availability: WeeklyAvailability): boolean {
  if (availability.length === 0) return true;
  if (shanghaiDay(slot.startsAt) !== shanghaiDay(new Date(slot.endsAt.getTime() - 1))) return false;
  const { weekday } = shanghaiParts(slot.startsAt);
  const from = clock(slot.startsAt);
  const to = clock(slot.endsAt) === '00:00' ? '24:00' : clock(slot.endsAt);
  return availability.some((w) => w.weekday === weekday && w.from <= from && to <= w.to);
}

export function onBlackoutDate(slot: Slot, blackoutDates: readonly string[]): boolean {
  return (
    blackoutDates.includes(shanghaiDay(slot.startsAt)) ||
    blackoutDates.includes(shanghaiDay(new Date(slot.endsAt.getTime() - 1)))
  );
}

export function overlaps(a: Slot, b: Slot): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** 07:00 and 21:00 (DAYTIME), as the weekly windows write times: a speaker's windows lie within them too. */
export const DAY_BEGINS = `${String(DAYTIME.from).padStart(2, '0')}:00`;
export const DAY_ENDS = `${String(DAYTIME.to).padStart(2, '0')}:00`;
/** The same bounds as people read them (7:00, 21:00), for messages and hints. */
export const daytimeWords = { from: `${DAYTIME.from}:00`, to: `${DAYTIME.to}:00` } as const;

/** Schools and elderly speakers meet by day: a proposed time lies within DAYTIME (07:00–21:00 Beijing time), on one day. */
export function withinDaytime(slot: Slot): boolean {
  const start = shanghaiParts(slot.startsAt);
  const dayEnd = shanghaiTime(start.year, start.month, start.day, DAYTIME.to);
  return start.hour >= DAYTIME.from && slot.endsAt > slot.startsAt && slot.endsAt <= dayEnd;
}

/** The earliest a proposed time may start: a speaker needs a day's notice. */
export const MIN_NOTICE_MS = 24 * 3_600_000;
/** How far ahead an invitation may reach. */
export const MAX_AHEAD_MS = 366 * 24 * 3_600_000;

/**
 * When an invitation must be answered: within the answer period, and before the first time on offer begins, with the
 * same day's lead a speaker is given to prepare (MIN_NOTICE_MS) — a school needs that day too, and a deadline after
 * some of the times would leave those to lapse unanswered. When the first time is less than two leads away, halfway
 * there: the one who answers still gets some hours. A deadline at night moves back to 21:00 the evening before
 * (daytimeDeadline). The invitation expires at the deadline (expireOpenInvitations).
 */
export function answerDeadline(now: Date, periodMs: number, slots: readonly Pick<Slot, 'startsAt'>[]): Date {
  const firstStart = Math.min(...slots.map((slot) => slot.startsAt.getTime()));
  const lead = Math.min(MIN_NOTICE_MS, (firstStart - now.getTime()) / 2);
  return daytimeDeadline(new Date(Math.min(now.getTime() + periodMs, firstStart - lead)), now);
}

export interface Calendar {
  weeklyAvailability: WeeklyAvailability;
  blackoutDates: readonly string[];
  /** Engagements may only be scheduled up to this day (the vetting badge); null: not at all. */
  vettedUntil: string | null;
}

/**
 * The months a speaker takes no more talks in: those whose engagements reached the monthly cap, and every month when the
 * cap is 0 (a speaker pausing). A month without engagements counts 0, so a cap of 0 fills it too, as the database's
 * rule at acceptance has it.
 */
export interface MonthsAtCap {
  cap: number;
  /** YYYY-MM, the months with engagements at or over the cap. */
  full: readonly string[];
}

export const NO_MONTH_AT_CAP: MonthsAtCap = { cap: Number.POSITIVE_INFINITY, full: [] };

/** Whether a time falls in a month at the speaker's cap. */
export function inMonthAtCap(months: MonthsAtCap, instant: Date): boolean {
  return months.cap <= 0 || months.full.includes(shanghaiDay(instant).slice(0, 7));
}

/**
 * The next free times that fit the speaker's week: one per day, at the start of a window, from three days ahead,
 * never on a blackout date, past the badge, in a month already full, or over an engagement already scheduled.
 * Filled into the invitation form.
 */
/**
 * The national holidays on fixed dates (元旦 1 January, 劳动节 1–5 May, 国庆节 1–7 October), on which schools are closed.
 * The Spring Festival moves with the lunar calendar and the State Council sets the exact days each year: not here.
 */
export function onFixedHoliday(month: number, day: number): boolean {
  return (month === 1 && day === 1) || (month === 5 && day <= 5) || (month === 10 && day <= 7);
}

export function suggestSlots(
  calendar: Calendar,
  durationMinutes: number,
  now: Date,
  busy: readonly Slot[],
  monthsAtCap: MonthsAtCap = NO_MONTH_AT_CAP,
  count = 3,
): Slot[] {
  const windows: WeeklyAvailability = calendar.weeklyAvailability.length
    ? calendar.weeklyAvailability
    : [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:30', to: '17:00' }));
  const today = shanghaiParts(now);
  const found: Slot[] = [];
  for (let offset = 3; offset < 90 && found.length < count; offset++) {
    const date = shanghaiTime(today.year, today.month, today.day + offset);
    const { year, month, day, weekday } = shanghaiParts(date);
    if (calendar.vettedUntil === null || shanghaiDay(date) > calendar.vettedUntil) break;
    // Schools are closed then: nobody asks for a talk on New Year's Day or in the May Day and National Day weeks.
    if (onFixedHoliday(month, day)) continue;
    const todays = windows.filter((w) => w.weekday === weekday).sort((a, b) => a.from.localeCompare(b.from));
    for (const window of todays) {
      // At the start of the window, or when the day begins if the window opens earlier.
      const from = window.from < DAY_BEGINS ? DAY_BEGINS : window.from;
      const [hour, minute] = from.split(':').map(Number) as [number, number];
      const startsAt = shanghaiTime(year, month, day, hour, minute);
      const slot = { startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) };
      if (!fitsAvailability(slot, [window]) || !withinDaytime(slot)) continue;
      if (onBlackoutDate(slot, calendar.blackoutDates)) continue;
      if (inMonthAtCap(monthsAtCap, slot.startsAt)) continue;
      if (busy.some((b) => overlaps(b, slot))) continue;
      found.push(slot);
      break;
    }
  }
  return found;
}

/**
 * How far ahead a vetting badge may run. Neither DESIGN.md nor shared/policy/ says how long a speaker's vetting lasts
 * (DESIGN.md's 12 months is the catalogue's verification, not this badge), so three years is this project's choice:
 * long enough that an auditor does not renew every term, short enough that no one is vetted for life (9999-12-31).
 */
export const VETTING_MAX_YEARS = 3;

/** The last day a badge set today may run to: the same day three years on (28 February for a 29 February). */
export function latestVettingDay(today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const lastOfMonth = new Date(Date.UTC(year + VETTING_MAX_YEARS, month, 0)).getUTCDate();
  return new Date(Date.UTC(year + VETTING_MAX_YEARS, month - 1, Math.min(day, lastOfMonth)))
    .toISOString()
    .slice(0, 10);
}
