import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import { sendNotice } from '#app/domain/notices/notices.server.ts';
import type { Database } from '#db/client.ts';
import type { Role } from '#db/schema/enums.ts';
import { bookings, infoReports, memberships, schools, sessions, users, venues } from '#db/schema/index.ts';
import { PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import { auditorsCovering, withinScopeSql } from './regions.server.ts';
import type { CloseInfoReportInput, InfoReportInput } from './schemas.ts';
import { type RegionScope, scopeIncludes, scopeOf } from './scope.ts';

export interface InfoReportUser {
  id: string;
  roles: readonly {
    role: Role;
    schoolId: string | null;
    venueId: string | null;
    regionCode: string | null;
  }[];
}

export interface VisitedBooking {
  id: string;
  startsAt: Date;
  pupils: number;
}

export interface ReportableVenue {
  id: string;
  name: string;
  slug: string;
  regionCode: string;
  /** The attended bookings of the person's schools at the venue, newest first. */
  visits: VisitedBooking[];
}

function schoolIdsOf(user: InfoReportUser): string[] {
  return [
    ...new Set(
      user.roles
        .filter((r) => (r.role === 'teacher' || r.role === 'school_admin') && r.schoolId)
        .map((r) => r.schoolId as string),
    ),
  ];
}

/** The venue and the visits of the person's schools to it; null when the venue does not exist or is not public. */
export async function getReportableVenue(
  db: Database,
  user: InfoReportUser,
  slug: string,
): Promise<ReportableVenue | null> {
  const [venue] = await db
    .select({ id: venues.id, name: venues.name, slug: venues.slug, regionCode: venues.regionCode })
    .from(venues)
    .where(and(eq(venues.slug, slug), eq(venues.status, 'published')));
  if (!venue) return null;
  const schoolIds = schoolIdsOf(user);
  const visits = schoolIds.length
    ? await db
        .select({ id: bookings.id, startsAt: sessions.startsAt, pupils: bookings.pupils })
        .from(bookings)
        .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
        .where(
          and(
            eq(bookings.venueId, venue.id),
            eq(bookings.status, 'attended'),
            inArray(bookings.schoolId, schoolIds),
          ),
        )
        .orderBy(desc(sessions.startsAt), desc(bookings.id))
    : [];
  return { ...venue, visits };
}

/** Published venues the person's schools visited (attended trips), latest visit first: where they may report. */
export async function listVisitedVenues(
  db: Database,
  user: InfoReportUser,
): Promise<{ slug: string; name: string; lastVisit: Date }[]> {
  const schoolIds = schoolIdsOf(user);
  if (schoolIds.length === 0) return [];
  const lastVisit = sql<Date>`max(${sessions.startsAt})`;
  const rows = await db
    .select({ slug: venues.slug, name: venues.name, lastVisit })
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .where(
      and(
        eq(bookings.status, 'attended'),
        inArray(bookings.schoolId, schoolIds),
        eq(venues.status, 'published'),
      ),
    )
    .groupBy(venues.id)
    .orderBy(desc(lastVisit), asc(venues.id))
    .limit(20);
  return rows.map((r) => ({ ...r, lastVisit: new Date(r.lastVisit) }));
}

export type FileInfoReportResult =
  | { ok: true; reportId: string }
  | { ok: false; error: 'venue_not_found' | 'no_visit' }
  /**
   * The visit named is not one of the person's school's attended visits to the venue: another school's booking,
   * one that does not exist, or one of theirs not yet recorded as attended. One answer for all, so that nobody
   * learns whether another school's booking exists.
   */
  | { ok: false; error: 'booking_not_found' }
  /** The person already has this very report open about the venue (a double submit): the open one's id. */
  | { ok: false; error: 'duplicate'; reportId: string | null };

/**
 * Files a teacher's "this information was wrong" about a venue their school visited. The venue's operators and the
 * auditors whose region holds the venue get a notice, in the same transaction. The same text about the same venue
 * while the person's earlier one is still open is filed once: the unique index `info_reports_open_once` refuses the
 * second, also when both arrive at the same moment, and nobody is told twice.
 */
export async function fileInfoReport(
  db: Database,
  user: InfoReportUser,
  slug: string,
  input: InfoReportInput,
  meta: { now: Date; requestId?: string | null; ip?: string | null; publicUrl?: string },
): Promise<FileInfoReportResult> {
  const venue = await getReportableVenue(db, user, slug);
  if (!venue) return { ok: false, error: 'venue_not_found' };
  if (venue.visits.length === 0) return { ok: false, error: 'no_visit' };
  const visit = input.bookingId ? venue.visits.find((v) => v.id === input.bookingId) : venue.visits[0];
  if (!visit) return { ok: false, error: 'booking_not_found' };
  try {
    return await insertInfoReport(db, user, venue, visit, input, meta);
  } catch (error) {
    if (pgErrorCode(error) !== PG.uniqueViolation || pgConstraint(error) !== 'info_reports_open_once')
      throw error;
    const [open] = await db
      .select({ id: infoReports.id })
      .from(infoReports)
      .where(
        and(
          eq(infoReports.venueId, venue.id),
          eq(infoReports.reportedBy, user.id),
          eq(infoReports.body, input.body),
          eq(infoReports.status, 'open'),
        ),
      );
    return { ok: false, error: 'duplicate', reportId: open?.id ?? null };
  }
}

function insertInfoReport(
  db: Database,
  user: InfoReportUser,
  venue: ReportableVenue,
  visit: VisitedBooking,
  input: InfoReportInput,
  meta: { now: Date; requestId?: string | null; ip?: string | null; publicUrl?: string },
): Promise<FileInfoReportResult> {
  return db.transaction(async (tx) => {
    const [report] = await tx
      .insert(infoReports)
      .values({
        venueId: venue.id,
        reportedBy: user.id,
        bookingId: visit.id,
        body: input.body,
        createdAt: meta.now,
      })
      .returning({ id: infoReports.id });
    if (!report) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      actorUserId: user.id,
      action: 'info_report.create',
      entityType: 'info_report',
      entityId: report.id,
      regionCode: venue.regionCode,
      after: { venueId: venue.id, bookingId: visit.id, body: input.body },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    const operators = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(
        and(
          eq(memberships.role, 'venue_operator'),
          eq(memberships.venueId, venue.id),
          eq(memberships.status, 'active'),
        ),
      );
    const auditors = await auditorsCovering(tx, venue.regionCode);
    const excerpt = input.body.length > 60 ? `${input.body.slice(0, 60)}…` : input.body;
    const notify = async (userId: string, link: string) =>
      sendNotice(
        tx,
        {
          userId,
          kind: 'infoReportFiled',
          params: { venue: venue.name, excerpt },
          link,
          dedupeKey: `info-report:${report.id}:filed:${userId}`,
        },
        meta.publicUrl,
      );
    for (const { userId } of operators) await notify(userId, `/info-reports#report-${report.id}`);
    for (const userId of auditors) await notify(userId, `/bureau/info-reports#report-${report.id}`);
    return { ok: true, reportId: report.id } as const;
  });
}

export interface InfoReportView {
  id: string;
  venueId: string;
  venueName: string;
  venueSlug: string;
  regionCode: string;
  body: string;
  status: 'open' | 'fixed' | 'dismissed';
  reporterName: string;
  schoolName: string | null;
  visitStartsAt: Date | null;
  createdAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
  /** What the closer wrote (处理说明); the reporter reads it too. */
  closeNote: string | null;
  /** The viewer may close it (operates the venue, or audits its region). */
  canClose: boolean;
}

function operatedVenueIds(user: InfoReportUser): string[] {
  return user.roles.filter((r) => r.role === 'venue_operator' && r.venueId).map((r) => r.venueId as string);
}

function mayClose(user: InfoReportUser, venueId: string, regionCode: string): boolean {
  if (operatedVenueIds(user).includes(venueId)) return true;
  const scope = scopeOf(user);
  return scope !== null && scopeIncludes(scope, regionCode);
}

/**
 * The reports a person may see: their own, those about venues they operate, and — for auditors — those in their
 * region (`scope` narrows an auditor's view to the bureau's list).
 */
export async function listInfoReports(
  db: Database,
  user: InfoReportUser,
  options: { status?: 'open' | 'closed'; scope?: RegionScope } = {},
): Promise<InfoReportView[]> {
  const reporter = alias(users, 'reporter');
  const closer = alias(users, 'closer');
  const visible: SQL[] = [];
  if (options.scope) {
    visible.push(withinScopeSql(venues.regionCode, options.scope));
  } else {
    visible.push(eq(infoReports.reportedBy, user.id));
    const venueIds = operatedVenueIds(user);
    if (venueIds.length) visible.push(inArray(infoReports.venueId, venueIds));
  }
  const statusCondition =
    options.status === 'open'
      ? eq(infoReports.status, 'open')
      : options.status === 'closed'
        ? sql`${infoReports.status} <> 'open'`
        : undefined;
  const rows = await db
    .select({
      id: infoReports.id,
      venueId: venues.id,
      venueName: venues.name,
      venueSlug: venues.slug,
      regionCode: venues.regionCode,
      body: infoReports.body,
      status: infoReports.status,
      reporterName: reporter.name,
      schoolName: schools.name,
      visitStartsAt: sessions.startsAt,
      createdAt: infoReports.createdAt,
      closedAt: infoReports.closedAt,
      closedByName: closer.name,
      closeNote: infoReports.closeNote,
    })
    .from(infoReports)
    .innerJoin(venues, eq(venues.id, infoReports.venueId))
    .innerJoin(reporter, eq(reporter.id, infoReports.reportedBy))
    .leftJoin(closer, eq(closer.id, infoReports.closedBy))
    .leftJoin(bookings, eq(bookings.id, infoReports.bookingId))
    .leftJoin(sessions, eq(sessions.id, bookings.sessionId))
    .leftJoin(schools, eq(schools.id, bookings.schoolId))
    .where(and(or(...visible), statusCondition))
    .orderBy(desc(infoReports.createdAt), desc(infoReports.id))
    .limit(500);
  return rows.map((r) => ({
    ...r,
    canClose: r.status === 'open' && mayClose(user, r.venueId, r.regionCode),
  }));
}

export type CloseInfoReportResult = { ok: true } | { ok: false; error: 'not_found' | 'already_closed' };

/** Closes a report as fixed or as not needing a change, with what was done; the reporter hears of it. */
export async function closeInfoReport(
  db: Database,
  user: InfoReportUser,
  input: CloseInfoReportInput,
  meta: { now: Date; requestId?: string | null; ip?: string | null; publicUrl?: string },
): Promise<CloseInfoReportResult> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ report: infoReports, venueName: venues.name, regionCode: venues.regionCode })
      .from(infoReports)
      .innerJoin(venues, eq(venues.id, infoReports.venueId))
      .where(eq(infoReports.id, input.id))
      .for('update');
    if (!found || !mayClose(user, found.report.venueId, found.regionCode)) {
      return { ok: false, error: 'not_found' } as const;
    }
    if (found.report.status !== 'open') return { ok: false, error: 'already_closed' } as const;
    await tx
      .update(infoReports)
      .set({ status: input.status, closedBy: user.id, closedAt: meta.now, closeNote: input.note ?? null })
      .where(eq(infoReports.id, input.id));
    await recordAudit(tx, {
      actorUserId: user.id,
      action: `info_report.${input.status === 'fixed' ? 'fix' : 'dismiss'}`,
      entityType: 'info_report',
      entityId: input.id,
      regionCode: found.regionCode,
      before: { status: 'open' },
      after: { status: input.status, note: input.note ?? null },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    await sendNotice(
      tx,
      {
        userId: found.report.reportedBy,
        kind: input.status === 'fixed' ? 'infoReportFixed' : 'infoReportDismissed',
        params: { venue: found.venueName, note: input.note ?? '' },
        link: `/info-reports#report-${input.id}`,
        dedupeKey: `info-report:${input.id}:closed:${found.report.reportedBy}`,
      },
      meta.publicUrl,
    );
    return { ok: true } as const;
  });
}

export async function countOpenInfoReports(db: Database, scope: RegionScope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(infoReports)
    .innerJoin(venues, eq(venues.id, infoReports.venueId))
    .where(and(eq(infoReports.status, 'open'), withinScopeSql(venues.regionCode, scope)));
  return row?.n ?? 0;
}
