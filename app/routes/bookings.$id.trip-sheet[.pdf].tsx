import type { LoaderFunctionArgs } from '@remix-run/node';
import { renderTripSheet, tripSheetFor } from '#app/domain/trip-sheet/trip-sheet.server.ts';
import { requireUser } from '#app/utils/auth.server.ts';
import { getLocale, getServerT } from '#app/utils/i18n.server.ts';
import { fileUnavailable, homeLink } from '#app/utils/short-page.server.ts';

/** The printable trip sheet of a confirmed booking (PDF), for the school's staff and the venue's operators. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [sheet, t, locale] = await Promise.all([
    tripSheetFor(context.db, user, params.id ?? ''),
    getServerT(request),
    getLocale(request),
  ]);
  if (!sheet) {
    throw fileUnavailable(locale, t, t('calendar.download.unavailable'), homeLink(user.roles));
  }
  const pdf = await renderTripSheet(sheet, t, locale, context.clock.now());
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="trip-sheet-${sheet.startsAt.toISOString().slice(0, 10)}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
