import type { Role } from '#db/schema/enums.ts';

/**
 * Where each role starts after signing in. A person with several roles lands on the home of the first one in this
 * order (the widest responsibility first): a teacher starts at their trips, a school admin at the requests waiting
 * for approval, an operator at the venue console.
 */
export const roleHomes: readonly { role: Role; path: string }[] = [
  { role: 'admin', path: '/admin' },
  { role: 'auditor', path: '/bureau' },
  { role: 'school_admin', path: '/school/approvals' },
  { role: 'venue_operator', path: '/console' },
  { role: 'teacher', path: '/trips' },
  { role: 'speaker', path: '/speaker' },
];

/** The home of a person with these roles; the account page (where roles are asked for) when they hold none. */
export function homeFor(roles: readonly { role: Role }[]): string {
  return roleHomes.find((h) => roles.some((r) => r.role === h.role))?.path ?? '/account';
}
