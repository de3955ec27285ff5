import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { InfoReportList, InfoReportTabs } from '#app/components/bureau/info-report-list.tsx';
import { Alert, Card, PageHeader } from '#app/components/ui.tsx';
import {
  closeInfoReport,
  listInfoReports,
  listVisitedVenues,
} from '#app/domain/bureau/info-reports.server.ts';
import { CloseInfoReportSchema, refusedClose } from '#app/domain/bureau/schemas.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** A person's own corrections and, for venue operators, those about their venues. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const status = new URL(request.url).searchParams.get('status') === 'closed' ? 'closed' : 'open';
  const [reports, visited] = await Promise.all([
    listInfoReports(context.db, user, { status }),
    listVisitedVenues(context.db, user),
  ]);
  const t = await getServerT(request);
  return { pageTitle: `${t('infoReport.title')} · ${t('site.name')}`, status, reports, visited } as const;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const parsed = parseInput(CloseInfoReportSchema, form, t);
  if (!parsed.ok) {
    const refused = refusedClose(form, parsed.fields);
    return data({ error: refused ? null : t('validation.invalid'), refused }, { status: 400 });
  }
  const result = await closeInfoReport(context.db, user, parsed.data, {
    now: context.clock.now(),
    requestId: context.requestId,
    ip: context.clientIp,
    publicUrl: siteUrl(context.config),
  });
  if (!result.ok) {
    const notFound = result.error === 'not_found';
    return data(
      { error: t(notFound ? 'infoReport.error.notFound' : 'infoReport.error.alreadyClosed'), refused: null },
      { status: notFound ? 404 : 409 },
    );
  }
  return redirect('/info-reports?status=open&closed=1');
}

export default function InfoReports() {
  const { status, reports, visited } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t('infoReport.title')} lead={t('infoReport.lead')} />
      {params.get('filed') ? <Alert tone="good">{t('infoReport.filed')}</Alert> : null}
      {params.get('closed') ? <Alert tone="good">{t('infoReport.closedOk')}</Alert> : null}
      {actionData?.error ? <Alert tone="bad">{actionData.error}</Alert> : null}
      <InfoReportTabs status={status} />
      <InfoReportList
        reports={reports}
        busy={navigation.state === 'submitting'}
        refused={actionData?.refused}
      />
      {visited.length > 0 ? (
        <Card className="report-section">
          <h2>{t('infoReport.visitedTitle')}</h2>
          <p className="muted">{t('infoReport.visitedLead')}</p>
          <ul className="visited">
            {visited.map((v) => (
              <li key={v.slug}>
                <span>
                  {v.name}{' '}
                  <span className="muted small">
                    {t('infoReport.visitOn', { date: format.date(v.lastVisit) })}
                  </span>
                </span>
                <Link to={`/report-issue/${v.slug}`}>{t('infoReport.reportLink')}</Link>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}
