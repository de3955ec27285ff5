import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { ExportLinks, ReportFilter } from '#app/components/bureau/report-filter.tsx';
import { BarChart } from '#app/components/charts/bar-chart.tsx';
import { ClientOnly } from '#app/components/client-only.tsx';
import { DataTable } from '#app/components/data-table.tsx';
import { type MapBubble, RegionBubbleMap } from '#app/components/map/region-bubble-map.tsx';
import { Card, IgnoredFilters, PageHeader, Stat } from '#app/components/ui.tsx';
import { type CoverageRow, coverageReport } from '#app/domain/bureau/coverage.server.ts';
import { coverageTables, type ReportTable } from '#app/domain/bureau/tables.ts';
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
    coverageReport(context.db, region, term, now),
    regionOptions(context, scope, locale),
  ]);
  return {
    pageTitle: `${t('bureau.coverage.title')} · ${t('bureau.home.title')}`,
    report,
    regions,
    terms: termOptions(t, now, term),
    ignored,
    termTitle: termLabel(t, term),
    scope: scopeLabel(t, locale, scope, regions),
  };
}

type Metric = 'pupilsReached' | 'trips' | 'schoolsWithoutTrip';
const METRICS: Metric[] = ['pupilsReached', 'trips', 'schoolsWithoutTrip'];

export default function Coverage() {
  const { report, regions, terms, termTitle, scope, ignored } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const [metric, setMetric] = useState<Metric>('pupilsReached');
  const [regionTable, typesTable, schoolsTable] = coverageTables(report, t, placeName) as [
    ReportTable,
    ReportTable,
    ReportTable,
  ];
  const { total } = report;
  const query = { region: report.region.code, term: report.term.id };
  const drillable = report.region.level !== 'county';
  const bubbles: MapBubble[] = report.rows
    .filter((r): r is CoverageRow & { lat: number; lng: number } => r.lat !== null && r.lng !== null)
    .map((r) => ({
      key: r.regionCode,
      lat: r.lat,
      lng: r.lng,
      label: regionTable.rows[report.rows.indexOf(r)]?.region as string,
      value: r[metric],
      display: t('common.labelled', {
        label: t(`bureau.coverage.mapMetric.${metric}`),
        value: format.number(r[metric]),
      }),
    }));
  const per100 = (value: number | null) => (value === null ? '—' : value.toFixed(2));

  return (
    <>
      <PageHeader
        title={t('bureau.coverage.title')}
        lead={`${placeName(report.region)} · ${t('common.parenthetical', {
          text: termTitle,
          note: t('bureau.term.range', {
            from: format.date(report.term.firstDay),
            to: format.date(report.term.lastDay),
          }),
        })} · ${t('bureau.scopeLine', { scope })}`}
        actions={<ExportLinks file="coverage" {...query} allLabel={t('bureau.export.all')} />}
      />
      <IgnoredFilters ignored={ignored} />
      <ReportFilter regions={regions} terms={terms} region={query.region} term={query.term} />
      <p className="muted">{t('bureau.coverage.lead')}</p>

      <div className="stats">
        <Stat value={format.number(total.pupilsReached)} label={t('bureau.col.pupilsReached')} />
        <Stat value={per100(total.pupilsReachedPer100)} label={t('bureau.col.pupilsReachedPer100')} />
        <Stat value={format.number(total.trips)} label={t('bureau.col.trips')} />
        <Stat
          value={format.number(total.schoolsWithoutTrip)}
          label={t('bureau.col.schoolsWithoutTrip')}
          hint={`${t('bureau.col.schools')} ${format.number(total.schools)}`}
        />
        <Stat value={format.number(total.leftBehindReached)} label={t('bureau.col.leftBehindReached')} />
        <Stat value={format.number(total.disabilitiesReached)} label={t('bureau.col.disabilitiesReached')} />
        <Stat value={format.number(total.speakerTalks)} label={t('bureau.col.speakerTalks')} />
        <Stat
          value={`${format.number(total.greenSeatsUsed)} / ${format.number(total.greenSeatsOffered)}`}
          label={`${t('bureau.col.greenSeatsUsed')} / ${t('bureau.col.greenSeatsOffered')}`}
        />
      </div>

      <Card className="report-section">
        <h2>{t('bureau.table.coverageRegions')}</h2>
        <div className="report-visuals">
          <RegionBubbleMap
            title={t('bureau.map.title')}
            bubbles={bubbles}
            legend={{ kind: 'size', title: t(`bureau.coverage.mapMetric.${metric}`), format: format.number }}
            controls={
              <ClientOnly>
                {() => (
                  <label className="map-metric">
                    {t('bureau.map.metric')}{' '}
                    <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
                      {METRICS.map((m) => (
                        <option key={m} value={m}>
                          {t(`bureau.coverage.mapMetric.${m}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </ClientOnly>
            }
          />
          <BarChart
            title={t('bureau.coverage.chartTitle')}
            valueName={t('bureau.col.pupilsReachedPer100')}
            format={(v) => v.toFixed(1)}
            data={report.rows.map((r, i) => ({
              label: regionTable.rows[i]?.region as string,
              value: r.pupilsReachedPer100,
            }))}
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
        <ExportLinks file="coverage-regions" {...query} />
        <p className="muted small">{t('bureau.coverage.definitions')}</p>
      </Card>

      <Card className="report-section">
        <h2>{t('bureau.table.venueTypes')}</h2>
        <BarChart
          title={t('bureau.coverage.typesChartTitle')}
          valueName={t('bureau.col.venues')}
          format={(v) => format.number(v)}
          data={report.venuesByType
            .filter((v) => v.venues > 0)
            .map((v) => ({ label: t(`venueType.${v.type}`), value: v.venues }))}
        />
        <DataTable table={typesTable} />
        <ExportLinks file="coverage-venue-types" {...query} />
      </Card>

      <Card className="report-section">
        <h2>{t('bureau.table.schoolsWithoutTrip')}</h2>
        <p className="muted small">
          {t('bureau.coverage.referenceDay', { day: format.date(report.referenceDay) })}
        </p>
        <DataTable
          table={schoolsTable}
          stacked
          empty={<p>{t('bureau.coverage.noSchools')}</p>}
          renderCell={(key, _row, index) => {
            const school = report.schoolsWithoutTrip[index];
            if (key !== 'nearestFreeVenue' || !school?.nearestFreeVenueSlug) return undefined;
            return <Link to={`/venues/${school.nearestFreeVenueSlug}`}>{school.nearestFreeVenueName}</Link>;
          }}
        />
        <ExportLinks file="coverage-schools-without-trip" {...query} />
      </Card>
      <p className="muted small">{t('bureau.export.note')}</p>
    </>
  );
}
