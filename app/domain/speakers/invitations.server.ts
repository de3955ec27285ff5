import {
  aliasedTable,
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { administeredSchoolIds, isAdmin, memberSchoolIds } from '#app/domain/accounts/roles.ts';
import type { CalendarEvent } from '#app/domain/calendar/ics.server.ts';
import type { TFunction } from '#app/i18n/index.ts';
import { DAY, nightReminderCutoff, shanghaiDay, shanghaiParts, shanghaiTime } from '#app/utils/time.ts';
import { type FieldErrors, isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import type { InvitationKind, InvitationStatus } from '#db/schema/enums.ts';
import {
  type Invitation,
  invitationSlots,
  invitations,
  memberships,
  programs,
  schools,
  speakerMonthLoads,
  speakers,
  speakerTopics,
  users,
  venueDayLoads,
  venues,
} from '#db/schema/index.ts';
import type { WeeklyAvailability } from '#db/schema/speakers.ts';
import { PG, pgErrorCode } from '#db/sql.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { markReadAbout, type NoticeKind, sendNotice } from '../notices/notices.server.ts';
import {
  acceptableProposer,
  availableActions,
  type InvitationAction,
  nextStatus,
  openStatuses,
  type Party,
} from './machine.ts';
import { similarOutreachNearby } from './outreach.server.ts';
import { placeLine } from './place.ts';
import {
  answerDeadline,
  type Calendar,
  fitsAvailability,
  inMonthAtCap,
  MAX_AHEAD_MS,
  MIN_NOTICE_MS,
  type MonthsAtCap,
  NO_MONTH_AT_CAP,
  onBlackoutDate,
  overlaps,
  servesPlace,
  withinDaytime,
} from './rules.ts';
import {
  type InvitationInput,
  type OutreachInput,
  overlappingSlots,
  readableSlotRows,
  repeatedSlotRows,
  type Slot,
} from './schemas.ts';
import {
  type SchoolPlace,
  type SpeakerContact,
  schoolOf,
  similarTopicsNearby,
  speakerContactFor,
  speaksAs,
  type Viewer,
} from './speakers.server.ts';

export const DEFAULT_EXPIRY_DAYS = 7;

export interface Meta {
  now: Date;
  /** Days a side has to answer (INVITATION_EXPIRY_DAYS). */
  expiryDays?: number;
  /** Start of links in e-mails. */
  publicUrl?: string;
  requestId?: string | null;
  ip?: string | null;
}

export type InvitationError =
  | 'not_found'
  | 'not_a_teacher'
  | 'invalid_transition'
  | 'slot_not_open'
  | 'slot_in_past'
  | 'answer_too_late'
  | 'slot_busy'
  | 'speaker_busy'
  | 'slots_overlap'
  | 'already_proposed'
  | 'slot_taken'
  | 'cap_reached'
  | 'venue_day_full'
  | 'not_vetted'
  | 'outside_availability'
  | 'blackout_date'
  | 'outside_service_area'
  | 'too_soon'
  | 'too_far_ahead'
  | 'outside_daytime'
  | 'speaker_unavailable'
  | 'program_unavailable'
  | 'grades_not_offered'
  | 'already_started'
  | 'not_yet_held'
  | 'already_invited';

/** An invitation of the school for the same topic that still waits for an answer (what `already_invited` names). */
export interface ExistingInvitation {
  id: string;
  status: InvitationStatus;
  sentAt: Date;
  /** The teacher who sent it. */
  teacher: string;
  /** Whether the person asking may open it (their own, or their school's as its admin). */
  viewable: boolean;
}

export type Failure = {
  ok: false;
  error: InvitationError;
  field?: string;
  /** With `already_invited`: the school's invitations for the topic that wait for an answer, oldest first. */
  existing?: ExistingInvitation[];
  /** With `already_invited`: what the waiting ones ask for, a speaker's talk or a venue's outreach visit. */
  kind?: InvitationKind;
};
export type Outcome<T = object> = ({ ok: true } & T) | Failure;

function fail(error: InvitationError, field?: string): Failure {
  return field ? { ok: false, error, field } : { ok: false, error };
}

/** A slot's time in Asia/Shanghai for notices (the same in every language). */
export function formatWhen(instant: Date): string {
  const p = shanghaiParts(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The side a person is on: the inviting teacher (while a member of the school, as for bookings) or their school's
 * admin, or the speaker or venue invited. */
export function partyOf(
  viewer: Viewer,
  invitation: Pick<Invitation, 'kind' | 'teacherId' | 'schoolId' | 'speakerId' | 'venueId'>,
): Party | null {
  if (invitation.teacherId === viewer.id && memberSchoolIds(viewer).includes(invitation.schoolId))
    return 'teacher';
  if (administeredSchoolIds(viewer).includes(invitation.schoolId)) return 'teacher';
  if (invitation.kind === 'speaker' && invitation.speakerId && speaksAs(viewer, invitation.speakerId))
    return 'host';
  if (
    invitation.kind === 'outreach' &&
    viewer.roles.some((r) => r.role === 'venue_operator' && r.venueId === invitation.venueId)
  ) {
    return 'host';
  }
  return null;
}

/** The timing rule a proposed time breaks, if any: not passed, a day's notice, at most a year ahead, by day. */
function timingProblem(slot: Slot, now: Date): InvitationError | null {
  // A time already gone is said to be gone (as accepting one is), not "a day ahead, please".
  if (slot.startsAt.getTime() < now.getTime()) return 'slot_in_past';
  if (slot.startsAt.getTime() < now.getTime() + MIN_NOTICE_MS) return 'too_soon';
  if (slot.startsAt.getTime() > now.getTime() + MAX_AHEAD_MS) return 'too_far_ahead';
  if (!withinDaytime(slot)) return 'outside_daytime';
  return null;
}

function badgeProblem(slot: Slot, vettedUntil: string | null): InvitationError | null {
  return vettedUntil === null || vettedUntil < shanghaiDay(new Date(slot.endsAt.getTime() - 1))
    ? 'not_vetted'
    : null;
}

function checkTiming(slots: readonly Slot[], now: Date): Failure | null {
  return slotFailures(slots, now, null)[0] ?? null;
}

/**
 * A speaker's calendar as far as proposed times go; null for a venue's outreach visit (timing rules only). With the
 * speaker's engagements the times cross and the months already at the cap (speakerCommitments): a time the speaker
 * could not accept now is not asked for.
 */
type SlotCalendar =
  | (Pick<Calendar, 'weeklyAvailability' | 'blackoutDates' | 'vettedUntil'> & Partial<Commitments>)
  | null;

interface Commitments {
  busy: readonly Slot[];
  monthsAtCap: MonthsAtCap;
}

/**
 * The speaker's scheduled (or given) talks that cross any of `slots`, and the months in which the cap is reached;
 * `except` leaves out the invitation being looked at (its own scheduled time does not block it).
 */
async function speakerCommitments(
  db: Database,
  speakerId: string,
  slots: readonly Slot[],
  except?: string,
): Promise<Commitments> {
  if (slots.length === 0) return { busy: [], monthsAtCap: NO_MONTH_AT_CAP };
  const from = new Date(Math.min(...slots.map((s) => s.startsAt.getTime())));
  const to = new Date(Math.max(...slots.map((s) => s.endsAt.getTime())));
  const [rows, full] = await Promise.all([
    db
      .select({ startsAt: invitations.scheduledStartsAt, endsAt: invitations.scheduledEndsAt })
      .from(invitations)
      .where(
        and(
          eq(invitations.speakerId, speakerId),
          inArray(invitations.status, ['scheduled', 'completed']),
          except ? ne(invitations.id, except) : undefined,
          lt(invitations.scheduledStartsAt, to),
          gt(invitations.scheduledEndsAt, from),
        ),
      ),
    monthsAtCap(db, speakerId),
  ]);
  const busy = rows.flatMap((r) =>
    r.startsAt && r.endsAt ? [{ startsAt: r.startsAt, endsAt: r.endsAt }] : [],
  );
  return { busy, monthsAtCap: full };
}

/** The times of one proposal that cross an earlier one of it (schemas.ts names them by row; this guards the domain). */
function overlapProblems(slots: readonly Slot[]): Map<number, InvitationError> {
  return new Map(overlappingSlots(slots).map(({ index }) => [index, 'slots_overlap' as const]));
}

/**
 * Every proposed time that cannot be asked for, each with the first rule it breaks. Each rule runs over all the times
 * before the next (timing, then times of the list that cross, then the speaker's blackout days and weekly windows,
 * then the badge), so the first failure is the one an invitation is refused with; the form names them all at once.
 */
function slotFailures(slots: readonly Slot[], now: Date, calendar: SlotCalendar): Failure[] {
  const overlapping = overlapProblems(slots);
  const rules: ((slot: Slot, i: number) => InvitationError | null)[] = [
    (slot) => timingProblem(slot, now),
    (_, i) => overlapping.get(i) ?? null,
  ];
  if (calendar) {
    rules.push(
      (slot) =>
        onBlackoutDate(slot, calendar.blackoutDates)
          ? 'blackout_date'
          : fitsAvailability(slot, calendar.weeklyAvailability)
            ? null
            : 'outside_availability',
      (slot) => ((calendar.busy ?? []).some((b) => overlaps(slot, b)) ? 'speaker_busy' : null),
      (slot) => (inMonthAtCap(calendar.monthsAtCap ?? NO_MONTH_AT_CAP, slot.startsAt) ? 'cap_reached' : null),
      (slot) => badgeProblem(slot, calendar.vettedUntil),
    );
  }
  const failed = new Map<number, InvitationError>();
  for (const rule of rules) {
    for (const [i, slot] of slots.entries()) {
      const problem = failed.has(i) ? null : rule(slot, i);
      if (problem) failed.set(i, problem);
    }
  }
  return [...failed].map(([i, error]) => fail(error, `slots.${i}`));
}

/**
 * The proposed times a speaker's calendar (or, for an outreach request, the timing rules) would refuse, read before
 * anything is written: the invitation form names them together with its other mistakes.
 */
export async function proposedTimeFailures(
  db: Database,
  speakerId: string | null,
  slots: readonly Slot[],
  now: Date,
): Promise<Failure[]> {
  if (!speakerId || slots.length === 0) return slotFailures(slots, now, null);
  const [calendar] = await db
    .select({
      weeklyAvailability: speakers.weeklyAvailability,
      blackoutDates: speakers.blackoutDates,
      vettedUntil: speakers.vettedUntil,
    })
    .from(speakers)
    .where(eq(speakers.id, speakerId));
  if (!calendar) return slotFailures(slots, now, null);
  return slotFailures(slots, now, { ...calendar, ...(await speakerCommitments(db, speakerId, slots)) });
}

/**
 * For a form of proposed times (date1/time1…): the rows that read as times but would be refused, named at their date
 * (`date2: 请至少提前一天。`), leaving out rows the form's own checks refused already (`formFields`), so that a form
 * answers every mistake at once. `first` is the failure an invitation would be refused with.
 */
export async function proposedTimeFieldErrors(
  db: Database,
  speakerId: string | null,
  form: Record<string, unknown>,
  durationMinutes: number,
  formFields: FieldErrors,
  now: Date,
  t: TFunction,
): Promise<{ fields: FieldErrors; first: Failure | undefined }> {
  return timeFieldErrors(
    (slots) => proposedTimeFailures(db, speakerId, slots, now),
    form,
    durationMinutes,
    formFields,
    t,
  );
}

/**
 * The same for a counter-proposal's form: the teacher's new times against the speaker's calendar (as a new
 * invitation's), the host's own against what accepting them would need (hostSlotFailures). Read before anything is
 * written; counterInvitation checks again under the invitation's lock.
 */
export async function counterTimeFieldErrors(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  form: Record<string, unknown>,
  durationMinutes: number,
  formFields: FieldErrors,
  now: Date,
  t: TFunction,
): Promise<{ fields: FieldErrors; first: Failure | undefined }> {
  const [invitation] = isUuid(invitationId)
    ? await db.select().from(invitations).where(eq(invitations.id, invitationId))
    : [];
  const party = invitation ? partyOf(viewer, invitation) : null;
  return timeFieldErrors(
    (slots) =>
      invitation && party === 'host'
        ? hostSlotFailures(db, invitation, slots, now)
        : proposedTimeFailures(
            db,
            invitation?.kind === 'speaker' && party === 'teacher' ? invitation.speakerId : null,
            slots,
            now,
          ),
    form,
    durationMinutes,
    formFields,
    t,
  );
}

async function timeFieldErrors(
  failuresOf: (slots: readonly Slot[]) => Promise<Failure[]>,
  form: Record<string, unknown>,
  durationMinutes: number,
  formFields: FieldErrors,
  t: TFunction,
): Promise<{ fields: FieldErrors; first: Failure | undefined }> {
  // A row whose time the form refused (at night, say) is still checked for its day: a past day is named with it. So is
  // a row that repeats an earlier one: its own problem (a past day) comes first, the repetition after.
  const readable = readableSlotRows(form, durationMinutes);
  const repeats = new Map(repeatedSlotRows(readable).map(({ row, same }) => [row, same]));
  const checkable = readable.filter(({ row }) => !(`date${row}` in formFields) || repeats.has(row));
  const refused = await failuresOf(checkable.map(({ slot }) => slot));
  const fields: FieldErrors = {};
  let first: Failure | undefined;
  for (const failure of refused) {
    const row = checkable[Number(failure.field?.slice('slots.'.length))]?.row;
    // What the time's own field already says is not said again at the date; times that cross are named by the form.
    if (!row || (`time${row}` in formFields && failure.error === 'outside_daytime')) continue;
    if (failure.error === 'slots_overlap') continue;
    const problem = t(`invitation.error.${failure.error}`);
    const same = repeats.get(row);
    fields[`date${row}`] = same ? t('invitation.error.slotSameToo', { problem, n: same }) : problem;
    first ??= failure;
  }
  return { fields, first };
}

// ---- Notices: who hears of what. Parameters carry names and times only — never a speaker's phone or e-mail.

type Described = {
  title: string;
  host: string;
  school: string;
  teacher: string;
};

async function describe(db: Database, invitation: Invitation): Promise<Described> {
  const [row] = await db
    .select({
      topic: speakerTopics.title,
      program: programs.title,
      speaker: speakers.displayName,
      venue: venues.name,
      school: schools.name,
      teacher: users.name,
    })
    .from(invitations)
    .innerJoin(schools, eq(schools.id, invitations.schoolId))
    .innerJoin(users, eq(users.id, invitations.teacherId))
    .leftJoin(speakerTopics, eq(speakerTopics.id, invitations.topicId))
    .leftJoin(speakers, eq(speakers.id, invitations.speakerId))
    .leftJoin(programs, eq(programs.id, invitations.programId))
    .leftJoin(venues, eq(venues.id, invitations.venueId))
    .where(eq(invitations.id, invitation.id));
  return {
    title: row?.topic ?? row?.program ?? '',
    host: row?.speaker ?? row?.venue ?? '',
    school: row?.school ?? '',
    teacher: row?.teacher ?? '',
  };
}

async function hostUserIds(db: Database, invitation: Pick<Invitation, 'kind' | 'speakerId' | 'venueId'>) {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.status, 'active'),
        invitation.kind === 'speaker'
          ? and(eq(memberships.role, 'speaker'), eq(memberships.speakerId, invitation.speakerId ?? ''))
          : and(eq(memberships.role, 'venue_operator'), eq(memberships.venueId, invitation.venueId ?? '')),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}

async function notify(
  db: Database,
  invitation: Invitation,
  to: Party,
  kind: NoticeKind,
  event: string,
  params: Record<string, string | number>,
  meta: Meta,
) {
  const recipients = to === 'teacher' ? [invitation.teacherId] : await hostUserIds(db, invitation);
  const link =
    to === 'host' && invitation.kind === 'outreach'
      ? `/console/outreach/${invitation.id}`
      : `/invitations/${invitation.id}`;
  for (const userId of recipients) {
    await sendNotice(
      db,
      { userId, kind, params, link, dedupeKey: `invitation:${invitation.id}:${event}:${userId}` },
      meta.publicUrl,
    );
  }
}

function other(party: Party): Party {
  return party === 'teacher' ? 'host' : 'teacher';
}

// ---- Creating

/** Called with the new invitation inside the transaction that creates it (e.g. to store an idempotent answer with it). */
export interface CreateHooks {
  onCreated?: (tx: Database, created: { id: string; status: InvitationStatus }) => Promise<void>;
}

/** The most of a school's waiting invitations for a topic that a refused second one names. */
const OPEN_INVITATIONS_NAMED = 5;

/** What a school asks for: a speaker's topic, or a venue's outreach program. */
export type InvitationTarget =
  | { schoolId: string; speakerId: string; topicId: string }
  | { schoolId: string; programId: string };

/**
 * The school's invitations to a speaker for a topic (or requests for an outreach program) that still wait for an answer
 * (pending or countered, before their deadline), oldest first: a new one is then another talk, or the same one sent twice.
 */
export async function openInvitationsOfSchool(
  db: Database,
  viewer: Viewer,
  target: InvitationTarget,
  now: Date,
): Promise<ExistingInvitation[]> {
  const rows = await db
    .select({
      id: invitations.id,
      status: invitations.status,
      sentAt: invitations.createdAt,
      teacher: users.name,
      kind: invitations.kind,
      teacherId: invitations.teacherId,
      schoolId: invitations.schoolId,
      speakerId: invitations.speakerId,
      venueId: invitations.venueId,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.teacherId))
    .where(
      and(
        eq(invitations.schoolId, target.schoolId),
        ...('programId' in target
          ? [eq(invitations.kind, 'outreach'), eq(invitations.programId, target.programId)]
          : [eq(invitations.speakerId, target.speakerId), eq(invitations.topicId, target.topicId)]),
        inArray(invitations.status, [...openStatuses]),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.createdAt), asc(invitations.id))
    .limit(OPEN_INVITATIONS_NAMED);
  return rows.map(({ id, status, sentAt, teacher, ...row }) => ({
    id,
    status,
    sentAt,
    teacher,
    viewable: partyOf(viewer, row) === 'teacher',
  }));
}

async function insertInvitation(
  db: Database,
  viewer: Viewer,
  values: typeof invitations.$inferInsert,
  slots: readonly Slot[],
  meta: Meta,
  hooks: CreateHooks & {
    /**
     * Refuse it (SC006) while the school has an invitation for this topic (migration 0016), or a request for this
     * outreach program (migration 0017), waiting for an answer.
     */
    firstOfTopic?: boolean;
  } = {},
): Promise<{ ok: true; id: string; status: InvitationStatus }> {
  return db.transaction(async (tx) => {
    if (hooks.firstOfTopic && values.kind === 'outreach') {
      await tx.execute(
        sql`select school_has_no_open_outreach_request(${values.schoolId}::uuid, ${values.programId}::uuid,
          ${meta.now.toISOString()}::timestamptz)`,
      );
    } else if (hooks.firstOfTopic) {
      await tx.execute(
        sql`select school_has_no_open_invitation(${values.schoolId}::uuid, ${values.speakerId}::uuid,
          ${values.topicId}::uuid, ${meta.now.toISOString()}::timestamptz)`,
      );
    }
    const [created] = await tx.insert(invitations).values(values).returning();
    if (!created) throw new Error('insert returned nothing');
    await tx
      .insert(invitationSlots)
      .values(slots.map((s) => ({ invitationId: created.id, proposedBy: 'teacher' as const, ...s })));
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'invitation.create',
      entityType: 'invitation',
      entityId: created.id,
      regionCode: schoolRegion(created),
      after: { ...created, slots },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    const described = await describe(tx, created);
    await notify(
      tx,
      created,
      'host',
      created.kind === 'speaker' ? 'invitation_received' : 'outreach_received',
      'received',
      { ...described, deadline: formatWhen(created.expiresAt) },
      meta,
    );
    await hooks.onCreated?.(tx, { id: created.id, status: created.status });
    return { ok: true, id: created.id, status: created.status };
  });
}

/** The answer deadline: the answer period, ending before the first time on offer (rules.ts, answerDeadline). */
function expiresAt(meta: Meta, slots: readonly Pick<Slot, 'startsAt'>[]): Date {
  return answerDeadline(meta.now, (meta.expiryDays ?? DEFAULT_EXPIRY_DAYS) * DAY, slots);
}

/**
 * A teacher invites a speaker to give one of their topics at the school, proposing 1–3 times. While an invitation of
 * the school for the topic waits for an answer, another is refused (`already_invited`, naming it) unless the input
 * says it is another talk (`anotherInvitation`); the database settles two sent at once (migration 0016).
 */
export async function createInvitation(
  db: Database,
  viewer: Viewer,
  input: InvitationInput,
  meta: Meta,
  hooks: CreateHooks = {},
): Promise<Outcome<{ id: string; status: InvitationStatus }>> {
  const school = await schoolOf(db, viewer, input.schoolId);
  if (!school) return fail('not_a_teacher', input.schoolId ? 'schoolId' : undefined);
  const [target] = await db
    .select({
      grades: speakerTopics.grades,
      status: speakers.status,
      serviceRegionCodes: speakers.serviceRegionCodes,
      serviceRadiusKm: speakers.serviceRadiusKm,
      homeLat: speakers.homeLat,
      homeLng: speakers.homeLng,
      weeklyAvailability: speakers.weeklyAvailability,
      blackoutDates: speakers.blackoutDates,
      vettedUntil: speakers.vettedUntil,
    })
    .from(speakerTopics)
    .innerJoin(speakers, eq(speakers.id, speakerTopics.speakerId))
    .where(
      and(
        eq(speakerTopics.id, input.topicId),
        eq(speakerTopics.speakerId, input.speakerId),
        eq(speakerTopics.active, true),
      ),
    );
  if (target?.status !== 'published') return fail('speaker_unavailable', 'topicId');
  if (!input.grades.every((g) => target.grades.includes(g))) return fail('grades_not_offered', 'grades');
  if (!servesPlace(target, school)) return fail('outside_service_area');
  const [slotFailure] = slotFailures(input.slots, meta.now, {
    ...target,
    ...(await speakerCommitments(db, input.speakerId, input.slots)),
  });
  if (slotFailure) return slotFailure;
  const firstOfTopic = !input.anotherInvitation;
  const alreadyInvited = async (): Promise<Failure> => ({
    ...fail('already_invited', 'anotherInvitation'),
    existing: await openInvitationsOfSchool(
      db,
      viewer,
      { schoolId: school.id, speakerId: input.speakerId, topicId: input.topicId },
      meta.now,
    ),
  });
  return insertInvitation(
    db,
    viewer,
    {
      kind: 'speaker',
      speakerId: input.speakerId,
      topicId: input.topicId,
      schoolId: school.id,
      teacherId: viewer.id,
      audienceSize: input.audienceSize,
      grades: input.grades,
      place: input.place,
      notes: input.notes,
      expiresAt: expiresAt(meta, input.slots),
      createdAt: meta.now,
      updatedAt: meta.now,
    },
    input.slots,
    meta,
    { ...hooks, firstOfTopic },
  ).catch(async (error: unknown) => {
    if (pgErrorCode(error) === PG.alreadyInvited) return alreadyInvited();
    throw error;
  });
}

/**
 * A school asks a venue to bring one of its outreach programs (进校园), proposing 1–3 dates. While a request of the
 * school for the program waits for an answer, another is refused (`already_invited`, naming it) unless the input says
 * it is another visit (`anotherInvitation`), as for a speaker's topic; the database settles two sent at once (0017).
 */
export async function createOutreachRequest(
  db: Database,
  viewer: Viewer,
  input: OutreachInput,
  meta: Meta,
  hooks: CreateHooks = {},
): Promise<Outcome<{ id: string; status: InvitationStatus }>> {
  const school = await schoolOf(db, viewer, input.schoolId);
  if (!school) return fail('not_a_teacher', input.schoolId ? 'schoolId' : undefined);
  const [program] = await db
    .select({ venueId: programs.venueId, grades: programs.grades })
    .from(programs)
    .innerJoin(venues, eq(venues.id, programs.venueId))
    .where(
      and(
        eq(programs.id, input.programId),
        eq(programs.delivery, 'outreach'),
        eq(programs.active, true),
        eq(venues.status, 'published'),
      ),
    );
  if (!program) return fail('program_unavailable', 'programId');
  if (!input.grades.every((g) => program.grades.includes(g))) return fail('grades_not_offered', 'grades');
  const timing = checkTiming(input.slots, meta.now);
  if (timing) return timing;
  const alreadyRequested = async (): Promise<Failure> => ({
    ...fail('already_invited', 'anotherInvitation'),
    kind: 'outreach',
    existing: await openInvitationsOfSchool(
      db,
      viewer,
      { schoolId: school.id, programId: input.programId },
      meta.now,
    ),
  });
  return insertInvitation(
    db,
    viewer,
    {
      kind: 'outreach',
      venueId: program.venueId,
      programId: input.programId,
      schoolId: school.id,
      teacherId: viewer.id,
      audienceSize: input.audienceSize,
      grades: input.grades,
      place: input.place,
      notes: input.notes,
      expiresAt: expiresAt(meta, input.slots),
      createdAt: meta.now,
      updatedAt: meta.now,
    },
    input.slots,
    meta,
    { ...hooks, firstOfTopic: !input.anotherInvitation },
  ).catch(async (error: unknown) => {
    if (pgErrorCode(error) === PG.alreadyInvited) return alreadyRequested();
    throw error;
  });
}

// ---- Answering: every step locks the invitation row, so two answers to one invitation never interleave.

type Step<T> = (tx: Database, invitation: Invitation, party: Party) => Promise<Outcome<T>>;

async function step<T>(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  action: InvitationAction,
  run: Step<T>,
): Promise<Outcome<T>> {
  // An id that is not a UUID names no invitation (PostgreSQL would refuse to compare it).
  if (!isUuid(invitationId)) return fail('not_found');
  try {
    return await db.transaction(async (tx) => {
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(eq(invitations.id, invitationId))
        .for('update');
      if (!invitation) return fail('not_found');
      const party = partyOf(viewer, invitation);
      if (!party) return fail('not_found');
      if (!nextStatus(invitation.status, action, party)) return fail('invalid_transition');
      const outcome = await run(tx, invitation, party);
      // The person who answered has read what asked them to answer.
      if (outcome.ok) await markReadAbout(tx, viewer.id, `invitation:${invitation.id}:`);
      return outcome;
    });
  } catch (error) {
    // The database's own rules (migration 0002): the slot overlaps another engagement, the month or day is full, or
    // the badge does not cover the date. The transaction rolled back: nothing changed, the other slots stay open.
    switch (pgErrorCode(error)) {
      case PG.exclusionViolation:
        return fail('slot_taken', 'slot');
      case PG.capReached:
        return fail(
          (await kindOf(db, invitationId)) === 'outreach' ? 'venue_day_full' : 'cap_reached',
          'slot',
        );
      case PG.notVetted:
        return fail('not_vetted', 'slot');
      default:
        throw error;
    }
  }
}

async function kindOf(db: Database, invitationId: string): Promise<InvitationKind | undefined> {
  const [row] = await db
    .select({ kind: invitations.kind })
    .from(invitations)
    .where(eq(invitations.id, invitationId));
  return row?.kind;
}

async function withdrawOpenSlots(tx: Database, invitationId: string, except?: string) {
  await tx
    .update(invitationSlots)
    .set({ status: 'withdrawn' })
    .where(
      and(
        eq(invitationSlots.invitationId, invitationId),
        eq(invitationSlots.status, 'open'),
        except ? ne(invitationSlots.id, except) : undefined,
      ),
    );
}

/**
 * The school's region, read in the same statement: the talk or visit happens at the school, so its auditors answer for
 * it (as a booking's entries go to the venue's region, where that visit happens).
 */
function schoolRegion(invitation: Pick<Invitation, 'schoolId'>) {
  return sql`(select ${schools.regionCode} from ${schools} where ${schools.id} = ${invitation.schoolId})`;
}

async function audit(
  tx: Database,
  viewer: Viewer | null,
  action: InvitationAction,
  before: Invitation,
  after: unknown,
  meta: Meta,
) {
  await recordAudit(tx, {
    actorUserId: viewer?.id ?? null,
    action: `invitation.${action}`,
    entityType: 'invitation',
    entityId: before.id,
    regionCode: schoolRegion(before),
    before,
    after,
    requestId: meta.requestId,
    ip: meta.ip,
  });
}

/**
 * Accepts one proposed slot: the host accepts one of the teacher's, or the teacher one of the host's counter-proposals.
 * The invitation becomes scheduled; PostgreSQL refuses it if the time overlaps another engagement, the month (or the
 * venue's day) is full, or the vetting badge does not reach that day.
 */
export async function acceptSlot(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  slotId: string,
  meta: Meta,
): Promise<Outcome<{ status: InvitationStatus }>> {
  return step(db, viewer, invitationId, 'accept', async (tx, invitation, party) => {
    const [slot] = await tx
      .select()
      .from(invitationSlots)
      .where(and(eq(invitationSlots.id, slotId), eq(invitationSlots.invitationId, invitationId)));
    if (slot?.status !== 'open' || slot.proposedBy !== acceptableProposer(invitation.status)) {
      return fail('slot_not_open', 'slot');
    }
    if (slot.startsAt <= meta.now) return fail('slot_in_past', 'slot');
    // Past its answer deadline an invitation is over, even in the minutes before the expiry job says so.
    if (invitation.expiresAt <= meta.now) return fail('answer_too_late');
    const [after] = await tx
      .update(invitations)
      .set({
        status: 'scheduled',
        scheduledStartsAt: slot.startsAt,
        scheduledEndsAt: slot.endsAt,
        updatedAt: meta.now,
      })
      .where(eq(invitations.id, invitationId))
      .returning();
    await tx.update(invitationSlots).set({ status: 'accepted' }).where(eq(invitationSlots.id, slot.id));
    await withdrawOpenSlots(tx, invitationId);
    await audit(tx, viewer, 'accept', invitation, { ...after, acceptedSlot: slot.id }, meta);
    const described = await describe(tx, invitation);
    await notify(
      tx,
      invitation,
      other(party),
      party === 'host' ? 'invitation_accepted' : 'invitation_confirmed',
      'scheduled',
      { ...described, when: formatWhen(slot.startsAt) },
      meta,
    );
    await tellTeachersOfFilledCounters(tx, invitation, slot, meta);
    return { ok: true, status: 'scheduled' as const };
  });
}

/**
 * A talk just fixed may fill the host's month (a speaker's cap), day (a venue's outreach visits) or the very time. The
 * host's counter-proposals to other schools whose every time it filled can no longer be accepted: their teachers are
 * told now, and asked for new times, rather than finding out when they try. Once per round (the key names it).
 */
async function tellTeachersOfFilledCounters(
  tx: Database,
  invitation: Invitation,
  fixed: { startsAt: Date },
  meta: Meta,
) {
  const sameHost =
    invitation.kind === 'speaker'
      ? eq(invitations.speakerId, invitation.speakerId ?? '')
      : eq(invitations.venueId, invitation.venueId ?? '');
  // Only the month (a speaker's cap) or day (a venue's visits) of the talk just fixed can have filled, so only
  // invitations with a time on offer in it can have lost their last acceptable time.
  const { year, month, day } = shanghaiParts(fixed.startsAt);
  const from = invitation.kind === 'speaker' ? shanghaiTime(year, month, 1) : shanghaiTime(year, month, day);
  const to =
    invitation.kind === 'speaker' ? shanghaiTime(year, month + 1, 1) : shanghaiTime(year, month, day + 1);
  const countered = await tx
    .select()
    .from(invitations)
    .where(
      and(
        sameHost,
        eq(invitations.kind, invitation.kind),
        eq(invitations.status, 'countered'),
        ne(invitations.id, invitation.id),
        gt(invitations.expiresAt, meta.now),
        sql`exists (select 1 from ${invitationSlots}
          where ${invitationSlots.invitationId} = ${invitations.id} and ${invitationSlots.status} = 'open'
            and ${invitationSlots.startsAt} >= ${from.toISOString()}::timestamptz
            and ${invitationSlots.startsAt} < ${to.toISOString()}::timestamptz)`,
      ),
    );
  for (const waiting of countered) {
    const open = await tx
      .select({
        id: invitationSlots.id,
        startsAt: invitationSlots.startsAt,
        endsAt: invitationSlots.endsAt,
        status: invitationSlots.status,
      })
      .from(invitationSlots)
      .where(and(eq(invitationSlots.invitationId, waiting.id), eq(invitationSlots.status, 'open')));
    if (open.length === 0) continue;
    const blocked = await blockedSlots(tx, waiting, open);
    if (!open.every((slot) => blocked.get(slot.id))) continue;
    await notify(
      tx,
      waiting,
      'teacher',
      'invitation_times_full',
      `times-full-${waiting.updatedAt.getTime()}`,
      { ...(await describe(tx, waiting)), deadline: formatWhen(waiting.expiresAt) },
      meta,
    );
  }
}

/** The host says no, with a reason; the teacher is shown similar speakers (or programs) nearby. */
export async function declineInvitation(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  reason: string,
  meta: Meta,
): Promise<Outcome<{ status: InvitationStatus }>> {
  return step(db, viewer, invitationId, 'decline', async (tx, invitation) => {
    const [after] = await tx
      .update(invitations)
      .set({ status: 'declined', reason, updatedAt: meta.now })
      .where(eq(invitations.id, invitationId))
      .returning();
    await withdrawOpenSlots(tx, invitationId);
    await audit(tx, viewer, 'decline', invitation, after, meta);
    await notify(
      tx,
      invitation,
      'teacher',
      'invitation_declined',
      'declined',
      { ...(await describe(tx, invitation)), reason },
      meta,
    );
    return { ok: true, status: 'declined' as const };
  });
}

/**
 * One side proposes up to three other times and the other now has the answer period to pick one: the host answers an
 * invitation so, and the teacher a counter-proposal none of whose times suits (or is still free).
 */
export async function counterInvitation(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  input: { slots: Slot[]; note: string },
  meta: Meta,
): Promise<Outcome<{ status: InvitationStatus }>> {
  return step(db, viewer, invitationId, 'counter', async (tx, invitation, party) => {
    const status = nextStatus(invitation.status, 'counter', party);
    if (!status) return fail('invalid_transition');
    // Past its answer deadline an invitation is over (as for accepting): new times would bring it back.
    if (invitation.expiresAt <= meta.now) return fail('answer_too_late');
    const failure =
      party === 'teacher'
        ? await teacherTimesFailure(tx, invitation, input.slots, meta)
        : await hostTimesFailure(tx, invitation, input.slots, meta);
    if (failure) return failure;
    await withdrawOpenSlots(tx, invitationId);
    await tx
      .insert(invitationSlots)
      .values(input.slots.map((s) => ({ invitationId, proposedBy: party, ...s })));
    const [after] = await tx
      .update(invitations)
      .set({
        status,
        reason: input.note || null,
        expiresAt: expiresAt(meta, input.slots),
        remindedAt: null,
        updatedAt: meta.now,
      })
      .where(eq(invitations.id, invitationId))
      .returning();
    await audit(tx, viewer, 'counter', invitation, { ...after, slots: input.slots }, meta);
    // Times go back and forth: each round's notice is its own (the dedupe key names the round).
    await notify(
      tx,
      invitation,
      other(party),
      party === 'host' ? 'invitation_countered' : 'invitation_reproposed',
      `countered-${meta.now.getTime()}`,
      { ...(await describe(tx, invitation)), deadline: formatWhen(after?.expiresAt ?? meta.now) },
      meta,
    );
    return { ok: true, status };
  });
}

/**
 * The teacher's new times meet the rules a new invitation's would: the speaker (or program) still on offer, timing,
 * and the speaker's calendar.
 */
async function teacherTimesFailure(
  tx: Database,
  invitation: Invitation,
  slots: readonly Slot[],
  meta: Meta,
): Promise<Failure | null> {
  if (invitation.kind !== 'speaker') {
    const [program] = await tx
      .select({ id: programs.id })
      .from(programs)
      .innerJoin(venues, eq(venues.id, programs.venueId))
      .where(
        and(
          eq(programs.id, invitation.programId ?? ''),
          eq(programs.active, true),
          eq(venues.status, 'published'),
        ),
      );
    if (!program) return fail('program_unavailable');
    return checkTiming(slots, meta.now);
  }
  const [calendar] = await tx
    .select({
      status: speakers.status,
      weeklyAvailability: speakers.weeklyAvailability,
      blackoutDates: speakers.blackoutDates,
      vettedUntil: speakers.vettedUntil,
    })
    .from(speakers)
    .innerJoin(speakerTopics, eq(speakerTopics.speakerId, speakers.id))
    .where(
      and(
        eq(speakers.id, invitation.speakerId ?? ''),
        eq(speakerTopics.id, invitation.topicId ?? ''),
        eq(speakerTopics.active, true),
      ),
    );
  // A speaker no longer listed (or a topic withdrawn) takes no new times, as they take no new invitations.
  if (calendar?.status !== 'published') return fail('speaker_unavailable');
  const commitments = await speakerCommitments(tx, invitation.speakerId ?? '', slots);
  return slotFailures(slots, meta.now, { ...calendar, ...commitments })[0] ?? null;
}

/**
 * The host's own times, each with the first rule it breaks: timing, the badge, a time the school already offers (to be
 * accepted, not offered back), and what accepting it would meet (blockedSlots, the rules the database enforces): for a
 * speaker no time they already give another talk at and no month already full; for a venue no day already full. Said
 * now, to the host, not found out by the teacher whose accept button is greyed.
 */
async function hostSlotFailures(
  tx: Database,
  invitation: Invitation,
  slots: readonly Slot[],
  now: Date,
): Promise<Failure[]> {
  const failed = new Map<number, InvitationError>(
    slotFailures(slots, now, null).map((f) => [Number(f.field?.slice('slots.'.length)), f.error]),
  );
  const pending = slots.flatMap((slot, i) => (failed.has(i) ? [] : [{ slot, i }]));
  if (pending.length > 0) {
    const [speaker] =
      invitation.kind === 'speaker'
        ? await tx
            .select({ vettedUntil: speakers.vettedUntil })
            .from(speakers)
            .where(eq(speakers.id, invitation.speakerId ?? ''))
        : [];
    const offered = await tx
      .select({ startsAt: invitationSlots.startsAt })
      .from(invitationSlots)
      .where(
        and(
          eq(invitationSlots.invitationId, invitation.id),
          eq(invitationSlots.status, 'open'),
          eq(invitationSlots.proposedBy, 'teacher'),
        ),
      );
    const blocked = await blockedSlots(
      tx,
      invitation,
      pending.map(({ slot, i }) => ({ id: String(i), status: 'open', ...slot })),
      speaker?.vettedUntil ?? null,
    );
    for (const { slot, i } of pending) {
      const block = blocked.get(String(i));
      const problem =
        (invitation.kind === 'speaker' ? badgeProblem(slot, speaker?.vettedUntil ?? null) : null) ??
        (offered.some((o) => o.startsAt.getTime() === slot.startsAt.getTime()) ? 'already_proposed' : null) ??
        (block === 'taken'
          ? 'slot_busy'
          : block === 'full'
            ? invitation.kind === 'speaker'
              ? 'cap_reached'
              : 'venue_day_full'
            : null);
      if (problem) failed.set(i, problem);
    }
  }
  // The timing failures first, as for the teacher's times (slotFailures): the first is the one a counter is refused with.
  return [...failed].map(([i, error]) => fail(error, `slots.${i}`));
}

/** The first of the host's times that cannot be offered (hostSlotFailures), which a counter-proposal is refused with. */
async function hostTimesFailure(
  tx: Database,
  invitation: Invitation,
  slots: readonly Slot[],
  meta: Meta,
): Promise<Failure | null> {
  return (await hostSlotFailures(tx, invitation, slots, meta.now))[0] ?? null;
}

/** Either side calls it off with a reason — a scheduled one only before it begins. */
export async function cancelInvitation(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  reason: string,
  meta: Meta,
): Promise<Outcome<{ status: InvitationStatus }>> {
  return step(db, viewer, invitationId, 'cancel', async (tx, invitation, party) => {
    if (invitation.scheduledStartsAt && invitation.scheduledStartsAt <= meta.now)
      return fail('already_started');
    const [after] = await tx
      .update(invitations)
      .set({
        status: 'cancelled',
        scheduledStartsAt: null,
        scheduledEndsAt: null,
        cancelledBy: party,
        reason,
        updatedAt: meta.now,
      })
      .where(eq(invitations.id, invitationId))
      .returning();
    await withdrawOpenSlots(tx, invitationId);
    await audit(tx, viewer, 'cancel', invitation, after, meta);
    await notify(
      tx,
      invitation,
      other(party),
      'invitation_cancelled',
      'cancelled',
      { ...(await describe(tx, invitation)), reason },
      meta,
    );
    return { ok: true, status: 'cancelled' as const };
  });
}

/** After the talk the teacher records how it went: a rating of 1–5 and a few words, and may print a letter of thanks. */
export async function completeInvitation(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  input: { rating: number; feedback: string },
  meta: Meta,
): Promise<Outcome<{ status: InvitationStatus }>> {
  return step(db, viewer, invitationId, 'complete', async (tx, invitation) => {
    if (!invitation.scheduledStartsAt || invitation.scheduledStartsAt > meta.now) return fail('not_yet_held');
    const [after] = await tx
      .update(invitations)
      .set({
        status: 'completed',
        feedbackRating: input.rating,
        feedbackText: input.feedback,
        completedAt: meta.now,
        updatedAt: meta.now,
      })
      .where(eq(invitations.id, invitationId))
      .returning();
    await audit(tx, viewer, 'complete', invitation, after, meta);
    await notify(
      tx,
      invitation,
      'host',
      'invitation_completed',
      'completed',
      { ...(await describe(tx, invitation)), rating: input.rating },
      meta,
    );
    return { ok: true, status: 'completed' as const };
  });
}

// ---- Scheduled work: reminders at half-time, expiry at the deadline (server/jobs.ts).

/**
 * Reminds whoever must answer once half their answer period has passed. The period starts when the invitation was
 * sent or countered (updatedAt: nothing else changes an open invitation). A reminder falling at night waits for the
 * morning unless the deadline comes first (nightReminderCutoff). Safe to run twice or from two servers.
 */
export async function remindOpenInvitations(db: Database, meta: Meta): Promise<number> {
  const cutoff = nightReminderCutoff(meta.now);
  const due = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        inArray(invitations.status, openStatuses),
        isNull(invitations.remindedAt),
        gt(invitations.expiresAt, meta.now),
        sql`${invitations.updatedAt} + (${invitations.expiresAt} - ${invitations.updatedAt}) / 2 <= ${meta.now.toISOString()}::timestamptz`,
        cutoff ? lt(invitations.expiresAt, cutoff) : undefined,
      ),
    )
    .limit(500);
  let sent = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [invitation] = await tx
        .update(invitations)
        .set({ remindedAt: meta.now })
        .where(
          and(
            eq(invitations.id, id),
            isNull(invitations.remindedAt),
            inArray(invitations.status, openStatuses),
          ),
        )
        .returning();
      if (!invitation) return;
      const to: Party = invitation.status === 'pending' ? 'host' : 'teacher';
      await notify(
        tx,
        invitation,
        to,
        'invitation_reminder',
        `reminder-${invitation.status}-${invitation.updatedAt.getTime()}`,
        { ...(await describe(tx, invitation)), deadline: formatWhen(invitation.expiresAt) },
        meta,
      );
      sent++;
    });
  }
  return sent;
}

/**
 * Expires open invitations at their deadline, or earlier when every time still on offer has begun. Rows another
 * server is expiring are skipped (SKIP LOCKED), so each is expired and announced once.
 */
export async function expireOpenInvitations(db: Database, meta: Meta): Promise<number> {
  const now = meta.now.toISOString();
  const stale = sql`(
    ${invitations.expiresAt} <= ${now}::timestamptz
    or not exists (
      select 1 from ${invitationSlots}
      where ${invitationSlots.invitationId} = ${invitations.id}
        and ${invitationSlots.status} = 'open'
        and ${invitationSlots.startsAt} > ${now}::timestamptz
    )
  )`;
  const due = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(inArray(invitations.status, openStatuses), stale))
    .limit(500);
  let expired = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.id, id), inArray(invitations.status, openStatuses), stale))
        .for('update', { skipLocked: true });
      if (!invitation) return;
      const [after] = await tx
        .update(invitations)
        .set({ status: 'expired', updatedAt: meta.now })
        .where(eq(invitations.id, id))
        .returning();
      await withdrawOpenSlots(tx, id);
      await audit(tx, null, 'expire', invitation, after, meta);
      const described = await describe(tx, invitation);
      await notify(tx, invitation, 'teacher', 'invitation_expired', 'expired', described, meta);
      await notify(tx, invitation, 'host', 'invitation_expired_host', 'expired', described, meta);
      expired++;
    });
  }
  return expired;
}

// ---- Reading

const acceptedSlots = aliasedTable(invitationSlots, 'accepted_slot');

/** The columns lists and pages show; the host's contact details are not among them. */
const summaryColumns = {
  id: invitations.id,
  kind: invitations.kind,
  status: invitations.status,
  speakerId: invitations.speakerId,
  venueId: invitations.venueId,
  topicId: invitations.topicId,
  programId: invitations.programId,
  schoolId: invitations.schoolId,
  teacherId: invitations.teacherId,
  audienceSize: invitations.audienceSize,
  grades: invitations.grades,
  place: invitations.place,
  notes: invitations.notes,
  reason: invitations.reason,
  cancelledBy: invitations.cancelledBy,
  scheduledStartsAt: invitations.scheduledStartsAt,
  scheduledEndsAt: invitations.scheduledEndsAt,
  expiresAt: invitations.expiresAt,
  feedbackRating: invitations.feedbackRating,
  feedbackText: invitations.feedbackText,
  completedAt: invitations.completedAt,
  createdAt: invitations.createdAt,
  updatedAt: invitations.updatedAt,
  title: sql<string>`coalesce(${speakerTopics.title}, ${programs.title})`,
  summary: sql<string>`coalesce(${speakerTopics.summary}, ${programs.summary})`,
  durationMinutes: sql<number>`coalesce(${speakerTopics.durationMinutes}, ${programs.durationMinutes})`,
  host: sql<string>`coalesce(${speakers.displayName}, ${venues.name})`,
  hostCategory: speakers.category,
  hostTitle: speakers.title,
  hostNeeds: speakers.needs,
  venueAddress: venues.address,
  schoolName: schools.name,
  schoolAddress: schools.address,
  schoolLat: schools.lat,
  schoolLng: schools.lng,
  teacherName: users.name,
  acceptedStartsAt: acceptedSlots.startsAt,
  acceptedEndsAt: acceptedSlots.endsAt,
};

function summaries(db: Database) {
  return db
    .select(summaryColumns)
    .from(invitations)
    .innerJoin(schools, eq(schools.id, invitations.schoolId))
    .innerJoin(users, eq(users.id, invitations.teacherId))
    .leftJoin(speakerTopics, eq(speakerTopics.id, invitations.topicId))
    .leftJoin(speakers, eq(speakers.id, invitations.speakerId))
    .leftJoin(programs, eq(programs.id, invitations.programId))
    .leftJoin(venues, eq(venues.id, invitations.venueId))
    .leftJoin(
      acceptedSlots,
      and(eq(acceptedSlots.invitationId, invitations.id), eq(acceptedSlots.status, 'accepted')),
    )
    .$dynamic();
}

export type InvitationSummary = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

export type SlotBlock = 'taken' | 'full' | 'unvetted' | null;

export interface SlotView {
  id: string;
  proposedBy: 'teacher' | 'host';
  startsAt: Date;
  endsAt: Date;
  status: 'open' | 'accepted' | 'withdrawn';
  /**
   * Why accepting it would fail now: another engagement holds the time, the month (or day) is full, or the speaker's
   * vetting badge does not cover the day (none yet, run out, or withdrawn after a new name, category or title).
   */
  blocked: SlotBlock;
  /** Whether the person looking may accept it now. */
  acceptable: boolean;
}

/** Marks the open slots that would be refused right now, so the page can say so before anyone tries. */
async function blockedSlots(
  db: Database,
  invitation: Pick<InvitationSummary, 'id' | 'kind' | 'speakerId' | 'venueId'>,
  slots: readonly { id: string; startsAt: Date; endsAt: Date; status: string }[],
  /** The speaker's badge, when the caller has read it already. */
  knownVettedUntil?: string | null,
): Promise<Map<string, SlotBlock>> {
  const open = slots.filter((s) => s.status === 'open');
  const result = new Map<string, SlotBlock>();
  if (open.length === 0) return result;
  if (invitation.kind === 'speaker' && invitation.speakerId) {
    const speakerId = invitation.speakerId;
    const [{ busy, monthsAtCap: full }, vettedUntil] = await Promise.all([
      speakerCommitments(db, speakerId, open, invitation.id),
      knownVettedUntil !== undefined
        ? knownVettedUntil
        : db
            .select({ vettedUntil: speakers.vettedUntil })
            .from(speakers)
            .where(eq(speakers.id, speakerId))
            .then(([row]) => row?.vettedUntil ?? null),
    ]);
    for (const slot of open) {
      const taken = busy.some((b) => overlaps(slot, b));
      result.set(
        slot.id,
        badgeProblem(slot, vettedUntil)
          ? 'unvetted'
          : taken
            ? 'taken'
            : inMonthAtCap(full, slot.startsAt)
              ? 'full'
              : null,
      );
    }
  } else if (invitation.venueId) {
    const [loads, [venue]] = await Promise.all([
      db.select().from(venueDayLoads).where(eq(venueDayLoads.venueId, invitation.venueId)),
      db.select({ cap: venues.outreachPerDay }).from(venues).where(eq(venues.id, invitation.venueId)),
    ]);
    const load = new Map(loads.map((l) => [l.day, l.engagements]));
    for (const slot of open) {
      result.set(slot.id, (load.get(shanghaiDay(slot.startsAt)) ?? 0) >= (venue?.cap ?? 0) ? 'full' : null);
    }
  }
  return result;
}

async function slotViews(
  db: Database,
  invitation: InvitationSummary,
  party: Party | null,
  now: Date,
): Promise<SlotView[]> {
  const rows = await db
    .select({
      id: invitationSlots.id,
      proposedBy: invitationSlots.proposedBy,
      startsAt: invitationSlots.startsAt,
      endsAt: invitationSlots.endsAt,
      status: invitationSlots.status,
    })
    .from(invitationSlots)
    .where(eq(invitationSlots.invitationId, invitation.id))
    .orderBy(asc(invitationSlots.startsAt), asc(invitationSlots.id));
  const blocked = await blockedSlots(db, invitation, rows);
  const canAccept = party !== null && nextStatus(invitation.status, 'accept', party) !== null;
  const proposer = acceptableProposer(invitation.status);
  return rows.map((row) => ({
    ...row,
    blocked: blocked.get(row.id) ?? null,
    acceptable: canAccept && row.status === 'open' && row.proposedBy === proposer && row.startsAt > now,
  }));
}

/** What a party may do now, with the time rules applied (no cancelling once begun, no feedback before). */
function actionsFor(invitation: InvitationSummary, party: Party | null, now: Date): InvitationAction[] {
  if (!party) return [];
  return availableActions(invitation.status, party).filter((action) => {
    if (action === 'cancel' && invitation.scheduledStartsAt) return invitation.scheduledStartsAt > now;
    if (action === 'complete')
      return Boolean(invitation.scheduledStartsAt && invitation.scheduledStartsAt <= now);
    return true;
  });
}

export interface InvitationView {
  invitation: InvitationSummary;
  slots: SlotView[];
  party: Party | null;
  actions: InvitationAction[];
  /** The speaker's phone and e-mail: only for the speaker, an admin, and the teacher once the speaker accepted. */
  contact: SpeakerContact | null;
  /** Shown to the teacher when a speaker declined or did not answer. */
  similar: Awaited<ReturnType<typeof similarTopicsNearby>>;
  similarPrograms: Awaited<ReturnType<typeof similarOutreachNearby>>;
  /** The speaker's weekly hours and days off, for the teacher who may propose new times (they must fit them). */
  speakerHours: { weeklyAvailability: WeeklyAvailability; blackoutDates: string[] } | null;
}

/** One invitation as the person looking may see it; null when it is not theirs to see. */
export async function getInvitationView(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  now: Date,
): Promise<InvitationView | null> {
  if (!isUuid(invitationId)) return null;
  const [invitation] = await summaries(db).where(eq(invitations.id, invitationId));
  if (!invitation) return null;
  const party = partyOf(viewer, invitation);
  if (!party && !isAdmin(viewer)) return null;
  const contact =
    invitation.kind === 'speaker' && invitation.speakerId
      ? await speakerContactFor(db, viewer, invitation.speakerId, invitation.id)
      : null;
  const lookElsewhere =
    party === 'teacher' && (invitation.status === 'declined' || invitation.status === 'expired');
  const school: SchoolPlace | undefined = lookElsewhere
    ? (
        await db
          .select({
            id: schools.id,
            name: schools.name,
            address: schools.address,
            regionCode: schools.regionCode,
            lat: schools.lat,
            lng: schools.lng,
          })
          .from(schools)
          .where(eq(schools.id, invitation.schoolId))
      )[0]
    : undefined;
  const actions = actionsFor(invitation, party, now);
  const [speakerHours] =
    party === 'teacher' &&
    actions.includes('counter') &&
    invitation.kind === 'speaker' &&
    invitation.speakerId
      ? await db
          .select({ weeklyAvailability: speakers.weeklyAvailability, blackoutDates: speakers.blackoutDates })
          .from(speakers)
          .where(eq(speakers.id, invitation.speakerId))
      : [];
  return {
    invitation,
    slots: await slotViews(db, invitation, party, now),
    party,
    actions,
    contact,
    speakerHours: speakerHours ?? null,
    similar:
      school && invitation.topicId
        ? await similarTopicsNearby(db, { topicId: invitation.topicId, school, now })
        : [],
    similarPrograms:
      school && invitation.programId
        ? await similarOutreachNearby(db, { programId: invitation.programId, school })
        : [],
  };
}

/** Open first (the ones waiting for this teacher at the very top), then upcoming, then the rest, newest first. */
const listOrder = [
  sql`case ${invitations.status} when 'countered' then 0 when 'pending' then 1 when 'scheduled' then 2 else 3 end`,
  sql`${invitations.scheduledStartsAt} asc nulls last`,
  desc(invitations.createdAt),
  desc(invitations.id),
];

/** A teacher's own invitations at the schools they still belong to; a school admin's whole school. */
export async function listSchoolInvitations(db: Database, viewer: Viewer) {
  const memberOf = memberSchoolIds(viewer);
  const adminSchools = administeredSchoolIds(viewer);
  if (memberOf.length === 0) return [];
  return summaries(db)
    .where(
      or(
        and(eq(invitations.teacherId, viewer.id), inArray(invitations.schoolId, memberOf)),
        adminSchools.length ? inArray(invitations.schoolId, adminSchools) : undefined,
      ),
    )
    .orderBy(...listOrder)
    .limit(200);
}

/** A speaker, or the venues whose outreach desk is read (an operator of several reads them together). */
export type Host = { speakerId: string } | { venueIds: readonly string[] };

function hostCondition(host: Host): SQL {
  if ('speakerId' in host)
    return and(eq(invitations.kind, 'speaker'), eq(invitations.speakerId, host.speakerId)) as SQL;
  if (host.venueIds.length === 0) return sql`false`;
  return and(eq(invitations.kind, 'outreach'), inArray(invitations.venueId, [...host.venueIds])) as SQL;
}

/**
 * What a speaker (or a venue's outreach desk) has to deal with: invitations waiting for an answer with everything
 * needed to answer each in one screen, then upcoming engagements, then recent history.
 */
export async function listHostInvitations(db: Database, host: Host, now: Date) {
  const rows = await summaries(db)
    .where(
      and(
        hostCondition(host),
        or(
          inArray(invitations.status, ['pending', 'countered', 'scheduled']),
          gt(invitations.updatedAt, new Date(now.getTime() - 120 * DAY)),
        ),
      ),
    )
    .orderBy(...listOrder)
    .limit(200);
  const waiting = rows.filter((r) => r.status === 'pending');
  const detailed = await Promise.all(
    waiting.map(async (invitation) => ({
      invitation,
      slots: await slotViews(db, invitation, 'host', now),
    })),
  );
  const countered = rows.filter((r) => r.status === 'countered');
  // The times the host offered and the school has not answered yet: what tells one counter-proposal from another.
  const offered = countered.length
    ? await db
        .select({
          invitationId: invitationSlots.invitationId,
          startsAt: invitationSlots.startsAt,
          endsAt: invitationSlots.endsAt,
        })
        .from(invitationSlots)
        .where(
          and(
            inArray(
              invitationSlots.invitationId,
              countered.map((r) => r.id),
            ),
            eq(invitationSlots.proposedBy, 'host'),
            eq(invitationSlots.status, 'open'),
          ),
        )
        .orderBy(asc(invitationSlots.startsAt), asc(invitationSlots.id))
    : [];
  return {
    waiting: detailed,
    countered: countered.map((invitation) => ({
      ...invitation,
      offered: offered
        .filter((slot) => slot.invitationId === invitation.id)
        .map(({ startsAt, endsAt }) => ({ startsAt, endsAt })),
    })),
    upcoming: rows.filter((r) => r.status === 'scheduled'),
    past: rows.filter((r) => !['pending', 'countered', 'scheduled'].includes(r.status)),
  };
}

/** Scheduled engagements per month (Asia/Shanghai) from five months back to three ahead, against the cap. */
export async function speakerMonthlyLoad(db: Database, speakerId: string, now: Date) {
  const rows = await db
    .select({
      month: sql<string>`to_char(${invitations.scheduledStartsAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`,
      n: sql<number>`count(*)::int`,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.kind, 'speaker'),
        eq(invitations.speakerId, speakerId),
        inArray(invitations.status, ['scheduled', 'completed']),
      ),
    )
    .groupBy(sql`1`);
  const counts = new Map(rows.map((r) => [r.month, Number(r.n)]));
  const { year, month } = shanghaiParts(now);
  return Array.from({ length: 9 }, (_, i) => {
    const date = new Date(Date.UTC(year, month - 1 - 5 + i, 1));
    const key = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
    return { month: key, engagements: counts.get(key) ?? 0 };
  });
}

// ---- Calendars: one event per engagement; cancelled ones stay as CANCELLED so subscribed calendars drop them.

function toEvent(row: InvitationSummary, t: TFunction, publicUrl: string): CalendarEvent | null {
  const startsAt = row.scheduledStartsAt ?? row.acceptedStartsAt;
  const endsAt = row.scheduledEndsAt ?? row.acceptedEndsAt;
  if (!startsAt || !endsAt) return null;
  return {
    uid: `invitation-${row.id}@social-classroom`,
    startsAt,
    endsAt,
    summary: t(row.kind === 'speaker' ? 'invitation.ics.talk' : 'invitation.ics.outreach', {
      title: row.title,
      host: row.host,
      school: row.schoolName,
    }),
    description: t('invitation.ics.description', {
      school: row.schoolName,
      teacher: row.teacherName,
      audience: row.audienceSize,
      notes: row.notes || '—',
    }),
    location: placeLine(row.place, row.schoolAddress),
    url: `${publicUrl}/invitations/${row.id}`,
    status: row.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    updatedAt: row.updatedAt,
  };
}

const calendarStatuses = ['scheduled', 'completed', 'cancelled'] as const;

/** A speaker's engagements for their subscribed feed: the past year and everything ahead. */
export async function speakerCalendarEvents(
  db: Database,
  speakerId: string,
  now: Date,
  t: TFunction,
  publicUrl = '',
): Promise<CalendarEvent[]> {
  const rows = await summaries(db)
    .where(
      and(
        eq(invitations.kind, 'speaker'),
        eq(invitations.speakerId, speakerId),
        inArray(invitations.status, calendarStatuses),
        sql`coalesce(${invitations.scheduledEndsAt}, ${acceptedSlots.endsAt}) > ${new Date(now.getTime() - 365 * DAY).toISOString()}::timestamptz`,
      ),
    )
    .orderBy(
      asc(sql`coalesce(${invitations.scheduledStartsAt}, ${acceptedSlots.startsAt})`),
      asc(invitations.id),
    );
  return rows.map((r) => toEvent(r, t, publicUrl)).filter((e): e is CalendarEvent => e !== null);
}

/** The one engagement as a calendar file, for those who may see the invitation. */
export async function invitationCalendarEvent(
  db: Database,
  viewer: Viewer,
  invitationId: string,
  t: TFunction,
  publicUrl = '',
): Promise<CalendarEvent | null> {
  if (!isUuid(invitationId)) return null;
  const [row] = await summaries(db).where(
    and(eq(invitations.id, invitationId), inArray(invitations.status, calendarStatuses)),
  );
  if (!row || (!partyOf(viewer, row) && !isAdmin(viewer))) return null;
  return toEvent(row, t, publicUrl);
}

/**
 * A school's talks and outreach visits in a date range, as calendar events, for the school's calendar (beside its
 * trips). No contact details: the school calendar is seen by the whole school.
 */
export async function listSchoolTalks(
  db: Database,
  schoolId: string,
  range: { from: Date; to: Date },
  t: TFunction,
  publicUrl = '',
): Promise<(CalendarEvent & { invitationStatus: InvitationStatus })[]> {
  const rows = await summaries(db)
    .where(
      and(
        eq(invitations.schoolId, schoolId),
        inArray(invitations.status, ['scheduled', 'completed']),
        lt(invitations.scheduledStartsAt, range.to),
        gt(invitations.scheduledEndsAt, range.from),
      ),
    )
    .orderBy(asc(invitations.scheduledStartsAt), asc(invitations.id));
  // The school's calendar shows each engagement's status beside it, as it does a trip's.
  return rows.flatMap((r) => {
    const event = toEvent(r, t, publicUrl);
    return event ? [{ ...event, invitationStatus: r.status }] : [];
  });
}

/** The months in which the speaker takes no more talks (the form suggests no times in them; proposals there are refused). */
export async function monthsAtCap(db: Database, speakerId: string): Promise<MonthsAtCap> {
  const [speaker, rows] = await Promise.all([
    db.select({ cap: speakers.monthlyCap }).from(speakers).where(eq(speakers.id, speakerId)),
    db
      .select({ month: speakerMonthLoads.month })
      .from(speakerMonthLoads)
      .innerJoin(speakers, eq(speakers.id, speakerMonthLoads.speakerId))
      .where(
        and(
          eq(speakerMonthLoads.speakerId, speakerId),
          sql`${speakerMonthLoads.engagements} >= ${speakers.monthlyCap}`,
        ),
      ),
  ]);
  const cap = speaker[0]?.cap;
  return cap === undefined ? NO_MONTH_AT_CAP : { cap, full: rows.map((r) => r.month.slice(0, 7)) };
}

/** The speaker's engagements still ahead (the invitation form avoids them when it suggests times). */
export async function busySlots(db: Database, speakerId: string, now: Date): Promise<Slot[]> {
  const rows = await db
    .select({ startsAt: invitations.scheduledStartsAt, endsAt: invitations.scheduledEndsAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.speakerId, speakerId),
        eq(invitations.status, 'scheduled'),
        gt(invitations.scheduledEndsAt, now),
      ),
    );
  return rows.flatMap((r) => (r.startsAt && r.endsAt ? [{ startsAt: r.startsAt, endsAt: r.endsAt }] : []));
}
