import type { TFunction } from '#app/i18n/index.ts';
import { type FieldErrors, formToObject, isUuid, parseInput, typedValues } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import {
  approveBooking,
  bookingErrorStatus,
  cancelBooking,
  confirmBooking,
  createBooking,
  declineBooking,
  giveFeedback,
  groupRulesOf,
  type Meta,
  programMisfits,
  recordAttendance,
  type Viewer,
} from './bookings.server.ts';
import { type Completion, submitFormOnce } from './idempotency.server.ts';
import { failureFields } from './messages.ts';
import {
  AttendanceFormSchema,
  BookingInputSchema,
  CancelFormSchema,
  DeclineFormSchema,
  FeedbackSchema,
} from './schemas.ts';

export const bookingIntents = ['approve', 'confirm', 'decline', 'cancel', 'attendance', 'feedback'] as const;
export type BookingIntent = (typeof bookingIntents)[number];

export type FormAnswer =
  | { ok: true; intent: BookingIntent /** Saved as it was: nothing written. */; unchanged?: boolean }
  | {
      ok: false;
      intent: string;
      fields: FieldErrors;
      status: number;
      /** The form as typed (attendance, a reason to cancel or decline, feedback), to put back: a page answered without JavaScript is drawn afresh. */
      values?: Record<string, string>;
      /** The charges to confirm with a tick, when they are above the promise (see recordAttendance). */
      confirmCharges?: string;
    };

const attendanceFields = [
  'attendedPupils',
  'attendedChaperones',
  'chargedPricePerPupil',
  'chargedPricePerChaperone',
] as const;

/** The charges a tick confirms: a tick given for other amounts does not count for these. */
const chargesKey = (prices: { chargedPricePerPupil: number; chargedPricePerChaperone: number }) =>
  `${prices.chargedPricePerPupil}-${prices.chargedPricePerChaperone}`;

/** The buttons and small forms on the booking pages: one intent per submission, localized refusals per field. */
export async function answerBookingForm(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  formData: FormData,
  meta: Meta,
  t: TFunction,
): Promise<FormAnswer> {
  const form = formToObject(formData);
  const intent = String(form.intent ?? '');
  if (!(bookingIntents as readonly string[]).includes(intent)) {
    return { ok: false, intent, fields: { _form: t('error.badRequest') }, status: 400 };
  }
  // An id that is no id (a hand-edited hidden field) is a booking that does not exist, not a query to run.
  if (!isUuid(bookingId)) {
    return { ok: false, intent, fields: { _form: t('bookings.error.not_found') }, status: 404 };
  }
  let result: Awaited<ReturnType<typeof confirmBooking>>;
  switch (intent as BookingIntent) {
    case 'approve':
      result = await approveBooking(db, viewer, bookingId, meta);
      break;
    case 'confirm':
      result = await confirmBooking(db, viewer, bookingId, meta);
      break;
    case 'decline':
    case 'cancel': {
      // Both take a reason and a ticked box; a refusal gives the reason back as typed.
      const parsed = parseInput(intent === 'decline' ? DeclineFormSchema : CancelFormSchema, form, t);
      if (!parsed.ok)
        return {
          ok: false,
          intent,
          fields: parsed.fields,
          status: 400,
          values: typedValues(form, ['reason']),
        };
      const step = intent === 'decline' ? declineBooking : cancelBooking;
      result = await step(db, viewer, bookingId, parsed.data.reason, meta);
      break;
    }
    case 'attendance': {
      const values = typedValues(form, attendanceFields);
      const parsed = parseInput(AttendanceFormSchema, form, t);
      if (!parsed.ok) return { ok: false, intent, fields: parsed.fields, status: 400, values };
      const charges = chargesKey(parsed.data);
      const recorded = await recordAttendance(db, viewer, bookingId, parsed.data, meta, {
        askBeforeOvercharge: parsed.data.confirmOvercharge !== charges,
      });
      if (recorded.ok)
        return { ok: true, intent: 'attendance', ...(recorded.unchanged ? { unchanged: true } : {}) };
      return {
        ok: false,
        intent,
        fields: failureFields(t, recorded),
        status: bookingErrorStatus[recorded.error],
        values,
        ...(recorded.error === 'overcharge_unconfirmed' ? { confirmCharges: charges } : {}),
      };
    }
    case 'feedback': {
      const parsed = parseInput(FeedbackSchema, form, t);
      if (!parsed.ok)
        return {
          ok: false,
          intent,
          fields: parsed.fields,
          status: 400,
          values: typedValues(form, ['rating', 'feedback']),
        };
      result = await giveFeedback(db, viewer, bookingId, parsed.data, meta);
      break;
    }
  }
  if (result.ok) return { ok: true, intent: intent as BookingIntent };
  return {
    ok: false,
    intent,
    fields: failureFields(t, result),
    status: bookingErrorStatus[result.error],
  };
}

export type BookFormAnswer =
  | { ok: true; id: string }
  | { ok: false; fields: FieldErrors; status: number; full?: boolean; waitlistAvailable?: boolean };

/**
 * The booking form. It carries a hidden idempotency key (made when the form was shown), so a double click or a
 * resubmitted page books once and lands on the same trip.
 */
export async function submitBookingForm(
  db: Database,
  viewer: Viewer,
  sessionId: string,
  formData: FormData,
  meta: Meta,
  t: TFunction,
  /** The form asks for a phone when the account has no mobile number to fall back on (the venue must reach the group). */
  options: { phoneRequired?: boolean } = {},
): Promise<BookFormAnswer> {
  const form = formToObject(formData);
  const { idempotencyKey, ...fields } = form;
  const parsed = parseInput(BookingInputSchema, { ...fields, sessionId }, t);
  const phoneMissing = options.phoneRequired && !String(fields.contactPhone ?? '').trim();
  if (!parsed.ok || phoneMissing) {
    // Said in one go: what the program takes of the group is judged too, for the fields that could be read, so that
    // mending a phone number does not bring a second round of refusals (too few adults, a group too small).
    const rules = await groupRulesOf(db, sessionId);
    const readable = (name: 'grade' | 'pupils' | 'chaperones') => {
      const read = BookingInputSchema.shape[name].safeParse(fields[name]);
      return read.success ? read.data : undefined;
    };
    const misfits = rules
      ? programMisfits(rules.program, rules.venue, {
          grade: readable('grade'),
          pupils: readable('pupils'),
          chaperones: readable('chaperones'),
        })
      : [];
    return {
      ok: false,
      fields: {
        ...Object.assign({}, ...misfits.map((misfit) => failureFields(t, misfit))),
        ...(phoneMissing ? { contactPhone: t('bookings.error.contactPhoneMissing') } : {}),
        ...(parsed.ok ? {} : parsed.fields),
      },
      status: 400,
    };
  }
  const run = async (complete?: Completion) => {
    const result = await createBooking(db, viewer, parsed.data, meta, {
      complete,
      respond: (created) => ({ status: 201, body: { id: created.id } }),
    });
    if (result.ok) return { status: 201, body: { id: result.id } };
    return {
      // The status the API gives the same refusal: 409 for a full session or a conflict, 422 for a form that breaks a
      // rule (too few adults, a grade not offered, a window closed).
      status: bookingErrorStatus[result.error],
      body: {
        fields: failureFields(t, result),
        full: result.error === 'session_full',
        waitlistAvailable: Boolean(result.waitlistAvailable),
      },
    };
  };
  const sent = await submitFormOnce(
    db,
    {
      userId: viewer.id,
      key: idempotencyKey,
      scope: `form:/sessions/${sessionId}/book`,
      body: parsed.data,
      now: meta.now,
    },
    run,
    t,
    { claimInOperation: true },
  );
  if (!sent.ok) return sent;
  const body = sent.response.body as {
    id?: string;
    fields?: FieldErrors;
    full?: boolean;
    waitlistAvailable?: boolean;
  };
  if (body.id) return { ok: true, id: body.id };
  return {
    ok: false,
    status: sent.response.status,
    fields: body.fields ?? {},
    full: body.full,
    waitlistAvailable: body.waitlistAvailable,
  };
}
