import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Database } from '../client.ts';
import { type Region, regions } from '../schema/index.ts';

const REGIONS_CSV = fileURLToPath(new URL('./data/regions-150000.csv', import.meta.url));

interface RegionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string;
  lat_wgs84: string;
  lng_wgs84: string;
  division_type: string;
  is_gbt2260: string;
}

/**
 * Inner Mongolia's GB/T 2260 divisions (1 + 12 + 103), WGS-84. The five statistical functional zones in the source
 * file are not GB/T 2260 divisions and are left out.
 */
export function readRegions(): Region[] {
  const rows = parse(readFileSync(REGIONS_CSV), { columns: true, skip_empty_lines: true }) as RegionRow[];
  return rows
    .filter((row) => row.is_gbt2260 === 'true')
    .map((row) => ({
      code: row.code,
      name: row.name,
      level: row.level as Region['level'],
      parentCode: row.parent_code || null,
      divisionType: row.division_type,
      isGbt2260: true,
      lat: row.lat_wgs84 ? Number(row.lat_wgs84) : null,
      lng: row.lng_wgs84 ? Number(row.lng_wgs84) : null,
    }));
}

/** Reference data every installation needs: inserted when missing, on every start and migration. */
export async function ensureRegions(db: Database): Promise<number> {
  const rows = readRegions();
  // Parents before children, so the self-reference holds row by row.
  const order = { province: 0, prefecture: 1, county: 2 } as const;
  rows.sort((a, b) => order[a.level] - order[b.level]);
  const inserted = await db
    .insert(regions)
    .values(rows)
    .onConflictDoNothing()
    .returning({ code: regions.code });
  return inserted.length;
}
