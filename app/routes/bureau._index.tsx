import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ReportFilter } from '#app/components/bureau/report-filter.tsx';
import { BarChart } from '#app/components/charts/bar-chart.tsx';
import { DataTable } from '#app/components/data-table.tsx';
import { Card, IgnoredFilters, PageHeader, Stat } from '#app/components/ui.tsx';
import { countPendingRequests } from '#app/domain/accounts/requests.server.ts';
import { complianceReport } from '#app/domain/bureau/compliance.server.ts';
import { coverageReport } from '#app/domain/bureau/coverage.server.ts';
import { countOpenInfoReports } from '#app/domain/bureau/info-reports.server.ts';
import type { ReportTable } from '#app/domain/bureau/tables.ts';
import {
  countOverdue,
  countSpeakersAwaitingVetting,
  countVerificationQueue,
} from '#app/domain/bureau/verification.server.ts';
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
import { shanghaiDay } from '#app/utils/time.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The auditor's home: what waits for them, and the chosen term's headline figures for their region. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireBureau(request, context, 'read:report:region');
  const [t, locale] = await Promise.all([getServerT(request), getLocale(request)]);
  const now = context.clock.now();
  const { region, term, ignored } = await requireReportSelection(context, scope, request, t);
  const [queue, speakersToVet, overdue, infoReports, roleRequests, coverage, compliance, regions] =
    await Promise.all([
      countVerificationQueue(context.db, scope),
      countSpeakersAwaitingVetting(context.db, scope, shanghaiDay(now)),
      // Overdue venues follow the region chosen above, as the overdue list does; the queue and the corrections are
      // everything that waits for this auditor (their pages list the whole area), and say so; role requests too.
      countOverdue(context.db, { kind: 'regions', roots: [region.code] }, now),
      countOpenInfoReports(context.db, scope),
      countPendingRequests(context.db, scope),
      coverageReport(context.db, region, term, now),
      complianceReport(context.db, region, term, now),
      regionOptions(context, scope, locale),
    ]);
  return {
    pageTitle: `${t('bureau.home.title')} · ${t('site.name')}`,
    counts: { queue, speakersToVet, overdue, infoReports, roleRequests },
    region: { code: region.code, name: region.name, county: region.level === 'county' },
    term: { id: term.id, title: termLabel(t, term) },
    coverageRows: coverage.rows.map((r) => ({
      regionCode: r.regionCode,
      regionName: r.regionName,
      own: r.own,
      pupilsReached: r.pupilsReached,
      pupilsReachedPer100: r.pupilsReachedPer100,
      trips: r.trips,
    })),
    total: {
      pupilsReached: coverage.total.pupilsReached,
      schoolsWithoutTrip: coverage.total.schoolsWithoutTrip,
      complianceRate: compliance.total.complianceRate,
      overcharged: compliance.total.overcharged,
    },
    regions,
    terms: termOptions(t, now, term),
    ignored,
    scope: scopeLabel(t, locale, scope, regions),
  };
}

export default function BureauHome() {
  const data = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const rowName = (r: (typeof data.coverageRows)[number]) => {
    const name = placeName({ code: r.regionCode, name: r.regionName });
    return r.own ? t('bureau.ownLevel', { name }) : name;
  };
  const query = `?${new URLSearchParams({ region: data.region.code, term: data.term.id })}`;
  const table: ReportTable = {
    id: 'coverage-regions',
    title: 'bureau.home.chartTitle',
    columns: [
      { key: 'region', label: 'bureau.col.region', kind: 'text' },
      { key: 'trips', label: 'bureau.col.trips', kind: 'count' },
      { key: 'pupilsReached', label: 'bureau.col.pupilsReached', kind: 'pupils' },
      { key: 'pupilsReachedPer100', label: 'bureau.col.pupilsReachedPer100', kind: 'decimal' },
    ],
    rows: data.coverageRows.map((r) => ({
      region: rowName(r),
      trips: r.trips,
      pupilsReached: r.pupilsReached,
      pupilsReachedPer100: r.pupilsReachedPer100,
    })),
  };
  const rate = data.total.complianceRate;
  return (
    <>
      <PageHeader
        title={t('bureau.home.title')}
        lead={`${t('bureau.home.lead')} ${t('bureau.scopeLine', { scope: data.scope })}`}
      />
      <IgnoredFilters ignored={data.ignored} />
      <ReportFilter regions={data.regions} terms={data.terms} region={data.region.code} term={data.term.id} />
      <div className="desk-grid">
        <Card className="desk-card">
          <Stat
            value={format.number(data.counts.queue)}
            label={t('bureau.home.queue')}
            hint={t('bureau.home.wholeScope')}
          />
          <Link to="/bureau/queue">{t('bureau.subnav.queue')}</Link>
        </Card>
        <Card className="desk-card">
          <Stat
            value={format.number(data.counts.speakersToVet)}
            label={t('bureau.home.speakersToVet')}
            hint={t('bureau.home.speakersToVetHint')}
          />
          <Link to="/speakers/vetting">{t('speakers.nav.vetting')}</Link>
        </Card>
        <Card className="desk-card">
          <Stat value={format.number(data.counts.overdue)} label={t('bureau.home.overdue')} />
          <Link to={`/bureau/overdue?${new URLSearchParams({ region: data.region.code })}`}>
            {t('bureau.subnav.overdue')}
          </Link>
        </Card>
        <Card className="desk-card">
          <Stat
            value={format.number(data.counts.infoReports)}
            label={t('bureau.home.infoReports')}
            hint={t('bureau.home.wholeScope')}
          />
          <Link to="/bureau/info-reports">{t('bureau.subnav.infoReports')}</Link>
        </Card>
        <Card className="desk-card">
          <Stat
            value={format.number(data.counts.roleRequests)}
            label={t('bureau.home.roleRequests')}
            hint={t('bureau.home.wholeScope')}
          />
          <Link to="/bureau/requests">{t('requests.nav')}</Link>
        </Card>
        <Card className="desk-card">
          <Stat
            value={format.number(data.total.pupilsReached)}
            label={t('bureau.home.pupilsReached', { term: data.term.title })}
          />
          <Link to={`/bureau/coverage${query}`}>{t('bureau.subnav.coverage')}</Link>
        </Card>
        <Card className="desk-card">
          <Stat
            value={rate === null ? '—' : `${(rate * 100).toFixed(1)}%`}
            label={t('bureau.home.complianceRate')}
            hint={`${t('bureau.home.overcharged')} ${format.number(data.total.overcharged)}`}
          />
          <Link to={`/bureau/compliance${query}`}>{t('bureau.subnav.compliance')}</Link>
        </Card>
        <Card className="desk-card">
          <Stat
            value={format.number(data.total.schoolsWithoutTrip)}
            label={t('bureau.home.schoolsWithoutTrip', { term: data.term.title })}
          />
          <Link to={`/bureau/coverage${query}#table-coverage-schools-without-trip`}>
            {t('bureau.subnav.coverage')}
          </Link>
        </Card>
      </div>
      <Card className="report-section">
        <h2>
          {placeName(data.region)} · {data.term.title}
        </h2>
        <BarChart
          title={t('bureau.home.chartTitle')}
          valueName={t('bureau.col.pupilsReachedPer100')}
          format={(v) => v.toFixed(1)}
          // A county has no regions below it to chart: its one row is in the table.
          data={
            data.region.county
              ? []
              : data.coverageRows.map((r) => ({ label: rowName(r), value: r.pupilsReachedPer100 }))
          }
          empty={
            data.region.county
              ? t('bureau.home.chartCounty')
              : t('bureau.home.chartEmpty', { term: data.term.title })
          }
        />
        <DataTable table={table} stacked />
      </Card>
    </>
  );
}
