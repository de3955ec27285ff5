import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { schoolOf } from '#app/domain/speakers/speakers.server.ts';
import { SessionApiSchema, SessionQuerySchema } from '#app/domain/venues/schemas.ts';
import { createSession, listPublicSessions, sessionWindow } from '#app/domain/venues/sessions.server.ts';
import {
  type ApiRouteHandle,
  apiError,
  apiT,
  getApiUser,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiPermission,
} from '#app/utils/api.server.ts';
import { actorFrom, sessionApiError, sessionJson } from '#app/utils/console.server.ts';

/**
 * GET /api/v1/sessions?venueId&from&to&page&pageSize — sessions of published venues' active programs, from now (or
 * `from`) to 90 days after it by default (`from`/`to` as dates in Asia/Shanghai or ISO instants). Public.
 * → `{ items: [{ id, venueId, programId, startsAt, endsAt, capacity, seatsLeft, seatsOpen, openDay, bookingOpensAt,
 * bookingClosesAt }], total, page, pageSize }`
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  // Public; a teacher's token says which seats their school may book (seatsOpen).
  const user = await getApiUser(request, context);
  const school = user ? await schoolOf(context.db, user) : null;
  const url = new URL(request.url);
  const query = parseApiInput(request, SessionQuerySchema, Object.fromEntries(url.searchParams));
  const window = sessionWindow(query.from, query.to, context.clock.now());
  if (window.to <= window.from) {
    const message = apiT(request)('console.error.dateOrder');
    throw apiError(400, 'invalid_request', message, { to: message });
  }
  const page = await listPublicSessions(
    context.db,
    { ...query, ...window },
    { priority: Boolean(school?.isPriority), now: context.clock.now() },
  );
  // seatsOpen depends on the caller's school: an answer to a token is theirs alone, never a shared cache's.
  return Response.json(page, {
    headers: { 'Cache-Control': user ? 'private, no-store' : 'public, max-age=30', Vary: 'Authorization' },
  });
}

export const handle: ApiRouteHandle = { methods: ['POST'] };

/**
 * POST /api/v1/sessions — operators: `{ programId, startsAt, endsAt, capacity, greenChannelSeats?, greenReleaseAt?,
 * openDay?, title? }` → 201 with the session. A live session of the program already starting in that minute answers
 * 409 `session_exists` with it as `existing` (a retry or a double submission adds nothing).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireApiPermission(request, context, 'manage:session:own');
  const refused = refuseOtherMethods(request, handle, true);
  if (refused) return refused;
  const input = parseApiInput(request, SessionApiSchema, await readJsonBody(request));
  const { programId, greenReleaseAt, title, ...values } = input;
  const result = await createSession(
    context.db,
    actorFrom(user, context),
    programId,
    {
      ...values,
      // Green-channel seats open to every school a week before, unless the caller says when.
      greenReleaseAt:
        greenReleaseAt ??
        (values.greenChannelSeats > 0 ? new Date(values.startsAt.getTime() - 7 * 86_400_000) : null),
      title: title || null,
    },
    context.clock.now(),
  );
  if (!result.ok) return sessionApiError(request, result);
  return Response.json(sessionJson(result.session), { status: 201 });
}
