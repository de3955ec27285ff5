import type { LoaderFunctionArgs } from '@remix-run/node';
import { bookingDetail, bookingJson } from '#app/domain/bookings/views.server.ts';
import { apiErrorT, requireApiUser } from '#app/utils/api.server.ts';

/** GET /api/v1/bookings/:id — the booking as its parties see it (prices in fen), with the actions they may take now. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireApiUser(request, context);
  const detail = await bookingDetail(context.db, user, params.id ?? '', context.clock.now());
  if (!detail) throw apiErrorT(request, 404, 'not_found', 'bookings.error.not_found');
  return Response.json(bookingJson(detail));
}
