import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBooking } from '#app/domain/bookings/bookings.server.ts';
import { venues } from '#db/schema/index.ts';
import {
  addSession,
  anotherGroup,
  type BookingWorld,
  makeBookingWorld,
  seatLedger,
  T0,
} from '#tests/factories/bookings.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '#tests/setup/db.ts';
import { updateSession } from './sessions.server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

// PGlite runs one transaction at a time, so the race can only be shown on the PostgreSQL server.
describe.skipIf(!serverUrl)('the console’s capacity edits racing with bookings [postgres]', () => {
  let database: TestDatabase;
  let world: BookingWorld;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    world = await makeBookingWorld(database.db);
    await database.db
      .update(venues)
      .set({ chaperoneRatioPrimary: 100, chaperoneRatioSecondary: 100 })
      .where(eq(venues.id, world.venue.id));
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('never leaves more seats held than the capacity, and refuses exactly the edits below what was held', async () => {
    const teachers = [world.people.teacher, world.people.otherTeacher, world.people.priorityTeacher];
    for (let round = 0; round < 15; round++) {
      const session = await addSession(database.db, world, 12 + round, 120);
      const bookingsMade = Array.from({ length: 60 }, async (_, i) => {
        await sleep(Math.random() * 8);
        return createBooking(
          database.db,
          teachers[i % 3]!,
          { ...anotherGroup(session.id, randomInt(1, 20)), chaperones: 1, waitlist: i % 4 === 0 },
          { now: T0 },
        );
      });
      const edits = Array.from({ length: 10 }, async () => {
        await sleep(Math.random() * 8);
        const capacity = randomInt(30, 160);
        return {
          capacity,
          result: await updateSession(database.db, world.people.operator, session.id, { capacity }, T0),
        };
      });
      const [made, edited] = await Promise.all([Promise.all(bookingsMade), Promise.all(edits)]);
      expect(made.every((r) => r.ok || r.error === 'session_full')).toBe(true);
      const ledger = await seatLedger(database.db, session.id);
      // Seats only ever get taken in this round, so an edit refused then was below what is held now.
      for (const { capacity, result } of edited) {
        if (result.ok) expect(result.session.capacity).toBeGreaterThanOrEqual(result.session.seatsHeld);
        else {
          expect(result.error).toBe('capacity_below_held');
          expect(capacity).toBeLessThan(ledger.held);
        }
      }
      expect(ledger.held).toBe(ledger.sum);
      expect(ledger.held).toBeLessThanOrEqual(ledger.capacity);
    }
  });
});
