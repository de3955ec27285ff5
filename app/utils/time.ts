export const TIME_ZONE = 'Asia/Shanghai';

/**
 * Beijing time is UTC+8 all year: China has kept no summer time since September 1991, so every instant this product
 * handles is eight hours ahead of UTC there. The helpers below add the offset instead of asking the IANA database
 * through Intl, which cost a tenth of the web server's CPU per booking (docs/decisions/015-booking-path.md); a
 * property test checks them against @date-fns/tz from 1992 to 2100.
 */
const OFFSET_MS = 8 * 3_600_000;

/** A wall-clock time in Asia/Shanghai as an instant. Month is 1-based; days, hours and minutes may overflow. */
export function shanghaiTime(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS);
}

/** Year, month (1-based), day, weekday (0 = Sunday), hour and minute of an instant in Asia/Shanghai. */
export function shanghaiParts(instant: Date) {
  const local = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDay(instant: Date): string {
  const { year, month, day } = shanghaiParts(instant);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** An instant to the minute in Asia/Shanghai, as a record writes it: 2026-11-30 12:51. */
export function shanghaiMinute(instant: Date): string {
  const { hour, minute } = shanghaiParts(instant);
  return `${shanghaiDay(instant)} ${pad2(hour)}:${pad2(minute)}`;
}

/** Midnight at the start of the Asia/Shanghai day that `days` days after the instant's day begins. */
export function startOfShanghaiDay(instant: Date, days = 0): Date {
  const { year, month, day } = shanghaiParts(instant);
  return shanghaiTime(year, month, day + days);
}

/** Parses YYYY-MM-DD as midnight in Asia/Shanghai. */
export function parseShanghaiDay(value: string): Date {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return shanghaiTime(year, month, day);
}

/** "YYYY-MM-DD HH:mm" as written in notices (Beijing wall time, `formatWhen`) back to an instant; null otherwise. */
export function parseShanghaiWallTime(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const [y, m, d, h, min] = match.slice(1).map(Number) as [number, number, number, number, number];
  return shanghaiTime(y, m, d, h, min);
}

/** YYYY-MM-DD plus a number of days (calendar days, whatever the time zone). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The project's day, Beijing time: people meet, and are asked to answer, between 07:00 and 21:00 (hours). */
export const DAYTIME = { from: 7, to: 21 } as const;

/** The least time to answer in that moving a deadline out of the night may leave (see daytimeDeadline). */
export const MIN_ANSWER_MS = 2 * HOUR;

/**
 * A deadline that falls at night (after 21:00, before 07:00 Beijing time) moved back to 21:00 the evening before it:
 * nobody answers at 02:30, and earlier keeps every "answered by" a rule gives. If that evening leaves less than
 * MIN_ANSWER_MS from `now`, the deadline stays as it was: a request made at 20:59 is not given a minute to be answered
 * in, and this never refuses what was taken before.
 */
export function daytimeDeadline(deadline: Date, now: Date): Date {
  const { year, month, day } = shanghaiParts(deadline);
  const morning = shanghaiTime(year, month, day, DAYTIME.from);
  const evening = shanghaiTime(year, month, day, DAYTIME.to);
  if (deadline >= morning && deadline <= evening) return deadline;
  const eveningBefore = deadline < morning ? shanghaiTime(year, month, day - 1, DAYTIME.to) : evening;
  return eveningBefore.getTime() - now.getTime() >= MIN_ANSWER_MS ? eveningBefore : deadline;
}

/** Whether an instant falls in the project's night: after 21:00, before 07:00 Beijing time (DAYTIME, as daytimeDeadline). */
export function isNight(instant: Date): boolean {
  const { year, month, day } = shanghaiParts(instant);
  return (
    instant < shanghaiTime(year, month, day, DAYTIME.from) ||
    instant > shanghaiTime(year, month, day, DAYTIME.to)
  );
}

/**
 * The latest instant a reminder sent at `now` may be about: by day, any (null); at night, what falls before the next
 * morning (07:00) plus MIN_ANSWER_MS. Reminders about anything later wait for the morning: an elderly speaker's phone
 * does not ring at 01:00 about a deadline at noon, and a reminder about something before 09:00 still goes at once.
 */
export function nightReminderCutoff(now: Date): Date | null {
  if (!isNight(now)) return null;
  const { year, month, day, hour } = shanghaiParts(now);
  const morning = shanghaiTime(year, month, hour < DAYTIME.from ? day : day + 1, DAYTIME.from);
  return new Date(morning.getTime() + MIN_ANSWER_MS);
}
