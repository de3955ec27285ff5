// The parameters of catalogue search, shared by the /search page and the read API: the URL holds the whole query.

import { z } from 'zod';
import type { MessageKey } from '#app/i18n/index.ts';
import { calendarDay } from '#app/utils/form-dates.ts';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { blank, halfWidthField } from '#app/utils/validation.ts';
import { GRADE_MAX, GRADE_MIN, languages, speakerCategories, venueTypes } from '#db/schema/enums.ts';

/** A filter that may be left out: blank is absent. Shared by the list pages' filters. */
export const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

const bool = z
  .enum(['true', 'false', '1', '0', 'on'])
  .transform((v) => v === 'true' || v === '1' || v === 'on');
const day = calendarDay;
/** A region of Inner Mongolia by its GB/T 2260 code. */
export const regionCode = z.string().regex(/^15[0-9]{4}$/, 'validation.invalid');

/** `lat,lng` in WGS-84. */
const point = z
  .string()
  .regex(/^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, 'search.error.near')
  .transform((value) => {
    const [lat, lng] = value.split(',').map((part) => Number(part.trim())) as [number, number];
    return { lat, lng };
  })
  .refine((p) => Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180, 'search.error.near');

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Availability looks at most this many days ahead in one query. */
export const MAX_AVAILABILITY_DAYS = 31;

const common = {
  q: opt(z.string().trim().max(100)),
  region: opt(regionCode),
  near: opt(point),
  radiusKm: opt(halfWidthField(z.coerce.number().positive().max(2000))),
  page: z.preprocess(blank, wholeNumber(1, 1000).default(1)),
  pageSize: z.preprocess(blank, wholeNumber(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)),
};

export const VenueQuerySchema = z
  .object({
    ...common,
    type: opt(z.enum(venueTypes)),
    theme: opt(z.string().trim().max(40)),
    grade: opt(wholeNumber(GRADE_MIN, GRADE_MAX)),
    access: opt(z.enum(['free', 'discounted'])),
    accessible: opt(bool),
    language: opt(z.enum(languages)),
    verified: opt(bool),
    availableFrom: opt(day),
    availableTo: opt(day),
    seats: opt(wholeNumber(1, 2000)),
    sort: opt(z.enum(['relevance', 'distance', 'name'])),
    view: opt(z.enum(['list', 'map'])),
  })
  .superRefine((query, ctx) => {
    if (query.availableTo && !query.availableFrom)
      ctx.addIssue({ code: 'custom', path: ['availableFrom'], message: 'search.error.fromMissing' });
    if (query.availableFrom && query.availableTo) {
      const from = Date.parse(query.availableFrom);
      const to = Date.parse(query.availableTo);
      if (to < from) ctx.addIssue({ code: 'custom', path: ['availableTo'], message: 'search.error.range' });
      else if ((to - from) / 86_400_000 >= MAX_AVAILABILITY_DAYS)
        ctx.addIssue({ code: 'custom', path: ['availableTo'], message: 'search.error.rangeLong' });
    }
    if (query.seats !== undefined && !query.availableFrom)
      ctx.addIssue({ code: 'custom', path: ['availableFrom'], message: 'search.error.fromMissing' });
  });
export type VenueQuery = z.output<typeof VenueQuerySchema>;

/** The /search page's query: the API's, with a first date not before today (a past day has no session to book). */
export function venueQueryFrom(today: string) {
  return VenueQuerySchema.superRefine((query, ctx) => {
    if (query.availableFrom && query.availableFrom < today)
      ctx.addIssue({ code: 'custom', path: ['availableFrom'], message: 'search.error.pastDate' });
  });
}

const commonLabels = {
  q: 'search.q',
  region: 'search.region',
  near: 'search.near',
  radiusKm: 'search.radius',
  page: 'search.field.page',
  pageSize: 'search.field.pageSize',
  sort: 'search.sort',
  language: 'search.language',
} as const satisfies Record<string, MessageKey>;

/** The /search form's label of each parameter, to name a filter that was ignored. */
export const venueQueryLabels = {
  ...commonLabels,
  type: 'search.type',
  theme: 'search.theme',
  grade: 'search.grade',
  access: 'search.access',
  accessible: 'search.accessible',
  verified: 'search.verified',
  availableFrom: 'search.availableFrom',
  availableTo: 'search.availableTo',
  seats: 'search.seats',
  view: 'search.field.view',
} as const satisfies Record<keyof z.input<typeof VenueQuerySchema>, MessageKey>;

/**
 * Dates and seats only mean something after a start date; and a range that cannot be searched (backwards, or longer
 * than 31 days) is dropped whole, not cut to its first day, which would list the venues free on that day alone under a
 * warning that reads as if the dates had been ignored.
 */
export const venueQueryDependents = {
  availableFrom: ['availableTo', 'seats'],
  availableTo: ['availableFrom', 'seats'],
} as const;

export const SpeakerQuerySchema = z.object({
  ...common,
  category: opt(z.enum(speakerCategories)),
  topic: opt(z.string().trim().max(40)),
  language: opt(z.enum(languages)),
  sort: opt(z.enum(['relevance', 'distance', 'name'])),
});
export type SpeakerQuery = z.output<typeof SpeakerQuerySchema>;

/** The /speakers form's label of each parameter. */
export const speakerQueryLabels = {
  ...commonLabels,
  category: 'speakers.list.category',
  topic: 'speakers.list.topic',
} as const satisfies Record<keyof z.input<typeof SpeakerQuerySchema>, MessageKey>;

/** Query parameters as a plain object (the last value of a repeated name wins). */
export function paramsOf(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams);
}
