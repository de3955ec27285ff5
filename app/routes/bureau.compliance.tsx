import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { ExportLinks, ReportFilter } from '#app/components/bureau/report-filter.tsx';
import { BarChart } from '#app/components/charts/bar-chart.tsx';
import { ClientOnly } from '#app/components/client-only.tsx';
import { DataTable } from '#app/components/data-table.tsx';
import { type MapBubble, RegionBubbleMap } from '#app/components/map/region-bubble-map.tsx';
import { Card, IgnoredFilters, PageHeader, Stat } from '#app/components/ui.tsx';
import { complianceReport } from '#app/domain/bureau/compliance.server.ts';
import { type CellValue, complianceTables, type ReportTable } from '#app/domain/bureau/tables.ts';
import {
  regionOptions,
  requireBureau,
  requireReportSelection,
  scopeLabel,
  termLabel,
  termOptions,
} from '#app/utils/bureau.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireBureau(request, context, 'read:report:region');
  const [t, locale] = await Promise.all([getServerT(request), getLocale(request)]);
  const now = context.clock.now();
  const { region, term, ignored } = await requireReportSelection(context, scope, request, t);
  const [report, regions] = await Promise.all([
    complianceReport(context.db, region, term, now),
    regionOptions(context, scope, locale),
  ]);
  return {
    pageTitle: `${t('bureau.compliance.title')} · ${t('bureau.home.title')}`,
    report,
    regions,
    terms: termOptions(t, now, term),
    ignored,
    termTitle: termLabel(t, term),
    scope: scopeLabel(t, locale, scope, regions),
  };
}

type Metric = 'overcharged' | 'bookingsUnderCommitment';
const METRICS: Metric[] = ['overcharged', 'bookingsUnderCommitment'];

export default function Compliance() {
  const { report, regions, terms, termTitle, scope, ignored } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const [metric, setMetric] = useState<Metric>('overcharged');
  const [regionTable, venueTable, flaggedTable, lapsingTable] = complianceTables(report, t, placeName) as [
    ReportTable,
    ReportTable,
    ReportTable,
    ReportTable,
  ];
  const query = { region: report.region.code, term: report.term.id };
  const { total } = report;
  const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
  const bubbles: MapBubble[] = report.rows.flatMap((r, i) =>
    r.lat === null || r.lng === null
      ? []
      : [
          {
            key: r.regionCode,
            lat: r.lat,
            lng: r.lng,
            label: regionTable.rows[i]?.region as string,
            value: r[metric],
            display: `${t('common.labelled', {
              label: t(`bureau.compliance.mapMetric.${metric}`),
              value: format.number(r[metric]),
            })} · ${t('bureau.col.complianceRate')} ${percent(r.complianceRate)}`,
            tone: metric === 'overcharged' ? 'warn' : 'brand',
          },
        ],
  );
  const drillable = report.region.level !== 'county';
  // The tables keep a day as the export writes it (2027-01-31); the page writes it as every page does.
  const day = (value: CellValue | undefined) => (typeof value === 'string' ? format.date(value) : undefined);

  return (
    <>
      <PageHeader
        title={t('bureau.compliance.title')}
        lead={`${placeName(report.region)} · ${t('common.parenthetical', {
          text: termTitle,
          note: t('bureau.term.range', {
            from: format.date(report.term.firstDay),
            to: format.date(report.term.lastDay),
          }),
        })} · ${t('bureau.scopeLine', { scope })}`}
        actions={<ExportLinks file="compliance" {...query} allLabel={t('bureau.export.all')} />}
      />
      <IgnoredFilters ignored={ignored} />
      <ReportFilter regions={regions} terms={terms} region={query.region} term={query.term} />
      <p className="muted">{t('bureau.compliance.lead')}</p>

      <div className="stats">
        <Stat value={percent(total.complianceRate)} label={t('bureau.col.complianceRate')} />
        <Stat
          value={format.number(total.bookingsUnderCommitment)}
          label={t('bureau.col.bookingsUnderCommitment')}
        />
        <Stat value={format.number(total.attendedCharged)} label={t('bureau.col.attendedCharged')} />
        <Stat value={format.number(total.overcharged)} label={t('bureau.col.overcharged')} />
        <Stat value={format.yuan(total.excessFen)} label={t('bureau.col.excess')} />
        <Stat value={format.number(report.lapsing.length)} label={t('bureau.table.lapsing')} />
      </div>

      <Card className="report-section">
        <h2>{t('bureau.table.complianceRegions')}</h2>
        <div className="report-visuals">
          <RegionBubbleMap
            title={t('bureau.map.title')}
            bubbles={bubbles}
            legend={{
              kind: 'size',
              title: t(`bureau.compliance.mapMetric.${metric}`),
              format: format.number,
            }}
            controls={
              <ClientOnly>
                {() => (
                  <label className="map-metric">
                    {t('bureau.map.metric')}{' '}
                    <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
                      {METRICS.map((m) => (
                        <option key={m} value={m}>
                          {t(`bureau.compliance.mapMetric.${m}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </ClientOnly>
            }
          />
          <BarChart
            title={t('bureau.compliance.chartTitle')}
            valueName={t('bureau.col.complianceRate')}
            format={(v) => `${(v * 100).toFixed(0)}%`}
            max={1}
            data={report.rows.flatMap((r, i) =>
              r.complianceRate === null
                ? []
                : [{ label: regionTable.rows[i]?.region as string, value: r.complianceRate }],
            )}
          />
        </div>
        <DataTable
          table={regionTable}
          stacked
          renderCell={(key, _row, index) => {
            const row = report.rows[index];
            if (key !== 'region' || !drillable || !row || row.own) return undefined;
            return (
              <Link to={`?${new URLSearchParams({ region: row.regionCode, term: report.term.id })}`}>
                {regionTable.rows[index]?.region}
              </Link>
            );
          }}
        />
        <ExportLinks file="compliance-regions" {...query} />
        <p className="muted small">{t('bureau.compliance.definition')}</p>
      </Card>

      <Card className="report-section">
        <h2>{t('bureau.table.complianceVenues')}</h2>
        <DataTable
          table={venueTable}
          stacked
          empty={<p>{t('bureau.compliance.noVenues')}</p>}
          renderCell={(key, _row, index) => {
            const venue = report.venues[index];
            return key === 'venue' && venue ? (
              <Link to={`/venues/${venue.venueSlug}`}>{venue.venueName}</Link>
            ) : undefined;
          }}
        />
        <ExportLinks file="compliance-venues" {...query} />
        <p className="muted small">{t('bureau.compliance.ratingsNote')}</p>
      </Card>

      <Card className="report-section">
        <h2>{t('bureau.table.flagged')}</h2>
        <DataTable
          table={flaggedTable}
          stacked
          empty={<p>{t('bureau.compliance.noFlagged')}</p>}
          renderCell={(key, row) => (key === 'date' ? day(row.date) : undefined)}
        />
        <ExportLinks file="compliance-flagged" {...query} />
      </Card>

      <Card className="report-section">
        <h2>{t('bureau.table.lapsing')}</h2>
        <DataTable
          table={lapsingTable}
          stacked
          empty={<p>{t('bureau.compliance.noLapsing')}</p>}
          renderCell={(key, row) => (key === 'validTo' ? day(row.validTo) : undefined)}
        />
        <ExportLinks file="compliance-lapsing" {...query} />
      </Card>
      <p className="muted small">{t('bureau.export.note')}</p>
    </>
  );
}
