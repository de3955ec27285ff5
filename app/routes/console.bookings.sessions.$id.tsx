import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { BookingStatusBadge } from '#app/components/bookings.tsx';
import { Card, EmptyState, PageHeader } from '#app/components/ui.tsx';
import { holdsSeats } from '#app/domain/bookings/machine.ts';
import { sessionGroups } from '#app/domain/bookings/views.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The groups of one session, counts only (DESIGN.md rule 6): who comes, how many, who waits. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'decide:booking:own-venue');
  const t = await getServerT(request);
  const view = await sessionGroups(context.db, user, params.id ?? '', context.clock.now());
  if (!view) throw new Response(t('error.notFound'), { status: 404 });
  return { pageTitle: `${t('bookings.groups.title', { title: view.title })} · ${t('site.name')}`, view };
}

export default function SessionGroups() {
  const { view } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const { session, seats, groups } = view;
  const active = groups.filter((g) => holdsSeats(g.status) || g.status === 'attended');
  const sum = (pick: (g: (typeof groups)[number]) => number) => active.reduce((n, g) => n + pick(g), 0);
  return (
    <>
      <PageHeader
        title={t('bookings.groups.title', { title: view.title })}
        lead={`${format.dateTime(session.startsAt)} · ${
          seats.heldBack
            ? t('bookings.groups.capacityHeldBack', {
                capacity: seats.capacity,
                held: seats.seatsHeld,
                left: seats.seatsLeft,
                seats: seats.heldBack.seats,
                release: format.dateTime(seats.heldBack.releaseAt),
              })
            : t('bookings.groups.capacity', {
                capacity: seats.capacity,
                held: seats.seatsHeld,
                left: seats.seatsLeft,
              })
        }`}
        actions={<Link to="/console/bookings">{t('common.back')}</Link>}
      />
      <div className="seat-meter" aria-hidden="true">
        <span style={{ width: `${Math.round((session.seatsHeld / session.capacity) * 100)}%` }} />
      </div>
      {seats.green ? (
        <p className="green-seats">
          {t('bookings.groups.greenHeld', { seats: seats.green.seats, held: seats.green.held })}
        </p>
      ) : null}
      {groups.length === 0 ? (
        <Card>
          <EmptyState title={t('bookings.groups.empty')} />
        </Card>
      ) : (
        <>
          <p>
            {t('bookings.groups.totals', {
              pupils: sum((g) => g.pupils),
              chaperones: sum((g) => g.chaperones),
              disabilities: sum((g) => g.pupilsWithDisabilities),
              leftBehind: sum((g) => g.leftBehindPupils),
            })}
          </p>
          <div className="table-wrap">
            {/* On a phone each group is a card: the school as its heading, its counts two by two under their names. */}
            <table className="data stacked">
              <thead>
                <tr>
                  <th scope="col">{t('bookings.console.school')}</th>
                  <th scope="col">{t('bookings.detail.grade')}</th>
                  <th scope="col">{t('bookings.detail.pupils')}</th>
                  <th scope="col">{t('bookings.detail.chaperones')}</th>
                  <th scope="col">{t('bookings.detail.disabilities')}</th>
                  <th scope="col">{t('bookings.detail.leftBehind')}</th>
                  <th scope="col">{t('bookings.trips.status')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">
                      <Link to={`/console/bookings/${g.id}`}>{g.schoolName}</Link>
                    </th>
                    <td data-label={t('bookings.detail.grade')}>{t(`grade.${g.grade}` as 'grade.1')}</td>
                    <td className="num" data-label={t('bookings.detail.pupils')}>
                      {format.number(g.pupils)}
                    </td>
                    <td className="num" data-label={t('bookings.detail.chaperones')}>
                      {format.number(g.chaperones)}
                    </td>
                    <td className="num" data-label={t('bookings.detail.disabilities')}>
                      {format.number(g.pupilsWithDisabilities)}
                    </td>
                    <td className="num" data-label={t('bookings.detail.leftBehind')}>
                      {format.number(g.leftBehindPupils)}
                    </td>
                    <td data-label={t('bookings.trips.status')}>
                      <BookingStatusBadge status={g.status} needsSchoolApproval={g.needsSchoolApproval} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
