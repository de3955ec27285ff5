import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { outboxOps, searchEntities } from './enums.ts';
import { oneOf } from './sql-helpers.ts';

/**
 * Append-only record of who changed what (DESIGN.md rule 5). Migration 0002 adds a trigger that refuses UPDATE and
 * DELETE. Never holds passwords, tokens or speakers' contact details.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    /** Region the entity belongs to, so auditors see the log of their region. */
    regionCode: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text(),
    ip: text(),
  },
  (t) => [index().on(t.entityType, t.entityId), index().on(t.actorUserId), index().on(t.at)],
);

/** Catalogue changes to apply to the search index, written in the same transaction as the change. */
export const searchOutbox = pgTable(
  'search_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entityType: text({ enum: searchEntities }).notNull(),
    entityId: uuid().notNull(),
    op: text({ enum: outboxOps }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('search_outbox_pending').on(t.id).where(sql`${t.processedAt} is null`),
    check('search_outbox_entity', oneOf(t.entityType, searchEntities)),
    check('search_outbox_op', oneOf(t.op, outboxOps)),
  ],
);

/** IETF Idempotency-Key: the first response to a key is replayed for the same user, key and body. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid().notNull(),
    key: text().notNull(),
    /** Method and path the key was first used with. */
    scope: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index().on(t.expiresAt)],
);

/** Store of rate-limiter-flexible (its own column layout), shared by every server process. */
export const rateLimits = pgTable('rate_limits', {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: 'number' }),
});
