// The answer forms of an invitation (accept, decline, counter, cancel, complete), shared by the speaker's home, the
// invitation page and the venue's outreach desk: parse the form, call the domain, say what happened.
import { eq, sql } from 'drizzle-orm';
import type { TFunction } from '#app/i18n/index.ts';
import { type FieldErrors, isUuid, parseInput } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { invitations, programs, speakerTopics } from '#db/schema/index.ts';
import { type DeclineSide, declineReasons, declineSideOf } from './decline-reasons.ts';
import {
  acceptSlot,
  cancelInvitation,
  completeInvitation,
  counterInvitation,
  counterTimeFieldErrors,
  declineInvitation,
  type InvitationError,
  type Meta,
} from './invitations.server.ts';
import {
  AcceptSchema,
  CompleteSchema,
  CounterNoteSchema,
  declineFormSchema,
  ReasonSchema,
  slotFormSchema,
} from './schemas.ts';
import type { Viewer } from './speakers.server.ts';

export const answerIntents = ['accept', 'decline', 'counter', 'cancel', 'complete'] as const;
export type AnswerIntent = (typeof answerIntents)[number];

export type AnswerResult =
  | { ok: true; intent: AnswerIntent; invitationId: string }
  | {
      ok: false;
      intent: AnswerIntent | null;
      invitationId: string;
      error: InvitationError | 'invalid';
      fields: FieldErrors;
      /** What was typed, to fill the form in again. */
      values: Record<string, string>;
    };

/** Domain errors about one proposed time are shown on that row of the form (slots.1 → date2). */
function fieldsFor(error: InvitationError, field: string | undefined, t: TFunction): FieldErrors {
  const message = t(`invitation.error.${error}`);
  const row = field ? /^slots\.(\d)$/.exec(field) : null;
  if (row) return { [`date${Number(row[1]) + 1}`]: message };
  return { _form: message };
}

async function lengthOf(db: Database, invitationId: string): Promise<number> {
  const [row] = await db
    .select({ minutes: sql<number>`coalesce(${speakerTopics.durationMinutes}, ${programs.durationMinutes})` })
    .from(invitations)
    .leftJoin(speakerTopics, eq(speakerTopics.id, invitations.topicId))
    .leftJoin(programs, eq(programs.id, invitations.programId))
    .where(eq(invitations.id, invitationId));
  return Number(row?.minutes ?? 60);
}

/** Who would say "cannot come" to this invitation (a speaker when there is none: the answer is then not found). */
async function declineSide(db: Database, invitationId: string): Promise<DeclineSide> {
  const [row] = await db
    .select({ kind: invitations.kind })
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  return declineSideOf(row?.kind ?? 'speaker');
}

export async function answerInvitationForm(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  form: Record<string, unknown>,
  meta: Meta,
  t: TFunction,
): Promise<AnswerResult> {
  const intent = answerIntents.find((i) => i === form.intent) ?? null;
  const values = Object.fromEntries(
    Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const invalid = (fields: FieldErrors): AnswerResult => ({
    ok: false,
    intent,
    invitationId,
    error: 'invalid',
    fields,
    values,
  });
  if (intent === null) return invalid({ _form: t('validation.choice') });
  // A made-up id (an edited hidden field) is no invitation of anyone's: not found, before any query.
  if (!isUuid(invitationId)) {
    return {
      ok: false,
      intent,
      invitationId,
      error: 'not_found',
      fields: fieldsFor('not_found', undefined, t),
      values,
    };
  }
  let outcome: Awaited<ReturnType<typeof acceptSlot>>;
  switch (intent) {
    case 'accept': {
      const parsed = parseInput(AcceptSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      outcome = await acceptSlot(db, viewer, invitationId, parsed.data.slot, meta);
      break;
    }
    case 'decline': {
      const side = await declineSide(db, invitationId);
      const parsed = parseInput(declineFormSchema(side), form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      const { reasonCode, detail } = parsed.data;
      const common = declineReasons[side].find((r) => r.code === reasonCode);
      const reason = reasonCode === 'other' || !common ? detail : t(common.label);
      const text =
        reasonCode !== 'other' && detail ? t('common.labelled', { label: reason, value: detail }) : reason;
      outcome = await declineInvitation(db, viewer, invitationId, text, meta);
      break;
    }
    case 'counter': {
      // The slots, the note and the timing rules of each readable time are checked together, so that every mistake
      // is named at once (a time too soon is not left for a second round).
      const minutes = await lengthOf(db, invitationId);
      const parsed = parseInput(slotFormSchema(minutes), form, t);
      const note = parseInput(CounterNoteSchema, { note: form.note }, t);
      const slotFields = parsed.ok ? {} : parsed.fields;
      // The teacher's new times must suit the speaker's calendar, as a new invitation's do, and the host's own what
      // accepting them would need: named with the rest, on their rows.
      const times = await counterTimeFieldErrors(
        db,
        viewer,
        invitationId,
        form,
        minutes,
        slotFields,
        meta.now,
        t,
      );
      if (!parsed.ok || !note.ok)
        return invalid({ ...slotFields, ...times.fields, ...(note.ok ? {} : note.fields) });
      // Only the calendar refuses: answered as the domain would (a month full is a conflict, not a typing mistake).
      if (times.first)
        return { ok: false, intent, invitationId, error: times.first.error, fields: times.fields, values };
      outcome = await counterInvitation(
        db,
        viewer,
        invitationId,
        { slots: parsed.data, note: note.data.note },
        meta,
      );
      break;
    }
    case 'cancel': {
      const parsed = parseInput(ReasonSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      outcome = await cancelInvitation(db, viewer, invitationId, parsed.data.reason, meta);
      break;
    }
    case 'complete': {
      const parsed = parseInput(CompleteSchema, form, t);
      if (!parsed.ok) return invalid(parsed.fields);
      outcome = await completeInvitation(db, viewer, invitationId, parsed.data, meta);
      break;
    }
    default:
      return invalid({ _form: t('validation.choice') });
  }
  if (outcome.ok) return { ok: true, intent, invitationId };
  return {
    ok: false,
    intent,
    invitationId,
    error: outcome.error,
    fields: fieldsFor(outcome.error, outcome.field, t),
    values,
  };
}

/** HTTP status for an answer that did not go through. */
export function answerStatus(result: AnswerResult): number {
  if (result.ok) return 200;
  return invitationErrorStatus[result.error === 'invalid' ? 'invalid' : result.error];
}

/** How the API and the pages answer each domain error. */
export const invitationErrorStatus: Record<InvitationError | 'invalid', number> = {
  invalid: 400,
  not_found: 404,
  not_a_teacher: 403,
  invalid_transition: 409,
  slot_not_open: 409,
  slot_in_past: 409,
  answer_too_late: 409,
  slot_busy: 409,
  speaker_busy: 409,
  slots_overlap: 422,
  already_proposed: 409,
  slot_taken: 409,
  cap_reached: 409,
  venue_day_full: 409,
  not_vetted: 409,
  outside_availability: 422,
  blackout_date: 422,
  outside_service_area: 422,
  too_soon: 422,
  too_far_ahead: 422,
  outside_daytime: 422,
  speaker_unavailable: 422,
  program_unavailable: 422,
  grades_not_offered: 422,
  already_started: 409,
  not_yet_held: 409,
  already_invited: 409,
};
