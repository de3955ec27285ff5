import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildCalendar, calendarResponse } from '#app/domain/calendar/ics.server.ts';
import { bookingCalendarEvent } from '#app/domain/calendar/trips.server.ts';
import { getT } from '#app/i18n/index.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getLocale } from '#app/utils/i18n.server.ts';
import { fileUnavailable, homeLink } from '#app/utils/short-page.server.ts';

/** A confirmed field trip as a calendar file, for the school's staff and the venue's operators. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = await getLocale(request);
  const t = getT(locale);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const event = await bookingCalendarEvent(context.db, user, params.id ?? '', t, origin);
  if (!event) {
    throw fileUnavailable(locale, t, t('calendar.download.unavailable'), homeLink(user.roles));
  }
  return calendarResponse(buildCalendar(event.summary, [event], context.clock.now()), 'field-trip.ics');
}
