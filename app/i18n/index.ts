import { en } from './en/index.ts';
import { zh } from './zh/index.ts';

export const locales = ['zh', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh';

export type MessageKey = keyof typeof zh;
export type Messages = Record<MessageKey, string>;
export type MessageParams = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: MessageParams) => string;

const catalogs: Record<Locale, Messages> = { zh, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.hasOwn(zh, value);
}

function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The translator for a locale. Unknown keys cannot compile; a missing English text cannot compile either. */
export function getT(locale: Locale): TFunction {
  const messages = catalogs[locale];
  return (key, params) => interpolate(messages[key] ?? zh[key] ?? key, params);
}

const wholeYuan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const yuanAndFen = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * An amount kept in fen, in yuan with thousands grouped: ¥6,745, ¥12.50 (fen shown only when there are any). Chinese
 * and English write money alike, so code that has no locale at hand (a phrase built with `t`) writes it the same.
 */
export function formatYuan(fen: number): string {
  return `¥${(fen % 100 === 0 ? wholeYuan : yuanAndFen).format(fen / 100)}`;
}

/** Formats numbers and dates the way the locale writes them, in the product's time zone. */
export function getFormatters(locale: Locale) {
  const tag = locale === 'zh' ? 'zh-CN' : 'en-GB';
  const timeZone = 'Asia/Shanghai';
  const number = new Intl.NumberFormat(tag);
  const kmTenths = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const kmWhole = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(tag, { timeZone, year: 'numeric', month: 'long', day: 'numeric' });
  const dayWithWeekday: Intl.DateTimeFormatOptions = {
    timeZone,
    month: locale === 'zh' ? 'numeric' : 'short',
    day: 'numeric',
    weekday: 'short',
  };
  const dateShort = new Intl.DateTimeFormat(tag, dayWithWeekday);
  const dateShortWithYear = new Intl.DateTimeFormat(tag, { ...dayWithWeekday, year: 'numeric' });
  const yearOf = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
  const time = new Intl.DateTimeFormat(tag, { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
  const monthName = new Intl.DateTimeFormat(tag, { timeZone, month: 'short' });
  const monthOfYear = new Intl.DateTimeFormat(tag, { timeZone, year: 'numeric', month: 'long' });
  // Chinese writes 2026/12/3 unambiguously; in English the month is a word (3 Dec 2026), as 03/12 reads both ways.
  const dateTime = new Intl.DateTimeFormat(tag, {
    timeZone,
    year: 'numeric',
    month: locale === 'zh' ? 'numeric' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  // Narrow: 甲、乙、丙 in Chinese, "a, b, c" in English, with no 和 / "and" before the last.
  const list = new Intl.ListFormat(tag, { type: 'conjunction', style: 'narrow' });
  return {
    number: (value: number) => number.format(value),
    /** A distance in km, one way for every row: a tenth under 100 km (33.4, 5.0), whole km above (144). */
    km: (value: number) => (value < 99.95 ? kmTenths : kmWhole).format(value),
    date: (value: Date | string) => date.format(new Date(value)),
    /**
     * A day with its weekday, 4/13周二 (Tue 13 Apr). Given today, a day in another year says which: 2027/4/13周二
     * (Tue 13 Apr 2027) — the console lists sessions and release dates months ahead.
     */
    dateShort: (value: Date | string, today?: Date | string) => {
      const day = new Date(value);
      const otherYear = today !== undefined && yearOf.format(day) !== yearOf.format(new Date(today));
      if (!otherYear) return dateShort.format(day);
      // en-GB puts a comma after the weekday only when the year is there (Wed, 6 Jan 2027): keep one shape.
      return locale === 'en'
        ? dateShortWithYear.format(day).replace(/^(\p{L}+),/u, '$1')
        : dateShortWithYear.format(day);
    },
    time: (value: Date | string) => time.format(new Date(value)),
    dateTime: (value: Date | string) => dateTime.format(new Date(value)),
    /** A month written YYYY-MM, named the locale's short way: 10月, Oct. */
    month: (yearMonth: string) => {
      const [year, month] = yearMonth.split('-').map(Number) as [number, number];
      return monthName.format(new Date(Date.UTC(year, month - 1, 15)));
    },
    /** A month of a year (month 1–12), written whole: 2026年10月, October 2026. */
    monthOfYear: (year: number, month: number) => monthOfYear.format(new Date(Date.UTC(year, month - 1, 15))),
    /** A list the way the locale separates it: 、 in Chinese, a comma in English. */
    list: (items: Iterable<string>) => list.format(items),
    /** Sentences one after another: Chinese puts no space after its 。, English one after its full stop. */
    sentences: (...items: string[]) => items.filter(Boolean).join(locale === 'zh' ? '' : ' '),
    /** Prices are kept in fen. */
    yuan: formatYuan,
  };
}
export type Formatters = ReturnType<typeof getFormatters>;
