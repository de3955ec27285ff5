import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { schoolLevels } from './enums.ts';
import { regions } from './regions.ts';
import { oneOf, randomToken } from './sql-helpers.ts';

export const schools = pgTable(
  'schools',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 学校标识码 when known. */
    code: text().unique(),
    name: text().notNull(),
    level: text({ enum: schoolLevels }).notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    address: text().notNull().default(''),
    lat: doublePrecision(),
    lng: doublePrecision(),
    pupils: integer().notNull(),
    leftBehindPupils: integer().notNull().default(0),
    rural: boolean().notNull().default(false),
    /** Marked as 重点关注 by a bureau, whatever its figures say. */
    markedPriority: boolean().notNull().default(false),
    /** DESIGN.md: rural, or left-behind ≥ 10 % of pupils, or special education, or marked by a bureau. */
    isPriority: boolean()
      .notNull()
      .generatedAlwaysAs(
        sql`rural or level = 'special' or marked_priority or (pupils > 0 and left_behind_pupils * 10 >= pupils)`,
      ),
    /** Trips need the school admin's sign-off before the venue sees them. */
    requiresApproval: boolean().notNull().default(false),
    /** Secret part of the school's calendar feed URL. */
    calendarToken: text().notNull().default(randomToken),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.regionCode),
    check('schools_level', oneOf(t.level, schoolLevels)),
    check('schools_pupils', sql`${t.pupils} >= 0`),
    check('schools_left_behind', sql`${t.leftBehindPupils} between 0 and ${t.pupils}`),
    check('schools_lat', sql`${t.lat} is null or ${t.lat} between -90 and 90`),
    check('schools_lng', sql`${t.lng} is null or ${t.lng} between -180 and 180`),
  ],
);

export type School = typeof schools.$inferSelect;
export type NewSchool = typeof schools.$inferInsert;
