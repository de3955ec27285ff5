import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '#app/domain/bureau/audit-log.server.ts';
import { scopeOf } from '#app/domain/bureau/scope.ts';
import { buildCalendar } from '#app/domain/calendar/ics.server.ts';
import { getT } from '#app/i18n/index.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import {
  auditLog,
  emailOutbox,
  invitationSlots,
  invitations,
  notifications,
  regions,
  speakers,
  speakerTopics,
} from '#db/schema/index.ts';
import { jobs } from '#server/jobs.ts';
import { createLogger } from '#server/logger.ts';
import { Scheduler } from '#server/scheduler.ts';
import {
  DAY_MS,
  HOUR_MS,
  makeWorld,
  readCalendar,
  SPEAKER_EMAIL,
  SPEAKER_PHONE,
  slotAt,
  T0,
  type World,
} from '#tests/factories/speakers.ts';
import { createTestDatabase, type TestDatabase, testDrivers } from '#tests/setup/db.ts';
import { answerInvitationForm } from './answers.server.ts';
import {
  acceptSlot,
  cancelInvitation,
  completeInvitation,
  counterInvitation,
  createInvitation,
  createOutreachRequest,
  declineInvitation,
  expireOpenInvitations,
  getInvitationView,
  invitationCalendarEvent,
  listHostInvitations,
  listSchoolInvitations,
  listSchoolTalks,
  proposedTimeFailures,
  remindOpenInvitations,
  speakerCalendarEvents,
} from './invitations.server.ts';
import { invitationFailureMessage } from './messages.server.ts';
import { distanceKm } from './rules.ts';
import { maySeeSpeakerContact, schoolOf, similarTopicsNearby, topicMenu } from './speakers.server.ts';

const t = getT('zh');
const meta = (now = T0) => ({ now, expiryDays: 7, publicUrl: 'https://sc.example' });

/** `anotherInvitation`: for a test that sends the school's teacher several talks of one topic at once. */
function inviteWith(db: Parameters<typeof createInvitation>[0], anotherInvitation = false) {
  return (world: World, slots = [slotAt(7), slotAt(8), slotAt(9)], now = T0) =>
    createInvitation(
      db,
      world.people.teacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots,
        audienceSize: 120,
        grades: [7, 8],
        place: '学校礼堂',
        notes: '',
        anotherInvitation,
      },
      meta(now),
    );
}

/**
 * One database per driver for the whole file (a clone per test costs seconds on a busy machine): every test builds its
 * own world and looks only at its own rows.
 */
function describeOnSharedDatabase(name: string, body: (ctx: { db: Database }) => void) {
  for (const driver of testDrivers) {
    describe(`${name} [${driver}]`, () => {
      const ctx = {} as { db: Database };
      let handle: TestDatabase;
      beforeAll(async () => {
        handle = await createTestDatabase(driver);
        ctx.db = handle.db;
      });
      afterAll(async () => {
        await handle?.dispose();
      });
      body(ctx);
    });
  }
}

describeOnSharedDatabase('invitations to speakers', (ctx) => {
  const setup = (overrides: Parameters<typeof makeWorld>[1] = {}) => makeWorld(ctx.db, overrides);
  const invite: ReturnType<typeof inviteWith> = (...args) => inviteWith(ctx.db)(...args);
  /** Another talk of the topic while the school's first invitation still waits for an answer. */
  const inviteAnother: ReturnType<typeof inviteWith> = (...args) => inviteWith(ctx.db, true)(...args);
  /** A smaller invitation (30 pupils of grade 7, in the 礼堂) from whoever the test names. */
  function inviteAs(
    who: Parameters<typeof createInvitation>[1],
    world: World,
    slots: ReturnType<typeof slotAt>[],
    extra: { anotherInvitation?: boolean } = {},
  ) {
    return createInvitation(
      ctx.db,
      who,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots,
        audienceSize: 30,
        grades: [7],
        place: '礼堂',
        notes: '',
        ...extra,
      },
      meta(),
    );
  }

  async function slotsOf(invitationId: string) {
    return ctx.db
      .select()
      .from(invitationSlots)
      .where(eq(invitationSlots.invitationId, invitationId))
      .orderBy(invitationSlots.startsAt);
  }

  it('sends an invitation with three slots, tells the speaker in-app and by e-mail, and audits it', async () => {
    const world = await setup();
    const result = await invite(world);
    expect(result).toMatchObject({ ok: true, status: 'pending' });
    if (!result.ok) return;
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, result.id));
    expect(row).toMatchObject({
      kind: 'speaker',
      teacherId: world.people.teacher.id,
      schoolId: world.school.id,
    });
    // Seven days to answer, but the first time is on day 7: the speaker answers a day before it, on day 6.
    expect(row?.expiresAt.getTime()).toBe(T0.getTime() + 6 * DAY_MS);
    expect(await slotsOf(result.id)).toHaveLength(3);
    const notices = await ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, world.people.speaker.id));
    expect(notices.map((n) => n.kind)).toEqual(['invitation_received']);
    expect(notices[0]?.link).toBe(`/invitations/${result.id}`);
    const [mail] = await ctx.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, world.people.speaker.email));
    expect(mail?.body).toContain('王老师（哈达中心学校）邀请您宣讲《我的从军岁月》');
    expect(mail?.body).toContain('https://sc.example/invitations/');
    const [audit] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invitation.create'), eq(auditLog.entityId, result.id)));
    expect(audit?.actorUserId).toBe(world.people.teacher.id);
  });

  it('refuses invitations the speaker cannot take, and writes nothing (bad input changes nothing)', async () => {
    const world = await setup({
      weeklyAvailability: [{ weekday: 1, from: '08:00', to: '12:00' }],
      blackoutDates: ['2030-03-18'],
      vettedUntil: '2030-04-30',
    });
    const base = {
      speakerId: world.speaker.id,
      topicId: world.topic.id,
      audienceSize: 50,
      grades: [7],
      place: '礼堂',
      notes: '',
    };
    // Mondays 10:00 fit; 2030-03-18 is a Monday on the blackout list; 2030-03-19 is a Tuesday.
    const cases: [Parameters<typeof createInvitation>[2], string][] = [
      [{ ...base, slots: [slotAt(14)] }, 'blackout_date'],
      [{ ...base, slots: [slotAt(7), slotAt(15)] }, 'outside_availability'],
      [{ ...base, slots: [slotAt(7, 11, 90)] }, 'outside_availability'],
      [
        {
          ...base,
          slots: [
            { startsAt: new Date(T0.getTime() + 2 * HOUR_MS), endsAt: new Date(T0.getTime() + 3 * HOUR_MS) },
          ],
        },
        'too_soon',
      ],
      [{ ...base, slots: [slotAt(63)] }, 'not_vetted'],
      [{ ...base, grades: [1], slots: [slotAt(7)] }, 'grades_not_offered'],
      [{ ...base, topicId: world.otherTopic.id, slots: [slotAt(7)] }, 'speaker_unavailable'],
    ];
    for (const [input, error] of cases) {
      expect(await createInvitation(ctx.db, world.people.teacher, input, meta()), error).toMatchObject({
        ok: false,
        error,
      });
    }
    expect(
      await createInvitation(ctx.db, world.people.speaker, { ...base, slots: [slotAt(7)] }, meta()),
    ).toMatchObject({ ok: false, error: 'not_a_teacher' });
    expect(
      await createInvitation(
        ctx.db,
        world.people.teacher,
        { ...base, slots: [slotAt(7)], schoolId: world.otherSchool.id },
        meta(),
      ),
    ).toMatchObject({ ok: false, error: 'not_a_teacher' });
    await ctx.db
      .update(speakers)
      .set({ serviceRegionCodes: ['150200'] })
      .where(eq(speakers.id, world.speaker.id));
    expect(
      await createInvitation(ctx.db, world.people.teacher, { ...base, slots: [slotAt(7)] }, meta()),
    ).toMatchObject({ ok: false, error: 'outside_service_area' });
    // Within 60 km of home counts as the service area too (the school is about 40 km away).
    await ctx.db.update(speakers).set({ serviceRadiusKm: 60 }).where(eq(speakers.id, world.speaker.id));
    expect(
      await createInvitation(ctx.db, world.people.teacher, { ...base, slots: [slotAt(7)] }, meta()),
    ).toMatchObject({
      ok: true,
    });
    const [{ n }] = (await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(invitations)
      .where(eq(invitations.speakerId, world.speaker.id))) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('one invitation per waiting topic: the school’s second for the topic is refused, naming the first, unless it is another talk', async () => {
    const world = await setup();
    const invitationsOfSpeaker = async () =>
      ctx.db.select().from(invitations).where(eq(invitations.speakerId, world.speaker.id));
    const noticesOfSpeaker = async () =>
      ctx.db.select().from(notifications).where(eq(notifications.userId, world.people.speaker.id));
    const first = await invite(world, [slotAt(7)]);
    if (!first.ok) throw new Error(first.error);
    const noticesBefore = (await noticesOfSpeaker()).length;
    // The same teacher again (a second tab), and the school's admin: the speaker would get two identical cards.
    const again = await invite(world, [slotAt(8)]);
    expect(again).toEqual({
      ok: false,
      error: 'already_invited',
      field: 'anotherInvitation',
      existing: [{ id: first.id, status: 'pending', sentAt: T0, teacher: '王老师', viewable: true }],
    });
    expect(await inviteAs(world.people.schoolAdmin, world, [slotAt(9)])).toMatchObject({
      ok: false,
      error: 'already_invited',
      existing: [{ id: first.id, viewable: true }],
    });
    // Nothing of them was written: no invitation, no card for the speaker.
    expect(await invitationsOfSpeaker()).toHaveLength(1);
    expect(await noticesOfSpeaker()).toHaveLength(noticesBefore);
    // The refusal names the first, when and by whom, in the reader's language.
    if (again.ok) throw new Error('sent twice');
    expect(invitationFailureMessage(t, again)).toContain('（王老师于 2030-03-04 10:00 发出，待答复）');
    expect(invitationFailureMessage(getT('en'), again)).toContain(
      '(sent by 王老师 on 2030-03-04 10:00, status: Waiting for an answer)',
    );

    // Said to be another talk, it goes.
    expect(await inviteAnother(world, [slotAt(8)])).toMatchObject({ ok: true, status: 'pending' });
    // Another school, or another topic of the speaker, is no second invitation.
    const [secondTopic] = await ctx.db
      .insert(speakerTopics)
      .values({
        speakerId: world.speaker.id,
        title: '草原上的新农村',
        themes: ['劳动教育'],
        grades: [7, 8],
        durationMinutes: 60,
      })
      .returning();
    expect(
      await createInvitation(
        ctx.db,
        world.people.teacher,
        {
          speakerId: world.speaker.id,
          topicId: secondTopic!.id,
          slots: [slotAt(9)],
          audienceSize: 30,
          grades: [7],
          place: '礼堂',
          notes: '',
        },
        meta(),
      ),
    ).toMatchObject({ ok: true });
    expect(await inviteAs(world.people.otherTeacher, world, [slotAt(9)])).toMatchObject({ ok: true });
  });

  it('a topic’s invitation waits while pending or countered; once answered, withdrawn or past its deadline a new one goes', async () => {
    const world = await setup();
    const first = await invite(world, [slotAt(7)]);
    if (!first.ok) throw new Error(first.error);
    // The speaker proposes other times: it still waits, now for the school.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        first.id,
        { slots: [slotAt(8)], note: '' },
        meta(),
      ),
    ).toMatchObject({ ok: true, status: 'countered' });
    expect(await invite(world, [slotAt(9)])).toMatchObject({ ok: false, error: 'already_invited' });
    // The teacher withdraws it: a new one goes.
    expect(await cancelInvitation(ctx.db, world.people.teacher, first.id, '换个时间', meta())).toMatchObject({
      ok: true,
    });
    const second = await invite(world, [slotAt(9)]);
    if (!second.ok) throw new Error(second.error);
    // Past its answer deadline an invitation waits no more, even before the expiry job says so.
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, second.id));
    const late = new Date(row!.expiresAt.getTime() + 1000);
    expect(await invite(world, [slotAt(10)], new Date(row!.expiresAt.getTime() - 1000))).toMatchObject({
      ok: false,
      error: 'already_invited',
    });
    expect(await invite(world, [slotAt(10)], late)).toMatchObject({ ok: true });
  });

  it('names every time the speaker cannot take at once, the first of them the one an invitation is refused with', async () => {
    const world = await setup({
      weeklyAvailability: [{ weekday: 1, from: '08:00', to: '12:00' }],
      blackoutDates: ['2030-03-18'],
      vettedUntil: '2030-04-30',
    });
    // Too soon; a Tuesday; a blacked-out Monday; a Monday that fits; a Monday past the badge.
    const slots = [
      { startsAt: new Date(T0.getTime() + 2 * HOUR_MS), endsAt: new Date(T0.getTime() + 3 * HOUR_MS) },
      slotAt(8),
      slotAt(14),
      slotAt(7),
      slotAt(63),
    ];
    const failures = await proposedTimeFailures(ctx.db, world.speaker.id, slots, T0);
    expect(failures).toEqual([
      { ok: false, error: 'too_soon', field: 'slots.0' },
      { ok: false, error: 'outside_availability', field: 'slots.1' },
      { ok: false, error: 'blackout_date', field: 'slots.2' },
      { ok: false, error: 'not_vetted', field: 'slots.4' },
    ]);
    const refused = await createInvitation(
      ctx.db,
      world.people.teacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        audienceSize: 50,
        grades: [7],
        place: '礼堂',
        notes: '',
        slots,
      },
      meta(),
    );
    expect(refused).toEqual(failures[0]);
    // Without a speaker (a venue's outreach visit) only the timing rules apply.
    expect(await proposedTimeFailures(ctx.db, null, slots, T0)).toEqual([failures[0]]);
    expect(await proposedTimeFailures(ctx.db, world.speaker.id, [slotAt(7)], T0)).toEqual([]);
  });

  it('walks pending → accept one slot → scheduled; the teacher is told and the other slots are withdrawn', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const [first, second] = await slotsOf(created.id);
    // Only the host accepts a pending invitation; strangers do not even see it.
    expect(await acceptSlot(ctx.db, world.people.teacher, created.id, first!.id, meta())).toMatchObject({
      error: 'invalid_transition',
    });
    for (const stranger of [world.people.otherSpeaker, world.people.otherTeacher, world.people.auditor]) {
      expect(await acceptSlot(ctx.db, stranger, created.id, first!.id, meta())).toMatchObject({
        error: 'not_found',
      });
    }
    const unreadOf = async (userId: string) =>
      (await ctx.db.select().from(notifications).where(eq(notifications.userId, userId))).filter(
        (n) => n.readAt === null,
      ).length;
    expect(await unreadOf(world.people.speaker.id)).toBe(1);
    const accepted = await acceptSlot(ctx.db, world.people.speaker, created.id, second!.id, meta());
    expect(accepted).toEqual({ ok: true, status: 'scheduled' });
    // Answered: the speaker's "please answer by …" is read; the teacher's news of the answer is not.
    expect(await unreadOf(world.people.speaker.id)).toBe(0);
    expect(await unreadOf(world.people.teacher.id)).toBeGreaterThan(0);
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row?.scheduledStartsAt).toEqual(second!.startsAt);
    expect((await slotsOf(created.id)).map((s) => s.status)).toEqual(['withdrawn', 'accepted', 'withdrawn']);
    const teacherNotices = await ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, world.people.teacher.id));
    expect(teacherNotices.map((n) => n.kind)).toEqual(['invitation_accepted']);
    // A second answer to the same invitation is refused.
    expect(await acceptSlot(ctx.db, world.people.speaker, created.id, first!.id, meta())).toMatchObject({
      error: 'invalid_transition',
    });
  });

  it("files the invitation's audit entries under the school's region, so that region's auditors see the answer", async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const [slot] = await slotsOf(created.id);
    expect(await acceptSlot(ctx.db, world.people.speaker, created.id, slot!.id, meta())).toMatchObject({
      ok: true,
    });
    const entries = await ctx.db
      .select({ action: auditLog.action, regionCode: auditLog.regionCode })
      .from(auditLog)
      .where(eq(auditLog.entityId, created.id))
      .orderBy(auditLog.id);
    // 哈达中心学校 lies in 武川县, in 呼和浩特市.
    expect(entries).toEqual([
      { action: 'invitation.create', regionCode: '150125' },
      { action: 'invitation.accept', regionCode: '150125' },
    ]);
    const scope = scopeOf(world.people.auditor);
    expect(scope).toEqual({ kind: 'regions', roots: ['150100'] });
    const seen = await listAuditEntries(ctx.db, scope!, {
      entityId: created.id,
      action: 'invitation.accept',
    });
    // The log names the speaker but keeps their e-mail to themselves (ADR 009); the teacher's is shown.
    expect(seen.entries.map((e) => [e.action, e.actorName, e.actorEmail, e.regionName])).toEqual([
      ['invitation.accept', '巴特尔', null, '武川县'],
    ]);
    const createdEntries = await listAuditEntries(ctx.db, scope!, {
      entityId: created.id,
      action: 'invitation.create',
    });
    expect(createdEntries.entries.map((e) => e.actorEmail)).toEqual([world.people.teacher.email]);
    // Nor does the "who" filter find a speaker by their e-mail (it would confirm an address); by name it does.
    const byEmail = await listAuditEntries(ctx.db, scope!, {
      entityId: created.id,
      who: world.people.speaker.email,
    });
    expect(byEmail.entries).toEqual([]);
    const byName = await listAuditEntries(ctx.db, scope!, {
      entityId: created.id,
      who: '巴特尔',
    });
    expect(byName.entries.map((e) => e.action)).toEqual(['invitation.accept']);
    // An auditor elsewhere (赤峰市) does not.
    const elsewhere = await listAuditEntries(
      ctx.db,
      { kind: 'regions', roots: ['150400'] },
      { entityId: created.id },
    );
    expect(elsewhere.entries).toEqual([]);
  });

  it('refuses a counter-proposal at a time the speaker already gives another talk, and changes nothing', async () => {
    const world = await setup();
    const first = await invite(world);
    const second = await inviteAnother(world, [slotAt(12), slotAt(13)]);
    if (!first.ok || !second.ok) throw new Error('invitation failed');
    const [taken] = await slotsOf(first.id);
    expect(await acceptSlot(ctx.db, world.people.speaker, first.id, taken!.id, meta())).toMatchObject({
      ok: true,
    });
    // Day 7, 10:00–11:00 is given: half an hour from 10:00 that day overlaps it, 14:00 does not.
    const clash = await counterInvitation(
      ctx.db,
      world.people.speaker,
      second.id,
      { slots: [slotAt(7, 14), slotAt(7, 10, 30)], note: '' },
      meta(),
    );
    expect(clash).toEqual({ ok: false, error: 'slot_busy', field: 'slots.1' });
    expect((await slotsOf(second.id)).map((s) => s.status)).toEqual(['open', 'open']);
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        second.id,
        { slots: [slotAt(7, 14)], note: '' },
        meta(),
      ),
    ).toEqual({ ok: true, status: 'countered' });
  });

  it('refuses a teacher’s time the speaker already gives a talk at, or in a month at the cap, naming its row; the rest stays open', async () => {
    const world = await setup({ monthlyCap: 2 });
    const first = await invite(world, [slotAt(7, 10)]);
    if (!first.ok) throw new Error(first.error);
    expect(
      await acceptSlot(ctx.db, world.people.speaker, first.id, (await slotsOf(first.id))[0]!.id, meta()),
    ).toMatchObject({ ok: true });
    const ask = (slots: ReturnType<typeof slotAt>[]) =>
      createInvitation(
        ctx.db,
        world.people.otherTeacher,
        {
          speakerId: world.speaker.id,
          topicId: world.topic.id,
          slots,
          audienceSize: 40,
          grades: [7],
          place: '教室',
          notes: '',
        },
        meta(),
      );
    const invitationsBefore = await ctx.db.select({ id: invitations.id }).from(invitations);
    // Day 7 from 10:30 crosses the 10:00–11:00 talk; 14:00 that day does not.
    expect(
      await proposedTimeFailures(ctx.db, world.speaker.id, [slotAt(7, 14), slotAt(7, 10.5)], T0),
    ).toEqual([{ ok: false, error: 'speaker_busy', field: 'slots.1' }]);
    expect(await ask([slotAt(7, 14), slotAt(7, 10.5)])).toEqual({
      ok: false,
      error: 'speaker_busy',
      field: 'slots.1',
    });
    expect(await ctx.db.select({ id: invitations.id }).from(invitations)).toEqual(invitationsBefore);
    // The teacher's form says it at the row, in words a teacher reads (not "you already give a talk").
    expect(t('invitation.error.speaker_busy')).toContain('讲师');
    // A second talk in March fills the month (cap 2): then any March time is refused, April is not.
    const second = await ask([slotAt(7, 14)]);
    if (!second.ok) throw new Error(second.error);
    expect(
      await acceptSlot(ctx.db, world.people.speaker, second.id, (await slotsOf(second.id))[0]!.id, meta()),
    ).toMatchObject({ ok: true });
    expect(await proposedTimeFailures(ctx.db, world.speaker.id, [slotAt(30), slotAt(14)], T0)).toEqual([
      { ok: false, error: 'cap_reached', field: 'slots.1' },
    ]);
    expect(await ask([slotAt(30)])).toMatchObject({ ok: true });
  });

  it('refuses a speaker’s other time in a month already full, on its row, so no teacher finds the accept greyed', async () => {
    const world = await setup({ monthlyCap: 1 });
    const first = await invite(world, [slotAt(7)]);
    const second = await inviteAnother(world, [slotAt(8)]);
    if (!first.ok || !second.ok) throw new Error('invitation failed');
    const [given] = await slotsOf(first.id);
    expect(await acceptSlot(ctx.db, world.people.speaker, first.id, given!.id, meta())).toMatchObject({
      ok: true,
    });
    // March has its one talk: 3 April (day 30) can be offered, 18 March (day 14) cannot.
    const before = await slotsOf(second.id);
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        second.id,
        { slots: [slotAt(30), slotAt(14)], note: '' },
        meta(),
      ),
    ).toEqual({ ok: false, error: 'cap_reached', field: 'slots.1' });
    expect(await slotsOf(second.id)).toEqual(before);
    // The page's form names it at the row it was typed in (row 3 here, row 2 left empty), with the same answer.
    const form = await answerInvitationForm(
      ctx.db,
      world.people.speaker,
      second.id,
      { intent: 'counter', date1: '2030-04-03', time1: '10:00', date3: '2030-03-18', time3: '10:00' },
      meta(),
      t,
    );
    expect(form).toMatchObject({
      ok: false,
      error: 'cap_reached',
      fields: { date3: t('invitation.error.cap_reached') },
    });
    expect(form.ok ? {} : form.fields).not.toHaveProperty('date1');
    expect(await slotsOf(second.id)).toEqual(before);
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        second.id,
        { slots: [slotAt(30)], note: '' },
        meta(),
      ),
    ).toEqual({ ok: true, status: 'countered' });
  });

  it('refuses times of one proposal that overlap, naming the row each crosses, in the form and the domain', async () => {
    const world = await setup();
    // 09:00 and 09:30 for a talk of an hour: they cross, though they are not the same time.
    const nine = slotAt(20, 9);
    const halfPastNine = {
      startsAt: new Date(nine.startsAt.getTime() + 30 * 60_000),
      endsAt: new Date(nine.endsAt.getTime() + 30 * 60_000),
    };
    const crossing = [nine, halfPastNine];
    expect(await invite(world, [slotAt(7), ...crossing])).toEqual({
      ok: false,
      error: 'slots_overlap',
      field: 'slots.2',
    });
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const before = await slotsOf(created.id);
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: crossing, note: '' },
        meta(),
      ),
    ).toEqual({ ok: false, error: 'slots_overlap', field: 'slots.1' });
    const form = await answerInvitationForm(
      ctx.db,
      world.people.speaker,
      created.id,
      { intent: 'counter', date1: '2030-03-24', time1: '09:00', date2: '2030-03-24', time2: '09:30' },
      meta(),
      t,
    );
    expect(form).toMatchObject({
      ok: false,
      error: 'invalid',
      fields: { date2: '这个时间与时间 1 重叠，请错开。' },
    });
    expect(form.ok ? {} : form.fields).not.toHaveProperty('date1');
    expect(await slotsOf(created.id)).toEqual(before);
    // Back to back is no overlap: 09:00 and 10:00 go through.
    expect(
      await answerInvitationForm(
        ctx.db,
        world.people.speaker,
        created.id,
        { intent: 'counter', date1: '2030-03-24', time1: '09:00', date2: '2030-03-24', time2: '10:00' },
        meta(),
        t,
      ),
    ).toMatchObject({ ok: true });
  });

  it('refuses a speaker’s “other time” that the school already offers, pointing to accepting it instead', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const before = await slotsOf(created.id);
    // Day 8, 10:00 is the school's second time, still open.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: [slotAt(20), slotAt(8)], note: '' },
        meta(),
      ),
    ).toEqual({ ok: false, error: 'already_proposed', field: 'slots.1' });
    const form = await answerInvitationForm(
      ctx.db,
      world.people.speaker,
      created.id,
      { intent: 'counter', date1: '2030-03-12', time1: '10:00' },
      meta(),
      t,
    );
    expect(form).toMatchObject({
      ok: false,
      error: 'already_proposed',
      fields: { date1: '学校已经提出了这个时间。如果方便，请直接接受学校的这个时间。' },
    });
    expect(await slotsOf(created.id)).toEqual(before);
    // Another hour of that day is a new time.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: [slotAt(8, 14)], note: '' },
        meta(),
      ),
    ).toEqual({ ok: true, status: 'countered' });
  });

  it('says a proposed time in the past has passed, not that it needs a day’s notice', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const form = await answerInvitationForm(
      ctx.db,
      world.people.speaker,
      created.id,
      { intent: 'counter', date1: '2030-03-01', time1: '10:00', date2: '2030-03-04', time2: '15:00' },
      meta(),
      t,
    );
    expect(form).toMatchObject({
      ok: false,
      fields: { date1: '这个时间已经过去了。', date2: t('invitation.error.too_soon') },
    });
    expect(await proposedTimeFailures(ctx.db, world.speaker.id, [slotAt(-1)], T0)).toEqual([
      { ok: false, error: 'slot_in_past', field: 'slots.0' },
    ]);
  });

  it('lets the speaker counter with up to three times, of which the teacher accepts one', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const later = new Date(T0.getTime() + 2 * DAY_MS);
    const countered = await counterInvitation(
      ctx.db,
      world.people.speaker,
      created.id,
      { slots: [slotAt(20), slotAt(21)], note: '那周我在外地' },
      meta(later),
    );
    expect(countered).toEqual({ ok: true, status: 'countered' });
    const slots = await slotsOf(created.id);
    expect(slots.map((s) => [s.proposedBy, s.status])).toEqual([
      ['teacher', 'withdrawn'],
      ['teacher', 'withdrawn'],
      ['teacher', 'withdrawn'],
      ['host', 'open'],
      ['host', 'open'],
    ]);
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row?.expiresAt.getTime()).toBe(later.getTime() + 7 * DAY_MS);
    // The speaker cannot accept their own proposal, nor the teacher one of the withdrawn slots.
    expect(
      await acceptSlot(ctx.db, world.people.speaker, created.id, slots[3]!.id, meta(later)),
    ).toMatchObject({
      error: 'invalid_transition',
    });
    expect(
      await acceptSlot(ctx.db, world.people.teacher, created.id, slots[0]!.id, meta(later)),
    ).toMatchObject({
      error: 'slot_not_open',
    });
    expect(await acceptSlot(ctx.db, world.people.teacher, created.id, slots[4]!.id, meta(later))).toEqual({
      ok: true,
      status: 'scheduled',
    });
    const speakerNotices = await ctx.db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.userId, world.people.speaker.id));
    expect(speakerNotices.map((n) => n.kind).sort()).toEqual(['invitation_confirmed', 'invitation_received']);
  });

  it('lets the teacher propose new times in turn, within the speaker’s hours, with a notice for every round', async () => {
    const world = await setup();
    // Weekdays 09:00–17:00: T0 is a Monday, so day 25 is a Friday and day 26 a Saturday.
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:00' }));
    await ctx.db
      .update(speakers)
      .set({ weeklyAvailability: weekdays })
      .where(eq(speakers.id, world.speaker.id));
    const created = await invite(world, [slotAt(7), slotAt(8)]);
    if (!created.ok) throw new Error(created.error);
    const at = (days: number) => meta(new Date(T0.getTime() + days * DAY_MS));
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: [slotAt(21)], note: '' },
        at(1),
      ),
    ).toEqual({ ok: true, status: 'countered' });
    const rowOf = async () =>
      (await ctx.db.select().from(invitations).where(eq(invitations.id, created.id)))[0];
    const before = await slotsOf(created.id);

    // A Saturday is outside the speaker's hours: refused, and nothing changes.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        created.id,
        { slots: [slotAt(26)], note: '' },
        at(2),
      ),
    ).toMatchObject({ ok: false, error: 'outside_availability', field: 'slots.0' });
    expect(await slotsOf(created.id)).toEqual(before);
    expect((await rowOf())?.status).toBe('countered');

    // From the page's form, a Saturday and a time too soon are named together, each at its own row.
    const form = await answerInvitationForm(
      ctx.db,
      world.people.teacher,
      created.id,
      { intent: 'counter', date1: '2030-03-30', time1: '10:00', date2: '2030-03-06', time2: '10:00' },
      at(2),
      t,
    );
    expect(form).toMatchObject({
      ok: false,
      fields: { date1: t('invitation.error.outside_availability'), date2: t('invitation.error.too_soon') },
    });
    expect(await slotsOf(created.id)).toEqual(before);
    // Three times the same and long past: each row says it has passed, and the later ones that they repeat row 1.
    const past = { date1: '2020-01-01', time1: '10:00', date2: '2020-01-01', time2: '10:00' };
    const repeated = await answerInvitationForm(
      ctx.db,
      world.people.teacher,
      created.id,
      { intent: 'counter', ...past, date3: '2020-01-01', time3: '10:00' },
      at(2),
      t,
    );
    expect(repeated).toMatchObject({
      ok: false,
      fields: {
        date1: t('invitation.error.slot_in_past'),
        date2: '这个时间已经过去了。另外，它与时间 1 相同。',
        date3: '这个时间已经过去了。另外，它与时间 1 相同。',
      },
    });
    expect(await slotsOf(created.id)).toEqual(before);

    // The Friday goes to the speaker: the invitation waits for them again, with a new answer period.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        created.id,
        { slots: [slotAt(25)], note: '那周学校考试' },
        at(2),
      ),
    ).toEqual({ ok: true, status: 'pending' });
    const row = await rowOf();
    expect(row).toMatchObject({ status: 'pending', reason: '那周学校考试', remindedAt: null });
    expect(row?.expiresAt.getTime()).toBe(at(9).now.getTime());
    expect((await slotsOf(created.id)).map((s) => [s.proposedBy, s.status])).toEqual([
      ['teacher', 'withdrawn'],
      ['teacher', 'withdrawn'],
      ['host', 'withdrawn'],
      ['teacher', 'open'],
    ]);
    // Their turn now, not the teacher's.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        created.id,
        { slots: [slotAt(24)], note: '' },
        at(2),
      ),
    ).toMatchObject({ ok: false, error: 'invalid_transition' });

    // The speaker counters once more, and the teacher is told again: each round has its own notice.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: [slotAt(28)], note: '' },
        at(3),
      ),
    ).toEqual({ ok: true, status: 'countered' });
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        created.id,
        { slots: [slotAt(29)], note: '' },
        at(4),
      ),
    ).toEqual({ ok: true, status: 'pending' });
    const open = (await slotsOf(created.id)).find((s) => s.status === 'open');
    expect(open?.proposedBy).toBe('teacher');
    expect(await acceptSlot(ctx.db, world.people.speaker, created.id, open!.id, at(5))).toEqual({
      ok: true,
      status: 'scheduled',
    });
    // A countered invitation past its deadline takes no new times (the expiry job may not have run yet), nor does
    // one whose speaker is no longer listed.
    const lapsed = await invite(world, [slotAt(7)]);
    if (!lapsed.ok) throw new Error(lapsed.error);
    await counterInvitation(
      ctx.db,
      world.people.speaker,
      lapsed.id,
      { slots: [slotAt(22)], note: '' },
      at(1),
    );
    const lapsedRow = (await ctx.db.select().from(invitations).where(eq(invitations.id, lapsed.id)))[0]!;
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        lapsed.id,
        { slots: [slotAt(25)], note: '' },
        meta(lapsedRow.expiresAt),
      ),
    ).toMatchObject({ ok: false, error: 'answer_too_late' });
    await ctx.db.update(speakers).set({ status: 'suspended' }).where(eq(speakers.id, world.speaker.id));
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        lapsed.id,
        { slots: [slotAt(25)], note: '' },
        at(5),
      ),
    ).toMatchObject({ ok: false, error: 'speaker_unavailable' });
    expect((await ctx.db.select().from(invitations).where(eq(invitations.id, lapsed.id)))[0]).toMatchObject({
      status: 'countered',
      expiresAt: lapsedRow.expiresAt,
    });
    await ctx.db.update(speakers).set({ status: 'published' }).where(eq(speakers.id, world.speaker.id));

    const kindsFor = async (userId: string) =>
      (
        await ctx.db
          .select({ kind: notifications.kind })
          .from(notifications)
          .where(
            and(
              eq(notifications.userId, userId),
              like(notifications.dedupeKey, `invitation:${created.id}:%`),
            ),
          )
      )
        .map((n) => n.kind)
        .sort();
    expect(await kindsFor(world.people.teacher.id)).toEqual([
      'invitation_accepted',
      'invitation_countered',
      'invitation_countered',
    ]);
    expect(await kindsFor(world.people.speaker.id)).toEqual([
      'invitation_received',
      'invitation_reproposed',
      'invitation_reproposed',
    ]);
  });

  it('tells a teacher when the talk just fixed has filled every time the speaker offered them, once', async () => {
    const world = await setup();
    await ctx.db.update(speakers).set({ monthlyCap: 1 }).where(eq(speakers.id, world.speaker.id));
    const at = (days: number) => meta(new Date(T0.getTime() + days * DAY_MS));
    // Three invitations from the school; the speaker answers two of them with times in March and one with April too.
    const first = await invite(world, [slotAt(7)]);
    const march = await inviteAnother(world, [slotAt(8)]);
    const spread = await inviteAnother(world, [slotAt(9)]);
    if (!first.ok || !march.ok || !spread.ok) throw new Error('invitation failed');
    const counter = (id: string, slots: ReturnType<typeof slotAt>[]) =>
      counterInvitation(ctx.db, world.people.speaker, id, { slots, note: '' }, at(1));
    expect(await counter(march.id, [slotAt(14), slotAt(15)])).toMatchObject({ ok: true });
    expect(await counter(spread.id, [slotAt(16), slotAt(30)])).toMatchObject({ ok: true });
    const timesFull = async (id: string) =>
      ctx.db
        .select({ userId: notifications.userId })
        .from(notifications)
        .where(
          and(
            like(notifications.dedupeKey, `invitation:${id}:%`),
            eq(notifications.kind, 'invitation_times_full'),
          ),
        );
    // The first talk takes March's one place: both of the March-only times are now refused; April is still free.
    const [offered] = await slotsOf(first.id);
    expect(await acceptSlot(ctx.db, world.people.speaker, first.id, offered!.id, at(2))).toMatchObject({
      ok: true,
    });
    expect((await timesFull(march.id)).map((n) => n.userId)).toEqual([world.people.teacher.id]);
    expect(await timesFull(spread.id)).toEqual([]);
    const view = await getInvitationView(ctx.db, world.people.teacher, march.id, at(2).now);
    expect(view?.slots.filter((s) => s.status === 'open').map((s) => s.blocked)).toEqual(['full', 'full']);
    // Told once: the teacher now proposes new times (April), which the speaker may accept.
    expect(
      await counterInvitation(
        ctx.db,
        world.people.teacher,
        march.id,
        { slots: [slotAt(31)], note: '' },
        at(3),
      ),
    ).toEqual({ ok: true, status: 'pending' });
    expect(await timesFull(march.id)).toHaveLength(1);
  });

  it('names every mistake of the counter form at once and changes nothing: a bad time and a note too long', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const answer = await answerInvitationForm(
      ctx.db,
      world.people.speaker,
      created.id,
      { intent: 'counter', date1: '2030-03-20', time1: '25:00', note: '长'.repeat(501) },
      meta(),
      t,
    );
    expect(answer).toMatchObject({
      ok: false,
      error: 'invalid',
      fields: { time1: expect.any(String), note: '最多 500 字' },
    });
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row?.status).toBe('pending');
    expect((await slotsOf(created.id)).every((slot) => slot.proposedBy === 'teacher')).toBe(true);
  });

  it('measures a speaker from the seat of their 旗县, never from their home, in the menu and among similar talks', async () => {
    const world = await setup();
    // Both speakers live far out of their 旗县's seat (about 60 km north): a distance to the home would show it.
    await ctx.db
      .update(speakers)
      .set({ homeLat: sql`${speakers.homeLat} + 0.55` })
      .where(sql`${speakers.id} in (${world.speaker.id}, ${world.otherSpeaker.id})`);
    const seats = new Map(
      (await ctx.db.select().from(regions)).map((r) => [r.code, { lat: r.lat!, lng: r.lng! }] as const),
    );
    const rows = await ctx.db.select().from(speakers);
    const seatOf = (speakerId: string) => seats.get(rows.find((r) => r.id === speakerId)!.regionCode)!;
    const wuchuan = seats.get('150125')!;
    const menu = await topicMenu(ctx.db, { region: '150125', page: 1 }, { school: null, now: T0 });
    const speakersSeen = new Set(menu.topics.map((topic) => topic.speakerId));
    expect(speakersSeen.size).toBeGreaterThan(0);
    for (const topic of menu.topics) {
      const seat = seatOf(topic.speakerId);
      expect(topic.distanceKm, topic.title).toBe(
        Math.round(distanceKm(wuchuan.lat, wuchuan.lng, seat.lat, seat.lng)),
      );
    }
    // The speaker now lives at the 武川 seat itself: within 20 km of it by their home, not by their 旗县's seat, and
    // the filter goes by the seat.
    await ctx.db
      .update(speakers)
      .set({ homeLat: wuchuan.lat, homeLng: wuchuan.lng })
      .where(eq(speakers.id, world.speaker.id));
    const near = await topicMenu(ctx.db, { region: '150125', km: 20, page: 1 }, { school: null, now: T0 });
    const expected = menu.topics
      .filter((topic) => {
        const seat = seatOf(topic.speakerId);
        return distanceKm(wuchuan.lat, wuchuan.lng, seat.lat, seat.lng) <= 20;
      })
      .map((topic) => topic.id);
    expect(near.topics.map((topic) => topic.id).sort()).toEqual(expected.sort());
    expect(near.topics.some((topic) => topic.speakerId === world.speaker.id)).toBe(false);
    expect(near.total).toBe(near.topics.length);

    const school = (await schoolOf(ctx.db, world.people.teacher))!;
    const similar = await similarTopicsNearby(ctx.db, { topicId: world.topic.id, school, now: T0 });
    expect(similar.length).toBeGreaterThan(0);
    for (const topic of similar) {
      const speakerId = (await ctx.db.select().from(speakerTopics).where(eq(speakerTopics.id, topic.id)))[0]!
        .speakerId;
      const seat = seatOf(speakerId);
      expect(topic.distanceKm).toBe(Math.round(distanceKm(school.lat!, school.lng!, seat.lat, seat.lng)));
    }
  });

  it('shows the teacher similar speakers nearby after a decline with a reason', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    expect(await declineInvitation(ctx.db, world.people.speaker, created.id, '身体原因', meta())).toEqual({
      ok: true,
      status: 'declined',
    });
    const view = await getInvitationView(ctx.db, world.people.teacher, created.id, T0);
    expect(view?.invitation.reason).toBe('身体原因');
    // Others nearby on the same themes, nearest first; never the speaker who said no.
    const similar = view?.similar ?? [];
    expect(similar.length).toBeGreaterThan(0);
    expect(similar.map((s) => s.id)).not.toContain(world.topic.id);
    const distances = similar.map((s) => s.distanceKm ?? 0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(view?.actions).toEqual([]);
    const [notice] = await ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, world.people.teacher.id));
    expect(notice).toMatchObject({
      kind: 'invitation_declined',
      params: expect.objectContaining({ reason: '身体原因' }),
    });
  });

  it('offers a speaker who declines the speaker’s reasons only, none chosen for them: a venue’s reason or none is refused and changes nothing', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const decline = (fields: Record<string, string>) =>
      answerInvitationForm(
        ctx.db,
        world.people.speaker,
        created.id,
        { intent: 'decline', ...fields },
        meta(),
        t,
      );
    expect(await decline({ reasonCode: 'shortStaffed', detail: '' })).toMatchObject({
      ok: false,
      error: 'invalid',
      fields: { reasonCode: t('validation.choice') },
    });
    // No reason is chosen for anyone: none (or the form's empty choice) is asked for, whatever was typed beside it.
    const unchosenForms: Record<string, string>[] = [
      { detail: '下周住院' },
      { reasonCode: '', detail: '下周住院' },
    ];
    for (const unchosen of unchosenForms) {
      expect(await decline(unchosen)).toMatchObject({
        ok: false,
        error: 'invalid',
        fields: { reasonCode: '请选择不能来的原因' },
        values: { detail: '下周住院' },
      });
    }
    const [still] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(still).toMatchObject({ status: 'pending', reason: null });
    expect(await decline({ reasonCode: 'health', detail: '' })).toMatchObject({ ok: true });
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row).toMatchObject({ status: 'declined', reason: '身体原因' });

    // A reason with a few words more is joined the way the speaker's language joins a label and its value.
    const second = await invite(world, [slotAt(12)]);
    if (!second.ok) throw new Error(second.error);
    const form = { intent: 'decline', reasonCode: 'health', detail: 'in hospital that week' };
    const english = await answerInvitationForm(
      ctx.db,
      world.people.speaker,
      second.id,
      form,
      meta(),
      getT('en'),
    );
    expect(english).toMatchObject({ ok: true });
    const [declined] = await ctx.db.select().from(invitations).where(eq(invitations.id, second.id));
    expect(declined?.reason).toMatch(/^[^：]+: in hospital that week$/);
  });

  it('lets either side cancel a scheduled talk before it starts, frees its month, and completes held ones with feedback', async () => {
    const world = await setup({ monthlyCap: 1 });
    const created = await invite(world, [slotAt(7)]);
    if (!created.ok) throw new Error(created.error);
    const [slot] = await slotsOf(created.id);
    await acceptSlot(ctx.db, world.people.speaker, created.id, slot!.id, meta());
    expect(
      await completeInvitation(
        ctx.db,
        world.people.teacher,
        created.id,
        { rating: 5, feedback: '好' },
        meta(),
      ),
    ).toMatchObject({ error: 'not_yet_held' });
    const started = new Date(slot!.startsAt.getTime() + 60_000);
    expect(
      await cancelInvitation(ctx.db, world.people.speaker, created.id, '临时有事', meta(started)),
    ).toMatchObject({
      error: 'already_started',
    });
    expect(await cancelInvitation(ctx.db, world.people.speaker, created.id, '临时有事', meta())).toEqual({
      ok: true,
      status: 'cancelled',
    });
    const [cancelled] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(cancelled).toMatchObject({ cancelledBy: 'host', reason: '临时有事', scheduledStartsAt: null });
    // The month's only place is free again: a second invitation in the same month can be scheduled and held.
    const again = await invite(world, [slotAt(8)]);
    if (!again.ok) throw new Error(again.error);
    const [next] = await slotsOf(again.id);
    expect(await acceptSlot(ctx.db, world.people.speaker, again.id, next!.id, meta())).toMatchObject({
      ok: true,
    });
    const after = new Date(next!.endsAt.getTime() + HOUR_MS);
    expect(
      await completeInvitation(
        ctx.db,
        world.people.speaker,
        again.id,
        { rating: 5, feedback: '好' },
        meta(after),
      ),
    ).toMatchObject({ error: 'invalid_transition' });
    expect(
      await completeInvitation(
        ctx.db,
        world.people.teacher,
        again.id,
        { rating: 5, feedback: '学生深受感动' },
        meta(after),
      ),
    ).toEqual({ ok: true, status: 'completed' });
    const [done] = await ctx.db.select().from(invitations).where(eq(invitations.id, again.id));
    expect(done).toMatchObject({ feedbackRating: 5, feedbackText: '学生深受感动', status: 'completed' });
    expect(await cancelInvitation(ctx.db, world.people.teacher, again.id, 'x', meta(after))).toMatchObject({
      error: 'invalid_transition',
    });
  });

  it('no double-booked speaker: accepting a slot that overlaps a scheduled talk answers slot_taken and leaves the other slots acceptable', async () => {
    const world = await setup();
    const first = await invite(world, [slotAt(7, 10)]);
    if (!first.ok) throw new Error(first.error);
    // Another school asks for 10:30 (overlapping) or the next day, while 10:00 is still only proposed.
    const [otherTeacher] = [world.people.otherTeacher];
    const second = await createInvitation(
      ctx.db,
      otherTeacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots: [slotAt(7, 10.5), slotAt(8, 10)],
        audienceSize: 40,
        grades: [5],
        place: '教室',
        notes: '',
      },
      meta(),
    );
    if (!second.ok) throw new Error(second.error);
    await acceptSlot(ctx.db, world.people.speaker, first.id, (await slotsOf(first.id))[0]!.id, meta());
    const [overlapping, free] = await slotsOf(second.id);
    const view = await getInvitationView(ctx.db, world.people.speaker, second.id, T0);
    expect(view?.slots.map((s) => s.blocked)).toEqual(['taken', null]);
    expect(await acceptSlot(ctx.db, world.people.speaker, second.id, overlapping!.id, meta())).toEqual({
      ok: false,
      error: 'slot_taken',
      field: 'slot',
    });
    const [still] = await ctx.db.select().from(invitations).where(eq(invitations.id, second.id));
    expect(still?.status).toBe('pending');
    expect((await slotsOf(second.id)).map((s) => s.status)).toEqual(['open', 'open']);
    expect(await acceptSlot(ctx.db, world.people.speaker, second.id, free!.id, meta())).toMatchObject({
      ok: true,
    });
  });

  it('never exceeds the monthly cap: the next talk in a full month answers cap_reached', async () => {
    const world = await setup({ monthlyCap: 1 });
    const first = await invite(world, [slotAt(7)]);
    const second = await inviteAnother(world, [slotAt(10), slotAt(30)]);
    if (!first.ok || !second.ok) throw new Error('invite failed');
    await acceptSlot(ctx.db, world.people.speaker, first.id, (await slotsOf(first.id))[0]!.id, meta());
    const [march, april] = await slotsOf(second.id);
    const view = await getInvitationView(ctx.db, world.people.speaker, second.id, T0);
    expect(view?.slots.map((s) => s.blocked)).toEqual(['full', null]);
    expect(await acceptSlot(ctx.db, world.people.speaker, second.id, march!.id, meta())).toMatchObject({
      ok: false,
      error: 'cap_reached',
    });
    expect(await acceptSlot(ctx.db, world.people.speaker, second.id, april!.id, meta())).toMatchObject({
      ok: true,
    });
  });

  it('treats a cap of 0 (a speaker pausing) as every month full: times shown blocked, new proposals refused', async () => {
    const world = await setup();
    const waiting = await invite(world, [slotAt(7), slotAt(30)]);
    if (!waiting.ok) throw new Error(waiting.error);
    await ctx.db.update(speakers).set({ monthlyCap: 0 }).where(eq(speakers.id, world.speaker.id));
    // No engagement yet in either month: a cap of 0 fills them all the same, as the database's rule does at acceptance.
    const view = await getInvitationView(ctx.db, world.people.speaker, waiting.id, T0);
    expect(view?.slots.map((s) => s.blocked)).toEqual(['full', 'full']);
    const [first] = await slotsOf(waiting.id);
    expect(await acceptSlot(ctx.db, world.people.speaker, waiting.id, first!.id, meta())).toMatchObject({
      ok: false,
      error: 'cap_reached',
    });
    expect(await inviteAnother(world, [slotAt(10)])).toMatchObject({ ok: false, error: 'cap_reached' });
  });

  it('never schedules outside a valid vetting badge, even when the badge is withdrawn after the invitation', async () => {
    const world = await setup();
    const created = await invite(world, [slotAt(7)]);
    if (!created.ok) throw new Error(created.error);
    await ctx.db.update(speakers).set({ vettedUntil: '2030-03-10' }).where(eq(speakers.id, world.speaker.id));
    expect(
      await acceptSlot(ctx.db, world.people.speaker, created.id, (await slotsOf(created.id))[0]!.id, meta()),
    ).toMatchObject({ ok: false, error: 'not_vetted' });
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: [slotAt(20)], note: '' },
        meta(),
      ),
    ).toMatchObject({ ok: false, error: 'not_vetted' });
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, created.id));
    expect(row?.status).toBe('pending');
  });

  it('reminds the speaker once at half-time and expires after 7 days, from the server’s scheduler', async () => {
    const world = await setup();
    const created = await invite(world, [slotAt(20)]);
    if (!created.ok) throw new Error(created.error);
    const clock = new FakeClock(new Date(T0.getTime() + 3 * DAY_MS));
    const scheduler = () =>
      new Scheduler(
        jobs.filter((j) => j.name.startsWith('invitation')),
        {
          db: ctx.db,
          clock,
          log: createLogger('silent'),
          mailer: { kind: 'log', send: async () => {} },
          publicUrl: '',
        },
      );
    const noticesOf = (kind: string) =>
      ctx.db
        .select({ kind: notifications.kind, userId: notifications.userId })
        .from(notifications)
        .where(
          and(like(notifications.dedupeKey, `invitation:${created.id}:%`), like(notifications.kind, kind)),
        );
    await scheduler().tick();
    expect(await noticesOf('invitation_reminder')).toHaveLength(0);
    // Half-time is 22:00 Beijing time: the reminder waits for 07:00.
    clock.set(new Date(T0.getTime() + 3.5 * DAY_MS));
    await scheduler().tick();
    expect(await noticesOf('invitation_reminder')).toHaveLength(0);
    clock.set(new Date(T0.getTime() + 3.875 * DAY_MS));
    await scheduler().tick();
    await scheduler().tick();
    expect((await noticesOf('invitation_reminder')).map((r) => r.userId)).toEqual([world.people.speaker.id]);
    clock.set(new Date(T0.getTime() + 7 * DAY_MS - 1000));
    await scheduler().tick();
    const statusOf = async (id: string) =>
      (await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]?.status;
    expect(await statusOf(created.id)).toBe('pending');
    clock.set(new Date(T0.getTime() + 7 * DAY_MS));
    await scheduler().tick();
    await scheduler().tick();
    expect(await statusOf(created.id)).toBe('expired');
    expect((await noticesOf('invitation_expired%')).map((n) => [n.kind, n.userId]).sort()).toEqual(
      [
        ['invitation_expired', world.people.teacher.id],
        ['invitation_expired_host', world.people.speaker.id],
      ].sort(),
    );
    const view = await getInvitationView(ctx.db, world.people.teacher, created.id, clock.now());
    expect(view?.similar.length).toBeGreaterThan(0);
  });

  it('ends the answer period a day before the first time on offer, reminds at half of it, and honours a shorter period', async () => {
    const world = await setup();
    const short = await createInvitation(
      ctx.db,
      world.people.teacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots: [slotAt(2)],
        audienceSize: 30,
        grades: [7],
        place: '教室',
        notes: '',
      },
      { ...meta(), expiryDays: 3 },
    );
    if (!short.ok) throw new Error(short.error);
    // The answer period is 3 days, but the only time begins after 2: the deadline shown and kept is a day before it.
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, short.id));
    expect(row?.expiresAt.getTime()).toBe(T0.getTime() + 1 * DAY_MS);
    const current = async () =>
      (await ctx.db.select().from(invitations).where(eq(invitations.id, short.id)))[0];
    const at = (days: number, ms = 0) => meta(new Date(T0.getTime() + days * DAY_MS + ms));
    await remindOpenInvitations(ctx.db, at(0.5, -1000));
    expect((await current())?.remindedAt).toBeNull();
    // Half of it falls at 22:00 Beijing time, and the deadline (10:00) is after 09:00: the reminder waits for 07:00.
    expect(at(0.5).now).toEqual(shanghaiTime(2030, 3, 4, 22));
    await remindOpenInvitations(ctx.db, at(0.5));
    await remindOpenInvitations(ctx.db, at(0.875, -1000));
    expect((await current())?.remindedAt).toBeNull();
    expect(at(0.875).now).toEqual(shanghaiTime(2030, 3, 5, 7));
    await remindOpenInvitations(ctx.db, at(0.875));
    expect((await current())?.remindedAt).toEqual(at(0.875).now);
    await remindOpenInvitations(ctx.db, at(0.95));
    expect((await current())?.remindedAt).toEqual(at(0.875).now);
    await expireOpenInvitations(ctx.db, at(1, -1000));
    expect((await current())?.status).toBe('pending');
    // Once the deadline has passed, the speaker cannot accept, though the expiry job has not run yet.
    const [onOffer] = await ctx.db
      .select()
      .from(invitationSlots)
      .where(eq(invitationSlots.invitationId, short.id));
    expect(await acceptSlot(ctx.db, world.people.speaker, short.id, onOffer!.id, at(1))).toMatchObject({
      ok: false,
      error: 'answer_too_late',
    });
    expect((await current())?.status).toBe('pending');
    await expireOpenInvitations(ctx.db, at(1));
    expect((await current())?.status).toBe('expired');
    const [{ n }] = (await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(like(notifications.dedupeKey, `invitation:${short.id}:%`))) as [{ n: number }];
    await expireOpenInvitations(ctx.db, at(3));
    const [{ n: again }] = (await ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(like(notifications.dedupeKey, `invitation:${short.id}:%`))) as [{ n: number }];
    expect(again).toBe(n);

    // Times well after the answer period: the period is the deadline.
    const later = await createInvitation(
      ctx.db,
      world.people.teacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots: [slotAt(5), slotAt(9)],
        audienceSize: 30,
        grades: [7],
        place: '教室',
        notes: '',
      },
      { ...meta(), expiryDays: 3 },
    );
    if (!later.ok) throw new Error(later.error);
    const [laterRow] = await ctx.db.select().from(invitations).where(eq(invitations.id, later.id));
    expect(laterRow?.expiresAt.getTime()).toBe(T0.getTime() + 3 * DAY_MS);
  });

  it('reminds at night only when the deadline comes before 09:00 the next morning', async () => {
    const world = await setup();
    const open = async (expiresAt: Date) => {
      const created = await inviteAnother(world, [slotAt(9)]);
      if (!created.ok) throw new Error(created.error);
      // The answer period from 19:00 to the deadline (as a counter-proposal at 19:00 would set it).
      await ctx.db
        .update(invitations)
        .set({ updatedAt: shanghaiTime(2030, 3, 4, 19), expiresAt })
        .where(eq(invitations.id, created.id));
      return created.id;
    };
    const remindedAt = async (id: string) =>
      (await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]?.remindedAt;
    const early = await open(shanghaiTime(2030, 3, 5, 8, 59));
    const nine = await open(shanghaiTime(2030, 3, 5, 9));
    // 02:00: half of both periods has passed; the deadline at 08:59 cannot wait for the morning, the one at 09:00 can.
    const twoAm = shanghaiTime(2030, 3, 5, 2);
    await remindOpenInvitations(ctx.db, meta(twoAm));
    expect(await remindedAt(early)).toEqual(twoAm);
    expect(await remindedAt(nine)).toBeNull();
    await remindOpenInvitations(ctx.db, meta(shanghaiTime(2030, 3, 5, 6, 59)));
    expect(await remindedAt(nine)).toBeNull();
    await remindOpenInvitations(ctx.db, meta(shanghaiTime(2030, 3, 5, 7)));
    expect(await remindedAt(nine)).toEqual(shanghaiTime(2030, 3, 5, 7));
    expect(await remindedAt(early)).toEqual(twoAm);
    // One reminder notice each, to the speaker.
    for (const id of [early, nine]) {
      const sent = await ctx.db
        .select({ kind: notifications.kind })
        .from(notifications)
        .where(
          and(
            like(notifications.dedupeKey, `invitation:${id}:%`),
            eq(notifications.kind, 'invitation_reminder'),
          ),
        );
      expect(sent).toHaveLength(1);
    }
  });

  it('asks for an answer before the first of the times, not after some of them have passed', async () => {
    const world = await setup();
    const rowOf = async (id: string) =>
      (await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0];
    const deadlineOf = async (id: string) => (await rowOf(id))?.expiresAt.getTime();
    // Days 3, 4 and 9 with seven days to answer: the speaker answers by day 2, not day 7 (after days 3 and 4).
    const spread = await invite(world, [slotAt(9), slotAt(3), slotAt(4)]);
    if (!spread.ok) throw new Error(spread.error);
    expect(await deadlineOf(spread.id)).toBe(T0.getTime() + 2 * DAY_MS);
    // The first time only 30 hours away: halfway there (15 hours, 01:00 at night) rather than a deadline already
    // passed, and out of the night: 21:00 this evening, 11 hours.
    const soon = await inviteAnother(world, [slotAt(1.25), slotAt(10)]);
    if (!soon.ok) throw new Error(soon.error);
    expect(await deadlineOf(soon.id)).toBe(T0.getTime() + 11 * HOUR_MS);
    await expireOpenInvitations(ctx.db, meta(new Date(T0.getTime() + 11 * HOUR_MS - 1000)));
    expect((await rowOf(soon.id))?.status).toBe('pending');
    await expireOpenInvitations(ctx.db, meta(new Date(T0.getTime() + 11 * HOUR_MS)));
    expect((await rowOf(soon.id))?.status).toBe('expired');
    // The speaker's other times: the teacher too answers a day before the first of them.
    const countered = await counterInvitation(
      ctx.db,
      world.people.speaker,
      spread.id,
      { slots: [slotAt(12), slotAt(5)], note: '' },
      meta(new Date(T0.getTime() + DAY_MS)),
    );
    expect(countered).toMatchObject({ ok: true, status: 'countered' });
    expect(await deadlineOf(spread.id)).toBe(T0.getTime() + 4 * DAY_MS);
  });

  it('asks for an answer by day, not at night: an invitation or a counter-proposal sent at 23:00', async () => {
    const world = await setup();
    const rowOf = async (id: string) =>
      (await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0];
    // Sent at 23:00 with seven days to answer: 23:00 a week later would be at night; 21:00 that evening instead.
    const sentAt = shanghaiTime(2030, 3, 4, 23, 0);
    const created = await invite(world, [slotAt(9), slotAt(10)], sentAt);
    if (!created.ok) throw new Error(created.error);
    expect((await rowOf(created.id))?.expiresAt).toEqual(shanghaiTime(2030, 3, 11, 21, 0));
    const [told] = await ctx.db
      .select()
      .from(notifications)
      .where(
        and(
          like(notifications.dedupeKey, `invitation:${created.id}:%`),
          eq(notifications.kind, 'invitation_received'),
        ),
      );
    expect(told?.params).toMatchObject({ deadline: '2030-03-11 21:00' });
    // The speaker's other times, sent at 23:00 two days on: the teacher answers by 21:00 a week later, too.
    const counteredAt = shanghaiTime(2030, 3, 6, 23, 0);
    expect(
      await counterInvitation(
        ctx.db,
        world.people.speaker,
        created.id,
        { slots: [slotAt(20), slotAt(21)], note: '' },
        meta(counteredAt),
      ),
    ).toEqual({ ok: true, status: 'countered' });
    expect((await rowOf(created.id))?.expiresAt).toEqual(shanghaiTime(2030, 3, 13, 21, 0));
  });

  it('shows a speaker’s phone and e-mail only to the speaker, an admin, and the teacher once the speaker accepted', async () => {
    const world = await setup();
    const created = await invite(world);
    if (!created.ok) throw new Error(created.error);
    const { people } = world;
    const everyone = Object.entries(people);
    const seeing = async () => {
      const result: string[] = [];
      for (const [name, viewer] of everyone) {
        const view = await getInvitationView(ctx.db, viewer, created.id, T0);
        const mayContact = await maySeeSpeakerContact(ctx.db, viewer, world.speaker.id);
        if (
          JSON.stringify(view ?? {}).includes(SPEAKER_PHONE) ||
          JSON.stringify(view ?? {}).includes(SPEAKER_EMAIL)
        ) {
          result.push(name);
        }
        expect(Boolean(view?.contact), name).toBe(result.includes(name));
        if (mayContact) expect(['speaker', 'admin', 'teacher']).toContain(name);
      }
      return result.sort();
    };
    expect(await seeing()).toEqual(['admin', 'speaker']);
    await counterInvitation(ctx.db, people.speaker, created.id, { slots: [slotAt(20)], note: '' }, meta());
    expect(await seeing()).toEqual(['admin', 'speaker']);
    const [hostSlot] = (await slotsOf(created.id)).filter((s) => s.status === 'open');
    await acceptSlot(ctx.db, people.teacher, created.id, hostSlot!.id, meta());
    // Only the inviting teacher — not the school's admin, who sees the invitation too.
    expect(await seeing()).toEqual(['admin', 'speaker', 'teacher']);
    // A teacher the school admin removed keeps none of it: no contact, no view, no say, not in their list.
    // Removed outright, or a teacher of another school now: the same.
    const elsewhere = {
      role: 'teacher' as const,
      schoolId: crypto.randomUUID(),
      venueId: null,
      regionCode: null,
      speakerId: null,
    };
    for (const former of [
      { ...people.teacher, roles: [] },
      { ...people.teacher, roles: [elsewhere] },
    ]) {
      expect(await maySeeSpeakerContact(ctx.db, former, world.speaker.id)).toBe(false);
      expect(await getInvitationView(ctx.db, former, created.id, T0)).toBeNull();
      expect(await listSchoolInvitations(ctx.db, former)).toEqual([]);
      expect(await cancelInvitation(ctx.db, former, created.id, '', meta())).toMatchObject({ ok: false });
    }
    expect(await seeing()).toEqual(['admin', 'speaker', 'teacher']);
    await cancelInvitation(ctx.db, people.teacher, created.id, '学校停课', meta());
    expect(await seeing()).toEqual(['admin', 'speaker']);
    // Nothing written for others carries them: notices, e-mails, the audit log.
    const written = JSON.stringify([
      await ctx.db.select().from(notifications),
      await ctx.db.select().from(emailOutbox),
      await ctx.db.select().from(auditLog),
    ]);
    expect(written).not.toContain(SPEAKER_PHONE);
    expect(written).not.toContain(SPEAKER_EMAIL);
  });

  it('puts engagements in the speaker’s feed, the school’s calendar and a file per talk, without contact details', async () => {
    const world = await setup();
    const created = await invite(world, [slotAt(7, 14)]);
    const cancelled = await inviteAnother(world, [slotAt(8, 9)]);
    if (!created.ok || !cancelled.ok) throw new Error('invite failed');
    await acceptSlot(ctx.db, world.people.speaker, created.id, (await slotsOf(created.id))[0]!.id, meta());
    await acceptSlot(
      ctx.db,
      world.people.speaker,
      cancelled.id,
      (await slotsOf(cancelled.id))[0]!.id,
      meta(),
    );
    await cancelInvitation(ctx.db, world.people.teacher, cancelled.id, '考试', meta());
    const feed = buildCalendar('巴特尔', await speakerCalendarEvents(ctx.db, world.speaker.id, T0, t), T0);
    expect(feed).not.toContain(SPEAKER_PHONE);
    expect(feed).not.toContain(SPEAKER_EMAIL);
    const events = readCalendar(feed);
    expect(events.map((e) => [e.summary, e.startsAt.toISOString(), e.status])).toEqual([
      ['宣讲：我的从军岁月（巴特尔）· 哈达中心学校', slotAt(7, 14).startsAt.toISOString(), 'CONFIRMED'],
      ['宣讲：我的从军岁月（巴特尔）· 哈达中心学校', slotAt(8, 9).startsAt.toISOString(), 'CANCELLED'],
    ]);
    const school = await listSchoolTalks(
      ctx.db,
      world.school.id,
      { from: T0, to: new Date(T0.getTime() + 30 * DAY_MS) },
      t,
    );
    expect(school.map((e) => e.uid)).toEqual([`invitation-${created.id}@social-classroom`]);
    expect(
      await listSchoolTalks(
        ctx.db,
        world.otherSchool.id,
        { from: T0, to: new Date(T0.getTime() + 30 * DAY_MS) },
        t,
      ),
    ).toEqual([]);
    expect(await invitationCalendarEvent(ctx.db, world.people.otherTeacher, created.id, t)).toBeNull();
    const single = await invitationCalendarEvent(ctx.db, world.people.schoolAdmin, created.id, t);
    expect(single?.location).toContain('学校礼堂');
  });

  it('lists a teacher’s own invitations, the school admin’s whole school, and the speaker’s waiting ones first', async () => {
    const world = await setup();
    const mine = await invite(world);
    const theirs = await createInvitation(
      ctx.db,
      world.people.otherTeacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots: [slotAt(12)],
        audienceSize: 40,
        grades: [5],
        place: '教室',
        notes: '',
      },
      meta(),
    );
    if (!mine.ok || !theirs.ok) throw new Error('invite failed');
    expect((await listSchoolInvitations(ctx.db, world.people.teacher)).map((i) => i.id)).toEqual([mine.id]);
    expect((await listSchoolInvitations(ctx.db, world.people.schoolAdmin)).map((i) => i.id)).toEqual([
      mine.id,
    ]);
    expect((await listSchoolInvitations(ctx.db, world.people.otherTeacher)).map((i) => i.id)).toEqual([
      theirs.id,
    ]);
    const host = await listHostInvitations(ctx.db, { speakerId: world.speaker.id }, T0);
    expect(host.waiting.map((w) => w.invitation.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(host.waiting[0]?.slots.every((s) => s.acceptable)).toBe(true);
    expect(JSON.stringify(host)).not.toContain(SPEAKER_PHONE);
  });
});

describeOnSharedDatabase('outreach requests (进校园)', (ctx) => {
  it('one request per waiting outreach program: the school’s second is refused, naming the first, unless it is another visit', async () => {
    const world = await makeWorld(ctx.db);
    const request = (
      teacher = world.people.teacher,
      slots = [slotAt(7)],
      extra: { anotherInvitation?: boolean } = {},
    ) =>
      createOutreachRequest(
        ctx.db,
        teacher,
        {
          programId: world.program.id,
          slots,
          audienceSize: 200,
          grades: [4, 5],
          place: '操场',
          notes: '',
          ...extra,
        },
        meta(),
      );
    const requestsOfVenue = async () =>
      ctx.db.select().from(invitations).where(eq(invitations.venueId, world.venue.id));
    const noticesOfOperator = async () =>
      ctx.db.select().from(notifications).where(eq(notifications.userId, world.people.operator.id));
    const first = await request();
    if (!first.ok) throw new Error(first.error);
    const noticesBefore = (await noticesOfOperator()).length;
    // The same teacher again, on other dates (a second tab), and the school's admin: the venue would get it twice.
    const again = await request(world.people.teacher, [slotAt(8)]);
    expect(again).toEqual({
      ok: false,
      error: 'already_invited',
      field: 'anotherInvitation',
      kind: 'outreach',
      existing: [{ id: first.id, status: 'pending', sentAt: T0, teacher: '王老师', viewable: true }],
    });
    expect(await request(world.people.schoolAdmin, [slotAt(9)])).toMatchObject({
      ok: false,
      error: 'already_invited',
      existing: [{ id: first.id, viewable: true }],
    });
    expect(await requestsOfVenue()).toHaveLength(1);
    expect(await noticesOfOperator()).toHaveLength(noticesBefore);
    // The refusal speaks of the request to the venue, naming when and by whom it was sent.
    if (again.ok) throw new Error('sent twice');
    expect(invitationFailureMessage(t, again)).toContain('本校已经申请过这个进校园项目');
    expect(invitationFailureMessage(t, again)).toContain('（王老师于 2030-03-04 10:00 发出，待答复）');
    expect(invitationFailureMessage(getT('en'), again)).toContain('already asked for this outreach program');
    // Said to be another visit, it goes; another school's request is no second one.
    expect(await request(world.people.teacher, [slotAt(8)], { anotherInvitation: true })).toMatchObject({
      ok: true,
    });
    expect(await request(world.people.otherTeacher, [slotAt(9)])).toMatchObject({ ok: true });
    // Once the first is answered or withdrawn, and the other visit too, a new one goes without saying so.
    const waiting = (await requestsOfVenue()).filter((r) => r.schoolId === world.school.id);
    for (const r of waiting) await cancelInvitation(ctx.db, world.people.teacher, r.id, '换个时间', meta());
    expect(await request(world.people.teacher, [slotAt(10)])).toMatchObject({ ok: true });
  });

  it('runs on the same machinery, answered by the venue’s operator, within the venue’s outreach places per day', async () => {
    const world = await makeWorld(ctx.db);
    const request = (teacher = world.people.teacher, slots = [slotAt(7), slotAt(8)]) =>
      createOutreachRequest(
        ctx.db,
        teacher,
        { programId: world.program.id, slots, audienceSize: 200, grades: [4, 5], place: '操场', notes: '' },
        meta(),
      );
    const first = await request();
    const second = await request(world.people.otherTeacher, [slotAt(7, 14), slotAt(9)]);
    if (!first.ok || !second.ok) throw new Error('request failed');
    const operatorNotices = await ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, world.people.operator.id));
    expect(operatorNotices.map((n) => [n.kind, n.link])).toEqual([
      ['outreach_received', `/console/outreach/${first.id}`],
      ['outreach_received', `/console/outreach/${second.id}`],
    ]);
    const slots = async (id: string) =>
      ctx.db
        .select()
        .from(invitationSlots)
        .where(eq(invitationSlots.invitationId, id))
        .orderBy(invitationSlots.startsAt);
    const [firstDay] = await slots(first.id);
    expect(
      await acceptSlot(ctx.db, world.people.otherOperator, first.id, firstDay!.id, meta()),
    ).toMatchObject({
      error: 'not_found',
    });
    expect(await acceptSlot(ctx.db, world.people.operator, first.id, firstDay!.id, meta())).toMatchObject({
      ok: true,
    });
    // One visit a day: the other school's request for the same day is full, its other date is fine.
    const [sameDay, otherDay] = await slots(second.id);
    expect(await acceptSlot(ctx.db, world.people.operator, second.id, sameDay!.id, meta())).toMatchObject({
      ok: false,
      error: 'venue_day_full',
    });
    expect(await acceptSlot(ctx.db, world.people.operator, second.id, otherDay!.id, meta())).toMatchObject({
      ok: true,
    });
    // Nor can the venue offer a school another time on a day already full (day 9 is now).
    const third = await request(world.people.otherTeacher, [slotAt(12)]);
    if (!third.ok) throw new Error(third.error);
    expect(
      await counterInvitation(
        ctx.db,
        world.people.operator,
        third.id,
        { slots: [slotAt(13), slotAt(9, 15)], note: '' },
        meta(),
      ),
    ).toEqual({ ok: false, error: 'venue_day_full', field: 'slots.1' });
    expect((await slots(third.id)).map((s) => [s.proposedBy, s.status])).toEqual([['teacher', 'open']]);
    expect(
      await createOutreachRequest(
        ctx.db,
        world.people.teacher,
        {
          programId: world.program.id,
          slots: [slotAt(7)],
          audienceSize: 20,
          grades: [1],
          place: 'x',
          notes: '',
        },
        meta(),
      ),
    ).toMatchObject({ ok: false, error: 'grades_not_offered' });
    const declined = await request(world.people.teacher, [slotAt(15)]);
    if (!declined.ok) throw new Error(declined.error);
    await declineInvitation(ctx.db, world.people.operator, declined.id, '设备检修', meta());
    // The venue says no with a venue's reasons: a speaker's ("health") is refused and changes nothing.
    const refused = await request(world.people.teacher, [slotAt(16)]);
    if (!refused.ok) throw new Error(refused.error);
    const decline = (fields: Record<string, string>) =>
      answerInvitationForm(
        ctx.db,
        world.people.operator,
        refused.id,
        { intent: 'decline', ...fields },
        meta(),
        t,
      );
    for (const reasonCode of ['health', 'topic']) {
      expect(await decline({ reasonCode, detail: '' })).toMatchObject({
        ok: false,
        error: 'invalid',
        fields: { reasonCode: t('validation.choice') },
      });
    }
    expect(await decline({ reasonCode: 'other', detail: '' })).toMatchObject({
      ok: false,
      fields: { detail: t('validation.required') },
    });
    const [pending] = await ctx.db.select().from(invitations).where(eq(invitations.id, refused.id));
    expect(pending).toMatchObject({ status: 'pending', reason: null });
    expect(await decline({ reasonCode: 'shortStaffed', detail: '讲解员外出培训' })).toMatchObject({
      ok: true,
    });
    const [answered] = await ctx.db.select().from(invitations).where(eq(invitations.id, refused.id));
    expect(answered).toMatchObject({ status: 'declined', reason: '人手不足：讲解员外出培训' });
    const view = await getInvitationView(ctx.db, world.people.teacher, declined.id, T0);
    expect(view?.invitation).toMatchObject({
      status: 'declined',
      host: '呼和浩特科技馆',
      title: '流动科技馆进校园',
    });
    expect(view?.contact).toBeNull();
  });
});
