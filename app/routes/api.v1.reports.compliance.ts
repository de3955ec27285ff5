import type { LoaderFunctionArgs } from '@remix-run/node';
import { complianceJson } from '#app/domain/bureau/api.ts';
import { complianceReport } from '#app/domain/bureau/compliance.server.ts';
import { reportSelectionForApi } from '#app/utils/bureau.server.ts';

/** GET /api/v1/reports/compliance?region=CODE&term=2026-autumn — auditors' tokens, scoped to their region. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { region, term } = await reportSelectionForApi(request, context);
  const now = context.clock.now();
  return Response.json(complianceJson(await complianceReport(context.db, region, term, now), now), {
    headers: { 'Cache-Control': 'no-store' },
  });
}
