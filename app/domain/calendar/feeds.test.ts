import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import { removeMembership, setDisabled } from '#app/domain/accounts/admin.server.ts';
import { removeSchoolMember } from '#app/domain/accounts/invites.server.ts';
import type { Database } from '#db/client.ts';
import {
  auditLog,
  emailOutbox,
  memberships,
  notifications,
  schools,
  speakers,
  users,
  venues,
} from '#db/schema/index.ts';
import { holdSeats, makeConsoleWorld, T0 } from '#tests/factories/console.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { renewSchoolFeed, renewVenueFeed } from './feeds.server.ts';
import { feedsFor, tripFeed } from './trips.server.ts';

const meta = { requestId: 'req-feed', ip: '203.0.113.7' };

const schoolToken = async (db: Database, id: string) =>
  (await db.select({ token: schools.calendarToken }).from(schools).where(eq(schools.id, id)))[0]!.token;
const venueToken = async (db: Database, id: string) =>
  (await db.select({ token: venues.calendarToken }).from(venues).where(eq(venues.id, id)))[0]!.token;

/** The audit entries about one school or venue, as text (to look for secrets in). */
async function auditOf(db: Database, entityId: string) {
  return db.select().from(auditLog).where(eq(auditLog.entityId, entityId));
}

describeEachDriver('renewing calendar feed addresses', (ctx) => {
  it('gives a school a new address when its school admin asks: the old one is unknown, the new one feeds', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const trip = await holdSeats(ctx.db, w, 42);
    const old = await schoolToken(ctx.db, w.school.id);
    expect((await tripFeed(ctx.db, 'school', old, T0))?.trips.map((t) => t.id)).toEqual([trip.id]);

    expect(await renewSchoolFeed(ctx.db, w.people.schoolAdmin, w.school.id, meta)).toBe('ok');
    const fresh = await schoolToken(ctx.db, w.school.id);
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(await tripFeed(ctx.db, 'school', old, T0)).toBeNull();
    expect((await tripFeed(ctx.db, 'school', fresh, T0))?.trips.map((t) => t.id)).toEqual([trip.id]);
    // The venue's feed is another secret: untouched.
    expect(await tripFeed(ctx.db, 'venue', await venueToken(ctx.db, w.venue.id), T0)).not.toBeNull();

    // Who renewed which feed, and why, is in the audit log; neither secret is.
    const entries = await auditOf(ctx.db, w.school.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'school.rotate_calendar_token',
      entityType: 'school',
      actorUserId: w.people.schoolAdmin.id,
      regionCode: expect.any(String),
      after: { reason: 'requested' },
      requestId: 'req-feed',
      ip: '203.0.113.7',
    });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(old);
    expect(text).not.toContain(fresh);

    // The page's list shows the new address, and only the school admin may renew it.
    expect(await feedsFor(ctx.db, w.people.schoolAdmin)).toEqual([
      { kind: 'school', id: w.school.id, name: '哈达中心学校', token: fresh, mayRenew: true },
    ]);
    expect(await feedsFor(ctx.db, w.people.teacher)).toEqual([
      { kind: 'school', id: w.school.id, name: '哈达中心学校', token: fresh, mayRenew: false },
    ]);
    // An admin who also teaches there may renew it, on the page as in renewSchoolFeed.
    const teachingAdmin = {
      ...w.people.teacher,
      roles: [...w.people.teacher.roles, { role: 'admin' as const, schoolId: null, venueId: null }],
    };
    expect(await feedsFor(ctx.db, teachingAdmin)).toEqual([
      { kind: 'school', id: w.school.id, name: '哈达中心学校', token: fresh, mayRenew: true },
    ]);
  });

  it('gives a venue a new address when its operator (or an admin) asks', async () => {
    const w = await makeConsoleWorld(ctx.db);
    await holdSeats(ctx.db, w, 42);
    const old = await venueToken(ctx.db, w.venue.id);
    expect(await renewVenueFeed(ctx.db, w.people.operator, w.venue.id, meta)).toBe('ok');
    const fresh = await venueToken(ctx.db, w.venue.id);
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(await tripFeed(ctx.db, 'venue', old, T0)).toBeNull();
    expect((await tripFeed(ctx.db, 'venue', fresh, T0))?.trips).toHaveLength(1);
    expect(await feedsFor(ctx.db, w.people.operator)).toEqual([
      { kind: 'venue', id: w.venue.id, name: '呼和浩特科技馆', token: fresh, mayRenew: true },
    ]);

    expect(await renewVenueFeed(ctx.db, w.people.admin, w.venue.id, meta)).toBe('ok');
    expect(await venueToken(ctx.db, w.venue.id)).not.toBe(fresh);
    const entries = await auditOf(ctx.db, w.venue.id);
    expect(entries.map((e) => [e.action, e.actorUserId])).toEqual(
      expect.arrayContaining([
        ['venue.rotate_calendar_token', w.people.operator.id],
        ['venue.rotate_calendar_token', w.people.admin.id],
      ]),
    );
    expect(JSON.stringify(entries)).not.toContain(fresh);
  });

  it('refuses everyone else, changing nothing and writing nothing', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const otherVenueId = w.people.otherOperator.roles[0]!.venueId!;
    const before = {
      school: await schoolToken(ctx.db, w.school.id),
      otherSchool: await schoolToken(ctx.db, w.otherSchool.id),
      venue: await venueToken(ctx.db, w.venue.id),
    };
    // A teacher of the school, another school's teacher, the venue's operator, a speaker, an auditor.
    for (const who of ['teacher', 'otherTeacher', 'operator', 'speaker', 'auditor'] as const) {
      expect(await renewSchoolFeed(ctx.db, w.people[who], w.school.id, meta), who).toBe('forbidden');
    }
    // A school admin of one school for another school; another venue's operator; a school admin for a venue.
    expect(await renewSchoolFeed(ctx.db, w.people.schoolAdmin, w.otherSchool.id, meta)).toBe('forbidden');
    expect(await renewVenueFeed(ctx.db, w.people.otherOperator, w.venue.id, meta)).toBe('forbidden');
    expect(await renewVenueFeed(ctx.db, w.people.operator, otherVenueId, meta)).toBe('forbidden');
    expect(await renewVenueFeed(ctx.db, w.people.schoolAdmin, w.venue.id, meta)).toBe('forbidden');
    // Nonsense and unknown ids are not found, even for an admin.
    expect(await renewSchoolFeed(ctx.db, w.people.admin, 'nonsense', meta)).toBe('not_found');
    expect(await renewVenueFeed(ctx.db, w.people.admin, '00000000-0000-4000-8000-000000000000', meta)).toBe(
      'not_found',
    );
    expect({
      school: await schoolToken(ctx.db, w.school.id),
      otherSchool: await schoolToken(ctx.db, w.otherSchool.id),
      venue: await venueToken(ctx.db, w.venue.id),
    }).toEqual(before);
    const renewals = (await ctx.db.select().from(auditLog)).filter((e) =>
      e.action.endsWith('.rotate_calendar_token'),
    );
    expect(renewals).toEqual([]);
  });

  it('renews the school’s address when its school admin removes a teacher, so the copied address stops working', async () => {
    const w = await makeConsoleWorld(ctx.db);
    await holdSeats(ctx.db, w, 42);
    const [copied] = await feedsFor(ctx.db, w.people.teacher);
    expect(await tripFeed(ctx.db, 'school', copied!.token, T0)).not.toBeNull();
    const [membership] = await ctx.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, w.people.teacher.id), eq(memberships.schoolId, w.school.id)));

    const actor = { userId: w.people.schoolAdmin.id, roles: w.people.schoolAdmin.roles, ...meta };
    expect(await removeSchoolMember(ctx.db, actor, membership!.id, T0)).toBe(true);

    expect(await tripFeed(ctx.db, 'school', copied!.token, T0)).toBeNull();
    // The removed teacher no longer sees the school's feed at all; the school admin sees the new address.
    expect(await feedsFor(ctx.db, { roles: await activeRoles(ctx.db, w.people.teacher.id) })).toEqual([]);
    const [current] = await feedsFor(ctx.db, w.people.schoolAdmin);
    expect(current!.token).not.toBe(copied!.token);
    expect((await tripFeed(ctx.db, 'school', current!.token, T0))?.trips).toHaveLength(1);

    const renewal = (await auditOf(ctx.db, w.school.id)).find(
      (e) => e.action === 'school.rotate_calendar_token',
    );
    expect(renewal).toMatchObject({
      actorUserId: w.people.schoolAdmin.id,
      after: { reason: 'membership_ended', membershipId: membership!.id },
    });
    expect(JSON.stringify(renewal)).not.toContain(copied!.token);
    expect(JSON.stringify(renewal)).not.toContain(current!.token);

    // Another school's admin removing nobody renews nothing.
    const before = await schoolToken(ctx.db, w.otherSchool.id);
    const [otherMembership] = await ctx.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, w.people.otherTeacher.id));
    expect(await removeSchoolMember(ctx.db, actor, otherMembership!.id, T0)).toBe(false);
    expect(await schoolToken(ctx.db, w.otherSchool.id)).toBe(before);
  });

  it('renews the venue’s, school’s or speaker’s address when an admin ends an active role there', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const admin = { userId: w.people.admin.id, roles: w.people.admin.roles, ...meta };
    const roleOf = async (userId: string) =>
      (await ctx.db.select().from(memberships).where(eq(memberships.userId, userId)))[0]!;

    const venueBefore = await venueToken(ctx.db, w.venue.id);
    const operatorRole = await roleOf(w.people.operator.id);
    expect(await removeMembership(ctx.db, admin, w.people.operator.id, operatorRole.id)).toBe(true);
    expect(await tripFeed(ctx.db, 'venue', venueBefore, T0)).toBeNull();
    expect(await venueToken(ctx.db, w.venue.id)).not.toBe(venueBefore);

    const schoolBefore = await schoolToken(ctx.db, w.school.id);
    const adminRole = await roleOf(w.people.schoolAdmin.id);
    expect(await removeMembership(ctx.db, admin, w.people.schoolAdmin.id, adminRole.id)).toBe(true);
    expect(await tripFeed(ctx.db, 'school', schoolBefore, T0)).toBeNull();

    const [speakerBefore] = await ctx.db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
    const speakerRole = await roleOf(w.people.speaker.id);
    expect(await removeMembership(ctx.db, admin, w.people.speaker.id, speakerRole.id)).toBe(true);
    const [speakerAfter] = await ctx.db.select().from(speakers).where(eq(speakers.id, w.speaker.id));
    expect(speakerAfter!.calendarToken).not.toBe(speakerBefore!.calendarToken);

    const renewals = (await ctx.db.select().from(auditLog)).filter((e) =>
      e.action.endsWith('.rotate_calendar_token'),
    );
    expect(renewals.map((e) => [e.action, e.entityId]).sort()).toEqual(
      [
        ['school.rotate_calendar_token', w.school.id],
        ['speaker.rotate_calendar_token', w.speaker.id],
        ['venue.rotate_calendar_token', w.venue.id],
      ].sort(),
    );
    expect(renewals.every((e) => e.actorUserId === w.people.admin.id)).toBe(true);

    // A pending request that is withdrawn by an admin never saw the feed: nothing to renew.
    const [pending] = await ctx.db
      .insert(memberships)
      .values({ userId: w.people.teacher.id, role: 'venue_operator', venueId: w.venue.id, status: 'pending' })
      .returning();
    const venueNow = await venueToken(ctx.db, w.venue.id);
    expect(await removeMembership(ctx.db, admin, w.people.teacher.id, pending!.id)).toBe(true);
    expect(await venueToken(ctx.db, w.venue.id)).toBe(venueNow);
  });

  it('renews the addresses of every role of a person an admin disables, and not again when they are enabled', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const admin = { userId: w.people.admin.id, roles: w.people.admin.roles, ...meta };
    const venueBefore = await venueToken(ctx.db, w.venue.id);
    const schoolBefore = await schoolToken(ctx.db, w.school.id);
    expect(await setDisabled(ctx.db, admin, w.people.operator.id, true, T0)).toBe('ok');
    expect(await tripFeed(ctx.db, 'venue', venueBefore, T0)).toBeNull();
    const venueAfter = await venueToken(ctx.db, w.venue.id);
    expect(venueAfter).not.toBe(venueBefore);
    // Another place's feed is untouched, and the operator keeps the role (enabling gives it back).
    expect(await schoolToken(ctx.db, w.school.id)).toBe(schoolBefore);
    expect(await activeRoles(ctx.db, w.people.operator.id)).not.toEqual([]);
    const entries = await auditOf(ctx.db, w.venue.id);
    expect(entries.map((e) => e.action)).toContain('venue.rotate_calendar_token');
    expect(JSON.stringify(entries)).not.toContain(venueAfter);
    expect(await setDisabled(ctx.db, admin, w.people.operator.id, false, T0)).toBe('ok');
    expect(await venueToken(ctx.db, w.venue.id)).toBe(venueAfter);
  });

  it('renews a school shared by two roles of a disabled person once, telling its readers once', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const admin = { userId: w.people.admin.id, roles: w.people.admin.roles, ...meta };
    // The school admin also teaches at the school: two active roles, one feed.
    await ctx.db
      .insert(memberships)
      .values({ userId: w.people.schoolAdmin.id, role: 'teacher', schoolId: w.school.id });
    const before = await schoolToken(ctx.db, w.school.id);
    expect(await setDisabled(ctx.db, admin, w.people.schoolAdmin.id, true, T0)).toBe('ok');
    expect(await schoolToken(ctx.db, w.school.id)).not.toBe(before);
    const renewals = (await auditOf(ctx.db, w.school.id)).filter(
      (e) => e.action === 'school.rotate_calendar_token',
    );
    expect(renewals).toHaveLength(1);
    const told = await ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, w.people.teacher.id));
    expect(told.filter((n) => n.kind === 'calendar_feed_renewed')).toHaveLength(1);
  });

  it('tells everyone else who reads the feed that its address changed, and no one who left or renewed it', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const [colleague, disabled, secondOperator] = await ctx.db
      .insert(users)
      .values([
        { name: '同校老师', email: 'colleague@example.cn' },
        { name: '停用老师', email: 'disabled@example.cn', disabledAt: T0 },
        { name: '第二馆员', email: 'second-operator@example.cn' },
      ])
      .returning();
    await ctx.db.insert(memberships).values([
      { userId: colleague!.id, role: 'teacher', schoolId: w.school.id },
      { userId: disabled!.id, role: 'teacher', schoolId: w.school.id },
      { userId: secondOperator!.id, role: 'venue_operator', venueId: w.venue.id },
    ]);
    const toldOf = async (userId: string) =>
      (await ctx.db.select().from(notifications).where(eq(notifications.userId, userId))).filter(
        (n) => n.kind === 'calendar_feed_renewed',
      );
    const [membership] = await ctx.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, w.people.teacher.id), eq(memberships.schoolId, w.school.id)));
    const actor = {
      userId: w.people.schoolAdmin.id,
      roles: w.people.schoolAdmin.roles,
      ...meta,
      publicUrl: 'https://sc.example.cn',
    };
    expect(await removeSchoolMember(ctx.db, actor, membership!.id, T0)).toBe(true);

    const [notice, ...more] = await toldOf(colleague!.id);
    expect(more).toHaveLength(0);
    expect(notice).toMatchObject({ link: '/calendars', params: { name: '哈达中心学校' } });
    const [mail] = await ctx.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, 'colleague@example.cn'));
    expect(mail!.body).toContain('https://sc.example.cn/calendars');
    // Neither the new address nor the old one is in a notice or an e-mail: they are read on the page, signed in.
    const fresh = await schoolToken(ctx.db, w.school.id);
    expect(JSON.stringify([notice, mail])).not.toContain(fresh);
    for (const silent of [w.people.teacher.id, w.people.schoolAdmin.id, disabled!.id, w.people.operator.id]) {
      expect(await toldOf(silent), silent).toHaveLength(0);
    }

    // A venue's operator renews its address: the other operator is told, the one who asked is not.
    expect(await renewVenueFeed(ctx.db, w.people.operator, w.venue.id, meta)).toBe('ok');
    expect(await toldOf(secondOperator!.id)).toMatchObject([{ link: '/console' }]);
    expect(await toldOf(w.people.operator.id)).toHaveLength(0);
    expect(await toldOf(w.people.otherOperator.id)).toHaveLength(0);
  });
});
