// The school's feedback after a trip (DESIGN.md "Book a trip": … attendance and price charged → feedback): only
// after the venue recorded the visit, only by the school's side, once (also when two tabs send it at once); the
// venue's operators are told; the booking page and the API show it. Both drivers.
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { parseInput } from '#app/utils/validation.ts';
import { auditLog, bookings, notifications } from '#db/schema/index.ts';
import { DAY_MS, makeBookingWorld, requestFor, T0 } from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { consoleOverview } from '../venues/overview.server.ts';
import { confirmBooking, createBooking, giveFeedback, recordAttendance } from './bookings.server.ts';
import { FeedbackSchema } from './schemas.ts';
import { bookingDetail, bookingJson } from './views.server.ts';

const meta = (now = T0) => ({ now, publicUrl: 'https://sc.example' });
const AFTER = new Date(T0.getTime() + 20 * DAY_MS);
const visit = {
  attendedPupils: 28,
  attendedChaperones: 3,
  chargedPricePerPupil: 0,
  chargedPricePerChaperone: 0,
};

describeEachDriver('feedback after a trip', (ctx) => {
  async function confirmedTrip() {
    const world = await makeBookingWorld(ctx.db);
    const created = await createBooking(
      ctx.db,
      world.people.teacher,
      requestFor(world.session.id, 30),
      meta(),
    );
    if (!created.ok) throw new Error(created.error);
    await confirmBooking(ctx.db, world.people.operator, created.id, meta());
    return { world, id: created.id };
  }

  it('is taken from the school’s side once the visit is recorded, once, and tells the venue', async () => {
    const { world, id } = await confirmedTrip();
    const rating = { rating: 4, feedback: '讲解员很耐心，展厅有点挤。' };
    // Before the venue recorded the visit there is nothing to rate.
    expect(await giveFeedback(ctx.db, world.people.teacher, id, rating, meta(AFTER))).toMatchObject({
      ok: false,
      error: 'invalid_transition',
    });
    expect(await recordAttendance(ctx.db, world.people.operator, id, visit, meta(AFTER))).toMatchObject({
      ok: true,
    });
    const before = await bookingDetail(ctx.db, world.people.teacher, id, AFTER);
    expect(before!.actions).toContain('feedback');
    // The venue does not rate itself; another school's teacher does not see the trip at all.
    expect(await giveFeedback(ctx.db, world.people.operator, id, rating, meta(AFTER))).toMatchObject({
      ok: false,
      error: 'not_allowed',
    });
    expect(await giveFeedback(ctx.db, world.people.priorityTeacher, id, rating, meta(AFTER))).toMatchObject({
      ok: false,
      error: 'not_found',
    });

    expect(await giveFeedback(ctx.db, world.people.teacher, id, rating, meta(AFTER))).toEqual({
      ok: true,
      status: 'attended',
    });
    const [row] = await ctx.db.select().from(bookings).where(eq(bookings.id, id));
    expect(row).toMatchObject({ status: 'attended', feedbackRating: 4, feedbackText: rating.feedback });
    const told = await ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, world.people.operator.id), eq(notifications.kind, 'booking_feedback')),
      );
    expect(told).toHaveLength(1);
    expect(told[0]!.params).toMatchObject({ rating: 4 });
    const [entry] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'booking.feedback')));
    expect(entry!.actorUserId).toBe(world.people.teacher.id);

    // Once: the school admin cannot add a second one, and the form is gone.
    expect(
      await giveFeedback(ctx.db, world.people.schoolAdmin, id, { rating: 1, feedback: '' }, meta(AFTER)),
    ).toEqual({ ok: false, error: 'feedback_given' });
    const seen = await bookingDetail(ctx.db, world.people.operator, id, AFTER);
    expect(seen!.actions).not.toContain('feedback');
    expect(bookingJson(seen!).feedback).toEqual({
      rating: 4,
      text: rating.feedback,
      at: AFTER.toISOString(),
    });
    // The console home sums up the year's ratings, with the latest words and the school that wrote them.
    const [overview] = await consoleOverview(ctx.db, world.people.operator, AFTER);
    expect(overview!.feedback).toEqual({
      count: 1,
      average: 4,
      latest: [{ schoolName: expect.any(String), rating: 4, text: rating.feedback, at: AFTER }],
    });
    const aYearOn = await consoleOverview(
      ctx.db,
      world.people.operator,
      new Date(AFTER.getTime() + 366 * DAY_MS),
    );
    expect(aYearOn[0]!.feedback).toEqual({ count: 0, average: null, latest: [] });
  });

  it('takes exactly one of two ratings sent at once', async () => {
    const { world, id } = await confirmedTrip();
    await recordAttendance(ctx.db, world.people.operator, id, visit, meta(AFTER));
    const results = await Promise.all([
      giveFeedback(ctx.db, world.people.teacher, id, { rating: 5, feedback: 'a' }, meta(AFTER)),
      giveFeedback(ctx.db, world.people.schoolAdmin, id, { rating: 2, feedback: 'b' }, meta(AFTER)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'feedback_given')).toHaveLength(1);
    const told = await ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.userId, world.people.operator.id), eq(notifications.kind, 'booking_feedback')),
      );
    expect(told).toHaveLength(1);
  });

  it('refuses a rating outside 1–5 and an over-long text on their fields, and keeps the rating whole in the database', async () => {
    const t = getT('zh');
    for (const rating of ['0', '6', '4.5', '', 'five']) {
      const parsed = parseInput(FeedbackSchema, { rating, feedback: '' }, t);
      expect(parsed.ok, rating).toBe(false);
      if (!parsed.ok) expect(Object.keys(parsed.fields)).toEqual(['rating']);
    }
    const long = parseInput(FeedbackSchema, { rating: '3', feedback: '好'.repeat(2001) }, t);
    expect(long.ok).toBe(false);
    expect(parseInput(FeedbackSchema, { rating: '3' }, t)).toEqual({
      ok: true,
      data: { rating: 3, feedback: '' },
    });
    // Behind the form, the CHECK holds: no rating without its time, none above 5.
    const { id } = await confirmedTrip();
    await expect(
      ctx.db.update(bookings).set({ feedbackRating: 6, feedbackAt: AFTER }).where(eq(bookings.id, id)),
    ).rejects.toThrow();
    await expect(
      ctx.db.update(bookings).set({ feedbackRating: 3 }).where(eq(bookings.id, id)),
    ).rejects.toThrow();
  });
});
