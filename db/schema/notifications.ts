import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { emailStatuses } from './enums.ts';
import { oneOf } from './sql-helpers.ts';
import { users } from './users.ts';

/**
 * In-app notices. `dedupeKey` (e.g. `booking:<id>:reminder-2d:<user>`) is unique, so a notice is written exactly
 * once however often the scheduler runs.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    /** Values for the localized message: ids, names, dates — never contact details of speakers. */
    params: jsonb().$type<Record<string, string | number | null>>().notNull().default({}),
    link: text(),
    dedupeKey: text().notNull().unique(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);

/** E-mails to send: over SMTP when SMTP_URL is set, written to the log otherwise. */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    body: text().notNull(),
    dedupeKey: text().notNull().unique(),
    status: text({ enum: emailStatuses }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('email_outbox_pending').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    check('email_outbox_status', oneOf(t.status, emailStatuses)),
  ],
);
