import type { RoleMembership } from './accounts.server.ts';

// What a person's active roles say, for every domain (a person's roles are read afresh on each request, so a removed
// membership takes effect at once).

type Holding<K extends keyof RoleMembership> = { roles: readonly Pick<RoleMembership, 'role' | K>[] };

export function isAdmin(viewer: Holding<'role'> | null | undefined): boolean {
  return Boolean(viewer?.roles.some((r) => r.role === 'admin'));
}

/** The venues a person operates, in the order they were granted. */
export function operatedVenueIds(viewer: Holding<'venueId'>): string[] {
  return [
    ...new Set(
      viewer.roles.filter((r) => r.role === 'venue_operator' && r.venueId).map((r) => r.venueId as string),
    ),
  ];
}

export function administeredSchoolIds(viewer: Holding<'schoolId'>): string[] {
  return viewer.roles.filter((r) => r.role === 'school_admin' && r.schoolId).map((r) => r.schoolId as string);
}

/** The schools a person teaches at or administers. */
export function memberSchoolIds(viewer: Holding<'schoolId'>): string[] {
  return [
    ...new Set(
      viewer.roles
        .filter((r) => (r.role === 'teacher' || r.role === 'school_admin') && r.schoolId)
        .map((r) => r.schoolId as string),
    ),
  ];
}
