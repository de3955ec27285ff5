import type { Role } from '#db/schema/enums.ts';

/**
 * Where each role starts after signing in. A person with several roles lands on the home of the first one in this
 * order (the widest responsibility first). Later pages (the school's booking desk, the venue console) replace these
 * paths here, in one place.
 */
export const roleHomes: readonly { role: Role; path: string }[] = [
  { role: 'admin', path: '/admin' },
  { role: 'auditor', path: '/bureau' },
  { role: 'school_admin', path: '/invites' },
  { role: 'venue_operator', path: '/console/outreach' },
  { role: 'teacher', path: '/invitations' },
  { role: 'speaker', path: '/speaker' },
];

/** The home of a person with these roles; the account page (where roles are asked for) when they hold none. */
export function homeFor(roles: readonly { role: Role }[]): string {
  return roleHomes.find((h) => roles.some((r) => r.role === h.role))?.path ?? '/account';
}
