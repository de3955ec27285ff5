import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { InfoReportList, InfoReportTabs } from '#app/components/bureau/info-report-list.tsx';
import { Alert, IgnoredFilters, PageHeader } from '#app/components/ui.tsx';
import { closeInfoReport, listInfoReports } from '#app/domain/bureau/info-reports.server.ts';
import { CloseInfoReportSchema, refusedClose } from '#app/domain/bureau/schemas.ts';
import { requireBureau } from '#app/utils/bureau.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** Corrections about venues in the auditor's region. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireBureau(request, context, 'verify:catalogue:region');
  const asked = new URL(request.url).searchParams.get('status') || 'open';
  const status = asked === 'closed' ? 'closed' : 'open';
  const t = await getServerT(request);
  return {
    pageTitle: `${t('infoReport.title')} · ${t('bureau.home.title')}`,
    status,
    // Named and dropped as the report pages do.
    ignored:
      asked === status
        ? []
        : [
            {
              field: 'status',
              label: t('infoReport.statusFilter'),
              message: t('infoReport.error.statusFilter'),
            },
          ],
    reports: await listInfoReports(context.db, user, { status, scope }),
  } as const;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireBureau(request, context, 'verify:catalogue:region');
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
  return redirect('/bureau/info-reports?status=open&closed=1');
}

export default function BureauInfoReports() {
  const { status, reports, ignored } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('infoReport.title')} lead={t('infoReport.lead')} />
      <IgnoredFilters ignored={ignored} />
      {params.get('closed') ? <Alert tone="good">{t('infoReport.closedOk')}</Alert> : null}
      {actionData?.error ? <Alert tone="bad">{actionData.error}</Alert> : null}
      <InfoReportTabs status={status} />
      <InfoReportList
        reports={reports}
        busy={navigation.state === 'submitting'}
        refused={actionData?.refused}
      />
    </>
  );
}
