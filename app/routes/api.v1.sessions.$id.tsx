import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { mayOperate } from '#app/domain/venues/access.server.ts';
import { SessionPatchSchema } from '#app/domain/venues/schemas.ts';
import { getSession, updateSession } from '#app/domain/venues/sessions.server.ts';
import {
  type ApiRouteHandle,
  apiErrorT,
  getApiUser,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiPermission,
} from '#app/utils/api.server.ts';
import { actorFrom, sessionApiError, sessionJson } from '#app/utils/console.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';

/**
 * GET /api/v1/sessions/:id — one session with its seats (public); `greenSeatsHeld` only for its venue's operators
 * (how priority schools use the reserved seats is the venue's business). A session of a program the venue switched
 * off is gone for everyone else, as it is from the list; its operators still see it.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // A token is checked first: one that is not valid answers 401 whether or not the session exists.
  const user = await getApiUser(request, context);
  const found = await getSession(context.db, params.id ?? '');
  const operates = Boolean(found && user && mayOperate(user, found.session.venueId));
  if (!found || (!found.programActive && !operates))
    throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  const { greenSeatsHeld, ...open } = sessionJson(found.session);
  return Response.json(operates ? { ...open, greenSeatsHeld } : open);
}

export const handle: ApiRouteHandle = { methods: ['PATCH'] };

/**
 * PATCH /api/v1/sessions/:id — operators of the session's venue: any of `startsAt, endsAt, capacity,
 * greenChannelSeats, greenReleaseAt, openDay, title`. A capacity below the seats held answers 409
 * `capacity_below_held`; moving a session that schools booked answers 409 `session_has_bookings`, and moving it onto
 * the minute of another live session of its program 409 `session_exists` (with that session as `existing`).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireApiPermission(request, context, 'manage:session:own');
  const refused = refuseOtherMethods(request, handle, true);
  if (refused) return refused;
  const id = params.id ?? '';
  const patch = parseApiInput(request, SessionPatchSchema, await readJsonBody(request));
  const result = await updateSession(context.db, actorFrom(user, context), id, patch, context.clock.now(), {
    publicUrl: siteUrl(context.config),
  });
  if (!result.ok) return sessionApiError(request, result);
  return Response.json(sessionJson(result.session));
}
