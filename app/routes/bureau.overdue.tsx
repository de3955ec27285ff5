import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { ExportLinks, ReportFilter } from '#app/components/bureau/report-filter.tsx';
import { DataTable } from '#app/components/data-table.tsx';
import { Alert, Badge, Button, Card, EmptyState, IgnoredFilters, PageHeader } from '#app/components/ui.tsx';
import { ReverifySchema } from '#app/domain/bureau/schemas.ts';
import { overdueTable, type ReportTable } from '#app/domain/bureau/tables.ts';
import { listOverdue, reverify } from '#app/domain/bureau/verification.server.ts';
import { regionOptions, requireBureau, requireReportSelection } from '#app/utils/bureau.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope } = await requireBureau(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  const { region, ignored } = await requireReportSelection(context, scope, request, t, { term: false });
  const [entries, regions] = await Promise.all([
    listOverdue(context.db, { kind: 'regions', roots: [region.code] }, context.clock.now()),
    regionOptions(context, scope, await getLocale(request)),
  ]);
  return {
    pageTitle: `${t('bureau.overdue.title')} · ${t('bureau.home.title')}`,
    entries,
    regions,
    region: region.code,
    ignored,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireBureau(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  const parsed = parseInput(ReverifySchema, formToObject(await request.formData()), t);
  if (!parsed.ok) return data({ error: t('validation.invalid') }, { status: 400 });
  const result = await reverify(context.db, actor, parsed.data, context.clock.now());
  if (!result.ok) {
    const [status, message] =
      result.error === 'not_found'
        ? ([404, 'bureau.error.notFound'] as const)
        : result.error === 'own_entry'
          ? ([403, 'bureau.error.ownEntry'] as const)
          : ([409, 'bureau.error.alreadyDecided'] as const);
    return data({ error: t(message) }, { status });
  }
  const url = new URL(request.url);
  url.searchParams.set('done', '1');
  return redirect(`${url.pathname}${url.search}`);
}

export default function Overdue() {
  const { entries, regions, region, ignored } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  // The export's table, led by the name (the row's heading, a card's title on a phone) and ending with the action.
  const listed = overdueTable(entries, t, placeName);
  const table: ReportTable = {
    ...listed,
    columns: [
      ...listed.columns.filter((c) => c.key === 'name'),
      ...listed.columns.filter((c) => c.key !== 'name'),
      { key: 'action', label: 'bureau.overdue.action', kind: 'text' },
    ],
  };
  return (
    <>
      <PageHeader title={t('bureau.overdue.title')} lead={t('bureau.overdue.lead')} />
      <IgnoredFilters ignored={ignored} />
      <ReportFilter regions={regions} region={region} />
      {params.get('done') ? <Alert tone="good">{t('bureau.overdue.confirmed')}</Alert> : null}
      {actionData?.error ? <Alert tone="bad">{actionData.error}</Alert> : null}
      {entries.length === 0 ? (
        <Card>
          <EmptyState title={t('bureau.overdue.empty')} />
        </Card>
      ) : (
        <Card>
          <p className="muted">
            {t(entries.length === 1 ? 'bureau.overdue.countOne' : 'bureau.overdue.count', {
              count: entries.length,
            })}
          </p>
          <DataTable
            table={table}
            stacked
            renderCell={(key, _row, index) => {
              const e = entries[index];
              if (!e) return undefined;
              switch (key) {
                case 'name':
                  return e.kind === 'venue' && e.slug ? (
                    <Link to={`/venues/${e.slug}`}>{e.name}</Link>
                  ) : undefined;
                case 'verifiedAt':
                  return e.verifiedAt ? (
                    format.dateTime(e.verifiedAt)
                  ) : (
                    <Badge tone="warn">{t('bureau.overdue.never')}</Badge>
                  );
                case 'action':
                  return (
                    <Form method="post">
                      <input type="hidden" name="kind" value={e.kind} />
                      <input type="hidden" name="id" value={e.id} />
                      <Button
                        variant="secondary"
                        disabled={navigation.state === 'submitting'}
                        aria-label={t('common.labelled', {
                          label: t('bureau.overdue.confirm'),
                          value: e.name,
                        })}
                      >
                        {t('bureau.overdue.confirm')}
                      </Button>
                    </Form>
                  );
                default:
                  return undefined;
              }
            }}
          />
          <ExportLinks file="overdue" region={region} />
        </Card>
      )}
    </>
  );
}
