import { type Completion, submitFormOnce } from '#app/domain/bookings/idempotency.server.ts';
import type { TFunction } from '#app/i18n/index.ts';
import type { FieldErrors } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { invitationErrorStatus } from './answers.server.ts';
import {
  type CreateHooks,
  createInvitation,
  createOutreachRequest,
  formatWhen,
  type Meta,
} from './invitations.server.ts';
import { invitationFailureMessage } from './messages.server.ts';
import type { InvitationInput, OutreachInput } from './schemas.ts';
import type { Viewer } from './speakers.server.ts';

/** An invitation of the school that the person may open, to link to from a refusal: its id and when it was sent. */
export interface OpenableInvitation {
  id: string;
  when: string;
}

export type InviteFormAnswer =
  | { ok: true; id: string }
  | { ok: false; status: number; fields: FieldErrors; existing?: OpenableInvitation[] };

export type InviteFormRequest =
  | { kind: 'speaker'; input: InvitationInput }
  | { kind: 'outreach'; input: OutreachInput };

/**
 * The invitation form (a speaker's topic or a venue's outreach program), read and checked already. It carries a hidden
 * idempotency key made when the form was shown, so that a double click or a resent page sends one invitation and lands
 * on it, as the booking form does. `form` is the form as sent: a key reused for other values is refused.
 */
export async function sendInvitationForm(
  db: Database,
  viewer: Viewer,
  request: InviteFormRequest,
  form: Record<string, unknown>,
  meta: Meta,
  t: TFunction,
  /** How the page writes a time (a refusal names the school's invitations already sent). */
  when: (instant: Date) => string = formatWhen,
): Promise<InviteFormAnswer> {
  const { idempotencyKey, ...typed } = form;
  const run = async (complete?: Completion) => {
    const hooks: CreateHooks = complete
      ? { onCreated: (tx, created) => complete(tx, { status: 201, body: { id: created.id } }) }
      : {};
    const result =
      request.kind === 'speaker'
        ? await createInvitation(db, viewer, request.input, meta, hooks)
        : await createOutreachRequest(db, viewer, request.input, meta, hooks);
    if (result.ok) return { status: 201, body: { id: result.id } as unknown };
    const message = invitationFailureMessage(t, result, when);
    const row = result.field ? /^slots\.(\d)$/.exec(result.field) : null;
    // A second invitation for the topic is said on the box that makes it another one.
    const fields: FieldErrors = row
      ? { [`date${Number(row[1]) + 1}`]: message, _form: message }
      : result.error === 'already_invited'
        ? { anotherInvitation: message }
        : result.field && result.field in form
          ? { [result.field]: message, _form: message }
          : { _form: message };
    const existing: OpenableInvitation[] = (result.existing ?? [])
      .filter((invitation) => invitation.viewable)
      .map((invitation) => ({ id: invitation.id, when: when(invitation.sentAt) }));
    return {
      status: invitationErrorStatus[result.error],
      body: { fields, ...(existing.length > 0 ? { existing } : {}) } as unknown,
    };
  };
  const target =
    request.kind === 'speaker' ? `topic=${request.input.topicId}` : `program=${request.input.programId}`;
  const sent = await submitFormOnce(
    db,
    {
      userId: viewer.id,
      key: idempotencyKey,
      scope: `form:/invitations/new?${target}`,
      body: typed,
      now: meta.now,
    },
    run,
    t,
  );
  if (!sent.ok) return sent;
  const body = sent.response.body as {
    id?: string;
    fields?: FieldErrors;
    existing?: OpenableInvitation[];
  };
  if (body.id) return { ok: true, id: body.id };
  return {
    ok: false,
    status: sent.response.status,
    fields: body.fields ?? {},
    ...(body.existing ? { existing: body.existing } : {}),
  };
}
