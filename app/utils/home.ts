import type { MessageKey } from '#app/i18n/index.ts';
import type { Role } from '#db/schema/enums.ts';

/**
 * Where each role starts after signing in. A person with several roles lands on the home of the first one in this
 * order (the widest responsibility first): a teacher starts at their trips, a school admin at the requests waiting
 * for approval, an operator at the venue console.
 */
export const roleHomes: readonly { role: Role; path: string; label: MessageKey }[] = [
  { role: 'admin', path: '/admin', label: 'admin.title' },
  { role: 'auditor', path: '/bureau', label: 'bureau.nav' },
  { role: 'school_admin', path: '/school/approvals', label: 'bookings.nav.approvals' },
  { role: 'venue_operator', path: '/console', label: 'console.nav' },
  { role: 'teacher', path: '/trips', label: 'bookings.nav.trips' },
  { role: 'speaker', path: '/speaker', label: 'speakers.nav.home' },
];

/** The homes of every role a person holds, widest first: the home page's way back to work. */
export function homesOf(roles: readonly { role: Role }[]) {
  return roleHomes.filter((h) => roles.some((r) => r.role === h.role));
}

/** The home of a person with these roles; the account page (where roles are asked for) when they hold none. */
export function homeFor(roles: readonly { role: Role }[]): string {
  return roleHomes.find((h) => roles.some((r) => r.role === h.role))?.path ?? '/account';
}
