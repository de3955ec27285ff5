import type { LoaderFunctionArgs } from '@remix-run/node';
import { listRegions } from '#app/domain/catalogue/discovery.server.ts';
import { refuseInvalidToken } from '#app/utils/api.server.ts';

/** GET /api/v1/regions — the province, its 盟市 and 旗县 (GB/T 2260), with published venues and speakers in each. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await refuseInvalidToken(request, context);
  const items = await listRegions(context.db);
  return Response.json(
    { items, total: items.length },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  );
}
