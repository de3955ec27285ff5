import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import { administeredSchoolIds, isAdmin, operatedVenueIds } from '#app/domain/accounts/roles.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { memberships, schools, speakers, users, venues } from '#db/schema/index.ts';
import { randomToken } from '#db/schema/sql-helpers.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { sendNotices } from '../notices/notices.server.ts';

// A school's and a venue's calendar feed is read by whoever holds its secret address, with no sign-in (calendar apps
// send no cookie). So the address is renewed — a new secret, the old address answering 404 from then on — when one of
// the school's admins or the venue's operators asks for it, and by itself whenever someone leaves the school or stops
// operating the venue: a copied address must not outlive its owner's role. The secret is never written to the audit
// log (it is a credential); the entry says who renewed which feed and why. Everyone else who reads the feed (the
// school's teachers and admins, the venue's operators) is told, so that no one's calendar goes quiet unnoticed.

export type FeedKind = 'school' | 'venue';

export interface FeedViewer {
  id: string;
  roles: readonly Pick<RoleMembership, 'role' | 'schoolId' | 'venueId'>[];
}

export interface FeedMeta {
  requestId?: string | null;
  ip?: string | null;
  /** The site's address, for the link in the e-mail that tells the others. */
  publicUrl?: string;
}

/** Why a feed got a new address: asked for on the page, or someone's membership of the school or venue ended. */
export type RenewReason =
  | { reason: 'requested' }
  | { reason: 'membership_ended'; membershipId: string }
  | { reason: 'account_disabled'; membershipId: string };

/** The calendar feed a membership could read: its school's, venue's or speaker's. */
function feedOfMembership(membership: {
  schoolId: string | null;
  venueId: string | null;
  speakerId: string | null;
}): { kind: FeedKind | 'speaker'; id: string } | null {
  if (membership.schoolId) return { kind: 'school', id: membership.schoolId };
  if (membership.venueId) return { kind: 'venue', id: membership.venueId };
  if (membership.speakerId) return { kind: 'speaker', id: membership.speakerId };
  return null;
}

/**
 * Renews the feed a membership could read (inside the caller's transaction), when the role ends or its holder's
 * account is disabled: an address copied while the role held must not outlive it.
 */
export async function renewFeedOfMembership(
  tx: Database,
  membership: { id: string; schoolId: string | null; venueId: string | null; speakerId: string | null },
  reason: 'membership_ended' | 'account_disabled',
  actorUserId: string | null,
  meta: FeedMeta,
): Promise<void> {
  await renewFeedsOfMemberships(tx, [membership], reason, actorUserId, meta);
}

/**
 * Renews the feeds a person's memberships could read, each feed once: two roles at one school (teacher and school
 * admin) share its feed, and its readers are told once.
 */
export async function renewFeedsOfMemberships(
  tx: Database,
  held: readonly { id: string; schoolId: string | null; venueId: string | null; speakerId: string | null }[],
  reason: 'membership_ended' | 'account_disabled',
  actorUserId: string | null,
  meta: FeedMeta,
): Promise<void> {
  const renewed = new Set<string>();
  for (const membership of held) {
    const feed = feedOfMembership(membership);
    if (!feed || renewed.has(`${feed.kind}:${feed.id}`)) continue;
    renewed.add(`${feed.kind}:${feed.id}`);
    await renewFeedIn(tx, feed.kind, feed.id, actorUserId, { reason, membershipId: membership.id }, meta);
  }
}

export type RenewFeedResult = 'ok' | 'forbidden' | 'not_found';

/** May this person renew this school's or venue's feed address? Its school admins, its operators, and admins. */
export function mayRenewFeed(viewer: Pick<FeedViewer, 'roles'>, kind: FeedKind, id: string): boolean {
  if (isAdmin(viewer)) return true;
  return (kind === 'school' ? administeredSchoolIds(viewer) : operatedVenueIds(viewer)).includes(id);
}

/** The form's ticked box: the person knows every subscription to the old address stops at once. */
export const RenewConfirmSchema = z.object({
  confirm: z.literal('yes', 'calendar.page.renewConfirmMissing'),
});

/** May this person renew any feed at all (school admins, operators, admins)? Teachers and others may not. */
export function mayRenewSomeFeed(viewer: Pick<FeedViewer, 'roles'>): boolean {
  return isAdmin(viewer) || administeredSchoolIds(viewer).length > 0 || operatedVenueIds(viewer).length > 0;
}

/**
 * Gives a school's, a venue's or a speaker's feed a new secret (the column default's generator: 64 hex characters)
 * and writes the audit entry, inside the caller's transaction. False when there is no such record.
 */
export async function renewFeedIn(
  tx: Database,
  kind: FeedKind | 'speaker',
  id: string,
  actorUserId: string | null,
  why: RenewReason,
  meta: FeedMeta,
): Promise<boolean> {
  const table = kind === 'school' ? schools : kind === 'venue' ? venues : speakers;
  const [row] = await tx
    .update(table)
    .set({ calendarToken: randomToken })
    .where(eq(table.id, id))
    .returning({ id: table.id, regionCode: table.regionCode });
  if (!row) return false;
  if (kind !== 'speaker') await tellReaders(tx, kind, id, actorUserId, meta.publicUrl);
  await recordAudit(tx, {
    actorUserId,
    action: `${kind}.rotate_calendar_token`,
    entityType: kind,
    entityId: id,
    regionCode: row.regionCode,
    after: why,
    requestId: meta.requestId,
    ip: meta.ip,
  });
  return true;
}

/**
 * Tells the people who read a renewed school or venue feed that its address changed: the school's teachers and school
 * admins, or the venue's operators, who still hold the role on an enabled account, except the one who renewed it.
 */
async function tellReaders(
  tx: Database,
  kind: FeedKind,
  id: string,
  actorUserId: string | null,
  publicUrl = '',
): Promise<void> {
  const readers = await tx
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        kind === 'school'
          ? and(eq(memberships.schoolId, id), inArray(memberships.role, ['teacher', 'school_admin']))
          : and(eq(memberships.venueId, id), eq(memberships.role, 'venue_operator')),
        eq(memberships.status, 'active'),
        isNull(users.disabledAt),
        actorUserId ? ne(memberships.userId, actorUserId) : undefined,
      ),
    );
  const [named] =
    kind === 'school'
      ? await tx.select({ name: schools.name }).from(schools).where(eq(schools.id, id))
      : await tx.select({ name: venues.name }).from(venues).where(eq(venues.id, id));
  const renewal = randomUUID();
  await sendNotices(
    tx,
    readers.map((r) => ({
      userId: r.userId,
      kind: 'calendar_feed_renewed' as const,
      params: { name: named?.name ?? '' },
      link: kind === 'school' ? '/calendars' : '/console',
      dedupeKey: `feed:${kind}:${id}:${renewal}:${r.userId}`,
    })),
    publicUrl,
  );
}

async function renew(
  db: Database,
  viewer: FeedViewer,
  kind: FeedKind,
  id: string,
  meta: FeedMeta,
): Promise<RenewFeedResult> {
  if (!isUuid(id)) return 'not_found';
  // Whether someone else's school or venue exists is not told to those who may not renew it.
  if (!mayRenewFeed(viewer, kind, id)) return 'forbidden';
  return db.transaction(async (tx) =>
    (await renewFeedIn(tx, kind, id, viewer.id, { reason: 'requested' }, meta)) ? 'ok' : 'not_found',
  );
}

/** A new calendar address for a school (its school admins and admins): the old address stops working at once. */
export function renewSchoolFeed(
  db: Database,
  viewer: FeedViewer,
  schoolId: string,
  meta: FeedMeta,
): Promise<RenewFeedResult> {
  return renew(db, viewer, 'school', schoolId, meta);
}

/** A new calendar address for a venue (its operators and admins): the old address stops working at once. */
export function renewVenueFeed(
  db: Database,
  viewer: FeedViewer,
  venueId: string,
  meta: FeedMeta,
): Promise<RenewFeedResult> {
  return renew(db, viewer, 'venue', venueId, meta);
}
