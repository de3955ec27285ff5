import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { Alert, Badge, Button, Card, ConfirmFold, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { latestVettingDay } from '#app/domain/speakers/rules.ts';
import { RevokeVettingSchema, VettingSchema } from '#app/domain/speakers/schemas.ts';
import {
  listSpeakersForVetting,
  revokeVetting,
  setVetting,
  type VettingError,
} from '#app/domain/speakers/speakers.server.ts';
import { getFormatters } from '#app/i18n/index.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The vetting badge: a region's auditor says until when each speaker of the region may be booked. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  const today = shanghaiDay(context.clock.now());
  return {
    pageTitle: `${t('speakers.vetting.title')} · ${t('site.name')}`,
    speakers: await listSpeakersForVetting(context.db, user),
    today,
    latest: latestVettingDay(today),
  };
}

const STATUS: Record<VettingError, number> = {
  date_past: 400,
  date_too_far: 400,
  forbidden: 403,
  not_found: 404,
};

/** Two actions: setting the day the badge runs until (保存), and withdrawing it, which needs a box ticked. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'verify:catalogue:region');
  const [t, locale] = await Promise.all([getServerT(request), getLocale(request)]);
  const form = formToObject(await request.formData());
  const intent = form.intent === 'revoke' ? 'revoke' : 'set';
  const speakerId = typeof form.speakerId === 'string' ? form.speakerId : '';
  // The date as typed comes back with the refusal: a page drawn without JavaScript keeps it beside the message.
  const typed = typeof form.vettedUntil === 'string' ? form.vettedUntil.slice(0, 20) : undefined;
  const fail = (message: string, status: number) => data({ speakerId, intent, message, typed }, { status });
  const meta = { now: context.clock.now(), requestId: context.requestId, ip: context.clientIp };
  const latest = getFormatters(locale).date(latestVettingDay(shanghaiDay(meta.now)));
  const parsed =
    intent === 'revoke' ? parseInput(RevokeVettingSchema, form, t) : parseInput(VettingSchema, form, t);
  if (!parsed.ok) return fail(Object.values(parsed.fields)[0] ?? '', 400);
  const result =
    'vettedUntil' in parsed.data
      ? await setVetting(context.db, user, parsed.data.speakerId, parsed.data.vettedUntil, meta)
      : await revokeVetting(context.db, user, parsed.data.speakerId, meta);
  if (!result.ok)
    return fail(t(`speakers.vetting.error.${result.error}`, { date: latest }), STATUS[result.error]);
  const done = intent === 'revoke' ? 'revoked' : 'saved';
  return redirect(`/speakers/vetting?${done}=${parsed.data.speakerId}#s-${parsed.data.speakerId}`);
}

export default function Vetting() {
  const { speakers, today, latest } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const expiring = speakers.filter((s) => s.vettedUntil !== null && s.vettedUntil >= today);
  const revoked = speakers.find((s) => s.id === params.get('revoked'));
  return (
    <>
      <PageHeader
        title={t('speakers.vetting.title')}
        lead={t('speakers.vetting.lead', { valid: expiring.length, total: speakers.length })}
      />
      <p className="muted">{t('speakers.vetting.rules', { date: format.date(latest) })}</p>
      {params.get('saved') && !actionData ? <Alert tone="good">{t('speakers.vetting.saved')}</Alert> : null}
      {revoked && !actionData ? (
        <Alert tone="good">{t('speakers.vetting.revoked', { name: revoked.displayName })}</Alert>
      ) : null}
      {speakers.length === 0 ? (
        <Card>
          <EmptyState title={t('speakers.vetting.empty')} />
        </Card>
      ) : (
        <div className="table-wrap">
          <table className="data vetting">
            <thead>
              <tr>
                <th scope="col">{t('speakers.vetting.speaker')}</th>
                <th scope="col">{t('speakers.vetting.region')}</th>
                <th scope="col">{t('speakers.vetting.badge')}</th>
                <th scope="col">{t('speakers.vetting.change')}</th>
              </tr>
            </thead>
            <tbody>
              {speakers.map((speaker) => {
                const mine = actionData?.speakerId === speaker.id ? actionData : null;
                const setError = mine?.intent === 'set' ? mine.message : undefined;
                return (
                  <tr key={speaker.id} id={`s-${speaker.id}`}>
                    <td>
                      {speaker.displayName}
                      <div className="muted">
                        {t(`speakerCategory.${speaker.category}`)} {speaker.title}
                      </div>
                    </td>
                    <td>{placeName({ code: speaker.regionCode, name: speaker.regionName })}</td>
                    <td>
                      {speaker.vettedUntil === null ? (
                        <Badge tone="warn">{t('speakers.vetting.none')}</Badge>
                      ) : speaker.vettedUntil < today ? (
                        <Badge tone="bad">
                          {t('speakers.vetting.expired', { date: format.date(speaker.vettedUntil) })}
                        </Badge>
                      ) : (
                        <Badge tone="good">
                          {t('speakers.vetting.until', { date: format.date(speaker.vettedUntil) })}
                        </Badge>
                      )}
                    </td>
                    <td>
                      {/* noValidate: the server's message beside the date, in the page's language. */}
                      <Form method="post" className="inline-form" noValidate>
                        <input type="hidden" name="intent" value="set" />
                        <input type="hidden" name="speakerId" value={speaker.id} />
                        <label className="visually-hidden" htmlFor={`v-${speaker.id}`}>
                          {t('common.labelled', {
                            label: t('speakers.vetting.change'),
                            value: speaker.displayName,
                          })}
                        </label>
                        <input
                          id={`v-${speaker.id}`}
                          type="date"
                          name="vettedUntil"
                          min={today}
                          max={latest}
                          required
                          defaultValue={setError ? (mine?.typed ?? '') : (speaker.vettedUntil ?? '')}
                          aria-invalid={setError ? true : undefined}
                          aria-describedby={setError ? `v-${speaker.id}-error` : undefined}
                        />
                        <Button variant="secondary">{t('common.save')}</Button>
                        {setError ? (
                          <span className="field-error" id={`v-${speaker.id}-error`}>
                            {setError}
                          </span>
                        ) : null}
                      </Form>
                      {speaker.vettedUntil !== null && speaker.vettedUntil >= today ? (
                        <ConfirmFold
                          className="vetting-revoke"
                          summary={t('speakers.vetting.revoke')}
                          lead={t('speakers.vetting.revokeLead', { name: speaker.displayName })}
                          confirmId={`revoke-${speaker.id}`}
                          confirmLabel={t('speakers.vetting.revokeConfirm', { name: speaker.displayName })}
                          submit={t('speakers.vetting.revoke')}
                          fields={{ intent: 'revoke', speakerId: speaker.id }}
                          error={mine?.intent === 'revoke' ? mine.message : undefined}
                          busy={navigation.state === 'submitting'}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
