import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { BookingStatusBadge } from '#app/components/bookings.tsx';
import { InvitationStatusBadge } from '#app/components/invitations.tsx';
import { Badge, Card, EmptyState, IgnoredFilters, PageHeader } from '#app/components/ui.tsx';
import { memberSchoolIds } from '#app/domain/accounts/roles.ts';
import { schoolTrips } from '#app/domain/bookings/views.server.ts';
import { listSchoolTalks } from '#app/domain/speakers/invitations.server.ts';
import { requirePermission } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';
import { useI18n } from '#app/utils/i18n.tsx';
import { pageTitle } from '#app/utils/meta.ts';
import { hasPermission } from '#app/utils/permissions.ts';
import { shanghaiDay, shanghaiParts, shanghaiTime } from '#app/utils/time.ts';

export const meta: MetaFunction<typeof loader> = (args) => [{ title: pageTitle(args) }];

/** The months the calendar shows: `?month=` outside them is refused, and the paging links stop at them. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** `2026-09` → its year and month; null for anything else, a 13th month or a year outside 2000–2100. */
function parseMonth(text: string): { year: number; month: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return null;
  return { year, month };
}

/** The school's month: its trips beside its talks and outreach visits (issue 6), day by day. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, 'read:booking:own-school');
  const t = await getServerT(request);
  const url = new URL(request.url);
  const now = shanghaiParts(context.clock.now());
  const asked = url.searchParams.get('month') || null;
  const chosen = asked ? parseMonth(asked) : null;
  const year = chosen?.year ?? now.year;
  const month = chosen?.month ?? now.month;
  // A month that does not parse is named and the current one shown, as /search does with a bad filter.
  const ignored =
    asked && !chosen
      ? [
          {
            field: 'month',
            label: t('bookings.school.monthParam'),
            message: t('bookings.school.monthInvalid'),
          },
        ]
      : [];
  const from = shanghaiTime(year, month, 1);
  const to = shanghaiTime(year, month + 1, 1);
  const schoolId = memberSchoolIds(user)[0];
  const [trips, talks] = schoolId
    ? await Promise.all([
        schoolTrips(context.db, schoolId, { from, to }),
        listSchoolTalks(context.db, schoolId, { from, to }, t, context.config.publicUrl),
      ])
    : [[], []];
  const entries = [
    ...trips.map((trip) => ({
      kind: 'trip' as const,
      id: trip.id,
      startsAt: trip.startsAt,
      endsAt: trip.endsAt,
      title: trip.title,
      where: trip.venueName,
      status: trip.status,
      needsSchoolApproval: trip.needsSchoolApproval,
      invitationStatus: null,
      link: `/trips/${trip.id}`,
    })),
    ...talks.map((talk) => ({
      kind: 'talk' as const,
      id: talk.uid,
      startsAt: talk.startsAt,
      endsAt: talk.endsAt,
      title: talk.summary,
      where: talk.location ?? '',
      status: null,
      needsSchoolApproval: false,
      invitationStatus: talk.invitationStatus,
      link: talk.url?.replace(/^https?:\/\/[^/]+/, '') ?? null,
    })),
  ].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  // No link past January 2000 or December 2100: that month would be refused.
  const shift = (delta: number) => {
    const d = new Date(Date.UTC(year, month - 1 + delta, 1));
    const shifted = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
    if (shifted.year < FIRST_YEAR || shifted.year > LAST_YEAR) return null;
    return { ...shifted, param: `${shifted.year}-${String(shifted.month).padStart(2, '0')}` };
  };
  return {
    pageTitle: `${t('bookings.school.calendarTitle')} · ${t('site.name')}`,
    year,
    month,
    // A request waiting in the school's own queue links there for the person who answers it.
    mayApprove: hasPermission(user, 'approve:booking:own-school'),
    ignored,
    previous: shift(-1),
    next: shift(1),
    days: Object.entries(
      entries.reduce<Record<string, typeof entries>>((acc, e) => {
        const key = shanghaiDay(e.startsAt);
        acc[key] = [...(acc[key] ?? []), e];
        return acc;
      }, {}),
    ),
  };
}

export default function SchoolCalendar() {
  const { year, month, mayApprove, ignored, previous, next, days } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  return (
    <>
      <PageHeader
        title={t('bookings.school.calendarTitle')}
        lead={t('bookings.school.calendarIntro')}
        actions={
          <>
            {previous ? (
              <Link
                to={`?month=${previous.param}`}
                aria-label={t('bookings.school.previousMonth', {
                  month: format.monthOfYear(previous.year, previous.month),
                })}
              >
                <span aria-hidden="true">‹</span> {format.monthOfYear(previous.year, previous.month)}
              </Link>
            ) : null}
            <strong>{format.monthOfYear(year, month)}</strong>
            {next ? (
              <Link
                to={`?month=${next.param}`}
                aria-label={t('bookings.school.nextMonth', {
                  month: format.monthOfYear(next.year, next.month),
                })}
              >
                {format.monthOfYear(next.year, next.month)} <span aria-hidden="true">›</span>
              </Link>
            ) : null}
            <Link to="/calendars">{t('calendar.page.subscribe')}</Link>
          </>
        }
      />
      <IgnoredFilters ignored={ignored} />
      {days.length === 0 ? (
        <Card>
          <EmptyState title={t('bookings.school.calendarEmpty')} />
        </Card>
      ) : (
        days.map(([day, entries]) => (
          <section key={day} className="section-tight" aria-labelledby={`d-${day}`}>
            <h2 id={`d-${day}`}>{format.date(`${day}T12:00:00+08:00`)}</h2>
            <ul className="trip-rows">
              {entries.map((e) => (
                <li key={e.id}>
                  <div>
                    <Badge tone={e.kind === 'trip' ? 'info' : 'neutral'}>
                      {t(e.kind === 'trip' ? 'bookings.school.kindTrip' : 'bookings.school.kindTalk')}
                    </Badge>{' '}
                    {e.link ? (
                      <Link to={e.link} className="row-title">
                        {e.title}
                      </Link>
                    ) : (
                      <span className="row-title">{e.title}</span>
                    )}
                  </div>
                  <div className="muted">
                    {format.time(e.startsAt)}–{format.time(e.endsAt)}
                    {e.where ? ` · ${e.where}` : ''}
                  </div>
                  {/* In a block of its own so that the badge stays a small tag instead of a grid-wide bar. */}
                  <div>
                    {e.status ? (
                      <>
                        <BookingStatusBadge status={e.status} needsSchoolApproval={e.needsSchoolApproval} />
                        {mayApprove && e.status === 'requested' && e.needsSchoolApproval ? (
                          <>
                            {' '}
                            <Link to="/school/approvals">{t('bookings.school.toApprovals')}</Link>
                          </>
                        ) : null}
                      </>
                    ) : null}
                    {e.invitationStatus ? <InvitationStatusBadge status={e.invitationStatus} /> : null}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
