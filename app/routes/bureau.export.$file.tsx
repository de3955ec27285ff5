import type { LoaderFunctionArgs } from '@remix-run/node';
import { complianceReport } from '#app/domain/bureau/compliance.server.ts';
import { coverageReport } from '#app/domain/bureau/coverage.server.ts';
import { tablesToXlsx, tableToCsv } from '#app/domain/bureau/exports.server.ts';
import {
  complianceTableIds,
  complianceTables,
  coverageTableIds,
  coverageTables,
  overdueTable,
  type ReportTable,
  tableIds,
} from '#app/domain/bureau/tables.ts';
import { listOverdue } from '#app/domain/bureau/verification.server.ts';
import { regionName } from '#app/i18n/regions.ts';
import { readReportSelection, requireBureau, termLabel } from '#app/utils/bureau.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';

const FILE = /^([a-z-]+)\.(csv|xlsx)$/;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A refusal as a localized sentence. A resource route must throw a real Response: Remix turns a thrown `data()` (or any
 * other value) into `{"message":"Unexpected Server Error"}` here, as there is no error page to render it into.
 */
function refusal(status: 400 | 403 | 404, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * `/bureau/export/<table>.csv|xlsx` and `/bureau/export/coverage.xlsx` (every table of a report), for the region and
 * term in the query — scoped like the pages, with counts under 5 pupils suppressed. The pages drop a bad parameter
 * and show the default; a file must be of what was asked, so here a bad parameter is refused (400), saying why.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [t, locale] = await Promise.all([getServerT(request), getLocale(request)]);
  // An export names regions as the page does (Hohhot in English) and gives each its code in a column of its own.
  const place = (r: { code: string; name: string }) => regionName(locale, r);
  const { scope } = await requireBureau(request, context, 'read:report:region').catch((error: unknown) => {
    throw error instanceof Response && error.status === 403 ? refusal(403, t('error.forbidden')) : error;
  });
  const match = FILE.exec(params.file ?? '');
  const name = match?.[1] ?? '';
  const format = match?.[2] as 'csv' | 'xlsx' | undefined;
  const known =
    (tableIds as readonly string[]).includes(name) ||
    (format === 'xlsx' && (name === 'coverage' || name === 'compliance'));
  if (!format || !known) throw refusal(404, t('bureau.export.unknownFile'));

  const now = context.clock.now();
  const isOverdue = name === 'overdue';
  const reading = await readReportSelection(context, scope, new URL(request.url).searchParams, t, {
    term: !isOverdue,
  });
  if (!reading.ok) throw refusal(403, t('bureau.export.refused', { reason: t('bureau.error.outOfScope') }));
  if (reading.ignored.length) {
    const reasons = reading.ignored.map(({ label, message }) =>
      t('search.ignoredFilter', { label, message }),
    );
    throw refusal(400, t('bureau.export.refused', { reason: reasons.join(' ') }));
  }
  const { region, term } = reading.selection;
  let tables: ReportTable[];
  let termId: string | null = term.id;
  if (name === 'coverage' || (coverageTableIds as readonly string[]).includes(name)) {
    tables = coverageTables(await coverageReport(context.db, region, term, now), t, place);
  } else if (name === 'compliance' || (complianceTableIds as readonly string[]).includes(name)) {
    tables = complianceTables(await complianceReport(context.db, region, term, now), t, place);
  } else {
    termId = null;
    const entries = await listOverdue(context.db, { kind: 'regions', roots: [region.code] }, now);
    tables = [overdueTable(entries, t, place)];
  }
  const selected = tables.filter((table) => table.id === name);
  const chosen = selected.length ? selected : tables;

  const base = `${name}-${region.code}${termId ? `-${termId}` : ''}`;
  const headers = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': `attachment; filename="${base}.${format}"`,
  };
  if (format === 'csv') {
    return new Response(tableToCsv(chosen[0] as ReportTable, t), {
      headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' },
    });
  }
  const body = await tablesToXlsx(
    chosen,
    {
      title: name,
      regionName: place(region),
      regionCode: region.code,
      termId,
      termName: termId ? termLabel(t, term) : null,
      generatedAt: now,
    },
    t,
  );
  return new Response(new Uint8Array(body), { headers: { ...headers, 'Content-Type': XLSX } });
}
