// A small world for booking tests: a venue with an on-site program and sessions, its operator, and two schools (one
// ordinary, one priority) with their teachers and admins. Every person is a real row with real memberships, so the
// domain's own permission checks run.

import { and, eq, inArray, sql } from 'drizzle-orm';
import { activeRoles, type RoleMembership } from '#app/domain/accounts/accounts.server.ts';
import type { Viewer } from '#app/domain/speakers/speakers.server.ts';
import type { Database } from '#db/client.ts';
import { type Role, seatHoldingStatuses } from '#db/schema/enums.ts';
import {
  accessCommitments,
  bookings,
  memberships,
  programs,
  schools,
  sessions,
  users,
  venues,
} from '#db/schema/index.ts';

/** Monday 4 March 2030, 10:00 in Asia/Shanghai. */
export const T0 = new Date('2030-03-04T02:00:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type Person = Viewer & { email: string };

export interface BookingWorld {
  venue: { id: string; slug: string };
  program: { id: string };
  /** 120 seats, 10 days after T0. */
  session: { id: string; startsAt: Date };
  school: { id: string };
  prioritySchool: { id: string };
  people: Record<
    'teacher' | 'otherTeacher' | 'schoolAdmin' | 'priorityTeacher' | 'operator' | 'otherOperator' | 'admin',
    Person
  >;
}

let counter = 0;

async function person(
  db: Database,
  name: string,
  role: Role,
  target: Partial<Pick<RoleMembership, 'schoolId' | 'venueId' | 'regionCode' | 'speakerId'>>,
): Promise<Person> {
  counter++;
  const email = `${role.replace('_', '-')}-${counter}-${Math.random().toString(36).slice(2, 8)}@test.example`;
  const [user] = await db.insert(users).values({ email, name }).returning();
  if (!user) throw new Error('no user');
  await db.insert(memberships).values({ userId: user.id, role, ...target });
  return { id: user.id, email, roles: await activeRoles(db, user.id) };
}

export interface WorldOptions {
  capacity?: number;
  requiresApproval?: boolean;
  autoConfirm?: boolean;
  greenChannelSeats?: number;
  greenReleaseAt?: Date | null;
  /** Days after T0 the session starts. */
  sessionDays?: number;
}

export async function makeBookingWorld(db: Database, options: WorldOptions = {}): Promise<BookingWorld> {
  counter++;
  const [venue, otherVenue] = await db
    .insert(venues)
    .values([
      {
        slug: `museum-b${counter}-${Math.random().toString(36).slice(2, 8)}`,
        name: '内蒙古博物院',
        type: 'museum',
        regionCode: '150102',
        lat: 40.84,
        lng: 111.66,
        status: 'published',
        autoConfirm: options.autoConfirm ?? false,
        emergencyContact: '0471-1234567',
      },
      {
        slug: `science-b${counter}-${Math.random().toString(36).slice(2, 8)}`,
        name: '呼和浩特科技馆',
        type: 'science_museum',
        regionCode: '150105',
        lat: 40.82,
        lng: 111.72,
        status: 'published',
      },
    ])
    .returning();
  const [program] = await db
    .insert(programs)
    .values({
      venueId: venue!.id,
      title: '草原文明展导览',
      grades: [3, 4, 5, 6, 7, 8, 9],
      durationMinutes: 90,
      minGroupSize: 1,
      maxGroupSize: 200,
      standardPricePerPupil: 2000,
      standardPricePerChaperone: 3000,
    })
    .returning();
  await db.insert(accessCommitments).values([
    { venueId: venue!.id, audience: 'primary', kind: 'free', validFrom: '2029-01-01', status: 'active' },
    {
      venueId: venue!.id,
      audience: 'junior',
      kind: 'percent_off',
      percentOff: 50,
      validFrom: '2029-01-01',
      status: 'active',
    },
  ]);
  const startsAt = new Date(T0.getTime() + (options.sessionDays ?? 10) * DAY_MS);
  const [session] = await db
    .insert(sessions)
    .values({
      programId: program!.id,
      venueId: venue!.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      capacity: options.capacity ?? 120,
      greenChannelSeats: options.greenChannelSeats ?? 0,
      greenReleaseAt: options.greenReleaseAt ?? null,
    })
    .returning();
  const [school, prioritySchool] = await db
    .insert(schools)
    .values([
      {
        name: '赛罕区实验小学',
        level: 'nine_year',
        regionCode: '150105',
        pupils: 900,
        requiresApproval: options.requiresApproval ?? false,
      },
      { name: '哈达中心学校', level: 'nine_year', regionCode: '150125', pupils: 320, rural: true },
    ])
    .returning();
  const people = {
    teacher: await person(db, '王老师', 'teacher', { schoolId: school!.id }),
    otherTeacher: await person(db, '赵老师', 'teacher', { schoolId: school!.id }),
    schoolAdmin: await person(db, '李校长', 'school_admin', { schoolId: school!.id }),
    priorityTeacher: await person(db, '其其格老师', 'teacher', { schoolId: prioritySchool!.id }),
    operator: await person(db, '张馆员', 'venue_operator', { venueId: venue!.id }),
    otherOperator: await person(db, '刘馆员', 'venue_operator', { venueId: otherVenue!.id }),
    admin: await person(db, '管理员', 'admin', {}),
  };
  return {
    venue: venue!,
    program: program!,
    session: { id: session!.id, startsAt },
    school: school!,
    prioritySchool: prioritySchool!,
    people,
  };
}

/** Another session of the world's program, `days` after T0. */
export async function addSession(db: Database, world: BookingWorld, days: number, capacity = 120) {
  const startsAt = new Date(T0.getTime() + days * DAY_MS);
  const [session] = await db
    .insert(sessions)
    .values({
      programId: world.program.id,
      venueId: world.venue.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      capacity,
    })
    .returning();
  return { id: session!.id, startsAt };
}

/**
 * A valid request for `pupils` pupils of grade 5 (with the chaperones the ratio needs). A school's second request for
 * the same session needs `{ anotherGroup: true }` (or `anotherGroup()` below).
 */
export function requestFor(sessionId: string, pupils: number, extra: Record<string, unknown> = {}) {
  return {
    sessionId,
    grade: 5,
    pupils,
    chaperones: Math.ceil(pupils / 10),
    pupilsWithDisabilities: 0,
    leftBehindPupils: 0,
    notes: '',
    waitlist: false,
    anotherGroup: false,
    ...extra,
  };
}

/** A request for one more group of a school in a session it has booked already. */
export function anotherGroup(sessionId: string, pupils: number, extra: Record<string, unknown> = {}) {
  return requestFor(sessionId, pupils, { anotherGroup: true, ...extra });
}

/** Seats the session says it holds, and what its holding bookings add up to. */
export async function seatLedger(db: Database, sessionId: string) {
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  const [sum] = await db
    .select({ seats: sql<number>`coalesce(sum(${bookings.seats}), 0)::int` })
    .from(bookings)
    .where(and(eq(bookings.sessionId, sessionId), inArray(bookings.status, [...seatHoldingStatuses])));
  return { held: session?.seatsHeld ?? -1, capacity: session?.capacity ?? -1, sum: sum?.seats ?? -1 };
}
