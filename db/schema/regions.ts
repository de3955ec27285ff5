import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';
import { regionLevels } from './enums.ts';
import { oneOf } from './sql-helpers.ts';

/** GB/T 2260 administrative divisions of Inner Mongolia (province, 盟市, 旗县市区). Coordinates are WGS-84. */
export const regions = pgTable(
  'regions',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    level: text({ enum: regionLevels }).notNull(),
    parentCode: text().references((): AnyPgColumn => regions.code),
    divisionType: text().notNull(),
    isGbt2260: boolean().notNull(),
    lat: doublePrecision(),
    lng: doublePrecision(),
  },
  (t) => [
    index().on(t.parentCode),
    check('regions_code_format', sql`${t.code} ~ '^[0-9]{6}$'`),
    check('regions_level', oneOf(t.level, regionLevels)),
    check('regions_lat', sql`${t.lat} is null or ${t.lat} between -90 and 90`),
    check('regions_lng', sql`${t.lng} is null or ${t.lng} between -180 and 180`),
  ],
);

export type Region = typeof regions.$inferSelect;
