import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import {
  Form,
  Link,
  type ShouldRevalidateFunction,
  useActionData,
  useLoaderData,
  useSearchParams,
} from '@remix-run/react';
import { StepDone } from '#app/components/bookings.tsx';
import { Alert, Button, Card, CheckboxField, EmptyState, PageHeader, TextArea } from '#app/components/ui.tsx';
import { answerBookingForm } from '#app/domain/bookings/forms.server.ts';
import { groupText } from '#app/domain/bookings/messages.ts';
import { bookingDetail, schoolApprovals } from '#app/domain/bookings/views.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** A request answered meanwhile (another tab, another school admin) leaves the list once the refusal says so. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate;

/** The school admin's approvals: trip requests of the school's teachers, the most urgent deadline first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'approve:booking:own-school');
  const t = await getServerT(request);
  const now = context.clock.now();
  // The request just answered (`?trip=` after the redirect), named in the note that says what was done with it.
  const tripId = new URL(request.url).searchParams.get('trip');
  const answered = tripId ? await bookingDetail(context.db, user, tripId, now) : null;
  return {
    pageTitle: `${t('bookings.school.approvalsTitle')} · ${t('site.name')}`,
    approvals: await schoolApprovals(context.db, user, now),
    answered: answered
      ? { title: answered.title, venueName: answered.venueName, startsAt: answered.startsAt.toISOString() }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'approve:booking:own-school');
  const t = await getServerT(request);
  const form = await request.formData();
  const id = String(form.get('bookingId') ?? '');
  const meta = {
    now: context.clock.now(),
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const result = await answerBookingForm(context.db, user, id, form, meta, t);
  if (result.ok)
    return redirect(`/school/approvals?${new URLSearchParams({ done: result.intent, trip: id })}`);
  return data({ ...result, bookingId: id }, { status: result.status });
}

export default function Approvals() {
  const { approvals, answered } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const declined = (id: string) =>
    answer && !answer.ok && answer.bookingId === id && answer.intent === 'decline' ? answer : undefined;
  const declineError = (id: string, field: 'reason' | 'confirm' = 'reason') => declined(id)?.fields[field];
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const done = params.get('done');
  return (
    <>
      <PageHeader
        title={t('bookings.school.approvalsTitle')}
        lead={t('bookings.school.approvalsIntro')}
        actions={<Link to="/school/calendar">{t('bookings.nav.calendar')}</Link>}
      />
      {answered && (done === 'approve' || done === 'decline') && !answer ? (
        // Which trip, and what happens to it now: the list no longer shows it.
        <Alert tone="good">
          {t(done === 'approve' ? 'bookings.school.doneApprove' : 'bookings.school.doneDecline', {
            title: answered.title,
            venue: answered.venueName,
            when: format.dateTime(answered.startsAt),
          })}
        </Alert>
      ) : (
        <StepDone done={done} answered={answer !== undefined} />
      )}
      {answer && !answer.ok && answer.fields._form ? <Alert tone="bad">{answer.fields._form}</Alert> : null}
      {approvals.warnings.map((w) => (
        <Alert key={w.schoolId} tone="warn">
          {t('bookings.school.warning', { count: w.count })}
        </Alert>
      ))}
      {approvals.pending.length === 0 ? (
        <Card>
          <EmptyState title={t('bookings.school.approvalsEmpty')} />
        </Card>
      ) : (
        <ul className="trip-rows">
          {approvals.pending.map((row) => {
            // Each row's buttons say which request they answer, for screen readers (hidden on screen).
            const which = (
              <span className="visually-hidden">
                {t('common.actsOn', {
                  what: `${row.title} · ${format.dateTime(row.startsAt)} · ${row.teacherName}`,
                })}
              </span>
            );
            return (
              <li key={row.id}>
                <div>
                  <Link to={`/trips/${row.id}`} className="row-title">
                    {row.title}
                  </Link>
                  <span className="muted"> · {row.venueName}</span>
                </div>
                <div className="muted">
                  {format.dateTime(row.startsAt)} · {row.teacherName} · {groupText(t, row)}
                  {row.holdUntil
                    ? ` · ${t('bookings.console.deadline')} ${format.dateTime(row.holdUntil)}`
                    : ''}
                </div>
                {row.pupilsWithDisabilities > 0 || row.leftBehindPupils > 0 || row.notes ? (
                  <div className="muted">
                    {[
                      row.pupilsWithDisabilities > 0
                        ? t('common.labelled', {
                            label: t('bookings.detail.disabilities'),
                            value: format.number(row.pupilsWithDisabilities),
                          })
                        : null,
                      row.leftBehindPupils > 0
                        ? t('common.labelled', {
                            label: t('bookings.detail.leftBehind'),
                            value: format.number(row.leftBehindPupils),
                          })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                    {/* The notes as the teacher wrote them, line by line. */}
                    {row.notes ? (
                      <span className="block-text">
                        {t('common.labelled', { label: t('bookings.detail.notes'), value: row.notes })}
                      </span>
                    ) : null}
                  </div>
                ) : null}
                {/* Approving is one button; declining opens its own fold with the reason, so that a reason is never
                  typed beside 同意 and dropped. */}
                <div className="approval-actions">
                  <Form method="post">
                    <input type="hidden" name="bookingId" value={row.id} />
                    <input type="hidden" name="intent" value="approve" />
                    <Button>
                      {t('bookings.action.approve')}
                      {which}
                    </Button>
                  </Form>
                  <details
                    className="fold"
                    open={declineError(row.id) || declineError(row.id, 'confirm') ? true : undefined}
                  >
                    <summary>
                      {t('bookings.school.declineFold')}
                      {which}
                    </summary>
                    <Form method="post" className="fold-body form">
                      <input type="hidden" name="bookingId" value={row.id} />
                      <input type="hidden" name="intent" value="decline" />
                      <TextArea
                        label={t('bookings.school.declineReason')}
                        name="reason"
                        id={`reason-${row.id}`}
                        required
                        rows={2}
                        maxLength={500}
                        // Kept after a refusal (the box not ticked), also on a page drawn without JavaScript.
                        defaultValue={declined(row.id)?.values?.reason}
                        error={declineError(row.id)}
                      />
                      <CheckboxField
                        id={`decline-confirm-${row.id}`}
                        label={t('bookings.decline.confirm')}
                        name="confirm"
                        value="yes"
                        error={declineError(row.id, 'confirm')}
                      />
                      <Button variant="secondary">
                        {t('bookings.action.decline')}
                        {which}
                      </Button>
                    </Form>
                  </details>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
