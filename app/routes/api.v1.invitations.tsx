import type { ActionFunctionArgs } from '@remix-run/node';
import { invitationErrorStatus } from '#app/domain/speakers/answers.server.ts';
import {
  createInvitation,
  createOutreachRequest,
  proposedTimeFailures,
} from '#app/domain/speakers/invitations.server.ts';
import { InvitationInputSchema, OutreachInputSchema } from '#app/domain/speakers/schemas.ts';
import {
  type ApiRouteHandle,
  apiError,
  apiT,
  parseApiInput,
  readJsonBody,
  refuseOtherMethods,
  requireApiPermission,
} from '#app/utils/api.server.ts';
import { siteUrl } from '#app/utils/env.server.ts';

export const handle: ApiRouteHandle = { methods: ['POST'] };

/**
 * POST /api/v1/invitations — `{ speakerId, topicId, slots: [{ startsAt, endsAt }], audienceSize, grades, place, notes }`
 * invites a speaker; with `programId` instead of speaker and topic it requests a venue's outreach program.
 * 201 `{ id, status }`.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const user = await requireApiPermission(request, context, 'create:invitation:own-school');
  const body = await readJsonBody(request);
  const meta = {
    now: context.clock.now(),
    expiryDays: context.config.invitationExpiryDays,
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const outreach = typeof body === 'object' && body !== null && 'programId' in body;
  const [result, speakerId, slots] = await (async () => {
    if (outreach) {
      const input = parseApiInput(request, OutreachInputSchema, body);
      return [await createOutreachRequest(context.db, user, input, meta), null, input.slots] as const;
    }
    const input = parseApiInput(request, InvitationInputSchema, body);
    return [await createInvitation(context.db, user, input, meta), input.speakerId, input.slots] as const;
  })();
  if (result.ok) return Response.json({ id: result.id, status: result.status }, { status: 201 });
  const t = apiT(request);
  const message = t(`invitation.error.${result.error}`);
  const fields: Record<string, string> = result.field ? { [result.field]: message } : {};
  // A refused proposed time: name every proposed time that would be refused, as the form does, not only the first.
  if (result.field?.startsWith('slots.')) {
    const refused = await proposedTimeFailures(context.db, speakerId, slots, meta.now);
    for (const failure of refused) {
      if (failure.field && !(failure.field in fields))
        fields[failure.field] = t(`invitation.error.${failure.error}`);
    }
  }
  return apiError(
    invitationErrorStatus[result.error],
    result.error,
    message,
    Object.keys(fields).length > 0 ? fields : undefined,
  );
}
