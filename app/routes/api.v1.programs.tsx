import type { ActionFunctionArgs } from '@remix-run/node';
import { createProgram } from '#app/domain/venues/programs.server.ts';
import { ProgramApiSchema } from '#app/domain/venues/schemas.ts';
import {
  type ApiRouteHandle,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiPermission,
} from '#app/utils/api.server.ts';
import { actorFrom, consoleApiError, programJson } from '#app/utils/console.server.ts';

export const handle: ApiRouteHandle = { methods: ['POST'] };

/**
 * POST /api/v1/programs — operators: `{ venueId, title, grades, durationMinutes, maxGroupSize, delivery, summary?,
 * minGroupSize?, language?, standardPricePerPupil?, standardPricePerChaperone? }` (prices in fen) → 201 with the program.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireApiPermission(request, context, 'manage:program:own');
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const { venueId, ...input } = parseApiInput(request, ProgramApiSchema, await readJsonBody(request));
  const result = await createProgram(
    context.db,
    actorFrom(user, context),
    venueId,
    input,
    context.clock.now(),
  );
  if (!result.ok) return consoleApiError(request, result.error);
  return Response.json(programJson(result.program), { status: 201 });
}
