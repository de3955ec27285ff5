import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bookingStatuses, cancelParties, GRADE_MAX, GRADE_MIN } from './enums.ts';
import { schools } from './schools.ts';
import { oneOf } from './sql-helpers.ts';
import { users } from './users.ts';
import { accessCommitments, sessions, venues } from './venues.ts';

/**
 * A school group's reservation of seats in a session. Counts only — never a pupil's name (DESIGN.md rule 6).
 * Prices are in fen.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id),
    venueId: uuid()
      .notNull()
      .references(() => venues.id),
    schoolId: uuid()
      .notNull()
      .references(() => schools.id),
    teacherId: uuid()
      .notNull()
      .references(() => users.id),
    status: text({ enum: bookingStatuses }).notNull(),
    grade: integer().notNull(),
    pupils: integer().notNull(),
    chaperones: integer().notNull(),
    pupilsWithDisabilities: integer().notNull().default(0),
    leftBehindPupils: integer().notNull().default(0),
    /** Seats this booking holds while active: pupils + chaperones. */
    seats: integer().notNull(),
    /** The school was a priority school when it booked, so green-channel seats were open to it. */
    priority: boolean().notNull().default(false),
    /** The school admin must approve (the school requires it, or it had 3 no-shows in 90 days). */
    needsSchoolApproval: boolean().notNull().default(false),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    notes: text().notNull().default(''),
    /** A request not answered by then lapses and frees its seats. */
    holdUntil: timestamp({ withTimezone: true }),
    commitmentId: uuid().references(() => accessCommitments.id),
    standardPricePerPupil: integer().notNull(),
    standardPricePerChaperone: integer().notNull(),
    promisedPricePerPupil: integer().notNull(),
    promisedPricePerChaperone: integer().notNull(),
    attendedPupils: integer(),
    attendedChaperones: integer(),
    chargedPricePerPupil: integer(),
    chargedPricePerChaperone: integer(),
    /** Charged more than the commitments promised (DESIGN.md rule 4). */
    priceFlagged: boolean().notNull().default(false),
    cancelledBy: text({ enum: cancelParties }),
    reason: text(),
    approvedBy: uuid().references(() => users.id),
    approvedAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => users.id),
    cancelledAt: timestamp({ withTimezone: true }),
    attendanceRecordedAt: timestamp({ withTimezone: true }),
    /** After the visit, the school's side says how it went: 1–5, and a few words (never a pupil's name). */
    feedbackRating: integer(),
    feedbackText: text(),
    feedbackAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.sessionId, t.status),
    index().on(t.schoolId, t.createdAt),
    index().on(t.venueId, t.status),
    index().on(t.teacherId),
    // A school's recent no-shows are counted at every request it makes (DESIGN.md: 3 in 90 days need the admin):
    // only the no-shows are indexed, so the count does not read the school's whole history.
    index('bookings_no_shows').on(t.schoolId, t.sessionId).where(sql`${t.status} = 'no_show'`),
    check('bookings_status', oneOf(t.status, bookingStatuses)),
    check(
      'bookings_grade',
      sql`${t.grade} between ${sql.raw(String(GRADE_MIN))} and ${sql.raw(String(GRADE_MAX))}`,
    ),
    check('bookings_pupils', sql`${t.pupils} > 0`),
    check('bookings_chaperones', sql`${t.chaperones} >= 0`),
    check('bookings_disabled', sql`${t.pupilsWithDisabilities} between 0 and ${t.pupils}`),
    check('bookings_left_behind', sql`${t.leftBehindPupils} between 0 and ${t.pupils}`),
    check('bookings_seats', sql`${t.seats} = ${t.pupils} + ${t.chaperones}`),
    check(
      'bookings_prices',
      sql`${t.promisedPricePerPupil} >= 0 and ${t.promisedPricePerChaperone} >= 0
        and ${t.standardPricePerPupil} >= 0 and ${t.standardPricePerChaperone} >= 0
        and coalesce(${t.chargedPricePerPupil}, 0) >= 0 and coalesce(${t.chargedPricePerChaperone}, 0) >= 0`,
    ),
    check(
      'bookings_feedback',
      sql`(${t.feedbackAt} is null) = (${t.feedbackRating} is null) and coalesce(${t.feedbackRating}, 1) between 1 and 5`,
    ),
    check(
      'bookings_attendance',
      sql`coalesce(${t.attendedPupils}, 0) >= 0 and coalesce(${t.attendedChaperones}, 0) >= 0`,
    ),
    check('bookings_cancelled_by', sql`${t.cancelledBy} is null or ${oneOf(t.cancelledBy, cancelParties)}`),
  ],
);

export type Booking = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;
