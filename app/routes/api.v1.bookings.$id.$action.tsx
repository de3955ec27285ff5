import type { ActionFunctionArgs } from '@remix-run/node';
import {
  approveBooking,
  bookingErrorStatus,
  cancelBooking,
  confirmBooking,
  declineBooking,
  giveFeedback,
  recordAttendance,
} from '#app/domain/bookings/bookings.server.ts';
import { failureMessage } from '#app/domain/bookings/messages.ts';
import {
  AttendanceSchema,
  FeedbackSchema,
  OptionalReasonSchema,
  ReasonSchema,
} from '#app/domain/bookings/schemas.ts';
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
import { isUuid } from '#app/utils/validation.ts';

export const handle: ApiRouteHandle = { methods: ['POST'] };

/**
 * POST /api/v1/bookings/:id/{cancel,approve,confirm,decline,attendance,feedback} — bodies `{ reason }`, `{}`, `{}`,
 * `{ reason? }`, `{ attendedPupils, attendedChaperones, chargedPricePerPupil, chargedPricePerChaperone }` (fen),
 * `{ rating, feedback? }`.
 * 200 `{ id, status }` (and `priceFlagged` for attendance); 409 when the booking has moved on.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const user = await requireApiUser(request, context);
  const id = params.id ?? '';
  if (!isUuid(id)) throw apiErrorT(request, 404, 'not_found', 'bookings.error.not_found');
  // The approve and confirm steps take no body; the others a JSON object.
  const body = await readJsonBody(request, { emptyAsObject: true });
  const meta = {
    now: context.clock.now(),
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  let result: Awaited<ReturnType<typeof recordAttendance>> | Awaited<ReturnType<typeof confirmBooking>>;
  switch (params.action) {
    case 'approve':
      result = await approveBooking(context.db, user, id, meta);
      break;
    case 'confirm':
      result = await confirmBooking(context.db, user, id, meta);
      break;
    case 'decline':
      result = await declineBooking(
        context.db,
        user,
        id,
        parseApiInput(request, OptionalReasonSchema, body).reason,
        meta,
      );
      break;
    case 'cancel':
      result = await cancelBooking(
        context.db,
        user,
        id,
        parseApiInput(request, ReasonSchema, body).reason,
        meta,
      );
      break;
    case 'attendance':
      result = await recordAttendance(
        context.db,
        user,
        id,
        parseApiInput(request, AttendanceSchema, body),
        meta,
      );
      break;
    case 'feedback':
      result = await giveFeedback(context.db, user, id, parseApiInput(request, FeedbackSchema, body), meta);
      break;
    default:
      throw apiErrorT(request, 404, 'not_found', 'api.notFound');
  }
  if (result.ok) {
    const { ok: _ok, ...rest } = result;
    return Response.json({ id, ...rest });
  }
  const message = failureMessage(apiT(request), result);
  return apiError(
    bookingErrorStatus[result.error],
    result.error,
    message,
    result.field ? { [result.field]: message } : undefined,
  );
}
