import { z } from 'zod';
import { wholeNumber, yuanToFen } from '#app/utils/form-numbers.ts';
import { contactPhone } from '#app/utils/form-phones.ts';
import { blank, flag, whenValid } from '#app/utils/validation.ts';
import { GRADE_MAX, GRADE_MIN } from '#db/schema/enums.ts';

const count = (max: number) => z.preprocess(blank, wholeNumber(0, max));
/** A count that may be left empty (on the form, or out of a JSON body): none. */
const countOrNone = (max: number) => z.preprocess(blank, wholeNumber(0, max).default(0));

export const MAX_PUPILS = 500;
export const MAX_CHAPERONES = 100;

/**
 * A school's request for seats in a session (form and API). Counts only — a booking never carries a pupil's name
 * (DESIGN.md rule 6). `waitlist`: join the waitlist when the session is full instead of being refused.
 */
export const BookingInputSchema = z
  .object({
    sessionId: z.uuid(),
    grade: z.preprocess(blank, wholeNumber(GRADE_MIN, GRADE_MAX)),
    pupils: z.preprocess(blank, wholeNumber(1, MAX_PUPILS)),
    chaperones: count(MAX_CHAPERONES),
    pupilsWithDisabilities: countOrNone(MAX_PUPILS),
    leftBehindPupils: countOrNone(MAX_PUPILS),
    contactName: z.preprocess(blank, z.string().trim().min(1).max(50).optional()),
    contactPhone: z.preprocess(blank, contactPhone.optional()),
    notes: z.preprocess((v) => v ?? '', z.string().trim().max(1000)),
    waitlist: flag.default(false),
    anotherGroup: flag.default(false).meta({
      description:
        'This is another class or group of a school that already has a live booking (requested, approved, ' +
        'confirmed or waitlisted) in the session. Without it such a request is refused: 409 `already_booked`.',
    }),
    /** Needed only by someone who belongs to several schools. */
    schoolId: z.preprocess(blank, z.uuid().optional()),
  })
  .refine((v) => v.pupilsWithDisabilities <= v.pupils, {
    path: ['pupilsWithDisabilities'],
    message: 'bookings.error.moreThanPupils',
    when: whenValid('pupils', 'pupilsWithDisabilities'),
  })
  // Every adult comes with pupils: 30 adults for 3 pupils is the two fields typed the wrong way round, and would
  // take the seats of other schools. A pupil with a disability may bring a carer of their own besides.
  .refine((v) => v.chaperones <= v.pupils + v.pupilsWithDisabilities, {
    path: ['chaperones'],
    message: 'bookings.error.chaperonesMoreThanPupils',
    when: whenValid('pupils', 'chaperones', 'pupilsWithDisabilities'),
  })
  .refine((v) => v.leftBehindPupils <= v.pupils, {
    path: ['leftBehindPupils'],
    message: 'bookings.error.moreThanPupils',
    when: whenValid('pupils', 'leftBehindPupils'),
  });
export type BookingInput = z.output<typeof BookingInputSchema>;

export const ReasonSchema = z.object({ reason: z.string().trim().min(1).max(500) });
/** The page's cancel form: a reason, and the box ticked that says the person means it (the API asks for the reason only). */
export const CancelFormSchema = ReasonSchema.extend({
  confirm: z.literal('yes', 'bookings.cancel.confirmMissing'),
});
export const OptionalReasonSchema = z.object({
  reason: z.preprocess((v) => v ?? '', z.string().trim().max(500)),
});
/**
 * The page's decline form: a reason, which the teacher is told, and the box ticked (the button sits under Confirm).
 * The API keeps the reason optional, as documented for its callers.
 */
export const DeclineFormSchema = ReasonSchema.extend({
  confirm: z.literal('yes', 'bookings.decline.confirmMissing'),
});

/** Prices in fen (the API); the form's yuan have the same ceiling. */
export const MAX_PRICE_FEN = 1_000_000;
const fen = z.preprocess(blank, wholeNumber(0, MAX_PRICE_FEN));

/** What the venue records after the visit: who came and what each was charged (fen). */
export const AttendanceSchema = z.object({
  attendedPupils: count(MAX_PUPILS),
  attendedChaperones: count(MAX_CHAPERONES),
  chargedPricePerPupil: fen,
  chargedPricePerChaperone: fen,
});
export type AttendanceInput = z.output<typeof AttendanceSchema>;

/** After an attended trip: a rating of 1–5 and, if the teacher likes, a few words for the venue. */
export const FeedbackSchema = z.object({
  rating: wholeNumber(1, 5),
  feedback: z.preprocess(blank, z.string().trim().max(2000).default('')),
});
export type FeedbackInput = z.output<typeof FeedbackSchema>;

/** The attendance form takes prices in yuan (two decimals at most) and turns them into fen. */
const yuan = z.preprocess(blank, yuanToFen(MAX_PRICE_FEN));
export const AttendanceFormSchema = z.object({
  attendedPupils: count(MAX_PUPILS),
  attendedChaperones: count(MAX_CHAPERONES),
  chargedPricePerPupil: yuan,
  chargedPricePerChaperone: yuan,
  /** Ticked after a warning: the charges (fen, `pupil-chaperone`) confirmed although above the promise. */
  confirmOvercharge: z.preprocess(blank, z.string().max(40).optional()),
});
