import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { gradeList } from '#app/components/invitations.tsx';
import { PointsMap } from '#app/components/points-map.tsx';
import { ButtonLink, Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { bookableSessions } from '#app/domain/bookings/views.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** Sessions that take requests now, the teacher's own 盟市 first, with a map of their venues. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'create:booking:own-school');
  const t = await getServerT(request);
  return {
    pageTitle: `${t('bookings.new.title')} · ${t('site.name')}`,
    sessions: await bookableSessions(context.db, user, context.clock.now()),
  };
}

export default function NewTrip() {
  const { sessions } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const points = new Map<string, { lat: number; lng: number; label: string; count: number }>();
  for (const s of sessions) {
    const key = `${s.lat},${s.lng},${s.venueName}`;
    const point = points.get(key) ?? { lat: s.lat, lng: s.lng, label: s.venueName, count: 0 };
    point.count++;
    points.set(key, point);
  }
  return (
    <>
      <PageHeader title={t('bookings.new.title')} lead={t('bookings.new.intro')} />
      {sessions.length === 0 ? (
        <Card>
          <EmptyState title={t('bookings.new.empty')} />
        </Card>
      ) : (
        <>
          <PointsMap label={t('bookings.new.map')} points={[...points.values()]} />
          <ul className="trip-rows">
            {sessions.map((s) => (
              <li key={s.id}>
                <div>
                  <Link to={`/sessions/${s.id}/book`} className="row-title">
                    {s.title}
                  </Link>
                  <span className="muted"> · {s.venueName}</span>
                </div>
                <div className="muted">
                  {format.dateTime(s.startsAt)} ·{' '}
                  {t('bookings.new.seats', { left: s.seatsOpen, capacity: s.capacity })} ·{' '}
                  {gradeList(s.grades, { t, format })}
                </div>
                <div>
                  <ButtonLink to={`/sessions/${s.id}/book`} variant="secondary">
                    {t('bookings.new.book')}
                  </ButtonLink>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
