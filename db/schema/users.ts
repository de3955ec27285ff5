import { sql } from 'drizzle-orm';
import { check, index, inet, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { membershipStatuses, roles } from './enums.ts';
import { regions } from './regions.ts';
import { schools } from './schools.ts';
import { speakers } from './speakers.ts';
import { oneOf } from './sql-helpers.ts';
import { venues } from './venues.ts';

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored lower-cased. */
    email: text(),
    /** Mainland mobile number, 11 digits. */
    mobile: text(),
    name: text().notNull(),
    passwordHash: text(),
    locale: text().notNull().default('zh'),
    disabledAt: timestamp({ withTimezone: true }),
    passwordChangedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    uniqueIndex('users_mobile_unique').on(t.mobile),
    check('users_contact', sql`${t.email} is not null or ${t.mobile} is not null`),
    check('users_email_lower', sql`${t.email} is null or ${t.email} = lower(${t.email})`),
    check('users_mobile_format', sql`${t.mobile} is null or ${t.mobile} ~ '^1[0-9]{10}$'`),
  ],
);

/** A role a user holds, attached to the school, venue, region or speaker profile it is about. */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: roles }).notNull(),
    schoolId: uuid().references(() => schools.id),
    venueId: uuid().references(() => venues.id),
    regionCode: text().references(() => regions.code),
    speakerId: uuid().references(() => speakers.id),
    status: text({ enum: membershipStatuses }).notNull().default('active'),
    /** Why the person asked (for pending requests to operate a venue or to speak). */
    requestNote: text(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    /** Why an auditor turned a request down (shown to the person, who may ask again). */
    decisionNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.userId),
    index().on(t.schoolId),
    index().on(t.venueId),
    check('memberships_role', oneOf(t.role, roles)),
    check('memberships_status', oneOf(t.status, membershipStatuses)),
    check(
      'memberships_target',
      sql`case ${t.role}
        when 'teacher' then ${t.schoolId} is not null and num_nonnulls(${t.venueId}, ${t.regionCode}, ${t.speakerId}) = 0
        when 'school_admin' then ${t.schoolId} is not null and num_nonnulls(${t.venueId}, ${t.regionCode}, ${t.speakerId}) = 0
        when 'venue_operator' then ${t.venueId} is not null and num_nonnulls(${t.schoolId}, ${t.regionCode}, ${t.speakerId}) = 0
        when 'speaker' then ${t.speakerId} is not null and num_nonnulls(${t.schoolId}, ${t.venueId}, ${t.regionCode}) = 0
        when 'auditor' then ${t.regionCode} is not null and num_nonnulls(${t.schoolId}, ${t.venueId}, ${t.speakerId}) = 0
        when 'admin' then num_nonnulls(${t.schoolId}, ${t.venueId}, ${t.regionCode}, ${t.speakerId}) = 0
      end`,
    ),
    uniqueIndex('memberships_unique').on(
      t.userId,
      t.role,
      sql`coalesce(${t.schoolId}::text, ${t.venueId}::text, ${t.regionCode}, ${t.speakerId}::text, '')`,
    ),
    // A speaker profile is one person: one account holds it or asks for it (a venue has several operators).
    uniqueIndex('memberships_speaker_owner')
      .on(t.speakerId)
      .where(sql`${t.role} = 'speaker' and ${t.status} in ('active', 'pending')`),
  ],
);

/** Browser sessions. The cookie carries a random secret; only its SHA-256 is stored here. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull().unique(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Absolute end (30 days after sign-in); the 2 h idle limit is checked against lastSeenAt. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
    ip: inet(),
  },
  (t) => [index().on(t.userId)],
);

/** API credentials: shown once, stored as SHA-256, carrying the owner's roles. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** First characters of the token, to recognise it in a list. */
    prefix: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId)],
);

/** A link that lets a teacher (or school admin) join a school; expires, used once, or revoked while unused. */
export const invites = pgTable(
  'invites',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull().unique(),
    /** The link's last six characters (of 64), for the school admin to tell links apart; far from enough to use it. */
    tokenTail: text(),
    role: text({ enum: roles }).notNull(),
    schoolId: uuid().references(() => schools.id),
    email: text(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    usedBy: uuid().references(() => users.id),
    /** Withdrawn by the school before anyone used it (sent to the wrong person): it joins nobody. */
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('invites_role', sql`${t.role} in ('teacher', 'school_admin')`),
    check('invites_used_or_revoked', sql`${t.usedAt} is null or ${t.revokedAt} is null`),
  ],
);

/**
 * A one-time link to set a new password: e-mailed when the person asks for it (/forgot), or issued by an admin or the
 * person's school admin to hand over (accounts with a mobile number only). Stored as SHA-256; a newer link voids the
 * older ones; used once.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    /** The admin or school admin who issued it; null when the person asked for it by e-mail. */
    issuedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type AuthSession = typeof authSessions.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
