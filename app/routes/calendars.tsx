import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { RenewFeedForm } from '#app/components/calendar-feed.tsx';
import { Alert, Card, EmptyState, PageHeader, SecretText } from '#app/components/ui.tsx';
import {
  mayRenewFeed,
  mayRenewSomeFeed,
  RenewConfirmSchema,
  renewSchoolFeed,
  renewVenueFeed,
} from '#app/domain/calendar/feeds.server.ts';
import { feedsFor } from '#app/domain/calendar/trips.server.ts';
import { forbidden, requireUser } from '#app/utils/auth.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { feedAddress, getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The secret calendar addresses of the person's schools and venues, to paste into a calendar app. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const feeds = await feedsFor(context.db, user);
  const locale = await getLocale(request);
  return {
    pageTitle: `${t('calendar.page.title')} · ${t('site.name')}`,
    feeds: feeds.map((f) => ({
      kind: f.kind,
      id: f.id,
      name: f.name,
      url: feedAddress(`${origin}/calendar/${f.kind}/${f.token}.ics`, locale),
      mayRenew: f.mayRenew,
    })),
  };
}

const RenewFeedInput = z.object({
  intent: z.literal('renew-feed'),
  kind: z.enum(['school', 'venue']),
  id: z.uuid(),
});

const PERMISSION = 'renew:calendar-feed';

/** A new address for one of the person's feeds (school admins for their school, operators for their venue). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  if (!mayRenewSomeFeed(user)) throw await forbidden(request, context, user.id, PERMISSION);
  const fields = formToObject(await request.formData());
  const t = await getServerT(request);
  // A form that does not say which calendar (no kind, no id, or one that does not exist) renews nothing and says so.
  const unknown = () =>
    data({ error: 'unknown' as const, message: t('calendar.page.renewUnknown') }, { status: 400 });
  const form = RenewFeedInput.safeParse(fields);
  if (!form.success) return unknown();
  const { kind, id } = form.data;
  if (!mayRenewFeed(user, kind, id)) throw await forbidden(request, context, user.id, PERMISSION);
  const confirmed = parseInput(RenewConfirmSchema, fields, t);
  if (!confirmed.ok)
    return data(
      { error: 'unconfirmed' as const, feed: `${kind}-${id}`, message: confirmed.fields.confirm },
      400,
    );
  const meta = { requestId: context.requestId, ip: context.clientIp, publicUrl: siteUrl(context.config) };
  const result =
    kind === 'school'
      ? await renewSchoolFeed(context.db, user, id, meta)
      : await renewVenueFeed(context.db, user, id, meta);
  if (result === 'forbidden') throw await forbidden(request, context, user.id, PERMISSION);
  if (result === 'not_found') return unknown();
  return redirect(`/calendars?renewed=${kind}-${id}#feed-${kind}-${id}`);
}

export default function Calendars() {
  const { feeds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const unconfirmed = actionData && 'feed' in actionData ? actionData : null;
  const unknown = actionData?.error === 'unknown' ? actionData.message : null;
  const [params] = useSearchParams();
  const { t } = useI18n();
  const renewed = params.get('renewed');
  return (
    <>
      <PageHeader title={t('calendar.page.title')} lead={t('calendar.page.lead')} />
      {unknown ? <Alert tone="bad">{unknown}</Alert> : null}
      {renewed && feeds.some((f) => `${f.kind}-${f.id}` === renewed) ? (
        <Alert tone="good">{t('calendar.page.renewed')}</Alert>
      ) : null}
      {feeds.length === 0 ? (
        <Card>
          <EmptyState title={t('calendar.page.none')} />
        </Card>
      ) : (
        feeds.map((feed) => {
          const key = `${feed.kind}-${feed.id}`;
          return (
            <Card key={key}>
              <h2 className="row-title" id={`feed-${key}`}>
                {t(feed.kind === 'school' ? 'calendar.page.school' : 'calendar.page.venue', {
                  name: feed.name,
                })}
              </h2>
              <SecretText value={feed.url} />
              {feed.mayRenew ? (
                <RenewFeedForm
                  fields={{ kind: feed.kind, id: feed.id }}
                  error={unconfirmed?.feed === key ? unconfirmed.message : undefined}
                />
              ) : (
                <p className="muted small">{t('calendar.page.renewAsk')}</p>
              )}
            </Card>
          );
        })
      )}
    </>
  );
}
