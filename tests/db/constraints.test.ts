import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { migrationsFolder } from '#db/migrate.ts';
import {
  auditLog,
  bookings,
  invitations,
  memberships,
  programs,
  regions,
  schools,
  sessions,
  speakers,
  speakerTopics,
  users,
  venues,
} from '#db/schema/index.ts';
import { PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import { holdSeats, makeConsoleWorld, releaseSeats } from '#tests/factories/console.ts';
import { describeEachDriver } from '#tests/setup/db.ts';

async function expectCode(work: Promise<unknown>, code: string) {
  let caught: unknown;
  try {
    await work;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected the database to refuse with ${code}`).toBeDefined();
  expect(pgErrorCode(caught)).toBe(code);
}

async function makeVenue(db: Database, slug = 'test-venue') {
  const [venue] = await db
    .insert(venues)
    .values({ slug, name: '测试科技馆', type: 'science_museum', regionCode: '150102', lat: 40.8, lng: 111.7 })
    .returning();
  const [program] = await db
    .insert(programs)
    .values({
      venueId: venue!.id,
      title: '机器人编程',
      grades: [4, 5, 6],
      durationMinutes: 90,
      maxGroupSize: 50,
    })
    .returning();
  return { venue: venue!, program: program! };
}

async function makeSpeaker(db: Database, overrides: Partial<typeof speakers.$inferInsert> = {}) {
  const [speaker] = await db
    .insert(speakers)
    .values({
      displayName: '巴特尔',
      category: 'veteran_soldier',
      regionCode: '150102',
      monthlyCap: 2,
      vettedUntil: '2099-12-31',
      ...overrides,
    })
    .returning();
  const [topic] = await db
    .insert(speakerTopics)
    .values({ speakerId: speaker!.id, title: '我的从军岁月', grades: [7, 8, 9], durationMinutes: 60 })
    .returning();
  const [school] = await db
    .insert(schools)
    .values({ name: '测试中学', level: 'junior', regionCode: '150102', pupils: 800 })
    .returning();
  const [teacher] = await db
    .insert(users)
    .values({ email: `t${Math.random()}@x.example`, name: '老师' })
    .returning();
  return { speaker: speaker!, topic: topic!, school: school!, teacher: teacher! };
}

function invitation(
  ctx: Awaited<ReturnType<typeof makeSpeaker>>,
  startsAt: string,
  endsAt: string,
  status: 'scheduled' | 'pending' = 'scheduled',
) {
  return {
    kind: 'speaker' as const,
    speakerId: ctx.speaker.id,
    topicId: ctx.topic.id,
    schoolId: ctx.school.id,
    teacherId: ctx.teacher.id,
    status,
    audienceSize: 100,
    grades: [8],
    place: '礼堂',
    scheduledStartsAt: status === 'scheduled' ? new Date(startsAt) : null,
    scheduledEndsAt: status === 'scheduled' ? new Date(endsAt) : null,
    expiresAt: new Date('2099-01-01T00:00:00Z'),
  };
}

describeEachDriver('database rules', (ctx) => {
  it('loads the 12 盟市 and 103 旗县市区 of Inner Mongolia with WGS-84 points', async () => {
    const levels = await ctx.db
      .select({ level: regions.level, n: count() })
      .from(regions)
      .groupBy(regions.level);
    expect(Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]))).toEqual({
      province: 1,
      prefecture: 12,
      county: 103,
    });
    const [hohhot] = await ctx.db.select().from(regions).where(eq(regions.code, '150100'));
    expect(hohhot?.name).toBe('呼和浩特市');
    expect(hohhot?.lat).toBeCloseTo(40.8409, 3);
    expect(hohhot?.lng).toBeCloseTo(111.7431, 3);
  });

  it('refuses a session holding more seats than its capacity (no overbooking)', async () => {
    const { venue, program } = await makeVenue(ctx.db);
    const [session] = await ctx.db
      .insert(sessions)
      .values({
        venueId: venue.id,
        programId: program.id,
        startsAt: new Date('2026-12-01T01:00:00Z'),
        endsAt: new Date('2026-12-01T03:00:00Z'),
        capacity: 40,
        seatsHeld: 40,
        seatsHeldGeneral: 40,
      })
      .returning();
    await expectCode(
      ctx.db
        .update(sessions)
        .set({ seatsHeld: sql`${sessions.seatsHeld} + 1` })
        .where(eq(sessions.id, session!.id)),
      PG.checkViolation,
    );
    await expectCode(
      ctx.db.update(sessions).set({ capacity: 39 }).where(eq(sessions.id, session!.id)),
      PG.checkViolation,
    );
    await expectCode(
      ctx.db.update(sessions).set({ seatsHeld: -1 }).where(eq(sessions.id, session!.id)),
      PG.checkViolation,
    );
    const [after] = await ctx.db.select().from(sessions).where(eq(sessions.id, session!.id));
    expect(after).toMatchObject({ capacity: 40, seatsHeld: 40 });
  });

  it('refuses impossible school counts and derives priority schools', async () => {
    await expectCode(
      ctx.db
        .insert(schools)
        .values({ name: 'x', level: 'primary', regionCode: '150102', pupils: 10, leftBehindPupils: 11 }),
      PG.checkViolation,
    );
    const rows = await ctx.db
      .insert(schools)
      .values([
        { name: '城区小学', level: 'primary', regionCode: '150102', pupils: 1000, leftBehindPupils: 50 },
        { name: '留守多的小学', level: 'primary', regionCode: '150102', pupils: 1000, leftBehindPupils: 100 },
        { name: '乡村小学', level: 'primary', regionCode: '150125', pupils: 100, rural: true },
        { name: '特校', level: 'special', regionCode: '150102', pupils: 80 },
        { name: '教育局标记', level: 'junior', regionCode: '150102', pupils: 900, markedPriority: true },
      ])
      .returning({ name: schools.name, isPriority: schools.isPriority });
    expect(Object.fromEntries(rows.map((r) => [r.name, r.isPriority]))).toEqual({
      城区小学: false,
      留守多的小学: true,
      乡村小学: true,
      特校: true,
      教育局标记: true,
    });
  });

  it('refuses unknown venue types, grades outside 0–12 and a bad slug', async () => {
    const base = { name: '馆', regionCode: '150102', lat: 40, lng: 111 };
    await expectCode(
      ctx.db.insert(venues).values({ ...base, slug: 'a', type: 'zoo' as never }),
      PG.checkViolation,
    );
    await expectCode(
      ctx.db.insert(venues).values({ ...base, slug: 'b', type: 'museum', grades: [13] }),
      PG.checkViolation,
    );
    await expectCode(
      ctx.db.insert(venues).values({ ...base, slug: 'Not A Slug', type: 'museum' }),
      PG.checkViolation,
    );
    await expectCode(
      ctx.db.insert(venues).values({ ...base, slug: 'c', type: 'museum', regionCode: '999999' }),
      PG.foreignKeyViolation,
    );
  });

  it('never lets a speaker’s scheduled engagements overlap', async () => {
    const people = await makeSpeaker(ctx.db, { monthlyCap: 10 });
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-05T01:00:00Z', '2030-03-05T02:00:00Z'));
    await expectCode(
      ctx.db.insert(invitations).values(invitation(people, '2030-03-05T01:30:00Z', '2030-03-05T02:30:00Z')),
      PG.exclusionViolation,
    );
    // Back to back is fine, and so is a pending invitation for the same time.
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-05T02:00:00Z', '2030-03-05T03:00:00Z'));
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-05T01:30:00Z', '2030-03-05T02:30:00Z', 'pending'));
  });

  it('never lets a speaker exceed the monthly cap, counted in Asia/Shanghai months', async () => {
    const people = await makeSpeaker(ctx.db, { monthlyCap: 2 });
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-01T01:00:00Z', '2030-03-01T02:00:00Z'));
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-10T01:00:00Z', '2030-03-10T02:00:00Z'));
    await expectCode(
      ctx.db.insert(invitations).values(invitation(people, '2030-03-20T01:00:00Z', '2030-03-20T02:00:00Z')),
      PG.capReached,
    );
    // 2030-03-31 20:00 UTC is already 1 April in Shanghai: a new month.
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-31T20:00:00Z', '2030-03-31T21:00:00Z'));
    // Cancelling one frees its place in the month.
    const [first] = await ctx.db
      .select()
      .from(invitations)
      .where(eq(invitations.scheduledStartsAt, new Date('2030-03-01T01:00:00Z')));
    await ctx.db
      .update(invitations)
      .set({ status: 'cancelled', scheduledStartsAt: null, scheduledEndsAt: null })
      .where(eq(invitations.id, first!.id));
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-20T01:00:00Z', '2030-03-20T02:00:00Z'));
  });

  it('never schedules a speaker outside a valid vetting badge', async () => {
    const people = await makeSpeaker(ctx.db, { vettedUntil: '2030-03-15' });
    await ctx.db
      .insert(invitations)
      .values(invitation(people, '2030-03-14T01:00:00Z', '2030-03-14T02:00:00Z'));
    await expectCode(
      ctx.db.insert(invitations).values(invitation(people, '2030-03-16T01:00:00Z', '2030-03-16T02:00:00Z')),
      PG.notVetted,
    );
    const unvetted = await makeSpeaker(ctx.db, { vettedUntil: null });
    await expectCode(
      ctx.db.insert(invitations).values(invitation(unvetted, '2030-03-14T01:00:00Z', '2030-03-14T02:00:00Z')),
      PG.notVetted,
    );
  });

  it('keeps the audit log append-only', async () => {
    await ctx.db.insert(auditLog).values({ action: 'test.write', entityType: 'test' });
    await expectCode(ctx.db.update(auditLog).set({ action: 'test.rewritten' }), PG.appendOnly);
    await expectCode(ctx.db.delete(auditLog), PG.appendOnly);
    await expectCode(ctx.db.execute(sql`truncate audit_log`), PG.appendOnly);
    const rows = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'test.write'));
    expect(rows).toHaveLength(1);
  });

  it('lets one account hold or ask for a speaker profile, while a venue has several operators', async () => {
    const { speaker } = await makeSpeaker(ctx.db);
    const { venue } = await makeVenue(ctx.db);
    const [first, second] = await ctx.db
      .insert(users)
      .values([
        { email: 'first@example.org', name: '巴特尔' },
        { email: 'second@example.org', name: '别人' },
      ])
      .returning();
    await ctx.db.insert(memberships).values({ userId: first!.id, role: 'speaker', speakerId: speaker.id });
    for (const status of ['active', 'pending'] as const) {
      let caught: unknown;
      try {
        await ctx.db
          .insert(memberships)
          .values({ userId: second!.id, role: 'speaker', speakerId: speaker.id, status });
      } catch (error) {
        caught = error;
      }
      expect(pgErrorCode(caught)).toBe(PG.uniqueViolation);
      expect(pgConstraint(caught)).toBe('memberships_speaker_owner');
    }
    // A refused request keeps its row (the person sees why), beside the profile's one holder.
    await ctx.db
      .insert(memberships)
      .values({ userId: second!.id, role: 'speaker', speakerId: speaker.id, status: 'rejected' });
    await ctx.db.insert(memberships).values([
      { userId: first!.id, role: 'venue_operator', venueId: venue.id },
      { userId: second!.id, role: 'venue_operator', venueId: venue.id },
    ]);
    const [operators] = await ctx.db
      .select({ n: count() })
      .from(memberships)
      .where(eq(memberships.venueId, venue.id));
    expect(operators?.n).toBe(2);
  });

  it('migration 0010 keeps a doubly held speaker profile with its first holder and ends the other, audited', async () => {
    const [fix, createIndex] = readFileSync(
      join(migrationsFolder, '0010_speaker_one_owner.sql'),
      'utf8',
    ).split('--> statement-breakpoint');
    // A database from before the index, where an admin gave one profile to a second account.
    await ctx.db.execute(sql`drop index memberships_speaker_owner`);
    const { speaker } = await makeSpeaker(ctx.db);
    const { speaker: alone } = await makeSpeaker(ctx.db, { displayName: '其木格' });
    const [owner, later, asking, single] = await ctx.db
      .insert(users)
      .values(['owner', 'later', 'asking', 'single'].map((n) => ({ email: `${n}@example.org`, name: n })))
      .returning();
    const at = (day: number) => new Date(Date.UTC(2030, 0, day));
    await ctx.db.insert(memberships).values([
      { userId: asking!.id, role: 'speaker', speakerId: speaker.id, status: 'pending', createdAt: at(1) },
      { userId: owner!.id, role: 'speaker', speakerId: speaker.id, createdAt: at(2) },
      { userId: later!.id, role: 'speaker', speakerId: speaker.id, createdAt: at(3) },
      { userId: single!.id, role: 'speaker', speakerId: alone.id, createdAt: at(3) },
    ]);
    const tokenOf = async (id: string) =>
      (await ctx.db.select({ token: speakers.calendarToken }).from(speakers).where(eq(speakers.id, id)))[0]
        ?.token;
    const [token, aloneToken] = [await tokenOf(speaker.id), await tokenOf(alone.id)];

    await ctx.db.execute(sql.raw(fix!));
    await ctx.db.execute(sql.raw(createIndex!));

    const held = await ctx.db
      .select({ userId: memberships.userId, speakerId: memberships.speakerId })
      .from(memberships)
      .where(eq(memberships.role, 'speaker'))
      .orderBy(asc(memberships.createdAt));
    expect(held).toEqual([
      { userId: owner!.id, speakerId: speaker.id },
      { userId: single!.id, speakerId: alone.id },
    ]);
    // The ended holders may have copied the profile's calendar address: it changes; the other profile's does not.
    expect(await tokenOf(speaker.id)).not.toBe(token);
    expect(await tokenOf(alone.id)).toBe(aloneToken);
    const audited = await ctx.db
      .select({ action: auditLog.action, entityId: auditLog.entityId, before: auditLog.before })
      .from(auditLog)
      .where(and(sql`${auditLog.action} in ('membership.delete', 'speaker.rotate_calendar_token')`));
    expect(audited.map((a) => a.action).sort()).toEqual([
      'membership.delete',
      'membership.delete',
      'speaker.rotate_calendar_token',
    ]);
    expect(
      audited
        .filter((a) => a.action === 'membership.delete')
        .map((a) => (a.before as { userId: string }).userId)
        .sort(),
    ).toEqual([later!.id, asking!.id].sort());
  });

  it('migration 0014 folds sessions added twice into one: unbooked copies called off, booked ones merged, audited', async () => {
    const statements = readFileSync(join(migrationsFolder, '0014_session_once.sql'), 'utf8').split(
      '--> statement-breakpoint',
    );
    // A database from before the index, where a double click and a retry added the same session three times.
    await ctx.db.execute(sql`drop index sessions_program_start`);
    const w = await makeConsoleWorld(ctx.db);
    const startsAt = new Date('2030-05-07T01:30:00Z');
    const copy = (minutes: number, created: number, extra: Partial<typeof sessions.$inferInsert> = {}) => ({
      programId: w.onsite.id,
      venueId: w.venue.id,
      startsAt: new Date(startsAt.getTime() + minutes * 60_000),
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      capacity: 40,
      createdAt: new Date(Date.UTC(2030, 2, created)),
      ...extra,
    });
    const [unbooked, first, second, nextMinute, calledOff, onceBooked] = await ctx.db
      .insert(sessions)
      .values([
        copy(0, 1),
        copy(0, 2, { greenChannelSeats: 5, greenReleaseAt: new Date('2030-05-01T00:00:00Z') }),
        copy(0.5, 3),
        copy(1, 4),
        copy(0, 5, { cancelledAt: new Date('2030-03-06T00:00:00Z') }),
        copy(0, 6),
      ])
      .returning();
    await holdSeats(ctx.db, w, 20, 'confirmed', first!.id);
    const moved = await holdSeats(ctx.db, w, 10, 'confirmed', second!.id);
    // A copy whose only booking was cancelled: nobody needs its seats, so it is called off, not added.
    const gone = await holdSeats(ctx.db, w, 12, 'confirmed', onceBooked!.id);
    await releaseSeats(ctx.db, gone, 'cancelled');

    // As the migrator runs it: every statement in one transaction, whose deferred seat checks are still pending when
    // the index is built unless the migration runs them first.
    await ctx.db.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });

    const rows = await ctx.db.select().from(sessions).where(eq(sessions.programId, w.onsite.id));
    const row = (id: string) => rows.find((r) => r.id === id)!;
    // The copy with the most bookings stays (the oldest of those), and holds the merged copy's group and seats.
    expect(row(first!.id)).toMatchObject({
      cancelledAt: null,
      capacity: 80,
      seatsHeld: 30,
      seatsHeldGeneral: 30,
      greenChannelSeats: 5,
    });
    const [movedNow] = await ctx.db.select().from(bookings).where(eq(bookings.id, moved.id));
    expect(movedNow?.sessionId).toBe(first!.id);
    expect(row(second!.id)).toMatchObject({ seatsHeld: 0, cancelledAt: expect.any(Date) });
    expect(row(unbooked!.id).cancelledAt).toBeInstanceOf(Date);
    expect(row(onceBooked!.id).cancelledAt).toBeInstanceOf(Date);
    const [goneNow] = await ctx.db.select().from(bookings).where(eq(bookings.id, gone.id));
    expect(goneNow?.sessionId).toBe(onceBooked!.id);
    // Another minute, a session already called off and the world's own session are not touched.
    expect(row(nextMinute!.id).cancelledAt).toBeNull();
    expect(row(calledOff!.id).cancelledAt).toEqual(new Date('2030-03-06T00:00:00Z'));
    expect(row(w.session.id).cancelledAt).toBeNull();

    const audited = await ctx.db
      .select({
        action: auditLog.action,
        entityId: auditLog.entityId,
        regionCode: auditLog.regionCode,
        after: auditLog.after,
      })
      .from(auditLog)
      .orderBy(asc(auditLog.action), asc(auditLog.entityId));
    const [venue] = await ctx.db.select().from(venues).where(eq(venues.id, w.venue.id));
    expect(audited).toEqual(
      [
        {
          action: 'session.cancel',
          entityId: second!.id,
          regionCode: venue!.regionCode,
          after: expect.objectContaining({
            mergedInto: first!.id,
            bookingsMoved: 1,
            reason: 'duplicate_session',
          }),
        },
        {
          action: 'session.cancel',
          entityId: unbooked!.id,
          regionCode: venue!.regionCode,
          after: expect.objectContaining({ mergedInto: first!.id, bookingsMoved: 0 }),
        },
        {
          action: 'session.cancel',
          entityId: onceBooked!.id,
          regionCode: venue!.regionCode,
          after: expect.objectContaining({ mergedInto: first!.id, bookingsMoved: 0 }),
        },
        {
          action: 'session.update',
          entityId: first!.id,
          regionCode: venue!.regionCode,
          after: { capacity: 80, greenChannelSeats: 5, mergedFrom: second!.id },
        },
      ].sort((a, b) => a.action.localeCompare(b.action) || a.entityId.localeCompare(b.entityId)),
    );
    // From now on the database refuses a copy.
    await expectCode(ctx.db.insert(sessions).values(copy(0, 7)), PG.uniqueViolation);
  });
});
