import { and, asc, eq, gte, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import { memberSchoolIds, operatedVenueIds } from '#app/domain/accounts/roles.ts';
import { maySee, type RoleHolder } from '#app/domain/bookings/parties.ts';
import type { TFunction } from '#app/i18n/index.ts';
import { DAY } from '#app/utils/time.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { bookings, programs, schools, sessions, venues } from '#db/schema/index.ts';
import { mayRenewFeed } from './feeds.server.ts';
import type { CalendarEvent } from './ics.server.ts';

// Calendars of field trips, read straight from the bookings table: a booking is on a calendar once the venue confirmed
// it (and stays there, as attended); one that was confirmed and then cancelled is sent as CANCELLED so that
// subscribed calendars drop it.

export type TripViewer = RoleHolder;

export interface TripRow {
  id: string;
  status: string;
  schoolId: string;
  venueId: string;
  grade: number;
  pupils: number;
  chaperones: number;
  confirmedAt: Date | null;
  updatedAt: Date;
  sessionUpdatedAt: Date;
  startsAt: Date;
  endsAt: Date;
  sessionTitle: string | null;
  programTitle: string;
  venueName: string;
  venueAddress: string;
  schoolName: string;
}

const tripColumns = {
  id: bookings.id,
  status: bookings.status,
  schoolId: bookings.schoolId,
  venueId: bookings.venueId,
  grade: bookings.grade,
  pupils: bookings.pupils,
  chaperones: bookings.chaperones,
  confirmedAt: bookings.confirmedAt,
  updatedAt: bookings.updatedAt,
  sessionUpdatedAt: sessions.updatedAt,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  sessionTitle: sessions.title,
  programTitle: programs.title,
  venueName: venues.name,
  venueAddress: venues.address,
  schoolName: schools.name,
};

function trips(db: Database, where: SQL | undefined) {
  return db
    .select(tripColumns)
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .innerJoin(programs, eq(programs.id, sessions.programId))
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(schools, eq(schools.id, bookings.schoolId))
    .where(where)
    .orderBy(asc(sessions.startsAt), asc(bookings.id));
}

/** The school's teachers and admins, the venue's operators and platform admins (DESIGN.md rule 5). */
/** One booking with what its calendar entry and trip sheet show, when the viewer may see it. */
export async function tripForViewer(
  db: Database,
  viewer: TripViewer,
  bookingId: string,
): Promise<TripRow | null> {
  if (!isUuid(bookingId)) return null;
  const [trip] = await trips(db, eq(bookings.id, bookingId));
  return trip && maySee(viewer, trip) ? trip : null;
}

export function tripEvent(trip: TripRow, t: TFunction, origin: string): CalendarEvent {
  const sheet = `${origin}/bookings/${trip.id}/trip-sheet.pdf`;
  const cancelled = trip.status === 'cancelled';
  // The session's time or title is the event's too: whichever changed last is the event's last change.
  const lastChange = new Date(Math.max(trip.updatedAt.getTime(), trip.sessionUpdatedAt.getTime()));
  return {
    uid: `booking-${trip.id}@social-classroom`,
    startsAt: trip.startsAt,
    endsAt: trip.endsAt,
    summary: t('calendar.booking.summary', {
      venue: trip.venueName,
      program: trip.sessionTitle ?? trip.programTitle,
    }),
    // A cancelled trip has no trip sheet to point at.
    description: t(cancelled ? 'calendar.booking.descriptionCancelled' : 'calendar.booking.description', {
      school: trip.schoolName,
      grade: t(`grade.${trip.grade}` as 'grade.1'),
      pupils: t(trip.pupils === 1 ? 'bookings.trips.pupilsOne' : 'bookings.trips.pupils', {
        count: trip.pupils,
      }),
      chaperones: t(trip.chaperones === 1 ? 'bookings.trips.adultsOne' : 'bookings.trips.adults', {
        count: trip.chaperones,
      }),
      url: sheet,
    }),
    location: [trip.venueName, trip.venueAddress]
      .filter(Boolean)
      .join(t('calendar.booking.locationSeparator')),
    ...(cancelled ? {} : { url: sheet }),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    updatedAt: lastChange,
  };
}

/** A confirmed booking's single calendar entry (null when it is not confirmed or not the viewer's). */
export async function bookingCalendarEvent(
  db: Database,
  viewer: TripViewer,
  bookingId: string,
  t: TFunction,
  origin: string,
): Promise<CalendarEvent | null> {
  const trip = await tripForViewer(db, viewer, bookingId);
  if (!trip || (trip.status !== 'confirmed' && trip.status !== 'attended')) return null;
  return tripEvent(trip, t, origin);
}

/** Confirmed trips from 90 days ago on, plus confirmed-then-cancelled ones (so calendars remove them). */
function onCalendar(now: Date) {
  return and(
    gte(sessions.startsAt, new Date(now.getTime() - 90 * DAY)),
    or(
      inArray(bookings.status, ['confirmed', 'attended']),
      and(eq(bookings.status, 'cancelled'), isNotNull(bookings.confirmedAt)),
    ),
  );
}

/** The feed behind a school's or a venue's secret calendar address; null for an unknown secret. */
export async function tripFeed(
  db: Database,
  kind: 'school' | 'venue',
  token: string,
  now: Date,
): Promise<{ id: string; name: string; trips: TripRow[] } | null> {
  if (!/^[0-9a-f]{32,128}$/i.test(token)) return null;
  if (kind === 'school') {
    const [school] = await db
      .select({ id: schools.id, name: schools.name })
      .from(schools)
      .where(eq(schools.calendarToken, token));
    if (!school) return null;
    return {
      id: school.id,
      name: school.name,
      trips: await trips(db, and(eq(bookings.schoolId, school.id), onCalendar(now))),
    };
  }
  const [venue] = await db
    .select({ id: venues.id, name: venues.name })
    .from(venues)
    .where(eq(venues.calendarToken, token));
  if (!venue) return null;
  return {
    id: venue.id,
    name: venue.name,
    trips: await trips(db, and(eq(bookings.venueId, venue.id), onCalendar(now))),
  };
}

/**
 * The feed addresses a person may subscribe to: their schools' and their venues', each saying whether the person may
 * give it a new address (`mayRenewFeed`: school admins for their school, operators for their venue, admins for any).
 */
export async function feedsFor(
  db: Database,
  viewer: TripViewer,
): Promise<{ kind: 'school' | 'venue'; id: string; name: string; token: string; mayRenew: boolean }[]> {
  const schoolIds = memberSchoolIds(viewer);
  const venueIds = operatedVenueIds(viewer);
  const [schoolRows, venueRows] = await Promise.all([
    schoolIds.length
      ? db
          .select({ id: schools.id, name: schools.name, token: schools.calendarToken })
          .from(schools)
          .where(inArray(schools.id, schoolIds))
          .orderBy(asc(schools.name), asc(schools.id))
      : [],
    venueIds.length
      ? db
          .select({ id: venues.id, name: venues.name, token: venues.calendarToken })
          .from(venues)
          .where(inArray(venues.id, venueIds))
          .orderBy(asc(venues.name), asc(venues.id))
      : [],
  ]);
  return [
    ...schoolRows.map((s) => ({
      kind: 'school' as const,
      ...s,
      mayRenew: mayRenewFeed(viewer, 'school', s.id),
    })),
    ...venueRows.map((v) => ({
      kind: 'venue' as const,
      ...v,
      mayRenew: mayRenewFeed(viewer, 'venue', v.id),
    })),
  ];
}
