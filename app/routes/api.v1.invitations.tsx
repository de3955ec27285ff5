import type { ActionFunctionArgs } from '@remix-run/node';
import type { Completion } from '#app/domain/bookings/idempotency.server.ts';
import { invitationErrorStatus } from '#app/domain/speakers/answers.server.ts';
import {
  type CreateHooks,
  createInvitation,
  createOutreachRequest,
  proposedTimeFailures,
} from '#app/domain/speakers/invitations.server.ts';
import { invitationFailureMessage } from '#app/domain/speakers/messages.server.ts';
import { InvitationInputSchema, OutreachInputSchema } from '#app/domain/speakers/schemas.ts';
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
 * POST /api/v1/invitations — `{ speakerId, topicId, slots: [{ startsAt, endsAt }], audienceSize, grades, place, notes,
 * anotherInvitation? }` invites a speaker; with `programId` instead of speaker and topic it requests a venue's outreach
 * program. 201 `{ id, status }`; 409 `{ error: "already_invited", existing }` while the school's invitation to the
 * speaker for the topic waits for an answer (send `anotherInvitation: true` for another talk). With an
 * `Idempotency-Key` header a retry gets the first answer again; the same key with another body answers 422, and while
 * the first is running 409 (as POST /api/v1/bookings).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const refused = refuseOtherMethods(request, handle);
  if (refused) return refused;
  const user = await requireApiPermission(request, context, 'create:invitation:own-school');
  const key = idempotencyKeyOf(request);
  const body = await readJsonBody(request);
  const now = context.clock.now();
  const meta = {
    now,
    expiryDays: context.config.invitationExpiryDays,
    publicUrl: siteUrl(context.config),
    requestId: context.requestId,
    ip: context.clientIp,
  };
  const outreach = typeof body === 'object' && body !== null && 'programId' in body;
  const parsed = outreach
    ? { kind: 'outreach' as const, input: parseApiInput(request, OutreachInputSchema, body) }
    : { kind: 'speaker' as const, input: parseApiInput(request, InvitationInputSchema, body) };
  const speakerId = parsed.kind === 'speaker' ? parsed.input.speakerId : null;
  const t = apiT(request);

  const invite = async (complete?: Completion) => {
    // The answer is stored with the invitation, in its transaction: both exist, or neither.
    const hooks: CreateHooks = complete
      ? { onCreated: (tx, created) => complete(tx, { status: 201, body: created }) }
      : {};
    const result =
      parsed.kind === 'speaker'
        ? await createInvitation(context.db, user, parsed.input, meta, hooks)
        : await createOutreachRequest(context.db, user, parsed.input, meta, hooks);
    if (result.ok) return { status: 201, body: { id: result.id, status: result.status } as unknown };
    const message = invitationFailureMessage(t, result);
    const fields: Record<string, string> = result.field ? { [result.field]: message } : {};
    // A refused proposed time: name every proposed time that would be refused, as the form does, not only the first.
    if (result.field?.startsWith('slots.')) {
      const refused = await proposedTimeFailures(context.db, speakerId, parsed.input.slots, now);
      for (const failure of refused) {
        if (failure.field && !(failure.field in fields))
          fields[failure.field] = t(`invitation.error.${failure.error}`);
      }
    }
    return {
      status: invitationErrorStatus[result.error],
      body: {
        error: result.error,
        message,
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
        ...(result.error === 'already_invited'
          ? {
              existing: (result.existing ?? []).map(({ id, status, sentAt, teacher }) => ({
                id,
                status,
                sentAt: sentAt.toISOString(),
                teacher,
              })),
            }
          : {}),
      } as unknown,
    };
  };

  return answerOnce(
    request,
    context.db,
    { userId: user.id, key, scope: 'POST /api/v1/invitations', body, now },
    invite,
  );
}
