import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildCalendar, calendarResponse } from '#app/domain/calendar/ics.server.ts';
import { bookingCalendarEvent } from '#app/domain/calendar/trips.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getServerT } from '#app/utils/i18n.server.ts';

/** A confirmed field trip as a calendar file, for the school's staff and the venue's operators. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await getServerT(request);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const event = await bookingCalendarEvent(context.db, user, params.id ?? '', t, origin);
  if (!event) {
    throw new Response(t('calendar.download.unavailable'), {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return calendarResponse(buildCalendar(event.summary, [event], context.clock.now()), 'field-trip.ics');
}
