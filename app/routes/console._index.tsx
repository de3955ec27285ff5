import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { RenewFeedForm } from '#app/components/calendar-feed.tsx';
import { BarChart } from '#app/components/charts/bar-chart.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import { Alert, Badge, Card, EmptyState, PageHeader, SecretText, Stat } from '#app/components/ui.tsx';
import { mayRenewFeed, RenewConfirmSchema, renewVenueFeed } from '#app/domain/calendar/feeds.server.ts';
import { consoleOverview } from '#app/domain/venues/overview.server.ts';
import { forbidden, requirePermission } from '#app/utils/auth.server.ts';
import { actorFrom } from '#app/utils/console.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';
import { feedAddress, getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { formToObject, parseInput } from '#app/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The operator's venues: status, the month ahead, what waits for the bureau, and the calendar feed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'update:venue:own');
  const t = await getServerT(request);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const locale = await getLocale(request);
  const overview = await consoleOverview(context.db, actorFrom(user, context), context.clock.now());
  return {
    pageTitle: `${t('console.home.title')} · ${t('site.name')}`,
    venues: overview.map(({ venue: { calendarToken, ...venue }, ...rest }) => ({
      ...rest,
      venue,
      feedUrl: feedAddress(`${origin}/calendar/venue/${calendarToken}.ics`, locale),
    })),
  };
}

/** A new calendar address for one of the operator's venues: the old one stops working at once. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, 'update:venue:own');
  const form = formToObject(await request.formData());
  if (form.intent !== 'renew-feed' || typeof form.venueId !== 'string') {
    return data({ error: 'invalid' as const }, { status: 400 });
  }
  if (!mayRenewFeed(user, 'venue', form.venueId))
    throw await forbidden(request, context, user.id, 'update:venue:own');
  const confirmed = parseInput(RenewConfirmSchema, form, await getServerT(request));
  if (!confirmed.ok)
    return data(
      { error: 'unconfirmed' as const, venueId: form.venueId, message: confirmed.fields.confirm },
      400,
    );
  const result = await renewVenueFeed(context.db, user, form.venueId, {
    requestId: context.requestId,
    ip: context.clientIp,
    publicUrl: siteUrl(context.config),
  });
  if (result === 'forbidden') throw await forbidden(request, context, user.id, 'update:venue:own');
  if (result === 'not_found') throw new Response('Not found', { status: 404 });
  return redirect(`/console?renewed=${form.venueId}#feed-${form.venueId}`);
}

const tone = { published: 'good', pending: 'warn', rejected: 'bad', suspended: 'bad' } as const;

export default function ConsoleHome() {
  const { venues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const unconfirmed = actionData && 'venueId' in actionData ? actionData : null;
  const [params] = useSearchParams();
  const renewed = params.get('renewed');
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t('console.home.title')} lead={t('console.home.lead')} />
      {venues.length === 0 ? (
        <Card>
          <EmptyState title={t('console.home.none')}>
            <p>{t('console.home.noneHint')}</p>
          </EmptyState>
        </Card>
      ) : null}
      {venues.map((v) => {
        const q = venues.length > 1 ? `?venue=${v.venue.id}` : '';
        return (
          <section key={v.venue.id} className="section-tight" aria-labelledby={`venue-${v.venue.id}`}>
            <h2 id={`venue-${v.venue.id}`}>
              {v.venue.name}{' '}
              <Badge tone={tone[v.venue.status]}>{t(`console.status.${v.venue.status}`)}</Badge>
            </h2>
            <div className="stats">
              <Stat label={t('console.home.sessionsAhead')} value={format.number(v.sessionsAhead)} />
              <Stat
                label={t('console.home.seatsHeld')}
                value={`${format.number(v.seatsHeld)} / ${format.number(v.capacity)}`}
              />
              <Stat
                label={t('console.home.pendingChanges')}
                value={format.number(v.pendingChanges)}
                to={`/console/profile${q}`}
              />
              <Stat
                label={t('console.home.pendingCommitments')}
                value={format.number(v.pendingCommitments)}
                to={`/console/commitments${q}`}
              />
              <Stat
                label={t('console.home.rating')}
                value={
                  v.feedback.average === null
                    ? '–'
                    : t('console.home.ratingValue', { average: v.feedback.average.toFixed(1) })
                }
                hint={t('console.home.ratingCount', { n: format.number(v.feedback.count) })}
              />
            </div>
            {v.feedback.latest.length ? (
              <Card>
                <h3>{t('console.home.latestFeedback')}</h3>
                <ul className="plain-list">
                  {v.feedback.latest.map((f) => (
                    <li key={`${f.schoolName}-${String(f.at)}`}>
                      <strong>{f.schoolName}</strong> · {t('bookings.feedback.stars', { n: f.rating })} ·{' '}
                      <span className="muted">{format.date(f.at)}</span>
                      <span className="block-text">{f.text}</span>
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            <div className="two-columns">
              <Card>
                <BarChart
                  title={t('console.home.chart')}
                  valueName={t('console.home.held')}
                  format={(n) => format.number(n)}
                  data={v.weeks.map((w) => ({
                    label: t('console.home.week', { date: format.dateShort(`${w.from}T00:00:00+08:00`) }),
                    value: w.held,
                  }))}
                  empty={t('console.home.chartEmpty')}
                />
                <table className="data">
                  <caption className="visually-hidden">{t('console.home.chart')}</caption>
                  <tbody>
                    {v.weeks.map((w) => (
                      <tr key={w.from}>
                        <th scope="row">
                          {t('console.home.week', { date: format.dateShort(`${w.from}T00:00:00+08:00`) })}
                        </th>
                        <td className="num">
                          {format.number(w.held)} / {format.number(w.capacity)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
              <Card>
                <h3>{t('console.home.map')}</h3>
                <p>{v.venue.address}</p>
                <PointsMap
                  label={t('console.home.map')}
                  points={[{ lat: v.venue.lat, lng: v.venue.lng, label: v.venue.name }]}
                />
              </Card>
            </div>
            <Card>
              <h2 className="row-title" id={`feed-${v.venue.id}`}>
                {t('console.home.feed')}
              </h2>
              {renewed === v.venue.id ? <Alert tone="good">{t('calendar.page.renewed')}</Alert> : null}
              <SecretText value={v.feedUrl} />
              <p className="muted small">{t('console.home.feedHint')}</p>
              <RenewFeedForm
                fields={{ venueId: v.venue.id }}
                error={unconfirmed?.venueId === v.venue.id ? unconfirmed.message : undefined}
              />
            </Card>
          </section>
        );
      })}
    </>
  );
}
