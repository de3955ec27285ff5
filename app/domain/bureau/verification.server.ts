import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { recordAudit } from '#app/domain/audit/audit.server.ts';
import { datesMeet } from '#app/domain/commitments/pricing.ts';
import { commitmentNoticeParams } from '#app/domain/commitments/terms.ts';
import { sendNotice } from '#app/domain/notices/notices.server.ts';
import { addDays, shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import {
  type AccessCommitment,
  accessCommitments,
  memberships,
  regions,
  speakers,
  users,
  type Venue,
  venueChanges,
  venues,
} from '#db/schema/index.ts';
import { overdueBefore } from './overdue.ts';
import { comparePlace, type PlaceChange } from './place-change.ts';
import { withinScopeSql } from './regions.server.ts';
import {
  type DecisionInput,
  type ReverifyInput,
  type VenueKeyChanges,
  VenueKeyChangesSchema,
  type VenueKeyField,
  venueKeyFields,
} from './schemas.ts';
import { type RegionScope, scopeIncludes } from './scope.ts';

/** Who decides, and what they may see. Routes build it from the signed-in person's roles. */
export interface BureauActor {
  userId: string;
  scope: RegionScope;
  requestId?: string | null;
  ip?: string | null;
  /** The site's own address (`siteUrl(config)`), for the links in e-mails. */
  publicUrl?: string;
}

type VenueKeyValues = Pick<Venue, VenueKeyField>;

export type CommitmentTermsView = Pick<
  AccessCommitment,
  | 'id'
  | 'audience'
  | 'kind'
  | 'percentOff'
  | 'fixedPrice'
  | 'validFrom'
  | 'validTo'
  | 'conditions'
  | 'sourceUrl'
>;

export interface FieldComparison {
  field: VenueKeyField;
  live: unknown;
  proposed: unknown;
}

export type QueueItem =
  | {
      kind: 'venue';
      id: string;
      createdAt: Date;
      regionCode: string;
      regionName: string;
      venue: VenueKeyValues & { slug: string; description: string; phone: string; website: string };
    }
  | {
      kind: 'speaker';
      id: string;
      createdAt: Date;
      regionCode: string;
      regionName: string;
      speaker: { displayName: string; category: string; title: string; bio: string };
    }
  | {
      kind: 'venue_change';
      id: string;
      createdAt: Date;
      regionCode: string;
      regionName: string;
      venueId: string;
      venueName: string;
      venueSlug: string;
      /** When the venue was last verified (null: never). */
      venueVerifiedAt: Date | null;
      proposedBy: string | null;
      proposedByName: string | null;
      /** Each proposed field beside the live value; `problem` says why the change cannot be applied. */
      fields: FieldComparison[];
      problem: 'invalid_change' | 'region_not_county' | null;
      /** Names of the live and proposed regions when the change moves the venue. */
      regionNames: Record<string, string>;
      /** The venue's place now and after the change, when the change touches its address, region or pin. */
      place: PlaceChange | null;
    }
  | {
      kind: 'commitment';
      id: string;
      createdAt: Date;
      regionCode: string;
      regionName: string;
      venueId: string;
      venueName: string;
      venueSlug: string;
      venueVerifiedAt: Date | null;
      proposedBy: string | null;
      proposedByName: string | null;
      proposed: CommitmentTermsView;
      /** The active commitment it replaces once approved; null for a new one. */
      replaces: CommitmentTermsView | null;
      /**
       * The venue's other active commitments to the same audience whose dates meet the proposal's: they stay in force
       * beside it, and a school is charged under whichever promises least, so the auditor sees what it adds.
       */
      alongside: CommitmentTermsView[];
    };

const commitmentView = {
  id: accessCommitments.id,
  audience: accessCommitments.audience,
  kind: accessCommitments.kind,
  percentOff: accessCommitments.percentOff,
  fixedPrice: accessCommitments.fixedPrice,
  validFrom: accessCommitments.validFrom,
  validTo: accessCommitments.validTo,
  conditions: accessCommitments.conditions,
  sourceUrl: accessCommitments.sourceUrl,
};

function pickKeyValues(venue: VenueKeyValues): VenueKeyValues {
  return Object.fromEntries(venueKeyFields.map((f) => [f, venue[f]])) as VenueKeyValues;
}

/** Everything waiting for a decision in the scope, oldest first. */
export async function listVerificationQueue(db: Database, scope: RegionScope): Promise<QueueItem[]> {
  const regionRows = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      lat: regions.lat,
      lng: regions.lng,
    })
    .from(regions);
  const regionNames = new Map(regionRows.map((r) => [r.code, r.name]));
  const seats = new Map(regionRows.map((r) => [r.code, r]));
  const counties = new Set(regionRows.filter((r) => r.level === 'county').map((r) => r.code));
  const nameOf = (code: string) => regionNames.get(code) ?? code;

  const [newVenues, newSpeakers, changes, commitments] = await Promise.all([
    db
      .select()
      .from(venues)
      .where(and(eq(venues.status, 'pending'), withinScopeSql(venues.regionCode, scope))),
    db
      .select()
      .from(speakers)
      .where(and(eq(speakers.status, 'pending'), withinScopeSql(speakers.regionCode, scope))),
    db
      .select({ change: venueChanges, venue: venues, proposer: users.name })
      .from(venueChanges)
      .innerJoin(venues, eq(venues.id, venueChanges.venueId))
      .leftJoin(users, eq(users.id, venueChanges.proposedBy))
      .where(and(eq(venueChanges.status, 'pending'), withinScopeSql(venues.regionCode, scope))),
    db
      .select({
        commitment: commitmentView,
        replacesId: accessCommitments.replacesId,
        createdAt: accessCommitments.createdAt,
        venueId: venues.id,
        venueName: venues.name,
        venueSlug: venues.slug,
        venueVerifiedAt: venues.verifiedAt,
        regionCode: venues.regionCode,
        proposedBy: accessCommitments.proposedBy,
        proposer: users.name,
      })
      .from(accessCommitments)
      .innerJoin(venues, eq(venues.id, accessCommitments.venueId))
      .leftJoin(users, eq(users.id, accessCommitments.proposedBy))
      .where(and(eq(accessCommitments.status, 'pending'), withinScopeSql(venues.regionCode, scope))),
  ]);

  const replacedIds = commitments.map((c) => c.replacesId).filter((id): id is string => id !== null);
  const replaced = replacedIds.length
    ? await db
        .select(commitmentView)
        .from(accessCommitments)
        .where(inArray(accessCommitments.id, replacedIds))
    : [];
  const replacedById = new Map(replaced.map((c) => [c.id, c]));
  const venueIds = [...new Set(commitments.map((c) => c.venueId))];
  const activeRows = venueIds.length
    ? await db
        .select({ ...commitmentView, venueId: accessCommitments.venueId })
        .from(accessCommitments)
        .where(and(eq(accessCommitments.status, 'active'), inArray(accessCommitments.venueId, venueIds)))
        .orderBy(asc(accessCommitments.validFrom), asc(accessCommitments.id))
    : [];
  const alongside = (c: (typeof commitments)[number]): CommitmentTermsView[] =>
    activeRows
      .filter(
        (a) =>
          a.venueId === c.venueId &&
          a.id !== c.replacesId &&
          a.audience === c.commitment.audience &&
          datesMeet(a, c.commitment),
      )
      .map(({ venueId: _, ...terms }) => terms);

  const items: QueueItem[] = [
    ...newVenues.map(
      (v): QueueItem => ({
        kind: 'venue',
        id: v.id,
        createdAt: v.createdAt,
        regionCode: v.regionCode,
        regionName: nameOf(v.regionCode),
        venue: {
          ...pickKeyValues(v),
          slug: v.slug,
          description: v.description,
          phone: v.phone,
          website: v.website,
        },
      }),
    ),
    ...newSpeakers.map(
      (s): QueueItem => ({
        kind: 'speaker',
        id: s.id,
        createdAt: s.createdAt,
        regionCode: s.regionCode,
        regionName: nameOf(s.regionCode),
        speaker: { displayName: s.displayName, category: s.category, title: s.title, bio: s.bio },
      }),
    ),
    ...changes.map(({ change, venue, proposer }): QueueItem => {
      const parsed = VenueKeyChangesSchema.safeParse(change.changes);
      const proposed = change.changes;
      // In the order of the form, whatever order jsonb keeps the keys in.
      const fields = venueKeyFields
        .filter((field) => Object.hasOwn(proposed, field))
        .map((field) => ({ field, live: venue[field], proposed: proposed[field] }));
      const codes = [venue.regionCode, typeof proposed.regionCode === 'string' ? proposed.regionCode : null];
      return {
        kind: 'venue_change',
        id: change.id,
        createdAt: change.createdAt,
        regionCode: venue.regionCode,
        regionName: nameOf(venue.regionCode),
        venueId: venue.id,
        venueName: venue.name,
        venueSlug: venue.slug,
        venueVerifiedAt: venue.verifiedAt,
        proposedBy: change.proposedBy,
        proposedByName: proposer,
        fields,
        problem:
          !parsed.success || fields.length !== Object.keys(proposed).length
            ? 'invalid_change'
            : // A venue sits in a 旗县市区; a change sent before the console checked that cannot be applied.
              parsed.data.regionCode !== undefined && !counties.has(parsed.data.regionCode)
              ? 'region_not_county'
              : null,
        regionNames: Object.fromEntries(
          codes.filter((c): c is string => c !== null).map((c) => [c, nameOf(c)]),
        ),
        place: comparePlace(venue, proposed, (code) => seats.get(code)),
      };
    }),
    ...commitments.map(
      (c): QueueItem => ({
        kind: 'commitment',
        id: c.commitment.id,
        createdAt: c.createdAt,
        regionCode: c.regionCode,
        regionName: nameOf(c.regionCode),
        venueId: c.venueId,
        venueName: c.venueName,
        venueSlug: c.venueSlug,
        venueVerifiedAt: c.venueVerifiedAt,
        proposedBy: c.proposedBy,
        proposedByName: c.proposer,
        proposed: c.commitment,
        replaces: c.replacesId ? (replacedById.get(c.replacesId) ?? null) : null,
        alongside: alongside(c),
      }),
    ),
  ];
  return items.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** What a queue entry is about, and who sent it: enough to tell whether a person may decide it. */
interface EntryParties {
  venueId?: string | null;
  speakerId?: string | null;
  proposedBy?: string | null;
}

/**
 * Whether an entry is the person's own work: they sent it, or they run (or asked to run) the venue or the speaker
 * profile it is about. Nobody verifies their own entries, even holding an auditor's role beside an operator's: another
 * auditor decides. `runs` is what `runsWhat` read for the person.
 */
function isOwnEntry(
  userId: string,
  runs: { venues: Set<string>; speakers: Set<string> },
  entry: EntryParties,
) {
  return (
    entry.proposedBy === userId ||
    (entry.venueId != null && runs.venues.has(entry.venueId)) ||
    (entry.speakerId != null && runs.speakers.has(entry.speakerId))
  );
}

/** The venues and speaker profiles a person runs or has asked to run. */
async function runsWhat(db: Database, userId: string) {
  const rows = await db
    .select({ venueId: memberships.venueId, speakerId: memberships.speakerId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), inArray(memberships.status, ['active', 'pending'])));
  return {
    venues: new Set(rows.flatMap((r) => (r.venueId ? [r.venueId] : []))),
    speakers: new Set(rows.flatMap((r) => (r.speakerId ? [r.speakerId] : []))),
  };
}

function partiesOf(item: QueueItem): EntryParties {
  switch (item.kind) {
    case 'venue':
      return { venueId: item.id };
    case 'speaker':
      return { speakerId: item.id };
    default:
      return { venueId: item.venueId, proposedBy: item.proposedBy };
  }
}

/** The ids of the queue entries that are the person's own (isOwnEntry): the queue offers them no decision. */
export async function ownQueueEntries(
  db: Database,
  userId: string,
  items: readonly QueueItem[],
): Promise<string[]> {
  const runs = await runsWhat(db, userId);
  return items.filter((item) => isOwnEntry(userId, runs, partiesOf(item))).map((item) => item.id);
}

/** Refuses a decision on the actor's own entry (isOwnEntry), read in the deciding transaction. */
async function ownEntry(tx: Database, actor: BureauActor, entry: EntryParties): Promise<boolean> {
  return isOwnEntry(actor.userId, await runsWhat(tx, actor.userId), entry);
}

export async function countVerificationQueue(db: Database, scope: RegionScope): Promise<number> {
  return (await listVerificationQueue(db, scope)).length;
}

/**
 * Published speakers of the scope whose vetting badge is missing or has run out (one who changed their name, category
 * or title waits here, ADR 022): they are vetted on /speakers/vetting, not in the queue, so the desk and the queue
 * count them apart and point there.
 */
export async function countSpeakersAwaitingVetting(
  db: Database,
  scope: RegionScope,
  today: string,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(speakers)
    .where(
      and(
        eq(speakers.status, 'published'),
        withinScopeSql(speakers.regionCode, scope),
        or(isNull(speakers.vettedUntil), lt(speakers.vettedUntil, today)),
      ),
    );
  return row?.n ?? 0;
}

export type DecisionError =
  | 'not_found'
  | 'already_decided'
  | 'reason_required'
  | 'invalid_change'
  | 'region_not_county'
  | 'region_out_of_scope'
  | 'own_entry';
export type DecisionResult = { ok: true } | { ok: false; error: DecisionError };

async function activeMemberIds(
  db: Database,
  column: typeof memberships.venueId | typeof memberships.speakerId,
  id: string,
): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(column, id), eq(memberships.status, 'active')));
  return rows.map((r) => r.userId);
}

/** The venue's operators, and whoever proposed the change (they may not operate it any more, but asked). */
async function venueRecipients(db: Database, venueId: string, proposedBy: string | null): Promise<string[]> {
  const ids = await activeMemberIds(db, memberships.venueId, venueId);
  return [...new Set(proposedBy ? [...ids, proposedBy] : ids)];
}

/**
 * Approves or rejects one queue entry in one transaction: the catalogue change (approval applies it and sets the
 * verified date), the audit entry, the search outbox row and the notices commit together or not at all. An entry
 * outside the actor's scope is "not found", so a guess learns nothing.
 */
export async function decideVerification(
  db: Database,
  actor: BureauActor,
  input: DecisionInput,
  now: Date,
): Promise<DecisionResult> {
  if (input.decision === 'reject' && !input.reason?.trim()) return { ok: false, error: 'reason_required' };
  const reason = input.decision === 'reject' ? (input.reason?.trim() ?? null) : null;
  return db.transaction(async (tx) => {
    switch (input.kind) {
      case 'venue':
        return decideNewVenue(tx, actor, input.id, input.decision, reason, now);
      case 'speaker':
        return decideNewSpeaker(tx, actor, input.id, input.decision, reason, now);
      case 'venue_change':
        return decideVenueChange(tx, actor, input.id, input.decision, reason, now);
      case 'commitment':
        return decideCommitment(tx, actor, input.id, input.decision, reason, now);
    }
  });
}

type Decision = DecisionInput['decision'];

async function decideNewVenue(
  tx: Database,
  actor: BureauActor,
  id: string,
  decision: Decision,
  reason: string | null,
  now: Date,
): Promise<DecisionResult> {
  const [venue] = await tx.select().from(venues).where(eq(venues.id, id)).for('update');
  if (!venue || !scopeIncludes(actor.scope, venue.regionCode)) return { ok: false, error: 'not_found' };
  if (venue.status !== 'pending') return { ok: false, error: 'already_decided' };
  if (await ownEntry(tx, actor, { venueId: id })) return { ok: false, error: 'own_entry' };
  const approve = decision === 'approve';
  const [after] = await tx
    .update(venues)
    .set(
      approve
        ? { status: 'published', verifiedAt: now, verifiedBy: actor.userId, updatedAt: now }
        : { status: 'rejected', updatedAt: now },
    )
    .where(eq(venues.id, id))
    .returning();
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: approve ? 'venue.approve' : 'venue.reject',
    entityType: 'venue',
    entityId: id,
    regionCode: venue.regionCode,
    before: { status: venue.status, verifiedAt: venue.verifiedAt },
    after: { status: after?.status, verifiedAt: after?.verifiedAt, reason },
    requestId: actor.requestId,
    ip: actor.ip,
  });
  for (const userId of await venueRecipients(tx, id, null)) {
    await sendNotice(
      tx,
      {
        userId,
        kind: approve ? 'venueApproved' : 'venueRejected',
        params: { venue: venue.name, reason: reason ?? '' },
        link: '/console',
        dedupeKey: `venue:${id}:${approve ? 'approved' : 'rejected'}:${userId}`,
      },
      actor.publicUrl,
    );
  }
  return { ok: true };
}

async function decideNewSpeaker(
  tx: Database,
  actor: BureauActor,
  id: string,
  decision: Decision,
  reason: string | null,
  now: Date,
): Promise<DecisionResult> {
  const [speaker] = await tx.select().from(speakers).where(eq(speakers.id, id)).for('update');
  if (!speaker || !scopeIncludes(actor.scope, speaker.regionCode)) return { ok: false, error: 'not_found' };
  if (speaker.status !== 'pending') return { ok: false, error: 'already_decided' };
  if (await ownEntry(tx, actor, { speakerId: id })) return { ok: false, error: 'own_entry' };
  const approve = decision === 'approve';
  await tx
    .update(speakers)
    .set(
      approve
        ? { status: 'published', verifiedAt: now, verifiedBy: actor.userId, updatedAt: now }
        : { status: 'rejected', updatedAt: now },
    )
    .where(eq(speakers.id, id));
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: approve ? 'speaker.approve' : 'speaker.reject',
    entityType: 'speaker',
    entityId: id,
    regionCode: speaker.regionCode,
    before: { status: speaker.status, verifiedAt: speaker.verifiedAt },
    after: { status: approve ? 'published' : 'rejected', verifiedAt: approve ? now : null, reason },
    requestId: actor.requestId,
    ip: actor.ip,
  });
  for (const userId of await activeMemberIds(tx, memberships.speakerId, id)) {
    await sendNotice(
      tx,
      {
        userId,
        kind: approve ? 'speakerApproved' : 'speakerRejected',
        params: { speaker: speaker.displayName, reason: reason ?? '' },
        link: '/speaker',
        dedupeKey: `speaker:${id}:${approve ? 'approved' : 'rejected'}:${userId}`,
      },
      actor.publicUrl,
    );
  }
  return { ok: true };
}

async function decideVenueChange(
  tx: Database,
  actor: BureauActor,
  id: string,
  decision: Decision,
  reason: string | null,
  now: Date,
): Promise<DecisionResult> {
  const [found] = await tx
    .select({ change: venueChanges, venue: venues })
    .from(venueChanges)
    .innerJoin(venues, eq(venues.id, venueChanges.venueId))
    .where(eq(venueChanges.id, id))
    .for('update');
  if (!found || !scopeIncludes(actor.scope, found.venue.regionCode)) return { ok: false, error: 'not_found' };
  const { change, venue } = found;
  if (change.status !== 'pending') return { ok: false, error: 'already_decided' };
  if (await ownEntry(tx, actor, { venueId: venue.id, proposedBy: change.proposedBy })) {
    return { ok: false, error: 'own_entry' };
  }
  const approve = decision === 'approve';

  let applied: VenueKeyChanges = {};
  if (approve) {
    const parsed = VenueKeyChangesSchema.safeParse(change.changes);
    if (!parsed.success) return { ok: false, error: 'invalid_change' };
    applied = parsed.data;
    if (applied.regionCode !== undefined && applied.regionCode !== venue.regionCode) {
      // Moving a venue hands it to another bureau: only someone who sees both regions may do it.
      if (!scopeIncludes(actor.scope, applied.regionCode)) return { ok: false, error: 'region_out_of_scope' };
      const [region] = await tx
        .select({ level: regions.level })
        .from(regions)
        .where(eq(regions.code, applied.regionCode));
      if (!region) return { ok: false, error: 'invalid_change' };
      // As the console asks: a venue is placed in a 旗县市区, never at a 盟市 or the province.
      if (region.level !== 'county') return { ok: false, error: 'region_not_county' };
    }
  }

  const decided = await tx
    .update(venueChanges)
    .set({ status: approve ? 'approved' : 'rejected', reason, decidedBy: actor.userId, decidedAt: now })
    .where(and(eq(venueChanges.id, id), eq(venueChanges.status, 'pending')))
    .returning({ id: venueChanges.id });
  if (decided.length === 0) return { ok: false, error: 'already_decided' };

  const before = Object.fromEntries(Object.keys(change.changes).map((k) => [k, venue[k as VenueKeyField]]));
  if (approve) {
    await tx
      .update(venues)
      .set({ ...applied, verifiedAt: now, verifiedBy: actor.userId, updatedAt: now })
      .where(eq(venues.id, venue.id));
  }
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: approve ? 'venue_change.approve' : 'venue_change.reject',
    entityType: 'venue',
    entityId: venue.id,
    regionCode: venue.regionCode,
    before: { ...before, verifiedAt: venue.verifiedAt },
    after: approve
      ? { ...applied, verifiedAt: now, changeId: id }
      : { proposed: change.changes, reason, changeId: id },
    requestId: actor.requestId,
    ip: actor.ip,
  });
  for (const userId of await venueRecipients(tx, venue.id, change.proposedBy)) {
    await sendNotice(
      tx,
      {
        userId,
        kind: approve ? 'venueChangeApproved' : 'venueChangeRejected',
        params: { venue: venue.name, reason: reason ?? '' },
        link: '/console',
        dedupeKey: `venue-change:${id}:${approve ? 'approved' : 'rejected'}:${userId}`,
      },
      actor.publicUrl,
    );
  }
  return { ok: true };
}

async function decideCommitment(
  tx: Database,
  actor: BureauActor,
  id: string,
  decision: Decision,
  reason: string | null,
  now: Date,
): Promise<DecisionResult> {
  const [found] = await tx
    .select({ commitment: accessCommitments, venue: venues })
    .from(accessCommitments)
    .innerJoin(venues, eq(venues.id, accessCommitments.venueId))
    .where(eq(accessCommitments.id, id))
    .for('update');
  if (!found || !scopeIncludes(actor.scope, found.venue.regionCode)) return { ok: false, error: 'not_found' };
  const { commitment, venue } = found;
  if (commitment.status !== 'pending') return { ok: false, error: 'already_decided' };
  if (await ownEntry(tx, actor, { venueId: venue.id, proposedBy: commitment.proposedBy })) {
    return { ok: false, error: 'own_entry' };
  }
  const approve = decision === 'approve';

  const decided = await tx
    .update(accessCommitments)
    .set({ status: approve ? 'active' : 'rejected', reason, decidedBy: actor.userId, decidedAt: now })
    .where(and(eq(accessCommitments.id, id), eq(accessCommitments.status, 'pending')))
    .returning({ id: accessCommitments.id });
  if (decided.length === 0) return { ok: false, error: 'already_decided' };

  let replaced: AccessCommitment | undefined;
  if (approve) {
    if (commitment.replacesId) {
      // The old promise gives way on the day the new one starts: at once when that day has come, else it stays in
      // force until the day before (no days without a promise between the two). One that would only start after
      // the new one has started gives way at once.
      const handOver = addDays(commitment.validFrom, -1);
      const later = commitment.validFrom > shanghaiDay(now);
      [replaced] = await tx
        .update(accessCommitments)
        .set(
          later
            ? {
                validTo: sql`least(coalesce(${accessCommitments.validTo}, ${handOver}::date), ${handOver}::date)`,
                decidedBy: actor.userId,
                decidedAt: now,
              }
            : { status: 'withdrawn', decidedBy: actor.userId, decidedAt: now },
        )
        .where(
          and(
            eq(accessCommitments.id, commitment.replacesId),
            eq(accessCommitments.venueId, venue.id),
            eq(accessCommitments.status, 'active'),
            ...(later ? [lte(accessCommitments.validFrom, handOver)] : []),
          ),
        )
        .returning();
      if (later && !replaced) {
        [replaced] = await tx
          .update(accessCommitments)
          .set({ status: 'withdrawn', decidedBy: actor.userId, decidedAt: now })
          .where(
            and(
              eq(accessCommitments.id, commitment.replacesId),
              eq(accessCommitments.venueId, venue.id),
              eq(accessCommitments.status, 'active'),
            ),
          )
          .returning();
      }
    }
    await tx
      .update(venues)
      .set({ verifiedAt: now, verifiedBy: actor.userId, updatedAt: now })
      .where(eq(venues.id, venue.id));
  }
  await recordAudit(tx, {
    actorUserId: actor.userId,
    action: approve ? 'commitment.approve' : 'commitment.reject',
    entityType: 'commitment',
    entityId: id,
    regionCode: venue.regionCode,
    before: replaced ? { replaced: { id: replaced.id, status: 'active' } } : { status: 'pending' },
    after: {
      status: approve ? 'active' : 'rejected',
      venueId: venue.id,
      audience: commitment.audience,
      kind: commitment.kind,
      percentOff: commitment.percentOff,
      fixedPrice: commitment.fixedPrice,
      validFrom: commitment.validFrom,
      validTo: commitment.validTo,
      replacesId: commitment.replacesId,
      // The replaced one in force until the day before this one starts (null: it gave way at once).
      replacedUntil: replaced?.status === 'active' ? replaced.validTo : null,
      reason,
    },
    requestId: actor.requestId,
    ip: actor.ip,
  });
  for (const userId of await venueRecipients(tx, venue.id, commitment.proposedBy)) {
    await sendNotice(
      tx,
      {
        userId,
        kind: approve ? 'commitmentApproved' : 'commitmentRejected',
        params: {
          venue: venue.name,
          reason: reason ?? '',
          fromDay: commitment.validFrom,
          ...commitmentNoticeParams(commitment),
        },
        link: '/console/commitments',
        dedupeKey: `commitment:${id}:${approve ? 'approved' : 'rejected'}:${userId}`,
      },
      actor.publicUrl,
    );
  }
  return { ok: true };
}

export interface OverdueEntry {
  kind: 'venue' | 'speaker';
  id: string;
  name: string;
  /** A venue type or a speaker category. */
  category: string;
  slug: string | null;
  regionCode: string;
  regionName: string;
  verifiedAt: Date | null;
}

/** Published venues and speakers not verified for 12 months (or never), in the scope, longest overdue first. */
export async function listOverdue(db: Database, scope: RegionScope, now: Date): Promise<OverdueEntry[]> {
  const cutoff = overdueBefore(now);
  const [venueRows, speakerRows] = await Promise.all([
    db
      .select({
        id: venues.id,
        name: venues.name,
        category: venues.type,
        slug: venues.slug,
        regionCode: venues.regionCode,
        regionName: regions.name,
        verifiedAt: venues.verifiedAt,
      })
      .from(venues)
      .innerJoin(regions, eq(regions.code, venues.regionCode))
      .where(
        and(
          eq(venues.status, 'published'),
          or(isNull(venues.verifiedAt), lt(venues.verifiedAt, cutoff)),
          withinScopeSql(venues.regionCode, scope),
        ),
      ),
    db
      .select({
        id: speakers.id,
        name: speakers.displayName,
        category: speakers.category,
        regionCode: speakers.regionCode,
        regionName: regions.name,
        verifiedAt: speakers.verifiedAt,
      })
      .from(speakers)
      .innerJoin(regions, eq(regions.code, speakers.regionCode))
      .where(
        and(
          eq(speakers.status, 'published'),
          or(isNull(speakers.verifiedAt), lt(speakers.verifiedAt, cutoff)),
          withinScopeSql(speakers.regionCode, scope),
        ),
      ),
  ]);
  const entries: OverdueEntry[] = [
    ...venueRows.map((v) => ({ kind: 'venue' as const, ...v })),
    ...speakerRows.map((s) => ({ kind: 'speaker' as const, slug: null, ...s })),
  ];
  const time = (d: Date | null) => (d ? d.getTime() : Number.NEGATIVE_INFINITY);
  return entries.sort(
    (a, b) =>
      time(a.verifiedAt) - time(b.verifiedAt) ||
      a.name.localeCompare(b.name, 'zh') ||
      a.id.localeCompare(b.id),
  );
}

/** An overdue entry checked and found still correct: verified again today, without changes. */
export async function reverify(
  db: Database,
  actor: BureauActor,
  input: ReverifyInput,
  now: Date,
): Promise<DecisionResult> {
  return db.transaction(async (tx) => {
    const table = input.kind === 'venue' ? venues : speakers;
    const [entry] = await tx
      .select({ regionCode: table.regionCode, status: table.status, verifiedAt: table.verifiedAt })
      .from(table)
      .where(eq(table.id, input.id))
      .for('update');
    if (!entry || !scopeIncludes(actor.scope, entry.regionCode)) return { ok: false, error: 'not_found' };
    if (entry.status !== 'published') return { ok: false, error: 'already_decided' };
    // Saying one's own venue or profile is still right is no verification either.
    const parties = input.kind === 'venue' ? { venueId: input.id } : { speakerId: input.id };
    if (await ownEntry(tx, actor, parties)) return { ok: false, error: 'own_entry' };
    await tx.update(table).set({ verifiedAt: now, verifiedBy: actor.userId }).where(eq(table.id, input.id));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: `${input.kind}.reverify`,
      entityType: input.kind,
      entityId: input.id,
      regionCode: entry.regionCode,
      before: { verifiedAt: entry.verifiedAt },
      after: { verifiedAt: now },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true };
  });
}

/** How many entries are overdue, for the desk's front page. */
export async function countOverdue(db: Database, scope: RegionScope, now: Date): Promise<number> {
  return (await listOverdue(db, scope, now)).length;
}
