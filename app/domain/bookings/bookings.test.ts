import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getFormatters, getT } from '#app/i18n/index.ts';
import { shanghaiTime } from '#app/utils/time.ts';
import type { Database } from '#db/client.ts';
import {
  auditLog,
  bookings,
  emailOutbox,
  notifications,
  schools,
  sessions,
  venues,
} from '#db/schema/index.ts';
import { PG, pgConstraint, pgErrorCode } from '#db/sql.ts';
import {
  addSession,
  anotherGroup,
  type BookingWorld,
  DAY_MS,
  HOUR_MS,
  makeBookingWorld,
  requestFor,
  seatLedger,
  T0,
} from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { tripForViewer } from '../calendar/trips.server.ts';
import { setProgramActive } from '../venues/programs.server.ts';
import {
  approveBooking,
  bookingErrorStatus,
  cancelBooking,
  confirmBooking,
  createBooking,
  declineBooking,
  formatWhen,
  lapseExpiredRequests,
  promoteWaitlists,
  recordAttendance,
  type Viewer,
} from './bookings.server.ts';
import { answerBookingForm } from './forms.server.ts';
import { actionsInTime, availableActions, nextStatus } from './machine.ts';
import { failureFields, failureMessage } from './messages.ts';
import {
  chargedAbovePromise,
  greenSeatsHeld,
  minimumChaperones,
  mostAttending,
  seatsOpenTo,
} from './rules.ts';
import {
  bookableSessions,
  bookingDetail,
  listTrips,
  schoolTrips,
  sessionForBooking,
  sessionGroups,
} from './views.server.ts';

const meta = (now = T0) => ({ now, publicUrl: 'https://sc.example' });

async function kindsFor(db: Database, userId: string) {
  const rows = await db
    .select({ kind: notifications.kind })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return rows.map((r) => r.kind).sort();
}

describe('booking rules (pure)', () => {
  it('needs one adult per 10 primary pupils and per 15 secondary pupils, per venue', () => {
    const venue = { chaperoneRatioPrimary: 10, chaperoneRatioSecondary: 15 };
    expect(minimumChaperones(30, 5, venue)).toBe(3);
    expect(minimumChaperones(31, 5, venue)).toBe(4);
    expect(minimumChaperones(30, 8, venue)).toBe(2);
    expect(minimumChaperones(30, 8, { chaperoneRatioPrimary: 8, chaperoneRatioSecondary: 6 })).toBe(5);
  });

  it('keeps green-channel seats for priority schools until the release', () => {
    const session = {
      capacity: 100,
      seatsHeld: 70,
      seatsHeldGeneral: 70,
      greenChannelSeats: 20,
      greenReleaseAt: new Date(T0.getTime() + DAY_MS),
    };
    expect(seatsOpenTo(session, false, T0)).toBe(10);
    expect(seatsOpenTo(session, true, T0)).toBe(30);
    expect(seatsOpenTo(session, false, new Date(T0.getTime() + 2 * DAY_MS))).toBe(30);
  });

  it('lets a group grow on the day by a fifth (at least 5), within the capacity, never below the booking', () => {
    expect(mostAttending(45, 120)).toBe(54);
    expect(mostAttending(10, 120)).toBe(15);
    expect(mostAttending(0, 120)).toBe(5);
    expect(mostAttending(45, 50)).toBe(50);
    expect(mostAttending(45, 40)).toBe(45);
  });

  it('lets only the right side take each step', () => {
    expect(nextStatus('requested', 'confirm', ['venue'], false)).toBe('confirmed');
    expect(nextStatus('requested', 'confirm', ['venue'], true)).toBeNull();
    expect(nextStatus('requested', 'approve', ['school_admin', 'school'], true)).toBe('school_approved');
    expect(nextStatus('requested', 'approve', ['school'], true)).toBeNull();
    expect(nextStatus('requested', 'decline', ['venue'], true)).toBeNull();
    expect(nextStatus('school_approved', 'confirm', ['venue'], true)).toBe('confirmed');
    expect(nextStatus('confirmed', 'cancel', ['school'], false)).toBe('cancelled');
    expect(nextStatus('cancelled', 'cancel', ['school'], false)).toBeNull();
    expect(availableActions('confirmed', ['venue'], false).sort()).toEqual(['attendance', 'cancel']);
  });

  it('offers approving, confirming and cancelling until the start, and attendance from the start on', () => {
    const all = ['approve', 'confirm', 'decline', 'cancel', 'attendance', 'feedback'] as const;
    const start = new Date('2027-04-07T01:30:00Z');
    expect(actionsInTime(all, start, new Date(start.getTime() - 1))).toEqual([
      'approve',
      'confirm',
      'decline',
      'cancel',
      'feedback',
    ]);
    for (const at of [start, new Date(start.getTime() + 86_400_000)])
      expect(actionsInTime(all, start, at)).toEqual(['decline', 'attendance', 'feedback']);
  });
});

/** The world's teacher asks for seats for a group in the world's session (and that succeeds). */
async function teacherBooks(db: Database, world: BookingWorld, pupils = 30) {
  const created = await createBooking(db, world.people.teacher, requestFor(world.session.id, pupils), meta());
  if (!created.ok) throw new Error(created.error);
  return created;
}

describeEachDriver('bookings', (ctx) => {
  it('books seats with the promised prices of the commitments in force, and tells teacher and venue', async () => {
    const world = await makeBookingWorld(ctx.db);
    const primary = await createBooking(
      ctx.db,
      world.people.teacher,
      requestFor(world.session.id, 30),
      meta(),
    );
    expect(primary).toMatchObject({ ok: true, status: 'requested', seats: 33, promisedPricePerPupil: 0 });
    const junior = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      { ...anotherGroup(world.session.id, 30), grade: 8, chaperones: 2 },
      meta(),
    );
    expect(junior).toMatchObject({
      ok: true,
      seats: 32,
      promisedPricePerPupil: 1000,
      promisedPricePerChaperone: 3000,
    });
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 65, capacity: 120, sum: 65 });
    const [row] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, primary.ok ? primary.id : ''));
    expect(row?.holdUntil?.getTime()).toBe(T0.getTime() + 72 * HOUR_MS);
    expect(row?.contactName).toBe('王老师');
    expect(await kindsFor(ctx.db, world.people.teacher.id)).toEqual(['booking_received']);
    expect(await kindsFor(ctx.db, world.people.operator.id)).toEqual([
      'booking_requested',
      'booking_requested',
    ]);
    expect(await kindsFor(ctx.db, world.people.otherOperator.id)).toEqual([]);
  });

  it('refuses bad requests with a reason and writes nothing', async () => {
    const world = await makeBookingWorld(ctx.db);
    const id = world.session.id;
    const cases = [
      [{ ...requestFor(id, 30), chaperones: 2 }, 'too_few_chaperones', meta()],
      [{ ...requestFor(id, 30), grade: 1 }, 'grade_not_offered', meta()],
      [{ ...requestFor(id, 201), chaperones: 30 }, 'group_too_large', meta()],
      [requestFor(id, 10), 'not_open_yet', meta(new Date(T0.getTime() - 60 * DAY_MS))],
      [requestFor(id, 10), 'booking_closed', meta(new Date(world.session.startsAt.getTime() - 12 * HOUR_MS))],
      [requestFor(crypto.randomUUID(), 10), 'session_unavailable', meta()],
    ] as const;
    for (const [input, error, m] of cases) {
      expect(await createBooking(ctx.db, world.people.teacher, input, m)).toMatchObject({ ok: false, error });
    }
    // A group of the wrong size is told the program's range, not only that it is wrong.
    const tooLarge = await createBooking(ctx.db, world.people.teacher, cases[2][0], meta());
    expect(tooLarge).toMatchObject({ params: { min: 1, max: 200 } });
    expect(await createBooking(ctx.db, world.people.operator, requestFor(id, 10), meta())).toMatchObject({
      ok: false,
      error: 'not_a_teacher',
    });
    expect(await ctx.db.select().from(bookings)).toHaveLength(0);
    expect(await seatLedger(ctx.db, id)).toEqual({ held: 0, capacity: 120, sum: 0 });
  });

  it('names every wrong field of a request at once (grade, size, chaperones, the other-group box), the first deciding', async () => {
    const world = await makeBookingWorld(ctx.db);
    const id = world.session.id;
    const wrong = await createBooking(
      ctx.db,
      world.people.teacher,
      { ...requestFor(id, 201), grade: 1, chaperones: 2 },
      meta(),
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: 'grade_not_offered',
      field: 'grade',
      more: [
        { error: 'group_too_large', field: 'pupils', params: { max: 200 } },
        { error: 'too_few_chaperones', field: 'chaperones', params: { min: 21 } },
      ],
    });
    if (!wrong.ok) {
      const fields = failureFields(getT('zh'), wrong);
      expect(Object.keys(fields).sort()).toEqual(['chaperones', 'grade', 'pupils']);
      expect(fields.chaperones).toBe(failureMessage(getT('zh'), wrong.more?.[1] ?? wrong));
      expect(fields.chaperones).toContain('21');
    }
    // Once the school has a booking here, a wrong request not said to be another group is told that too.
    await teacherBooks(ctx.db, world);
    const again = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      { ...requestFor(id, 30), chaperones: 1 },
      meta(),
    );
    expect(again).toMatchObject({
      ok: false,
      error: 'too_few_chaperones',
      more: [{ error: 'already_booked', field: 'anotherGroup' }],
    });
    // One mistake alone carries no others.
    const one = await createBooking(
      ctx.db,
      world.people.teacher,
      { ...anotherGroup(id, 30), chaperones: 1 },
      meta(),
    );
    expect(one).toMatchObject({ ok: false, error: 'too_few_chaperones' });
    expect(one).not.toHaveProperty('more');
    expect(await seatLedger(ctx.db, id)).toEqual({ held: 33, capacity: 120, sum: 33 });
  });

  it('refuses a session of a program its venue switched off: program_inactive, waitlist or not, and writes nothing', async () => {
    const world = await makeBookingWorld(ctx.db, {
      greenChannelSeats: 20,
      greenReleaseAt: new Date(T0.getTime() + 3 * DAY_MS),
    });
    const operator = { id: world.people.operator.id, roles: world.people.operator.roles };
    expect(await setProgramActive(ctx.db, operator, world.program.id, false, T0)).toEqual({ ok: true });
    const id = world.session.id;
    for (const [who, input] of [
      [world.people.teacher, requestFor(id, 30)],
      [world.people.teacher, requestFor(id, 30, { waitlist: true })],
      [world.people.priorityTeacher, requestFor(id, 30)],
    ] as const) {
      const refused = await createBooking(ctx.db, who, input, meta());
      expect(refused).toEqual({ ok: false, error: 'program_inactive', field: 'sessionId' });
      if (!refused.ok) {
        expect(bookingErrorStatus[refused.error]).toBe(409);
        expect(failureFields(getT('en'), refused).sessionId).toContain('switched this program off');
      }
    }
    expect(await ctx.db.select().from(bookings)).toHaveLength(0);
    expect(await ctx.db.select().from(notifications)).toHaveLength(0);
    expect(await ctx.db.select().from(auditLog).where(like(auditLog.action, 'booking.%'))).toHaveLength(0);
    expect(await seatLedger(ctx.db, id)).toEqual({ held: 0, capacity: 120, sum: 0 });
    const view = await sessionForBooking(ctx.db, world.people.teacher, id, T0);
    expect(view).toMatchObject({ bookable: false, sessionOpen: false, programInactive: true });
    // Switched on again, the same request is taken.
    expect(await setProgramActive(ctx.db, operator, world.program.id, true, T0)).toEqual({ ok: true });
    expect(await createBooking(ctx.db, world.people.teacher, requestFor(id, 30), meta())).toMatchObject({
      ok: true,
    });
  });

  it('answers session_full with the waitlist on offer, and waitlists on request', async () => {
    const world = await makeBookingWorld(ctx.db, { capacity: 50 });
    const first = await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 40), meta());
    expect(first.ok).toBe(true);
    const full = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 20),
      meta(),
    );
    expect(full).toMatchObject({ ok: false, error: 'session_full', waitlistAvailable: true });
    const tooBig = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 60),
      meta(),
    );
    expect(tooBig).toMatchObject({ ok: false, error: 'session_full', waitlistAvailable: false });
    // Not "full, join the waitlist": the group is larger than the session, and the text says by how much.
    if (!tooBig.ok) {
      const text = failureMessage(getT('zh'), tooBig);
      expect(text).toContain(`共 ${tooBig.params?.seats} 人`);
      expect(text).toContain('容量（50 人）');
      // Some seats left, too few for the group: how many it needs and how many there are.
      expect(full).toMatchObject({ field: 'pupils', params: { seats: 22, open: 6 } });
      expect(failureMessage(getT('zh'), full as typeof tooBig)).toBe(
        '名额不够：这个团队（学生和陪同成人）需要 22 个名额，这个场次现在只剩 6 个。',
      );
      expect(failureMessage(getT('en'), full as typeof tooBig)).toContain(
        'needs 22, and the session has only 6 left',
      );
    }
    const waiting = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 20, { waitlist: true }),
      meta(),
    );
    expect(waiting).toMatchObject({ ok: true, status: 'waitlisted' });
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 44, capacity: 50, sum: 44 });
    // Each waiting group knows its place in the queue: the order promotion takes.
    const second = await createBooking(
      ctx.db,
      world.people.priorityTeacher,
      anotherGroup(world.session.id, 30, { waitlist: true }),
      meta(new Date(T0.getTime() + 60_000)),
    );
    expect(second).toMatchObject({ ok: true, status: 'waitlisted' });
    const placeOf = async (viewer: Viewer, id: string) =>
      (await bookingDetail(ctx.db, viewer, id, T0))?.waitlistPlace;
    expect(await placeOf(world.people.otherTeacher, waiting.ok ? waiting.id : '')).toBe(1);
    expect(await placeOf(world.people.priorityTeacher, second.ok ? second.id : '')).toBe(2);
    expect(await placeOf(world.people.teacher, first.ok ? first.id : '')).toBeNull();
    expect(await kindsFor(ctx.db, world.people.otherTeacher.id)).toEqual(['booking_waitlisted']);
    // The school's calendar shows its waiting group too, as waiting.
    const onCalendar = await schoolTrips(ctx.db, world.school.id, {
      from: T0,
      to: new Date(world.session.startsAt.getTime() + 1),
    });
    expect(onCalendar.find((trip) => trip.id === (waiting.ok ? waiting.id : ''))?.status).toBe('waitlisted');

    // The first group cancels: the waitlist is promoted in the same transaction, and told.
    const cancelled = await cancelBooking(
      ctx.db,
      world.people.teacher,
      first.ok ? first.id : '',
      '天气原因',
      meta(),
    );
    expect(cancelled).toMatchObject({ ok: true, status: 'cancelled' });
    const [promoted] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, waiting.ok ? waiting.id : ''));
    expect(promoted?.status).toBe('requested');
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 22, capacity: 50, sum: 22 });
    // The group behind it moves up, too large still for the seats left.
    expect(await placeOf(world.people.priorityTeacher, second.ok ? second.id : '')).toBe(1);
    expect(await placeOf(world.people.otherTeacher, waiting.ok ? waiting.id : '')).toBeNull();
    expect(await kindsFor(ctx.db, world.people.otherTeacher.id)).toEqual([
      'booking_promoted',
      'booking_waitlisted',
    ]);
    expect(await kindsFor(ctx.db, world.people.operator.id)).toContain('booking_cancelled_by_school');
  });

  it('keeps green-channel seats for priority schools until the release time', async () => {
    const world = await makeBookingWorld(ctx.db, {
      capacity: 60,
      greenChannelSeats: 20,
      greenReleaseAt: new Date(T0.getTime() + 3 * DAY_MS),
    });
    const ordinary = await createBooking(
      ctx.db,
      world.people.teacher,
      requestFor(world.session.id, 30),
      meta(),
    );
    expect(ordinary).toMatchObject({ ok: true, seats: 33 });
    // 27 seats left, 20 of them green: an ordinary school gets at most 7.
    expect(
      await createBooking(ctx.db, world.people.otherTeacher, anotherGroup(world.session.id, 10), meta()),
    ).toMatchObject({ ok: false, error: 'session_full' });
    expect(
      await createBooking(ctx.db, world.people.priorityTeacher, requestFor(world.session.id, 20), meta()),
    ).toMatchObject({ ok: true, seats: 22 });
    const after = meta(new Date(T0.getTime() + 3 * DAY_MS + 1));
    expect(
      await createBooking(
        ctx.db,
        world.people.otherTeacher,
        { ...anotherGroup(world.session.id, 4), chaperones: 1 },
        after,
      ),
    ).toMatchObject({ ok: true, seats: 5 });
    const [session] = await ctx.db.select().from(sessions).where(eq(sessions.id, world.session.id));
    expect(session).toMatchObject({ seatsHeld: 60, seatsHeldGeneral: 38 });
  });

  it('counts the green-channel seats priority schools hold for the operator: their bookings that hold seats, up to the reserve', async () => {
    const release = new Date(T0.getTime() + 3 * DAY_MS);
    const world = await makeBookingWorld(ctx.db, {
      capacity: 80,
      greenChannelSeats: 20,
      greenReleaseAt: release,
    });
    const id = world.session.id;
    const held = async () => (await sessionGroups(ctx.db, world.people.operator, id, T0))?.seats.green;
    expect(await held()).toEqual({ seats: 20, held: 0, releaseAt: release });
    const first = await createBooking(ctx.db, world.people.priorityTeacher, requestFor(id, 10), meta());
    expect(first).toMatchObject({ ok: true, seats: 11 });
    // An ordinary school's group takes general seats only; a priority school's waitlisted group holds none.
    expect(await createBooking(ctx.db, world.people.teacher, requestFor(id, 30), meta())).toMatchObject({
      ok: true,
    });
    expect(await held()).toEqual({ seats: 20, held: 11, releaseAt: release });
    const second = await createBooking(ctx.db, world.people.priorityTeacher, anotherGroup(id, 15), meta());
    expect(second).toMatchObject({ ok: true, seats: 17 });
    // 28 seats of priority schools: all 20 green-channel seats are in use, and no more than that is said.
    expect((await held())?.held).toBe(20);
    expect(
      await createBooking(
        ctx.db,
        world.people.priorityTeacher,
        anotherGroup(id, 40, { waitlist: true }),
        meta(),
      ),
    ).toMatchObject({ ok: true, status: 'waitlisted' });
    expect((await held())?.held).toBe(20);
    expect(
      await cancelBooking(ctx.db, world.people.priorityTeacher, second.ok ? second.id : '', '', meta()),
    ).toMatchObject({ ok: true });
    // The cancellation promoted nobody (the waitlisted group of 44 does not fit the 36 seats left): 11 again.
    expect((await held())?.held).toBe(11);
    // A booking is a priority school's as it was booked (bookings.priority): the school's later status does not move it.
    await ctx.db
      .update(schools)
      .set({ rural: false, leftBehindPupils: 0, markedPriority: false })
      .where(eq(schools.id, world.prioritySchool.id));
    expect((await held())?.held).toBe(11);
    expect(greenSeatsHeld({ seatsHeld: 50, seatsHeldGeneral: 50, greenChannelSeats: 20 })).toBe(0);
    expect(greenSeatsHeld({ seatsHeld: 50, seatsHeldGeneral: 45, greenChannelSeats: 0 })).toBe(0);
  });

  it('sends requests of schools that require approval to the school admin first', async () => {
    const world = await makeBookingWorld(ctx.db, { requiresApproval: true });
    const created = await teacherBooks(ctx.db, world);
    expect(created.status).toBe('requested');
    expect(await kindsFor(ctx.db, world.people.schoolAdmin.id)).toEqual(['booking_needs_approval']);
    expect(await kindsFor(ctx.db, world.people.operator.id)).toEqual([]);
    expect(await confirmBooking(ctx.db, world.people.operator, created.id, meta())).toMatchObject({
      ok: false,
      error: 'invalid_transition',
    });
    expect(await approveBooking(ctx.db, world.people.teacher, created.id, meta())).toMatchObject({
      ok: false,
      error: 'not_allowed',
    });
    expect(await approveBooking(ctx.db, world.people.schoolAdmin, created.id, meta())).toMatchObject({
      ok: true,
      status: 'school_approved',
    });
    expect(await kindsFor(ctx.db, world.people.operator.id)).toEqual(['booking_requested']);
    expect(await confirmBooking(ctx.db, world.people.operator, created.id, meta())).toMatchObject({
      ok: true,
      status: 'confirmed',
    });
    expect(await kindsFor(ctx.db, world.people.teacher.id)).toEqual([
      'booking_approved',
      'booking_confirmed',
      'booking_received',
    ]);
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 33, capacity: 120, sum: 33 });
  });

  it('confirms at once at an auto-confirming venue', async () => {
    const world = await makeBookingWorld(ctx.db, { autoConfirm: true });
    expect(
      await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 30), meta()),
    ).toMatchObject({ ok: true, status: 'confirmed' });
    expect(await kindsFor(ctx.db, world.people.teacher.id)).toEqual(['booking_confirmed']);
    expect(await kindsFor(ctx.db, world.people.operator.id)).toEqual(['booking_auto_confirmed']);
  });

  it('lets only the venue decide, only its own bookings, and frees seats on decline', async () => {
    const world = await makeBookingWorld(ctx.db);
    const created = await teacherBooks(ctx.db, world);
    expect(await confirmBooking(ctx.db, world.people.otherOperator, created.id, meta())).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    expect(await confirmBooking(ctx.db, world.people.teacher, created.id, meta())).toMatchObject({
      ok: false,
      error: 'not_allowed',
    });
    expect(await declineBooking(ctx.db, world.people.operator, created.id, '当天闭馆', meta())).toMatchObject(
      {
        ok: true,
        status: 'declined',
      },
    );
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 0, capacity: 120, sum: 0 });
    expect(await confirmBooking(ctx.db, world.people.operator, created.id, meta())).toMatchObject({
      ok: false,
      error: 'invalid_transition',
    });
    expect(await kindsFor(ctx.db, world.people.teacher.id)).toEqual(['booking_declined', 'booking_received']);
  });

  it('tells the teacher it was the school admin who said no, and gives a reason only when there is one', async () => {
    const world = await makeBookingWorld(ctx.db, { requiresApproval: true });
    const created = await teacherBooks(ctx.db, world);
    expect(await declineBooking(ctx.db, world.people.schoolAdmin, created.id, '', meta())).toMatchObject({
      ok: true,
      status: 'declined',
    });
    const [notice] = await ctx.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, world.people.teacher.id),
          eq(notifications.kind, 'booking_not_approved_no_reason'),
        ),
      );
    expect(notice).toBeDefined();
    const params = Object.fromEntries(Object.entries(notice!.params ?? {}).map(([k, v]) => [k, v ?? '']));
    const text = getT('zh')(`notice.${notice!.kind}` as 'notice.booking_not_approved_no_reason', params);
    expect(text).toMatch(/^学校管理员没有批准/);
    expect(text).not.toContain('—');
    expect(text).not.toMatch(/[:：]$/);
  });

  it('takes a teacher removed from the school off its trips: no page, calendar entry, trip sheet or cancel', async () => {
    const world = await makeBookingWorld(ctx.db, { autoConfirm: true });
    const created = await teacherBooks(ctx.db, world);
    const { teacher, otherTeacher, schoolAdmin, operator, priorityTeacher } = world.people;
    // While a member, the teacher sees the trip, may cancel it, and has it on the calendar and the trip sheet.
    expect((await bookingDetail(ctx.db, teacher, created.id, T0))?.actions).toContain('cancel');
    expect((await listTrips(ctx.db, teacher)).map((t) => t.id)).toEqual([created.id]);
    expect(await tripForViewer(ctx.db, teacher, created.id)).not.toBeNull();
    // The school admin removed them (their roles are read afresh on every request): nothing of the school's is theirs.
    // Removed outright, or moved to another school (a teacher there, not here): nothing of this school's is theirs.
    const removed = { ...teacher, roles: [] };
    const moved = { ...teacher, roles: priorityTeacher.roles };
    expect(moved.roles.map((r) => r.role)).toEqual(['teacher']);
    for (const former of [removed, moved]) {
      expect(await bookingDetail(ctx.db, former, created.id, T0)).toBeNull();
      expect(await listTrips(ctx.db, former)).toEqual([]);
      expect(await tripForViewer(ctx.db, former, created.id)).toBeNull();
      expect(await cancelBooking(ctx.db, former, created.id, '', meta())).toMatchObject({
        ok: false,
        error: 'not_found',
      });
    }
    // A teacher of another school never sees it; the school's other teachers see it without acting for it; the school
    // admin and the venue act on it; the trip is still confirmed.
    expect(await bookingDetail(ctx.db, priorityTeacher, created.id, T0)).toBeNull();
    expect(await tripForViewer(ctx.db, priorityTeacher, created.id)).toBeNull();
    expect((await bookingDetail(ctx.db, otherTeacher, created.id, T0))?.actions).toEqual([]);
    expect(await tripForViewer(ctx.db, otherTeacher, created.id)).not.toBeNull();
    expect((await bookingDetail(ctx.db, schoolAdmin, created.id, T0))?.actions).toContain('cancel');
    expect((await bookingDetail(ctx.db, operator, created.id, T0))?.status).toBe('confirmed');
    expect(await tripForViewer(ctx.db, operator, created.id)).not.toBeNull();
  });

  it("files every booking step in the audit log under the venue's region, for its auditors", async () => {
    const world = await makeBookingWorld(ctx.db);
    const created = await teacherBooks(ctx.db, world);
    await confirmBooking(ctx.db, world.people.operator, created.id, meta());
    await cancelBooking(ctx.db, world.people.teacher, created.id, '天气', meta());
    const entries = await ctx.db
      .select({ action: auditLog.action, regionCode: auditLog.regionCode })
      .from(auditLog)
      .where(eq(auditLog.entityId, created.id));
    expect(entries.map((e) => e.action).sort()).toEqual([
      'booking.cancel',
      'booking.confirm',
      'booking.create',
    ]);
    const [venue] = await ctx.db
      .select({ regionCode: venues.regionCode })
      .from(venues)
      .where(eq(venues.id, world.venue.id));
    expect(venue?.regionCode).toMatch(/^15\d{4}$/);
    expect(entries.every((e) => e.regionCode === venue?.regionCode)).toBe(true);
  });

  it('lapses unanswered requests at their deadline, frees the seats to the waitlist, once', async () => {
    const world = await makeBookingWorld(ctx.db, { capacity: 40 });
    const created = await createBooking(
      ctx.db,
      world.people.teacher,
      requestFor(world.session.id, 30),
      meta(),
    );
    const waiting = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 20, { waitlist: true }),
      meta(),
    );
    expect(waiting).toMatchObject({ ok: true, status: 'waitlisted' });
    expect(await lapseExpiredRequests(ctx.db, meta(new Date(T0.getTime() + 71 * HOUR_MS)))).toBe(0);
    const later = meta(new Date(T0.getTime() + 72 * HOUR_MS));
    expect(await lapseExpiredRequests(ctx.db, later)).toBe(1);
    expect(await lapseExpiredRequests(ctx.db, later)).toBe(0);
    const rows = await ctx.db.select().from(bookings).where(eq(bookings.sessionId, world.session.id));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [created.ok ? created.id : '']: 'lapsed',
      [waiting.ok ? waiting.id : '']: 'requested',
    });
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 22, capacity: 40, sum: 22 });
    expect(await kindsFor(ctx.db, world.people.teacher.id)).toEqual(['booking_lapsed', 'booking_received']);
  });

  it('promotes the waitlist when the capacity grows', async () => {
    const world = await makeBookingWorld(ctx.db, { capacity: 40 });
    await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 30), meta());
    const waiting = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 20, { waitlist: true }),
      meta(),
    );
    await ctx.db.update(sessions).set({ capacity: 60 }).where(eq(sessions.id, world.session.id));
    expect(await promoteWaitlists(ctx.db, meta())).toBe(1);
    const [row] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, waiting.ok ? waiting.id : ''));
    expect(row?.status).toBe('requested');
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 55, capacity: 60, sum: 55 });
  });

  it('records attendance after the visit, flags a charge above the promise, and warns after 3 no-shows', async () => {
    const world = await makeBookingWorld(ctx.db);
    const ids: string[] = [];
    for (const days of [10, 11, 12, 13]) {
      const session = days === 10 ? world.session : await addSession(ctx.db, world, days);
      const created = await createBooking(ctx.db, world.people.teacher, requestFor(session.id, 30), meta());
      if (!created.ok) throw new Error(created.error);
      await confirmBooking(ctx.db, world.people.operator, created.id, meta());
      ids.push(created.id);
    }
    const visit = {
      attendedPupils: 28,
      attendedChaperones: 3,
      chargedPricePerPupil: 0,
      chargedPricePerChaperone: 3000,
    };
    expect(await recordAttendance(ctx.db, world.people.operator, ids[0]!, visit, meta())).toMatchObject({
      ok: false,
      error: 'not_yet_held',
    });
    const after = meta(new Date(T0.getTime() + 20 * DAY_MS));
    expect(await recordAttendance(ctx.db, world.people.teacher, ids[0]!, visit, after)).toMatchObject({
      ok: false,
      error: 'not_allowed',
    });
    expect(await recordAttendance(ctx.db, world.people.operator, ids[0]!, visit, after)).toMatchObject({
      ok: true,
      status: 'attended',
      priceFlagged: false,
    });
    // The console's form asks first: refused with both amounts, nothing written or reported.
    expect(
      await recordAttendance(
        ctx.db,
        world.people.operator,
        ids[0]!,
        { ...visit, chargedPricePerPupil: 1500 },
        after,
        { askBeforeOvercharge: true },
      ),
    ).toEqual({
      ok: false,
      error: 'overcharge_unconfirmed',
      field: 'confirmOvercharge',
      params: {
        promisedPupilFen: 0,
        chargedPupilFen: 1500,
        promisedChaperoneFen: 3000,
        chargedChaperoneFen: 3000,
      },
    });
    expect(await kindsFor(ctx.db, world.people.operator.id)).not.toContain('booking_price_flagged');
    // A correction: 15 yuan per pupil where the commitment promised free entry.
    expect(
      await recordAttendance(
        ctx.db,
        world.people.operator,
        ids[0]!,
        { ...visit, chargedPricePerPupil: 1500 },
        after,
      ),
    ).toMatchObject({ ok: true, status: 'attended', priceFlagged: true });
    expect(await kindsFor(ctx.db, world.people.operator.id)).toContain('booking_price_flagged');
    // Amounts are kept in fen and read as prices read on the pages, in the inbox and the e-mail alike.
    const [flagged] = await ctx.db
      .select({ params: notifications.params })
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, world.people.operator.id),
          eq(notifications.kind, 'booking_price_flagged'),
        ),
      );
    expect(flagged?.params).toMatchObject({ promisedFen: 0, chargedFen: 1500 });
    const [mail] = await ctx.db
      .select({ body: emailOutbox.body })
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toAddress, world.people.operator.email),
          like(emailOutbox.dedupeKey, '%price-flagged%'),
        ),
      );
    expect(mail?.body).toContain('实收每名学生 ¥15，高于承诺的 ¥0，已列入教育局的开放承诺核查。');
    const noShow = {
      attendedPupils: 0,
      attendedChaperones: 0,
      chargedPricePerPupil: 0,
      chargedPricePerChaperone: 0,
    };
    for (const id of ids.slice(1)) {
      expect(await recordAttendance(ctx.db, world.people.operator, id, noShow, after)).toMatchObject({
        ok: true,
        status: 'no_show',
      });
    }
    expect(await kindsFor(ctx.db, world.people.schoolAdmin.id)).toEqual(['booking_no_show_warning']);
    // The next request needs the school admin, though the school itself does not require approval.
    const next = await addSession(ctx.db, world, 30);
    const request = await createBooking(ctx.db, world.people.teacher, requestFor(next.id, 10), after);
    if (!request.ok) throw new Error(request.error);
    const [row] = await ctx.db.select().from(bookings).where(eq(bookings.id, request.id));
    expect(row?.needsSchoolApproval).toBe(true);
    const [school] = await ctx.db.select().from(schools).where(eq(schools.id, world.school.id));
    expect(school?.requiresApproval).toBe(false);
  });

  it('changes nothing when attendance is saved again as it was: no write, no audit entry, no notice', async () => {
    const world = await makeBookingWorld(ctx.db);
    const created = await teacherBooks(ctx.db, world, 30);
    await confirmBooking(ctx.db, world.people.operator, created.id, meta());
    const after = meta(new Date(T0.getTime() + 20 * DAY_MS));
    const later = meta(new Date(T0.getTime() + 21 * DAY_MS));
    // Charged above the promise, so a fresh record would notify the venue again.
    const visit = {
      attendedPupils: 28,
      attendedChaperones: 3,
      chargedPricePerPupil: 1500,
      chargedPricePerChaperone: 0,
    };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, visit, after)).toMatchObject({
      ok: true,
      priceFlagged: true,
    });
    const entries = () =>
      ctx.db.select().from(auditLog).where(eq(auditLog.entityId, created.id)).orderBy(auditLog.at);
    const notices = () =>
      ctx.db.select().from(notifications).where(eq(notifications.userId, world.people.operator.id));
    const [row] = await ctx.db.select().from(bookings).where(eq(bookings.id, created.id));
    const [auditBefore, noticesBefore] = [await entries(), await notices()];
    const again = await recordAttendance(ctx.db, world.people.operator, created.id, visit, later);
    expect(await entries()).toEqual(auditBefore);
    expect(await notices()).toHaveLength(noticesBefore.length);
    expect((await ctx.db.select().from(bookings).where(eq(bookings.id, created.id)))[0]).toEqual(row);
    expect(again).toEqual({ ok: true, status: 'attended', priceFlagged: true, unchanged: true });
    // The console's form says so instead of "recorded".
    const form = new FormData();
    for (const [name, value] of Object.entries({
      intent: 'attendance',
      attendedPupils: '28',
      attendedChaperones: '3',
      chargedPricePerPupil: '15.00',
      chargedPricePerChaperone: '0',
    }))
      form.set(name, value);
    expect(
      await answerBookingForm(ctx.db, world.people.operator, created.id, form, later, getT('zh')),
    ).toEqual({ ok: true, intent: 'attendance', unchanged: true });
    expect(await entries()).toEqual(auditBefore);
    // A real correction is still written and logged.
    expect(
      await recordAttendance(
        ctx.db,
        world.people.operator,
        created.id,
        { ...visit, attendedPupils: 27 },
        later,
      ),
    ).toEqual({ ok: true, status: 'attended', priceFlagged: true });
    expect(await entries()).toHaveLength(auditBefore.length + 1);
  });

  it('keeps a price flag when the venue corrects its record: lower charges keep it, a no-show is refused', async () => {
    const world = await makeBookingWorld(ctx.db);
    const created = await teacherBooks(ctx.db, world, 30);
    await confirmBooking(ctx.db, world.people.operator, created.id, meta());
    const after = meta(new Date(T0.getTime() + 20 * DAY_MS));
    const visit = {
      attendedPupils: 28,
      attendedChaperones: 3,
      chargedPricePerPupil: 0,
      chargedPricePerChaperone: 30_000,
    };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, visit, after)).toMatchObject({
      ok: true,
      priceFlagged: true,
    });
    const venueNotices = () =>
      ctx.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, world.people.operator.id),
            eq(notifications.kind, 'booking_price_flagged_chaperone'),
          ),
        );
    expect(await venueNotices()).toHaveLength(1);
    // The adults' charge is the one above the promise (¥300 against ¥30), and the notice names it, not the pupils'.
    expect((await venueNotices())[0]?.params).toMatchObject({ promisedFen: 3000, chargedFen: 30_000 });
    // Charges lowered to the promise: the figures change, the flag stays, nobody is told again.
    const corrected = { ...visit, chargedPricePerChaperone: 0 };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, corrected, after)).toEqual({
      ok: true,
      status: 'attended',
      priceFlagged: true,
    });
    const [row] = await ctx.db.select().from(bookings).where(eq(bookings.id, created.id));
    expect(row).toMatchObject({ priceFlagged: true, chargedPricePerChaperone: 0 });
    expect(chargedAbovePromise(row!)).toBe(false);
    expect(await venueNotices()).toHaveLength(1);
    // Both records are in the audit log for the bureau.
    const charged = (
      await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, created.id)).orderBy(auditLog.at)
    )
      .filter((e) => e.action === 'booking.attendance')
      .map((e) => (e.after as { chargedPricePerChaperone: number }).chargedPricePerChaperone);
    expect(charged).toEqual([30_000, 0]);
    // Nobody came: not after a charge was recorded and flagged. Nothing changes.
    const noShow = {
      attendedPupils: 0,
      attendedChaperones: 0,
      chargedPricePerPupil: 0,
      chargedPricePerChaperone: 0,
    };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, noShow, after)).toMatchObject({
      ok: false,
      error: 'flagged_no_show',
      field: 'attendedPupils',
    });
    expect((await ctx.db.select().from(bookings).where(eq(bookings.id, created.id)))[0]).toEqual(row);
  });

  it('refuses attendance far above the booking, on the field, and writes nothing', async () => {
    const world = await makeBookingWorld(ctx.db);
    const created = await teacherBooks(ctx.db, world, 45);
    await confirmBooking(ctx.db, world.people.operator, created.id, meta());
    const [before] = await ctx.db.select().from(bookings).where(eq(bookings.id, created.id));
    const after = meta(new Date(T0.getTime() + 20 * DAY_MS));
    const visit = {
      attendedPupils: 200,
      attendedChaperones: 5,
      chargedPricePerPupil: 0,
      chargedPricePerChaperone: 0,
    };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, visit, after)).toMatchObject({
      ok: false,
      error: 'too_many_attended',
      field: 'attendedPupils',
      params: { booked: 45, max: 54 },
    });
    const chaperones = { ...visit, attendedPupils: 45, attendedChaperones: (before?.chaperones ?? 0) + 40 };
    expect(
      await recordAttendance(ctx.db, world.people.operator, created.id, chaperones, after),
    ).toMatchObject({
      ok: false,
      field: 'attendedChaperones',
    });
    // The form shows the refusal on the field, in the reader's language.
    const form = new FormData();
    for (const [name, value] of Object.entries({
      intent: 'attendance',
      ...visit,
      chargedPricePerPupil: '0.00',
    }))
      form.set(name, String(value));
    const answer = await answerBookingForm(
      ctx.db,
      world.people.operator,
      created.id,
      form,
      after,
      getT('zh'),
    );
    expect(answer).toMatchObject({
      ok: false,
      status: 422,
      fields: { attendedPupils: expect.stringContaining('不能多于 54 人') },
    });
    // Both counts too high: both fields named in one answer, not the adults' only after the pupils' is fixed.
    const bothForm = new FormData();
    for (const [name, value] of Object.entries({
      intent: 'attendance',
      ...visit,
      attendedChaperones: (before?.chaperones ?? 0) + 40,
    }))
      bothForm.set(name, String(value));
    const both = await answerBookingForm(
      ctx.db,
      world.people.operator,
      created.id,
      bothForm,
      after,
      getT('zh'),
    );
    expect(both).toMatchObject({
      ok: false,
      status: 422,
      fields: {
        attendedPupils: expect.stringContaining('不能多于 54 人'),
        attendedChaperones: expect.any(String),
      },
    });
    // Each within its own limit, but together more than the booking's seats may grow to (50 booked → 60).
    expect(before?.seats).toBe(50);
    const together = { ...visit, attendedPupils: 54, attendedChaperones: 10 };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, together, after)).toMatchObject({
      ok: false,
      error: 'too_many_attended_total',
      field: 'attendedPupils',
      params: { booked: 50, max: 60 },
    });
    const [unchanged] = await ctx.db.select().from(bookings).where(eq(bookings.id, created.id));
    expect(unchanged).toEqual(before);
    // A group a few pupils larger than booked is recorded.
    const grown = { ...visit, attendedPupils: 54 };
    expect(await recordAttendance(ctx.db, world.people.operator, created.id, grown, after)).toMatchObject({
      ok: true,
      status: 'attended',
    });
  });

  it('PostgreSQL refuses a capacity below the seats held, and counters out of step with the bookings', async () => {
    const world = await makeBookingWorld(ctx.db);
    await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 50), meta());
    const tooSmall = await ctx.db
      .update(sessions)
      .set({ capacity: 40 })
      .where(eq(sessions.id, world.session.id))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(pgErrorCode(tooSmall)).toBe(PG.checkViolation);
    expect(pgConstraint(tooSmall)).toBe('sessions_held');
    // A code path that forgets the counters is refused at commit, whole.
    const drift = await ctx.db
      .update(bookings)
      .set({ status: 'cancelled' })
      .where(eq(bookings.sessionId, world.session.id))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(pgErrorCode(drift)).toBe(PG.seatsMismatch);
    const drift2 = await ctx.db
      .update(sessions)
      .set({ seatsHeld: 60 })
      .where(eq(sessions.id, world.session.id))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(pgErrorCode(drift2)).toBe(PG.seatsMismatch);
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 55, capacity: 120, sum: 55 });
  });
});

describeEachDriver('answer deadlines and a school’s second group', (ctx) => {
  /** Requests up to the session's start at this world's venue (bookingClosesDays = 0). */
  const openUntilStart = (db: Database, world: BookingWorld) =>
    db.update(venues).set({ bookingClosesDays: 0 }).where(eq(venues.id, world.venue.id));

  it('a request for tomorrow’s 14:30 session is to be answered by 21:00 this evening, not at 02:30 nor at the start: row, notices, e-mails, page', async () => {
    // T0 is 10:00; the session starts at 14:30 tomorrow. 12 h before it is 02:30, at night: the evening before instead.
    const world = await makeBookingWorld(ctx.db, { sessionDays: 28.5 / 24 });
    expect(world.session.startsAt).toEqual(shanghaiTime(2030, 3, 5, 14, 30));
    const answerBy = shanghaiTime(2030, 3, 4, 21, 0);
    const created = await teacherBooks(ctx.db, world);
    expect(created.status).toBe('requested');
    const [row] = await ctx.db.select().from(bookings).where(eq(bookings.id, created.id));
    expect(row?.holdUntil).toEqual(answerBy);
    // Teacher and venue are told that deadline, in words and in their e-mails.
    const deadline = formatWhen(answerBy);
    expect(deadline).toBe('2030-03-04 21:00');
    const told = await ctx.db
      .select()
      .from(notifications)
      .where(like(notifications.dedupeKey, `booking:${created.id}:%`));
    expect(told.map((n) => [n.kind, (n.params as { deadline?: string }).deadline]).sort()).toEqual([
      ['booking_received', deadline],
      ['booking_requested', deadline],
    ]);
    const mails = await ctx.db
      .select()
      .from(emailOutbox)
      .where(like(emailOutbox.dedupeKey, `booking:${created.id}:%`));
    expect(mails.length).toBeGreaterThan(0);
    // E-mails write it as the pages do (people's locale is Chinese here).
    for (const mail of mails) expect(mail.body).toContain(getFormatters('zh').dateTime(answerBy));
    expect((await bookingDetail(ctx.db, world.people.teacher, created.id, T0))?.holdUntil).toEqual(answerBy);
    // The lapse job frees the seats then, not in the night nor at the start.
    expect(await lapseExpiredRequests(ctx.db, meta(new Date(answerBy.getTime() - 1)))).toBe(0);
    expect(await lapseExpiredRequests(ctx.db, meta(answerBy))).toBe(1);

    // At a venue that takes requests up to the start, one asked at 22:00, after that evening, is still taken (as
    // before this rule), to be answered by 02:30, the 12-hour mark: never refused for the night's sake.
    await openUntilStart(ctx.db, world);
    const late = meta(shanghaiTime(2030, 3, 4, 22, 0));
    const page = await sessionForBooking(ctx.db, world.people.priorityTeacher, world.session.id, late.now);
    expect(page).toMatchObject({ bookable: true });
    expect(page?.window.closesAt).toEqual(shanghaiTime(2030, 3, 5, 2, 30));
    const listed = async (now: Date) =>
      (await bookableSessions(ctx.db, world.people.priorityTeacher, now)).map((s) => s.id);
    expect(await listed(late.now)).toContain(world.session.id);
    const lateRequest = await createBooking(
      ctx.db,
      world.people.priorityTeacher,
      requestFor(world.session.id, 20),
      late,
    );
    expect(lateRequest).toMatchObject({ ok: true, status: 'requested' });
    const [lateRow] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, lateRequest.ok ? lateRequest.id : ''));
    expect(lateRow?.holdUntil).toEqual(shanghaiTime(2030, 3, 5, 2, 30));
    // At 02:30 requests closed, as before: a minute later the page, "book a trip" and the request agree.
    const closed = meta(shanghaiTime(2030, 3, 5, 2, 31));
    expect(
      await sessionForBooking(ctx.db, world.people.otherTeacher, world.session.id, closed.now),
    ).toMatchObject({ bookable: false });
    expect(await listed(closed.now)).not.toContain(world.session.id);
    expect(
      await createBooking(ctx.db, world.people.otherTeacher, anotherGroup(world.session.id, 10), closed),
    ).toMatchObject({ ok: false, error: 'request_too_late' });
  });

  it('gives an approval and a promotion the same deadline, and neither once no answer could come in time', async () => {
    const world = await makeBookingWorld(ctx.db, { requiresApproval: true, sessionDays: 2, capacity: 40 });
    const startsAt = world.session.startsAt.getTime();
    const first = await teacherBooks(ctx.db, world);
    expect(
      await approveBooking(
        ctx.db,
        world.people.schoolAdmin,
        first.id,
        meta(new Date(T0.getTime() + HOUR_MS)),
      ),
    ).toMatchObject({ ok: true, status: 'school_approved' });
    const [approved] = await ctx.db.select().from(bookings).where(eq(bookings.id, first.id));
    // 72 hold hours from the approval would run past the start (10:00 the day after tomorrow); 12 h before it is 22:00
    // tomorrow, at night: 21:00 tomorrow instead.
    const answerBy = shanghaiTime(2030, 3, 5, 21, 0);
    expect(startsAt - 12 * HOUR_MS).toBe(shanghaiTime(2030, 3, 5, 22, 0).getTime());
    expect(approved?.holdUntil).toEqual(answerBy);

    // A group that waits (priority school, no approval needed) is promoted with that deadline…
    const waiting = await createBooking(
      ctx.db,
      world.people.priorityTeacher,
      requestFor(world.session.id, 20, { waitlist: true }),
      meta(),
    );
    expect(waiting).toMatchObject({ ok: true, status: 'waitlisted' });
    const second = await createBooking(
      ctx.db,
      world.people.schoolAdmin,
      { ...anotherGroup(world.session.id, 4), chaperones: 1 },
      meta(),
    );
    expect(second).toMatchObject({ ok: true, status: 'school_approved' });
    await cancelBooking(
      ctx.db,
      world.people.teacher,
      first.id,
      '改期',
      meta(new Date(T0.getTime() + 2 * HOUR_MS)),
    );
    const [promoted] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, waiting.ok ? waiting.id : ''));
    expect(promoted).toMatchObject({ status: 'requested', holdUntil: answerBy });

    // … but 11 h before the start, nobody could answer in time: no promotion into a wait that would only lapse, and
    // no approval of a request the venue could not answer.
    const late = meta(new Date(startsAt - 11 * HOUR_MS));
    const lateWaiting = await createBooking(
      ctx.db,
      world.people.priorityTeacher,
      anotherGroup(world.session.id, 15, { waitlist: true }),
      meta(),
    );
    expect(lateWaiting).toMatchObject({ ok: true, status: 'waitlisted' });
    await cancelBooking(ctx.db, world.people.priorityTeacher, waiting.ok ? waiting.id : '', '改期', late);
    const [stillWaiting] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, lateWaiting.ok ? lateWaiting.id : ''));
    expect(stillWaiting).toMatchObject({ status: 'waitlisted', holdUntil: null });
    const pending = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 10),
      meta(),
    );
    const refused = await approveBooking(
      ctx.db,
      world.people.schoolAdmin,
      pending.ok ? pending.id : '',
      late,
    );
    expect(refused).toMatchObject({ ok: false, error: 'approval_too_late' });
    if (!refused.ok) {
      expect(failureMessage(getT('zh'), refused)).toBe(
        '距活动开始已不足 12 小时，场馆来不及答复，这份申请不能再批准，将按期过期。',
      );
    }
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 16, capacity: 40, sum: 16 });
  });

  it('refuses a request once no answer could come in time; an auto-confirming venue still takes it', async () => {
    // A venue that takes requests up to the start, 10 hours before it.
    const world = await makeBookingWorld(ctx.db, { sessionDays: 10 / 24 });
    await openUntilStart(ctx.db, world);
    for (const input of [
      requestFor(world.session.id, 30),
      requestFor(world.session.id, 30, { waitlist: true }),
    ]) {
      const refused = await createBooking(ctx.db, world.people.teacher, input, meta());
      expect(refused).toMatchObject({
        ok: false,
        error: 'request_too_late',
        field: 'sessionId',
        params: { hours: 12, closes: formatWhen(new Date(world.session.startsAt.getTime() - 12 * HOUR_MS)) },
      });
      if (!refused.ok) {
        expect(failureMessage(getT('zh'), refused)).toContain('要在活动开始 12 小时前');
        expect(failureMessage(getT('en'), refused)).toContain('12 hours before the session');
      }
    }
    expect(await ctx.db.select().from(bookings)).toHaveLength(0);
    // The booking page says when requests closed, and offers no form.
    const page = await sessionForBooking(ctx.db, world.people.teacher, world.session.id, T0);
    expect(page).toMatchObject({ bookable: false, answerLeadHours: 12 });
    expect(page?.window.closesAt).toEqual(new Date(world.session.startsAt.getTime() - 12 * HOUR_MS));
    // 13 hours before, still in time: the deadline is the 12-hour mark, an hour away.
    const earlier = meta(new Date(world.session.startsAt.getTime() - 13 * HOUR_MS));
    expect(
      await sessionForBooking(ctx.db, world.people.teacher, world.session.id, earlier.now),
    ).toMatchObject({ bookable: true });
    const inTime = await createBooking(
      ctx.db,
      world.people.teacher,
      requestFor(world.session.id, 30),
      earlier,
    );
    expect(inTime).toMatchObject({ ok: true, status: 'requested' });
    const [row] = await ctx.db
      .select()
      .from(bookings)
      .where(eq(bookings.id, inTime.ok ? inTime.id : ''));
    expect(row?.holdUntil).toEqual(new Date(world.session.startsAt.getTime() - 12 * HOUR_MS));

    // Confirmed on the spot, a request waits for nobody: the venue's own window (up to the start) stands.
    const auto = await makeBookingWorld(ctx.db, {
      sessionDays: 10 / 24,
      autoConfirm: true,
      requiresApproval: true,
    });
    await openUntilStart(ctx.db, auto);
    expect(await sessionForBooking(ctx.db, auto.people.schoolAdmin, auto.session.id, T0)).toMatchObject({
      bookable: true,
      answerLeadHours: null,
    });
    expect(
      await createBooking(ctx.db, auto.people.schoolAdmin, requestFor(auto.session.id, 30), meta()),
    ).toMatchObject({ ok: true, status: 'confirmed' });
    // Unless the school's admin still has to approve it: that answer could not come in time either.
    expect(
      await createBooking(ctx.db, auto.people.teacher, anotherGroup(auto.session.id, 30), meta()),
    ).toMatchObject({ ok: false, error: 'request_too_late' });
    expect(await sessionForBooking(ctx.db, auto.people.teacher, auto.session.id, T0)).toMatchObject({
      bookable: false,
    });
  });

  it('refuses a second live booking of the same school unless it is another group, and names the first', async () => {
    const world = await makeBookingWorld(ctx.db, { capacity: 60 });
    const first = await teacherBooks(ctx.db, world);
    // A colleague, the school admin, the same teacher again: all the same school.
    for (const who of ['otherTeacher', 'schoolAdmin', 'teacher'] as const) {
      const again = await createBooking(ctx.db, world.people[who], requestFor(world.session.id, 20), meta());
      expect(again).toMatchObject({
        ok: false,
        error: 'already_booked',
        field: 'anotherGroup',
        existing: [{ id: first.id, pupils: 30, status: 'requested' }],
      });
      if (!again.ok) {
        expect(failureMessage(getT('zh'), again)).toBe(
          '本校已有这个场次的预约（30 名学生，已申请）。如果这次是本校的另一个班级/团体，请确认“这是本校的另一个班级/团体”后再提交；如果是同一个班级，不必重复预约。',
        );
        expect(failureMessage(getT('en'), again)).toContain(
          'Your school already has a booking for this session (30 pupils, status: Requested).',
        );
      }
    }
    expect(await seatLedger(ctx.db, world.session.id)).toEqual({ held: 33, capacity: 60, sum: 33 });
    expect(await kindsFor(ctx.db, world.people.otherTeacher.id)).toEqual([]);
    // Another school is not concerned.
    expect(
      await createBooking(ctx.db, world.people.priorityTeacher, requestFor(world.session.id, 10), meta()),
    ).toMatchObject({ ok: true });
    // Said to be another group, it is booked — here onto the waitlist, which counts as live too.
    const second = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      anotherGroup(world.session.id, 20, { waitlist: true }),
      meta(new Date(T0.getTime() + 60_000)),
    );
    expect(second).toMatchObject({ ok: true, status: 'waitlisted' });
    const third = await createBooking(
      ctx.db,
      world.people.otherTeacher,
      requestFor(world.session.id, 5),
      meta(),
    );
    expect(third).toMatchObject({
      ok: false,
      error: 'already_booked',
      existing: [
        { id: first.id, status: 'requested' },
        { id: second.ok ? second.id : '', pupils: 20, status: 'waitlisted' },
      ],
    });
    if (!third.ok) {
      expect(failureMessage(getT('zh'), third)).toContain('（30 名学生，已申请；20 名学生，候补中）');
    }
    // Once those end (cancelled, declined, lapsed …), the school has no booking here: no question asked.
    await cancelBooking(ctx.db, world.people.teacher, first.id, '改期', meta());
    await cancelBooking(ctx.db, world.people.otherTeacher, second.ok ? second.id : '', '改期', meta());
    expect(
      await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 30), meta()),
    ).toMatchObject({
      ok: true,
      status: 'requested',
    });
  });
});
