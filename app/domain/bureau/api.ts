// The JSON the report API answers: the report's own figures, with the same small-number suppression as the
// exports (a hidden figure is null and named in the row's `suppressed`).
import type { ComplianceReport } from './compliance.server.ts';
import type { CoverageReport } from './coverage.server.ts';
import { SUPPRESSION_THRESHOLD } from './suppression.ts';
import {
  coverageColumns,
  flaggedColumns,
  hiddenCells,
  schoolsWithoutTripColumns,
  type TableColumn,
} from './tables.ts';

type Suppressed<T> = { [K in keyof T]: T[K] | null } & { suppressed: string[] };

function hide<T extends object>(row: T, hidden: ReadonlyMap<string, string> | undefined): Suppressed<T> {
  const keys = [...(hidden?.keys() ?? [])].sort();
  const out = { ...row, suppressed: keys } as Suppressed<T>;
  for (const key of keys) (out as Record<string, unknown>)[key] = null;
  return out;
}

/** A row with no total beside it: its small counts hidden. */
export function withSuppression<T extends object>(columns: readonly TableColumn[], row: T): Suppressed<T> {
  return hide(row, hiddenCells(columns, [row as Readonly<Record<string, unknown>>]).rows[0]);
}

/** Rows and their total: small counts hidden, and what the total would give them back from (as in the exports). */
function tableWithSuppression<T extends object>(
  columns: readonly TableColumn[],
  rows: readonly T[],
  total: T,
) {
  const hidden = hiddenCells(
    columns,
    rows as Readonly<Record<string, unknown>>[],
    total as Readonly<Record<string, unknown>>,
  );
  return { rows: rows.map((row, i) => hide(row, hidden.rows[i])), total: hide(total, hidden.footer) };
}

function header(report: CoverageReport | ComplianceReport, generatedAt: Date) {
  return {
    region: { code: report.region.code, name: report.region.name, level: report.region.level },
    term: report.term,
    generatedAt: generatedAt.toISOString(),
    suppressionThreshold: SUPPRESSION_THRESHOLD,
  };
}

export function coverageJson(report: CoverageReport, generatedAt: Date) {
  const figures = ({ lat: _lat, lng: _lng, ...r }: CoverageReport['rows'][number]) => r;
  const at = ({ lat, lng }: CoverageReport['rows'][number]) =>
    lat === null || lng === null ? null : { lat, lng };
  const table = tableWithSuppression(coverageColumns, report.rows.map(figures), figures(report.total));
  return {
    ...header(report, generatedAt),
    referenceDay: report.referenceDay,
    total: { ...table.total, location: at(report.total) },
    rows: table.rows.map((row, i) => ({
      ...row,
      location: at(report.rows[i] as CoverageReport['rows'][number]),
    })),
    venuesByType: report.venuesByType,
    schoolsWithoutTrip: report.schoolsWithoutTrip.map((s) => withSuppression(schoolsWithoutTripColumns, s)),
  };
}

export function complianceJson(report: ComplianceReport, generatedAt: Date) {
  const row = ({ lat, lng, ...r }: ComplianceReport['rows'][number]) => ({
    ...r,
    location: lat === null || lng === null ? null : { lat, lng },
  });
  return {
    ...header(report, generatedAt),
    today: report.today,
    total: row(report.total),
    rows: report.rows.map(row),
    venues: report.venues,
    flagged: report.flagged.map((f) =>
      withSuppression(flaggedColumns, { ...f, sessionStartsAt: new Date(f.sessionStartsAt).toISOString() }),
    ),
    lapsing: report.lapsing,
  };
}
