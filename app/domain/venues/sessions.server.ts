import { and, asc, count, eq, gt, gte, inArray, isNull, lt, max, min, ne, or, sql } from 'drizzle-orm';
import { recordAudit, regionOfVenue } from '#app/domain/audit/audit.server.ts';
import { promoteWaitlist } from '#app/domain/bookings/bookings.server.ts';
import { liveStatuses } from '#app/domain/bookings/machine.ts';
import { bookingWindow, seatsOpenTo } from '#app/domain/bookings/rules.ts';
import {
  addDays,
  DAY,
  DAYTIME,
  parseShanghaiDay,
  shanghaiDay,
  shanghaiParts,
  shanghaiTime,
} from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { bookings, programs, type Session, sessionSeries, sessions, venues } from '#db/schema/index.ts';
import { PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import { type AccessError, isUuid, mayOperate, type VenueActor, venueForActor } from './access.server.ts';
import { expandSeries, ruleEndingOn, type SeriesError, seriesRuleText } from './recurrence.ts';
import {
  MAX_SESSION_MINUTES,
  type SeriesFormInput,
  type SessionFormInput,
  type SessionPatch,
} from './schemas.ts';

export type SessionError =
  | AccessError
  | SeriesError
  | 'program_not_found'
  | 'program_inactive'
  | 'program_outreach'
  | 'too_long'
  | 'night_start'
  | 'in_past'
  | 'too_far_ahead'
  | 'series_first_past'
  | 'green_exceeds_capacity'
  | 'green_release'
  | 'green_release_past'
  | 'green_release_default_past'
  | 'capacity_below_held'
  | 'green_below_held'
  | 'session_has_bookings'
  | 'session_cancelled'
  | 'session_started'
  | 'not_in_series'
  | 'session_exists'
  | 'series_sessions_exist'
  | 'series_has_bookings'
  | 'series_end_past'
  | 'series_end_after'
  | 'series_over';

/** A session a refusal names, with its live bookings when that is why. */
export type NamedSession = Session & { liveBookings?: number };

export type SessionFailure = {
  ok: false;
  error: SessionError;
  field?: string;
  /**
   * The sessions the refusal is about: the live one already at that minute (`session_exists`,
   * `series_sessions_exist`), or those with live bookings (`series_has_bookings`).
   */
  sessions?: NamedSession[];
  /** With `series_end_after`: the day of the series' last session. */
  lastDay?: string;
  /** With `series_first_past`: when the series' first session would have begun. */
  firstStartsAt?: Date;
};

const fieldOf: Partial<Record<SessionError, string>> = {
  program_not_found: 'programId',
  program_inactive: 'programId',
  program_outreach: 'programId',
  time_order: 'endsAt',
  too_long: 'endsAt',
  night_start: 'startsAt',
  in_past: 'startsAt',
  too_far_ahead: 'startsAt',
  series_first_past: 'firstDate',
  green_exceeds_capacity: 'greenChannelSeats',
  green_release: 'greenReleaseAt',
  green_release_past: 'greenReleaseAt',
  green_release_default_past: 'greenChannelSeats',
  capacity_below_held: 'capacity',
  green_below_held: 'greenChannelSeats',
  series_order: 'untilDate',
  series_too_long: 'untilDate',
  series_empty: 'weekdays',
  series_no_weekday: 'weekdays',
  series_too_many: 'untilDate',
  not_in_series: 'date',
  session_exists: 'startsAt',
  series_sessions_exist: 'exceptionDates',
  series_has_bookings: 'lastDay',
  series_end_past: 'lastDay',
  series_end_after: 'lastDay',
  series_over: 'lastDay',
};

function fail(
  error: SessionError,
  details: Pick<SessionFailure, 'sessions' | 'lastDay' | 'firstStartsAt'> = {},
): SessionFailure {
  const field = fieldOf[error];
  return { ok: false, error, ...(field ? { field } : {}), ...details };
}

/** The start of an instant's minute: two sessions starting within one minute start "at the same time". */
const minuteOf = (instant: Date) => new Date(Math.floor(instant.getTime() / 60_000) * 60_000);

/** The unique index that keeps one live session of a program per starting minute (migration 0014). */
const isSameStartViolation = (error: unknown) =>
  pgErrorCode(error) === PG.uniqueViolation && pgConstraint(error) === 'sessions_program_start';

/** The program's live sessions starting in the minute of any of these instants (but `except`), earliest first. */
async function liveSessionsAt(
  db: Database,
  programId: string,
  starts: readonly Date[],
  except?: string,
): Promise<Session[]> {
  if (starts.length === 0) return [];
  const minutes = [...new Set(starts.map((s) => minuteOf(s).toISOString()))];
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.programId, programId),
        isNull(sessions.cancelledAt),
        except ? ne(sessions.id, except) : undefined,
        sql`date_trunc('minute', ${sessions.startsAt}) in (${sql.join(
          minutes.map((m) => sql`${m}::timestamptz`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id));
}

/**
 * Live bookings (holding seats or waiting for them) per session, for those of the sessions that have any. A session
 * with one is not called off here: the bookings desk cancels such bookings and tells the schools.
 */
async function liveBookingsIn(db: Database, sessionIds: readonly string[]): Promise<Map<string, number>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await db
    .select({ sessionId: bookings.sessionId, n: count() })
    .from(bookings)
    .where(and(inArray(bookings.sessionId, [...sessionIds]), inArray(bookings.status, [...liveStatuses])))
    .groupBy(bookings.sessionId);
  return new Map(rows.map((r) => [r.sessionId, r.n]));
}

/** What a session is made of, once times are instants. */
export interface SessionValues {
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  greenChannelSeats: number;
  greenReleaseAt: Date | null;
  openDay: boolean;
  title: string | null;
}

/** `now` is null when the times are not being set (a past session's capacity may still be corrected). */
/** How far ahead a session may be scheduled: two years. */
export const MAX_SESSION_AHEAD_DAYS = 731;

function startsByDay(instant: Date): boolean {
  const { hour, minute } = shanghaiParts(instant);
  return hour >= DAYTIME.from && (hour < DAYTIME.to || (hour === DAYTIME.to && minute === 0));
}

function checkValues(v: SessionValues, now: Date | null): SessionError | null {
  if (v.endsAt <= v.startsAt) return 'time_order';
  if (v.endsAt.getTime() - v.startsAt.getTime() > MAX_SESSION_MINUTES * 60_000) return 'too_long';
  // Classes come by day: a start before 07:00 or after 21:00 (Beijing time) is a mistyped hour (23:00 for 11:00).
  // An evening program may run past 21:00, and a camp overnight, once begun by day.
  if (now && !startsByDay(v.startsAt)) return 'night_start';
  if (now && v.startsAt <= now) return 'in_past';
  // A session years away is a mistyped year (2099 for 2029): no venue plans its programs that far.
  if (now && v.startsAt.getTime() - now.getTime() > MAX_SESSION_AHEAD_DAYS * DAY) return 'too_far_ahead';
  if (v.greenChannelSeats > v.capacity) return 'green_exceeds_capacity';
  if (v.greenChannelSeats > 0 && (!v.greenReleaseAt || v.greenReleaseAt > v.startsAt)) return 'green_release';
  return null;
}

/** The form's date and wall-clock times (Asia/Shanghai) as instants; green seats open N days before. */
export function sessionValuesFromForm(input: Omit<SessionFormInput, 'programId'>): SessionValues {
  const [y, m, d] = input.date.split('-').map(Number) as [number, number, number];
  const [sh, sm] = input.startTime.split(':').map(Number) as [number, number];
  const [eh, em] = input.endTime.split(':').map(Number) as [number, number];
  const startsAt = shanghaiTime(y, m, d, sh, sm);
  return {
    startsAt,
    endsAt: shanghaiTime(y, m, d, eh, em),
    capacity: input.capacity,
    greenChannelSeats: input.greenChannelSeats,
    greenReleaseAt:
      input.greenChannelSeats > 0 ? new Date(startsAt.getTime() - input.greenReleaseDays * DAY) : null,
    openDay: input.openDay,
    title: input.title ?? null,
  };
}

async function programForActor(db: Database, actor: VenueActor, programId: string) {
  if (!isUuid(programId)) return fail('program_not_found');
  const [program] = await db.select().from(programs).where(eq(programs.id, programId));
  if (!program) return fail('program_not_found');
  if (!mayOperate(actor, program.venueId)) return fail('forbidden');
  if (!program.active) return fail('program_inactive');
  if (program.delivery !== 'onsite') return fail('program_outreach');
  const [venue] = await db
    .select({ regionCode: venues.regionCode })
    .from(venues)
    .where(eq(venues.id, program.venueId));
  return { ok: true as const, program, regionCode: venue?.regionCode ?? null };
}

/**
 * The program read again under a share lock in the transaction that adds its sessions: `updateProgram` locks it for
 * update, so a program turned into an outreach one (or switched off) meanwhile is seen here, and one being turned
 * waits for these sessions and then finds them (`program_in_use`).
 */
async function stillOnsite(tx: Database, programId: string): Promise<SessionFailure | null> {
  const [program] = await tx
    .select({ active: programs.active, delivery: programs.delivery })
    .from(programs)
    .where(eq(programs.id, programId))
    .for('share');
  if (!program) return fail('program_not_found');
  if (!program.active) return fail('program_inactive');
  if (program.delivery !== 'onsite') return fail('program_outreach');
  return null;
}

/**
 * The program's other live sessions whose time overlaps one of `ranges` (not `except`, the ones just added). Allowed —
 * two rooms, two guides — but said to the operator, who may have meant to move a session rather than add one.
 */
async function overlappingSessions(
  db: Database,
  programId: string,
  ranges: readonly { startsAt: Date; endsAt: Date }[],
  except: { sessionId?: string; seriesId?: string },
): Promise<Session[]> {
  if (ranges.length === 0) return [];
  return db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.programId, programId),
        isNull(sessions.cancelledAt),
        except.sessionId ? ne(sessions.id, except.sessionId) : undefined,
        except.seriesId ? sql`${sessions.seriesId} is distinct from ${except.seriesId}::uuid` : undefined,
        or(...ranges.map((r) => and(lt(sessions.startsAt, r.endsAt), gt(sessions.endsAt, r.startsAt)))),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .limit(20);
}

/** One dated session of an on-site program. */
export async function createSession(
  db: Database,
  actor: VenueActor,
  programId: string,
  values: SessionValues,
  now: Date,
): Promise<{ ok: true; session: Session; overlapping: Session[] } | SessionFailure> {
  const found = await programForActor(db, actor, programId);
  if (!found.ok) return found;
  const problem = checkValues(values, now);
  if (problem) return fail(problem);
  // Green-channel seats whose release has passed already would open to everyone at once: a typo, or days ahead
  // counted past today. (A series keeps its early days' passed releases: the later days hold their seats.)
  if (values.greenChannelSeats > 0 && values.greenReleaseAt && values.greenReleaseAt <= now) {
    return fail('green_release_past');
  }
  const write = () =>
    db.transaction(async (tx) => {
      const changed = await stillOnsite(tx, programId);
      if (changed) return changed;
      // A second session of the program at the same minute is a double click or a retry: teachers would see it twice.
      const existing = await liveSessionsAt(tx, programId, [values.startsAt]);
      if (existing.length) return fail('session_exists', { sessions: existing });
      const [session] = await tx
        .insert(sessions)
        .values({ ...values, programId, venueId: found.program.venueId, createdAt: now, updatedAt: now })
        .returning();
      if (!session) throw new Error('session not inserted');
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: 'session.create',
        entityType: 'session',
        entityId: session.id,
        regionCode: found.regionCode,
        after: { programId, ...values },
        requestId: actor.requestId,
        ip: actor.ip,
      });
      const overlapping = await overlappingSessions(tx, programId, [values], { sessionId: session.id });
      return { ok: true, session, overlapping } as const;
    });
  return sameStartRefused(write, () => liveSessionsAt(db, programId, [values.startsAt]), 'session_exists');
}

/**
 * Runs a write that the unique index `sessions_program_start` may refuse: another request added the same session
 * between the check and the insert (both committed at once). The refusal names what is there now; in the rare case
 * that it was called off meanwhile, the write is simply tried again.
 */
async function sameStartRefused<T>(
  write: () => Promise<T>,
  existing: () => Promise<Session[]>,
  error: 'session_exists' | 'series_sessions_exist',
): Promise<T | SessionFailure> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (caught) {
      if (!isSameStartViolation(caught)) throw caught;
      const there = await existing();
      if (there.length || attempt >= 3) return fail(error, { sessions: there });
    }
  }
}

/** A recurring series (RRULE with exception days): the series row and all its sessions, in one transaction. */
export async function createSeries(
  db: Database,
  actor: VenueActor,
  input: SeriesFormInput,
  now: Date,
): Promise<
  | { ok: true; seriesId: string; sessions: number; unusedExceptions: string[]; overlapping: Session[] }
  | SessionFailure
> {
  const found = await programForActor(db, actor, input.programId);
  if (!found.ok) return found;
  const pattern = { ...input, weekdays: input.weekdays, exceptionDates: input.exceptionDates };
  const expanded = expandSeries(pattern);
  if (!expanded.ok) return fail(expanded.error);
  const rows: SessionValues[] = expanded.occurrences.map((o) => ({
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    capacity: input.capacity,
    greenChannelSeats: input.greenChannelSeats,
    greenReleaseAt:
      input.greenChannelSeats > 0 ? new Date(o.startsAt.getTime() - input.greenReleaseDays * DAY) : null,
    openDay: input.openDay,
    title: input.title ?? null,
  }));
  for (const row of rows) {
    const problem = checkValues(row, now);
    // Only the first sessions can lie in the past (the series starts today at a time gone by): said on the first
    // date, with the session it means.
    if (problem === 'in_past') return fail('series_first_past', { firstStartsAt: row.startsAt });
    if (problem) return fail(problem);
  }
  // A day on which the program already has a live session at that time is refused, not skipped: the operator decides
  // which one stands (the single one may have its own seats or title), and the series makes exactly the days it shows.
  const starts = rows.map((r) => r.startsAt);
  const write = () =>
    db.transaction(async (tx) => {
      const changed = await stillOnsite(tx, input.programId);
      if (changed) return changed;
      const existing = await liveSessionsAt(tx, input.programId, starts);
      if (existing.length) return fail('series_sessions_exist', { sessions: existing });
      const [series] = await tx
        .insert(sessionSeries)
        .values({
          programId: input.programId,
          rrule: seriesRuleText(pattern),
          exceptionDates: [...input.exceptionDates].sort(),
          createdAt: now,
        })
        .returning({ id: sessionSeries.id });
      if (!series) throw new Error('series not inserted');
      await tx.insert(sessions).values(
        rows.map((row) => ({
          ...row,
          programId: input.programId,
          venueId: found.program.venueId,
          seriesId: series.id,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: 'session_series.create',
        entityType: 'session_series',
        entityId: series.id,
        regionCode: found.regionCode,
        after: { programId: input.programId, rrule: seriesRuleText(pattern), sessions: rows.length },
        requestId: actor.requestId,
        ip: actor.ip,
      });
      return {
        ok: true,
        seriesId: series.id,
        sessions: rows.length,
        unusedExceptions: expanded.unusedExceptions,
        overlapping: await overlappingSessions(tx, input.programId, rows, { seriesId: series.id }),
      } as const;
    });
  return sameStartRefused(write, () => liveSessionsAt(db, input.programId, starts), 'series_sessions_exist');
}

async function lockedSession(tx: Database, actor: VenueActor, sessionId: string) {
  if (!isUuid(sessionId)) return fail('not_found');
  const [session] = await tx.select().from(sessions).where(eq(sessions.id, sessionId)).for('update');
  if (!session) return fail('not_found');
  if (!mayOperate(actor, session.venueId)) return fail('forbidden');
  if (session.cancelledAt) return fail('session_cancelled');
  return { ok: true as const, session };
}

/**
 * Changes a session. Capacity may never fall below the seats held: the row is locked, so bookings racing with the
 * edit wait for it, and the CHECK `sessions_held` (seats_held ≤ capacity) refuses whatever slips past anyway. A
 * session with seats held keeps its times (the schools booked those).
 */
export async function updateSession(
  db: Database,
  actor: VenueActor,
  sessionId: string,
  patch: SessionPatch,
  now: Date,
  options: { publicUrl?: string } = {},
): Promise<{ ok: true; session: Session; promoted: number } | SessionFailure> {
  const result = await changeSession(db, actor, sessionId, patch, now);
  if (!result.ok || !result.moreSeats) return result.ok ? { ...result, promoted: 0 } : result;
  // More seats are open: the waitlist moves up in order (the bookings desk's own rule, in its own transaction).
  const promoted = await promoteWaitlist(db, sessionId, {
    now,
    publicUrl: options.publicUrl,
    requestId: actor.requestId,
    ip: actor.ip,
  });
  const [reread] = promoted > 0 ? await db.select().from(sessions).where(eq(sessions.id, sessionId)) : [];
  const session = reread ?? result.session;
  return { ok: true, session, promoted };
}

/** An instant's minute as a number (null stays null), to compare times typed into forms, which carry no seconds. */
const minuteNumber = (d: Date | null) => (d ? minuteOf(d).getTime() : null);

async function changeSession(
  db: Database,
  actor: VenueActor,
  sessionId: string,
  patch: SessionPatch,
  now: Date,
): Promise<{ ok: true; session: Session; moreSeats: boolean } | SessionFailure> {
  try {
    return await db.transaction(async (tx) => {
      const found = await lockedSession(tx, actor, sessionId);
      if (!found.ok) return found;
      const { session } = found;
      const timesChange =
        (patch.startsAt && patch.startsAt.getTime() !== session.startsAt.getTime()) ||
        (patch.endsAt && patch.endsAt.getTime() !== session.endsAt.getTime());
      // Waitlisted groups count too: promoted later, they would come at a time they never chose.
      if (timesChange && (await liveBookingsIn(tx, [sessionId])).size > 0)
        return fail('session_has_bookings');
      // Once begun, its seats are history: more of them would promote waiting groups into a visit already under way.
      // Its title and open-day mark may still be put right.
      const seatsChange =
        (patch.capacity !== undefined && patch.capacity !== session.capacity) ||
        (patch.greenChannelSeats !== undefined && patch.greenChannelSeats !== session.greenChannelSeats) ||
        // By the minute, as the release below: the console's form sends it back without seconds.
        (patch.greenReleaseAt !== undefined &&
          minuteNumber(patch.greenReleaseAt) !== minuteNumber(session.greenReleaseAt));
      if (session.startsAt <= now && (seatsChange || timesChange)) return fail('session_started');
      const next: SessionValues = {
        startsAt: patch.startsAt ?? session.startsAt,
        endsAt: patch.endsAt ?? session.endsAt,
        capacity: patch.capacity ?? session.capacity,
        greenChannelSeats: patch.greenChannelSeats ?? session.greenChannelSeats,
        greenReleaseAt: patch.greenReleaseAt !== undefined ? patch.greenReleaseAt : session.greenReleaseAt,
        openDay: patch.openDay ?? session.openDay,
        title: patch.title !== undefined ? patch.title : session.title,
      };
      const releaseDefaulted = next.greenChannelSeats > 0 && !next.greenReleaseAt;
      if (releaseDefaulted) {
        next.greenReleaseAt = new Date(next.startsAt.getTime() - 7 * DAY);
      }
      const problem = checkValues(next, timesChange ? now : null);
      if (problem) return fail(problem);
      // Seats added (or their release cleared) without a time fall back on seven days ahead; within the week that has
      // passed, and the seats would open to every school at once, never held for the priority schools they were for.
      if (
        releaseDefaulted &&
        next.greenReleaseAt &&
        next.greenReleaseAt <= now &&
        minuteNumber(next.greenReleaseAt) !== minuteNumber(session.greenReleaseAt)
      ) {
        return fail('green_release_default_past');
      }
      // A release time set now must lie ahead (one in the past would be a typo: the seats would open at once). One set
      // earlier that has passed since stays, so the title or the open day can still be changed.
      const releaseMoved =
        patch.greenReleaseAt && minuteNumber(patch.greenReleaseAt) !== minuteNumber(session.greenReleaseAt);
      if (next.greenChannelSeats > 0 && releaseMoved && next.greenReleaseAt && next.greenReleaseAt <= now) {
        return fail('green_release_past');
      }
      if (next.capacity < session.seatsHeld) return fail('capacity_below_held');
      if (timesChange) {
        const existing = await liveSessionsAt(tx, session.programId, [next.startsAt], sessionId);
        if (existing.length) return fail('session_exists', { sessions: existing });
      }
      const greenClosed = next.greenReleaseAt !== null && next.greenReleaseAt > now;
      if (greenClosed && session.seatsHeldGeneral > next.capacity - next.greenChannelSeats) {
        return fail('green_below_held');
      }
      const [updated] = await tx
        .update(sessions)
        .set({ ...next, updatedAt: now })
        .where(eq(sessions.id, sessionId))
        .returning();
      if (!updated) throw new Error('session not updated');
      const changed = (Object.keys(next) as (keyof SessionValues)[]).filter(
        (k) => String(session[k]) !== String(next[k]),
      );
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: 'session.update',
        entityType: 'session',
        entityId: sessionId,
        regionCode: regionOfVenue(session.venueId),
        before: Object.fromEntries(changed.map((k) => [k, session[k]])),
        after: Object.fromEntries(changed.map((k) => [k, next[k]])),
        requestId: actor.requestId,
        ip: actor.ip,
      });
      const moreSeats =
        next.capacity > session.capacity ||
        next.greenChannelSeats < session.greenChannelSeats ||
        String(next.greenReleaseAt) !== String(session.greenReleaseAt);
      return { ok: true, session: updated, moreSeats } as const;
    });
  } catch (error) {
    // The database's own rule: seats held never exceed capacity (a booking got in between, or a bug above).
    if (pgErrorCode(error) === PG.checkViolation && pgConstraint(error) === 'sessions_held') {
      return fail('capacity_below_held');
    }
    // Moved onto the minute of a session added at the same moment (the unique index decided).
    if (isSameStartViolation(error) && patch.startsAt) {
      const [moved] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
      const existing = moved ? await liveSessionsAt(db, moved.programId, [patch.startsAt], sessionId) : [];
      return fail('session_exists', { sessions: existing });
    }
    throw error;
  }
}

/**
 * Calls a session off; only while it has no live booking, a waitlisted one included (bookings are cancelled through
 * the bookings desk first, which tells the schools).
 */
export async function cancelSession(
  db: Database,
  actor: VenueActor,
  sessionId: string,
  now: Date,
): Promise<{ ok: true } | SessionFailure> {
  return db.transaction(async (tx) => {
    const found = await lockedSession(tx, actor, sessionId);
    if (!found.ok) return found;
    if ((await liveBookingsIn(tx, [sessionId])).size > 0) return fail('session_has_bookings');
    await tx.update(sessions).set({ cancelledAt: now, updatedAt: now }).where(eq(sessions.id, sessionId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'session.cancel',
      entityType: 'session',
      entityId: sessionId,
      regionCode: regionOfVenue(found.session.venueId),
      before: { cancelledAt: null },
      after: { cancelledAt: now },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true } as const;
  });
}

/** Leaves one more day out of a series: the series records the exception and that day's session is called off. */
export async function addSeriesException(
  db: Database,
  actor: VenueActor,
  seriesId: string,
  date: string,
  now: Date,
): Promise<{ ok: true } | SessionFailure> {
  return db.transaction(async (tx) => {
    const [series] = await tx
      .select({ series: sessionSeries, venueId: programs.venueId })
      .from(sessionSeries)
      .innerJoin(programs, eq(programs.id, sessionSeries.programId))
      .where(eq(sessionSeries.id, seriesId))
      .for('update', { of: sessionSeries });
    if (!series) return fail('not_found');
    if (!mayOperate(actor, series.venueId)) return fail('forbidden');
    const dayStart = parseShanghaiDay(date);
    const onDay = await tx
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.seriesId, seriesId),
          gte(sessions.startsAt, dayStart),
          lt(sessions.startsAt, new Date(dayStart.getTime() + DAY)),
          isNull(sessions.cancelledAt),
        ),
      )
      .for('update');
    if (onDay.length === 0) return fail('not_in_series');
    const dayIds = onDay.map((s) => s.id);
    if ((await liveBookingsIn(tx, dayIds)).size > 0) return fail('session_has_bookings');
    await tx.update(sessions).set({ cancelledAt: now, updatedAt: now }).where(inArray(sessions.id, dayIds));
    const exceptionDates = [...new Set([...series.series.exceptionDates, date])].sort();
    await tx.update(sessionSeries).set({ exceptionDates }).where(eq(sessionSeries.id, seriesId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'session_series.exception',
      entityType: 'session_series',
      entityId: seriesId,
      regionCode: regionOfVenue(series.venueId),
      before: { exceptionDates: series.series.exceptionDates },
      after: { exceptionDates, cancelledSessions: dayIds },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true } as const;
  });
}

/**
 * Ends a series after `lastDay` (YYYY-MM-DD, Asia/Shanghai; today or later): its sessions on the days after are called
 * off and its rule's UNTIL moves to that day, in one transaction. As for a single day (addSeriesException), a session
 * with a live booking — requested, approved, confirmed or waitlisted — is not called off here: the whole change is
 * refused and names them, so that the bookings desk cancels those with a reason and the schools are told.
 */
export async function endSeries(
  db: Database,
  actor: VenueActor,
  seriesId: string,
  lastDay: string,
  now: Date,
): Promise<{ ok: true; calledOff: number } | SessionFailure> {
  if (!isUuid(seriesId)) return fail('not_found');
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ series: sessionSeries, venueId: programs.venueId })
      .from(sessionSeries)
      .innerJoin(programs, eq(programs.id, sessionSeries.programId))
      .where(eq(sessionSeries.id, seriesId))
      .for('update', { of: sessionSeries });
    if (!found) return fail('not_found');
    if (!mayOperate(actor, found.venueId)) return fail('forbidden');
    if (lastDay < shanghaiDay(now)) return fail('series_end_past');
    const live = and(eq(sessions.seriesId, seriesId), isNull(sessions.cancelledAt));
    const [last] = await tx
      .select({ startsAt: max(sessions.startsAt) })
      .from(sessions)
      .where(live);
    const end = last?.startsAt ? shanghaiDay(last.startsAt) : null;
    if (!end || end < shanghaiDay(now)) return fail('series_over');
    if (lastDay >= end) return fail('series_end_after', { lastDay: end });
    const later = await tx
      .select()
      .from(sessions)
      .where(and(live, gte(sessions.startsAt, parseShanghaiDay(addDays(lastDay, 1)))))
      .orderBy(asc(sessions.startsAt), asc(sessions.id))
      .for('update');
    const ids = later.map((s) => s.id);
    const booked = await liveBookingsIn(tx, ids);
    if (booked.size > 0) {
      return fail('series_has_bookings', {
        sessions: later
          .filter((s) => booked.has(s.id))
          .map((s) => ({ ...s, liveBookings: booked.get(s.id) })),
      });
    }
    await tx.update(sessions).set({ cancelledAt: now, updatedAt: now }).where(inArray(sessions.id, ids));
    const rrule = ruleEndingOn(found.series.rrule, lastDay);
    await tx.update(sessionSeries).set({ rrule }).where(eq(sessionSeries.id, seriesId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'session_series.end',
      entityType: 'session_series',
      entityId: seriesId,
      regionCode: regionOfVenue(found.venueId),
      before: { rrule: found.series.rrule, lastDay: end },
      after: { rrule, lastDay, cancelledSessions: ids },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true, calledOff: ids.length } as const;
  });
}

export interface ConsoleSeries {
  id: string;
  programTitle: string;
  /** The first and last of its sessions still to come (not called off). */
  firstStartsAt: Date;
  firstEndsAt: Date;
  lastStartsAt: Date;
  sessionsToCome: number;
}

/** The venue's series with sessions still to come, soonest first (the console ends them). */
export async function listVenueSeries(
  db: Database,
  actor: VenueActor,
  venueId: string,
  now: Date,
): Promise<{ ok: true; series: ConsoleSeries[] } | { ok: false; error: AccessError }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  const first = min(sessions.startsAt).mapWith(sessions.startsAt);
  const rows = await db
    .select({
      id: sessionSeries.id,
      programTitle: programs.title,
      firstStartsAt: first,
      firstEndsAt: min(sessions.endsAt).mapWith(sessions.endsAt),
      lastStartsAt: max(sessions.startsAt).mapWith(sessions.startsAt),
      sessionsToCome: count(),
    })
    .from(sessions)
    .innerJoin(sessionSeries, eq(sessionSeries.id, sessions.seriesId))
    .innerJoin(programs, eq(programs.id, sessionSeries.programId))
    .where(and(eq(sessions.venueId, venueId), isNull(sessions.cancelledAt), gte(sessions.startsAt, now)))
    .groupBy(sessionSeries.id, programs.title)
    .orderBy(first, sessionSeries.id)
    .limit(100);
  return { ok: true, series: rows };
}

/** One session by id, when its venue is published (the public may read it); null otherwise. */
export async function getSession(
  db: Database,
  sessionId: string,
): Promise<{ session: Session; programActive: boolean } | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({ session: sessions, programActive: programs.active })
    .from(sessions)
    .innerJoin(venues, eq(venues.id, sessions.venueId))
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .where(and(eq(sessions.id, sessionId), eq(venues.status, 'published')));
  return row ?? null;
}

export interface ConsoleSession extends Session {
  programTitle: string;
}

/** The venue's sessions in a window (cancelled ones too, marked), for the console. */
export async function listVenueSessions(
  db: Database,
  actor: VenueActor,
  venueId: string,
  window: { from: Date; to: Date },
): Promise<{ ok: true; sessions: ConsoleSession[] } | { ok: false; error: AccessError }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  const rows = await db
    .select({ session: sessions, programTitle: programs.title })
    .from(sessions)
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .where(
      and(
        eq(sessions.venueId, venueId),
        gte(sessions.startsAt, window.from),
        lt(sessions.startsAt, window.to),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(sessions.id))
    .limit(500);
  return { ok: true, sessions: rows.map((r) => ({ ...r.session, programTitle: r.programTitle })) };
}

export interface PublicSession {
  id: string;
  venueId: string;
  programId: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  seatsLeft: number;
  /**
   * The seats the caller's school may book (seatsOpenTo): all seats left for a priority school; for any other school,
   * or a caller without one, not the green-channel seats held back until their release.
   */
  seatsOpen: number;
  openDay: boolean;
  /** When schools can send requests for it, by the venue's booking window (a session may be listed before or after). */
  bookingOpensAt: string;
  bookingClosesAt: string;
}

/**
 * Sessions of published venues' active programs in a window, for anyone (`GET /api/v1/sessions`), each with the
 * times its booking window opens and closes, so that a client can tell one still open to requests.
 */
export async function listPublicSessions(
  db: Database,
  query: { venueId?: string; from: Date; to: Date; page: number; pageSize: number },
  viewer: { priority: boolean; now: Date },
): Promise<{ items: PublicSession[]; total: number; page: number; pageSize: number }> {
  const where = and(
    query.venueId ? eq(sessions.venueId, query.venueId) : undefined,
    gte(sessions.startsAt, query.from),
    lt(sessions.startsAt, query.to),
    isNull(sessions.cancelledAt),
    eq(venues.status, 'published'),
    eq(programs.active, true),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: sessions.id,
        venueId: sessions.venueId,
        programId: sessions.programId,
        startsAt: sessions.startsAt,
        endsAt: sessions.endsAt,
        capacity: sessions.capacity,
        seatsHeld: sessions.seatsHeld,
        seatsHeldGeneral: sessions.seatsHeldGeneral,
        greenChannelSeats: sessions.greenChannelSeats,
        greenReleaseAt: sessions.greenReleaseAt,
        openDay: sessions.openDay,
        bookingOpensDays: venues.bookingOpensDays,
        bookingClosesDays: venues.bookingClosesDays,
      })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .innerJoin(programs, eq(programs.id, sessions.programId))
      .where(where)
      .orderBy(asc(sessions.startsAt), asc(sessions.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: count() })
      .from(sessions)
      .innerJoin(venues, eq(venues.id, sessions.venueId))
      .innerJoin(programs, eq(programs.id, sessions.programId))
      .where(where),
  ]);
  return {
    items: rows.map((row) => {
      const {
        seatsHeld,
        seatsHeldGeneral: _general,
        greenChannelSeats: _green,
        greenReleaseAt: _release,
        startsAt,
        endsAt,
        bookingOpensDays,
        bookingClosesDays,
        ...r
      } = row;
      const window = bookingWindow(startsAt, { bookingOpensDays, bookingClosesDays });
      return {
        ...r,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        seatsLeft: r.capacity - seatsHeld,
        seatsOpen: seatsOpenTo(row, viewer.priority, viewer.now),
        bookingOpensAt: window.opensAt.toISOString(),
        bookingClosesAt: window.closesAt.toISOString(),
      };
    }),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * `from`/`to` of the query as instants: a bare date means that day in Asia/Shanghai (`to` inclusive). Without `from`,
 * from now; without `to`, 90 days after `from`.
 */
export function sessionWindow(from: string | undefined, to: string | undefined, now: Date) {
  const start = from ? (from.length === 10 ? parseShanghaiDay(from) : new Date(from)) : now;
  const end = to
    ? to.length === 10
      ? new Date(parseShanghaiDay(to).getTime() + DAY)
      : new Date(to)
    : new Date(start.getTime() + 90 * DAY);
  return { from: start, to: end };
}
