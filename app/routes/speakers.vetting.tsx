import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { Alert, Badge, Button, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { VettingSchema } from '#app/domain/speakers/schemas.ts';
import { listSpeakersForVetting, setVetting } from '#app/domain/speakers/speakers.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n, useRegionName } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The vetting badge: a region's auditor says until when each speaker of the region may be booked. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  return {
    pageTitle: `${t('speakers.vetting.title')} · ${t('site.name')}`,
    speakers: await listSpeakersForVetting(context.db, user),
    today: shanghaiDay(context.clock.now()),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'verify:catalogue:region');
  const t = await getServerT(request);
  const form = formToObject(await request.formData());
  const parsed = parseInput(VettingSchema, form, t);
  const speakerId = typeof form.speakerId === 'string' ? form.speakerId : '';
  if (!parsed.ok) return data({ speakerId, message: Object.values(parsed.fields)[0] ?? '' }, { status: 400 });
  const result = await setVetting(context.db, user, parsed.data.speakerId, parsed.data.vettedUntil, {
    now: context.clock.now(),
    requestId: context.requestId,
    ip: context.clientIp,
  });
  if (!result.ok) {
    const status = result.error === 'date_past' ? 400 : result.error === 'forbidden' ? 403 : 404;
    return data({ speakerId, message: t(`speakers.vetting.error.${result.error}`) }, { status });
  }
  return redirect(`/speakers/vetting?saved=${parsed.data.speakerId}#s-${parsed.data.speakerId}`);
}

export default function Vetting() {
  const { speakers, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, format } = useI18n();
  const placeName = useRegionName();
  const expiring = speakers.filter((s) => s.vettedUntil !== null && s.vettedUntil >= today);
  return (
    <>
      <PageHeader
        title={t('speakers.vetting.title')}
        lead={t('speakers.vetting.lead', { valid: expiring.length, total: speakers.length })}
      />
      {params.get('saved') && !actionData ? <Alert tone="good">{t('speakers.vetting.saved')}</Alert> : null}
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
              {speakers.map((speaker) => (
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
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="speakerId" value={speaker.id} />
                      <label className="visually-hidden" htmlFor={`v-${speaker.id}`}>
                        {t('speakers.vetting.until', { date: '' })}
                      </label>
                      <input
                        id={`v-${speaker.id}`}
                        type="date"
                        name="vettedUntil"
                        min={today}
                        defaultValue={speaker.vettedUntil ?? ''}
                      />
                      <Button variant="secondary">{t('common.save')}</Button>
                      {actionData?.speakerId === speaker.id ? (
                        <span className="field-error">{actionData.message}</span>
                      ) : null}
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
