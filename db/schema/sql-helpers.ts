import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** `col IN ('a','b')` for CHECK constraints over a text column holding one of a fixed list. */
export function oneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '))})`;
}

/** Every element of an integer array lies within [min, max] (a literal array: CHECKs allow no subquery). */
export function allBetween(column: AnyPgColumn, min: number, max: number): SQL {
  const range = Array.from({ length: max - min + 1 }, (_, i) => min + i).join(',');
  return sql`${column} <@ ${sql.raw(`array[${range}]::integer[]`)}`;
}

/** Every element of a text array is one of a fixed list. */
export function allOneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} <@ ${sql.raw(`array[${values.map((v) => `'${v}'`).join(',')}]::text[]`)}`;
}

/** A default of 64 hex characters from PostgreSQL's strong random source (gen_random_uuid needs no extension). */
export const randomToken = sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`;
