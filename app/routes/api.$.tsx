import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { apiErrorT } from '#app/utils/api.server.ts';

/**
 * Any other address under /api: a JSON 404 naming where the API is described, as an API client expects, instead of
 * the site's page. Every method, so a write to a mistyped path is refused the same way.
 */
function notFound({ request }: LoaderFunctionArgs | ActionFunctionArgs): never {
  throw apiErrorT(request, 404, 'not_found', 'api.noSuchEndpoint');
}

export const loader = notFound;
export const action = notFound;
