// The report tables as pages, CSV and XLSX show them: one definition, so the page and the download carry the same
// figures. Pure (no server imports): routes build them in the browser too.

import { commitmentTerms } from '#app/domain/commitments/terms.ts';
import type { MessageKey, TFunction } from '#app/i18n/index.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import type { ComplianceRegionRow, ComplianceReport, LapsingCommitment } from './compliance.server.ts';
import type { CoverageReport, CoverageRow } from './coverage.server.ts';
import {
  isSuppressedCount,
  SUPPRESSED,
  SUPPRESSED_WITH,
  SUPPRESSION_THRESHOLD,
  smallCountsProtected,
} from './suppression.ts';

export type CellValue = string | number | boolean | null;

/**
 * How a column is shown and exported. `pupils` columns are counts of pupils: exports suppress 1–4. Columns
 * `derivedFrom` pupil counts are suppressed with them, so a rate cannot give a hidden count back.
 */
export type ColumnKind =
  | 'text'
  | 'count'
  | 'pupils'
  | 'decimal'
  | 'km'
  | 'percent'
  | 'yuan'
  | 'date'
  | 'boolean';

export interface TableColumn {
  key: string;
  label: MessageKey;
  kind: ColumnKind;
  derivedFrom?: string[];
  /** Written to CSV/XLSX only (the region's GB/T 2260 code, for programs to match on); pages leave it out. */
  exportOnly?: boolean;
}

export type TableRow = Record<string, CellValue>;

export interface ReportTable {
  id: TableId;
  title: MessageKey;
  columns: TableColumn[];
  rows: TableRow[];
  /** The total row, when the table has one. */
  footer?: TableRow;
}

export const coverageTableIds = [
  'coverage-regions',
  'coverage-venue-types',
  'coverage-schools-without-trip',
] as const;
export const complianceTableIds = [
  'compliance-regions',
  'compliance-venues',
  'compliance-flagged',
  'compliance-lapsing',
] as const;
export const tableIds = [...coverageTableIds, ...complianceTableIds, 'overdue'] as const;
export type TableId = (typeof tableIds)[number];

type Cells = Readonly<Record<string, unknown>>;

/**
 * The cells of a table an export hides, row by row, each with its marker: pupil counts of 1–4 (`<5`) and, where the
 * table has a total row, as few counts of 5 or more (`*`) as it takes for the total not to give a small one back by
 * subtraction (smallest first; when the column has too few, its total is hidden instead). What is derived from a
 * hidden count is hidden with the same marker.
 */
export function hiddenCells(
  columns: readonly TableColumn[],
  rows: readonly Cells[],
  footer?: Cells,
): { rows: Map<string, string>[]; footer: Map<string, string> } {
  const hidden = rows.map(() => new Map<string, string>());
  const footerHidden = new Map<string, string>();
  const count = (row: Cells, key: string) => (typeof row[key] === 'number' ? (row[key] as number) : 0);
  for (const column of columns) {
    if (column.kind !== 'pupils') continue;
    const { key } = column;
    rows.forEach((row, i) => {
      if (isSuppressedCount(count(row, key))) hidden[i]?.set(key, SUPPRESSED);
    });
    if (!footer) continue;
    if (isSuppressedCount(count(footer, key))) {
      footerHidden.set(key, SUPPRESSED);
      continue;
    }
    const small = rows.filter((row) => isSuppressedCount(count(row, key)));
    let hiddenSum = small.reduce((sum, row) => sum + count(row, key), 0);
    let withThem = 0;
    const others = rows
      .map((row, i) => ({ i, value: count(row, key) }))
      .filter(({ value }) => value >= SUPPRESSION_THRESHOLD)
      .sort((a, b) => a.value - b.value || a.i - b.i);
    while (!smallCountsProtected(small.length, withThem, hiddenSum) && others.length) {
      // The smallest figure that is enough by itself, else the largest there is (and look again).
      const enough = others.findIndex(({ value }) =>
        smallCountsProtected(small.length, withThem + 1, hiddenSum + value),
      );
      const [next] = others.splice(enough >= 0 ? enough : others.length - 1, 1);
      if (!next) break;
      hidden[next.i]?.set(key, SUPPRESSED_WITH);
      hiddenSum += next.value;
      withThem++;
    }
    if (!smallCountsProtected(small.length, withThem, hiddenSum)) footerHidden.set(key, SUPPRESSED_WITH);
  }
  for (const cells of [...hidden, footerHidden]) {
    for (const column of columns) {
      const source = column.derivedFrom?.find((key) => cells.has(key));
      if (source) cells.set(column.key, cells.get(source) ?? SUPPRESSED);
    }
  }
  return { rows: hidden, footer: footerHidden };
}

/** The rows of a table as an export writes them (the total row last): hidden cells become their marker. */
export function suppressTable(table: Pick<ReportTable, 'columns' | 'rows' | 'footer'>): TableRow[] {
  const hidden = hiddenCells(table.columns, table.rows, table.footer);
  const mark = (row: TableRow, cells: Map<string, string> | undefined): TableRow =>
    cells?.size
      ? Object.fromEntries(Object.entries(row).map(([key, value]) => [key, cells.get(key) ?? value]))
      : row;
  const rows = table.rows.map((row, i) => mark(row, hidden.rows[i]));
  return table.footer ? [...rows, mark(table.footer, hidden.footer)] : rows;
}

/**
 * How a table names a region: pages pass `useRegionName()` and exports `regionName(locale, …)` (Hohhot in English);
 * the default is the stored Chinese name. Every region row also carries its code (`regionCode`, export only).
 */
export type PlaceName = (region: { code: string; name: string }) => string;
const storedName: PlaceName = (region) => region.name;

function regionLabel(
  t: TFunction,
  place: PlaceName,
  row: { regionCode: string; regionName: string; own: boolean },
): string {
  const name = place({ code: row.regionCode, name: row.regionName });
  return row.own ? t('bureau.ownLevel', { name }) : name;
}

/**
 * The region of a venue, a school or a booking in a report's table, named as the region table names the row it counts
 * in: one registered at the report's own code (a city or the region itself, not a county) is 呼和浩特市（本级）.
 */
function placeLabel(
  t: TFunction,
  place: PlaceName,
  report: { region: { code: string; level: string } },
  region: { code: string; name: string },
): string {
  const own = region.code === report.region.code && report.region.level !== 'county';
  return regionLabel(t, place, { regionCode: region.code, regionName: region.name, own });
}

/** The region's GB/T 2260 code, next to its name in every export. */
const regionCodeColumn: TableColumn = {
  key: 'regionCode',
  label: 'bureau.col.regionCode',
  kind: 'text',
  exportOnly: true,
};

export const coverageColumns: TableColumn[] = [
  { key: 'region', label: 'bureau.col.region', kind: 'text' },
  regionCodeColumn,
  { key: 'schools', label: 'bureau.col.schools', kind: 'count' },
  { key: 'pupils', label: 'bureau.col.pupils', kind: 'pupils' },
  { key: 'venues', label: 'bureau.col.venues', kind: 'count' },
  { key: 'venuesPer10k', label: 'bureau.col.venuesPer10k', kind: 'decimal', derivedFrom: ['pupils'] },
  { key: 'trips', label: 'bureau.col.trips', kind: 'count' },
  { key: 'tripsPer100', label: 'bureau.col.tripsPer100', kind: 'decimal', derivedFrom: ['pupils'] },
  { key: 'pupilsReached', label: 'bureau.col.pupilsReached', kind: 'pupils' },
  {
    key: 'pupilsReachedPer100',
    label: 'bureau.col.pupilsReachedPer100',
    kind: 'decimal',
    derivedFrom: ['pupils', 'pupilsReached'],
  },
  { key: 'schoolsWithTrip', label: 'bureau.col.schoolsWithTrip', kind: 'count' },
  { key: 'schoolsWithoutTrip', label: 'bureau.col.schoolsWithoutTrip', kind: 'count' },
  { key: 'leftBehindReached', label: 'bureau.col.leftBehindReached', kind: 'pupils' },
  { key: 'disabilitiesReached', label: 'bureau.col.disabilitiesReached', kind: 'pupils' },
  { key: 'speakerTalks', label: 'bureau.col.speakerTalks', kind: 'count' },
  { key: 'speakerAudience', label: 'bureau.col.speakerAudience', kind: 'pupils' },
  { key: 'greenSeatsOffered', label: 'bureau.col.greenSeatsOffered', kind: 'count' },
  { key: 'greenSeatsUsed', label: 'bureau.col.greenSeatsUsed', kind: 'count' },
];

function coverageRow(row: CoverageRow, region: string): TableRow {
  return {
    region,
    regionCode: row.regionCode,
    schools: row.schools,
    pupils: row.pupils,
    venues: row.venues,
    venuesPer10k: row.venuesPer10k,
    trips: row.trips,
    tripsPer100: row.tripsPer100,
    pupilsReached: row.pupilsReached,
    pupilsReachedPer100: row.pupilsReachedPer100,
    schoolsWithTrip: row.schoolsWithTrip,
    schoolsWithoutTrip: row.schoolsWithoutTrip,
    leftBehindReached: row.leftBehindReached,
    disabilitiesReached: row.disabilitiesReached,
    speakerTalks: row.speakerTalks,
    speakerAudience: row.speakerAudience,
    greenSeatsOffered: row.greenSeatsOffered,
    greenSeatsUsed: row.greenSeatsUsed,
  };
}

export const schoolsWithoutTripColumns: TableColumn[] = [
  { key: 'school', label: 'bureau.col.school', kind: 'text' },
  { key: 'region', label: 'bureau.col.region', kind: 'text' },
  regionCodeColumn,
  { key: 'pupils', label: 'bureau.col.pupils', kind: 'pupils' },
  { key: 'leftBehindPupils', label: 'bureau.col.leftBehindPupils', kind: 'pupils' },
  { key: 'priority', label: 'bureau.col.priority', kind: 'boolean' },
  { key: 'nearestFreeVenue', label: 'bureau.col.nearestFreeVenue', kind: 'text' },
  { key: 'distanceKm', label: 'bureau.col.distanceKm', kind: 'km' },
];

export function coverageTables(
  report: CoverageReport,
  t: TFunction,
  place: PlaceName = storedName,
): ReportTable[] {
  const total = t('bureau.total', { name: place(report.region) });
  return [
    {
      id: 'coverage-regions',
      title: 'bureau.table.coverageRegions',
      columns: coverageColumns,
      rows: report.rows.map((row) => coverageRow(row, regionLabel(t, place, row))),
      footer: coverageRow(report.total, total),
    },
    {
      id: 'coverage-venue-types',
      title: 'bureau.table.venueTypes',
      columns: [
        { key: 'type', label: 'bureau.col.venueType', kind: 'text' },
        { key: 'venues', label: 'bureau.col.venues', kind: 'count' },
      ],
      rows: report.venuesByType.map((v) => ({ type: t(`venueType.${v.type}`), venues: v.venues })),
      footer: {
        type: total,
        venues: report.total.venues,
      },
    },
    {
      id: 'coverage-schools-without-trip',
      title: 'bureau.table.schoolsWithoutTrip',
      columns: schoolsWithoutTripColumns,
      rows: report.schoolsWithoutTrip.map((s) => ({
        school: s.schoolName,
        region: placeLabel(t, place, report, { code: s.regionCode, name: s.regionName }),
        regionCode: s.regionCode,
        pupils: s.pupils,
        leftBehindPupils: s.leftBehindPupils,
        priority: s.priority,
        nearestFreeVenue: s.nearestFreeVenueName,
        distanceKm: s.distanceKm,
      })),
    },
  ];
}

const complianceFigureColumns: TableColumn[] = [
  { key: 'bookingsUnderCommitment', label: 'bureau.col.bookingsUnderCommitment', kind: 'count' },
  { key: 'attendedCharged', label: 'bureau.col.attendedCharged', kind: 'count' },
  { key: 'overcharged', label: 'bureau.col.overcharged', kind: 'count' },
  { key: 'complianceRate', label: 'bureau.col.complianceRate', kind: 'percent' },
  { key: 'excessFen', label: 'bureau.col.excess', kind: 'yuan' },
];

function complianceRegionRow(row: ComplianceRegionRow, region: string): TableRow {
  return {
    region,
    regionCode: row.regionCode,
    venues: row.venues,
    bookingsUnderCommitment: row.bookingsUnderCommitment,
    attendedCharged: row.attendedCharged,
    overcharged: row.overcharged,
    complianceRate: row.complianceRate,
    excessFen: row.excessFen,
  };
}

function lapsingRow(t: TFunction, region: string, c: LapsingCommitment): TableRow {
  return {
    venue: c.venueName,
    region,
    regionCode: c.regionCode,
    terms: commitmentTerms(t, c),
    validTo: c.validTo,
    daysLeft: c.daysLeft,
    replacementPending: c.replacementPending,
  };
}

/** An overcharge times the pupils who came gives that count back: it is hidden with it. */
export const flaggedColumns: TableColumn[] = [
  { key: 'date', label: 'bureau.col.date', kind: 'date' },
  { key: 'venue', label: 'bureau.col.venue', kind: 'text' },
  { key: 'region', label: 'bureau.col.region', kind: 'text' },
  regionCodeColumn,
  { key: 'school', label: 'bureau.col.school', kind: 'text' },
  { key: 'grade', label: 'bureau.col.grade', kind: 'text' },
  { key: 'pupils', label: 'bureau.col.pupilsAttended', kind: 'pupils' },
  { key: 'chaperones', label: 'bureau.col.chaperones', kind: 'count' },
  { key: 'promisedPupil', label: 'bureau.col.promisedPupil', kind: 'yuan' },
  { key: 'chargedPupil', label: 'bureau.col.chargedPupil', kind: 'yuan' },
  { key: 'promisedChaperone', label: 'bureau.col.promisedChaperone', kind: 'yuan' },
  { key: 'chargedChaperone', label: 'bureau.col.chargedChaperone', kind: 'yuan' },
  { key: 'excessFen', label: 'bureau.col.excess', kind: 'yuan', derivedFrom: ['pupils'] },
];

export function complianceTables(
  report: ComplianceReport,
  t: TFunction,
  place: PlaceName = storedName,
): ReportTable[] {
  return [
    {
      id: 'compliance-regions',
      title: 'bureau.table.complianceRegions',
      columns: [
        { key: 'region', label: 'bureau.col.region', kind: 'text' },
        regionCodeColumn,
        { key: 'venues', label: 'bureau.col.venuesWithBookings', kind: 'count' },
        ...complianceFigureColumns,
      ],
      rows: report.rows.map((row) => complianceRegionRow(row, regionLabel(t, place, row))),
      footer: complianceRegionRow(report.total, t('bureau.total', { name: place(report.region) })),
    },
    {
      id: 'compliance-venues',
      title: 'bureau.table.complianceVenues',
      columns: [
        { key: 'venue', label: 'bureau.col.venue', kind: 'text' },
        { key: 'region', label: 'bureau.col.region', kind: 'text' },
        regionCodeColumn,
        ...complianceFigureColumns,
        { key: 'ratings', label: 'bureau.col.ratings', kind: 'count' },
        { key: 'meanRating', label: 'bureau.col.meanRating', kind: 'decimal' },
      ],
      rows: report.venues.map((v) => ({
        venue: v.venueName,
        region: placeLabel(t, place, report, { code: v.regionCode, name: v.regionName }),
        regionCode: v.regionCode,
        bookingsUnderCommitment: v.bookingsUnderCommitment,
        attendedCharged: v.attendedCharged,
        overcharged: v.overcharged,
        complianceRate: v.complianceRate,
        excessFen: v.excessFen,
        ratings: v.ratings,
        meanRating: v.meanRating,
      })),
    },
    {
      id: 'compliance-flagged',
      title: 'bureau.table.flagged',
      columns: flaggedColumns,
      rows: report.flagged.map((f) => ({
        date: shanghaiDay(new Date(f.sessionStartsAt)),
        venue: f.venueName,
        region: placeLabel(t, place, report, { code: f.venueRegionCode, name: f.venueRegionName }),
        regionCode: f.venueRegionCode,
        school: f.schoolName,
        grade: t(`grade.${f.grade}` as MessageKey),
        pupils: f.pupils,
        chaperones: f.chaperones,
        promisedPupil: f.promisedPricePerPupil,
        chargedPupil: f.chargedPricePerPupil,
        promisedChaperone: f.promisedPricePerChaperone,
        chargedChaperone: f.chargedPricePerChaperone,
        excessFen: f.excessFen,
      })),
    },
    {
      id: 'compliance-lapsing',
      title: 'bureau.table.lapsing',
      columns: [
        { key: 'venue', label: 'bureau.col.venue', kind: 'text' },
        { key: 'region', label: 'bureau.col.region', kind: 'text' },
        regionCodeColumn,
        { key: 'terms', label: 'bureau.col.commitment', kind: 'text' },
        { key: 'validTo', label: 'bureau.col.validTo', kind: 'date' },
        { key: 'daysLeft', label: 'bureau.col.daysLeft', kind: 'count' },
        { key: 'replacementPending', label: 'bureau.col.replacementPending', kind: 'boolean' },
      ],
      rows: report.lapsing.map((c) =>
        lapsingRow(t, placeLabel(t, place, report, { code: c.regionCode, name: c.regionName }), c),
      ),
    },
  ];
}

export interface OverdueRow {
  kind: 'venue' | 'speaker';
  name: string;
  category: string;
  regionCode: string;
  regionName: string;
  verifiedAt: Date | string | null;
}

export function overdueTable(
  entries: readonly OverdueRow[],
  t: TFunction,
  place: PlaceName = storedName,
): ReportTable {
  return {
    id: 'overdue',
    title: 'bureau.table.overdue',
    columns: [
      { key: 'kind', label: 'bureau.col.entryKind', kind: 'text' },
      { key: 'name', label: 'bureau.col.name', kind: 'text' },
      { key: 'category', label: 'bureau.col.category', kind: 'text' },
      { key: 'region', label: 'bureau.col.region', kind: 'text' },
      regionCodeColumn,
      { key: 'verifiedAt', label: 'bureau.col.verifiedAt', kind: 'date' },
    ],
    rows: entries.map((e) => ({
      kind: t(e.kind === 'venue' ? 'bureau.kind.venue' : 'bureau.kind.speaker'),
      name: e.name,
      category: t(
        (e.kind === 'venue' ? `venueType.${e.category}` : `speakerCategory.${e.category}`) as MessageKey,
      ),
      region: place({ code: e.regionCode, name: e.regionName }),
      regionCode: e.regionCode,
      // Never verified says so in words, as the page does, not an empty cell.
      verifiedAt: e.verifiedAt ? shanghaiDay(new Date(e.verifiedAt)) : t('bureau.overdue.never'),
    })),
  };
}
