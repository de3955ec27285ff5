import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { DAY, shanghaiDay, shanghaiParts, startOfShanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import {
  accessCommitments,
  bookings,
  schools,
  sessions,
  type Venue,
  venueChanges,
} from '#db/schema/index.ts';
import { listOperatedVenues, type VenueActor } from './access.server.ts';

export interface WeekLoad {
  /** The Monday (YYYY-MM-DD, Asia/Shanghai) of the calendar week; the first week is the one holding today. */
  from: string;
  held: number;
  capacity: number;
}

export interface VenueOverview {
  venue: Pick<
    Venue,
    | 'id'
    | 'name'
    | 'slug'
    | 'status'
    | 'type'
    | 'address'
    | 'lat'
    | 'lng'
    | 'locationApproximate'
    | 'calendarToken'
  >;
  sessionsAhead: number;
  seatsHeld: number;
  capacity: number;
  pendingChanges: number;
  pendingCommitments: number;
  weeks: WeekLoad[];
  /** The schools' ratings of the past year: how many, their mean, and the latest words (school, rating, text). */
  feedback: { count: number; average: number | null; latest: FeedbackEntry[] };
}

export interface FeedbackEntry {
  schoolName: string;
  rating: number;
  text: string;
  at: Date;
}

/** Ratings of the past 365 days per venue, and the latest three with words. */
async function feedbackOf(db: Database, venueIds: string[], now: Date) {
  const since = new Date(now.getTime() - 365 * DAY);
  const inYear = and(
    inArray(bookings.venueId, venueIds),
    isNotNull(bookings.feedbackAt),
    gte(bookings.feedbackAt, since),
  );
  const [totals, latest] = await Promise.all([
    db
      .select({
        venueId: bookings.venueId,
        n: count(),
        average: sql<number>`avg(${bookings.feedbackRating})::float8`,
      })
      .from(bookings)
      .where(inYear)
      .groupBy(bookings.venueId),
    db
      .select({
        venueId: bookings.venueId,
        schoolName: schools.name,
        rating: bookings.feedbackRating,
        text: bookings.feedbackText,
        at: bookings.feedbackAt,
      })
      .from(bookings)
      .innerJoin(schools, eq(schools.id, bookings.schoolId))
      .where(and(inYear, sql`${bookings.feedbackText} <> ''`))
      .orderBy(desc(bookings.feedbackAt), desc(bookings.id))
      .limit(3 * venueIds.length),
  ]);
  return (venueId: string) => {
    const total = totals.find((t) => t.venueId === venueId);
    return {
      count: Number(total?.n ?? 0),
      average: total ? Number(total.average) : null,
      latest: latest
        .filter((l) => l.venueId === venueId)
        .slice(0, 3)
        .map((l) => ({
          schoolName: l.schoolName,
          rating: l.rating ?? 0,
          text: l.text ?? '',
          at: l.at ?? now,
        })),
    };
  };
}

/** The console home: each venue the actor operates with the figures an operator checks first. */
export async function consoleOverview(db: Database, actor: VenueActor, now: Date): Promise<VenueOverview[]> {
  const list = await listOperatedVenues(db, actor);
  if (list.length === 0) return [];
  const ids = list.map((v) => v.id);
  const today = startOfShanghaiDay(now);
  // Calendar weeks, Monday to Sunday: the chart's first week is this one, whatever the day today is.
  const sinceMonday = (shanghaiParts(now).weekday + 6) % 7;
  // The chart counts this week from its Monday 00:00 in Beijing (sessions already held this week included); the
  // figures for the next 30 days count only sessions still ahead.
  const monday = startOfShanghaiDay(now, -sinceMonday);
  const horizon = new Date(today.getTime() + 30 * DAY);
  const [loads, changes, commitments, feedbackFor] = await Promise.all([
    db
      .select({
        venueId: sessions.venueId,
        dayAhead: sql<number>`floor(extract(epoch from (${sessions.startsAt} - ${today.toISOString()}::timestamptz)) / ${DAY / 1000})::int`,
        ahead: sql<boolean>`(${sessions.startsAt} >= ${now.toISOString()}::timestamptz)`,
        n: count(),
        held: sql<number>`sum(${sessions.seatsHeld})::int`,
        capacity: sql<number>`sum(${sessions.capacity})::int`,
      })
      .from(sessions)
      .where(
        and(
          inArray(sessions.venueId, ids),
          gte(sessions.startsAt, monday),
          lt(sessions.startsAt, horizon),
          isNull(sessions.cancelledAt),
        ),
      )
      .groupBy(sessions.venueId, sql`2`, sql`3`),
    db
      .select({ venueId: venueChanges.venueId, n: count() })
      .from(venueChanges)
      .where(and(inArray(venueChanges.venueId, ids), eq(venueChanges.status, 'pending')))
      .groupBy(venueChanges.venueId),
    db
      .select({ venueId: accessCommitments.venueId, n: count() })
      .from(accessCommitments)
      .where(and(inArray(accessCommitments.venueId, ids), eq(accessCommitments.status, 'pending')))
      .groupBy(accessCommitments.venueId),
    feedbackOf(db, ids, now),
  ]);
  return list.map((venue) => {
    const own = loads.filter((l) => l.venueId === venue.id);
    const weeks: WeekLoad[] = [0, 1, 2, 3].map((w) => {
      const rows = own.filter((l) => Math.floor((Number(l.dayAhead) + sinceMonday) / 7) === w);
      return {
        from: shanghaiDay(new Date(today.getTime() + (w * 7 - sinceMonday) * DAY)),
        held: rows.reduce((s, r) => s + Number(r.held), 0),
        capacity: rows.reduce((s, r) => s + Number(r.capacity), 0),
      };
    });
    const ahead = own.filter((l) => l.ahead && Number(l.dayAhead) < 30);
    return {
      venue: {
        id: venue.id,
        name: venue.name,
        slug: venue.slug,
        status: venue.status,
        type: venue.type,
        address: venue.address,
        lat: venue.lat,
        lng: venue.lng,
        locationApproximate: venue.locationApproximate,
        calendarToken: venue.calendarToken,
      },
      sessionsAhead: ahead.reduce((s, r) => s + Number(r.n), 0),
      seatsHeld: ahead.reduce((s, r) => s + Number(r.held), 0),
      capacity: ahead.reduce((s, r) => s + Number(r.capacity), 0),
      pendingChanges: Number(changes.find((c) => c.venueId === venue.id)?.n ?? 0),
      pendingCommitments: Number(commitments.find((c) => c.venueId === venue.id)?.n ?? 0),
      weeks,
      feedback: feedbackFor(venue.id),
    };
  });
}
