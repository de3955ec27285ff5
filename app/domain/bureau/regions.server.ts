import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '#db/client.ts';
import { memberships, type Region, regions } from '#db/schema/index.ts';
import {
  defaultReportRegion,
  isPrefectureCode,
  PROVINCE_CODE,
  prefectureOf,
  type RegionScope,
  regionWithin,
  scopeIncludes,
} from './scope.ts';

/** A column or a raw column reference (`sql.raw('s.region_code')`) holding a region code. */
export type SqlColumn = SQL | AnyPgColumn;

export type RegionRef = Pick<Region, 'code' | 'name' | 'level' | 'lat' | 'lng'>;

const regionColumns = {
  code: regions.code,
  name: regions.name,
  level: regions.level,
  lat: regions.lat,
  lng: regions.lng,
};

/** `column` lies within the region `root`, as SQL (the same rule as `regionWithin`). */
export function withinRegionSql(column: SqlColumn, root: string): SQL {
  if (!/^\d{6}$/.test(root)) throw new Error(`not a region code: ${root}`);
  if (root === PROVINCE_CODE) return sql`${column} like '15%'`;
  if (isPrefectureCode(root)) return sql`left(${column}, 4) = ${root.slice(0, 4)}`;
  return sql`${column} = ${root}`;
}

/** `column` lies within the scope, as SQL. */
export function withinScopeSql(column: SqlColumn, scope: RegionScope): SQL {
  if (scope.kind === 'all') return sql`true`;
  return sql`(${sql.join(
    scope.roots.map((root) => withinRegionSql(column, root)),
    sql` or `,
  )})`;
}

/** The row key of `column` when `selected` is broken down one level (see `breakdownKey`). */
export function breakdownKeySql(column: SqlColumn, selected: string): SQL {
  if (selected === PROVINCE_CODE) {
    return sql`case when ${column} = ${PROVINCE_CODE} then ${PROVINCE_CODE} else left(${column}, 4) || '00' end`;
  }
  return sql`${column}`;
}

export async function getRegion(db: Database, code: string): Promise<RegionRef | null> {
  const [row] = await db.select(regionColumns).from(regions).where(eq(regions.code, code));
  return row ?? null;
}

/** Every region the scope covers, in code order (the 自治区, each 盟市 followed by its 旗县). */
export async function listScopeRegions(db: Database, scope: RegionScope): Promise<RegionRef[]> {
  const all = await db.select(regionColumns).from(regions).orderBy(asc(regions.code));
  return all.filter((r) => scopeIncludes(scope, r.code));
}

/** The regions one level below `selected`: the 盟市 of the 自治区, the 旗县 of a 盟市, none for a 旗县. */
export async function childRegions(db: Database, selected: RegionRef): Promise<RegionRef[]> {
  if (selected.level === 'county') return [];
  return db
    .select(regionColumns)
    .from(regions)
    .where(eq(regions.parentCode, selected.code))
    .orderBy(asc(regions.code));
}

export type ResolvedRegion = { ok: true; region: RegionRef } | { ok: false; error: 'out_of_scope' };

/** The region a report is asked for (or the default one), when the scope covers it. */
export async function resolveReportRegion(
  db: Database,
  scope: RegionScope,
  requested: string | undefined,
): Promise<ResolvedRegion> {
  const code = requested ?? defaultReportRegion(scope);
  if (!scopeIncludes(scope, code)) return { ok: false, error: 'out_of_scope' };
  const region = await getRegion(db, code);
  if (!region) return { ok: false, error: 'out_of_scope' };
  return { ok: true, region };
}

/** The rows of a breakdown: the child regions, and the selected region itself when anything is registered at it. */
export function breakdownRows(
  selected: RegionRef,
  children: readonly RegionRef[],
  keysWithData: ReadonlySet<string>,
): RegionRef[] {
  if (selected.level === 'county') return [selected];
  const rows = children.filter((c) => regionWithin(c.code, selected.code));
  return keysWithData.has(selected.code) ? [selected, ...rows] : rows;
}

/** The people with an active auditor's role whose region covers `regionCode`: the province's, its 盟市's, its own. */
export async function auditorsCovering(db: Database, regionCode: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.role, 'auditor'),
        eq(memberships.status, 'active'),
        inArray(memberships.regionCode, [...new Set([PROVINCE_CODE, prefectureOf(regionCode), regionCode])]),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}
