import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Alert, Button, Card, Honeypot, PageHeader, SelectField, TextArea } from '#app/components/ui.tsx';
import { fileInfoReport, getReportableVenue } from '#app/domain/bureau/info-reports.server.ts';
import { INFO_REPORT_MAX, InfoReportSchema } from '#app/domain/bureau/schemas.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** "This information was wrong": a teacher whose school visited the venue tells the venue and the bureau. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'create:info-report:own-school');
  const venue = await getReportableVenue(context.db, user, params.venueSlug ?? '');
  if (!venue) throw new Response('Not Found', { status: 404 });
  const t = await getServerT(request);
  return { ...venue, pageTitle: `${t('infoReport.formTitle', { venue: venue.name })} · ${t('site.name')}` };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'create:info-report:own-school');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const body = typeof form.body === 'string' ? form.body : '';
  const parsed = parseInput(InfoReportSchema, form, t);
  if (!parsed.ok) {
    // A visit that is not an id at all (a changed form) is named like one that is not found: the list is the way.
    const fields = parsed.fields.bookingId
      ? { ...parsed.fields, bookingId: t('infoReport.error.visitNotFound') }
      : parsed.fields;
    return data({ fields, formError: null, body }, { status: 400 });
  }
  const result = await fileInfoReport(context.db, user, params.venueSlug ?? '', parsed.data, {
    now: context.clock.now(),
    requestId: context.requestId,
    ip: context.clientIp,
    publicUrl: siteUrl(context.config),
  });
  if (!result.ok) {
    if (result.error === 'venue_not_found') throw new Response('Not Found', { status: 404 });
    if (result.error === 'duplicate') {
      // Sent twice (a double click, a second tab): the first is on its way; nothing more is filed.
      return data(
        {
          fields: {} as Record<string, string>,
          formError: null,
          body,
          duplicate: result.reportId ? `/info-reports#report-${result.reportId}` : '/info-reports',
        },
        { status: 409 },
      );
    }
    if (result.error === 'booking_not_found') {
      // Another school's booking and one that does not exist get the same answer: neither is theirs to report on.
      return data(
        {
          fields: { bookingId: t('infoReport.error.visitNotFound') } as Record<string, string>,
          formError: null,
          body,
        },
        { status: 404 },
      );
    }
    return data(
      { fields: {} as Record<string, string>, formError: t('infoReport.noVisit'), body },
      { status: 403 },
    );
  }
  return redirect(`/info-reports?filed=1#report-${result.reportId}`);
}

export default function ReportIssue() {
  const venue = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const chosen = params.get('booking') ?? venue.visits[0]?.id;
  const duplicate = actionData && 'duplicate' in actionData ? String(actionData.duplicate) : null;
  return (
    <div style={{ maxWidth: 720 }}>
      <PageHeader
        title={t('infoReport.formTitle', { venue: venue.name })}
        lead={t('infoReport.formLead')}
        actions={<Link to={`/venues/${venue.slug}`}>{t('common.back')}</Link>}
      />
      <Card>
        {venue.visits.length === 0 ? (
          <Alert tone="info">{t('infoReport.noVisit')}</Alert>
        ) : (
          <Form method="post" className="form" noValidate>
            {actionData?.formError ? <Alert tone="bad">{actionData.formError}</Alert> : null}
            {duplicate ? (
              <Alert tone="info">
                {t('infoReport.duplicate')} <Link to={duplicate}>{t('infoReport.duplicateLink')}</Link>
              </Alert>
            ) : null}
            <Honeypot />
            <SelectField
              label={t('infoReport.visit')}
              name="bookingId"
              defaultValue={chosen}
              error={actionData?.fields.bookingId}
              options={venue.visits.map((v) => ({
                value: v.id,
                label: t(v.pupils === 1 ? 'infoReport.visitOptionOne' : 'infoReport.visitOption', {
                  date: format.date(v.startsAt),
                  pupils: v.pupils,
                }),
              }))}
            />
            <TextArea
              label={t('infoReport.body')}
              name="body"
              rows={6}
              required
              maxLength={INFO_REPORT_MAX}
              hint={t('infoReport.bodyHint')}
              defaultValue={actionData?.body}
              error={actionData?.fields.body}
            />
            <Button size="large" disabled={navigation.state === 'submitting'}>
              {t('infoReport.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
