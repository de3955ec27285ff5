import type { LoaderFunctionArgs } from '@remix-run/node';
import { coverageJson } from '#app/domain/bureau/api.ts';
import { coverageReport } from '#app/domain/bureau/coverage.server.ts';
import { reportSelectionForApi } from '#app/utils/bureau.server.ts';

/** GET /api/v1/reports/coverage?region=CODE&term=2026-autumn — auditors' tokens, scoped to their region. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { region, term } = await reportSelectionForApi(request, context);
  const now = context.clock.now();
  return Response.json(coverageJson(await coverageReport(context.db, region, term, now), now), {
    headers: { 'Cache-Control': 'no-store' },
  });
}
