import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { requirePermission } from '#app/utils/auth.server.ts';

/** Notices to a venue point here; the request itself is answered on its invitation page (same rules, one view). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, 'answer:outreach:own-venue');
  return redirect(`/invitations/${encodeURIComponent(params.id ?? '')}`);
}

/**
 * Never drawn (the loader always redirects), but it makes this a page: a refusal is then shown by the site's error
 * page in the visitor's language, not sent as a bare "Forbidden".
 */
export default function OutreachRequest() {
  return null;
}
