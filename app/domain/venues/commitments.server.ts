import { and, desc, eq } from 'drizzle-orm';
import { recordAudit, regionOfVenue } from '#app/domain/audit/audit.server.ts';
import { shanghaiDay } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import { audiences } from '#db/schema/enums.ts';
import { type AccessCommitment, accessCommitments } from '#db/schema/index.ts';
import { type AccessError, isUuid, mayOperate, type VenueActor, venueForActor } from './access.server.ts';
import type { CommitmentInput } from './schemas.ts';

export async function listCommitments(
  db: Database,
  actor: VenueActor,
  venueId: string,
): Promise<{ ok: true; commitments: AccessCommitment[] } | { ok: false; error: AccessError }> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  const rows = await db
    .select()
    .from(accessCommitments)
    .where(eq(accessCommitments.venueId, venueId))
    .orderBy(desc(accessCommitments.createdAt), desc(accessCommitments.id))
    .limit(200);
  // Read by audience (children to adults, as the form lists them), the latest start first within one: a proposal
  // sits beside the commitment it is about, and the list keeps its order from one visit to the next.
  const rank = (c: AccessCommitment) => audiences.indexOf(c.audience);
  const ordered = rows.toSorted(
    (a, b) =>
      rank(a) - rank(b) ||
      b.validFrom.localeCompare(a.validFrom) ||
      b.createdAt.getTime() - a.createdAt.getTime() ||
      b.id.localeCompare(a.id),
  );
  return { ok: true, commitments: ordered };
}

export type CommitmentError =
  | AccessError
  | 'replaces_unknown'
  | 'replaces_other_audience'
  | 'commitment_ended';

/**
 * Proposes a free or discounted entry for an audience. It waits in the bureau's queue as `pending`; only an auditor's
 * approval (`decideVerification`) makes it `active` and so part of the price promised to schools. A proposal may
 * replace one active commitment for the same audience, which stays in force until then (and, when the new one starts
 * later, until the day before it starts).
 */
export async function proposeCommitment(
  db: Database,
  actor: VenueActor,
  venueId: string,
  input: CommitmentInput,
  now: Date,
): Promise<
  { ok: true; commitment: AccessCommitment } | { ok: false; error: CommitmentError; field?: string }
> {
  const access = await venueForActor(db, actor, venueId);
  if (!access.ok) return access;
  // A promise that has already ended would never price a booking: it only fills the bureau's queue.
  if (input.validTo && input.validTo < shanghaiDay(now))
    return { ok: false, error: 'commitment_ended', field: 'validTo' };
  return db.transaction(async (tx) => {
    if (input.replacesId) {
      const [replaced] = await tx
        .select({ id: accessCommitments.id, audience: accessCommitments.audience })
        .from(accessCommitments)
        .where(
          and(
            eq(accessCommitments.id, input.replacesId),
            eq(accessCommitments.venueId, venueId),
            eq(accessCommitments.status, 'active'),
          ),
        );
      if (!replaced) return { ok: false, error: 'replaces_unknown', field: 'replacesId' } as const;
      // A promise to high-school pupils cannot take the place of one to primary pupils: they would lose theirs.
      if (replaced.audience !== input.audience)
        return { ok: false, error: 'replaces_other_audience', field: 'replacesId' } as const;
    }
    const terms = {
      audience: input.audience,
      kind: input.kind,
      percentOff: input.kind === 'percent_off' ? (input.percentOff ?? null) : null,
      fixedPrice: input.kind === 'fixed_price' ? (input.fixedPrice ?? null) : null,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      conditions: input.conditions,
      sourceUrl: input.sourceUrl ?? '',
    };
    const [commitment] = await tx
      .insert(accessCommitments)
      .values({
        ...terms,
        venueId,
        status: 'pending',
        replacesId: input.replacesId ?? null,
        proposedBy: actor.id,
        createdAt: now,
      })
      .returning();
    if (!commitment) throw new Error('commitment not inserted');
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'commitment.propose',
      entityType: 'commitment',
      entityId: commitment.id,
      regionCode: access.venue.regionCode,
      after: { venueId, ...terms, replacesId: input.replacesId ?? null, status: 'pending' },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true, commitment } as const;
  });
}

/** Takes back a proposal no auditor has decided yet. */
export async function withdrawCommitment(
  db: Database,
  actor: VenueActor,
  commitmentId: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: AccessError | 'already_decided' }> {
  if (!isUuid(commitmentId)) return { ok: false, error: 'not_found' };
  return db.transaction(async (tx) => {
    const [commitment] = await tx
      .select()
      .from(accessCommitments)
      .where(eq(accessCommitments.id, commitmentId))
      .for('update');
    if (!commitment) return { ok: false, error: 'not_found' } as const;
    if (!mayOperate(actor, commitment.venueId)) return { ok: false, error: 'forbidden' } as const;
    if (commitment.status !== 'pending') return { ok: false, error: 'already_decided' } as const;
    await tx
      .update(accessCommitments)
      .set({ status: 'withdrawn', decidedBy: actor.id, decidedAt: now })
      .where(eq(accessCommitments.id, commitmentId));
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'commitment.withdraw',
      entityType: 'commitment',
      entityId: commitmentId,
      regionCode: regionOfVenue(commitment.venueId),
      before: { status: 'pending' },
      after: { status: 'withdrawn' },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    return { ok: true } as const;
  });
}
