import type { MessageKey } from '#app/i18n/index.ts';
import type { Role } from '#db/schema/enums.ts';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown to anyone when absent; otherwise to holders of one of these roles. */
  roles?: readonly Role[];
  /** Shown to every signed-in person. */
  signedIn?: boolean;
}

/** The header's links, in order. A page joins the navigation here once it exists. */
export const navItems: readonly NavItem[] = [
  { to: '/search', label: 'search.nav' },
  { to: '/speakers', label: 'search.navSpeakers' },
  { to: '/speakers/topics', label: 'speakers.nav.menu' },
  { to: '/trips', label: 'bookings.nav.trips', roles: ['teacher', 'school_admin'] },
  { to: '/school/approvals', label: 'bookings.nav.approvals', roles: ['school_admin'] },
  { to: '/invitations', label: 'invitation.nav', roles: ['teacher', 'school_admin'] },
  { to: '/speaker', label: 'speakers.nav.home', roles: ['speaker'] },
  { to: '/console', label: 'console.nav', roles: ['venue_operator'] },
  { to: '/console/bookings', label: 'bookings.nav.console', roles: ['venue_operator'] },
  { to: '/speakers/vetting', label: 'speakers.nav.vetting', roles: ['auditor', 'admin'] },
  { to: '/bureau', label: 'bureau.nav', roles: ['auditor', 'admin'] },
  { to: '/info-reports', label: 'infoReport.nav', roles: ['venue_operator'] },
  { to: '/invites', label: 'invites.nav', roles: ['school_admin'] },
  { to: '/admin', label: 'admin.title', roles: ['admin'] },
  { to: '/inbox', label: 'nav.inbox', signedIn: true },
];

export function navFor(roles: readonly Role[], signedIn: boolean): NavItem[] {
  return navItems.filter((item) => {
    if (item.signedIn) return signedIn;
    return !item.roles || item.roles.some((role) => roles.includes(role));
  });
}

/**
 * The header link of the page a person is on: the longest link whose path the page's path is or lies under, so that
 * /console/bookings lights 预约管理 and not 场馆工作台 (/console) as well, and /console/programs still lights the latter.
 */
export function currentNavItem(nav: readonly Pick<NavItem, 'to'>[], pathname: string): string | undefined {
  let best: string | undefined;
  for (const { to } of nav) {
    const under = to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
    if (under && (best === undefined || to.length > best.length)) best = to;
  }
  return best;
}

/** The pages about signing up, a forgotten password or signing out: coming back to one after signing in would only
 * lead on to the account page, so the header's sign-in link leaves them out and the person lands on their home. */
const AUTH_PAGES = /^\/(signup|forgot|logout|reset\/[^/]*)\/?$/;

/**
 * The header's sign-in link: back to this page afterwards, unless this page is itself about accounts. On the sign-in
 * page it is that page as it is (with the way back it already has), never a sign-in that leads back to sign-in.
 */
export function signInHref(pathname: string, back: string): string {
  if (/^\/login\/?$/.test(pathname)) return back;
  return AUTH_PAGES.test(pathname) ? '/login' : `/login?redirectTo=${encodeURIComponent(withoutNote(back))}`;
}

/** The page without its one-off `?note=` (“you have signed out”), which would be out of place on coming back. */
function withoutNote(back: string): string {
  const url = new URL(back, 'http://this.site');
  if (!url.searchParams.has('note')) return back;
  url.searchParams.delete('note');
  return url.pathname + url.search;
}
