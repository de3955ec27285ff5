import type { LoaderFunctionArgs } from '@remix-run/node';
import { searchSpeakers } from '#app/domain/catalogue/discovery.server.ts';
import { paramsOf, SpeakerQuerySchema } from '#app/domain/catalogue/discovery-schemas.ts';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import { getApiUser, parseApiInput } from '#app/utils/api.server.ts';

/** GET /api/v1/speakers — published speakers (never a phone number or e-mail address). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = parseApiInput(request, SpeakerQuerySchema, paramsOf(new URL(request.url)));
  const user = await getApiUser(request, context);
  const school = user ? await schoolOf(context.db, user) : null;
  const origin = school?.lat != null && school.lng != null ? { lat: school.lat, lng: school.lng } : null;
  const result = await searchSpeakers(context.db, query, { now: context.clock.now(), origin });
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
}
