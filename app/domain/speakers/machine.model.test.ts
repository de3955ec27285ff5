import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { daytimeDeadline } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import type { InvitationStatus } from '#db/schema/enums.ts';
import { invitationSlots, invitations } from '#db/schema/index.ts';
import { DAY_MS, HOUR_MS, makeWorld, slotAt, T0, type World } from '#tests/factories/speakers.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import {
  acceptSlot,
  cancelInvitation,
  completeInvitation,
  counterInvitation,
  createInvitation,
  declineInvitation,
  expireOpenInvitations,
  type InvitationError,
} from './invitations.server.ts';
import type { Party } from './machine.ts';

/**
 * A model of one invitation: what the state machine (machine.ts) and the time rules say should happen. Random
 * sequences of answers by random people (either side, or a stranger) and of passing time are applied to the model
 * and to the real domain on a real database; after every step both must agree on the outcome and the state.
 */
interface ModelSlot {
  proposedBy: 'teacher' | 'host';
  status: 'open' | 'accepted' | 'withdrawn';
  startsAt: number;
}
interface Model {
  status: InvitationStatus;
  slots: ModelSlot[];
  now: number;
  expiresAt: number;
  scheduledStartsAt: number | null;
}
interface Real {
  db: Database;
  world: World;
  id: string;
  now: Date;
}

type Actor = Party | 'stranger';
const EXPIRY_DAYS = 7;

/**
 * Answered within the period, and a day before the first time on offer (halfway there when it is nearer); moved out of
 * the night (utils/time.ts, tested on its own).
 */
function deadline(now: number, starts: number[]): number {
  const first = Math.min(...starts);
  const due = Math.min(now + EXPIRY_DAYS * DAY_MS, first - Math.min(DAY_MS, (first - now) / 2));
  return daytimeDeadline(new Date(due), new Date(now)).getTime();
}

function viewerOf(real: Real, actor: Actor) {
  const { people } = real.world;
  return actor === 'teacher' ? people.teacher : actor === 'host' ? people.speaker : people.otherSpeaker;
}

/** The rules, written out again independently of machine.ts: who may do what in which state. */
const allowed: Partial<Record<`${InvitationStatus}:${string}`, Actor[]>> = {
  'pending:accept': ['host'],
  'pending:decline': ['host'],
  'pending:counter': ['host'],
  'pending:cancel': ['teacher'],
  'countered:accept': ['teacher'],
  'countered:counter': ['teacher'],
  'countered:cancel': ['teacher', 'host'],
  'scheduled:cancel': ['teacher', 'host'],
  'scheduled:complete': ['teacher'],
};
/** The host accepts the teacher's slots; after a counter-proposal the teacher accepts the host's. */
const acceptsSlotsOf = (status: InvitationStatus) =>
  status === 'pending' ? 'teacher' : status === 'countered' ? 'host' : null;

/** The expected error, or null when the step should succeed, for an action by an actor. */
function expectedRefusal(
  model: Model,
  action: 'accept' | 'decline' | 'counter' | 'cancel' | 'complete',
  actor: Actor,
): InvitationError | null {
  if (actor === 'stranger') return 'not_found';
  if (!allowed[`${model.status}:${action}`]?.includes(actor)) return 'invalid_transition';
  return null;
}

async function realSlots(real: Real) {
  return real.db
    .select()
    .from(invitationSlots)
    .where(eq(invitationSlots.invitationId, real.id))
    .orderBy(asc(invitationSlots.createdAt), asc(invitationSlots.startsAt));
}

async function expectSameState(model: Model, real: Real) {
  const [row] = await real.db.select().from(invitations).where(eq(invitations.id, real.id));
  expect(row?.status).toBe(model.status);
  expect(row?.scheduledStartsAt?.getTime() ?? null).toBe(model.scheduledStartsAt);
  expect(row?.expiresAt.getTime()).toBe(model.expiresAt);
  const slots = await realSlots(real);
  expect(slots.map((s) => [s.proposedBy, s.status, s.startsAt.getTime()])).toEqual(
    model.slots.map((s) => [s.proposedBy, s.status, s.startsAt]),
  );
}

const meta = (real: Real) => ({ now: real.now, expiryDays: EXPIRY_DAYS });

class Accept implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly actor: Actor,
    readonly pick: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const slots = await realSlots(real);
    const index = this.pick % slots.length;
    const slot = slots[index]!;
    const target = model.slots[index]!;
    let expected = expectedRefusal(model, 'accept', this.actor);
    if (!expected && (target.status !== 'open' || target.proposedBy !== acceptsSlotsOf(model.status)))
      expected = 'slot_not_open';
    if (!expected && target.startsAt <= model.now) expected = 'slot_in_past';
    const result = await acceptSlot(real.db, viewerOf(real, this.actor), real.id, slot.id, meta(real));
    expect(result.ok ? null : result.error).toBe(expected);
    if (!expected) {
      model.status = 'scheduled';
      model.scheduledStartsAt = target.startsAt;
      for (const s of model.slots) if (s.status === 'open') s.status = 'withdrawn';
      target.status = 'accepted';
    }
    await expectSameState(model, real);
  }
  toString = () => `accept(${this.actor}, ${this.pick})`;
}

class Decline implements fc.AsyncCommand<Model, Real> {
  constructor(readonly actor: Actor) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const expected = expectedRefusal(model, 'decline', this.actor);
    const result = await declineInvitation(
      real.db,
      viewerOf(real, this.actor),
      real.id,
      '不方便',
      meta(real),
    );
    expect(result.ok ? null : result.error).toBe(expected);
    if (!expected) {
      model.status = 'declined';
      for (const s of model.slots) if (s.status === 'open') s.status = 'withdrawn';
    }
    await expectSameState(model, real);
  }
  toString = () => `decline(${this.actor})`;
}

class Counter implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly actor: Actor,
    readonly days: number[],
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const slots = this.days.map((d) => slotAt(d));
    let expected = expectedRefusal(model, 'counter', this.actor);
    // The first time in the list that is too early says why: already passed, or less than a day ahead.
    const early = slots.find((s) => s.startsAt.getTime() < model.now + DAY_MS);
    if (!expected && early) expected = early.startsAt.getTime() < model.now ? 'slot_in_past' : 'too_soon';
    // The host does not offer back a time the school still offers: they accept it.
    const schoolOffers = (s: { startsAt: Date }) =>
      model.slots.some(
        (m) => m.proposedBy === 'teacher' && m.status === 'open' && m.startsAt === s.startsAt.getTime(),
      );
    if (!expected && this.actor === 'host' && slots.some(schoolOffers)) expected = 'already_proposed';
    const result = await counterInvitation(
      real.db,
      viewerOf(real, this.actor),
      real.id,
      { slots, note: '' },
      meta(real),
    );
    expect(result.ok ? null : result.error).toBe(expected);
    if (!expected) {
      // The host's times go to the teacher; the teacher's, in turn, back to the host.
      model.status = this.actor === 'host' ? 'countered' : 'pending';
      for (const s of model.slots) if (s.status === 'open') s.status = 'withdrawn';
      const proposedBy = this.actor === 'host' ? ('host' as const) : ('teacher' as const);
      model.slots.push(
        ...slots
          .map((s) => ({
            proposedBy,
            status: 'open' as const,
            startsAt: s.startsAt.getTime(),
          }))
          .sort((a, b) => a.startsAt - b.startsAt),
      );
      model.expiresAt = deadline(
        model.now,
        slots.map((s) => s.startsAt.getTime()),
      );
    }
    await expectSameState(model, real);
  }
  toString = () => `counter(${this.actor}, [${this.days}])`;
}

class Cancel implements fc.AsyncCommand<Model, Real> {
  constructor(readonly actor: Actor) {}
  check = () => true;
  async run(model: Model, real: Real) {
    let expected = expectedRefusal(model, 'cancel', this.actor);
    if (!expected && model.scheduledStartsAt !== null && model.scheduledStartsAt <= model.now)
      expected = 'already_started';
    const result = await cancelInvitation(real.db, viewerOf(real, this.actor), real.id, '有变', meta(real));
    expect(result.ok ? null : result.error).toBe(expected);
    if (!expected) {
      model.status = 'cancelled';
      model.scheduledStartsAt = null;
      for (const s of model.slots) if (s.status === 'open') s.status = 'withdrawn';
    }
    await expectSameState(model, real);
  }
  toString = () => `cancel(${this.actor})`;
}

class Complete implements fc.AsyncCommand<Model, Real> {
  constructor(readonly actor: Actor) {}
  check = () => true;
  async run(model: Model, real: Real) {
    let expected = expectedRefusal(model, 'complete', this.actor);
    if (!expected && (model.scheduledStartsAt === null || model.scheduledStartsAt > model.now))
      expected = 'not_yet_held';
    const result = await completeInvitation(
      real.db,
      viewerOf(real, this.actor),
      real.id,
      { rating: 4, feedback: '很好' },
      meta(real),
    );
    expect(result.ok ? null : result.error).toBe(expected);
    if (!expected) model.status = 'completed';
    await expectSameState(model, real);
  }
  toString = () => `complete(${this.actor})`;
}

/** Time passes and the expiry job runs. */
class Wait implements fc.AsyncCommand<Model, Real> {
  constructor(readonly hours: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    model.now += this.hours * HOUR_MS;
    real.now = new Date(model.now);
    await expireOpenInvitations(real.db, { now: real.now });
    const proposer = acceptsSlotsOf(model.status);
    const offered = model.slots.some(
      (s) => s.status === 'open' && s.proposedBy === proposer && s.startsAt > model.now,
    );
    if (
      (model.status === 'pending' || model.status === 'countered') &&
      (model.now >= model.expiresAt || !offered)
    ) {
      model.status = 'expired';
      for (const s of model.slots) if (s.status === 'open') s.status = 'withdrawn';
    }
    await expectSameState(model, real);
  }
  toString = () => `wait(${this.hours} h)`;
}

const actor = fc.constantFrom<Actor>('teacher', 'host', 'host', 'teacher', 'stranger');
const commands = [
  fc.tuple(actor, fc.nat(5)).map(([a, pick]) => new Accept(a, pick)),
  actor.map((a) => new Decline(a)),
  fc
    .tuple(actor, fc.uniqueArray(fc.integer({ min: 2, max: 30 }), { minLength: 1, maxLength: 3 }))
    .map(([a, days]) => new Counter(a, days)),
  actor.map((a) => new Cancel(a)),
  actor.map((a) => new Complete(a)),
  fc.integer({ min: 1, max: 24 * 9 }).map((hours) => new Wait(hours)),
];

describeEachDriver('the invitation state machine, against a model', (ctx) => {
  it('agrees with the model on every step of random answer sequences by either side, strangers and time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 2, max: 20 }), { minLength: 1, maxLength: 3 }),
        fc.commands(commands, { maxCommands: 12 }),
        async (days, cmds) => {
          const world = await makeWorld(ctx.db, { monthlyCap: 60 });
          const slots = days.map((d) => slotAt(d));
          const created = await createInvitation(
            ctx.db,
            world.people.teacher,
            {
              speakerId: world.speaker.id,
              topicId: world.topic.id,
              slots,
              audienceSize: 60,
              grades: [7],
              place: '礼堂',
              notes: '',
            },
            { now: T0, expiryDays: EXPIRY_DAYS },
          );
          if (!created.ok) throw new Error(created.error);
          const model: Model = {
            status: 'pending',
            slots: slots
              .map((s) => ({
                proposedBy: 'teacher' as const,
                status: 'open' as const,
                startsAt: s.startsAt.getTime(),
              }))
              .sort((a, b) => a.startsAt - b.startsAt),
            now: T0.getTime(),
            expiresAt: deadline(
              T0.getTime(),
              slots.map((s) => s.startsAt.getTime()),
            ),
            scheduledStartsAt: null,
          };
          await fc.asyncModelRun(
            () => ({ model, real: { db: ctx.db, world, id: created.id, now: T0 } }),
            cmds,
          );
        },
      ),
      { numRuns: ctx.driver === 'pglite' ? 15 : 40 },
    );
  });
});
