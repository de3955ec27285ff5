import type { ActionFunctionArgs } from '@remix-run/node';
import { updateProgram } from '#app/domain/venues/programs.server.ts';
import { ProgramPatchSchema } from '#app/domain/venues/schemas.ts';
import {
  type ApiRouteHandle,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiPermission,
} from '#app/utils/api.server.ts';
import { actorFrom, consoleApiError, programJson } from '#app/utils/console.server.ts';

export const handle: ApiRouteHandle = { methods: ['PATCH'] };

/**
 * PATCH /api/v1/programs/:id — operators of the program's venue: any of `title, summary, grades, durationMinutes,
 * minGroupSize, maxGroupSize, standardPricePerPupil, standardPricePerChaperone, delivery, language` (prices in fen).
 * A largest group below the smallest answers 422 `group_size`; changing `delivery` of a program that has sessions or
 * schools' requests answers 409 `program_in_use`. Bookings already made keep what they were made with.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireApiPermission(request, context, 'manage:program:own');
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const patch = parseApiInput(request, ProgramPatchSchema, await readJsonBody(request));
  const result = await updateProgram(
    context.db,
    actorFrom(user, context),
    params.id ?? '',
    patch,
    context.clock.now(),
  );
  if (!result.ok) return consoleApiError(request, result.error, result.field);
  return Response.json(programJson(result.program));
}
