// The JSON the report API answers: the report's own figures, with the same small-number suppression as the
// exports (a hidden figure is null and named in the row's `suppressed`).
import type { ComplianceReport } from './compliance.server.ts';
import type { CoverageReport } from './coverage.server.ts';
import { SUPPRESSION_THRESHOLD } from './suppression.ts';
import {
  coverageColumns,
  flaggedColumns,
  schoolsWithoutTripColumns,
  suppressedKeys,
  type TableColumn,
} from './tables.ts';

type Suppressed<T> = { [K in keyof T]: T[K] | null } & { suppressed: string[] };

export function withSuppression<T extends object>(columns: readonly TableColumn[], row: T): Suppressed<T> {
  const hidden = suppressedKeys(columns, row as Readonly<Record<string, unknown>>);
  const out = { ...row, suppressed: [...hidden].sort() } as Suppressed<T>;
  for (const key of hidden) (out as Record<string, unknown>)[key] = null;
  return out;
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
  const row = ({ lat, lng, ...r }: CoverageReport['rows'][number]) => ({
    ...withSuppression(coverageColumns, r),
    location: lat === null || lng === null ? null : { lat, lng },
  });
  return {
    ...header(report, generatedAt),
    referenceDay: report.referenceDay,
    total: row(report.total),
    rows: report.rows.map(row),
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
