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
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  GRADE_MAX,
  GRADE_MIN,
  invitationKinds,
  invitationStatuses,
  languages,
  slotProposers,
  slotStatuses,
  speakerCategories,
  speakerStatuses,
} from './enums.ts';
import { regions } from './regions.ts';
import { schools } from './schools.ts';
import { allBetween, allOneOf, oneOf, randomToken } from './sql-helpers.ts';
import { users } from './users.ts';
import { programs, venues } from './venues.ts';

export type WeeklyAvailability = { weekday: number; from: string; to: string }[];

/**
 * A volunteer speaker (宣讲员). `phone` and `email` are private: only the speaker, admins and the teacher of an
 * invitation the speaker accepted may see them (DESIGN.md rule 6).
 */
export const speakers = pgTable(
  'speakers',
  {
    id: uuid().primaryKey().defaultRandom(),
    displayName: text().notNull(),
    category: text({ enum: speakerCategories }).notNull(),
    title: text().notNull().default(''),
    bio: text().notNull().default(''),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    homeLat: doublePrecision(),
    homeLng: doublePrecision(),
    serviceRegionCodes: text().array().notNull().default(sql`'{}'::text[]`),
    serviceRadiusKm: integer(),
    languages: text({ enum: languages }).array().notNull().default(sql`'{zh}'::text[]`),
    weeklyAvailability: jsonb().$type<WeeklyAvailability>().notNull().default([]),
    blackoutDates: date().array().notNull().default(sql`'{}'::date[]`),
    monthlyCap: integer().notNull().default(4),
    needs: text().notNull().default(''),
    phone: text(),
    email: text(),
    status: text({ enum: speakerStatuses }).notNull().default('pending'),
    verifiedAt: timestamp({ withTimezone: true }),
    verifiedBy: uuid(),
    /** Vetting badge set by an auditor: engagements may only be scheduled up to this date. */
    vettedUntil: date(),
    vettedBy: uuid(),
    calendarToken: text().notNull().default(randomToken),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.regionCode),
    check('speakers_category', oneOf(t.category, speakerCategories)),
    check('speakers_status', oneOf(t.status, speakerStatuses)),
    check('speakers_languages', allOneOf(t.languages, languages)),
    check('speakers_cap', sql`${t.monthlyCap} between 0 and 60`),
    check('speakers_radius', sql`${t.serviceRadiusKm} is null or ${t.serviceRadiusKm} > 0`),
  ],
);

export const speakerTopics = pgTable(
  'speaker_topics',
  {
    id: uuid().primaryKey().defaultRandom(),
    speakerId: uuid()
      .notNull()
      .references(() => speakers.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    summary: text().notNull().default(''),
    themes: text().array().notNull().default(sql`'{}'::text[]`),
    grades: integer().array().notNull(),
    durationMinutes: integer().notNull(),
    language: text({ enum: languages }).notNull().default('zh'),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.speakerId),
    check(
      'topics_grades',
      sql`cardinality(${t.grades}) > 0 and ${allBetween(t.grades, GRADE_MIN, GRADE_MAX)}`,
    ),
    check('topics_duration', sql`${t.durationMinutes} between 10 and 480`),
    check('topics_language', oneOf(t.language, languages)),
  ],
);

/**
 * A teacher's request to a speaker (kind = speaker) or to a venue's outreach program (kind = outreach, 进校园).
 * Once scheduled, `scheduledStartsAt`/`scheduledEndsAt` hold the agreed slot; an EXCLUDE constraint (migration
 * 0002) keeps one speaker's scheduled engagements from overlapping.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: invitationKinds }).notNull(),
    speakerId: uuid().references(() => speakers.id),
    topicId: uuid().references(() => speakerTopics.id),
    venueId: uuid().references(() => venues.id),
    programId: uuid().references(() => programs.id),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id),
    teacherId: uuid()
      .notNull()
      .references(() => users.id),
    status: text({ enum: invitationStatuses }).notNull().default('pending'),
    audienceSize: integer().notNull(),
    grades: integer().array().notNull(),
    place: text().notNull(),
    notes: text().notNull().default(''),
    scheduledStartsAt: timestamp({ withTimezone: true }),
    scheduledEndsAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    remindedAt: timestamp({ withTimezone: true }),
    reason: text(),
    cancelledBy: text(),
    feedbackRating: integer(),
    feedbackText: text(),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.speakerId, t.status),
    index().on(t.venueId, t.status),
    index().on(t.schoolId),
    index().on(t.teacherId),
    check('invitations_kind', oneOf(t.kind, invitationKinds)),
    check('invitations_status', oneOf(t.status, invitationStatuses)),
    check(
      'invitations_target',
      sql`case ${t.kind}
        when 'speaker' then ${t.speakerId} is not null and ${t.topicId} is not null and ${t.venueId} is null and ${t.programId} is null
        when 'outreach' then ${t.venueId} is not null and ${t.programId} is not null and ${t.speakerId} is null and ${t.topicId} is null
      end`,
    ),
    check('invitations_audience', sql`${t.audienceSize} > 0`),
    check(
      'invitations_grades',
      sql`cardinality(${t.grades}) > 0 and ${allBetween(t.grades, GRADE_MIN, GRADE_MAX)}`,
    ),
    check(
      'invitations_schedule',
      sql`(${t.status} in ('scheduled', 'completed')) = (${t.scheduledStartsAt} is not null)
        and (${t.scheduledStartsAt} is null) = (${t.scheduledEndsAt} is null)
        and (${t.scheduledEndsAt} is null or ${t.scheduledEndsAt} > ${t.scheduledStartsAt})`,
    ),
    check('invitations_rating', sql`${t.feedbackRating} is null or ${t.feedbackRating} between 1 and 5`),
  ],
);

/** Proposed time slots: 1–3 from the teacher, then up to 3 counter-proposals from the speaker or venue. */
export const invitationSlots = pgTable(
  'invitation_slots',
  {
    id: uuid().primaryKey().defaultRandom(),
    invitationId: uuid()
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    proposedBy: text({ enum: slotProposers }).notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: text({ enum: slotStatuses }).notNull().default('open'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.invitationId),
    check('slots_time', sql`${t.endsAt} > ${t.startsAt}`),
    check('slots_proposed_by', oneOf(t.proposedBy, slotProposers)),
    check('slots_status', oneOf(t.status, slotStatuses)),
  ],
);

/**
 * Scheduled engagements per speaker per month (Asia/Shanghai), kept by the same transaction that schedules one, so
 * that the monthly cap holds under concurrency: the row is locked by the increment.
 */
export const speakerMonthLoads = pgTable(
  'speaker_month_loads',
  {
    speakerId: uuid()
      .notNull()
      .references(() => speakers.id, { onDelete: 'cascade' }),
    month: date().notNull(),
    engagements: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.speakerId, t.month] }), check('speaker_load', sql`${t.engagements} >= 0`)],
);

/** Scheduled outreach engagements per venue per day, against `venues.outreachPerDay`. */
export const venueDayLoads = pgTable(
  'venue_day_loads',
  {
    venueId: uuid()
      .notNull()
      .references(() => venues.id, { onDelete: 'cascade' }),
    day: date().notNull(),
    engagements: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.venueId, t.day] }), check('venue_load', sql`${t.engagements} >= 0`)],
);

export type Speaker = typeof speakers.$inferSelect;
export type SpeakerTopic = typeof speakerTopics.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type InvitationSlot = typeof invitationSlots.$inferSelect;
