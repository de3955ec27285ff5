import type { LoaderFunctionArgs } from '@remix-run/node';
import { hsdsService } from '#app/domain/catalogue/hsds.server.ts';
import { apiErrorT, refuseInvalidToken } from '#app/utils/api.server.ts';
import { isUuid } from '#app/utils/validation.ts';

/** GET /api/v1/hsds/services/:id — one service, fully nested (location, languages, cost options, phones). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await refuseInvalidToken(request, context);
  const id = params.id ?? '';
  const service = isUuid(id)
    ? await hsdsService(context.db, id, context.clock.now(), context.config.publicUrl)
    : null;
  if (!service) throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  return Response.json(service);
}
