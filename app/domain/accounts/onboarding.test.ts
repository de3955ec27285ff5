// Races the database must settle: one invitation link claimed by many at once, one request decided by two auditors
// at once. Both drivers; the PostgreSQL server runs the calls truly concurrently on separate connections.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, memberships, schools, users, venues } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import type { RegionScope } from '../bureau/scope.ts';
import { activeRoles } from './accounts.server.ts';
import { acceptInvite, createInvite, readInvite } from './invites.server.ts';
import { decideRequest, requestRole } from './requests.server.ts';

const NOW = new Date('2030-03-04T02:00:00Z');

describeEachDriver('onboarding races', (ctx) => {
  async function people(n: number, prefix: string) {
    return ctx.db
      .insert(users)
      .values(
        Array.from({ length: n }, (_, i) => ({ email: `${prefix}-${i}@example.org`, name: `${prefix}${i}` })),
      )
      .returning({ id: users.id });
  }

  it('lets exactly one of many people join with one invitation link', async () => {
    const [school] = await ctx.db
      .insert(schools)
      .values({
        name: '测试学校',
        level: 'primary',
        regionCode: '150105',
        pupils: 300,
        lat: 40.8,
        lng: 111.7,
      })
      .returning();
    const [admin] = await people(1, 'admin');
    await ctx.db
      .insert(memberships)
      .values({ userId: admin!.id, role: 'school_admin', schoolId: school!.id });
    const actor = { userId: admin!.id, roles: await activeRoles(ctx.db, admin!.id) };
    const invite = await createInvite(ctx.db, actor, { schoolId: school!.id, role: 'teacher' }, NOW);
    if (!invite.ok) throw new Error(invite.error);
    const crowd = await people(12, 'crowd');
    const results = await Promise.all(
      crowd.map((p) => acceptInvite(ctx.db, invite.token, { userId: p.id }, NOW)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'used')).toBe(true);
    const joined = await ctx.db.select().from(memberships).where(eq(memberships.schoolId, school!.id));
    expect(joined.filter((m) => m.role === 'teacher')).toHaveLength(1);
    expect(await readInvite(ctx.db, invite.token, NOW)).toEqual({ status: 'used' });
    // A school admin cannot invite to a school that is not theirs, nor mint a school admin.
    const [other] = await ctx.db
      .insert(schools)
      .values({
        name: '别的学校',
        level: 'primary',
        regionCode: '150105',
        pupils: 300,
        lat: 40.8,
        lng: 111.7,
      })
      .returning();
    expect(await createInvite(ctx.db, actor, { schoolId: other!.id, role: 'teacher' }, NOW)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await createInvite(ctx.db, actor, { schoolId: school!.id, role: 'school_admin' }, NOW)).toEqual({
      ok: false,
      error: 'forbidden',
    });
  });

  it('decides a request once when two auditors answer at the same moment', async () => {
    const [venue] = await ctx.db
      .insert(venues)
      .values({
        slug: 'race-venue',
        name: '赛跑馆',
        type: 'museum',
        regionCode: '150105',
        lat: 40.8,
        lng: 111.7,
        status: 'published',
      })
      .returning();
    const [asker, first, second] = await people(3, 'race');
    const asked = await requestRole(
      ctx.db,
      { userId: asker!.id },
      { role: 'venue_operator', venueId: venue!.id, note: '馆长' },
      NOW,
    );
    if (!asked.ok) throw new Error(asked.error);
    const scope: RegionScope = { kind: 'regions', roots: ['150100'] };
    const outcomes = await Promise.all([
      decideRequest(ctx.db, { userId: first!.id, scope }, { id: asked.id, decision: 'approve' }, NOW),
      decideRequest(
        ctx.db,
        { userId: second!.id, scope },
        { id: asked.id, decision: 'reject', reason: '无法核实' },
        NOW,
      ),
    ]);
    expect(outcomes.sort()).toEqual(['already_decided', 'ok']);
    const decisions = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, asked.id));
    expect(decisions.filter((d) => d.action !== 'membership.request')).toHaveLength(1);
    // Outside the region: not found, and nothing changes.
    const again = await requestRole(
      ctx.db,
      { userId: first!.id },
      { role: 'venue_operator', venueId: venue!.id, note: '我也是' },
      NOW,
    );
    if (!again.ok) throw new Error(again.error);
    expect(
      await decideRequest(
        ctx.db,
        { userId: second!.id, scope: { kind: 'regions', roots: ['150200'] } },
        { id: again.id, decision: 'approve' },
        NOW,
      ),
    ).toBe('not_found');
    const [row] = await ctx.db.select().from(memberships).where(eq(memberships.id, again.id));
    expect(row?.status).toBe('pending');
  });
});
