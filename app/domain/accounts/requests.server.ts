import { and, asc, eq, ilike, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import { speakerCategories } from '#db/schema/enums.ts';
import { memberships, regions, speakers, users, venues } from '#db/schema/index.ts';
import { likeContaining, PG, pgErrorCode } from '#db/sql.ts';
import { recordAudit } from '../audit/audit.server.ts';
import { type RegionScope, scopeIncludes } from '../bureau/scope.ts';
import { sendNotice } from '../notices/notices.server.ts';
import { ROLE_REQUEST_NOTE_MAX } from './schemas.ts';

/**
 * Asking for a role: to operate a venue (naming it) or to speak (naming one's region and kind). The request is a
 * pending membership; an auditor whose region covers the venue or the speaker decides. Only these fields are read.
 */
export const RoleRequestSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('venue_operator'),
    venueId: z.uuid('validation.required'),
    note: z.string().trim().min(1).max(ROLE_REQUEST_NOTE_MAX),
  }),
  z.object({
    role: z.literal('speaker'),
    regionCode: z.string().regex(/^15[0-9]{4}$/, 'validation.required'),
    category: z.enum(speakerCategories),
    note: z.string().trim().min(1).max(ROLE_REQUEST_NOTE_MAX),
  }),
]);
export type RoleRequest = z.output<typeof RoleRequestSchema>;

export interface Requester {
  userId: string;
  requestId?: string | null;
  ip?: string | null;
}

export type RequestResult = { ok: true; id: string } | { ok: false; error: 'duplicate' | 'unknown_target' };

export async function requestRole(
  db: Database,
  actor: Requester,
  input: RoleRequest,
  now: Date,
): Promise<RequestResult> {
  const [person] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!person) return { ok: false, error: 'unknown_target' };
  try {
    return await db.transaction(async (tx) => {
      let regionCode: string;
      let target: { venueId?: string; speakerId?: string };
      if (input.role === 'venue_operator') {
        const [venue] = await tx
          .select({ id: venues.id, regionCode: venues.regionCode })
          .from(venues)
          .where(eq(venues.id, input.venueId));
        if (!venue) return { ok: false, error: 'unknown_target' } as const;
        regionCode = venue.regionCode;
        target = { venueId: venue.id };
      } else {
        const [region] = await tx.select().from(regions).where(eq(regions.code, input.regionCode));
        if (!region) return { ok: false, error: 'unknown_target' } as const;
        const held = await tx
          .select({ id: memberships.id })
          .from(memberships)
          .where(
            and(
              eq(memberships.userId, actor.userId),
              eq(memberships.role, 'speaker'),
              inArray(memberships.status, ['active', 'pending']),
            ),
          );
        if (held.length) return { ok: false, error: 'duplicate' } as const;
        // The profile waits for the bureau's vetting like any other; its contact details are the account's own.
        const [profile] = await tx
          .insert(speakers)
          .values({
            displayName: person.name,
            category: input.category,
            regionCode: region.code,
            serviceRegionCodes: [region.code],
            email: person.email,
            phone: person.mobile,
            status: 'pending',
          })
          .returning({ id: speakers.id });
        regionCode = region.code;
        target = { speakerId: profile!.id };
      }
      // A venue request turned down before is asked again (one row per person and venue): pending once more, with
      // the new note, the old decision cleared but for its reason. Anything else (pending, or already the role) is a
      // duplicate.
      const [reopened] = target.venueId
        ? await tx
            .update(memberships)
            .set({
              status: 'pending',
              requestNote: input.note,
              decidedBy: null,
              decidedAt: null,
              // The earlier reason stays until the next decision: the auditor sees what was asked for last time.
              createdAt: now,
            })
            .where(
              and(
                eq(memberships.userId, actor.userId),
                eq(memberships.role, 'venue_operator'),
                eq(memberships.venueId, target.venueId),
                eq(memberships.status, 'rejected'),
              ),
            )
            .returning({ id: memberships.id })
        : [];
      const [row] = reopened
        ? [reopened]
        : await tx
            .insert(memberships)
            .values({
              userId: actor.userId,
              role: input.role,
              ...target,
              status: 'pending',
              requestNote: input.note,
              createdAt: now,
            })
            .returning({ id: memberships.id });
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: 'membership.request',
        entityType: 'membership',
        entityId: row!.id,
        regionCode,
        after: { role: input.role, ...target, status: 'pending' },
        requestId: actor.requestId,
        ip: actor.ip,
      });
      return { ok: true, id: row!.id } as const;
    });
  } catch (error) {
    if (pgErrorCode(error) === PG.uniqueViolation) return { ok: false, error: 'duplicate' };
    throw error;
  }
}

/** The person's own requests that are not active yet (pending or rejected), for the account page. */
export async function myRequests(db: Database, userId: string) {
  return db
    .select({
      id: memberships.id,
      role: memberships.role,
      status: memberships.status,
      venueName: venues.name,
      speakerRegionCode: speakers.regionCode,
      speakerRegion: regions.name,
      createdAt: memberships.createdAt,
      decidedAt: memberships.decidedAt,
      reason: memberships.decisionNote,
    })
    .from(memberships)
    .leftJoin(venues, eq(venues.id, memberships.venueId))
    .leftJoin(speakers, eq(speakers.id, memberships.speakerId))
    .leftJoin(regions, eq(regions.code, speakers.regionCode))
    .where(and(eq(memberships.userId, userId), inArray(memberships.status, ['pending', 'rejected'])))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}

export interface PendingRequest {
  id: string;
  role: 'venue_operator' | 'speaker';
  personName: string;
  /**
   * The account's own e-mail and mobile, and when it was made: how the auditor reaches the person to check who they
   * are before a role is granted. An adult asking for a role consents to the region's auditor calling or writing.
   */
  personEmail: string | null;
  personMobile: string | null;
  accountCreatedAt: Date;
  targetName: string;
  regionCode: string;
  /** Where the venue is, or where the speaker lives: what the auditor checks the request against. */
  regionName: string | null;
  /** The kind of speaker asked for (老教师, 老战士 …); null for a venue. */
  speakerCategory: string | null;
  note: string | null;
  /** Why the same request was turned down before, when this is a second try. */
  previousReason: string | null;
  createdAt: Date;
  /** Who asked: nobody decides their own request (an auditor asking to run a venue too). */
  userId: string;
  /** The venue's operators already, by name: the auditor sees whether the venue has someone, and whom to ask. */
  operators: string[];
}

/**
 * Pending requests whose venue or speaker lies in the scope, oldest first, with the requester's account contact for
 * the auditor who vets them; a request outside the scope (and so its contact) never leaves this function. What the
 * list, its count and a decision share; the list adds the venues' operators (listPendingRequests).
 */
async function pendingInScope(
  db: Database,
  scope: RegionScope,
): Promise<(Omit<PendingRequest, 'operators'> & { venueId: string | null })[]> {
  const rows = await db
    .select({
      id: memberships.id,
      role: memberships.role,
      personName: users.name,
      personEmail: users.email,
      personMobile: users.mobile,
      accountCreatedAt: users.createdAt,
      venueName: venues.name,
      venueRegion: venues.regionCode,
      speakerName: speakers.displayName,
      speakerRegion: speakers.regionCode,
      speakerCategory: speakers.category,
      regionName: regions.name,
      note: memberships.requestNote,
      previousReason: memberships.decisionNote,
      createdAt: memberships.createdAt,
      userId: memberships.userId,
      venueId: memberships.venueId,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(venues, eq(venues.id, memberships.venueId))
    .leftJoin(speakers, eq(speakers.id, memberships.speakerId))
    .leftJoin(regions, eq(regions.code, sql`coalesce(${venues.regionCode}, ${speakers.regionCode})`))
    .where(and(eq(memberships.status, 'pending'), inArray(memberships.role, ['venue_operator', 'speaker'])))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
  return rows
    .map((r) => ({
      id: r.id,
      role: r.role as PendingRequest['role'],
      personName: r.personName,
      personEmail: r.personEmail,
      personMobile: r.personMobile,
      accountCreatedAt: r.accountCreatedAt,
      targetName: r.venueName ?? r.speakerName ?? '',
      regionCode: r.venueRegion ?? r.speakerRegion ?? '',
      regionName: r.regionName,
      speakerCategory: r.venueName ? null : r.speakerCategory,
      note: r.note,
      previousReason: r.previousReason,
      createdAt: r.createdAt,
      userId: r.userId,
      venueId: r.venueId,
    }))
    .filter((r) => scopeIncludes(scope, r.regionCode));
}

/** The pending requests of the scope (pendingInScope), each venue request with the venue's operators already. */
export async function listPendingRequests(db: Database, scope: RegionScope): Promise<PendingRequest[]> {
  const pending = await pendingInScope(db, scope);
  const venueIds = [...new Set(pending.flatMap((r) => (r.venueId ? [r.venueId] : [])))];
  const operatorRows = venueIds.length
    ? await db
        .select({ venueId: memberships.venueId, name: users.name })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            inArray(memberships.venueId, venueIds),
            eq(memberships.role, 'venue_operator'),
            eq(memberships.status, 'active'),
          ),
        )
        .orderBy(asc(users.name))
    : [];
  return pending.map(({ venueId, ...request }) => ({
    ...request,
    operators: operatorRows.filter((o) => venueId !== null && o.venueId === venueId).map((o) => o.name),
  }));
}

/** How many requests wait for this auditor: the length of the very list their page shows, so the two agree. */
export async function countPendingRequests(db: Database, scope: RegionScope): Promise<number> {
  return (await pendingInScope(db, scope)).length;
}

export const DecisionSchema = z.object({
  id: z.uuid(),
  decision: z.enum(['approve', 'reject']),
  /** Required to reject: the person reads it, and may ask again. */
  reason: z.string().trim().max(500).optional(),
});

/**
 * An auditor approves or rejects a pending request of their region. One conditional UPDATE decides, so a request is
 * decided once even when two auditors press at the same moment; a request outside the region is "not found". A
 * rejection names its reason, which the person is told; a rejected speaker's profile leaves the vetting queue with it.
 */
export async function decideRequest(
  db: Database,
  actor: {
    userId: string;
    scope: RegionScope;
    requestId?: string | null;
    ip?: string | null;
    publicUrl?: string;
  },
  input: z.output<typeof DecisionSchema>,
  now: Date,
): Promise<'ok' | 'not_found' | 'already_decided' | 'reason_required' | 'own_request'> {
  const reason = input.decision === 'reject' ? input.reason?.trim() || null : null;
  if (input.decision === 'reject' && !reason) return 'reason_required';
  const pending = await pendingInScope(db, actor.scope);
  const request = pending.find((r) => r.id === input.id);
  if (!request) {
    const [row] = await db.select().from(memberships).where(eq(memberships.id, input.id));
    return row && row.status !== 'pending' && (await inScope(db, actor.scope, row))
      ? 'already_decided'
      : 'not_found';
  }
  // A role is granted by someone else: an auditor asking to run a venue waits for another auditor, as its changes do.
  if (request.userId === actor.userId) return 'own_request';
  const status = input.decision === 'approve' ? 'active' : 'rejected';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(memberships)
      .set({ status, decidedBy: actor.userId, decidedAt: now, decisionNote: reason })
      .where(and(eq(memberships.id, input.id), eq(memberships.status, 'pending')))
      .returning();
    if (!row) return 'already_decided' as const;
    if (row.speakerId && status === 'rejected') {
      // The profile was made for this request: it does not wait in the vetting queue for a role that was refused.
      await tx
        .update(speakers)
        .set({ status: 'rejected', updatedAt: now })
        .where(and(eq(speakers.id, row.speakerId), eq(speakers.status, 'pending')));
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: input.decision === 'approve' ? 'membership.approve' : 'membership.reject',
      entityType: 'membership',
      entityId: row.id,
      regionCode: request.regionCode,
      before: { status: 'pending' },
      after: { status, role: row.role, userId: row.userId, ...(reason ? { reason } : {}) },
      requestId: actor.requestId,
      ip: actor.ip,
    });
    await sendNotice(
      tx,
      {
        userId: row.userId,
        kind:
          request.role === 'speaker'
            ? input.decision === 'approve'
              ? 'speaker_role_approved'
              : 'speaker_role_rejected'
            : input.decision === 'approve'
              ? 'role_approved'
              : 'role_rejected',
        params: { target: request.targetName, reason: reason ?? '' },
        link: '/account#requests',
        // A request asked again after a rejection is decided again: each decision is its own notice.
        dedupeKey: `membership:${row.id}:${status}:${now.getTime()}`,
      },
      actor.publicUrl,
    );
    return 'ok' as const;
  });
}

async function inScope(db: Database, scope: RegionScope, row: typeof memberships.$inferSelect) {
  if (row.venueId) {
    const [v] = await db.select({ r: venues.regionCode }).from(venues).where(eq(venues.id, row.venueId));
    return scopeIncludes(scope, v?.r);
  }
  if (row.speakerId) {
    const [s] = await db
      .select({ r: speakers.regionCode })
      .from(speakers)
      .where(eq(speakers.id, row.speakerId));
    return scopeIncludes(scope, s?.r);
  }
  return false;
}

/** Venues by name, for the request form. */
export async function findVenues(db: Database, query: string, limit = 20) {
  const q = query.replaceAll('\u0000', '').trim();
  if (!q) return { venues: [], more: false };
  const rows = await db
    .select({
      id: venues.id,
      name: venues.name,
      regionCode: venues.regionCode,
      regionName: regions.name,
    })
    .from(venues)
    .innerJoin(regions, eq(regions.code, venues.regionCode))
    .where(ilike(venues.name, likeContaining(q)))
    .orderBy(asc(venues.name), asc(venues.id))
    .limit(limit + 1);
  // Venues by their names with where they are (two museums may share a name); `more` says the list was cut.
  return { venues: rows.slice(0, limit), more: rows.length > limit };
}

/** 盟市 and 旗县 for the speaker's region, in code order. */
export async function regionChoices(db: Database) {
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level })
    .from(regions)
    .where(inArray(regions.level, ['prefecture', 'county']))
    .orderBy(asc(regions.code));
}
