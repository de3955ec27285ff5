import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { bookings, idempotencyKeys } from '#db/schema/index.ts';
import {
  anotherGroup,
  HOUR_MS,
  makeBookingWorld,
  requestFor,
  seatLedger,
  T0,
} from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { cancelBooking, createBooking } from './bookings.server.ts';
import {
  fingerprint,
  parseIdempotencyKey,
  purgeExpiredIdempotencyKeys,
  runIdempotent,
} from './idempotency.server.ts';

/** What the API does: book under a key that the booking claims in the query reading its context, and complete the
 * stored answer in the booking's own statement. */
function bookOnce(
  db: Database,
  viewer: Parameters<typeof createBooking>[1],
  key: string,
  body: ReturnType<typeof requestFor>,
  now = T0,
) {
  return runIdempotent(
    db,
    { userId: viewer.id, key, scope: 'POST /api/v1/bookings', body, now },
    async (complete) => {
      const result = await createBooking(db, viewer, body, { now }, { complete });
      if (!result.ok) return { status: 409, body: { error: result.error } };
      const { ok: _ok, ...created } = result;
      return { status: 201, body: created };
    },
    { claimInOperation: true },
  );
}

it('fingerprints bodies whatever their key order, and reads keys as the draft writes them', () => {
  expect(fingerprint({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(fingerprint({ b: [1, { d: 3, c: 2 }], a: 1 }));
  expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe(
    '8e03978e-40d5-43e8-bc93-6894a57f9324',
  );
  expect(parseIdempotencyKey(null)).toBeNull();
  expect(parseIdempotencyKey('')).toBe('invalid');
  expect(parseIdempotencyKey('has space')).toBe('invalid');
});

describeEachDriver('idempotent bookings', (ctx) => {
  it('replays the first answer for the same key and body, without booking twice', async () => {
    const world = await makeBookingWorld(ctx.db);
    const body = requestFor(world.session.id, 30);
    const first = await bookOnce(ctx.db, world.people.teacher, 'key-1', body);
    expect(first.kind).toBe('fresh');
    const again = await bookOnce(ctx.db, world.people.teacher, 'key-1', { ...body });
    expect(again).toEqual({
      kind: 'replay',
      response: JSON.parse(JSON.stringify(first.kind === 'fresh' ? first.response : null)),
    });
    expect(await ctx.db.select().from(bookings)).toHaveLength(1);
    expect(await seatLedger(ctx.db, world.session.id)).toMatchObject({ held: 33, sum: 33 });
    // The stored answer was written in the booking's own transaction.
    const [row] = await ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'key-1'));
    expect(row).toMatchObject({ responseStatus: 201, scope: 'POST /api/v1/bookings' });
    expect(row!.expiresAt.getTime() - T0.getTime()).toBeGreaterThanOrEqual(24 * HOUR_MS);
  });

  it('replays the stored answer of a key, not already_booked, though the school now has that booking', async () => {
    const world = await makeBookingWorld(ctx.db);
    const body = requestFor(world.session.id, 30);
    const first = await bookOnce(ctx.db, world.people.teacher, 'tab-1', body);
    if (first.kind !== 'fresh') throw new Error(first.kind);
    expect(first.response.status).toBe(201);
    // The same submission again (a retry): its own answer, the booking it made.
    expect(await bookOnce(ctx.db, world.people.teacher, 'tab-1', body)).toEqual({
      kind: 'replay',
      response: JSON.parse(JSON.stringify(first.response)),
    });
    // The same class from another tab (another key): refused, and that refusal is what its key replays.
    const otherTab = await bookOnce(ctx.db, world.people.teacher, 'tab-2', body);
    expect(otherTab).toEqual({ kind: 'fresh', response: { status: 409, body: { error: 'already_booked' } } });
    expect(await bookOnce(ctx.db, world.people.teacher, 'tab-2', body)).toEqual({
      kind: 'replay',
      response: { status: 409, body: { error: 'already_booked' } },
    });
    expect(await ctx.db.select().from(bookings)).toHaveLength(1);
    expect(await seatLedger(ctx.db, world.session.id)).toMatchObject({ held: 33, sum: 33 });
  });

  it('answers mismatch for the same key with another body, and keys are per person', async () => {
    const world = await makeBookingWorld(ctx.db);
    await bookOnce(ctx.db, world.people.teacher, 'shared', requestFor(world.session.id, 30));
    expect(await bookOnce(ctx.db, world.people.teacher, 'shared', requestFor(world.session.id, 31))).toEqual({
      kind: 'mismatch',
    });
    // Another teacher's identical key is their own (the colleague books another class).
    const other = await bookOnce(
      ctx.db,
      world.people.otherTeacher,
      'shared',
      anotherGroup(world.session.id, 31),
    );
    expect(other.kind).toBe('fresh');
    expect(await ctx.db.select().from(bookings)).toHaveLength(2);
  });

  it('answers in_flight while the first request with the key is still running', async () => {
    const world = await makeBookingWorld(ctx.db);
    const body = requestFor(world.session.id, 10);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = runIdempotent(
      ctx.db,
      { userId: world.people.teacher.id, key: 'slow', scope: 'POST /api/v1/bookings', body, now: T0 },
      async () => {
        started();
        await gate;
        return { status: 201, body: { id: 'x' } };
      },
    );
    await running;
    expect(await bookOnce(ctx.db, world.people.teacher, 'slow', body)).toEqual({ kind: 'in_flight' });
    release();
    expect((await first).kind).toBe('fresh');
    expect(await bookOnce(ctx.db, world.people.teacher, 'slow', body)).toEqual({
      kind: 'replay',
      response: { status: 201, body: { id: 'x' } },
    });
  });

  it('forgets a key whose first request failed, so that a retry runs', async () => {
    const world = await makeBookingWorld(ctx.db);
    const body = requestFor(world.session.id, 10);
    await expect(
      runIdempotent(
        ctx.db,
        { userId: world.people.teacher.id, key: 'boom', scope: 'POST /api/v1/bookings', body, now: T0 },
        async () => {
          throw new Error('connection lost');
        },
      ),
    ).rejects.toThrow('connection lost');
    expect((await bookOnce(ctx.db, world.people.teacher, 'boom', body)).kind).toBe('fresh');
  });

  it('cancelling and booking the same session again works, with a new key; keys expire after their time', async () => {
    const world = await makeBookingWorld(ctx.db);
    const body = requestFor(world.session.id, 30);
    const first = await bookOnce(ctx.db, world.people.teacher, 'trip-1', body);
    if (first.kind !== 'fresh') throw new Error(first.kind);
    const { id } = first.response.body as { id: string };
    expect(await cancelBooking(ctx.db, world.people.teacher, id, '改期', { now: T0 })).toMatchObject({
      ok: true,
    });
    const second = await bookOnce(ctx.db, world.people.teacher, 'trip-2', body);
    expect(second.kind).toBe('fresh');
    expect((second.kind === 'fresh' && (second.response.body as { id: string }).id) || '').not.toBe(id);
    expect(await seatLedger(ctx.db, world.session.id)).toMatchObject({ held: 33, sum: 33 });
    // After 48 hours the first key is forgotten: the same key books afresh.
    const later = new Date(T0.getTime() + 49 * HOUR_MS);
    expect(await purgeExpiredIdempotencyKeys(ctx.db, later)).toBe(2);
    expect((await bookOnce(ctx.db, world.people.teacher, 'trip-1', body, later)).kind).toBe('fresh');
  });

  it('claims the key in the booking’s first query: a refusal before it, one for a missing session and a race of the same key all keep one answer', async () => {
    const world = await makeBookingWorld(ctx.db);
    // Refused before any query (the operator is no teacher): the key is claimed afterwards and the answer kept.
    const notTeacher = await bookOnce(
      ctx.db,
      world.people.operator,
      'k-op',
      requestFor(world.session.id, 10),
    );
    expect(notTeacher).toEqual({
      kind: 'fresh',
      response: { status: 409, body: { error: 'not_a_teacher' } },
    });
    expect(
      (await bookOnce(ctx.db, world.people.operator, 'k-op', requestFor(world.session.id, 10))).kind,
    ).toBe('replay');
    // No such session: the query finds no row to say whether it claimed the key, so the key's row is read.
    const missing = requestFor('7b49b14b-daad-4b51-b3ed-40b20f2551ac', 10);
    const gone = await bookOnce(ctx.db, world.people.teacher, 'k-missing', missing);
    expect(gone).toEqual({
      kind: 'fresh',
      response: { status: 409, body: { error: 'session_unavailable' } },
    });
    expect(await bookOnce(ctx.db, world.people.teacher, 'k-missing', missing)).toEqual({
      kind: 'replay',
      response: { status: 409, body: { error: 'session_unavailable' } },
    });
    // Ten requests with one key at once: one books, the others are told it is in flight or get its answer.
    const body = requestFor(world.session.id, 10);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => bookOnce(ctx.db, world.people.teacher, 'k-race', body)),
    );
    expect(outcomes.filter((o) => o.kind === 'fresh')).toHaveLength(1);
    expect(outcomes.every((o) => ['fresh', 'replay', 'in_flight'].includes(o.kind))).toBe(true);
    expect(await ctx.db.select().from(bookings)).toHaveLength(1);
    expect(await seatLedger(ctx.db, world.session.id)).toMatchObject({ held: 11, sum: 11 });
  });
});
