// Revoking an invitation link a school admin sent to the wrong person: who may, what the link says afterwards, the
// audit entry, and a revoke racing the link's use. Both drivers.
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, invites, memberships, schools, users } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { activeRoles } from './accounts.server.ts';
import {
  acceptInvite,
  createInvite,
  inviteRefusal,
  listInvites,
  readInvite,
  revokeInvite,
} from './invites.server.ts';

const NOW = new Date('2030-03-04T02:00:00Z');
const LATER = new Date('2030-03-05T02:00:00Z');

describeEachDriver('revoking an invitation link', (ctx) => {
  async function school(name: string) {
    const [row] = await ctx.db
      .insert(schools)
      .values({ name, level: 'primary', regionCode: '150105', pupils: 300, lat: 40.8, lng: 111.7 })
      .returning();
    return row!;
  }
  async function person(name: string, role?: 'teacher' | 'school_admin' | 'admin', schoolId?: string) {
    const [user] = await ctx.db
      .insert(users)
      .values({ email: `${name}@example.org`, name })
      .returning({ id: users.id });
    if (role) await ctx.db.insert(memberships).values({ userId: user!.id, role, schoolId: schoolId ?? null });
    return { userId: user!.id, roles: await activeRoles(ctx.db, user!.id) };
  }
  async function invite(
    actor: Awaited<ReturnType<typeof person>>,
    schoolId: string,
    role: 'teacher' | 'school_admin' = 'teacher',
  ) {
    const created = await createInvite(ctx.db, actor, { schoolId, role }, NOW);
    if (!created.ok) throw new Error(created.error);
    return created;
  }

  it('withdraws an unused link of the admin’s own school: it joins nobody afterwards, and the log says who did it', async () => {
    const own = await school('实验小学');
    const admin = await person('admin', 'school_admin', own.id);
    const link = await invite(admin, own.id);
    expect(await revokeInvite(ctx.db, { ...admin, requestId: 'req-7' }, link.id, LATER)).toEqual({
      ok: true,
    });
    expect(await readInvite(ctx.db, link.token, LATER)).toEqual({ status: 'revoked' });
    const newcomer = await person('newcomer');
    expect(await acceptInvite(ctx.db, link.token, { userId: newcomer.userId }, LATER)).toEqual({
      ok: false,
      error: 'revoked',
    });
    expect(await activeRoles(ctx.db, newcomer.userId)).toEqual([]);
    const [listed] = await listInvites(ctx.db, [own.id]);
    expect(listed).toMatchObject({ id: link.id, usedAt: null, revokedAt: LATER });
    const entries = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, link.id), eq(auditLog.action, 'invite.revoke')));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: admin.userId,
      entityType: 'invite',
      regionCode: '150105',
      requestId: 'req-7',
      before: { role: 'teacher', schoolId: own.id },
    });
    // Twice is once: the second says there is nothing left to revoke, and logs nothing.
    expect(await revokeInvite(ctx.db, admin, link.id, LATER)).toEqual({ ok: false, error: 'closed' });
    expect(
      await ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, link.id), eq(auditLog.action, 'invite.revoke'))),
    ).toHaveLength(1);
  });

  it('lets no one else revoke: another school’s admin, a teacher, a school admin for a school admin’s link', async () => {
    const own = await school('实验小学');
    const other = await school('别的学校');
    const admin = await person('admin', 'school_admin', own.id);
    const otherAdmin = await person('other-admin', 'school_admin', other.id);
    const teacher = await person('teacher', 'teacher', own.id);
    const platform = await person('platform', 'admin');
    const link = await invite(admin, own.id);
    expect(await revokeInvite(ctx.db, otherAdmin, link.id, LATER)).toEqual({ ok: false, error: 'not_found' });
    expect(await revokeInvite(ctx.db, teacher, link.id, LATER)).toEqual({ ok: false, error: 'not_found' });
    expect(await revokeInvite(ctx.db, admin, 'not-a-uuid', LATER)).toEqual({ ok: false, error: 'not_found' });
    expect((await readInvite(ctx.db, link.token, LATER)).status).toBe('open');
    const adminLink = await invite(platform, own.id, 'school_admin');
    expect(await revokeInvite(ctx.db, admin, adminLink.id, LATER)).toEqual({ ok: false, error: 'not_found' });
    expect(await revokeInvite(ctx.db, platform, adminLink.id, LATER)).toEqual({ ok: true });
    // A used or expired link has nothing to revoke.
    const joiner = await person('joiner');
    expect((await acceptInvite(ctx.db, link.token, { userId: joiner.userId }, LATER)).ok).toBe(true);
    expect(await revokeInvite(ctx.db, admin, link.id, LATER)).toEqual({ ok: false, error: 'closed' });
    const stale = await invite(admin, own.id);
    const afterExpiry = new Date(stale.expiresAt.getTime() + 1);
    expect(await revokeInvite(ctx.db, admin, stale.id, afterExpiry)).toEqual({ ok: false, error: 'closed' });
  });

  it('settles a revoke and a use at the same moment: the link is used or revoked, never both', async () => {
    const own = await school('实验小学');
    const admin = await person('admin', 'school_admin', own.id);
    for (let round = 0; round < 4; round++) {
      const link = await invite(admin, own.id);
      const joiner = await person(`joiner-${round}`);
      const [revoked, joined] = await Promise.all([
        revokeInvite(ctx.db, admin, link.id, LATER),
        acceptInvite(ctx.db, link.token, { userId: joiner.userId }, LATER),
      ]);
      expect([revoked.ok, joined.ok].filter(Boolean), `round ${round}`).toHaveLength(1);
      const [row] = await ctx.db.select().from(invites).where(eq(invites.id, link.id));
      expect(Boolean(row?.usedAt) !== Boolean(row?.revokedAt), `round ${round}`).toBe(true);
      const roles = await activeRoles(ctx.db, joiner.userId);
      expect(roles.length, `round ${round}`).toBe(joined.ok ? 1 : 0);
    }
  });
});

describeEachDriver('using an invitation link', (ctx) => {
  async function school(name: string) {
    const [row] = await ctx.db
      .insert(schools)
      .values({ name, level: 'primary', regionCode: '150105', pupils: 300, lat: 40.8, lng: 111.7 })
      .returning();
    return row!;
  }
  async function person(name: string, role?: 'teacher' | 'school_admin', schoolId?: string) {
    const [user] = await ctx.db
      .insert(users)
      .values({ email: `${name}@example.org`, name })
      .returning({ id: users.id });
    if (role) await ctx.db.insert(memberships).values({ userId: user!.id, role, schoolId: schoolId ?? null });
    return { userId: user!.id, roles: await activeRoles(ctx.db, user!.id) };
  }

  it('does not use up a link on someone already in the school with its role, nor on the one who made it', async () => {
    const own = await school('哈达中心学校');
    const other = await school('别的学校');
    const admin = await person('admin', 'school_admin', own.id);
    const teacher = await person('teacher', 'teacher', own.id);
    const created = await createInvite(ctx.db, admin, { schoolId: own.id, role: 'teacher' }, NOW);
    if (!created.ok) throw new Error(created.error);
    const open = await readInvite(ctx.db, created.token, NOW);
    expect(open).toMatchObject({ status: 'open', createdBy: admin.userId });
    if (open.status !== 'open') throw new Error('not open');
    expect(await inviteRefusal(ctx.db, open, teacher.userId)).toBe('member');
    expect(await inviteRefusal(ctx.db, open, admin.userId)).toBe('own');

    expect(await acceptInvite(ctx.db, created.token, { userId: teacher.userId }, LATER)).toEqual({
      ok: false,
      error: 'member',
    });
    expect(await acceptInvite(ctx.db, created.token, { userId: admin.userId }, LATER)).toEqual({
      ok: false,
      error: 'own',
    });
    // Still open: nothing written, no "joined" in the list, nothing in the log.
    expect((await readInvite(ctx.db, created.token, LATER)).status).toBe('open');
    const [listed] = await listInvites(ctx.db, [own.id]);
    expect(listed).toMatchObject({ id: created.id, usedAt: null, usedByName: null });
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'membership.create'))).toEqual([]);
    expect(await activeRoles(ctx.db, teacher.userId)).toHaveLength(1);

    // A teacher of another school is no member here: the link is theirs to use, and then used.
    const elsewhere = await person('elsewhere', 'teacher', other.id);
    expect(await inviteRefusal(ctx.db, open, elsewhere.userId)).toBeNull();
    expect(await acceptInvite(ctx.db, created.token, { userId: elsewhere.userId }, LATER)).toEqual({
      ok: true,
      schoolId: own.id,
      role: 'teacher',
    });
    expect((await readInvite(ctx.db, created.token, LATER)).status).toBe('used');
  });

  it('keeps the end of each link and when it was made, to tell a school’s links apart, and never the whole link', async () => {
    const own = await school('哈达中心学校');
    const admin = await person('admin', 'school_admin', own.id);
    const first = await createInvite(ctx.db, admin, { schoolId: own.id, role: 'teacher' }, NOW);
    const second = await createInvite(ctx.db, admin, { schoolId: own.id, role: 'teacher' }, LATER);
    if (!first.ok || !second.ok) throw new Error('not created');
    const listed = await listInvites(ctx.db, [own.id]);
    expect(listed.map((i) => [i.id, i.tokenTail, i.createdAt])).toEqual([
      [second.id, second.token.slice(-6), LATER],
      [first.id, first.token.slice(-6), NOW],
    ]);
    const [row] = await ctx.db.select().from(invites).where(eq(invites.id, first.id));
    expect(JSON.stringify(row)).not.toContain(first.token);
  });
});
