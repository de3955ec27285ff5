import { asc, eq, inArray } from 'drizzle-orm';
import type { RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import { isAdmin, operatedVenueIds } from '#app/domain/accounts/roles.ts';
import { isUuid } from '#app/utils/validation.ts';
import type { Database } from '#db/client.ts';
import { type Venue, venues } from '#db/schema/index.ts';

/** Whoever acts in the console: a signed-in person or an API token's owner, with their active roles. */
export interface VenueActor {
  id: string;
  roles: readonly Pick<RoleMembership, 'role' | 'venueId'>[];
  requestId?: string | null;
  ip?: string | null;
}

// Ids come from addresses and forms: anything that is not a uuid is simply not found (never a database error).
export { isAdmin, isUuid, operatedVenueIds };

/** Operators change only their own venues (DESIGN.md rule 5); a platform admin may act for any. */
export function mayOperate(actor: VenueActor, venueId: string): boolean {
  return isAdmin(actor) || operatedVenueIds(actor).includes(venueId);
}

export type AccessError = 'not_found' | 'forbidden';

/** The venue when the actor may operate it; "forbidden" otherwise (venue ids are public, hiding them protects nothing). */
export async function venueForActor(
  db: Database,
  actor: VenueActor,
  venueId: string,
): Promise<{ ok: true; venue: Venue } | { ok: false; error: AccessError }> {
  if (!isUuid(venueId)) return { ok: false, error: 'not_found' };
  const [venue] = await db.select().from(venues).where(eq(venues.id, venueId));
  if (!venue) return { ok: false, error: 'not_found' };
  if (!mayOperate(actor, venueId)) return { ok: false, error: 'forbidden' };
  return { ok: true, venue };
}

/** The actor's venues for the console home. */
export async function listOperatedVenues(db: Database, actor: VenueActor): Promise<Venue[]> {
  const ids = operatedVenueIds(actor);
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(venues)
    .where(inArray(venues.id, ids))
    .orderBy(asc(venues.name), asc(venues.id));
  return rows;
}
