import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildCalendar, calendarResponse } from '#app/domain/calendar/ics.server.ts';
import { invitationCalendarEvent } from '#app/domain/speakers/invitations.server.ts';
import { getT } from '#app/i18n/index.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getLocale } from '#app/utils/i18n.server.ts';
import { fileUnavailable, homeLink } from '#app/utils/short-page.server.ts';

/** The engagement as a calendar file, for the two sides of the invitation (no contact details in it). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = await getLocale(request);
  const t = getT(locale);
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const event = await invitationCalendarEvent(context.db, user, params.id ?? '', t, origin);
  if (!event) throw fileUnavailable(locale, t, t('invitation.ics.unavailable'), homeLink(user.roles));
  return calendarResponse(buildCalendar(event.summary, [event], context.clock.now()), 'invitation.ics');
}
