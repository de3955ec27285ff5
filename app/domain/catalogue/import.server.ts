// Importing and exporting venues as CSV. The import reads the columns of the national museum directory
// (../shared/data/venues-real-nmg.csv: 博物馆名称, 质量等级, 是否免费开放, 地址, …) and of our own export, converts
// coordinates to WGS-84, places rows without coordinates at the seat of the 旗县 or 盟市 they name, or at the
// autonomous region when they name none (all flagged approximate; ADR 018), skips entries that exist (same
// normalised name in the same region), and writes all or nothing. It never makes up an address.
import { parse } from 'csv-parse/sync';
import { asc } from 'drizzle-orm';
import gcoord from 'gcoord';
import { shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { languages as languageList, type VenueType, venueTypes } from '#db/schema/enums.ts';
import { accessCommitments, regions, venues } from '#db/schema/index.ts';
import { isLocationUnknown, RegionPlacer } from './placement.ts';
import { uniqueSlug } from './slug.server.ts';

export type Crs = 'wgs84' | 'gcj02' | 'bd09';

export interface ImportRowError {
  line: number;
  message: string;
}

export interface PlannedVenue {
  line: number;
  name: string;
  regionCode: string;
  lat: number;
  lng: number;
  approximate: boolean;
  free: boolean | null;
  values: typeof venues.$inferInsert;
}

export interface ImportPlan {
  create: PlannedVenue[];
  /** Already in the catalogue, or repeated in the file (same normalised name and region). */
  duplicates: { line: number; name: string; regionCode: string; reason: 'exists' | 'repeated' }[];
  errors: ImportRowError[];
  approximate: number;
  /** Of the approximate ones: naming no 旗县 or 盟市, left at the autonomous region (150000), place unknown. */
  unplaced: number;
}

/** 内蒙古 博物院（新馆） → 内蒙古博物院新馆: what two names must share to be the same venue. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

type Row = Record<string, string>;

const pick = (row: Row, ...keys: string[]): string => {
  for (const key of keys) {
    const value = row[key]?.trim();
    if (value && value !== '未明确' && value !== '无') return value;
  }
  return '';
};

function typeOf(row: Row, name: string): VenueType | null {
  const given = pick(row, 'type', '类型');
  if (given) return (venueTypes as readonly string[]).includes(given) ? (given as VenueType) : null;
  if (name.includes('纪念馆')) return 'memorial';
  if (name.includes('艺术博物馆') || name.includes('美术馆')) return 'art_gallery';
  if (name.includes('科技馆') || name.includes('科学技术馆')) return 'science_museum';
  if (name.includes('图书馆')) return 'library';
  return 'museum';
}

function list(value: string): string[] {
  return value
    .split(/[;；|、]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Reads a CSV file's text into rows; detail rows of the museum directory are merged into their directory row. */
export function readVenueCsv(text: string): { rows: Row[]; lines: number[] } {
  const records = parse(text, {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    relax_column_count: true,
  }) as Row[];
  const bySerial = new Map<string, Row>();
  for (const record of records) if (record.序号 && !record.directory_row) bySerial.set(record.序号, record);
  const rows: Row[] = [];
  const lines: number[] = [];
  records.forEach((record, index) => {
    const parent = record.directory_row ? bySerial.get(record.directory_row) : undefined;
    if (parent && parent !== record) {
      for (const [key, value] of Object.entries(record)) if (value && !pick(parent, key)) parent[key] = value;
      return;
    }
    rows.push(record);
    lines.push(index + 2);
  });
  return { rows, lines };
}

/** Works out what an import would do, without writing anything. */
export async function planVenueImport(db: Database, text: string, crs: Crs): Promise<ImportPlan> {
  const { rows, lines } = readVenueCsv(text);
  const allRegions = await db.select().from(regions);
  const regionCodes = new Set(allRegions.map((r) => r.code));
  const placer = new RegionPlacer(allRegions);
  const existing = await db
    .select({ name: venues.name, regionCode: venues.regionCode, slug: venues.slug })
    .from(venues);
  const seen = new Set(existing.map((v) => `${normalizeName(v.name)}|${v.regionCode}`));
  const inFile = new Set<string>();
  const slugs = new Set(existing.map((v) => v.slug));
  const plan: ImportPlan = { create: [], duplicates: [], errors: [], approximate: 0, unplaced: 0 };
  const from = crs === 'gcj02' ? gcoord.GCJ02 : crs === 'bd09' ? gcoord.BD09 : gcoord.WGS84;

  rows.forEach((row, index) => {
    const line = lines[index] as number;
    const name = pick(row, 'name', '博物馆名称', '名称', '场馆名称');
    if (!name) {
      plan.errors.push({ line, message: 'no name (博物馆名称 or name)' });
      return;
    }
    if (name.length > 200) {
      plan.errors.push({ line, message: 'name longer than 200 characters' });
      return;
    }
    const type = typeOf(row, name);
    if (!type) {
      plan.errors.push({ line, message: `unknown type "${pick(row, 'type', '类型')}"` });
      return;
    }
    const address = pick(row, 'address', '地址');
    const latText = pick(row, 'lat', '纬度', 'latitude');
    const lngText = pick(row, 'lng', '经度', 'longitude', 'lon');
    let lat: number;
    let lng: number;
    let approximate = false;
    let regionCode = pick(row, 'regionCode', 'region_code', '行政区划代码');
    if (regionCode && !regionCodes.has(regionCode)) {
      plan.errors.push({ line, message: `unknown region code ${regionCode}` });
      return;
    }
    if (latText || lngText) {
      const a = Number(latText);
      const b = Number(lngText);
      if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a) > 90 || Math.abs(b) > 180) {
        plan.errors.push({ line, message: `coordinates "${latText},${lngText}" are not a point` });
        return;
      }
      const [x, y] = gcoord.transform([b, a], from, gcoord.WGS84) as [number, number];
      lat = Math.round(y * 1e6) / 1e6;
      lng = Math.round(x * 1e6) / 1e6;
      // A point far outside Inner Mongolia is a swapped or wrong column, not a venue of ours.
      if (lat < 37 || lat > 54 || lng < 97 || lng > 127) {
        plan.errors.push({ line, message: `point ${lat},${lng} lies outside Inner Mongolia` });
        return;
      }
      if (!regionCode) regionCode = placer.place(name, address).regionCode;
    } else {
      const place = placer.place(name, address);
      regionCode ||= place.regionCode;
      const seat = allRegions.find((r) => r.code === regionCode);
      lat = seat?.lat ?? place.lat;
      lng = seat?.lng ?? place.lng;
      approximate = true;
    }
    const key = `${normalizeName(name)}|${regionCode}`;
    if (seen.has(key) || inFile.has(key)) {
      plan.duplicates.push({ line, name, regionCode, reason: seen.has(key) ? 'exists' : 'repeated' });
      return;
    }
    inFile.add(key);
    const freeText = pick(row, '是否免费开放', 'free');
    const free = freeText ? freeText === '是' || freeText === 'true' || freeText === '1' : null;
    const langs = list(pick(row, 'languages')).filter((l) => (languageList as readonly string[]).includes(l));
    const grades = list(pick(row, 'grades'))
      .map(Number)
      .filter((g) => Number.isInteger(g) && g >= 0 && g <= 12);
    if (approximate) plan.approximate++;
    if (isLocationUnknown({ regionCode, locationApproximate: approximate })) plan.unplaced++;
    plan.create.push({
      line,
      name,
      regionCode,
      lat,
      lng,
      approximate,
      free,
      values: {
        slug: uniqueSlug(name, slugs),
        name,
        type,
        regionCode,
        address,
        lat,
        lng,
        locationApproximate: approximate || pick(row, 'locationApproximate') === 'true',
        description: pick(row, 'description', '简介'),
        themes: list(pick(row, 'themes', '主题')),
        grades: grades.length ? grades : Array.from({ length: 12 }, (_, i) => i + 1),
        accessible: pick(row, 'accessible') === 'true',
        languages: (langs.length ? langs : ['zh']) as ('zh' | 'mn')[],
        openingHours: pick(row, 'openingHours', '开放时间'),
        phone: pick(row, 'phone', '联系方式'),
        website: pick(row, 'website', '官网链接'),
        qualityGrade: pick(row, 'qualityGrade', '质量等级') || null,
        ownership: pick(row, 'ownership', '性质') || null,
        source: pick(row, 'source') || null,
        // Imported entries wait for a region auditor's check before the public sees them.
        status: 'pending',
      },
    });
  });
  return plan;
}

/** Writes a plan in one transaction: every venue, or none. A free-entry column becomes commitments to approve. */
export async function applyVenueImport(
  db: Database,
  plan: ImportPlan,
  options: { now: Date; onProgress?: (done: number) => void },
): Promise<number> {
  if (plan.errors.length) throw new Error('the plan has errors');
  const day = shanghaiDay(options.now);
  return db.transaction(async (tx) => {
    let done = 0;
    for (let i = 0; i < plan.create.length; i += 200) {
      const batch = plan.create.slice(i, i + 200);
      const ids = await tx
        .insert(venues)
        .values(batch.map((b) => b.values))
        .returning({ id: venues.id });
      const commitments = batch.flatMap((planned, j) =>
        planned.free
          ? (['preschool', 'primary', 'junior', 'senior', 'chaperone'] as const).map((audience) => ({
              venueId: ids[j]?.id as string,
              audience,
              kind: 'free' as const,
              validFrom: day,
              conditions: '导入自免费开放名录，待核实',
              status: 'pending' as const,
            }))
          : [],
      );
      if (commitments.length) await tx.insert(accessCommitments).values(commitments);
      done += batch.length;
      options.onProgress?.(done);
    }
    return done;
  });
}

export const EXPORT_COLUMNS = [
  'id',
  'slug',
  'name',
  'type',
  'regionCode',
  'address',
  'lat',
  'lng',
  'locationApproximate',
  'description',
  'themes',
  'grades',
  'accessible',
  'languages',
  'openingHours',
  'phone',
  'website',
  'qualityGrade',
  'ownership',
  'source',
  'status',
  'verifiedAt',
] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every venue as CSV (WGS-84), in the columns the import reads back. */
export async function exportVenuesCsv(db: Database): Promise<string> {
  const rows = await db
    .select()
    .from(venues)
    .orderBy(asc(venues.regionCode), asc(venues.name), asc(venues.id));
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      EXPORT_COLUMNS.map((column) => {
        const value = row[column];
        return csvCell(value instanceof Date ? value.toISOString() : value);
      }).join(','),
    );
  }
  return `\uFEFF${lines.join('\n')}\n`;
}
