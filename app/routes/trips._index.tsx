import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { TripRows } from '#app/components/bookings.tsx';
import { ButtonLink, Card, EmptyState, PageHeader, Stat } from '#app/components/ui.tsx';
import { administeredSchoolIds } from '#app/domain/accounts/roles.ts';
import { tripFigures, upcomingStatuses } from '#app/domain/bookings/trip-figures.server.ts';
import { listTrips } from '#app/domain/bookings/views.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** A teacher's trips (a school admin's: the whole school's), each with its status and who acts next. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'read:booking:own-school');
  const t = await getServerT(request);
  const now = context.clock.now();
  const [trips, figures] = await Promise.all([
    listTrips(context.db, user),
    tripFigures(context.db, user, now),
  ]);
  return {
    pageTitle: `${t('bookings.trips.title')} · ${t('site.name')}`,
    trips: trips.map((trip) => ({ ...trip, started: trip.startsAt <= now })),
    figures,
    upcomingStatuses: [...upcomingStatuses] as string[],
    /** A school admin sees the whole school's trips; a teacher their own. */
    wholeSchool: administeredSchoolIds(user).length > 0,
    now,
  };
}

export default function Trips() {
  const { trips, figures, upcomingStatuses, wholeSchool, now } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const upcoming = trips
    .filter((trip) => upcomingStatuses.includes(trip.status) && new Date(trip.startsAt) > new Date(now))
    .reverse();
  const past = trips.filter((trip) => !upcoming.includes(trip));
  return (
    <>
      <PageHeader
        title={t('bookings.trips.title')}
        lead={t(wholeSchool ? 'bookings.trips.introSchool' : 'bookings.trips.intro')}
        actions={
          <>
            {/* The school's month, trips beside talks: the school admin also reaches it from approvals. */}
            <ButtonLink variant="quiet" to="/school/calendar">
              {t('bookings.nav.calendar')}
            </ButtonLink>
            <ButtonLink to="/trips/new">{t('bookings.trips.find')}</ButtonLink>
          </>
        }
      />
      <div className="stats">
        <Stat value={format.number(figures.upcoming)} label={t('bookings.trips.figureUpcoming')} />
        <Stat value={format.number(figures.attended)} label={t('bookings.trips.figureAttended')} />
        <Stat value={format.number(figures.pupilsAttended)} label={t('bookings.trips.figurePupils')} />
      </div>
      {trips.length === 0 ? (
        <Card>
          <EmptyState title={t('bookings.trips.empty')}>
            <ButtonLink to="/trips/new">{t('bookings.trips.find')}</ButtonLink>
          </EmptyState>
        </Card>
      ) : (
        <>
          {upcoming.length > 0 ? (
            <section className="section-tight" aria-labelledby="trips-upcoming">
              <h2 id="trips-upcoming">{t('bookings.trips.upcoming')}</h2>
              <TripRows rows={upcoming} linkTo={(id) => `/trips/${id}`} showTeacher={wholeSchool} />
            </section>
          ) : null}
          {past.length > 0 ? (
            <section className="section-tight" aria-labelledby="trips-past">
              <h2 id="trips-past">{t('bookings.trips.past')}</h2>
              <TripRows rows={past} linkTo={(id) => `/trips/${id}`} showTeacher={wholeSchool} />
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
