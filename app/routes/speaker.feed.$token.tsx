import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildCalendar, calendarResponse, feedNotFound } from '#app/domain/calendar/ics.server.ts';
import { speakerCalendarEvents } from '#app/domain/speakers/invitations.server.ts';
import { speakerByCalendarToken } from '#app/domain/speakers/speakers.server.ts';
import { getT } from '#app/i18n/index.ts';
import { feedLocale } from '#app/utils/i18n.server.ts';

/**
 * A speaker's subscribable calendar: the secret in the address is the only key (calendar apps send no cookie, so the language comes in the address too), so it
 * is long, rotatable from /speaker, and never written to the logs (server/app.ts masks it).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? '').replace(/\.ics$/, '');
  const speaker = await speakerByCalendarToken(context.db, token);
  if (!speaker) throw feedNotFound(request);
  const t = getT(feedLocale(request));
  const now = context.clock.now();
  const origin = context.config.publicUrl ?? new URL(request.url).origin;
  const events = await speakerCalendarEvents(context.db, speaker.id, now, t, origin);
  return calendarResponse(
    buildCalendar(t('speakers.feed.name', { name: speaker.displayName }), events, now),
    'speaker.ics',
  );
}
