import type { LoaderFunctionArgs } from '@remix-run/node';
import { hsdsOrganizations } from '#app/domain/catalogue/hsds.server.ts';
import { HsdsPagingSchema } from '#app/domain/catalogue/hsds-schemas.ts';
import { parseApiInput, refuseInvalidToken } from '#app/utils/api.server.ts';

/** GET /api/v1/hsds/organizations?page&per_page — the published venues as HSDS 3.0 organizations. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await refuseInvalidToken(request, context);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { page, per_page } = parseApiInput(request, HsdsPagingSchema, query);
  return Response.json(
    await hsdsOrganizations(context.db, { page, perPage: per_page }, context.config.publicUrl),
  );
}
