import type { ActionFunctionArgs } from '@remix-run/node';
import { invitationErrorStatus } from '#app/domain/speakers/answers.server.ts';
import {
  acceptSlot,
  cancelInvitation,
  completeInvitation,
  counterInvitation,
  declineInvitation,
} from '#app/domain/speakers/invitations.server.ts';
import { AcceptSchema, CompleteSchema, CounterSchema, ReasonSchema } from '#app/domain/speakers/schemas.ts';
import {
  type ApiRouteHandle,
  apiError,
  apiErrorT,
  apiT,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiUser,
} from '#app/utils/api.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';

export const handle: ApiRouteHandle = { methods: ['POST'] };

/**
 * POST /api/v1/invitations/:id/{accept,decline,counter,cancel,complete} — bodies `{ slot }`, `{ reason }`,
 * `{ slots, note? }`, `{ reason }`, `{ rating, feedback }`. 200 `{ id, status }`; 409 when the time was just taken, the
 * month or day is full, or the invitation has moved on.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const user = await requireApiUser(request, context);
  const id = params.id ?? '';
  const body = await readJsonBody(request);
  const meta = {
    now: context.clock.now(),
    expiryDays: context.config.invitationExpiryDays,
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  let result: Awaited<ReturnType<typeof acceptSlot>>;
  switch (params.action) {
    case 'accept':
      result = await acceptSlot(context.db, user, id, parseApiInput(request, AcceptSchema, body).slot, meta);
      break;
    case 'decline':
      result = await declineInvitation(
        context.db,
        user,
        id,
        parseApiInput(request, ReasonSchema, body).reason,
        meta,
      );
      break;
    case 'counter':
      result = await counterInvitation(
        context.db,
        user,
        id,
        parseApiInput(request, CounterSchema, body),
        meta,
      );
      break;
    case 'cancel':
      result = await cancelInvitation(
        context.db,
        user,
        id,
        parseApiInput(request, ReasonSchema, body).reason,
        meta,
      );
      break;
    case 'complete':
      result = await completeInvitation(
        context.db,
        user,
        id,
        parseApiInput(request, CompleteSchema, body),
        meta,
      );
      break;
    default:
      throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  }
  if (result.ok) return Response.json({ id, status: result.status });
  const message = apiT(request)(`invitation.error.${result.error}`);
  return apiError(
    invitationErrorStatus[result.error],
    result.error,
    message,
    result.field ? { [result.field]: message } : undefined,
  );
}
