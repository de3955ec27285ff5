import { and, asc, desc, eq } from 'drizzle-orm';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import { FAR_FROM_SEAT_KM, seatDistance } from '#app/domain/bureau/place-change.ts';
import {
  type VenueKeyChanges,
  VenueKeyChangesSchema,
  type VenueKeyField,
  venueKeyFields,
} from '#app/domain/bureau/schemas.ts';
import type { Database } from '#db/client.ts';
import { regions, type Venue, venueChanges, venues } from '#db/schema/index.ts';
import { type AccessError, isUuid, type VenueActor, venueForActor } from './access.server.ts';
import { inInnerMongolia, parseCoordinates, toWgs84 } from './coordinates.ts';
import type { VenueDirectInput, VenueKeyFormInput } from './schemas.ts';

export type VenueChange = typeof venueChanges.$inferSelect;

export interface VenueProfile {
  venue: Venue;
  /** Key-field changes waiting for an auditor (the live record does not show them yet); one, as the console writes them. */
  pending: VenueChange[];
  /** The latest closed changes (decided, superseded or withdrawn), so the operator sees what became of each. */
  decided: VenueChange[];
  /** When the waiting change puts the pin far from its region's seat (FAR_FROM_SEAT_KM): how far, and which region. */
  pendingFarFromSeat: { km: number; regionCode: string; regionName: string } | null;
}

/** How far a waiting change's pin lies from the seat of its region, when farther than FAR_FROM_SEAT_KM. */
async function farFromSeat(db: Database, venue: Venue, change: VenueChange | undefined) {
  if (!change || !['lat', 'lng', 'regionCode'].some((f) => Object.hasOwn(change.changes, f))) return null;
  const pick = (value: unknown, fallback: number | null) => (typeof value === 'number' ? value : fallback);
  const lat = pick(change.changes.lat, venue.lat);
  const lng = pick(change.changes.lng, venue.lng);
  const code = typeof change.changes.regionCode === 'string' ? change.changes.regionCode : venue.regionCode;
  if (lat === null || lng === null) return null;
  const [seat] = await db
    .select({ name: regions.name, lat: regions.lat, lng: regions.lng })
    .from(regions)
    .where(eq(regions.code, code));
  const km = seatDistance(() => seat, code, { lat, lng });
  return seat && km !== null && km > FAR_FROM_SEAT_KM
    ? { km: Math.round(km), regionCode: code, regionName: seat.name }
    : null;
}

export async function getVenueProfile(
  db: Database,
  actor: VenueActor,
  venueId: string,
): Promise<{ ok: true; profile: VenueProfile } | { ok: false; error: AccessError }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  const changes = await db
    .select()
    .from(venueChanges)
    .where(eq(venueChanges.venueId, venueId))
    .orderBy(desc(venueChanges.createdAt), desc(venueChanges.id))
    .limit(20);
  const pending = changes.filter((c) => c.status === 'pending');
  return {
    ok: true,
    profile: {
      venue: access.venue,
      pending,
      decided: changes.filter((c) => c.status !== 'pending').slice(0, 5),
      pendingFarFromSeat: await farFromSeat(db, access.venue, pending[0]),
    },
  };
}

export interface RegionChoice {
  code: string;
  name: string;
  /** The 盟市 a 旗县市区 belongs to. */
  prefectureCode: string | null;
  prefectureName: string | null;
  /** A 旗县市区: the only level a new choice may be. */
  county: boolean;
}

/**
 * The regions the profile form offers: every 旗县市区, plus the wider regions named in `keep` (an imported venue may
 * sit at a 盟市) so that the form still shows them instead of silently picking another. In code order, so each
 * 盟市's 旗县 stay together.
 */
export async function venueRegionChoices(db: Database, keep: string[]): Promise<RegionChoice[]> {
  const all = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .orderBy(asc(regions.code));
  const names = new Map(all.map((r) => [r.code, r.name]));
  return all
    .filter((r) => r.level === 'county' || keep.includes(r.code))
    .map((r) => ({
      code: r.code,
      name: r.name,
      prefectureCode: r.level === 'county' && r.parentCode && names.has(r.parentCode) ? r.parentCode : null,
      prefectureName: r.level === 'county' && r.parentCode ? (names.get(r.parentCode) ?? null) : null,
      county: r.level === 'county',
    }));
}

const directFields = [
  'description',
  'accessible',
  'accessibilityNotes',
  'languages',
  'openingHours',
  'phone',
  'website',
  'emergencyContact',
  'autoConfirm',
  'chaperoneRatioPrimary',
  'chaperoneRatioSecondary',
  'bookingOpensDays',
  'bookingClosesDays',
] as const;
type DirectField = (typeof directFields)[number];

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-7;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

export type ProfileError =
  | AccessError
  | 'coordinates'
  | 'coordinates_both'
  | 'coordinates_outside'
  | 'region_unknown'
  | 'region_not_county'
  | 'change_stale';

/**
 * What a save did to the key-field change request: none waits and none was asked for; a new one was submitted; the
 * waiting one was replaced by one holding the form's key fields (it is marked superseded); the form asked for what
 * already waits; or the form matched the live record again, so the waiting one was withdrawn.
 */
export type KeyChangeOutcome = 'none' | 'submitted' | 'updated' | 'unchanged' | 'withdrawn';

export type ProfileResult =
  | {
      ok: true;
      /** Fields written to the live record now. */
      applied: DirectField[];
      /** Key fields the change waiting for an auditor holds after the save (empty when none waits). */
      proposed: VenueKeyField[];
      changeId: string | null;
      keyChange: KeyChangeOutcome;
    }
  | { ok: false; error: ProfileError; field?: string };

/** The position the form asks for, in WGS-84; the live one when the form gives none. */
export function proposedPosition(
  input: Pick<VenueKeyFormInput, 'coordinates' | 'lat' | 'lng' | 'coordinateSystem'>,
  live: { lat: number; lng: number },
): { lat: number; lng: number } | null {
  if (input.coordinates) {
    const parsed = parseCoordinates(input.coordinates);
    return parsed ? toWgs84(parsed, input.coordinateSystem) : null;
  }
  if (input.lat === undefined && input.lng === undefined) return live;
  if (input.lat === undefined || input.lng === undefined) return null;
  return toWgs84({ lat: input.lat, lng: input.lng }, input.coordinateSystem);
}

/**
 * The checks of the key fields that need the live record: a readable position, in or near Inner Mongolia when it
 * moves, and a region that is a 旗县市区 when it changes. The form runs them beside its field checks as well, so
 * that every problem is named in one round.
 */
export async function checkVenueKeyFields(
  db: Database,
  actor: VenueActor,
  venueId: string,
  key: VenueKeyFormInput,
): Promise<
  { ok: true; position: { lat: number; lng: number } } | { ok: false; error: ProfileError; field?: string }
> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  const position = proposedPosition(key, access.venue);
  // Said where the position was typed: the pasted pair, or the latitude and longitude boxes (the one left empty).
  const field = key.coordinates
    ? 'coordinates'
    : key.lat === undefined
      ? 'lat'
      : key.lng === undefined
        ? 'lng'
        : 'lat';
  // One of the two boxes left empty: asked for both, not for a pasted pair.
  if (!position)
    return { ok: false, error: field === 'coordinates' ? 'coordinates' : 'coordinates_both', field };
  const moved = position.lat !== access.venue.lat || position.lng !== access.venue.lng;
  if (moved && !inInnerMongolia(position)) {
    return { ok: false, error: 'coordinates_outside', field };
  }
  if (key.regionCode !== access.venue.regionCode) {
    // Imported venues may sit at a 盟市 and keep it; a new choice must be a 旗县市区.
    const [region] = await db
      .select({ level: regions.level })
      .from(regions)
      .where(eq(regions.code, key.regionCode));
    if (!region) return { ok: false, error: 'region_unknown', field: 'regionCode' };
    if (region.level !== 'county') return { ok: false, error: 'region_not_county', field: 'regionCode' };
  }
  return { ok: true, position };
}

/**
 * Saves the profile form. Description, accessibility, languages, contacts, auto-confirm, chaperone ratios and the
 * booking window change the live record now (audited). Name, type, address, region and position become one change
 * request in venue_changes, in the format the bureau's `decideVerification` applies; the live record keeps its values
 * until an auditor approves.
 *
 * The form shows the waiting change's values and says which change it was filled from (`pendingChangeId`), so its key
 * fields are the whole request: every key field that differs from the live record. A different request replaces the
 * waiting one with a new row and marks the old one `superseded` — an auditor who still has the old one on screen
 * gets "already decided" instead of approving what they did not see. A form filled from another state (a second tab,
 * a change decided meanwhile) is refused with `change_stale`, so no earlier submission is lost unseen.
 */
export async function saveVenueProfile(
  db: Database,
  actor: VenueActor,
  venueId: string,
  input: { direct: VenueDirectInput; key: VenueKeyFormInput },
  now: Date,
): Promise<ProfileResult> {
  const checked = await checkVenueKeyFields(db, actor, venueId, input.key);
  if (!checked.ok) return checked;
  const { position } = checked;

  return db.transaction(async (tx) => {
    const [venue] = await tx.select().from(venues).where(eq(venues.id, venueId)).for('update');
    if (!venue) return { ok: false, error: 'not_found' } as const;
    const [pending] = await tx
      .select()
      .from(venueChanges)
      .where(and(eq(venueChanges.venueId, venueId), eq(venueChanges.status, 'pending')))
      .orderBy(desc(venueChanges.createdAt), desc(venueChanges.id))
      .limit(1)
      .for('update');
    if ((pending?.id ?? null) !== (input.key.pendingChangeId ?? null)) {
      return { ok: false, error: 'change_stale' } as const;
    }

    const wanted: Pick<Venue, DirectField> = { ...input.direct, website: input.direct.website ?? '' };
    const applied = directFields.filter((f) => !same(venue[f], wanted[f]));
    if (applied.length > 0) {
      const changes = Object.fromEntries(applied.map((f) => [f, wanted[f]]));
      await tx
        .update(venues)
        .set({ ...changes, updatedAt: now })
        .where(eq(venues.id, venueId));
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: 'venue.update',
        entityType: 'venue',
        entityId: venueId,
        regionCode: venue.regionCode,
        before: Object.fromEntries(applied.map((f) => [f, venue[f]])),
        after: changes,
        requestId: actor.requestId,
        ip: actor.ip,
      });
    }

    const wantedKey: Record<VenueKeyField, unknown> = {
      name: input.key.name,
      type: input.key.type,
      address: input.key.address,
      regionCode: input.key.regionCode,
      lat: position.lat,
      lng: position.lng,
      locationApproximate: input.key.locationApproximate,
    };
    const proposed = venueKeyFields.filter((f) => !same(venue[f], wantedKey[f]));
    const result = (keyChange: KeyChangeOutcome, changeId: string | null, fields: VenueKeyField[]) =>
      ({ ok: true, applied, proposed: fields, changeId, keyChange }) as const;

    if (proposed.length === 0) {
      if (!pending) return result('none', null, []);
      // The operator put every key field back to the live value: nothing is asked for any more.
      await withdrawPending(tx, actor, venue, pending, now);
      return result('withdrawn', null, []);
    }
    if (pending && sameRequest(pending.changes, wantedKey, proposed)) {
      return result('unchanged', pending.id, keyFieldsOf(pending.changes));
    }
    // Whatever the operator proposes must be exactly what an auditor can apply.
    const changes: VenueKeyChanges = VenueKeyChangesSchema.parse(
      Object.fromEntries(proposed.map((f) => [f, wantedKey[f]])),
    );
    if (pending) {
      await tx
        .update(venueChanges)
        .set({ status: 'superseded', decidedBy: actor.id, decidedAt: now })
        .where(eq(venueChanges.id, pending.id));
    }
    const [row] = await tx
      .insert(venueChanges)
      .values({ venueId, proposedBy: actor.id, changes, createdAt: now })
      .returning({ id: venueChanges.id });
    const changeId = (row as { id: string }).id;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'venue_change.propose',
      entityType: 'venue',
      entityId: venueId,
      regionCode: venue.regionCode,
      before: Object.fromEntries(proposed.map((f) => [f, venue[f]])),
      after: {
        ...changes,
        changeId,
        ...(pending ? { supersedes: { changeId: pending.id, changes: pending.changes } } : {}),
      },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return result(pending ? 'updated' : 'submitted', changeId, proposed);
  });
}

function keyFieldsOf(changes: Record<string, unknown>): VenueKeyField[] {
  return venueKeyFields.filter((f) => Object.hasOwn(changes, f));
}

/** The waiting change already asks for exactly these fields and values. */
function sameRequest(
  pending: Record<string, unknown>,
  wanted: Record<VenueKeyField, unknown>,
  fields: VenueKeyField[],
): boolean {
  return (
    Object.keys(pending).length === fields.length &&
    fields.every((f) => Object.hasOwn(pending, f) && same(pending[f], wanted[f]))
  );
}

/** Takes back a waiting change on the operator's side: kept as `withdrawn`, not deleted, so the history shows it. */
async function withdrawPending(
  tx: Database,
  actor: VenueActor,
  venue: Venue,
  change: VenueChange,
  now: Date,
): Promise<void> {
  await tx
    .update(venueChanges)
    .set({ status: 'withdrawn', decidedBy: actor.id, decidedAt: now })
    .where(eq(venueChanges.id, change.id));
  await recordAudit(tx, {
    actorUserId: actor.id,
    action: 'venue_change.withdraw',
    entityType: 'venue',
    entityId: venue.id,
    regionCode: venue.regionCode,
    before: { changeId: change.id, changes: change.changes },
    after: { changeId: change.id, status: 'withdrawn' },
    requestId: actor.requestId,
    ip: actor.ip,
  });
}

/** Takes back a change that no auditor has decided yet; it stays in the history as withdrawn. */
export async function withdrawVenueChange(
  db: Database,
  actor: VenueActor,
  venueId: string,
  changeId: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: AccessError | 'already_decided' }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  if (!isUuid(changeId)) return { ok: false, error: 'not_found' };
  return db.transaction(async (tx) => {
    const [venue] = await tx.select().from(venues).where(eq(venues.id, venueId)).for('update');
    const [change] = await tx
      .select()
      .from(venueChanges)
      .where(and(eq(venueChanges.id, changeId), eq(venueChanges.venueId, venueId)))
      .for('update');
    if (!venue || !change) return { ok: false, error: 'not_found' } as const;
    if (change.status !== 'pending') return { ok: false, error: 'already_decided' } as const;
    await withdrawPending(tx, actor, venue, change, now);
    return { ok: true } as const;
  });
}
