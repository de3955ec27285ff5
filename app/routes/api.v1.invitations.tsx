import type { ActionFunctionArgs } from '@remix-run/node';
import { invitationErrorStatus } from '#app/domain/speakers/answers.server.ts';
import { createInvitation, createOutreachRequest } from '#app/domain/speakers/invitations.server.ts';
import { InvitationInputSchema, OutreachInputSchema } from '#app/domain/speakers/schemas.ts';
import { apiError, apiT, parseApiInput, readJsonBody, requireApiPermission } from '#app/utils/api.server.ts';

/**
 * POST /api/v1/invitations — `{ speakerId, topicId, slots: [{ startsAt, endsAt }], audienceSize, grades, place, notes }`
 * invites a speaker; with `programId` instead of speaker and topic it requests a venue's outreach program.
 * 201 `{ id, status }`.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'POST only');
  const user = await requireApiPermission(request, context, 'create:invitation:own-school');
  const body = await readJsonBody(request);
  const meta = {
    now: context.clock.now(),
    expiryDays: context.config.invitationExpiryDays,
    publicUrl: context.config.publicUrl,
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const outreach = typeof body === 'object' && body !== null && 'programId' in body;
  const result = outreach
    ? await createOutreachRequest(context.db, user, parseApiInput(request, OutreachInputSchema, body), meta)
    : await createInvitation(context.db, user, parseApiInput(request, InvitationInputSchema, body), meta);
  if (result.ok) return Response.json({ id: result.id, status: result.status }, { status: 201 });
  const message = apiT(request)(`invitation.error.${result.error}`);
  return apiError(
    invitationErrorStatus[result.error],
    result.error,
    message,
    result.field ? { [result.field]: message } : undefined,
  );
}
