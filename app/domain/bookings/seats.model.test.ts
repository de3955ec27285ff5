import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { daytimeDeadline } from '#app/utils/time.ts';
import type { BookingStatus } from '#db/schema/enums.ts';
import { bookings, schools } from '#db/schema/index.ts';
import { HOUR_MS, makeBookingWorld, requestFor, seatLedger, T0 } from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import {
  approveBooking,
  cancelBooking,
  changeCapacity,
  confirmBooking,
  createBooking,
  declineBooking,
  lapseExpiredRequests,
  promoteWaitlists,
} from './bookings.server.ts';

/**
 * A model of one session's seats: random sequences of bookings (from a school whose trips need its admin's approval
 * and from one whose trips do not; a school's second live booking only as another group), approvals, confirmations, declines, cancellations, passing time with lapses,
 * waitlist promotions and capacity edits are applied to the model and to the real domain on a real database. After
 * every step both must agree on every booking's status, and the session must hold exactly Σ active seats ≤ capacity.
 */
type Command =
  | { kind: 'book'; approvalSchool: boolean; pupils: number; waitlist: boolean; anotherGroup: boolean }
  | { kind: 'approve' | 'confirm' | 'decline' | 'cancel'; pick: number }
  | { kind: 'lapse'; hours: number }
  | { kind: 'promote' }
  | { kind: 'capacity'; capacity: number };

interface ModelBooking {
  id: string;
  status: BookingStatus;
  seats: number;
  needsApproval: boolean;
  createdAt: number;
  holdUntil: number | null;
}

const HOLD = 72 * HOUR_MS;
/** Requests are answered 12 hours before the start at the latest (rules.ANSWER_LEAD_HOURS). */
const ANSWER_LEAD = 12 * HOUR_MS;
/** The hold, or 12 h before the start if earlier, moved out of the night (utils/time.ts, tested on its own). */
const holdUntilFor = (now: number, start: number) =>
  daytimeDeadline(new Date(Math.min(now + HOLD, start - ANSWER_LEAD)), new Date(now)).getTime();
const holding = (s: BookingStatus) => s === 'requested' || s === 'school_approved' || s === 'confirmed';
const live = (s: BookingStatus) => holding(s) || s === 'waitlisted';

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      approvalSchool: fc.boolean(),
      pupils: fc.integer({ min: 1, max: 40 }),
      waitlist: fc.boolean(),
      anotherGroup: fc.boolean(),
    }),
  },
  ...(['approve', 'confirm', 'decline', 'cancel'] as const).map((kind) => ({
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant(kind), pick: fc.nat() }),
  })),
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('lapse' as const), hours: fc.integer({ min: 1, max: 80 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('promote' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('capacity' as const),
      capacity: fc.integer({ min: 20, max: 160 }),
    }),
  },
);

describeEachDriver('booking seats model', (ctx) => {
  it('random sequences keep held = Σ active seats ≤ capacity, and every status as the model predicts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 5, maxLength: 40 }), async (commands) => {
        const world = await makeBookingWorld(ctx.db, { capacity: 80, sessionDays: 10 });
        // The first school requires approval; the priority school does not (no green seats here).
        await ctx.db.update(schools).set({ requiresApproval: true }).where(eq(schools.id, world.school.id));
        const start = world.session.startsAt.getTime();
        const closes = start - 24 * HOUR_MS;
        let now = T0.getTime();
        let capacity = 80;
        const model: ModelBooking[] = [];
        const held = () => model.filter((b) => holding(b.status)).reduce((n, b) => n + b.seats, 0);
        // Past it, no request can be answered in time: nothing is approved or promoted into a wait for an answer.
        const answerBy = start - ANSWER_LEAD;
        const promote = () => {
          if (now >= answerBy) return;
          const waiting = model
            .filter((b) => b.status === 'waitlisted')
            .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
          for (const b of waiting) {
            if (held() + b.seats <= capacity) {
              b.status = 'requested';
              b.holdUntil = holdUntilFor(now, start);
            }
          }
        };
        const release = (b: ModelBooking, to: BookingStatus) => {
          b.status = to;
          b.holdUntil = null;
          promote();
        };
        const meta = () => ({ now: new Date(now) });

        for (const command of commands) {
          const pick = 'pick' in command && model.length > 0 ? model[command.pick % model.length] : undefined;
          switch (command.kind) {
            case 'book': {
              const teacher = command.approvalSchool ? world.people.teacher : world.people.priorityTeacher;
              const input = requestFor(world.session.id, command.pupils, {
                waitlist: command.waitlist,
                anotherGroup: command.anotherGroup,
              });
              const result = await createBooking(ctx.db, teacher, input, meta());
              const seats = input.pupils + input.chaperones;
              const schoolHasOne = model.some(
                (b) => b.needsApproval === command.approvalSchool && live(b.status),
              );
              if (now > closes) {
                expect(result).toMatchObject({ ok: false, error: 'booking_closed' });
              } else if (schoolHasOne && !command.anotherGroup) {
                expect(result).toMatchObject({ ok: false, error: 'already_booked', field: 'anotherGroup' });
              } else if (held() + seats <= capacity) {
                expect(result).toMatchObject({ ok: true, status: 'requested' });
              } else if (command.waitlist && seats <= capacity) {
                expect(result).toMatchObject({ ok: true, status: 'waitlisted' });
              } else {
                expect(result).toMatchObject({ ok: false, error: 'session_full' });
              }
              if (result.ok) {
                model.push({
                  id: result.id,
                  status: result.status,
                  seats,
                  needsApproval: command.approvalSchool,
                  createdAt: now,
                  holdUntil: result.status === 'requested' ? holdUntilFor(now, start) : null,
                });
              }
              break;
            }
            case 'approve': {
              if (!pick) break;
              const result = await approveBooking(ctx.db, world.people.schoolAdmin, pick.id, meta());
              const allowed = pick.status === 'requested' && pick.needsApproval && now < answerBy;
              expect(result.ok).toBe(allowed);
              if (pick.status === 'requested' && pick.needsApproval && !allowed) {
                expect(result).toMatchObject({ ok: false, error: 'approval_too_late' });
              }
              if (allowed) {
                pick.status = 'school_approved';
                pick.holdUntil = holdUntilFor(now, start);
              }
              break;
            }
            case 'confirm': {
              if (!pick) break;
              const result = await confirmBooking(ctx.db, world.people.operator, pick.id, meta());
              const allowed =
                ((pick.status === 'requested' && !pick.needsApproval) || pick.status === 'school_approved') &&
                now < start;
              expect(result.ok).toBe(allowed);
              if (allowed) {
                pick.status = 'confirmed';
                pick.holdUntil = null;
              }
              break;
            }
            case 'decline': {
              if (!pick) break;
              const result = await declineBooking(ctx.db, world.people.operator, pick.id, '', meta());
              const allowed =
                (pick.status === 'requested' && !pick.needsApproval) || pick.status === 'school_approved';
              expect(result.ok).toBe(allowed);
              if (allowed) release(pick, 'declined');
              break;
            }
            case 'cancel': {
              if (!pick) break;
              const result = await cancelBooking(ctx.db, world.people.operator, pick.id, '调整', meta());
              const allowed =
                ['requested', 'school_approved', 'confirmed', 'waitlisted'].includes(pick.status) &&
                now < start;
              expect(result.ok).toBe(allowed);
              if (allowed) release(pick, 'cancelled');
              break;
            }
            case 'lapse': {
              // Up to six hours before the start: past the booking window and the last moment to answer.
              now = Math.min(now + command.hours * HOUR_MS, start - 6 * HOUR_MS);
              const due = model
                .filter(
                  (b) => (b.status === 'requested' || b.status === 'school_approved') && b.holdUntil !== null,
                )
                .filter((b) => (b.holdUntil as number) <= now)
                .sort((a, b) => (a.holdUntil as number) - (b.holdUntil as number) || (a.id < b.id ? -1 : 1));
              const lapsed = await lapseExpiredRequests(ctx.db, meta());
              // Earlier runs' sessions share the database, so the job may lapse more than this session's requests.
              // Promotions made while lapsing start new holds after `now`, so they never lapse in the same run.
              expect(lapsed).toBeGreaterThanOrEqual(due.length);
              for (const b of due) release(b, 'lapsed');
              break;
            }
            case 'promote': {
              await promoteWaitlists(ctx.db, meta());
              promote();
              break;
            }
            case 'capacity': {
              const result = await changeCapacity(ctx.db, world.session.id, command.capacity, meta());
              if (command.capacity < held()) {
                expect(result).toMatchObject({ ok: false, error: 'capacity_below_held' });
              } else {
                expect(result.ok).toBe(true);
                capacity = command.capacity;
                promote();
              }
              break;
            }
          }
          const ledger = await seatLedger(ctx.db, world.session.id);
          expect(ledger).toEqual({ held: held(), capacity, sum: held() });
          expect(ledger.held).toBeLessThanOrEqual(ledger.capacity);
          const rows = await ctx.db
            .select({ id: bookings.id, status: bookings.status })
            .from(bookings)
            .where(eq(bookings.sessionId, world.session.id));
          expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual(
            Object.fromEntries(model.map((b) => [b.id, b.status])),
          );
        }
      }),
      { numRuns: 40 },
    );
  });
});
