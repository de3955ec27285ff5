import type { LoaderFunctionArgs } from '@remix-run/node';
import { listRegions } from '#app/domain/catalogue/discovery.server.ts';

/** GET /api/v1/regions — the province, its 盟市 and 旗县 (GB/T 2260), with published venues and speakers in each. */
export async function loader({ context }: LoaderFunctionArgs) {
  const items = await listRegions(context.db);
  return Response.json(
    { items, total: items.length },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  );
}
