// The speakers' small world (schools, teachers, two venues with their operators, an auditor, an admin) plus what the
// venue console needs: an on-site program with sessions, and seats held the way bookings hold them.
import { eq, sql } from 'drizzle-orm';
import type { VenueActor } from '#app/domain/venues/access.server.ts';
import type { ProgramInput } from '#app/domain/venues/schemas.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import type { BookingStatus } from '#db/schema/enums.ts';
import { bookings, programs, sessions } from '#db/schema/index.ts';
import { makeWorld, T0, type World } from './speakers.ts';

export { T0 };

/** A program's fields as the console's form gives them: an on-site visit, free, for groups of 1–40. */
export function programInput(
  fields: Partial<ProgramInput> & Pick<ProgramInput, 'title' | 'grades'>,
): ProgramInput {
  return {
    summary: '',
    durationMinutes: 60,
    minGroupSize: 1,
    maxGroupSize: 40,
    delivery: 'onsite',
    language: 'zh',
    standardPricePerPupil: 0,
    standardPricePerChaperone: 0,
    ...fields,
  };
}

export interface ConsoleWorld extends World {
  onsite: { id: string };
  session: { id: string };
}

export async function makeConsoleWorld(db: Database): Promise<ConsoleWorld> {
  const world = await makeWorld(db);
  const [onsite] = await db
    .insert(programs)
    .values({
      venueId: world.venue.id,
      title: '机器人探秘',
      grades: [4, 5, 6],
      durationMinutes: 90,
      maxGroupSize: 60,
      standardPricePerPupil: 3000,
      delivery: 'onsite',
    })
    .returning();
  const [session] = await db
    .insert(sessions)
    .values({
      programId: onsite!.id,
      venueId: world.venue.id,
      startsAt: shanghaiTime(2030, 3, 20, 9, 30),
      endsAt: shanghaiTime(2030, 3, 20, 11, 0),
      capacity: 120,
    })
    .returning();
  return { ...world, onsite: onsite!, session: session! };
}

export function actorOf(person: World['people'][keyof World['people']]): VenueActor {
  return { id: person.id, roles: person.roles };
}

/** A booking holding seats, written as the bookings desk writes it (the seat count moves in the same statement). */
export async function holdSeats(
  db: Database,
  world: ConsoleWorld,
  seats: number,
  status: BookingStatus = 'confirmed',
  sessionId = world.session.id,
) {
  return db.transaction(async (tx) => {
    const [session] = await tx
      .update(sessions)
      .set({
        seatsHeld: sql`${sessions.seatsHeld} + ${seats}`,
        seatsHeldGeneral: sql`${sessions.seatsHeldGeneral} + ${seats}`,
      })
      .where(eq(sessions.id, sessionId))
      .returning();
    const [booking] = await tx
      .insert(bookings)
      .values({
        sessionId,
        venueId: session!.venueId,
        schoolId: world.school.id,
        teacherId: world.people.teacher.id,
        status,
        grade: 5,
        pupils: seats - 2,
        chaperones: 2,
        seats,
        contactName: '王老师',
        contactPhone: '13800000000',
        standardPricePerPupil: 3000,
        standardPricePerChaperone: 0,
        promisedPricePerPupil: 0,
        promisedPricePerChaperone: 0,
        confirmedAt: status === 'confirmed' ? T0 : null,
      })
      .returning();
    return booking!;
  });
}

/** A booking leaves the seat-holding states (cancelled, declined, lapsed): its seats go back in the same transaction. */
export async function releaseSeats(
  db: Database,
  booking: { id: string; sessionId: string; seats: number },
  status: Exclude<BookingStatus, 'requested' | 'school_approved' | 'confirmed'>,
) {
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({
        seatsHeld: sql`${sessions.seatsHeld} - ${booking.seats}`,
        seatsHeldGeneral: sql`${sessions.seatsHeldGeneral} - ${booking.seats}`,
      })
      .where(eq(sessions.id, booking.sessionId));
    await tx.update(bookings).set({ status }).where(eq(bookings.id, booking.id));
  });
}

/** Another school's group of 22 on the session's waitlist: it holds no seat. */
export async function waitlisted(db: Database, w: ConsoleWorld, sessionId: string) {
  const [booking] = await db
    .insert(bookings)
    .values({
      sessionId,
      venueId: w.venue.id,
      schoolId: w.otherSchool.id,
      teacherId: w.people.otherTeacher.id,
      status: 'waitlisted',
      grade: 5,
      pupils: 20,
      chaperones: 2,
      seats: 22,
      contactName: '赵老师',
      contactPhone: '13800000001',
      standardPricePerPupil: 0,
      standardPricePerChaperone: 0,
      promisedPricePerPupil: 0,
      promisedPricePerChaperone: 0,
    })
    .returning();
  return booking!;
}
