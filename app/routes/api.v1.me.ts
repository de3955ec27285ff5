import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireApiUser } from '#app/utils/api.server.ts';
import { hasPermission, permissions } from '#app/utils/permissions.ts';

/**
 * GET /api/v1/me — who the bearer token belongs to: the owner's id and name, their roles with what each is attached
 * to, and the permissions those roles give. A caller checks its token with it. No contact details.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, context);
  return Response.json(
    {
      id: user.id,
      name: user.name,
      tokenId: user.tokenId,
      roles: user.roles,
      permissions: permissions.filter((p) => hasPermission(user, p)),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
