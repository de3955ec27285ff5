import type { LoaderFunctionArgs } from '@remix-run/node';
import { speakerProfile } from '#app/domain/catalogue/discovery.server.ts';
import { apiErrorT, refuseInvalidToken } from '#app/utils/api.server.ts';

/** GET /api/v1/speakers/:id — a published speaker's public profile and topics; contact details never. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await refuseInvalidToken(request, context);
  const profile = await speakerProfile(context.db, params.id ?? '');
  if (!profile) throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  return Response.json(profile);
}
