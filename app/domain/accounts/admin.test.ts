import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { memberships, regions, schools, speakers, users, venues } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import {
  type AdminActor,
  addMembership,
  removedMembership,
  removeMembership,
  searchUsers,
  USERS_PAGE_SIZE,
} from './admin.server.ts';

/** The grant's time as the route passes it on from the app's clock: years from the real date. */
const NOW = new Date('2030-03-04T02:00:00Z');

describeEachDriver('the admin user list', (ctx) => {
  it('pages through everyone who matches and says how many match in all', async () => {
    await ctx.db.insert(users).values(
      Array.from({ length: USERS_PAGE_SIZE + 5 }, (_, i) => ({
        email: `pager-${i}@example.org`,
        name: `翻页${String(i).padStart(2, '0')}`,
      })),
    );
    const first = await searchUsers(ctx.db, '翻页');
    expect(first).toMatchObject({ total: USERS_PAGE_SIZE + 5, page: 1, pageSize: USERS_PAGE_SIZE });
    expect(first.people).toHaveLength(USERS_PAGE_SIZE);
    const second = await searchUsers(ctx.db, '翻页', { page: 2 });
    expect(second.people.map((p) => p.name)).toEqual(['翻页50', '翻页51', '翻页52', '翻页53', '翻页54']);
    const seen = new Set([...first.people, ...second.people].map((p) => p.id));
    expect(seen.size).toBe(USERS_PAGE_SIZE + 5);
    expect(await searchUsers(ctx.db, 'pager-54@')).toMatchObject({ total: 1 });
  });
});

describeEachDriver('giving a role: the school, venue or speaker named by id, code or name', (ctx) => {
  async function world() {
    const [admin, person] = await ctx.db
      .insert(users)
      .values([
        { email: 'root@example.org', name: '管理员' },
        { email: 'person@example.org', name: '新同事' },
      ])
      .returning();
    await ctx.db.insert(memberships).values({ userId: admin!.id, role: 'admin' });
    const school = (name: string, regionCode: string, code: string | null = null) => ({
      name,
      code,
      level: 'junior' as const,
      regionCode,
      pupils: 500,
    });
    const made = await ctx.db
      .insert(schools)
      .values([
        school('第一中学', '150102', '1501020001'),
        school('呼和浩特第一中学', '150105'),
        school('包头第一中学', '150202', '1502020007'),
        school('第二中学', '150102'),
        school('第二中学', '150203'),
        ...Array.from({ length: 6 }, (_, i) => school(`实验小学${i + 1}`, '150105')),
      ])
      .returning();
    const byName = (name: string) => made.filter((s) => s.name === name);
    const actor = {
      userId: admin!.id,
      roles: [{ role: 'admin' as const }] as unknown as AdminActor['roles'],
    };
    const add = (role: 'teacher' | 'venue_operator' | 'speaker', target: string) =>
      addMembership(ctx.db, actor, person!.id, { role, target }, NOW);
    const held = () => ctx.db.select().from(memberships).where(eq(memberships.userId, person!.id));
    return { person: person!, actor, byName, add, held };
  }

  it('gives an admin or auditor role only with the box ticked, once its region is known; says what was removed', async () => {
    const w = await world();
    const give = (role: 'admin' | 'auditor', target: string, confirm?: string) =>
      addMembership(ctx.db, w.actor, w.person.id, { role, target, confirm }, NOW);
    // Not ticked (or anything but "yes"): nothing written, and what would be given is named to confirm.
    expect(await give('auditor', '150100')).toEqual({
      ok: false,
      error: 'unconfirmed',
      role: 'auditor',
      held: { target: '呼和浩特市', targetRegion: { code: '150100', name: '呼和浩特市' } },
    });
    expect(await give('admin', '', 'on')).toEqual({
      ok: false,
      error: 'unconfirmed',
      role: 'admin',
      held: { target: null, targetRegion: null },
    });
    // A region that does not exist is said first, not after the box is ticked.
    expect(await give('auditor', '159999')).toEqual({ ok: false, error: 'unknown_target' });
    expect(await give('auditor', '不存在市')).toEqual({ ok: false, error: 'unknown_target' });
    expect(await w.held()).toEqual([]);
    // A region by its whole name, as an admin would type it: the same as its code.
    const byName = await give('auditor', '包头市', 'yes');
    expect(byName).toMatchObject({ ok: true });
    const [held] = await w.held();
    expect(held?.regionCode).toBe('150200');
    await ctx.db.delete(memberships).where(eq(memberships.userId, w.person.id));
    // A name several regions share (none does in Inner Mongolia today; one is made here) asks for the code.
    await ctx.db.insert(regions).values({
      code: '159901',
      name: '包头市',
      level: 'prefecture',
      parentCode: '150000',
      divisionType: '市',
      isGbt2260: false,
    });
    const ambiguous = await give('auditor', '包头市', 'yes');
    expect(ambiguous).toMatchObject({
      ok: false,
      error: 'ambiguous_region',
      regions: [
        { code: '150200', name: '包头市' },
        { code: '159901', name: '包头市' },
      ],
    });
    expect(await w.held()).toEqual([]);
    expect(await give('auditor', '159901', 'yes')).toMatchObject({ ok: true });
    await ctx.db.delete(memberships).where(eq(memberships.userId, w.person.id));
    await ctx.db.delete(regions).where(eq(regions.code, '159901'));
    const auditor = await give('auditor', '150100', 'yes');
    expect(auditor).toMatchObject({ ok: true, membershipId: expect.any(String) });
    // As the route passes it on: the box already read.
    expect(
      await addMembership(ctx.db, w.actor, w.person.id, { role: 'admin', confirm: true }, NOW),
    ).toMatchObject({
      ok: true,
    });
    // A role already held is said at once.
    expect(await give('auditor', '150100')).toEqual({ ok: false, error: 'duplicate' });
    expect((await w.held()).map((m) => [m.role, m.regionCode]).sort()).toEqual([
      ['admin', null],
      ['auditor', '150100'],
    ]);
    expect((await w.held()).map((m) => m.decidedAt)).toEqual([NOW, NOW]);
    // An everyday role needs no box.
    expect(await w.add('teacher', '第一中学')).toMatchObject({ ok: true });

    const id = auditor.ok ? auditor.membershipId : '';
    expect(await removedMembership(ctx.db, w.person.id, id)).toBeNull();
    expect(await removeMembership(ctx.db, w.actor, w.person.id, id)).toBe(true);
    expect(await removedMembership(ctx.db, w.person.id, id)).toEqual({
      role: 'auditor',
      target: '呼和浩特市',
      targetRegion: { code: '150100', name: '呼和浩特市' },
    });
    // Under another person's page, or for an id that is none, nothing was removed.
    expect(await removedMembership(ctx.db, w.actor.userId, id)).toBeNull();
    expect(await removedMembership(ctx.db, w.person.id, 'not-a-uuid')).toBeNull();
  });

  it('attaches the one school a name, a code or an id names; an exact name wins over names containing it', async () => {
    const w = await world();
    expect(await w.add('teacher', ' 第一中学 ')).toMatchObject({ ok: true });
    expect(await w.add('teacher', '1502020007')).toMatchObject({ ok: true });
    const [experimental] = w.byName('实验小学3');
    expect(await w.add('teacher', experimental!.id)).toMatchObject({ ok: true });
    expect((await w.held()).map((m) => m.schoolId).sort()).toEqual(
      [w.byName('第一中学')[0]!.id, w.byName('包头第一中学')[0]!.id, experimental!.id].sort(),
    );
  });

  it('lists up to five matches to choose from when several match, and says "not found" when none does; nothing is written', async () => {
    const w = await world();
    const several = await w.add('teacher', '第一');
    expect(several).toMatchObject({ ok: false, error: 'ambiguous', more: false });
    const choices = several.ok === false && 'choices' in several ? several.choices : [];
    expect(
      choices.map(({ id: _id, ...c }) => c).sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '')),
    ).toEqual([
      { name: '呼和浩特第一中学', regionCode: '150105', regionName: '赛罕区', code: null },
      { name: '第一中学', regionCode: '150102', regionName: '新城区', code: '1501020001' },
      { name: '包头第一中学', regionCode: '150202', regionName: '东河区', code: '1502020007' },
    ]);
    const same = await w.add('teacher', '第二中学');
    expect(same).toMatchObject({ ok: false, error: 'ambiguous', more: false });
    expect(
      same.ok === false && 'choices' in same ? same.choices.map((c) => c.regionName).sort() : [],
    ).toEqual(['新城区', '昆都仑区'].sort());
    const many = await w.add('teacher', '实验小学');
    expect(many).toMatchObject({ ok: false, error: 'ambiguous', more: true });
    expect(many.ok === false && 'choices' in many ? many.choices.map((c) => c.name) : []).toEqual([
      '实验小学1',
      '实验小学2',
      '实验小学3',
      '实验小学4',
      '实验小学5',
    ]);
    expect(await w.add('teacher', '不存在的学校')).toEqual({ ok: false, error: 'unknown_target' });
    expect(await w.add('teacher', '00000000-0000-4000-8000-000000000000')).toEqual({
      ok: false,
      error: 'unknown_target',
    });
    expect(await w.held()).toEqual([]);
  });

  it('finds venues by name or address name and speakers by name', async () => {
    const w = await world();
    const [venue] = await ctx.db
      .insert(venues)
      .values({
        slug: 'grassland-museum',
        name: '草原博物馆',
        type: 'museum',
        regionCode: '150102',
        lat: 40.84,
        lng: 111.66,
      })
      .returning();
    const [speaker] = await ctx.db
      .insert(speakers)
      .values({ displayName: '巴特尔', category: 'veteran_soldier', regionCode: '150105' })
      .returning();
    expect(await w.add('venue_operator', '草原博物')).toMatchObject({ ok: true });
    expect(await w.add('speaker', '巴特尔')).toMatchObject({ ok: true });
    expect(await w.add('venue_operator', 'grassland-museum')).toEqual({ ok: false, error: 'duplicate' });
    expect((await w.held()).map((m) => m.venueId ?? m.speakerId).sort()).toEqual(
      [venue!.id, speaker!.id].sort(),
    );
  });
});

describeEachDriver('a speaker profile is one person', (ctx) => {
  async function world() {
    const people = await ctx.db
      .insert(users)
      .values([
        { email: 'root@example.org', name: '管理员' },
        { email: 'second-root@example.org', name: '另一位管理员' },
        { email: 'speaker@example.org', name: '巴特尔' },
        { email: 'other@example.org', name: '别人' },
        { email: 'third@example.org', name: '第三人' },
      ])
      .returning();
    const [admin, secondAdmin, owner, other, third] = people;
    await ctx.db.insert(memberships).values([
      { userId: admin!.id, role: 'admin' },
      { userId: secondAdmin!.id, role: 'admin' },
    ]);
    const actorOf = (userId: string): AdminActor => ({
      userId,
      roles: [{ role: 'admin' as const }] as unknown as AdminActor['roles'],
    });
    const [profile] = await ctx.db
      .insert(speakers)
      .values({ displayName: '巴特尔', category: 'veteran_soldier', regionCode: '150105' })
      .returning();
    const holders = async () =>
      (await ctx.db.select().from(memberships).where(eq(memberships.speakerId, profile!.id))).map((m) => [
        m.userId,
        m.status,
      ]);
    return {
      admin: actorOf(admin!.id),
      secondAdmin: actorOf(secondAdmin!.id),
      owner: owner!,
      other: other!,
      third: third!,
      profile: profile!,
      holders,
    };
  }

  it('refuses to give a profile that another account holds or asks for, and gives it again once that ends', async () => {
    const w = await world();
    expect(
      await addMembership(ctx.db, w.admin, w.owner.id, { role: 'speaker', target: '巴特尔' }, NOW),
    ).toMatchObject({ ok: true });
    expect(
      await addMembership(ctx.db, w.admin, w.other.id, { role: 'speaker', target: '巴特尔' }, NOW),
    ).toEqual({
      ok: false,
      error: 'speaker_taken',
    });
    // The owner again: the role they already hold, not someone else's profile.
    expect(
      await addMembership(ctx.db, w.admin, w.owner.id, { role: 'speaker', target: w.profile.id }, NOW),
    ).toEqual({ ok: false, error: 'duplicate' });
    expect(await w.holders()).toEqual([[w.owner.id, 'active']]);

    // A pending request holds the profile too; a rejected one does not.
    await ctx.db
      .update(memberships)
      .set({ status: 'pending' })
      .where(eq(memberships.speakerId, w.profile.id));
    expect(
      await addMembership(ctx.db, w.admin, w.other.id, { role: 'speaker', target: '巴特尔' }, NOW),
    ).toEqual({
      ok: false,
      error: 'speaker_taken',
    });
    await ctx.db
      .update(memberships)
      .set({ status: 'rejected' })
      .where(eq(memberships.speakerId, w.profile.id));
    expect(
      await addMembership(ctx.db, w.admin, w.other.id, { role: 'speaker', target: '巴特尔' }, NOW),
    ).toMatchObject({ ok: true });
    expect((await w.holders()).sort()).toEqual(
      [
        [w.owner.id, 'rejected'],
        [w.other.id, 'active'],
      ].sort(),
    );
  });

  it('lets one of two admins win when both give the same profile to different people at the same moment', async () => {
    const w = await world();
    const outcomes = await Promise.all([
      addMembership(ctx.db, w.admin, w.other.id, { role: 'speaker', target: w.profile.id }, NOW),
      addMembership(ctx.db, w.secondAdmin, w.third.id, { role: 'speaker', target: w.profile.id }, NOW),
    ]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error)).sort()).toEqual(['ok', 'speaker_taken']);
    expect(await w.holders()).toHaveLength(1);
  });
});
