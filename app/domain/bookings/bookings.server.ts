import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { administeredSchoolIds, memberSchoolIds } from '#app/domain/accounts/roles.ts';
import { audienceForGrade, type CommitmentTerms, expectedPrice } from '#app/domain/commitments/pricing.ts';
import { DAY, nightReminderCutoff, shanghaiDay, shanghaiParts } from '#app/utils/time.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import type { BookingStatus } from '#db/schema/enums.ts';
import {
  type Booking,
  bookings,
  memberships,
  programs,
  type Session,
  schools,
  sessions,
  users,
  venues,
} from '#db/schema/index.ts';
import { PG, pgErrorCode, preparedFor, queryRows } from '#db/sql.ts';
import { recordAudit, redactForAudit } from '../audit/audit.server.ts';
import {
  emailOf,
  markReadAbout,
  type Notice,
  type NoticeKind,
  type OutboxEmail,
  sendNotices,
} from '../notices/notices.server.ts';
import type { Viewer } from '../speakers/speakers.server.ts';
import { type Completion, claimCte, type StoredResponse } from './idempotency.server.ts';
import {
  awaitsAnswer,
  type BookingAction,
  type BookingParty,
  everTakes,
  holdsSeats,
  liveStatuses,
  nextStatus,
  requestStatus,
} from './machine.ts';
import { partiesOf } from './parties.ts';
import {
  ANSWER_LEAD_HOURS,
  bookingWindow,
  holdDeadline,
  isOvercharged,
  isPrimaryGrade,
  latestAnswer,
  minimumChaperones,
  mostAttending,
  NO_SHOW_LIMIT,
  NO_SHOW_WINDOW_DAYS,
  seatsOpenTo,
  windowState,
} from './rules.ts';
import type { AttendanceInput, BookingInput, FeedbackInput } from './schemas.ts';

export type { Viewer };

export interface Meta {
  now: Date;
  /** Start of links in e-mails. */
  publicUrl?: string;
  requestId?: string | null;
  ip?: string | null;
}

export type BookingError =
  | 'not_found'
  | 'not_a_teacher'
  | 'session_unavailable'
  | 'program_inactive'
  | 'not_open_yet'
  | 'booking_closed'
  | 'request_too_late'
  | 'already_booked'
  | 'grade_not_offered'
  | 'group_too_small'
  | 'group_too_large'
  | 'too_few_chaperones'
  | 'session_full'
  | 'invalid_transition'
  | 'not_allowed'
  | 'already_started'
  | 'approval_too_late'
  | 'not_yet_held'
  | 'too_many_attended'
  | 'too_many_attended_total'
  | 'overcharge_unconfirmed'
  | 'flagged_no_show'
  | 'feedback_given';

/** HTTP status of each refusal (API and forms). */
export const bookingErrorStatus: Record<BookingError, number> = {
  not_found: 404,
  not_a_teacher: 403,
  session_unavailable: 404,
  program_inactive: 409,
  not_open_yet: 422,
  booking_closed: 422,
  request_too_late: 422,
  already_booked: 409,
  grade_not_offered: 422,
  group_too_small: 422,
  group_too_large: 422,
  too_few_chaperones: 422,
  session_full: 409,
  invalid_transition: 409,
  not_allowed: 403,
  already_started: 409,
  approval_too_late: 409,
  not_yet_held: 409,
  too_many_attended: 422,
  too_many_attended_total: 422,
  overcharge_unconfirmed: 422,
  flagged_no_show: 409,
  feedback_given: 409,
};

/** A live booking the school already has in a session (what `already_booked` names). */
export interface ExistingBooking {
  id: string;
  pupils: number;
  status: BookingStatus;
  /** A request of a school whose admin approves first (said "待学校审批", not "已申请"). */
  needsSchoolApproval: boolean;
}

export type Failure = {
  ok: false;
  error: BookingError;
  field?: string;
  waitlistAvailable?: boolean;
  /** Values for the error's text (e.g. the chaperones needed). */
  params?: Record<string, string | number>;
  /** With `already_booked`: the school's live bookings in the session, oldest first. */
  existing?: ExistingBooking[];
  /**
   * Other fields of the same request that are wrong as well (a group too large and too few chaperones), so that a
   * form shows every mistake at once; the failure itself is the first, and decides the answer's status.
   */
  more?: Failure[];
};
export type Outcome<T = object> = ({ ok: true } & T) | Failure;

function fail(error: BookingError, field?: string): Failure {
  return field ? { ok: false, error, field } : { ok: false, error };
}

/** The school has a live booking in the session and the request did not say it is another group. */
function alreadyBooked(existing: ExistingBooking[]): Failure {
  return { ...fail('already_booked', 'anotherGroup'), existing };
}

/** A time in Asia/Shanghai for notices (the same in every language). */
export function formatWhen(instant: Date): string {
  const p = shanghaiParts(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Deadlocks and serialization failures are retried: the transaction rolled back whole, so trying again is safe. */
async function retrying<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = pgErrorCode(error);
      if (attempt >= attempts || (code !== PG.serializationFailure && code !== '40P01')) throw error;
    }
  }
}

// ---- Who is who: ./parties.ts

async function venueOperatorIds(db: Database, venueId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.status, 'active'),
        eq(memberships.role, 'venue_operator'),
        eq(memberships.venueId, venueId),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}

async function schoolAdminIds(db: Database, schoolId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.status, 'active'),
        eq(memberships.role, 'school_admin'),
        eq(memberships.schoolId, schoolId),
      ),
    );
  return [...new Set(rows.map((r) => r.userId))];
}

// ---- Notices: names, times and counts only.

type Described = { title: string; venue: string; school: string; teacher: string; when: string };

async function describe(db: Database, booking: Booking): Promise<Described> {
  const [row] = await db
    .select({
      title: sql<string>`coalesce(${sessions.title}, ${programs.title})`,
      venue: venues.name,
      school: schools.name,
      teacher: users.name,
      startsAt: sessions.startsAt,
    })
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(schools, eq(schools.id, bookings.schoolId))
    .innerJoin(users, eq(users.id, bookings.teacherId))
    .where(eq(bookings.id, booking.id));
  return {
    title: row?.title ?? '',
    venue: row?.venue ?? '',
    school: row?.school ?? '',
    teacher: row?.teacher ?? '',
    when: row ? formatWhen(row.startsAt) : '',
  };
}

type Audience = 'teacher' | 'venue' | 'school_admins';

/** The notices of one event to one side of a booking (one per person, each with its own dedupe key). */
function noticesTo(
  booking: Booking,
  recipients: readonly string[],
  to: Audience,
  kind: NoticeKind,
  event: string,
  params: Record<string, string | number>,
): Notice[] {
  const link =
    to === 'teacher'
      ? `/trips/${booking.id}`
      : to === 'venue'
        ? `/console/bookings/${booking.id}`
        : `/school/approvals`;
  return recipients.map((userId) => ({
    userId,
    kind,
    params: { seats: booking.seats, pupils: booking.pupils, ...params },
    link,
    dedupeKey: `booking:${booking.id}:${event}:${userId}`,
  }));
}

async function recipientsFor(db: Database, booking: Booking, to: Audience, known?: Recipients) {
  if (to === 'teacher') return [booking.teacherId];
  if (known) return known[to];
  return to === 'venue' ? venueOperatorIds(db, booking.venueId) : schoolAdminIds(db, booking.schoolId);
}

async function notify(
  db: Database,
  booking: Booking,
  to: Audience,
  kind: NoticeKind,
  event: string,
  params: Record<string, string | number>,
  meta: Meta,
  known?: Recipients,
) {
  const recipients = await recipientsFor(db, booking, to, known);
  await sendNotices(db, noticesTo(booking, recipients, to, kind, event, params), meta.publicUrl);
}

/** The notices telling whoever has to answer a request that it is now waiting for them. */
async function requestNotices(
  db: Database,
  booking: Booking,
  described: Described,
  known?: Recipients,
): Promise<Notice[]> {
  const deadline = booking.holdUntil ? formatWhen(booking.holdUntil) : '';
  if (booking.status === 'requested' && booking.needsSchoolApproval) {
    const to = await recipientsFor(db, booking, 'school_admins', known);
    return noticesTo(booking, to, 'school_admins', 'booking_needs_approval', 'needs-approval', {
      ...described,
      deadline,
    });
  }
  if (booking.status === 'requested' || booking.status === 'school_approved') {
    const to = await recipientsFor(db, booking, 'venue', known);
    return noticesTo(booking, to, 'venue', 'booking_requested', 'requested', { ...described, deadline });
  }
  if (booking.status === 'confirmed') {
    const to = await recipientsFor(db, booking, 'venue', known);
    return noticesTo(booking, to, 'venue', 'booking_auto_confirmed', 'confirmed', described);
  }
  return [];
}

/** Tells whoever has to answer a request that is now waiting for them. */
async function announceRequest(db: Database, booking: Booking, described: Described, meta: Meta) {
  await sendNotices(db, await requestNotices(db, booking, described), meta.publicUrl);
}

async function audit(
  db: Database,
  viewer: Viewer | null,
  action: BookingAction,
  before: unknown,
  after: Booking,
  meta: Meta,
) {
  const { contactPhone: _phone, ...afterRow } = after;
  const beforeRow =
    before && typeof before === 'object' && 'contactPhone' in before
      ? { ...(before as Booking), contactPhone: undefined }
      : before;
  await recordAudit(db, {
    actorUserId: viewer?.id ?? null,
    action: `booking.${action}`,
    entityType: 'booking',
    entityId: after.id,
    // The venue's region: its auditors answer for what happens there (a charge above the promise, say).
    regionCode: sql`(select ${venues.regionCode} from ${venues} where ${venues.id} = ${after.venueId})`,
    before: beforeRow ?? undefined,
    after: afterRow,
    requestId: meta.requestId,
    ip: meta.ip,
  });
}

// ---- Booking

interface SessionContext {
  session: Session;
  program: {
    id: string;
    title: string;
    grades: number[];
    minGroupSize: number;
    maxGroupSize: number;
    standardPricePerPupil: number;
    standardPricePerChaperone: number;
    delivery: string;
    active: boolean;
  };
  venue: {
    id: string;
    name: string;
    regionCode: string;
    status: string;
    autoConfirm: boolean;
    chaperoneRatioPrimary: number;
    chaperoneRatioSecondary: number;
    bookingOpensDays: number;
    bookingClosesDays: number;
    requestHoldHours: number;
  };
}

/** What a booking reads of a session, its program and its venue (one join; see loadSessionContext). */
const sessionContextColumns = {
  session: sessions,
  program: {
    id: programs.id,
    title: programs.title,
    grades: programs.grades,
    minGroupSize: programs.minGroupSize,
    maxGroupSize: programs.maxGroupSize,
    standardPricePerPupil: programs.standardPricePerPupil,
    standardPricePerChaperone: programs.standardPricePerChaperone,
    delivery: programs.delivery,
    active: programs.active,
  },
  venue: {
    id: venues.id,
    name: venues.name,
    regionCode: venues.regionCode,
    status: venues.status,
    autoConfirm: venues.autoConfirm,
    chaperoneRatioPrimary: venues.chaperoneRatioPrimary,
    chaperoneRatioSecondary: venues.chaperoneRatioSecondary,
    bookingOpensDays: venues.bookingOpensDays,
    bookingClosesDays: venues.bookingClosesDays,
    requestHoldHours: venues.requestHoldHours,
  },
};

export async function loadSessionContext(db: Database, sessionId: string): Promise<SessionContext | null> {
  const [row] = await db
    .select({
      ...sessionContextColumns,
    })
    .from(sessions)
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, sessions.venueId))
    .where(eq(sessions.id, sessionId));
  return row ?? null;
}

/** Whether a session is on offer at all, its program switched on or off (published venue, on-site, not cancelled). */
export function sessionOffered(ctx: SessionContext): boolean {
  return (
    ctx.session.cancelledAt === null && ctx.venue.status === 'published' && ctx.program.delivery === 'onsite'
  );
}

/** Whether a session takes requests from schools at all (published venue, active on-site program, not cancelled). */
export function sessionBookable(ctx: SessionContext): boolean {
  return sessionOffered(ctx) && ctx.program.active;
}

/** Whether a program is on offer now (read again when a booking statement took nothing: was it switched off?). */
async function programActive(db: Database, programId: string): Promise<boolean> {
  const [row] = await db.select({ active: programs.active }).from(programs).where(eq(programs.id, programId));
  return row?.active ?? false;
}

/** No-shows of a school in the 90 days before an instant (by the date of the visit). */
export async function recentNoShows(db: Database, schoolId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .where(
      and(
        eq(bookings.schoolId, schoolId),
        eq(bookings.status, 'no_show'),
        gt(sessions.startsAt, new Date(now.getTime() - NO_SHOW_WINDOW_DAYS * DAY)),
      ),
    );
  return row?.n ?? 0;
}

export interface Created {
  id: string;
  status: BookingStatus;
  seats: number;
  promisedPricePerPupil: number;
  promisedPricePerChaperone: number;
}

export interface CreateHooks {
  /**
   * Stores the answer on an idempotency key with the booking itself, in the same statement (see runIdempotent), so
   * that the booking and the stored answer exist together or not at all.
   */
  complete?: Completion;
  /** The answer to store for a created booking. */
  respond?: (created: Created) => StoredResponse;
}

/** Everything a booking needs to know, read in one round trip: the session, its program and venue, the venue's
 * commitments, the school and the person booking, the school's recent no-shows, and who is to be told. */
interface BookingContext extends SessionContext {
  school: { isPriority: boolean; requiresApproval: boolean; name: string } | null;
  person: { name: string; mobile: string | null; email: string | null; locale: string };
  noShows: number;
  /** The school's live bookings in the session (see alreadyBooked). */
  schoolBookings: ExistingBooking[];
  commitments: CommitmentTerms[];
  recipients: {
    userId: string;
    role: 'venue_operator' | 'school_admin';
    email: string | null;
    locale: string;
  }[];
}

const liveStatusList = sql.raw(liveStatuses.map((status) => `'${status}'`).join(', '));
/** The most of a school's bookings in a session that a refused second request names. */
const SCHOOL_BOOKINGS_NAMED = 5;

/** The school's live bookings in a session (the first five), oldest first: a new request of the school is another group. */
export async function liveBookingsOfSchool(
  db: Database,
  sessionId: string,
  schoolId: string,
): Promise<ExistingBooking[]> {
  return db
    .select({
      id: bookings.id,
      pupils: bookings.pupils,
      status: bookings.status,
      needsSchoolApproval: bookings.needsSchoolApproval,
    })
    .from(bookings)
    .where(
      and(
        eq(bookings.sessionId, sessionId),
        eq(bookings.schoolId, schoolId),
        inArray(bookings.status, [...liveStatuses]),
      ),
    )
    .orderBy(asc(bookings.createdAt), asc(bookings.id))
    .limit(SCHOOL_BOOKINGS_NAMED);
}

function bookingContextQuery(db: Database, claiming: boolean) {
  const claim = claimCte(db);
  return (claiming ? db.with(claim) : db)
    .select({
      ...sessionContextColumns,
      school: sql<BookingContext['school']>`(select json_build_object('isPriority', s.is_priority,
        'requiresApproval', s.requires_approval, 'name', s.name) from schools s
        where s.id = ${sql.placeholder('schoolId')})`,
      person: sql<
        BookingContext['person'] | null
      >`(select json_build_object('name', u.name, 'mobile', u.mobile,
        'email', u.email, 'locale', u.locale) from users u where u.id = ${sql.placeholder('personId')})`,
      noShows: sql<number>`(select count(*)::int from bookings b join sessions se on se.id = b.session_id
        where b.school_id = ${sql.placeholder('schoolId')} and b.status = 'no_show'
          and se.starts_at > ${sql.placeholder('since')}::timestamptz)`,
      // Read only for a request that does not say it is another group, and only the first few (the page names them):
      // a school with many groups in a session must not make each of its requests carry all of them.
      schoolBookings: sql<ExistingBooking[]>`coalesce((select json_agg(json_build_object('id', b.id,
        'pupils', b.pupils, 'status', b.status, 'needsSchoolApproval', b.needs_school_approval) order by b.created_at, b.id) from (select * from bookings b
        where ${sql.placeholder('checkSchool')}::boolean and b.session_id = ${sessions.id}
          and b.school_id = ${sql.placeholder('schoolId')} and b.status in (${liveStatusList})
        order by b.created_at, b.id limit ${sql.raw(String(SCHOOL_BOOKINGS_NAMED))}) b), '[]'::json)`,
      commitments: sql<CommitmentTerms[]>`coalesce((select json_agg(json_build_object('id', c.id,
        'audience', c.audience, 'kind', c.kind, 'percentOff', c.percent_off, 'fixedPrice', c.fixed_price,
        'validFrom', c.valid_from, 'validTo', c.valid_to, 'status', c.status))
        from access_commitments c where c.venue_id = ${venues.id} and c.status = 'active'), '[]'::json)`,
      recipients: sql<
        BookingContext['recipients']
      >`coalesce((select json_agg(json_build_object('userId', m.user_id,
        'role', m.role, 'email', u.email, 'locale', u.locale))
        from memberships m join users u on u.id = m.user_id
        where m.status = 'active' and ((m.role = 'venue_operator' and m.venue_id = ${venues.id})
          or (m.role = 'school_admin' and m.school_id = ${sql.placeholder('schoolId')}))), '[]'::json)`,
      claimed: claiming ? sql<boolean>`exists (select 1 from ${claim})` : sql<boolean>`true`,
    })
    .from(sessions)
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, sessions.venueId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .prepare(claiming ? 'booking_context_claiming' : 'booking_context');
}
const bookingContext = preparedFor((db) => bookingContextQuery(db, false));
const bookingContextClaiming = preparedFor((db) => bookingContextQuery(db, true));

/** The context, and the claim of the idempotency key in the same query when the caller asks for it. */
async function loadBookingContext(
  db: Database,
  sessionId: string,
  schoolId: string,
  personId: string,
  now: Date,
  checkSchool: boolean,
  claim?: Completion['claim'],
): Promise<BookingContext | null> {
  const since = new Date(now.getTime() - NO_SHOW_WINDOW_DAYS * DAY).toISOString();
  const params = { sessionId, schoolId, personId, since, checkSchool };
  const [row] = claim
    ? await bookingContextClaiming(db).execute({ ...params, ...claim.params })
    : await bookingContext(db).execute(params);
  // Without a row (no such session) the query cannot say whether its CTE claimed the key: runIdempotent looks.
  await claim?.claimed(row ? row.claimed : 'unknown');
  if (!row?.person) return null;
  return { ...row, person: row.person };
}

/** The database's name of each column of the bookings table, for writing a whole row as JSON. */
const bookingColumnNames = Object.entries(getTableColumns(bookings)).map(([key, column]) => [
  key,
  column.keyAsName ? toSnakeCase(key) : column.name,
]);

function bookingRowJson(booking: Booking): string {
  const row: Record<string, unknown> = {};
  for (const [key, name] of bookingColumnNames) {
    const value = booking[key as keyof Booking];
    row[name as string] = value instanceof Date ? value.toISOString() : value;
  }
  return JSON.stringify(row);
}

/**
 * A teacher (or school admin) asks for seats in a session. The checks (window, grade, group size, chaperones) come
 * first, on what one query read; then one statement takes the seats with a single conditional UPDATE of the session —
 * `seats_held + n <= capacity`, and the green-channel reserve for schools that are not priority schools — and, only
 * when it took them, inserts the booking, its audit entry, its notices and e-mails (and the stored idempotent answer).
 * When no seats are left the answer is `session_full` (nothing written), or, with `waitlist`, a waitlisted booking.
 */
/** What a program takes of a group, and the venue's rule of adults per pupils. */
export interface GroupRules {
  program: { grades: number[]; minGroupSize: number; maxGroupSize: number };
  venue: { chaperoneRatioPrimary: number; chaperoneRatioSecondary: number };
}

/**
 * The request's grade, pupils and adults against what the program takes: each wrong field, in the form's order. A
 * field left out (a form that could not read it) is not judged, nor what depends on it.
 */
export function programMisfits(
  program: GroupRules['program'],
  venue: GroupRules['venue'],
  input: { grade?: number; pupils?: number; chaperones?: number },
): Failure[] {
  const misfits: Failure[] = [];
  const { grade, pupils, chaperones } = input;
  if (grade !== undefined && !program.grades.includes(grade))
    misfits.push(fail('grade_not_offered', 'grade'));
  const groupSize = { min: program.minGroupSize, max: program.maxGroupSize };
  if (pupils !== undefined && pupils < program.minGroupSize)
    misfits.push({ ...fail('group_too_small', 'pupils'), params: groupSize });
  if (pupils !== undefined && pupils > program.maxGroupSize)
    misfits.push({ ...fail('group_too_large', 'pupils'), params: groupSize });
  if (grade === undefined || pupils === undefined || chaperones === undefined) return misfits;
  const minChaperones = minimumChaperones(pupils, grade, venue);
  if (chaperones < minChaperones) {
    const ratio = isPrimaryGrade(grade) ? venue.chaperoneRatioPrimary : venue.chaperoneRatioSecondary;
    misfits.push({ ...fail('too_few_chaperones', 'chaperones'), params: { ratio, min: minChaperones } });
  }
  return misfits;
}

/** The group rules of a session's program and venue; null for no such session. */
export async function groupRulesOf(db: Database, sessionId: string): Promise<GroupRules | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({
      program: {
        grades: programs.grades,
        minGroupSize: programs.minGroupSize,
        maxGroupSize: programs.maxGroupSize,
      },
      venue: {
        chaperoneRatioPrimary: venues.chaperoneRatioPrimary,
        chaperoneRatioSecondary: venues.chaperoneRatioSecondary,
      },
    })
    .from(sessions)
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, sessions.venueId))
    .where(eq(sessions.id, sessionId));
  return row ?? null;
}

export async function createBooking(
  db: Database,
  viewer: Viewer,
  input: BookingInput,
  meta: Meta,
  hooks: CreateHooks = {},
): Promise<Outcome<Created>> {
  const schoolIds = memberSchoolIds(viewer);
  const schoolId = input.schoolId
    ? schoolIds.includes(input.schoolId)
      ? input.schoolId
      : null
    : schoolIds[0];
  if (!schoolId) return fail('not_a_teacher', input.schoolId ? 'schoolId' : undefined);
  const ctx = await loadBookingContext(
    db,
    input.sessionId,
    schoolId,
    viewer.id,
    meta.now,
    !input.anotherGroup,
    hooks.complete?.claim,
  );
  if (!ctx || !sessionOffered(ctx)) return fail('session_unavailable', 'sessionId');
  // Switched off by its venue: said as such (the session is still listed on the operator's side), not as missing.
  if (!ctx.program.active) return fail('program_inactive', 'sessionId');
  const { session, program, venue, school, person } = ctx;
  const state = windowState(bookingWindow(session.startsAt, venue), meta.now);
  if (session.startsAt <= meta.now) return fail('booking_closed', 'sessionId');
  if (state === 'closed') return fail('booking_closed', 'sessionId');
  if (state === 'not_open_yet') {
    const opens = formatWhen(bookingWindow(session.startsAt, venue).opensAt);
    return { ...fail('not_open_yet', 'sessionId'), params: { opens } };
  }
  // What the request says against what the program takes: every wrong field at once, the first deciding the answer.
  const [misfit, ...moreMisfits] = programMisfits(program, venue, input);
  if (misfit) {
    // The form's "another group" box is a field too: said now, not after the others are mended.
    if (!input.anotherGroup && ctx.schoolBookings.length > 0)
      moreMisfits.push(alreadyBooked(ctx.schoolBookings));
    return moreMisfits.length > 0 ? { ...misfit, more: moreMisfits } : misfit;
  }
  if (!school) return fail('not_a_teacher');

  const needsApproval = school.requiresApproval || ctx.noShows >= NO_SHOW_LIMIT;
  const selfApproved = needsApproval && administeredSchoolIds(viewer).includes(schoolId);
  const status = requestStatus(needsApproval, selfApproved, venue.autoConfirm);
  // A request that waits for an answer (the venue's, or the school admin's) must get it ANSWER_LEAD_HOURS before the
  // start; once no answer could come in time it is refused, not taken to lapse unanswered on the eve of the trip —
  // that is what a teacher would expect from "the venue answers by …". A request confirmed on the spot waits for
  // nobody, so an auto-confirming venue takes it until its own window closes (bookingClosesDays = 0: up to the start).
  // The same status decides a waitlisted request's fate at promotion, so it is refused alike.
  const holdUntil = holdDeadline(meta.now, venue.requestHoldHours, session.startsAt);
  if (awaitsAnswer(status) && !holdUntil) {
    return {
      ...fail('request_too_late', 'sessionId'),
      params: { hours: ANSWER_LEAD_HOURS, closes: formatWhen(latestAnswer(session.startsAt)) },
    };
  }
  // A second booking of the school is most often the first sent twice (another tab, a colleague): it is taken only
  // when the request says it is another group. Checked again in the writing statement, under the session's lock.
  if (!input.anotherGroup && ctx.schoolBookings.length > 0) return alreadyBooked(ctx.schoolBookings);
  const day = shanghaiDay(session.startsAt);
  const pupilPrice = expectedPrice(
    ctx.commitments,
    audienceForGrade(input.grade),
    day,
    program.standardPricePerPupil,
  );
  const chaperonePrice = expectedPrice(ctx.commitments, 'chaperone', day, program.standardPricePerChaperone);

  const seats = input.pupils + input.chaperones;
  const priority = school.isPriority;
  const described: Described = {
    title: session.title ?? program.title,
    venue: venue.name,
    school: school.name,
    teacher: person.name,
    when: formatWhen(session.startsAt),
  };
  const known: Recipients = {
    venue: [...new Set(ctx.recipients.filter((r) => r.role === 'venue_operator').map((r) => r.userId))],
    school_admins: [...new Set(ctx.recipients.filter((r) => r.role === 'school_admin').map((r) => r.userId))],
  };
  const addressOf = new Map<string, { email: string | null; locale: string }>(
    ctx.recipients.map((r) => [r.userId, r]),
  );
  addressOf.set(viewer.id, person);

  /** The whole row as it will be stored (so that its audit entry and notices are written in the same statement). */
  const bookingAs = (status: BookingStatus): Booking => ({
    id: randomUUID(),
    sessionId: session.id,
    venueId: venue.id,
    schoolId,
    teacherId: viewer.id,
    status,
    grade: input.grade,
    pupils: input.pupils,
    chaperones: input.chaperones,
    pupilsWithDisabilities: input.pupilsWithDisabilities,
    leftBehindPupils: input.leftBehindPupils,
    seats,
    priority,
    needsSchoolApproval: needsApproval,
    contactName: input.contactName ?? person.name,
    contactPhone: input.contactPhone ?? person.mobile ?? '',
    notes: input.notes,
    holdUntil: awaitsAnswer(status) ? holdUntil : null,
    commitmentId: pupilPrice.commitmentId,
    standardPricePerPupil: program.standardPricePerPupil,
    standardPricePerChaperone: program.standardPricePerChaperone,
    promisedPricePerPupil: pupilPrice.price,
    promisedPricePerChaperone: chaperonePrice.price,
    attendedPupils: null,
    attendedChaperones: null,
    chargedPricePerPupil: null,
    chargedPricePerChaperone: null,
    priceFlagged: false,
    cancelledBy: null,
    reason: null,
    approvedBy: selfApproved ? viewer.id : null,
    approvedAt: selfApproved ? meta.now : null,
    confirmedAt: status === 'confirmed' ? meta.now : null,
    decidedBy: null,
    cancelledAt: null,
    attendanceRecordedAt: null,
    feedbackRating: null,
    feedbackText: null,
    feedbackAt: null,
    createdAt: meta.now,
    updatedAt: meta.now,
  });

  /**
   * One statement: the conditional UPDATE of the session takes the seats (a waitlisted booking takes none), and the
   * booking, its audit entry, its notices, their e-mails and the stored answer are inserted only from the row it
   * returns — no seats, nothing written. (Taking the seats first also keeps the lock order of every path the same:
   * the session's row, then the rest.) The CHECK on sessions and the deferred trigger of migration 0003 stand behind
   * it whatever else runs at the same time. Unless the request is another group, the booking's INSERT first asks
   * school_has_no_live_booking (migration 0013) with the locked row, and a booking of the school committed meanwhile
   * makes the whole statement fail: 'already_booked', nothing written. Both the UPDATE and the waitlist's lock take
   * nothing unless the program is still on offer, read under a key-share lock: setProgramActive locks the program for
   * update, so a program being switched off makes the booking wait and then see it off (no row), and one being booked
   * makes the switch wait for the booking (which it then counts among the bookings made before).
   */
  const write = async (status: BookingStatus): Promise<Created | 'already_booked' | null> => {
    const booking = bookingAs(status);
    const created: Created = {
      id: booking.id,
      status: booking.status,
      seats: booking.seats,
      promisedPricePerPupil: booking.promisedPricePerPupil,
      promisedPricePerChaperone: booking.promisedPricePerChaperone,
    };
    const deadline = booking.holdUntil ? formatWhen(booking.holdUntil) : '';
    const teacherKind =
      status === 'waitlisted'
        ? 'booking_waitlisted'
        : status === 'confirmed'
          ? 'booking_confirmed'
          : 'booking_received';
    const notices = [
      ...noticesTo(booking, [booking.teacherId], 'teacher', teacherKind, 'received', {
        ...described,
        deadline,
      }),
      ...(await requestNotices(db, booking, described, known)),
    ];
    const emails = notices.flatMap((notice) => {
      const address = addressOf.get(notice.userId);
      return address ? emailOf(notice, address, meta.publicUrl) : [];
    });
    const { contactPhone: _phone, ...afterRow } = booking;
    const programOn = sql`exists (select 1 from programs p where p.id = ${program.id} and p.active for key share)`;
    const taken = holdsSeats(status)
      ? sql`update sessions set seats_held = seats_held + ${seats}
          ${priority ? sql`` : sql`, seats_held_general = seats_held_general + ${seats}`}
          where id = ${session.id} and cancelled_at is null and seats_held + ${seats} <= capacity and ${programOn}
          ${
            priority
              ? sql``
              : sql`and (green_channel_seats = 0 or green_release_at is null
                  or green_release_at <= ${meta.now.toISOString()}::timestamptz
                  or seats_held_general + ${seats} <= capacity - green_channel_seats)`
          }
          returning id`
      : // A waitlisted booking takes no seats but still locks the session row, as every path does, so that the
        // seats check at commit reads the session and its bookings without another change in between; a session
        // called off while the request waited for the lock takes no one.
        sql`select id from sessions where id = ${session.id} and cancelled_at is null and ${programOn}
          for no key update`;
    const stored = hooks.complete
      ? sql`, k as (${hooks.complete.statement(hooks.respond?.(created) ?? { status: 201, body: created }, sql`exists (select 1 from b)`)})`
      : sql``;
    const firstOfSchool = input.anotherGroup
      ? sql``
      : sql`where school_has_no_live_booking(taken.id, ${schoolId}::uuid)`;
    const rows = await retrying(() =>
      queryRows<{ id: string }>(
        db,
        sql`with taken as (${taken}),
          b as (
            insert into bookings select r.* from taken,
              jsonb_populate_record(null::bookings, ${bookingRowJson(booking)}::jsonb) r
            ${firstOfSchool}
            returning id
          ),
          a as (
            insert into audit_log (actor_user_id, action, entity_type, entity_id, region_code, after, request_id, ip)
            select ${viewer.id}::uuid, 'booking.create', 'booking', b.id::text, ${venue.regionCode},
              ${JSON.stringify(redactForAudit(afterRow))}::jsonb, ${meta.requestId ?? null}, ${meta.ip ?? null}
            from b
          ),
          n as (
            insert into notifications (user_id, kind, params, link, dedupe_key)
            select x.user_id, x.kind, x.params, x.link, x.dedupe_key
            from b, jsonb_to_recordset(${JSON.stringify(notices.map(noticeRow))}::jsonb)
              as x(user_id uuid, kind text, params jsonb, link text, dedupe_key text)
            on conflict (dedupe_key) do nothing
          ),
          e as (
            insert into email_outbox (to_address, subject, body, dedupe_key)
            select x.to_address, x.subject, x.body, x.dedupe_key
            from b, jsonb_to_recordset(${JSON.stringify(emails.map(emailRow))}::jsonb)
              as x(to_address text, subject text, body text, dedupe_key text)
            on conflict (dedupe_key) do nothing
          )
          ${stored}
          select id from b`,
      ),
    ).catch((error: unknown) => {
      if (pgErrorCode(error) === PG.alreadyBooked) return 'already_booked' as const;
      throw error;
    });
    if (rows === 'already_booked') return rows;
    if (rows.length === 0) return null;
    hooks.complete?.done();
    return created;
  };

  // When the session was already too full as read a moment ago, the answer is that (the refusal is true of that
  // moment); otherwise the conditional UPDATE decides.
  const secondGroup = async () => alreadyBooked(await liveBookingsOfSchool(db, session.id, schoolId));
  // A statement that took nothing may have met the program switched off since the context was read.
  const switchedOff = async () => !(await programActive(db, program.id));
  const open = seatsOpenTo(session, priority, meta.now);
  if (seats <= open) {
    const created = await write(status);
    if (created === 'already_booked') return secondGroup();
    if (created) return { ok: true, ...created };
    if (await switchedOff()) return fail('program_inactive', 'sessionId');
  }
  const waitlistAvailable = seats <= session.capacity;
  if (input.waitlist && waitlistAvailable) {
    const created = await write('waitlisted');
    if (created === 'already_booked') return secondGroup();
    if (created) return { ok: true, ...created };
    if (await switchedOff()) return fail('program_inactive', 'sessionId');
    return fail('session_unavailable', 'sessionId');
  }
  return {
    ok: false,
    error: 'session_full',
    field: 'pupils',
    waitlistAvailable,
    // The seats the group needs and those still open to it (as read a moment ago: when they seemed enough, the seats
    // went just now, and the answer says only that it is full). A group larger than the whole session never gets in,
    // not even from the waitlist: the form says so.
    params: waitlistAvailable
      ? { seats, open: Math.min(open, seats) }
      : { seats, capacity: session.capacity },
  };
}

const noticeRow = (notice: Notice) => ({
  user_id: notice.userId,
  kind: notice.kind,
  params: notice.params ?? {},
  link: notice.link ?? null,
  dedupe_key: notice.dedupeKey,
});

const emailRow = (email: OutboxEmail) => ({
  to_address: email.toAddress,
  subject: email.subject,
  body: email.body,
  dedupe_key: email.dedupeKey,
});

type Recipients = { venue: string[]; school_admins: string[] };

// ---- Changes of state. Each locks the session row first, then the booking, so two changes never interleave and
// never deadlock; the seats a change frees go to the waitlist in the same transaction.

const allParties: BookingParty[] = ['school', 'school_admin', 'venue', 'system'];

type StepContext = {
  tx: Database;
  booking: Booking;
  session: Session;
  parties: BookingParty[];
  to: BookingStatus;
};

async function step<T>(
  db: Database,
  viewer: Viewer | null,
  bookingId: string,
  action: BookingAction,
  run: (ctx: StepContext) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const [peek] = await db
    .select({ sessionId: bookings.sessionId })
    .from(bookings)
    .where(eq(bookings.id, bookingId));
  if (!peek) return fail('not_found');
  return retrying(() =>
    db.transaction(async (tx) => {
      const [session] = await tx
        .select()
        .from(sessions)
        .where(eq(sessions.id, peek.sessionId))
        .for('no key update');
      const [booking] = await tx
        .select()
        .from(bookings)
        .where(eq(bookings.id, bookingId))
        .for('no key update');
      if (!session || !booking) return fail('not_found');
      const parties: BookingParty[] = viewer ? partiesOf(viewer, booking) : ['system'];
      if (parties.length === 0) return fail('not_found');
      const to = nextStatus(booking.status, action, parties, booking.needsSchoolApproval);
      if (!to) {
        // Someone could take this step now, or this person never takes it (a teacher confirming): forbidden; nobody
        // could take it now: the booking has moved on.
        const anyone = nextStatus(booking.status, action, allParties, booking.needsSchoolApproval);
        if (anyone || !everTakes(action, parties)) return fail('not_allowed');
        // Said with where it stands now (cancelled by the teacher meanwhile, say), not as a riddle.
        return { ...fail('invalid_transition'), params: { status: booking.status } };
      }
      const outcome = await run({ tx, booking, session, parties, to });
      // The person who took the step has read what asked them to take it.
      if (outcome.ok && viewer) await markReadAbout(tx, viewer.id, `booking:${booking.id}:`);
      return outcome;
    }),
  );
}

/**
 * Writes a booking's new state and moves its seats: a booking that stops holding seats gives them back to the session
 * (and the waitlist), one that starts holding them takes them — refused by the CHECK if they are not there.
 */
async function writeState(
  tx: Database,
  booking: Booking,
  session: Session,
  patch: Partial<typeof bookings.$inferInsert> & { status: BookingStatus },
  meta: Meta,
): Promise<{ after: Booking; session: Session }> {
  const [after] = await tx
    .update(bookings)
    .set({ ...patch, updatedAt: meta.now })
    .where(eq(bookings.id, booking.id))
    .returning();
  if (!after) throw new Error('update returned nothing');
  const delta =
    (holdsSeats(after.status) ? after.seats : 0) - (holdsSeats(booking.status) ? booking.seats : 0);
  if (delta === 0) return { after, session };
  const [updated] = await tx
    .update(sessions)
    .set({
      seatsHeld: sql`${sessions.seatsHeld} + ${delta}`,
      seatsHeldGeneral: after.priority
        ? sessions.seatsHeldGeneral
        : sql`${sessions.seatsHeldGeneral} + ${delta}`,
    })
    .where(eq(sessions.id, session.id))
    .returning();
  return { after, session: updated ?? session };
}

/**
 * Promotes waitlisted bookings of a session, in the order they joined, while their seats fit (a group too big for
 * what is left waits, and a smaller one behind it may go first). The caller holds the session's row lock.
 */
async function promoteLocked(tx: Database, session: Session, meta: Meta): Promise<number> {
  if (session.startsAt <= meta.now || session.cancelledAt) return 0;
  const waiting = await tx
    .select()
    .from(bookings)
    .where(and(eq(bookings.sessionId, session.id), eq(bookings.status, 'waitlisted')))
    .orderBy(asc(bookings.createdAt), asc(bookings.id))
    .for('no key update');
  if (waiting.length === 0) return 0;
  const ctx = await loadSessionContext(tx, session.id);
  if (!ctx) return 0;
  let current = session;
  let promoted = 0;
  const holdUntil = holdDeadline(meta.now, ctx.venue.requestHoldHours, session.startsAt);
  for (const booking of waiting) {
    if (booking.seats > seatsOpenTo(current, booking.priority, meta.now)) continue;
    const approved = !booking.needsSchoolApproval || booking.approvedAt !== null;
    const status: BookingStatus = !approved
      ? 'requested'
      : ctx.venue.autoConfirm
        ? 'confirmed'
        : booking.needsSchoolApproval
          ? 'school_approved'
          : 'requested';
    // A request nobody could answer in time any more would only lapse: the group stays on the waitlist, and a later
    // group that would be confirmed at once may take the seats.
    if (awaitsAnswer(status) && !holdUntil) continue;
    const written = await writeState(
      tx,
      booking,
      current,
      {
        status,
        holdUntil: awaitsAnswer(status) ? holdUntil : null,
        confirmedAt: status === 'confirmed' ? meta.now : null,
      },
      meta,
    );
    current = written.session;
    promoted++;
    await audit(tx, null, 'promote', booking, written.after, meta);
    const described = await describe(tx, written.after);
    await notify(tx, written.after, 'teacher', 'booking_promoted', 'promoted', described, meta);
    await announceRequest(tx, written.after, described, meta);
  }
  return promoted;
}

/**
 * Promotes what fits from a session's waitlist in one transaction (after a capacity edit, say). Safe to run any
 * time, from any process.
 */
export async function promoteWaitlist(db: Database, sessionId: string, meta: Meta): Promise<number> {
  return retrying(() =>
    db.transaction(async (tx) => {
      const [session] = await tx
        .select()
        .from(sessions)
        .where(eq(sessions.id, sessionId))
        .for('no key update');
      return session ? promoteLocked(tx, session, meta) : 0;
    }),
  );
}

type Changed = { status: BookingStatus };

/** The school admin approves a request that needs the school's sign-off; the venue then sees it. */
export async function approveBooking(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  meta: Meta,
): Promise<Outcome<Changed>> {
  return step(db, viewer, bookingId, 'approve', async ({ tx, booking, session }) => {
    if (session.startsAt <= meta.now) return fail('already_started');
    const ctx = await loadSessionContext(tx, session.id);
    const autoConfirm = Boolean(ctx?.venue.autoConfirm);
    const holdUntil = holdDeadline(meta.now, ctx?.venue.requestHoldHours ?? 72, session.startsAt);
    // Approved, the request would wait for the venue, which can no longer answer in time: it lapses instead.
    if (!autoConfirm && !holdUntil) {
      return { ...fail('approval_too_late'), params: { hours: ANSWER_LEAD_HOURS } };
    }
    const { after } = await writeState(
      tx,
      booking,
      session,
      {
        status: autoConfirm ? 'confirmed' : 'school_approved',
        approvedBy: viewer.id,
        approvedAt: meta.now,
        confirmedAt: autoConfirm ? meta.now : null,
        holdUntil: autoConfirm ? null : holdUntil,
      },
      meta,
    );
    await audit(tx, viewer, 'approve', booking, after, meta);
    const described = await describe(tx, after);
    await notify(tx, after, 'teacher', 'booking_approved', 'approved', described, meta);
    if (autoConfirm) await notify(tx, after, 'teacher', 'booking_confirmed', 'confirmed', described, meta);
    await announceRequest(tx, after, described, meta);
    return { ok: true, status: after.status };
  });
}

/** The venue confirms a request (approved by the school when the school must approve). */
export async function confirmBooking(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  meta: Meta,
): Promise<Outcome<Changed>> {
  return step(db, viewer, bookingId, 'confirm', async ({ tx, booking, session }) => {
    if (session.startsAt <= meta.now) return fail('already_started');
    const { after } = await writeState(
      tx,
      booking,
      session,
      { status: 'confirmed', confirmedAt: meta.now, decidedBy: viewer.id, holdUntil: null },
      meta,
    );
    await audit(tx, viewer, 'confirm', booking, after, meta);
    await notify(tx, after, 'teacher', 'booking_confirmed', 'confirmed', await describe(tx, after), meta);
    return { ok: true, status: after.status };
  });
}

/** The venue (or, before approving, the school admin) says no; the seats go to the waitlist. */
export async function declineBooking(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  reason: string,
  meta: Meta,
): Promise<Outcome<Changed>> {
  return step(db, viewer, bookingId, 'decline', async ({ tx, booking, session }) => {
    const written = await writeState(
      tx,
      booking,
      session,
      { status: 'declined', decidedBy: viewer.id, reason: reason || null, holdUntil: null },
      meta,
    );
    await audit(tx, viewer, 'decline', booking, written.after, meta);
    // Before approving, it is the school admin who says no (the machine lets only them); the teacher is told who, and
    // a reason only when one was given.
    const bySchool = booking.status === 'requested' && booking.needsSchoolApproval;
    const kind = bySchool
      ? reason
        ? 'booking_not_approved'
        : 'booking_not_approved_no_reason'
      : reason
        ? 'booking_declined'
        : 'booking_declined_no_reason';
    await notify(
      tx,
      written.after,
      'teacher',
      kind,
      'declined',
      { ...(await describe(tx, written.after)), ...(reason ? { reason } : {}) },
      meta,
    );
    await promoteLocked(tx, written.session, meta);
    return { ok: true, status: written.after.status };
  });
}

/** Either side cancels before the visit, with a reason; the other side is told and the seats go to the waitlist. */
export async function cancelBooking(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  reason: string,
  meta: Meta,
): Promise<Outcome<Changed>> {
  return step(db, viewer, bookingId, 'cancel', async ({ tx, booking, session, parties }) => {
    if (session.startsAt <= meta.now) return fail('already_started');
    const by = parties.includes('school') ? 'school' : 'venue';
    const written = await writeState(
      tx,
      booking,
      session,
      { status: 'cancelled', cancelledBy: by, cancelledAt: meta.now, reason, holdUntil: null },
      meta,
    );
    await audit(tx, viewer, 'cancel', booking, written.after, meta);
    const described = { ...(await describe(tx, written.after)), reason };
    if (by === 'school') {
      if (
        booking.status !== 'waitlisted' &&
        !(booking.status === 'requested' && booking.needsSchoolApproval)
      ) {
        await notify(tx, written.after, 'venue', 'booking_cancelled_by_school', 'cancelled', described, meta);
      }
      if (booking.teacherId !== viewer.id) {
        await notify(tx, written.after, 'teacher', 'booking_cancelled', 'cancelled', described, meta);
      }
    } else {
      await notify(tx, written.after, 'teacher', 'booking_cancelled', 'cancelled', described, meta);
      await notify(tx, written.after, 'school_admins', 'booking_cancelled', 'cancelled', described, meta);
    }
    await promoteLocked(tx, written.session, meta);
    return { ok: true, status: written.after.status };
  });
}

/**
 * Refuses a count far above what the booking holds (see mostAttending), on the field that has it: pupils and
 * chaperones each, and together, since both take seats of the session's capacity.
 */
function attendanceOverBooking(
  input: AttendanceInput,
  booking: Pick<Booking, 'pupils' | 'chaperones' | 'seats'>,
  session: Pick<Session, 'capacity'>,
): Failure | null {
  const counts = [
    ['attendedPupils', input.attendedPupils, booking.pupils],
    ['attendedChaperones', input.attendedChaperones, booking.chaperones],
  ] as const;
  // Each count too high is named at once (500 pupils and 80 adults: both fields), not one per submit.
  const tooMany = counts.flatMap(([field, attended, booked]): Failure[] => {
    const max = mostAttending(booked, session.capacity);
    return attended > max ? [{ ok: false, error: 'too_many_attended', field, params: { booked, max } }] : [];
  });
  const [first, ...others] = tooMany;
  if (first) return others.length ? { ...first, more: others } : first;
  const max = mostAttending(booking.seats, session.capacity);
  if (input.attendedPupils + input.attendedChaperones > max) {
    // On the field that grew the most past what was booked.
    const field =
      input.attendedChaperones - booking.chaperones > input.attendedPupils - booking.pupils
        ? 'attendedChaperones'
        : 'attendedPupils';
    return { ok: false, error: 'too_many_attended_total', field, params: { booked: booking.seats, max } };
  }
  return null;
}

/**
 * From the session's start time the venue records who came and what each was charged (the form says so). Nobody came:
 * a no-show (the third in 90 days warns the school, whose next requests then need its admin). A charge above what the
 * commitments promised flags the booking for the venue and the bureau (DESIGN.md rule 4). A correction may be recorded
 * later the same way, but a flag stays: the venue it reports on cannot take it back, by lower figures or by calling
 * the visit a no-show (`flagged_no_show`); the bureau reads the correction beside it in the audit log.
 *
 * `askBeforeOvercharge` (the console's form, where prices are typed): such a charge is refused with
 * `overcharge_unconfirmed` and the promised and charged amounts, so that a typo is not reported; the form sends it
 * again once the person has confirmed those amounts. The API records what it is sent.
 */
export async function recordAttendance(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  input: AttendanceInput,
  meta: Meta,
  options: { askBeforeOvercharge?: boolean } = {},
): Promise<Outcome<Changed & { priceFlagged: boolean; unchanged?: true }>> {
  return step(db, viewer, bookingId, 'attendance', async ({ tx, booking, session }) => {
    if (session.startsAt > meta.now) return fail('not_yet_held');
    const overCount = attendanceOverBooking(input, booking, session);
    if (overCount) return overCount;
    const noShow = input.attendedPupils === 0 && input.attendedChaperones === 0;
    // The same figures saved again change nothing: no write, no audit entry, no notice (as the venue profile does).
    const recorded = booking.status === 'attended' || booking.status === 'no_show';
    if (
      recorded &&
      booking.attendedPupils === input.attendedPupils &&
      booking.attendedChaperones === input.attendedChaperones &&
      booking.chargedPricePerPupil === (noShow ? 0 : input.chargedPricePerPupil) &&
      booking.chargedPricePerChaperone === (noShow ? 0 : input.chargedPricePerChaperone)
    ) {
      return { ok: true, status: booking.status, priceFlagged: booking.priceFlagged, unchanged: true };
    }
    if (noShow && booking.priceFlagged) return fail('flagged_no_show', 'attendedPupils');
    const overcharged =
      !noShow &&
      isOvercharged(
        { pupil: booking.promisedPricePerPupil, chaperone: booking.promisedPricePerChaperone },
        { pupil: input.chargedPricePerPupil, chaperone: input.chargedPricePerChaperone },
      );
    const priceFlagged = booking.priceFlagged || overcharged;
    if (overcharged && options.askBeforeOvercharge) {
      return {
        ok: false,
        error: 'overcharge_unconfirmed',
        field: 'confirmOvercharge',
        params: {
          promisedPupilFen: booking.promisedPricePerPupil,
          chargedPupilFen: input.chargedPricePerPupil,
          promisedChaperoneFen: booking.promisedPricePerChaperone,
          chargedChaperoneFen: input.chargedPricePerChaperone,
        },
      };
    }
    const { after } = await writeState(
      tx,
      booking,
      session,
      {
        status: noShow ? 'no_show' : 'attended',
        attendedPupils: input.attendedPupils,
        attendedChaperones: input.attendedChaperones,
        chargedPricePerPupil: noShow ? 0 : input.chargedPricePerPupil,
        chargedPricePerChaperone: noShow ? 0 : input.chargedPricePerChaperone,
        priceFlagged,
        attendanceRecordedAt: meta.now,
        decidedBy: viewer.id,
      },
      meta,
    );
    await audit(tx, viewer, 'attendance', booking, after, meta);
    const described = await describe(tx, after);
    if (overcharged) {
      // The notice names the charge that is above the promise: the pupils', the adults', or both.
      const pupilOver = input.chargedPricePerPupil > after.promisedPricePerPupil;
      const adultOver = input.chargedPricePerChaperone > after.promisedPricePerChaperone;
      const pupil = { promisedFen: after.promisedPricePerPupil, chargedFen: input.chargedPricePerPupil };
      const adult = {
        promisedFen: after.promisedPricePerChaperone,
        chargedFen: input.chargedPricePerChaperone,
      };
      const [kind, amounts]: [NoticeKind, Record<string, number>] =
        pupilOver && adultOver
          ? [
              'booking_price_flagged_both',
              { ...pupil, promisedChaperoneFen: adult.promisedFen, chargedChaperoneFen: adult.chargedFen },
            ]
          : pupilOver
            ? ['booking_price_flagged', pupil]
            : ['booking_price_flagged_chaperone', adult];
      await notify(tx, after, 'venue', kind, 'price-flagged', { ...described, ...amounts }, meta);
    }
    if (noShow) {
      const count = await recentNoShows(tx, booking.schoolId, meta.now);
      if (count >= NO_SHOW_LIMIT) {
        const params = { ...described, count, days: NO_SHOW_WINDOW_DAYS };
        await notify(tx, after, 'school_admins', 'booking_no_show_warning', 'no-show-warning', params, meta);
        await notify(tx, after, 'teacher', 'booking_no_show_warning', 'no-show-warning', params, meta);
      }
    }
    return { ok: true, status: after.status, priceFlagged };
  });
}

/**
 * The teacher (or a school admin) says how an attended trip went: a rating of 1–5 and a few words, once. The venue's
 * operators are told; the text is theirs and the bureau's to read, never public.
 */
export async function giveFeedback(
  db: Database,
  viewer: Viewer,
  bookingId: string,
  input: FeedbackInput,
  meta: Meta,
): Promise<Outcome<Changed>> {
  return step(db, viewer, bookingId, 'feedback', async ({ tx, booking }) => {
    if (booking.feedbackAt) return fail('feedback_given');
    const [after] = await tx
      .update(bookings)
      .set({
        feedbackRating: input.rating,
        feedbackText: input.feedback,
        feedbackAt: meta.now,
        updatedAt: meta.now,
      })
      .where(eq(bookings.id, booking.id))
      .returning();
    if (!after) throw new Error('update returned nothing');
    await audit(tx, viewer, 'feedback', booking, after, meta);
    await notify(
      tx,
      after,
      'venue',
      'booking_feedback',
      'feedback',
      { ...(await describe(tx, after)), rating: input.rating },
      meta,
    );
    return { ok: true, status: after.status };
  });
}

// ---- The scheduler's jobs: each is safe to run twice and from two processes at once.

/** Requests nobody answered by their deadline lapse and free their seats (to the waitlist first). */
export async function lapseExpiredRequests(db: Database, meta: Meta): Promise<number> {
  const due = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(inArray(bookings.status, ['requested', 'school_approved']), lte(bookings.holdUntil, meta.now)))
    .orderBy(asc(bookings.holdUntil), asc(bookings.id))
    .limit(500);
  let lapsed = 0;
  for (const { id } of due) {
    const result = await step(db, null, id, 'lapse', async ({ tx, booking, session }) => {
      if (!booking.holdUntil || booking.holdUntil > meta.now) return fail('invalid_transition');
      const written = await writeState(tx, booking, session, { status: 'lapsed', holdUntil: null }, meta);
      await audit(tx, null, 'lapse', booking, written.after, meta);
      await notify(
        tx,
        written.after,
        'teacher',
        'booking_lapsed',
        'lapsed',
        await describe(tx, written.after),
        meta,
      );
      await promoteLocked(tx, written.session, meta);
      return { ok: true };
    });
    if (result.ok) lapsed++;
  }
  return lapsed;
}

/** Seats freed by other means (a larger capacity, say) go to waiting groups. */
export async function promoteWaitlists(db: Database, meta: Meta): Promise<number> {
  const candidates = await db
    .selectDistinct({ id: sessions.id })
    .from(sessions)
    .innerJoin(bookings, eq(bookings.sessionId, sessions.id))
    .where(
      and(
        eq(bookings.status, 'waitlisted'),
        gt(sessions.startsAt, meta.now),
        isNull(sessions.cancelledAt),
        sql`${sessions.seatsHeld} + ${bookings.seats} <= ${sessions.capacity}`,
      ),
    )
    .limit(200);
  let promoted = 0;
  for (const { id } of candidates) promoted += await promoteWaitlist(db, id, meta);
  return promoted;
}

/**
 * A reconfirmation request seven days before a confirmed visit and a reminder two days before, each sent exactly once
 * (the notices' dedupe keys; the NOT EXISTS only spares the work).
 */
export async function remindUpcomingTrips(db: Database, meta: Meta): Promise<number> {
  const cutoff = nightReminderCutoff(meta.now);
  let sent = 0;
  for (const [event, kind, from, to] of [
    ['reconfirm', 'booking_reconfirm', 2 * DAY, 7 * DAY],
    ['reminder', 'booking_reminder', 0, 2 * DAY],
  ] as const) {
    const due = await db
      .select()
      .from(bookings)
      .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
      .where(
        and(
          eq(bookings.status, 'confirmed'),
          gt(sessions.startsAt, new Date(meta.now.getTime() + from)),
          lte(sessions.startsAt, new Date(meta.now.getTime() + to)),
          // At night only what is due before the morning: the window's end (`from` before the visit) is its deadline.
          cutoff ? lt(sessions.startsAt, new Date(cutoff.getTime() + from)) : undefined,
          sql`not exists (select 1 from notifications n
            where n.dedupe_key = 'booking:' || ${bookings.id} || ${`:${event}:`} || ${bookings.teacherId})`,
        ),
      )
      .limit(1000);
    for (const { bookings: booking } of due) {
      const described = await describe(db, booking);
      const before = await db.transaction(async (tx) => {
        await notify(tx, booking, 'teacher', kind, event, described, meta);
        return true;
      });
      if (before) sent++;
    }
  }
  return sent;
}

/**
 * A venue changes a session's capacity. Below the seats already held PostgreSQL refuses it (the CHECK on sessions), so
 * a capacity edit racing bookings can never leave more seats held than there are; above, the waitlist moves up in the
 * same transaction. The venue console's session edit calls this (or relies on the same CHECK).
 */
export async function changeCapacity(
  db: Database,
  sessionId: string,
  capacity: number,
  meta: Meta,
): Promise<
  { ok: true; promoted: number } | { ok: false; error: 'not_found' | 'capacity_below_held'; held?: number }
> {
  try {
    return await retrying(() =>
      db.transaction(async (tx) => {
        const [session] = await tx
          .update(sessions)
          .set({ capacity, updatedAt: meta.now })
          .where(eq(sessions.id, sessionId))
          .returning();
        if (!session) return { ok: false as const, error: 'not_found' as const };
        return { ok: true as const, promoted: await promoteLocked(tx, session, meta) };
      }),
    );
  } catch (error) {
    if (pgErrorCode(error) === PG.checkViolation) {
      const [row] = await db
        .select({ held: sessions.seatsHeld })
        .from(sessions)
        .where(eq(sessions.id, sessionId));
      return { ok: false, error: 'capacity_below_held', held: row?.held };
    }
    throw error;
  }
}
