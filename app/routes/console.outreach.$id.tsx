import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { requirePermission } from '#app/utils/auth.server.ts';

/** Notices to a venue point here; the request itself is answered on its invitation page (same rules, one view). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, 'answer:outreach:own-venue');
  return redirect(`/invitations/${encodeURIComponent(params.id ?? '')}`);
}
