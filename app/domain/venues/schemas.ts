import { z } from 'zod';
import { RegionCodeSchema } from '#app/domain/bureau/schemas.ts';
import { calendarDay, clockTime, dayEntry, namedUnreadableDays } from '#app/utils/form-dates.ts';
import { wholeNumber, yuanToFen } from '#app/utils/form-numbers.ts';
import { textWithPhones, venuePhones } from '#app/utils/form-phones.ts';
import { DAYTIME } from '#app/utils/time.ts';
import { blank, halfWidthField, whenValid } from '#app/utils/validation.ts';
import {
  audiences,
  commitmentKinds,
  deliveries,
  GRADE_MAX,
  GRADE_MIN,
  languages,
  venueTypes,
} from '#db/schema/enums.ts';
import { coordinateSystems, coordinatesProblem, looksSwapped } from './coordinates.ts';

/** "Not a web address" only when it is not one: a link that is too long is told its length, as other fields are. */
const urlFormat = (issue: { code: string }) =>
  issue.code === 'invalid_format' ? 'validation.url' : undefined;

/** Forms send one value or several under one name; the domain always wants a list. */
function many<T extends z.ZodType>(list: T) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]),
    list,
  );
}

/** An HTML checkbox: present ("on") means true, absent means false; JSON may send a boolean. */
const checkbox = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean());

/** The most a program may cost per head, in fen (¥10,000). */
const MAX_PRICE_FEN = 10_000_00;
/** Yuan as typed in a form ("12.5"), kept in fen; blank is free. */
const priceInYuan = z.preprocess(blank, yuanToFen(MAX_PRICE_FEN).default(0));

export const day = calendarDay;
const time = clockTime('console.error.time');
const instant = z.iso.datetime({ offset: true, error: 'validation.date' }).transform((v) => new Date(v));

const grade = wholeNumber(GRADE_MIN, GRADE_MAX);
/** Grades as stored: each once, in order (a program offered to 五年级 and 七年级 reads [5, 7], whatever was sent). */
const inOrder = (list: number[]) => [...new Set(list)].sort((a, b) => a - b);
const gradeList = z.array(grade).min(1, 'validation.chooseGrade').max(13).transform(inOrder);
const grades = many(z.array(grade).min(1, 'validation.chooseGrade').max(13)).transform(inOrder);

// ---------------------------------------------------------------------------------------------------------------
// Venue profile

/** What the operator may change on the live record at once (audited). */
export const VenueDirectSchema = z
  .object({
    description: z.string().trim().max(4000).default(''),
    accessible: checkbox,
    accessibilityNotes: z.string().trim().max(1000).default(''),
    languages: many(z.array(z.enum(languages)).min(1, 'validation.chooseLanguage').max(languages.length)),
    openingHours: z.string().trim().max(300).default(''),
    phone: z.preprocess(blank, venuePhones.default('')),
    website: z.preprocess(
      blank,
      z
        .url({ protocol: /^https?$/, error: urlFormat })
        .max(300)
        .optional(),
    ),
    emergencyContact: textWithPhones(200).default(''),
    autoConfirm: checkbox,
    chaperoneRatioPrimary: wholeNumber(1, 50),
    chaperoneRatioSecondary: wholeNumber(1, 50),
    bookingOpensDays: wholeNumber(1, 365),
    bookingClosesDays: wholeNumber(0, 90),
  })
  .refine((v) => v.bookingOpensDays > v.bookingClosesDays, {
    path: ['bookingClosesDays'],
    message: 'console.error.bookingWindow',
    when: whenValid('bookingOpensDays', 'bookingClosesDays'),
  });
export type VenueDirectInput = z.output<typeof VenueDirectSchema>;

/**
 * The key fields as the form sends them; coordinates may be pasted in GCJ-02 or BD-09 and are converted. The position
 * is checked here, beside the other fields, so a form with several mistakes hears of all of them at once (the checks
 * that need the live record follow in profile.server.ts).
 */
export const VenueKeyFormSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    type: z.enum(venueTypes),
    address: z.string().trim().max(300).default(''),
    regionCode: RegionCodeSchema,
    /** "lat, lng" or "lng, lat" as copied from a map site; takes precedence over the two number fields. */
    coordinates: z.preprocess(blank, halfWidthField(z.string().trim().max(80)).optional()),
    /** Its range is checked below, beside the longitude: a latitude over 90 is most often the longitude. */
    lat: z.preprocess(blank, halfWidthField(z.coerce.number()).optional()),
    lng: z.preprocess(blank, halfWidthField(z.coerce.number().min(-180).max(180)).optional()),
    coordinateSystem: z.enum(coordinateSystems).default('wgs84'),
    locationApproximate: checkbox,
    /** The waiting change the form was filled from (none: the form showed the live record). */
    pendingChangeId: z.preprocess(blank, z.uuid().optional()),
  })
  .refine((v) => v.coordinates === undefined || coordinatesProblem(v.coordinates) !== 'unreadable', {
    path: ['coordinates'],
    message: 'console.error.coordinates',
    when: whenValid('coordinates'),
  })
  // Two numbers, but no latitude and longitude: said as such, not as "can't understand".
  .refine((v) => v.coordinates === undefined || coordinatesProblem(v.coordinates) !== 'out_of_range', {
    path: ['coordinates'],
    message: 'console.error.coordinates_range',
    when: whenValid('coordinates'),
  })
  // A latitude over 90 that, swapped with the longitude, is Inner Mongolia: the boxes were mixed up.
  .refine((v) => v.lat === undefined || v.lng === undefined || !looksSwapped(v.lat, v.lng), {
    path: ['lat'],
    message: 'console.error.latLngSwapped',
    when: whenValid('lat', 'lng'),
  })
  .refine((v) => v.lat === undefined || v.lat <= 90, {
    path: ['lat'],
    message: 'validation.max',
    params: { max: 90 },
    when: whenValid('lat'),
  })
  .refine((v) => v.lat === undefined || v.lat >= -90, {
    path: ['lat'],
    message: 'validation.min',
    params: { min: -90 },
    when: whenValid('lat'),
  })
  // Without a pasted pair, a position needs both numbers.
  .refine((v) => v.coordinates !== undefined || v.lng === undefined || v.lat !== undefined, {
    path: ['lat'],
    message: 'validation.required',
    when: whenValid('coordinates', 'lat', 'lng'),
  })
  .refine((v) => v.coordinates !== undefined || v.lat === undefined || v.lng !== undefined, {
    path: ['lng'],
    message: 'validation.required',
    when: whenValid('coordinates', 'lat', 'lng'),
  });
export type VenueKeyFormInput = z.output<typeof VenueKeyFormSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Programs

const programFields = {
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(2000).default(''),
  grades,
  durationMinutes: wholeNumber(10, 1440),
  minGroupSize: wholeNumber(1, 2000).default(1),
  maxGroupSize: wholeNumber(1, 2000),
  delivery: z.enum(deliveries).default('onsite'),
  language: z.enum(languages).default('zh'),
};
const groupOrder = (v: { minGroupSize: number; maxGroupSize: number }) => v.maxGroupSize >= v.minGroupSize;
const groupOrderIssue = {
  path: ['maxGroupSize'],
  message: 'console.error.groupSize',
  when: whenValid('minGroupSize', 'maxGroupSize'),
};

/** `POST /api/v1/programs`: prices in fen. */
export const ProgramApiSchema = z
  .object({
    venueId: z.uuid(),
    ...programFields,
    grades: gradeList,
    standardPricePerPupil: wholeNumber(0, MAX_PRICE_FEN).default(0),
    standardPricePerChaperone: wholeNumber(0, MAX_PRICE_FEN).default(0),
  })
  .strict()
  .refine(groupOrder, groupOrderIssue);

/** The console's program form: prices in yuan. */
export const ProgramFormSchema = z
  .object({
    ...programFields,
    standardPricePerPupil: priceInYuan,
    standardPricePerChaperone: priceInYuan,
  })
  .refine(groupOrder, groupOrderIssue);
export type ProgramInput = z.output<typeof ProgramFormSchema>;

/** `PATCH /api/v1/programs/:id`: any of the fields, prices in fen (group sizes are checked against the stored ones). */
export const ProgramPatchSchema = z
  .object({
    title: programFields.title,
    summary: z.string().trim().max(2000),
    grades: gradeList,
    durationMinutes: programFields.durationMinutes,
    minGroupSize: wholeNumber(1, 2000),
    maxGroupSize: programFields.maxGroupSize,
    standardPricePerPupil: wholeNumber(0, MAX_PRICE_FEN),
    standardPricePerChaperone: wholeNumber(0, MAX_PRICE_FEN),
    delivery: z.enum(deliveries),
    language: z.enum(languages),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'console.error.nothingToChange' });
export type ProgramPatch = Partial<ProgramInput>;

// ---------------------------------------------------------------------------------------------------------------
// Sessions

export const MAX_CAPACITY = 5000;
export const MAX_SESSION_MINUTES = 24 * 60;
const capacity = wholeNumber(1, MAX_CAPACITY);
const greenSeats = wholeNumber(0, MAX_CAPACITY).default(0);

/** `POST /api/v1/sessions`. */
export const SessionApiSchema = z
  .object({
    programId: z.uuid(),
    startsAt: instant,
    endsAt: instant,
    capacity,
    greenChannelSeats: greenSeats,
    greenReleaseAt: instant.optional(),
    openDay: z.boolean().default(false),
    title: z.string().trim().max(200).optional(),
  })
  .strict();

/** `PATCH /api/v1/sessions/:id`: any of these; nothing else. */
export const SessionPatchSchema = z
  .object({
    startsAt: instant,
    endsAt: instant,
    capacity,
    greenChannelSeats: wholeNumber(0, MAX_CAPACITY),
    greenReleaseAt: instant.nullable(),
    openDay: z.boolean(),
    title: z.string().trim().max(200).nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'console.error.nothingToChange' });
export type SessionPatch = z.output<typeof SessionPatchSchema>;

/** One dated session from the console form (Asia/Shanghai wall-clock times). */
const hhmm = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
/** A class comes by day (sessions.server.ts checks the instant again): a start from 07:00 to 21:00. */
const startTime = time.refine(
  (v) => v >= hhmm(DAYTIME.from) && v <= hhmm(DAYTIME.to),
  'console.error.night_start',
);
const sessionFormFields = z.object({
  programId: z.uuid({ error: 'validation.choice' }),
  date: day,
  startTime,
  endTime: time,
  capacity,
  greenChannelSeats: greenSeats,
  /** Green-channel seats open to everyone this many days before the start. */
  greenReleaseDays: wholeNumber(0, 90).default(7),
  openDay: checkbox,
  title: z.preprocess(blank, z.string().trim().max(200).optional()),
});
/*
 * Checks across fields that the domain makes again (sessions.server.ts), made here too so that a form shows them
 * beside the other fields' errors on its first refusal, not one batch per submit. Each runs once its own fields read.
 */
const timeOrder = (v: { startTime: string; endTime: string }) => v.endTime > v.startTime;
const timeOrderIssue = {
  path: ['endTime'],
  message: 'console.error.time_order',
  when: whenValid('startTime', 'endTime'),
};
export const SessionFormSchema = sessionFormFields.refine(timeOrder, timeOrderIssue);
export type SessionFormInput = z.output<typeof SessionFormSchema>;

export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof weekdayCodes)[number];
export const MAX_OCCURRENCES = 120;
export const MAX_SERIES_DAYS = 366;

const dayList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(/[\s,，、;；]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : (value ?? []),
  z
    .array(dayEntry)
    .max(MAX_OCCURRENCES)
    // One message at the field that names every entry to fix (the list is short), not "invalid date" once per entry.
    .superRefine(namedUnreadableDays('console.error.exceptionDates', MAX_OCCURRENCES)),
);

/** A recurring series: weekly on some weekdays (or daily), from a first date until a last date. */
export const SeriesFormSchema = sessionFormFields
  .omit({ date: true })
  .extend({
    firstDate: day,
    untilDate: day,
    frequency: z.enum(['weekly', 'daily']).default('weekly'),
    interval: wholeNumber(1, 4).default(1),
    weekdays: many(z.array(z.enum(weekdayCodes)).max(7)),
    exceptionDates: dayList,
  })
  .refine(timeOrder, timeOrderIssue)
  .refine((v) => v.untilDate >= v.firstDate, {
    path: ['untilDate'],
    message: 'console.error.series_order',
    when: whenValid('firstDate', 'untilDate'),
  });
export type SeriesFormInput = z.output<typeof SeriesFormSchema>;

/** Calling a session or a series day off cannot be undone: the form's box must be ticked first. */
export const SessionCancelConfirmSchema = z.object({
  confirm: z.literal('yes', 'console.sessions.cancelConfirmMissing'),
});

/** Leave one more day out of a series: its session is removed (only while it has no live booking). */
export const SeriesExceptionSchema = z.object({ seriesId: z.uuid(), date: day });

/** End a series after a day: its sessions on the days after are called off. */
export const SeriesEndSchema = z.object({ seriesId: z.uuid(), lastDay: day });

/** `GET /api/v1/sessions` query. */
export const SessionQuerySchema = z.object({
  venueId: z.preprocess(blank, z.uuid().optional()),
  from: z.preprocess(blank, z.union([day, z.iso.datetime({ offset: true })]).optional()),
  to: z.preprocess(blank, z.union([day, z.iso.datetime({ offset: true })]).optional()),
  page: z.preprocess(blank, wholeNumber(1, 10_000).default(1)),
  pageSize: z.preprocess(blank, wholeNumber(1, 200).default(50)),
});

// ---------------------------------------------------------------------------------------------------------------
// Access commitments

const commitmentFields = {
  audience: z.enum(audiences),
  kind: z.enum(commitmentKinds),
  validFrom: day,
  validTo: z.preprocess(blank, day.optional()),
  conditions: z.string().trim().max(1000).default(''),
  sourceUrl: z.preprocess(
    blank,
    z
      .url({ protocol: /^https?$/, error: urlFormat })
      .max(500)
      .optional(),
  ),
  /** The active commitment this one replaces once approved. */
  replacesId: z.preprocess(blank, z.uuid().optional()),
};

function commitmentTerms<
  T extends { kind: string; percentOff?: number; fixedPrice?: number; validFrom: string; validTo?: string },
>(value: T, ctx: z.core.$RefinementCtx) {
  if (value.kind === 'percent_off' && value.percentOff === undefined)
    ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'console.error.percentOff' });
  if (value.kind === 'fixed_price' && value.fixedPrice === undefined)
    ctx.addIssue({ code: 'custom', path: ['fixedPrice'], message: 'console.error.fixedPrice' });
  if (value.validTo && value.validTo < value.validFrom)
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'console.error.validToOrder' });
}

/** The console's commitment form: a fixed price in yuan. */
export const CommitmentFormSchema = z
  .object({
    ...commitmentFields,
    percentOff: z.preprocess(blank, wholeNumber(1, 99).optional()),
    fixedPrice: z.preprocess(blank, yuanToFen(MAX_PRICE_FEN).optional()),
  })
  .superRefine(commitmentTerms)
  // A fixed price of ¥0 is free entry, and is kept (and shown, and compared with the others) as such.
  .transform((v) =>
    v.kind === 'fixed_price' && v.fixedPrice === 0
      ? { ...v, kind: 'free' as const, fixedPrice: undefined }
      : v,
  );
export type CommitmentInput = z.output<typeof CommitmentFormSchema>;

/** The capacity row of the console's session list. */
export const SessionCapacityFormSchema = z.object({
  sessionId: z.uuid(),
  capacity,
  greenChannelSeats: wholeNumber(0, MAX_CAPACITY).default(0),
});

/** The "more" form of a session row: green-channel seats and their release, open day, title (times stay). */
export const SessionDetailsFormSchema = z
  .object({
    sessionId: z.uuid(),
    greenChannelSeats: wholeNumber(0, MAX_CAPACITY).default(0),
    greenReleaseDate: z.preprocess(blank, day.optional()),
    greenReleaseTime: z.preprocess(blank, time.optional()),
    openDay: checkbox,
    title: z.preprocess(blank, z.string().trim().max(200).optional()),
  })
  // A time without its date would otherwise give way to the default release (seven days ahead) without a word.
  .refine((v) => v.greenReleaseTime === undefined || v.greenReleaseDate !== undefined, {
    path: ['greenReleaseDate'],
    message: 'console.sessions.releaseDateMissing',
    // Shown beside the other fields' errors on the first refusal, once the two release fields read.
    when: whenValid('greenReleaseDate', 'greenReleaseTime'),
  });
