import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildCalendar, calendarResponse, feedNotFound } from '#app/domain/calendar/ics.server.ts';
import { tripEvent, tripFeed } from '#app/domain/calendar/trips.server.ts';
import { listSchoolTalks } from '#app/domain/speakers/invitations.server.ts';
import { getT } from '#app/i18n/index.ts';
import { feedLocale } from '#app/utils/i18n.server.ts';
import { DAY } from '#app/utils/time.ts';

/**
 * The school's subscribable calendar of confirmed field trips and arranged talks. The secret in the address is the only key (calendar
 * apps send no cookie, so the language comes in the address too); it is 64 hex characters, and server/app.ts masks such segments in the logs.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? '').replace(/\.ics$/, '');
  const now = context.clock.now();
  const feed = await tripFeed(context.db, 'school', token, now);
  if (!feed) throw feedNotFound(request);
  const t = getT(feedLocale(request));
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  // The school's talks and outreach visits too, as its calendar page shows them beside the trips (from 90 days back,
  // as the trips, to as far ahead as one can be arranged).
  const talks = await listSchoolTalks(
    context.db,
    feed.id,
    { from: new Date(now.getTime() - 90 * DAY), to: new Date(now.getTime() + 3 * 365 * DAY) },
    t,
    origin,
  );
  return calendarResponse(
    buildCalendar(
      t('calendar.feed.school', { school: feed.name }),
      [
        ...feed.trips.map((trip) => tripEvent(trip, t, origin)),
        ...talks.map(({ invitationStatus: _s, ...event }) => event),
      ],
      now,
    ),
    'school-trips.ics',
  );
}
