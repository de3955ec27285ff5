import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Alert, Badge, Button, Card, EmptyState, PageHeader, TextArea } from '#app/components/ui.tsx';
import { DecisionSchema, decideRequest, listPendingRequests } from '#app/domain/accounts/requests.server.ts';
import { requireBureau } from '#app/utils/bureau.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { useRefusedFieldKeys } from '#app/utils/refused-field.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/**
 * Requests to operate a venue or to speak, from the auditor's region (and below it), with the requester's account
 * contact so the auditor can check who they are.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { scope, user } = await requireBureau(request, context, 'manage:membership:region');
  const t = await getServerT(request);
  return {
    pageTitle: `${t('requests.title')} · ${t('bureau.home.title')}`,
    requests: await listPendingRequests(context.db, scope),
    viewerId: user.id,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireBureau(request, context, 'manage:membership:region');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  // A refused rejection's reason comes back as it was read: trimmed, so one of spaces only comes back empty.
  const typed = typeof form.reason === 'string' ? form.reason.trim() : '';
  const parsed = parseInput(DecisionSchema, form, t);
  if (!parsed.ok) {
    // A reason too long is named at its field; anything else was not sent by this page.
    if (parsed.fields.reason && typeof form.id === 'string') {
      return data(
        { formError: null, failedId: form.id, reason: parsed.fields.reason, typed },
        { status: 400 },
      );
    }
    return data({ formError: t('validation.invalid') }, { status: 400 });
  }
  const result = await decideRequest(context.db, actor, parsed.data, context.clock.now());
  if (result === 'not_found') throw new Response('Not Found', { status: 404 });
  if (result === 'own_request') return data({ formError: t('requests.ownRequest') }, { status: 403 });
  if (result === 'reason_required') {
    return data(
      { formError: null, failedId: parsed.data.id, reason: t('bureau.error.reasonRequired'), typed },
      { status: 400 },
    );
  }
  // Decided meanwhile (by another auditor, an admin, or this auditor's own first click of a double click): back to the
  // list, freshly loaded, saying so. A 4xx answer would leave the stale request on screen with live buttons.
  if (result === 'already_decided') return redirect('/bureau/requests?done=gone');
  return redirect(`/bureau/requests?done=${parsed.data.decision}`);
}

export default function BureauRequests() {
  const { requests, viewerId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const done = params.get('done');
  const busy = useNavigation().state === 'submitting';
  const failed = actionData && 'failedId' in actionData ? actionData.failedId : null;
  const reasonError = actionData && 'reason' in actionData ? actionData.reason : undefined;
  const typed = actionData && 'typed' in actionData ? actionData.typed : undefined;
  const reasonKey = useRefusedFieldKeys(failed);
  return (
    <>
      <PageHeader title={t('requests.title')} lead={t('requests.lead')} />
      {done === 'approve' ? <Alert tone="good">{t('requests.approved')}</Alert> : null}
      {done === 'reject' ? <Alert tone="info">{t('requests.rejected')}</Alert> : null}
      {done === 'gone' ? <Alert tone="info">{t('requests.alreadyDecided')}</Alert> : null}
      {actionData?.formError ? <Alert tone="bad">{actionData.formError}</Alert> : null}
      {requests.length === 0 ? (
        <Card>
          <EmptyState title={t('requests.none')} />
        </Card>
      ) : (
        <ul className="plain-list">
          {requests.map((r) => (
            <li key={r.id}>
              <Card as="div">
                <h2 className="row-title">
                  {r.personName} <Badge tone="info">{t(`role.${r.role}`)}</Badge>
                </h2>
                <p>
                  {r.role === 'venue_operator'
                    ? t('requests.venue', { venue: r.targetName })
                    : t('requests.speaker')}{' '}
                  <span className="muted">{t('requests.asked', { at: format.dateTime(r.createdAt) })}</span>
                </p>
                <p className="muted">
                  {[
                    r.regionName ? placeName({ code: r.regionCode, name: r.regionName }) : null,
                    r.speakerCategory
                      ? t(`speakerCategory.${r.speakerCategory}` as 'speakerCategory.veteran_teacher')
                      : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
                {/* How to reach the person to check who they are: the account's own contact, and its age. */}
                <dl className="facts">
                  <dt>{t('requests.mobile')}</dt>
                  <dd>
                    {r.personMobile ? (
                      <a href={`tel:${r.personMobile}`}>{r.personMobile}</a>
                    ) : (
                      t('common.none')
                    )}
                  </dd>
                  <dt>{t('requests.email')}</dt>
                  <dd>
                    {r.personEmail ? (
                      <a href={`mailto:${r.personEmail}`}>{r.personEmail}</a>
                    ) : (
                      t('common.none')
                    )}
                  </dd>
                  <dt>{t('requests.accountSince')}</dt>
                  <dd>{format.dateTime(r.accountCreatedAt)}</dd>
                </dl>
                {r.role === 'venue_operator' ? (
                  <p className="muted">
                    {r.operators.length
                      ? t('requests.operators', { names: format.list(r.operators) })
                      : t('requests.noOperator')}
                  </p>
                ) : null}
                {r.note ? <blockquote>{r.note}</blockquote> : null}
                {r.previousReason ? (
                  <p className="muted">{t('requests.previousReason', { reason: r.previousReason })}</p>
                ) : null}
                {r.userId === viewerId ? (
                  <p className="muted">{t('requests.ownRequest')}</p>
                ) : (
                  <div className="decide">
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="decision" value="approve" />
                      <Button
                        size="large"
                        disabled={busy}
                        aria-label={t('common.labelled', {
                          label: t('requests.approve'),
                          value: r.personName,
                        })}
                      >
                        {t('requests.approve')}
                      </Button>
                    </Form>
                    <Form method="post" className="decide-reject form" noValidate>
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="decision" value="reject" />
                      <TextArea
                        key={reasonKey(r.id)}
                        label={t('requests.reason')}
                        id={`reason-${r.id}`}
                        name="reason"
                        rows={2}
                        maxLength={500}
                        hint={t('requests.reasonHint')}
                        error={failed === r.id ? reasonError : undefined}
                        defaultValue={failed === r.id ? typed : undefined}
                      />
                      <Button
                        variant="danger"
                        disabled={busy}
                        aria-label={t('common.labelled', {
                          label: t('requests.reject'),
                          value: r.personName,
                        })}
                      >
                        {t('requests.reject')}
                      </Button>
                    </Form>
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
