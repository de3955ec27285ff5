import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import {
  administeredSchoolIds,
  isAdmin,
  memberSchoolIds,
  operatedVenueIds,
} from '#app/domain/accounts/roles.ts';
import { withinRegionSql } from '#app/domain/bureau/regions.server.ts';
import { type VenuePlace, venuePlace } from '#app/domain/catalogue/placement.ts';
import { audienceForGrade, expectedPrice } from '#app/domain/commitments/pricing.ts';
import { DAY, parseShanghaiDay, shanghaiDay } from '#app/utils/time.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import {
  accessCommitments,
  bookings,
  programs,
  regions,
  schools,
  sessions,
  users,
  venues,
} from '#db/schema/index.ts';
import { likeContaining } from '#db/sql.ts';
import {
  liveBookingsOfSchool,
  loadSessionContext,
  recentNoShows,
  sessionBookable,
  sessionOffered,
  type Viewer,
} from './bookings.server.ts';
import {
  actionsInTime,
  availableActions,
  awaitsAnswer,
  type BookingAction,
  requestStatus,
} from './machine.ts';
import { maySee, partiesOf } from './parties.ts';
import {
  ANSWER_LEAD_HOURS,
  bookingWindow,
  greenSeatsHeld,
  greenSeatsHeldBack,
  NO_SHOW_LIMIT,
  requestWindow,
  type SessionSeats,
  seatsOpenTo,
  smallestGroupSeats,
  windowState,
} from './rules.ts';
import { tripsOf } from './trip-figures.server.ts';

const summaryColumns = {
  id: bookings.id,
  status: bookings.status,
  sessionId: bookings.sessionId,
  venueId: bookings.venueId,
  schoolId: bookings.schoolId,
  teacherId: bookings.teacherId,
  grade: bookings.grade,
  pupils: bookings.pupils,
  chaperones: bookings.chaperones,
  pupilsWithDisabilities: bookings.pupilsWithDisabilities,
  leftBehindPupils: bookings.leftBehindPupils,
  seats: bookings.seats,
  priority: bookings.priority,
  needsSchoolApproval: bookings.needsSchoolApproval,
  approvedAt: bookings.approvedAt,
  holdUntil: bookings.holdUntil,
  promisedPricePerPupil: bookings.promisedPricePerPupil,
  promisedPricePerChaperone: bookings.promisedPricePerChaperone,
  standardPricePerPupil: bookings.standardPricePerPupil,
  standardPricePerChaperone: bookings.standardPricePerChaperone,
  attendedPupils: bookings.attendedPupils,
  attendedChaperones: bookings.attendedChaperones,
  chargedPricePerPupil: bookings.chargedPricePerPupil,
  chargedPricePerChaperone: bookings.chargedPricePerChaperone,
  priceFlagged: bookings.priceFlagged,
  cancelledBy: bookings.cancelledBy,
  reason: bookings.reason,
  feedbackRating: bookings.feedbackRating,
  feedbackAt: bookings.feedbackAt,
  createdAt: bookings.createdAt,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  title: sql<string>`coalesce(${sessions.title}, ${programs.title})`,
  venueName: venues.name,
  venueSlug: venues.slug,
  schoolName: schools.name,
  teacherName: users.name,
};

export type BookingSummary = Awaited<ReturnType<typeof selectSummaries>>[number];

function selectSummaries(db: Database, where: SQL | undefined) {
  return db
    .select(summaryColumns)
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(schools, eq(schools.id, bookings.schoolId))
    .innerJoin(users, eq(users.id, bookings.teacherId))
    .where(where);
}

export interface BookingDetail extends BookingSummary {
  contactName: string;
  contactPhone: string;
  notes: string;
  feedbackText: string | null;
  actions: BookingAction[];
  venueEmergencyContact: string;
  venueAddress: string;
  venueLat: number;
  venueLng: number;
  /**
   * How far the venue's point can be trusted (ADR 018): `approximate` is the seat of its 旗县 or 盟市, not the venue;
   * `unknown` is no place at all (not to be shown or measured from).
   */
  venuePlace: VenuePlace;
  /** The venue's 旗县 (or 盟市), to name where it is when it has no address. */
  venueRegionCode: string;
  venueRegionName: string;
  /** A waitlisted booking's place in the queue (1: promoted first when seats free up); null otherwise. */
  waitlistPlace: number | null;
}

/** One booking as its parties see it, with the actions they may take at `now`; null when the person may not see it. */
export async function bookingDetail(
  db: Database,
  viewer: Viewer,
  id: string,
  now: Date,
): Promise<BookingDetail | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({
      ...summaryColumns,
      contactName: bookings.contactName,
      contactPhone: bookings.contactPhone,
      notes: bookings.notes,
      feedbackText: bookings.feedbackText,
      venueEmergencyContact: venues.emergencyContact,
      venueAddress: venues.address,
      venueLat: venues.lat,
      venueLng: venues.lng,
      venueLocationApproximate: venues.locationApproximate,
      venueRegionCode: venues.regionCode,
      venueRegionName: regions.name,
    })
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(regions, eq(regions.code, venues.regionCode))
    .innerJoin(schools, eq(schools.id, bookings.schoolId))
    .innerJoin(users, eq(users.id, bookings.teacherId))
    .where(eq(bookings.id, id));
  if (!row || !maySee(viewer, row)) return null;
  const actions = actionsInTime(
    availableActions(row.status, partiesOf(viewer, row), row.needsSchoolApproval),
    row.startsAt,
    now,
  );
  // In the order promotion takes them (the order they joined).
  const waitlistPlace =
    row.status === 'waitlisted'
      ? ((
          await db
            .select({ ahead: sql<number>`count(*)::int` })
            .from(bookings)
            .where(
              and(
                eq(bookings.sessionId, row.sessionId),
                eq(bookings.status, 'waitlisted'),
                sql`(${bookings.createdAt}, ${bookings.id}) < (${row.createdAt.toISOString()}::timestamptz, ${row.id}::uuid)`,
              ),
            )
        )[0]?.ahead ?? 0) + 1
      : null;
  // Feedback is given once.
  const { venueLocationApproximate, ...fields } = row;
  return {
    ...fields,
    venuePlace: venuePlace({
      regionCode: row.venueRegionCode,
      locationApproximate: venueLocationApproximate,
    }),
    waitlistPlace,
    actions: row.feedbackAt ? actions.filter((a) => a !== 'feedback') : actions,
  };
}

/** The API's answer for a booking. Prices in fen. */
export function bookingJson(b: BookingDetail) {
  return {
    id: b.id,
    status: b.status,
    sessionId: b.sessionId,
    venueId: b.venueId,
    schoolId: b.schoolId,
    title: b.title,
    venueName: b.venueName,
    schoolName: b.schoolName,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    grade: b.grade,
    pupils: b.pupils,
    chaperones: b.chaperones,
    pupilsWithDisabilities: b.pupilsWithDisabilities,
    leftBehindPupils: b.leftBehindPupils,
    seats: b.seats,
    needsSchoolApproval: b.needsSchoolApproval,
    holdUntil: b.holdUntil?.toISOString() ?? null,
    promisedPricePerPupil: b.promisedPricePerPupil,
    promisedPricePerChaperone: b.promisedPricePerChaperone,
    attendedPupils: b.attendedPupils,
    attendedChaperones: b.attendedChaperones,
    chargedPricePerPupil: b.chargedPricePerPupil,
    chargedPricePerChaperone: b.chargedPricePerChaperone,
    priceFlagged: b.priceFlagged,
    cancelledBy: b.cancelledBy,
    reason: b.reason,
    contactName: b.contactName,
    contactPhone: b.contactPhone,
    notes: b.notes,
    feedback: b.feedbackAt
      ? { rating: b.feedbackRating, text: b.feedbackText ?? '', at: b.feedbackAt.toISOString() }
      : null,
    actions: b.actions,
  };
}

/** The trips of a teacher: their own at the schools they still belong to, and for a school admin every trip of the
 * school (parties.ts). Newest sessions first. */
export async function listTrips(db: Database, viewer: Viewer) {
  const mine = tripsOf(viewer);
  if (!mine) return [];
  return selectSummaries(db, mine).orderBy(desc(sessions.startsAt), desc(bookings.id)).limit(300);
}

/** How far back the venue operator's inbox lists recorded visits. */
const RECORDED_DAYS = 180;

/**
 * The venue operator's inbox: requests waiting for the venue, the most urgent deadline first; confirmed visits coming
 * up; visits held but not yet recorded.
 */
export async function venueInbox(db: Database, viewer: Viewer, now: Date) {
  const venueIds = isAdmin(viewer) && operatedVenueIds(viewer).length === 0 ? null : operatedVenueIds(viewer);
  const mine = venueIds === null ? undefined : inArray(bookings.venueId, venueIds);
  const recordedSince = new Date(now.getTime() - RECORDED_DAYS * DAY);
  const [pending, upcoming, waiting, toRecord, load, recorded] = await Promise.all([
    selectSummaries(
      db,
      and(
        mine,
        or(
          and(eq(bookings.status, 'requested'), eq(bookings.needsSchoolApproval, false)),
          eq(bookings.status, 'school_approved'),
        ),
      ),
    )
      .orderBy(asc(bookings.holdUntil), asc(bookings.createdAt), asc(bookings.id))
      .limit(200),
    selectSummaries(db, and(mine, eq(bookings.status, 'confirmed'), gt(sessions.startsAt, now)))
      .orderBy(asc(sessions.startsAt), asc(bookings.id))
      .limit(100),
    // Not the venue's to answer yet, but in its sessions: requests waiting for their school admin (they hold seats)
    // and groups on a waitlist. The operator sees them, and can open one to cancel it (a series being ended, say).
    selectSummaries(
      db,
      and(
        mine,
        or(
          and(eq(bookings.status, 'requested'), eq(bookings.needsSchoolApproval, true)),
          eq(bookings.status, 'waitlisted'),
        ),
        gt(sessions.startsAt, now),
      ),
    )
      .orderBy(asc(sessions.startsAt), asc(bookings.createdAt), asc(bookings.id))
      .limit(100),
    selectSummaries(db, and(mine, eq(bookings.status, 'confirmed'), lte(sessions.startsAt, now)))
      .orderBy(asc(sessions.startsAt), asc(bookings.id))
      .limit(100),
    db
      .select({
        id: sessions.id,
        startsAt: sessions.startsAt,
        capacity: sessions.capacity,
        seatsHeld: sessions.seatsHeld,
        seatsHeldGeneral: sessions.seatsHeldGeneral,
        greenChannelSeats: sessions.greenChannelSeats,
        greenReleaseAt: sessions.greenReleaseAt,
        title: sql<string>`coalesce(${sessions.title}, ${programs.title})`,
      })
      .from(sessions)
      .innerJoin(programs, eq(programs.id, sessions.programId))
      .where(
        and(
          venueIds === null ? undefined : inArray(sessions.venueId, venueIds),
          gt(sessions.startsAt, now),
          isNull(sessions.cancelledAt),
        ),
      )
      .orderBy(asc(sessions.startsAt), asc(sessions.id))
      .limit(12),
    // Visits recorded lately, newest first like every dated list (a flagged charge carries its own tag).
    selectSummaries(
      db,
      and(
        mine,
        inArray(bookings.status, ['attended', 'no_show']),
        gt(sessions.startsAt, recordedSince),
        lte(sessions.startsAt, now),
      ),
    )
      .orderBy(desc(sessions.startsAt), desc(bookings.createdAt), desc(bookings.id))
      .limit(100),
  ]);
  return {
    pending,
    upcoming,
    waiting,
    toRecord,
    load: load.map((s) => ({ id: s.id, startsAt: s.startsAt, title: s.title, ...seatsLeftOf(s, now) })),
    recorded,
    recordedDays: RECORDED_DAYS,
    today: now.toISOString(),
  };
}

/** The groups of one session (counts only), for its venue's operators. */
/**
 * A session's seats as its venue reads them: every seat left, and of those the green-channel seats still held back
 * for priority schools (greenSeatsHeldBack) with the time they open to every school — the seats left are not all
 * open to any school that asks.
 */
export function seatsLeftOf(session: SessionSeats, now: Date) {
  const heldBack = greenSeatsHeldBack(session, now);
  return {
    capacity: session.capacity,
    seatsHeld: session.seatsHeld,
    seatsLeft: Math.max(0, session.capacity - session.seatsHeld),
    heldBack:
      heldBack > 0 && session.greenReleaseAt ? { seats: heldBack, releaseAt: session.greenReleaseAt } : null,
    /** The green-channel seats reserved, and how many of them priority schools' bookings hold. */
    green:
      session.greenChannelSeats > 0
        ? {
            seats: session.greenChannelSeats,
            held: greenSeatsHeld(session),
            releaseAt: session.greenReleaseAt,
          }
        : null,
  };
}

export async function sessionGroups(db: Database, viewer: Viewer, sessionId: string, now: Date) {
  if (!isUuid(sessionId)) return null;
  const ctx = await loadSessionContext(db, sessionId);
  if (!ctx) return null;
  if (!isAdmin(viewer) && !operatedVenueIds(viewer).includes(ctx.venue.id)) return null;
  const groups = await selectSummaries(db, eq(bookings.sessionId, sessionId)).orderBy(
    asc(bookings.status),
    asc(bookings.createdAt),
    asc(bookings.id),
  );
  return {
    session: ctx.session,
    seats: seatsLeftOf(ctx.session, now),
    title: ctx.session.title ?? ctx.program.title,
    groups,
  };
}

/** Requests of the school admin's schools waiting for the admin, the most urgent first; and the no-show warnings. */
export async function schoolApprovals(db: Database, viewer: Viewer, now: Date) {
  const schoolIds = administeredSchoolIds(viewer);
  if (schoolIds.length === 0) return { pending: [], warnings: [] };
  // With the teacher's notes: what the admin signs off may depend on them (a pupil in a wheelchair, a late return).
  const pending = await db
    .select({ ...summaryColumns, notes: bookings.notes })
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(schools, eq(schools.id, bookings.schoolId))
    .innerJoin(users, eq(users.id, bookings.teacherId))
    .where(
      and(
        inArray(bookings.schoolId, schoolIds),
        eq(bookings.status, 'requested'),
        eq(bookings.needsSchoolApproval, true),
      ),
    )
    .orderBy(asc(bookings.holdUntil), asc(bookings.id));
  const warnings: { schoolId: string; count: number }[] = [];
  for (const schoolId of schoolIds) {
    const count = await recentNoShows(db, schoolId, now);
    if (count >= NO_SHOW_LIMIT) warnings.push({ schoolId, count });
  }
  return { pending, warnings };
}

/**
 * A school's trips in a period (confirmed and held ones, the ones still waiting for an answer and those on a waitlist),
 * for the school calendar.
 */
export async function schoolTrips(db: Database, schoolId: string, range: { from: Date; to: Date }) {
  return selectSummaries(
    db,
    and(
      eq(bookings.schoolId, schoolId),
      inArray(bookings.status, ['requested', 'school_approved', 'confirmed', 'attended', 'waitlisted']),
      gt(sessions.endsAt, range.from),
      lte(sessions.startsAt, range.to),
    ),
  ).orderBy(asc(sessions.startsAt), asc(bookings.id));
}

/** What the booking form shows about a session to a person of a school: seats open to them, prices, rules. */
export async function sessionForBooking(db: Database, viewer: Viewer, sessionId: string, now: Date) {
  if (!isUuid(sessionId)) return null;
  const ctx = await loadSessionContext(db, sessionId);
  if (!ctx) return null;
  const schoolIds = memberSchoolIds(viewer);
  const [school] = schoolIds.length
    ? await db
        .select({
          id: schools.id,
          name: schools.name,
          isPriority: schools.isPriority,
          requiresApproval: schools.requiresApproval,
        })
        .from(schools)
        .where(eq(schools.id, schoolIds[0] as string))
    : [];
  const [venue] = await db
    .select({
      name: venues.name,
      slug: venues.slug,
      address: venues.address,
      lat: venues.lat,
      lng: venues.lng,
    })
    .from(venues)
    .where(eq(venues.id, ctx.venue.id));
  const commitments = await db
    .select()
    .from(accessCommitments)
    .where(and(eq(accessCommitments.venueId, ctx.venue.id), eq(accessCommitments.status, 'active')));
  const day = shanghaiDay(ctx.session.startsAt);
  const gradePrices = ctx.program.grades.map((grade) => ({
    grade,
    price: expectedPrice(commitments, audienceForGrade(grade), day, ctx.program.standardPricePerPupil).price,
  }));
  const chaperonePrice = expectedPrice(
    commitments,
    'chaperone',
    day,
    ctx.program.standardPricePerChaperone,
  ).price;
  const noShows = school ? await recentNoShows(db, school.id, now) : 0;
  const needsApproval = Boolean(school?.requiresApproval) || noShows >= NO_SHOW_LIMIT;
  const selfApproved = needsApproval && !!school && administeredSchoolIds(viewer).includes(school.id);
  // The window as createBooking applies it to this school: a request that waits for an answer closes early.
  const status = requestStatus(needsApproval, selfApproved, ctx.venue.autoConfirm);
  const window = requestWindow(ctx.session.startsAt, ctx.venue, awaitsAnswer(status));
  const closesEarly = window.closesAt < bookingWindow(ctx.session.startsAt, ctx.venue).closesAt;
  return {
    ...ctx,
    venueInfo: venue,
    school: school ?? null,
    bookable: sessionBookable(ctx) && ctx.session.startsAt > now && windowState(window, now) === 'open',
    /** Not cancelled or withdrawn: whether it takes requests is then a matter of its window. */
    sessionOpen: sessionBookable(ctx),
    /** On offer but for its program, switched off by the venue (createBooking answers `program_inactive`). */
    programInactive: sessionOffered(ctx) && !ctx.program.active,
    /** Where the session stands in time: one that has begun or ended takes no request, now or later. */
    phase: (ctx.session.endsAt <= now ? 'ended' : ctx.session.startsAt <= now ? 'started' : 'ahead') as
      | 'ended'
      | 'started'
      | 'ahead',
    window,
    /** The hours before the start by which requests must be answered, when that closes the window early. */
    answerLeadHours: closesEarly ? ANSWER_LEAD_HOURS : null,
    /** The school's live bookings in the session (a new request is then another group). */
    schoolBookings: school ? await liveBookingsOfSchool(db, sessionId, school.id) : [],
    seatsLeft: Math.max(0, ctx.session.capacity - ctx.session.seatsHeld),
    seatsOpen: seatsOpenTo(ctx.session, Boolean(school?.isPriority), now),
    /** The seats the smallest request takes (createBooking's group and chaperone rules): fewer open, no booking. */
    smallestGroup: smallestGroupSeats(ctx.program, ctx.venue),
    greenReserved:
      ctx.session.greenChannelSeats > 0 && ctx.session.greenReleaseAt && now < ctx.session.greenReleaseAt
        ? ctx.session.greenChannelSeats
        : 0,
    gradePrices,
    chaperonePrice,
    needsApproval,
  };
}

/** What "book a trip" narrows its sessions by: words of the program or venue, a grade, a first day, a region. */
export interface BookableFilters {
  q?: string;
  grade?: number;
  /** YYYY-MM-DD: sessions on this Beijing day or later. */
  from?: string;
  /** A 盟市 (its counties too) or a 旗县. */
  region?: string;
}

/**
 * Sessions ahead that take requests now, nearest region first (the teacher's 盟市), for "book a trip": with at least
 * the seats the program's smallest group takes open to the teacher's school (seatsOpen, as the booking form counts).
 */
export async function bookableSessions(
  db: Database,
  viewer: Viewer,
  now: Date,
  filters: BookableFilters = {},
  limit = 40,
) {
  const schoolIds = memberSchoolIds(viewer);
  const [school] = schoolIds.length
    ? await db
        .select({ regionCode: schools.regionCode, isPriority: schools.isPriority })
        .from(schools)
        .where(eq(schools.id, schoolIds[0] as string))
    : [];
  const prefecture = school ? `${school.regionCode.slice(0, 4)}%` : '15%';
  const rows = await db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      capacity: sessions.capacity,
      seatsHeld: sessions.seatsHeld,
      seatsHeldGeneral: sessions.seatsHeldGeneral,
      greenChannelSeats: sessions.greenChannelSeats,
      greenReleaseAt: sessions.greenReleaseAt,
      minGroupSize: programs.minGroupSize,
      chaperoneRatioPrimary: venues.chaperoneRatioPrimary,
      chaperoneRatioSecondary: venues.chaperoneRatioSecondary,
      title: sql<string>`coalesce(${sessions.title}, ${programs.title})`,
      grades: programs.grades,
      venueName: venues.name,
      regionCode: venues.regionCode,
      lat: venues.lat,
      lng: venues.lng,
    })
    .from(sessions)
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, sessions.venueId))
    .where(
      and(
        isNull(sessions.cancelledAt),
        eq(venues.status, 'published'),
        eq(programs.active, true),
        eq(programs.delivery, 'onsite'),
        sql`${sessions.startsAt} - make_interval(days => ${venues.bookingClosesDays}) > ${now.toISOString()}::timestamptz`,
        // A venue that answers requests takes none once it could not answer in time (rules.requestWindow): exactly when
        // holdDeadline gives none, since moving a deadline out of the night never takes one away.
        sql`(${venues.autoConfirm} or ${sessions.startsAt} - make_interval(hours => ${ANSWER_LEAD_HOURS}) > ${now.toISOString()}::timestamptz)`,
        sql`${sessions.startsAt} - make_interval(days => ${venues.bookingOpensDays}) <= ${now.toISOString()}::timestamptz`,
        sql`${sessions.seatsHeld} < ${sessions.capacity}`,
        filters.q
          ? or(
              sql`coalesce(${sessions.title}, ${programs.title}) ilike ${likeContaining(filters.q)}`,
              sql`${venues.name} ilike ${likeContaining(filters.q)}`,
            )
          : undefined,
        filters.grade === undefined ? undefined : sql`${filters.grade} = any(${programs.grades})`,
        filters.from
          ? sql`${sessions.startsAt} >= ${parseShanghaiDay(filters.from).toISOString()}::timestamptz`
          : undefined,
        filters.region ? withinRegionSql(venues.regionCode, filters.region) : undefined,
      ),
    )
    .orderBy(sql`(${venues.regionCode} like ${prefecture}) desc`, asc(sessions.startsAt), asc(sessions.id))
    // Room for the sessions left out below (too few seats for a group), without reading the whole catalogue.
    .limit(limit * 10);
  const shown = [];
  for (const row of rows) {
    const seatsOpen = seatsOpenTo(row, Boolean(school?.isPriority), now);
    if (seatsOpen < smallestGroupSeats(row, row)) continue;
    shown.push({
      id: row.id,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      capacity: row.capacity,
      seatsOpen,
      title: row.title,
      grades: row.grades,
      venueName: row.venueName,
      regionCode: row.regionCode,
      lat: row.lat,
      lng: row.lng,
    });
    if (shown.length === limit) break;
  }
  return shown;
}
