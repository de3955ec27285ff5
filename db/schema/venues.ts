import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  audiences,
  changeStatuses,
  commitmentKinds,
  commitmentStatuses,
  deliveries,
  GRADE_MAX,
  GRADE_MIN,
  languages,
  reportStatuses,
  venueStatuses,
  venueTypes,
} from './enums.ts';
import { regions } from './regions.ts';
import { allBetween, allOneOf, oneOf, randomToken } from './sql-helpers.ts';

export const venues = pgTable(
  'venues',
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    type: text({ enum: venueTypes }).notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    address: text().notNull().default(''),
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    /** Placed at the seat of its 旗县 or 盟市 because no exact position is known. */
    locationApproximate: boolean().notNull().default(false),
    description: text().notNull().default(''),
    themes: text().array().notNull().default(sql`'{}'::text[]`),
    grades: integer().array().notNull().default(sql`'{}'::integer[]`),
    accessible: boolean().notNull().default(false),
    accessibilityNotes: text().notNull().default(''),
    languages: text({ enum: languages }).array().notNull().default(sql`'{zh}'::text[]`),
    openingHours: text().notNull().default(''),
    phone: text().notNull().default(''),
    /** Shown on trip sheets of confirmed bookings. */
    emergencyContact: text().notNull().default(''),
    website: text().notNull().default(''),
    /** 质量等级 (一级/二级/三级/未定级) for museums. */
    qualityGrade: text(),
    /** 性质 (ownership) as the source states it. */
    ownership: text(),
    /** Where the record came from (an import file and row), for attribution. */
    source: text(),
    status: text({ enum: venueStatuses }).notNull().default('pending'),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedBy: uuid(),
    autoConfirm: boolean().notNull().default(false),
    /** At least one adult per N pupils. */
    chaperoneRatioPrimary: integer().notNull().default(10),
    chaperoneRatioSecondary: integer().notNull().default(15),
    bookingOpensDays: integer().notNull().default(60),
    bookingClosesDays: integer().notNull().default(1),
    /** A request not answered within this many hours lapses and frees its seats. */
    requestHoldHours: integer().notNull().default(72),
    /** Outreach (进校园) engagements the venue can staff per day. */
    outreachPerDay: integer().notNull().default(1),
    calendarToken: text().notNull().default(randomToken),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.regionCode),
    index().on(t.type),
    check('venues_type', oneOf(t.type, venueTypes)),
    check('venues_status', oneOf(t.status, venueStatuses)),
    check('venues_grades', allBetween(t.grades, GRADE_MIN, GRADE_MAX)),
    check('venues_languages', allOneOf(t.languages, languages)),
    check('venues_lat', sql`${t.lat} between -90 and 90`),
    check('venues_lng', sql`${t.lng} between -180 and 180`),
    check('venues_slug', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('venues_ratios', sql`${t.chaperoneRatioPrimary} > 0 and ${t.chaperoneRatioSecondary} > 0`),
    check(
      'venues_booking_window',
      sql`${t.bookingOpensDays} > ${t.bookingClosesDays} and ${t.bookingClosesDays} >= 0`,
    ),
    check('venues_hold_hours', sql`${t.requestHoldHours} between 1 and 720`),
    check('venues_outreach_per_day', sql`${t.outreachPerDay} >= 0`),
  ],
);

/**
 * A change to a venue's key fields (name, type, address, location) waiting for a region auditor.
 * The live venue row stays as it was until the change is approved.
 */
export const venueChanges = pgTable(
  'venue_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    venueId: uuid()
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    proposedBy: uuid(),
    changes: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: changeStatuses }).notNull().default('pending'),
    reason: text(),
    decidedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.venueId), check('venue_changes_status', oneOf(t.status, changeStatuses))],
);

export const programs = pgTable(
  'programs',
  {
    id: uuid().primaryKey().defaultRandom(),
    venueId: uuid()
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    summary: text().notNull().default(''),
    grades: integer().array().notNull(),
    themes: text().array().notNull().default(sql`'{}'::text[]`),
    durationMinutes: integer().notNull(),
    minGroupSize: integer().notNull().default(1),
    maxGroupSize: integer().notNull(),
    /** Prices in fen (1/100 yuan). */
    standardPricePerPupil: integer().notNull().default(0),
    standardPricePerChaperone: integer().notNull().default(0),
    delivery: text({ enum: deliveries }).notNull().default('onsite'),
    language: text({ enum: languages }).notNull().default('zh'),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.venueId),
    check(
      'programs_grades',
      sql`cardinality(${t.grades}) > 0 and ${allBetween(t.grades, GRADE_MIN, GRADE_MAX)}`,
    ),
    check('programs_duration', sql`${t.durationMinutes} between 10 and 1440`),
    check('programs_group', sql`${t.minGroupSize} >= 1 and ${t.maxGroupSize} >= ${t.minGroupSize}`),
    check('programs_prices', sql`${t.standardPricePerPupil} >= 0 and ${t.standardPricePerChaperone} >= 0`),
    check('programs_delivery', oneOf(t.delivery, deliveries)),
    check('programs_language', oneOf(t.language, languages)),
  ],
);

/** A recurring pattern (RFC 5545 RRULE) that generated sessions; exceptions are dates left out. */
export const sessionSeries = pgTable('session_series', {
  id: uuid().primaryKey().defaultRandom(),
  programId: uuid()
    .notNull()
    .references(() => programs.id, { onDelete: 'cascade' }),
  rrule: text().notNull(),
  exceptionDates: date().array().notNull().default(sql`'{}'::date[]`),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A dated occurrence of a program with a seat capacity. `seatsHeld` is the sum of seats of the bookings that hold
 * seats (requested, school_approved, confirmed); the CHECKs make overbooking impossible whatever the concurrency.
 * `seatsHeldGeneral` counts the seats held by schools that are not priority schools: until `greenReleaseAt` they may
 * not use the last `greenChannelSeats` seats.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    programId: uuid()
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    venueId: uuid()
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    seriesId: uuid().references(() => sessionSeries.id, { onDelete: 'set null' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    capacity: integer().notNull(),
    seatsHeld: integer().notNull().default(0),
    seatsHeldGeneral: integer().notNull().default(0),
    greenChannelSeats: integer().notNull().default(0),
    greenReleaseAt: timestamp({ withTimezone: true }),
    openDay: boolean().notNull().default(false),
    /** Shown instead of the program's title (e.g. for an open day). */
    title: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.venueId, t.startsAt),
    index().on(t.programId),
    index().on(t.startsAt),
    // One live session of a program per starting minute: a double click or a retried request cannot add it twice.
    // The minute is taken in UTC, which makes the expression immutable (whole minutes are the same in every zone).
    uniqueIndex('sessions_program_start')
      .on(t.programId, sql`date_trunc('minute', ${t.startsAt} at time zone 'UTC')`)
      .where(sql`${t.cancelledAt} is null`),
    check('sessions_time', sql`${t.endsAt} > ${t.startsAt}`),
    check('sessions_capacity', sql`${t.capacity} > 0`),
    check('sessions_held', sql`${t.seatsHeld} between 0 and ${t.capacity}`),
    check('sessions_held_general', sql`${t.seatsHeldGeneral} between 0 and ${t.seatsHeld}`),
    check('sessions_green', sql`${t.greenChannelSeats} between 0 and ${t.capacity}`),
    check('sessions_green_release', sql`${t.greenChannelSeats} = 0 or ${t.greenReleaseAt} is not null`),
  ],
);

/** A venue's declared free or discounted entry for an audience over a date range (免费/优惠开放承诺). */
export const accessCommitments = pgTable(
  'access_commitments',
  {
    id: uuid().primaryKey().defaultRandom(),
    venueId: uuid()
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    audience: text({ enum: audiences }).notNull(),
    kind: text({ enum: commitmentKinds }).notNull(),
    percentOff: integer(),
    /** In fen, for kind = fixed_price. */
    fixedPrice: integer(),
    validFrom: date().notNull(),
    validTo: date(),
    conditions: text().notNull().default(''),
    sourceUrl: text().notNull().default(''),
    status: text({ enum: commitmentStatuses }).notNull().default('pending'),
    /** The active commitment this one replaces once approved. */
    replacesId: uuid(),
    proposedBy: uuid(),
    decidedBy: uuid(),
    decidedAt: timestamp({ withTimezone: true }),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.venueId),
    check('commitments_audience', oneOf(t.audience, audiences)),
    check('commitments_kind', oneOf(t.kind, commitmentKinds)),
    check('commitments_status', oneOf(t.status, commitmentStatuses)),
    check(
      'commitments_terms',
      sql`case ${t.kind}
        when 'free' then ${t.percentOff} is null and ${t.fixedPrice} is null
        when 'percent_off' then ${t.percentOff} between 1 and 99 and ${t.fixedPrice} is null
        when 'fixed_price' then ${t.fixedPrice} >= 0 and ${t.percentOff} is null
      end`,
    ),
    check('commitments_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** "This information was wrong": a teacher's report after a visit, for the venue and the region's auditor. */
export const infoReports = pgTable(
  'info_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    venueId: uuid()
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    reportedBy: uuid().notNull(),
    bookingId: uuid(),
    body: text().notNull(),
    status: text({ enum: reportStatuses }).notNull().default('open'),
    closedBy: uuid(),
    closedAt: timestamp({ withTimezone: true }),
    /** What the person who closed it says was done (处理说明): shown with the closed report, to the reporter too. */
    closeNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.venueId),
    check('info_reports_status', oneOf(t.status, reportStatuses)),
    // One open report per person, venue and text: a double submit, even two at once, files it once. The text is
    // compared by its digest, as a report may be longer than an index entry can hold.
    uniqueIndex('info_reports_open_once')
      .on(t.venueId, t.reportedBy, sql`md5(${t.body})`)
      .where(sql`${t.status} = 'open'`),
  ],
);

export type Venue = typeof venues.$inferSelect;
export type NewVenue = typeof venues.$inferInsert;
export type Program = typeof programs.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type AccessCommitment = typeof accessCommitments.$inferSelect;
