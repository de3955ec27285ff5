import { z } from 'zod';
import type { MessageKey } from '#app/i18n/index.ts';
import {
  calendarDay,
  clockTime as clockTimeOf,
  dayEntry,
  namedUnreadableDays,
} from '#app/utils/form-dates.ts';
import { wholeNumber } from '#app/utils/form-numbers.ts';
import { contactPhone } from '#app/utils/form-phones.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import { blank, flag, whenValid } from '#app/utils/validation.ts';
import { GRADE_MAX, GRADE_MIN, languages, speakerCategories } from '#db/schema/enums.ts';
import { type DeclineSide, speakerDeclineReasons, venueDeclineReasons } from './decline-reasons.ts';
import { DAY_BEGINS, DAY_ENDS, daytimeWords, withinDaytime } from './rules.ts';

/** Forms send one value or several under one name; the domain always wants a list. */
function many<T extends z.ZodType>(list: T) {
  return z.preprocess(
    (value) => (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]),
    list,
  );
}

const regionCode = z.string().regex(/^15[0-9]{4}$/, 'validation.invalid');
const grade = wholeNumber(GRADE_MIN, GRADE_MAX);
export const gradesField = many(z.array(grade).min(1, 'validation.chooseGrade').max(13));
const day = calendarDay;
const clockTime = clockTimeOf('speakers.error.time');

export const MAX_SLOTS = 3;
/** A talk or an outreach visit lasts at most a school day. */
export const MAX_SLOT_MINUTES = 8 * 60;
const instant = z.iso.datetime({ offset: true, error: 'validation.date' }).transform((v) => new Date(v));

// The rules between a slot's two times are checked only once both could be read (a time without its offset is
// reported as that, on its own field).
export const SlotSchema = z
  .object({ startsAt: instant, endsAt: instant })
  .refine((s) => s.endsAt > s.startsAt, {
    path: ['endsAt'],
    message: 'invitation.error.slotOrder',
    when: whenValid('startsAt', 'endsAt'),
  })
  .refine((s) => s.endsAt.getTime() - s.startsAt.getTime() <= MAX_SLOT_MINUTES * 60_000, {
    path: ['endsAt'],
    message: 'invitation.error.slotTooLong',
    when: whenValid('startsAt', 'endsAt'),
  });
export type Slot = { startsAt: Date; endsAt: Date };

/**
 * For each time in a list, the first earlier one it overlaps without being the same time (the same start is reported
 * as a repeat): one talk cannot be held at two times that cross.
 */
export function overlappingSlots(slots: readonly Slot[]): { index: number; overlaps: number }[] {
  const found: { index: number; overlaps: number }[] = [];
  for (const [index, slot] of slots.entries()) {
    const earlier = slots.findIndex(
      (other, j) =>
        j < index &&
        other.startsAt.getTime() !== slot.startsAt.getTime() &&
        other.startsAt < slot.endsAt &&
        slot.startsAt < other.endsAt,
    );
    if (earlier >= 0) found.push({ index, overlaps: earlier });
  }
  return found;
}

export const SlotsSchema = z
  .array(SlotSchema)
  .min(1)
  .max(MAX_SLOTS)
  .refine((slots) => new Set(slots.map((s) => s.startsAt.getTime())).size === slots.length, {
    message: 'invitation.error.slotDuplicate',
    // Only a list of slots that could all be read is compared.
    when: ({ issues }) => issues.length === 0,
  })
  .check((ctx) => {
    if (ctx.issues.length > 0) return;
    for (const { index, overlaps } of overlappingSlots(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: [index, 'startsAt'],
        message: 'invitation.error.slotOverlap',
        params: { n: overlaps + 1 },
      });
    }
  });

const audienceSize = wholeNumber(1, 5000);
/** Another talk of the same topic, while the school's first invitation for it still waits for an answer. */
const anotherInvitation = flag.default(false).meta({
  description:
    'This is another talk of the topic, though the school already has an invitation to the speaker for it that ' +
    'waits for an answer (pending or countered). Without it such an invitation is refused: 409 `already_invited`.',
});
/** Another visit of the same outreach program, while the school's first request for it still waits for an answer. */
const anotherRequest = flag.default(false).meta({
  description:
    'This is another visit of the outreach program, though the school already has a request for it that waits for ' +
    'an answer (pending or countered). Without it such a request is refused: 409 `already_invited`.',
});
const place = z.string().trim().min(1).max(200);
const notes = z.string().trim().max(1000).default('');

/** A teacher's invitation to a speaker (form and API). */
export const InvitationInputSchema = z.object({
  speakerId: z.uuid(),
  topicId: z.uuid(),
  slots: SlotsSchema,
  audienceSize,
  grades: gradesField,
  place,
  notes,
  anotherInvitation,
  /** Needed only by someone who belongs to several schools. */
  schoolId: z.uuid().optional(),
});
/** `anotherInvitation` may be left out by callers in code (it then is false, as in the API). */
export type InvitationInput = Omit<z.output<typeof InvitationInputSchema>, 'anotherInvitation'> & {
  anotherInvitation?: boolean;
};

/** A school's request for a venue's outreach program (进校园). */
export const OutreachInputSchema = z.object({
  programId: z.uuid(),
  slots: SlotsSchema,
  audienceSize,
  grades: gradesField,
  place,
  notes,
  anotherInvitation: anotherRequest,
  schoolId: z.uuid().optional(),
});
/** `anotherInvitation` may be left out by callers in code (it then is false, as in the API). */
export type OutreachInput = Omit<z.output<typeof OutreachInputSchema>, 'anotherInvitation'> & {
  anotherInvitation?: boolean;
};

export const AcceptSchema = z.object({ slot: z.uuid('invitation.error.slotNotOpen') });
export const ReasonSchema = z.object({ reason: z.string().trim().min(1).max(500) });
const counterNote = z.preprocess((value) => value ?? '', z.string().trim().max(500));
export const CounterSchema = z.object({ slots: SlotsSchema, note: counterNote });
/** The note of the counter-proposal form (its slots are read by `slotFormSchema`). */
export const CounterNoteSchema = z.object({ note: counterNote });
export const CompleteSchema = z.object({
  rating: wholeNumber(1, 5),
  feedback: z.string().trim().min(1).max(2000),
});

/**
 * The decline form of one side: one of that side's reasons, which the person must choose (none is chosen for them),
 * with words of one's own (required for "other").
 */
export function declineFormSchema(side: DeclineSide) {
  return z
    .object({
      reasonCode: z.enum(side === 'speaker' ? speakerDeclineReasons : venueDeclineReasons, {
        error: (issue) =>
          issue.input === undefined || issue.input === ''
            ? 'invitation.answer.declineReasonMissing'
            : undefined,
      }),
      detail: z.string().trim().max(400).default(''),
    })
    .refine((v) => v.reasonCode !== 'other' || v.detail.length > 0, {
      path: ['detail'],
      message: 'validation.required',
    });
}

/** A form row (YYYY-MM-DD, HH:MM in Beijing time) as the time it stands for, lasting the topic's length. */
function slotOf(date: string, time: string, durationMinutes: number): Slot {
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const startsAt = shanghaiTime(year, month, dayOfMonth, hour, minute);
  return { startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) };
}

/**
 * Up to three proposed times as the forms send them: a date and a start time each (Asia/Shanghai); the length comes
 * from the topic or program. A half-filled row is an error on its empty field; no row at all is an error on the first.
 */
export function slotFormSchema(durationMinutes: number) {
  // Days and times as typed, full-width ones in half-width, so that the slot is made from what was checked.
  const optionalText = z.preprocess(blank, dayEntry.optional());
  return z
    .object({
      date1: optionalText,
      time1: optionalText,
      date2: optionalText,
      time2: optionalText,
      date3: optionalText,
      time3: optionalText,
    })
    .superRefine((form, ctx) => {
      let rows = 0;
      for (const n of [1, 2, 3] as const) {
        const date = form[`date${n}`];
        const time = form[`time${n}`];
        if (!date && !time) continue;
        rows++;
        if (!date) ctx.addIssue({ code: 'custom', path: [`date${n}`], message: 'validation.required' });
        else if (!day.safeParse(date).success)
          ctx.addIssue({ code: 'custom', path: [`date${n}`], message: 'validation.date' });
        if (!time) ctx.addIssue({ code: 'custom', path: [`time${n}`], message: 'validation.required' });
        else if (!clockTime.safeParse(time).success)
          ctx.addIssue({ code: 'custom', path: [`time${n}`], message: 'speakers.error.time' });
        else if (date && day.safeParse(date).success && !withinDaytime(slotOf(date, time, durationMinutes)))
          ctx.addIssue({ code: 'custom', path: [`time${n}`], message: 'invitation.error.outside_daytime' });
      }
      if (rows === 0) ctx.addIssue({ code: 'custom', path: ['date1'], message: 'invitation.error.noSlot' });
      // Named at the later row's date, with the row it crosses, as the rows are labelled (时间 1…3).
      const readable = readableSlotRows(form, durationMinutes);
      for (const { index, overlaps } of overlappingSlots(readable.map(({ slot }) => slot))) {
        ctx.addIssue({
          code: 'custom',
          path: [`date${readable[index]?.row}`],
          message: 'invitation.error.slotOverlap',
          params: { n: readable[overlaps]?.row },
        });
      }
      // A time typed twice is named at its second row, with the row it repeats.
      for (const { row, same } of repeatedSlotRows(readable)) {
        ctx.addIssue({
          code: 'custom',
          path: [`date${row}`],
          message: 'invitation.error.slotSame',
          params: { n: same },
        });
      }
    })
    .transform((form): Slot[] => {
      const slots: Slot[] = [];
      for (const n of [1, 2, 3] as const) {
        const date = form[`date${n}`];
        const time = form[`time${n}`];
        if (!date || !time) continue;
        slots.push(slotOf(date, time, durationMinutes));
      }
      return slots;
    });
}

/** The rows whose time repeats an earlier row's, each with the earlier row (1–3). */
export function repeatedSlotRows(
  rows: readonly { row: 1 | 2 | 3; slot: Slot }[],
): { row: number; same: number }[] {
  return rows.flatMap(({ row, slot }, i) => {
    const earlier = rows.find(
      (other, j) => j < i && other.slot.startsAt.getTime() === slot.startsAt.getTime(),
    );
    return earlier ? [{ row, same: earlier.row }] : [];
  });
}

/**
 * The rows of the slot form (1–3) whose date and start time can both be read, as times, whatever else is wrong with
 * the form: the rules that need the speaker's calendar are checked on them in the same answer.
 */
export function readableSlotRows(
  form: Record<string, unknown>,
  durationMinutes: number,
): { row: 1 | 2 | 3; slot: Slot }[] {
  const rows: { row: 1 | 2 | 3; slot: Slot }[] = [];
  for (const row of [1, 2, 3] as const) {
    const date = form[`date${row}`];
    const time = form[`time${row}`];
    const readDay = day.safeParse(date);
    const readTime = clockTime.safeParse(time);
    if (!readDay.success || !readTime.success) continue;
    rows.push({ row, slot: slotOf(readDay.data, readTime.data, durationMinutes) });
  }
  return rows;
}

/** The rest of the invitation form (the slots are parsed by `slotFormSchema`). */
export const InvitationFormSchema = z.object({
  audienceSize,
  grades: gradesField,
  place,
  notes,
  anotherInvitation,
  schoolId: z.preprocess(blank, z.uuid().optional()),
});

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

export const AvailabilitySchema = z
  .array(
    z
      .object({ weekday: z.number().int().min(0).max(6), from: clockTime, to: clockTime })
      .refine((w) => w.from < w.to, { path: ['to'], message: 'speakers.error.timeOrder' })
      .superRefine((w, ctx) => {
        // Schools can only propose times by day (withinDaytime): hours outside it would never be asked for.
        const issue = {
          code: 'custom',
          message: 'speakers.error.outsideDaytime',
          params: daytimeWords,
        } as const;
        if (w.from < DAY_BEGINS) ctx.addIssue({ ...issue, path: ['from'] });
        if (w.to > DAY_ENDS) ctx.addIssue({ ...issue, path: ['to'] });
      }),
  )
  .max(21);

/** Days a speaker cannot come, as typed; unreadable ones are named, as the venue console's exception dates are. */
const blackoutDays = z
  .array(dayEntry)
  .max(366)
  .superRefine(namedUnreadableDays('speakers.error.blackoutDates'))
  .transform((list) => [...new Set(list)].sort());

export const ProfileInputSchema = z.object({
  displayName: z.string().trim().min(1).max(40),
  category: z.enum(speakerCategories),
  title: z.string().trim().max(80).default(''),
  bio: z.string().trim().max(2000).default(''),
  regionCode,
  languages: many(z.array(z.enum(languages)).min(1, 'validation.chooseLanguage')),
  serviceRegionCodes: many(z.array(regionCode).max(30)),
  serviceRadiusKm: z.preprocess(blank, wholeNumber(1, 1000).nullable().default(null)),
  weeklyAvailability: AvailabilitySchema,
  blackoutDates: blackoutDays,
  monthlyCap: wholeNumber(0, 60),
  needs: z.string().trim().max(500).default(''),
  /** What a teacher calls once the speaker accepted: the same rule as a booking's contact phone. */
  phone: z.preprocess(blank, contactPhone.nullable().default(null)),
  email: z.preprocess(blank, z.email('validation.email').nullable().default(null)),
});
export type ProfileInput = z.output<typeof ProfileInputSchema>;

/** A new calendar address only when the speaker ticked that the old one stops working at once. */
export const RotateFeedSchema = z.object({ confirm: z.literal('yes', 'speakers.home.feedConfirmMissing') });

/**
 * The profile form as a plain object: availability comes as `from<weekday>`/`to<weekday>` pairs and blackout dates
 * as free text (one date per line, or separated by commas or spaces).
 */
export function profileFormToInput(form: Record<string, unknown>): Record<string, unknown> {
  const weeklyAvailability: { weekday: number; from: unknown; to: unknown }[] = [];
  for (const weekday of WEEKDAYS) {
    const from = blank(form[`from${weekday}`]);
    const to = blank(form[`to${weekday}`]);
    if (from !== undefined || to !== undefined) weeklyAvailability.push({ weekday, from, to });
  }
  const blackout = typeof form.blackoutDates === 'string' ? form.blackoutDates : '';
  return {
    ...form,
    weeklyAvailability,
    blackoutDates: [...new Set(blackout.split(/[\s,，、]+/).filter(Boolean))],
  };
}

export const TopicInputSchema = z.object({
  title: z.string().trim().min(1).max(80),
  summary: z.string().trim().max(1000).default(''),
  themes: many(z.array(z.string().trim().min(1).max(20)).max(6)),
  grades: gradesField,
  durationMinutes: wholeNumber(10, 480),
  language: z.enum(languages),
  active: z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean()).default(true),
});
export type TopicInput = z.output<typeof TopicInputSchema>;

/**
 * Setting the vetting badge: the last day the speaker may be booked (within the range latestVettingDay allows, which
 * the domain checks against today). An empty date is refused, not taken as "withdraw": withdrawing is its own action
 * (RevokeVettingSchema), with a box to tick.
 */
export const VettingSchema = z.object({
  speakerId: z.uuid(),
  vettedUntil: z
    .string('speakers.vetting.error.required')
    .trim()
    .min(1, 'speakers.vetting.error.required')
    .pipe(day),
});

/** Withdrawing the vetting badge, ticked as meant. */
export const RevokeVettingSchema = z.object({
  speakerId: z.uuid(),
  confirm: z.literal('yes', 'speakers.vetting.revokeConfirmMissing'),
});

/** The topic menu's filters, as the URL carries them. */
/** The longest words the topic menu searches for. */
export const TOPIC_QUERY_MAX = 60;
export const TopicMenuQuerySchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(TOPIC_QUERY_MAX).optional()),
  theme: z.preprocess(blank, z.string().trim().max(20).optional()),
  grade: z.preprocess(blank, grade.optional()),
  region: z.preprocess(blank, regionCode.optional()),
  language: z.preprocess(blank, z.enum(languages).optional()),
  km: z.preprocess(blank, wholeNumber(1, 2000).optional()),
  page: z.preprocess(blank, wholeNumber(1, 1000).default(1)),
});
export type TopicMenuQuery = z.output<typeof TopicMenuQuerySchema>;

/** The topic menu form's label of each parameter, to name a filter that was ignored. */
export const topicMenuQueryLabels = {
  q: 'speakers.menu.q',
  theme: 'speakers.menu.theme',
  grade: 'speakers.menu.grade',
  region: 'speakers.menu.region',
  language: 'speakers.menu.language',
  km: 'speakers.menu.km',
  page: 'search.field.page',
} as const satisfies Record<keyof z.input<typeof TopicMenuQuerySchema>, MessageKey>;
