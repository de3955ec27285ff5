import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { TripRows } from '#app/components/bookings.tsx';
import { BarChart } from '#app/components/charts/bar-chart.tsx';
import { distinctLabels } from '#app/components/charts/labels.ts';
import { Card, EmptyState, PageHeader, Stat } from '#app/components/ui.tsx';
import { venueInbox } from '#app/domain/bookings/views.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The venue operator's inbox: requests by deadline, coming visits, visits to record, and how full sessions are. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'decide:booking:own-venue');
  const t = await getServerT(request);
  return {
    pageTitle: `${t('bookings.console.title')} · ${t('site.name')}`,
    inbox: await venueInbox(context.db, user, context.clock.now()),
  };
}

export default function BookingInbox() {
  const { inbox } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader title={t('bookings.console.title')} lead={t('bookings.console.intro')} />
      <div className="stats">
        <Stat value={format.number(inbox.pending.length)} label={t('bookings.console.pending')} />
        <Stat value={format.number(inbox.upcoming.length)} label={t('bookings.console.upcoming')} />
        <Stat value={format.number(inbox.toRecord.length)} label={t('bookings.console.toRecord')} />
      </div>
      <section className="section-tight" aria-labelledby="inbox-pending">
        <h2 id="inbox-pending">{t('bookings.console.pending')}</h2>
        {inbox.pending.length === 0 ? (
          <Card>
            <EmptyState title={t('bookings.console.pendingEmpty')} />
          </Card>
        ) : (
          <TripRows rows={inbox.pending} linkTo={(id) => `/console/bookings/${id}`} showSchool />
        )}
      </section>
      <section className="section-tight" aria-labelledby="inbox-record">
        <h2 id="inbox-record">{t('bookings.console.toRecord')}</h2>
        {inbox.toRecord.length === 0 ? (
          <Card>
            <EmptyState title={t('bookings.console.toRecordEmpty')} />
          </Card>
        ) : (
          <TripRows rows={inbox.toRecord} linkTo={(id) => `/console/bookings/${id}`} showSchool />
        )}
      </section>
      <section className="section-tight" aria-labelledby="inbox-upcoming">
        <h2 id="inbox-upcoming">{t('bookings.console.upcoming')}</h2>
        {inbox.upcoming.length === 0 ? (
          <Card>
            <EmptyState title={t('bookings.console.upcomingEmpty')} />
          </Card>
        ) : (
          <TripRows rows={inbox.upcoming} linkTo={(id) => `/console/bookings/${id}`} showSchool />
        )}
      </section>
      {inbox.waiting.length > 0 ? (
        <section className="section-tight" aria-labelledby="inbox-waiting">
          <h2 id="inbox-waiting">{t('bookings.console.waiting')}</h2>
          <p className="muted">{t('bookings.console.waitingLead')}</p>
          <TripRows rows={inbox.waiting} linkTo={(id) => `/console/bookings/${id}`} showSchool />
        </section>
      ) : null}
      <section className="section-tight" aria-labelledby="inbox-recorded">
        <h2 id="inbox-recorded">{t('bookings.console.recorded', { days: inbox.recordedDays })}</h2>
        {inbox.recorded.length === 0 ? (
          <Card>
            <EmptyState title={t('bookings.console.recordedEmpty')} />
          </Card>
        ) : (
          <TripRows rows={inbox.recorded} linkTo={(id) => `/console/bookings/${id}`} showSchool />
        )}
      </section>
      {inbox.load.length > 0 ? (
        <section className="section-tight" aria-labelledby="inbox-load">
          <h2 id="inbox-load">{t('bookings.console.chart')}</h2>
          <BarChart
            labelledBy="inbox-load"
            valueName={t('bookings.console.chartHeld')}
            format={(v) => `${Math.round(v)}%`}
            max={100}
            data={distinctLabels(
              inbox.load.map((s) => ({
                label: `${format.dateShort(s.startsAt, inbox.today)} ${format.time(s.startsAt)}`,
                detail: s.title,
              })),
            ).map((label, i) => {
              const s = inbox.load[i] as (typeof inbox.load)[number];
              return { label, value: Math.round((s.seatsHeld / s.capacity) * 100) };
            })}
          />
          <div className="table-wrap">
            {/* On a phone each session is a card: its name (the link to its groups) as heading, the figures under it. */}
            <table className="data stacked">
              <thead>
                <tr>
                  <th scope="col">{t('bookings.console.session')}</th>
                  <th scope="col">{t('bookings.trips.when')}</th>
                  <th scope="col" className="num">
                    {t('bookings.console.chartHeld')}
                  </th>
                  <th scope="col" className="num">
                    {t('bookings.console.chartLeft')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {inbox.load.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link
                        to={`/console/bookings/sessions/${s.id}`}
                        aria-label={`${s.title} · ${t('bookings.console.groups')}`}
                      >
                        {s.title}
                      </Link>
                    </th>
                    <td data-label={t('bookings.trips.when')}>{format.dateTime(s.startsAt)}</td>
                    <td className="num" data-label={t('bookings.console.chartHeld')}>
                      {format.number(s.seatsHeld)} / {format.number(s.capacity)}
                    </td>
                    <td className="num" data-label={t('bookings.console.chartLeft')}>
                      {format.number(s.seatsLeft)}
                      {/* Not every seat left is open to any school yet: the green channel's, said apart. */}
                      {s.heldBack ? (
                        <div className="muted">
                          {t('bookings.seats.heldBack', {
                            seats: format.number(s.heldBack.seats),
                            release: format.dateTime(s.heldBack.releaseAt),
                          })}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
