import type { RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import {
  administeredSchoolIds,
  isAdmin,
  memberSchoolIds,
  operatedVenueIds,
} from '#app/domain/accounts/roles.ts';
import type { Booking } from '#db/schema/index.ts';
import type { BookingParty } from './machine.ts';

// Who acts for whom on a booking, from the person's active roles alone. A booking belongs to its school: the teacher
// who made it acts for the school while they are a member of it (a school admin who removes a teacher who left also
// removes their say over the school's trips), the school's admins approve and act for it, the venue's operators act
// for the venue. One rule for every page, API answer, calendar entry and trip sheet.

export interface RoleHolder {
  roles: readonly Pick<RoleMembership, 'role' | 'schoolId' | 'venueId'>[];
}

type BookingSides = Pick<Booking, 'schoolId' | 'venueId'>;

/** The side a booking page is written for: the school's (teachers, school admins) or the venue's operators. */
export type BookingSide = 'school' | 'venue';

/** The sides a person acts for on a booking (none: they may not act on it). */
export function partiesOf(
  viewer: RoleHolder & { id: string },
  booking: BookingSides & Pick<Booking, 'teacherId'>,
): BookingParty[] {
  const parties: BookingParty[] = [];
  if (booking.teacherId === viewer.id && memberSchoolIds(viewer).includes(booking.schoolId)) {
    parties.push('school');
  }
  if (administeredSchoolIds(viewer).includes(booking.schoolId)) parties.push('school', 'school_admin');
  if (operatedVenueIds(viewer).includes(booking.venueId)) parties.push('venue');
  return [...new Set(parties)];
}

/** Whether a person may read a booking (its page, calendar entry and trip sheet): the school's teachers and admins,
 * the venue's operators, and admins. */
export function maySee(viewer: RoleHolder, booking: BookingSides): boolean {
  return (
    isAdmin(viewer) ||
    memberSchoolIds(viewer).includes(booking.schoolId) ||
    operatedVenueIds(viewer).includes(booking.venueId)
  );
}
