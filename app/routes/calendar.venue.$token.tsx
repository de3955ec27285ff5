import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildCalendar, calendarResponse, feedNotFound } from '#app/domain/calendar/ics.server.ts';
import { tripEvent, tripFeed } from '#app/domain/calendar/trips.server.ts';
import { getT } from '#app/i18n/index.ts';
import { feedLocale } from '#app/utils/i18n.server.ts';

/**
 * The venue's subscribable calendar of confirmed field trips. The secret in the address is the only key (calendar
 * apps send no cookie, so the language comes in the address too); it is 64 hex characters, and server/app.ts masks such segments in the logs.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? '').replace(/\.ics$/, '');
  const now = context.clock.now();
  const feed = await tripFeed(context.db, 'venue', token, now);
  if (!feed) throw feedNotFound(request);
  const t = getT(feedLocale(request));
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  return calendarResponse(
    buildCalendar(
      t('calendar.feed.venue', { venue: feed.name }),
      feed.trips.map((trip) => tripEvent(trip, t, origin)),
      now,
    ),
    'venue-trips.ics',
  );
}
