import { and, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import { administeredSchoolIds, memberSchoolIds } from '#app/domain/accounts/roles.ts';
import type { Database } from '#db/client.ts';
import type { BookingStatus } from '#db/schema/enums.ts';
import { bookings, sessions } from '#db/schema/index.ts';
import type { RoleHolder } from './parties.ts';

/** A trip in one of these states is still ahead of the school once its session has not begun: listed as upcoming. */
export const upcomingStatuses = [
  'requested',
  'school_approved',
  'confirmed',
  'waitlisted',
] as const satisfies readonly BookingStatus[];

export interface TripFigures {
  /** Trips not yet held, still requested, approved, confirmed or on the waitlist. */
  upcoming: number;
  /** Trips the venue recorded as made. */
  attended: number;
  /** The pupils the venue counted on those trips (the booked number where none was recorded). */
  pupilsAttended: number;
}

/**
 * Whose trips /trips lists and counts (`listTrips`, `tripFigures`): a teacher's own at the schools they still belong to, and for a
 * school admin every trip of the school (parties.ts). Null for a person of no school.
 */
export function tripsOf(viewer: RoleHolder & { id: string }): SQL | null {
  const memberOf = memberSchoolIds(viewer);
  const administered = administeredSchoolIds(viewer);
  if (memberOf.length === 0) return null;
  const own = and(eq(bookings.teacherId, viewer.id), inArray(bookings.schoolId, memberOf)) as SQL;
  return administered.length > 0 ? (or(own, inArray(bookings.schoolId, administered)) as SQL) : own;
}

/** The figures at the top of /trips, counted by the database over all the person's trips (the list stops at 300). */
export async function tripFigures(
  db: Database,
  viewer: RoleHolder & { id: string },
  now: Date,
): Promise<TripFigures> {
  const mine = tripsOf(viewer);
  if (!mine) return { upcoming: 0, attended: 0, pupilsAttended: 0 };
  const attended = eq(bookings.status, 'attended');
  const [row] = await db
    .select({
      upcoming: sql<number>`count(*) filter (where ${and(inArray(bookings.status, upcomingStatuses), gt(sessions.startsAt, now))})::int`,
      attended: sql<number>`count(*) filter (where ${attended})::int`,
      pupilsAttended: sql<number>`coalesce(sum(coalesce(${bookings.attendedPupils}, ${bookings.pupils})) filter (where ${attended}), 0)::int`,
    })
    .from(bookings)
    .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
    .where(mine);
  return row ?? { upcoming: 0, attended: 0, pupilsAttended: 0 };
}
