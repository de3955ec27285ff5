import { eq } from 'drizzle-orm';
import type { RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { schools } from '#db/schema/index.ts';

/**
 * A one-off word on the page a person lands on after a reset link or an invitation led them there (their home, which
 * differs by role), or after signing out: said by the query (`?note=`), as the pages' own `?done=` notes are, and
 * shown by the root. Not `?welcome=`: that is the account page's word to a new account.
 */
export type LandingNote =
  | { kind: 'reset' }
  | { kind: 'signedOut' }
  | { kind: 'joined'; role: 'teacher' | 'school_admin'; school: string };

/**
 * Where signing out leads, saying so (on a school's shared computer the next person sees it too): the home page, or
 * the page that asked (an invitation link opened while someone else was signed in).
 */
export function afterSignOut(page = '/'): string {
  return `${page}?note=signed-out`;
}

/** The address of `home` with the note after a new password was set through a reset link. */
export function afterReset(home: string): string {
  return `${home}?note=reset`;
}

/** The address of `home` with the note that the person has just joined this school in this role. */
export function afterJoining(home: string, schoolId: string, role: 'teacher' | 'school_admin'): string {
  return `${home}?${new URLSearchParams({ note: 'joined', school: schoolId, role })}`;
}

/**
 * What to say, if anything. "You joined" is said only of a role at a school the person really holds: a made-up
 * address says nothing.
 */
export async function readLandingNote(
  db: Database,
  url: URL,
  user: { roles: readonly RoleMembership[] } | null,
): Promise<LandingNote | null> {
  const kind = url.searchParams.get('note');
  // Said only to someone who is in fact signed out.
  if (kind === 'signed-out') return user ? null : { kind: 'signedOut' };
  if (!user || !kind) return null;
  if (kind === 'reset') return { kind };
  if (kind !== 'joined') return null;
  const schoolId = url.searchParams.get('school') ?? '';
  const role = url.searchParams.get('role');
  if (!isUuid(schoolId) || (role !== 'teacher' && role !== 'school_admin')) return null;
  if (!user.roles.some((r) => r.role === role && r.schoolId === schoolId)) return null;
  const [school] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, schoolId));
  return school ? { kind, role, school: school.name } : null;
}
