import type { LoaderFunctionArgs } from '@remix-run/node';
import { venueProfile } from '#app/domain/catalogue/discovery.server.ts';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import { apiErrorT, apiT, getApiUser } from '#app/utils/api.server.ts';

/**
 * GET /api/v1/venues/:idOrSlug — a published venue with its programs, commitments in force and next sessions, each
 * with the seats open to the caller's school (a bearer token of a priority school's teacher counts the green channel).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const key = params.idOrSlug ?? '';
  const user = await getApiUser(request, context);
  const school = user ? await schoolOf(context.db, user) : null;
  const profile =
    key.length <= 120
      ? await venueProfile(context.db, apiT(request), key, context.clock.now(), {
          priority: Boolean(school?.isPriority),
        })
      : null;
  if (!profile) throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  const { phone: _phone, lat, lng, ...venue } = profile.venue;
  // A venue whose place is unknown has no point (ADR 018): not the seat it was stored at for want of one.
  const location = venue.locationUnknown ? null : { lat, lng };
  return Response.json({
    ...profile,
    venue: { ...venue, ...location, phone: profile.venue.phone || null, location },
  });
}
