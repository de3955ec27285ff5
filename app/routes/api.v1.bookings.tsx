import type { ActionFunctionArgs } from '@remix-run/node';
import { bookingErrorStatus, createBooking } from '#app/domain/bookings/bookings.server.ts';
import type { Completion } from '#app/domain/bookings/idempotency.server.ts';
import { failureFields, failureMessage } from '#app/domain/bookings/messages.ts';
import { BookingInputSchema } from '#app/domain/bookings/schemas.ts';
import {
  type ApiRouteHandle,
  answerOnce,
  apiT,
  idempotencyKeyOf,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiPermission,
} from '#app/utils/api.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';

export const handle: ApiRouteHandle = { methods: ['POST'] };

/**
 * POST /api/v1/bookings — `{ sessionId, grade, pupils, chaperones, pupilsWithDisabilities, leftBehindPupils, notes,
 * contactName?, contactPhone?, waitlist?, anotherGroup?, schoolId? }`. 201 `{ id, status, seats, promisedPricePerPupil,
 * promisedPricePerChaperone }` (prices in fen); 409 `{ error: "session_full", waitlistAvailable }` when the seats are
 * gone (send `waitlist: true` to join the waitlist instead); 409 `{ error: "already_booked", existing }` when the
 * school already has a live booking in the session (send `anotherGroup: true` for another of its groups); 409
 * `{ error: "program_inactive", message, fields }` when the venue has switched the session's program off. With an
 * `Idempotency-Key` header (IETF draft) a retry gets the first answer again; the same key with another body answers
 * 422, and while the first is running 409.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const user = await requireApiPermission(request, context, 'create:booking:own-school');
  const key = idempotencyKeyOf(request);
  const body = await readJsonBody(request);
  const input = parseApiInput(request, BookingInputSchema, body);
  const now = context.clock.now();
  const meta = {
    now,
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const t = apiT(request);

  const book = async (complete?: Completion) => {
    const result = await createBooking(context.db, user, input, meta, { complete });
    if (result.ok) {
      const { ok: _ok, ...created } = result;
      return { status: 201, body: created as unknown };
    }
    const message = failureMessage(t, result);
    return {
      status: bookingErrorStatus[result.error],
      body: {
        error: result.error,
        message,
        ...(result.field ? { fields: failureFields(t, result) } : {}),
        ...(result.error === 'session_full' ? { waitlistAvailable: Boolean(result.waitlistAvailable) } : {}),
        ...(result.error === 'already_booked' ? { existing: result.existing ?? [] } : {}),
      } as unknown,
    };
  };

  return answerOnce(
    request,
    context.db,
    { userId: user.id, key, scope: 'POST /api/v1/bookings', body, now },
    book,
    // The booking claims the key in the query that reads its context: one round trip fewer.
    { claimInOperation: true },
  );
}
