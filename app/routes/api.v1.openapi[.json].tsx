import type { LoaderFunctionArgs } from '@remix-run/node';
import { openApiDocument } from '#app/api/openapi.server.ts';

/** GET /api/v1/openapi.json — the OpenAPI 3.1 description of this API. */
export function loader({ context }: LoaderFunctionArgs) {
  return Response.json(openApiDocument(context.config.publicUrl), {
    headers: { 'Cache-Control': 'public, max-age=300' },
  });
}
