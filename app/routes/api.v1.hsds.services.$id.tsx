import type { LoaderFunctionArgs } from '@remix-run/node';
import { hsdsService } from '#app/domain/catalogue/hsds.server.ts';
import { apiErrorT } from '#app/utils/api.server.ts';

/** GET /api/v1/hsds/services/:id — one service, fully nested (location, languages, cost options, phones). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? '';
  const service = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ? await hsdsService(context.db, id, context.clock.now(), context.config.publicUrl)
    : null;
  if (!service) throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  return Response.json(service);
}
