import type { LoaderFunctionArgs } from '@remix-run/node';
import { searchVenues } from '#app/domain/catalogue/discovery.server.ts';
import { paramsOf, VenueQuerySchema } from '#app/domain/catalogue/discovery-schemas.ts';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import { apiError, apiT, getApiUser, parseApiInput } from '#app/utils/api.server.ts';

/**
 * GET /api/v1/venues — public catalogue search: `{ items, total, facets, tookMs }`. A signed-in teacher (bearer
 * token) gets distances from their school when no `near` is given. A bad parameter answers 400 `{ error, fields }`.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = parseApiInput(request, VenueQuerySchema, paramsOf(new URL(request.url)));
  const user = await getApiUser(request, context);
  const school = user ? await schoolOf(context.db, user) : null;
  const origin = school?.lat != null && school.lng != null ? { lat: school.lat, lng: school.lng } : null;
  if (query.sort === 'distance' && !query.near && !origin) {
    const t = apiT(request);
    throw apiError(400, 'invalid_request', t('api.invalidRequest'), {
      near: t('search.error.distanceNeedsNear'),
    });
  }
  const t = apiT(request);
  const result = await searchVenues(context.db, t, query, {
    now: context.clock.now(),
    origin,
    priority: Boolean(school?.isPriority),
  });
  return Response.json(
    {
      items: result.items,
      total: result.total,
      facets: result.facets,
      tookMs: result.tookMs,
      page: result.page,
      pageSize: result.pageSize,
      complete: result.complete,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
