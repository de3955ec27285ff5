// Deciding role requests: a rejection names its reason (told to the person, kept, audited), a refused speaker's
// profile leaves the vetting queue, and a venue request turned down can be asked again. Both drivers.
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, memberships, notifications, speakers, users, venues } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import type { RegionScope } from '../bureau/scope.ts';
import { countVerificationQueue } from '../bureau/verification.server.ts';
import {
  countPendingRequests,
  decideRequest,
  listPendingRequests,
  myRequests,
  requestRole,
} from './requests.server.ts';

const NOW = new Date('2030-04-01T02:00:00Z');
const LATER = new Date('2030-04-03T02:00:00Z');
const SCOPE: RegionScope = { kind: 'regions', roots: ['150100'] };

describeEachDriver('role request decisions', (ctx) => {
  let seq = 0;
  async function setting() {
    seq++;
    const [asker, auditor] = await ctx.db
      .insert(users)
      .values([
        { email: `asker-${seq}@example.org`, name: `申请人${seq}` },
        { email: `auditor-${seq}@example.org`, name: `审核员${seq}` },
      ])
      .returning({ id: users.id });
    const [venue] = await ctx.db
      .insert(venues)
      .values({
        slug: `req-venue-${seq}`,
        name: `科技馆${seq}`,
        type: 'science_museum',
        regionCode: '150105',
        lat: 40.8,
        lng: 111.7,
      })
      .returning();
    return { asker: asker!, auditor: { userId: auditor!.id, scope: SCOPE }, venue: venue! };
  }

  it('refuses a rejection without a reason and changes nothing; with one, the person is told it', async () => {
    const { asker, auditor, venue } = await setting();
    const asked = await requestRole(
      ctx.db,
      { userId: asker.id },
      { role: 'venue_operator', venueId: venue.id, note: '讲解部' },
      NOW,
    );
    if (!asked.ok) throw new Error(asked.error);
    for (const reason of [undefined, '', '   ']) {
      expect(await decideRequest(ctx.db, auditor, { id: asked.id, decision: 'reject', reason }, NOW)).toBe(
        'reason_required',
      );
    }
    const [still] = await ctx.db.select().from(memberships).where(eq(memberships.id, asked.id));
    expect(still!.status).toBe('pending');

    expect(
      await decideRequest(
        ctx.db,
        auditor,
        { id: asked.id, decision: 'reject', reason: ' 请补充在馆职务证明 ' },
        NOW,
      ),
    ).toBe('ok');
    const [notice] = await ctx.db.select().from(notifications).where(eq(notifications.userId, asker.id));
    expect(notice!.kind).toBe('role_rejected');
    expect(notice!.params).toMatchObject({ reason: '请补充在馆职务证明' });
    expect(await myRequests(ctx.db, asker.id)).toMatchObject([
      { id: asked.id, status: 'rejected', reason: '请补充在馆职务证明' },
    ]);
    const [entry] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, asked.id), eq(auditLog.action, 'membership.reject')));
    expect(entry!.after).toMatchObject({ status: 'rejected', reason: '请补充在馆职务证明' });
  });

  it('lets no auditor decide their own request to run a venue: another auditor does', async () => {
    const { auditor, venue } = await setting();
    const own = await requestRole(
      ctx.db,
      { userId: auditor.userId },
      { role: 'venue_operator', venueId: venue.id, note: '兼任讲解' },
      NOW,
    );
    if (!own.ok) throw new Error(own.error);
    for (const decision of ['approve', 'reject'] as const) {
      expect(await decideRequest(ctx.db, auditor, { id: own.id, decision, reason: '自己的' }, NOW)).toBe(
        'own_request',
      );
    }
    const [still] = await ctx.db.select().from(memberships).where(eq(memberships.id, own.id));
    expect(still?.status).toBe('pending');
    // The auditor sees whether the venue has an operator already, and whom.
    expect((await listPendingRequests(ctx.db, SCOPE)).find((r) => r.id === own.id)?.operators).toEqual([]);
    const other = (await setting()).auditor;
    expect(await decideRequest(ctx.db, other, { id: own.id, decision: 'approve' }, NOW)).toBe('ok');
    const [next] = await ctx.db
      .insert(users)
      .values({ email: `next-${seq}@example.org`, name: '后来的申请人' })
      .returning({ id: users.id });
    const second = await requestRole(
      ctx.db,
      { userId: next!.id },
      { role: 'venue_operator', venueId: venue.id, note: '' },
      NOW,
    );
    if (!second.ok) throw new Error(second.error);
    const [mine] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, auditor.userId));
    expect((await listPendingRequests(ctx.db, SCOPE)).find((r) => r.id === second.id)?.operators).toEqual([
      mine?.name,
    ]);
  });

  it('lets a venue request turned down be asked again, and decided again', async () => {
    const { asker, auditor, venue } = await setting();
    const input = { role: 'venue_operator' as const, venueId: venue.id, note: '讲解部' };
    const first = await requestRole(ctx.db, { userId: asker.id }, input, NOW);
    if (!first.ok) throw new Error(first.error);
    // Asking twice while it waits is still a duplicate.
    expect(await requestRole(ctx.db, { userId: asker.id }, input, NOW)).toEqual({
      ok: false,
      error: 'duplicate',
    });
    await decideRequest(ctx.db, auditor, { id: first.id, decision: 'reject', reason: '请补充职务' }, NOW);

    const again = await requestRole(
      ctx.db,
      { userId: asker.id },
      { ...input, note: '讲解部主任，工号 0231' },
      LATER,
    );
    expect(again).toEqual({ ok: true, id: first.id });
    expect(await myRequests(ctx.db, asker.id)).toMatchObject([
      { id: first.id, status: 'pending', reason: '请补充职务', createdAt: LATER },
    ]);
    // The auditor sees that this is a second try, and why the first was turned down.
    expect(await listPendingRequests(ctx.db, SCOPE)).toMatchObject([
      { id: first.id, note: '讲解部主任，工号 0231', previousReason: '请补充职务' },
    ]);
    expect(await decideRequest(ctx.db, auditor, { id: first.id, decision: 'approve' }, LATER)).toBe('ok');
    const [row] = await ctx.db.select().from(memberships).where(eq(memberships.id, first.id));
    expect(row).toMatchObject({ status: 'active', requestNote: '讲解部主任，工号 0231', decisionNote: null });
    const kinds = (await ctx.db.select().from(notifications).where(eq(notifications.userId, asker.id))).map(
      (n) => n.kind,
    );
    expect(kinds.sort()).toEqual(['role_approved', 'role_rejected']);
    // Once the role is held, asking again is a duplicate.
    expect(await requestRole(ctx.db, { userId: asker.id }, input, LATER)).toEqual({
      ok: false,
      error: 'duplicate',
    });
  });

  it('gives the auditor of the region the requester’s account contact and age, and no one outside it', async () => {
    const { asker, venue } = await setting();
    await ctx.db.update(users).set({ mobile: '13800001234' }).where(eq(users.id, asker.id));
    const asked = await requestRole(
      ctx.db,
      { userId: asker.id },
      { role: 'venue_operator', venueId: venue.id, note: '讲解部' },
      NOW,
    );
    if (!asked.ok) throw new Error(asked.error);
    const [account] = await ctx.db.select().from(users).where(eq(users.id, asker.id));
    const [request] = await listPendingRequests(ctx.db, SCOPE);
    expect(request).toMatchObject({
      id: asked.id,
      personEmail: account!.email,
      personMobile: '13800001234',
      accountCreatedAt: account!.createdAt,
    });
    expect(await countPendingRequests(ctx.db, SCOPE)).toBe(1);
    const baotou: RegionScope = { kind: 'regions', roots: ['150200'] };
    expect(await listPendingRequests(ctx.db, baotou)).toEqual([]);
    expect(await countPendingRequests(ctx.db, baotou)).toBe(0);
  });

  it('takes a refused speaker’s profile out of the vetting queue', async () => {
    const { asker, auditor } = await setting();
    const before = await countVerificationQueue(ctx.db, SCOPE);
    const asked = await requestRole(
      ctx.db,
      { userId: asker.id },
      { role: 'speaker', regionCode: '150105', category: 'veteran_teacher', note: '退休教师' },
      NOW,
    );
    if (!asked.ok) throw new Error(asked.error);
    expect(await countVerificationQueue(ctx.db, SCOPE)).toBe(before + 1);
    await decideRequest(ctx.db, auditor, { id: asked.id, decision: 'reject', reason: '请先联系关工委' }, NOW);
    expect(await countVerificationQueue(ctx.db, SCOPE)).toBe(before);
    const [membership] = await ctx.db.select().from(memberships).where(eq(memberships.id, asked.id));
    const [profile] = await ctx.db.select().from(speakers).where(eq(speakers.id, membership!.speakerId!));
    expect(profile!.status).toBe('rejected');
    // A new request makes a new profile, which waits again.
    const again = await requestRole(
      ctx.db,
      { userId: asker.id },
      { role: 'speaker', regionCode: '150105', category: 'veteran_teacher', note: '已联系关工委' },
      LATER,
    );
    expect(again.ok).toBe(true);
    expect(await countVerificationQueue(ctx.db, SCOPE)).toBe(before + 1);
  });
});
