import { and, eq, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invitationSlots,
  invitations,
  speakerMonthLoads,
  speakers,
  venueDayLoads,
} from '#db/schema/index.ts';
import { makeWorld, slotAt, T0, type World } from '#tests/factories/speakers.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '#tests/setup/db.ts';
import {
  acceptSlot,
  cancelInvitation,
  createInvitation,
  createOutreachRequest,
} from './invitations.server.ts';
import { ProfileInputSchema } from './schemas.ts';
import { updateProfile } from './speakers.server.ts';

// PGlite runs one transaction at a time, so races can only be shown on the PostgreSQL server.
describe.skipIf(!serverUrl)('speaker engagements under concurrency [postgres]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const meta = { now: T0, expiryDays: 7 };

  /**
   * Six rounds of five identical sends at the same instant: each round exactly one goes out, the other four are refused
   * as already invited, one waits (those `of` it), and withdrawing it lets the next round send it again.
   */
  async function sendsOnceEachRound(
    send: (day: number) => ReturnType<typeof createInvitation>,
    teacher: World['people']['teacher'],
    of: SQL,
  ) {
    for (let round = 0; round < 6; round++) {
      const results = await Promise.all([0, 1, 2, 3, 4].map(() => send(7 + round)));
      const sent = results.filter((r) => r.ok);
      expect(sent).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(
        Array(4).fill('already_invited'),
      );
      const waiting = await database.db
        .select()
        .from(invitations)
        .where(and(of, eq(invitations.status, 'pending')));
      expect(waiting).toHaveLength(1);
      const [only] = sent;
      if (!only?.ok) throw new Error('none sent');
      expect(await cancelInvitation(database.db, teacher, only.id, '重发', meta)).toMatchObject({ ok: true });
    }
  }

  async function inviteAt(
    world: World,
    teacher: World['people']['teacher'],
    slots: ReturnType<typeof slotAt>[],
  ) {
    const created = await createInvitation(
      database.db,
      teacher,
      {
        speakerId: world.speaker.id,
        topicId: world.topic.id,
        slots,
        audienceSize: 50,
        grades: [7],
        place: '礼堂',
        notes: '',
        // Many talks of the topic at once from one school: each is another talk.
        anotherInvitation: true,
      },
      meta,
    );
    if (!created.ok) throw new Error(created.error);
    const rows = await database.db
      .select()
      .from(invitationSlots)
      .where(eq(invitationSlots.invitationId, created.id))
      .orderBy(invitationSlots.startsAt);
    return { id: created.id, slots: rows };
  }

  async function scheduledCount(speakerId: string) {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(invitations)
      .where(and(eq(invitations.speakerId, speakerId), eq(invitations.status, 'scheduled')));
    return row?.n ?? 0;
  }

  it('no double-booked speaker: two invitations for overlapping slots accepted at the same instant → exactly one succeeds, every time', async () => {
    const world = await makeWorld(database.db, { monthlyCap: 60 });
    for (let round = 0; round < 12; round++) {
      const day = 7 + round;
      const a = await inviteAt(world, world.people.teacher, [slotAt(day, 9, 90)]);
      const b = await inviteAt(world, world.people.otherTeacher, [slotAt(day, 10, 60), slotAt(day + 40, 10)]);
      const results = await Promise.all([
        acceptSlot(database.db, world.people.speaker, a.id, a.slots[0]!.id, meta),
        acceptSlot(database.db, world.people.speaker, b.id, b.slots[0]!.id, meta),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: 'slot_taken' });
      expect(await scheduledCount(world.speaker.id)).toBe(round + 1);
      // The refused invitation is untouched: its other slot is still there to accept.
      const loser = results[0]!.ok ? b : a;
      const [still] = await database.db.select().from(invitations).where(eq(invitations.id, loser.id));
      expect(still?.status).toBe('pending');
    }
  });

  it('never exceeds the monthly cap when many talks in one month are accepted at once', async () => {
    const world = await makeWorld(database.db, { monthlyCap: 3 });
    const pending = [];
    for (let i = 0; i < 10; i++) pending.push(await inviteAt(world, world.people.teacher, [slotAt(7 + i)]));
    const results = await Promise.all(
      pending.map((p) => acceptSlot(database.db, world.people.speaker, p.id, p.slots[0]!.id, meta)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(7).fill('cap_reached'));
    const [load] = await database.db
      .select()
      .from(speakerMonthLoads)
      .where(eq(speakerMonthLoads.speakerId, world.speaker.id));
    expect(load?.engagements).toBe(3);
    expect(await scheduledCount(world.speaker.id)).toBe(3);
  });

  it('never leaves more talks in a month than the cap when the speaker lowers it while talks are being accepted', async () => {
    for (let round = 0; round < 10; round++) {
      const world = await makeWorld(database.db, { monthlyCap: 6 });
      const pending = [];
      for (let i = 0; i < 5; i++) pending.push(await inviteAt(world, world.people.teacher, [slotAt(7 + i)]));
      const [first, ...rest] = pending;
      expect(
        await acceptSlot(database.db, world.people.speaker, first!.id, first!.slots[0]!.id, meta),
      ).toMatchObject({
        ok: true,
      });
      const [row] = await database.db.select().from(speakers).where(eq(speakers.id, world.speaker.id));
      const input = ProfileInputSchema.parse({ ...row, monthlyCap: 2 });
      const [lowered, ...accepted] = await Promise.all([
        updateProfile(database.db, world.people.speaker, world.speaker.id, input, meta),
        ...rest.map((p) => acceptSlot(database.db, world.people.speaker, p.id, p.slots[0]!.id, meta)),
      ]);
      const [after] = await database.db.select().from(speakers).where(eq(speakers.id, world.speaker.id));
      const [load] = await database.db
        .select()
        .from(speakerMonthLoads)
        .where(eq(speakerMonthLoads.speakerId, world.speaker.id));
      const scheduled = await scheduledCount(world.speaker.id);
      expect(load?.engagements).toBe(scheduled);
      expect(scheduled).toBeLessThanOrEqual(after!.monthlyCap);
      expect(scheduled).toBe(1 + accepted.filter((r) => r.ok).length);
      if (lowered.ok) {
        expect(after!.monthlyCap).toBe(2);
        expect(accepted.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'cap_reached')).toBe(true);
      } else {
        expect(lowered).toMatchObject({ ok: false, error: 'cap_below_scheduled', month: '2030-03-01' });
        expect(after!.monthlyCap).toBe(6);
      }
    }
  });

  it('schedules an invitation once when its slots are accepted twice at the same instant (a double click)', async () => {
    const world = await makeWorld(database.db, { monthlyCap: 60 });
    const { id, slots } = await inviteAt(world, world.people.teacher, [slotAt(7), slotAt(8), slotAt(9)]);
    const results = await Promise.all(
      slots.map((s) => acceptSlot(database.db, world.people.speaker, id, s.id, meta)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      'invalid_transition',
      'invalid_transition',
    ]);
    const accepted = await database.db
      .select()
      .from(invitationSlots)
      .where(and(eq(invitationSlots.invitationId, id), eq(invitationSlots.status, 'accepted')));
    expect(accepted).toHaveLength(1);
  });

  it('never exceeds a venue’s outreach visits per day when requests for one day are accepted at once', async () => {
    const world = await makeWorld(database.db);
    const requests = [];
    for (const teacher of [world.people.teacher, world.people.otherTeacher, world.people.schoolAdmin]) {
      const created = await createOutreachRequest(
        database.db,
        teacher,
        {
          programId: world.program.id,
          slots: [slotAt(10, 9 + requests.length)],
          audienceSize: 100,
          grades: [5],
          place: '操场',
          notes: '',
          // The teacher and the admin of one school: each asks for another visit.
          anotherInvitation: true,
        },
        meta,
      );
      if (!created.ok) throw new Error(created.error);
      const [slot] = await database.db
        .select()
        .from(invitationSlots)
        .where(eq(invitationSlots.invitationId, created.id));
      requests.push({ id: created.id, slot: slot! });
    }
    const results = await Promise.all(
      requests.map((r) => acceptSlot(database.db, world.people.operator, r.id, r.slot.id, meta)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
      'venue_day_full',
      'venue_day_full',
    ]);
    const [load] = await database.db
      .select()
      .from(venueDayLoads)
      .where(eq(venueDayLoads.venueId, world.venue.id));
    expect(load?.engagements).toBe(1);
  });

  it('one invitation per waiting topic: the same invitation sent several times at the same instant goes out once, every time', async () => {
    const world = await makeWorld(database.db, { monthlyCap: 60 });
    const send = (day: number) =>
      createInvitation(
        database.db,
        world.people.teacher,
        {
          speakerId: world.speaker.id,
          topicId: world.topic.id,
          slots: [slotAt(day)],
          audienceSize: 50,
          grades: [7],
          place: '礼堂',
          notes: '',
        },
        meta,
      );
    await sendsOnceEachRound(send, world.people.teacher, eq(invitations.speakerId, world.speaker.id));
  });

  it('one request per waiting outreach program: the same request sent several times at the same instant goes out once, every time', async () => {
    const world = await makeWorld(database.db);
    const send = (day: number) =>
      createOutreachRequest(
        database.db,
        world.people.teacher,
        {
          programId: world.program.id,
          slots: [slotAt(day)],
          audienceSize: 100,
          grades: [5],
          place: '操场',
          notes: '',
        },
        meta,
      );
    await sendsOnceEachRound(send, world.people.teacher, eq(invitations.venueId, world.venue.id));
  });
});
