import { z } from 'zod';
import type { MessageKey } from '#app/i18n/index.ts';
import { halfWidthField } from './validation.ts';

/**
 * Whether text is a day that exists on the calendar, written YYYY-MM-DD (2026-02-30 is not; 2028-02-29 is), between
 * 1900 and 2100: nothing here is planned further ahead, and a day in year 9999 has no next day to end a range at.
 */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 2100 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * A day typed into a form or a query: refused with "请输入有效的日期" unless it exists, and with "请填写此项" when left
 * blank, like every other required field (an optional day is `z.preprocess(blank, calendarDay.optional())`). Typed
 * in full-width ("２０２６－１０－０１"), it is the same day.
 */
export const calendarDay = halfWidthField(
  z
    .string()
    .trim()
    .refine(isCalendarDay, {
      error: (issue) => (issue.input === '' ? 'validation.required' : 'validation.date'),
    }),
);

/** A day as people write it in China: 2027-1-5, 2027/1/5, 2027.1.5 or 2027年1月5日. */
const WRITTEN_DAY = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?)$/;

/** A day written one of the ways people write it (WRITTEN_DAY) as YYYY-MM-DD; any other text as it is. */
export function writtenDay(text: string): string {
  const match = WRITTEN_DAY.exec(text);
  if (!match) return text;
  const pad = (part: string | undefined) => (part ?? '').padStart(2, '0');
  const day = `${match[1]}-${pad(match[3] ?? match[5])}-${pad(match[4] ?? match[6])}`;
  // A written day that is none (2026/13/40) stays as typed: the refusal names what the person sees in the box.
  return isCalendarDay(day) ? day : text;
}

/**
 * One entry of a list of days typed as text (see namedUnreadableDays), in half-width like a single day, and read
 * as YYYY-MM-DD however it was written (writtenDay): an elderly speaker types 2027/1/5 or 2027年1月5日.
 */
export const dayEntry = halfWidthField(z.string().trim().overwrite(writtenDay));

/** A time of day as HH:MM (09:30), full-width digits and colon ("０９：３０") included; `message` when it is none. */
export function clockTime(message: MessageKey) {
  return halfWidthField(
    z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, message),
  );
}

/**
 * A list of days typed one per line (blackout dates, exception dates): one message at the field naming the entries
 * that cannot be read (the first `named`, in the order typed), not "invalid date" without saying which.
 */
export function namedUnreadableDays(message: string, named = 3) {
  return (list: string[], ctx: z.RefinementCtx) => {
    const bad = list.filter((entry) => !isCalendarDay(entry));
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message,
        params: {
          dates: bad
            .slice(0, named)
            .map((entry) => entry.slice(0, 20))
            .join(' '),
        },
      });
  };
}
