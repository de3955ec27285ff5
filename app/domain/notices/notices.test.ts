import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { FakeClock } from '#app/utils/clock.ts';
import { emailOutbox, notifications, users } from '#db/schema/index.ts';
import { createLogger } from '#server/logger.ts';
import { deliverPendingEmails, type Mailer } from '#server/mailer.ts';
import { Scheduler } from '#server/scheduler.ts';
import { anotherGroup, makeBookingWorld, requestFor, T0 } from '#tests/factories/bookings.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { confirmBooking, createBooking } from '../bookings/bookings.server.ts';
import { countNotices, countUnread, listNotices, markAllRead, sendNotice } from './notices.server.ts';

const log = createLogger('silent');

/** A mailer standing in for an SMTP server (none runs here); it records what it was asked to send. */
function recordingMailer(failFirst = 0): Mailer & { sent: { to: string; subject: string }[] } {
  let failures = failFirst;
  const sent: { to: string; subject: string }[] = [];
  return {
    kind: 'smtp',
    sent,
    send: async (email) => {
      if (failures-- > 0) throw new Error('connection refused');
      sent.push({ to: email.to, subject: email.subject });
    },
  };
}

describeEachDriver('notices', (ctx) => {
  it('writes a notice and its e-mail exactly once per dedupe key, in the person’s language', async () => {
    const [user] = await ctx.db
      .insert(users)
      .values({ email: 'a@example.com', name: 'A', locale: 'en' })
      .returning();
    for (let i = 0; i < 3; i++) {
      await sendNotice(ctx.db, {
        userId: user!.id,
        kind: 'password_changed',
        dedupeKey: `pw:${user!.id}:1`,
        link: '/account',
      });
    }
    expect(await ctx.db.select().from(notifications)).toHaveLength(1);
    const emails = await ctx.db.select().from(emailOutbox);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toMatch(/^Social Classroom: Your password was changed/);
    expect(emails[0]?.body).toContain('/account');
    expect(await countUnread(ctx.db, user!.id)).toBe(1);
    await markAllRead(ctx.db, user!.id, new Date());
    expect(await countUnread(ctx.db, user!.id)).toBe(0);
  });

  it('lists the inbox in a total order: notices written at the same instant come newest id first, every one once', async () => {
    const [user] = await ctx.db.insert(users).values({ email: 'a@example.com', name: 'A' }).returning();
    const at = new Date('2030-03-04T02:00:00Z');
    const written = await ctx.db
      .insert(notifications)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          userId: user!.id,
          kind: 'password_changed',
          dedupeKey: `tie:${i}`,
          createdAt: at,
        })),
      )
      .returning({ id: notifications.id });
    const ids = written
      .map((n) => n.id)
      .sort()
      .reverse();
    // The inbox shows the latest ones: a shorter cut must be the start of a longer one, never other rows.
    const first = await listNotices(ctx.db, user!.id, 5);
    const all = await listNotices(ctx.db, user!.id);
    expect(first.map((n) => n.id)).toEqual(ids.slice(0, 5));
    expect(all.map((n) => n.id)).toEqual(ids);
    expect([...first, ...all.slice(5)].map((n) => n.id)).toEqual(ids);
    // Pages of five cover them all, each once, in the same order: the inbox's page 3 holds the last two.
    const paged = [];
    for (let offset = 0; offset < 12; offset += 5)
      paged.push(...(await listNotices(ctx.db, user!.id, 5, offset)));
    expect(paged.map((n) => n.id)).toEqual(ids);
    expect(await listNotices(ctx.db, user!.id, 5, 10)).toHaveLength(2);
    expect(await countNotices(ctx.db, user!.id)).toBe(12);
  });

  it('says beside a request already answered where it stands; one still waiting, and other notices, say nothing', async () => {
    const world = await makeBookingWorld(ctx.db);
    const meta = { now: T0, publicUrl: 'https://sc.example' };
    const first = await createBooking(ctx.db, world.people.teacher, requestFor(world.session.id, 20), meta);
    const second = await createBooking(
      ctx.db,
      world.people.teacher,
      anotherGroup(world.session.id, 20),
      meta,
    );
    if (!first.ok || !second.ok) throw new Error('booking failed');
    expect(await confirmBooking(ctx.db, world.people.operator, first.id, meta)).toMatchObject({ ok: true });
    const requests = (await listNotices(ctx.db, world.people.operator.id)).filter(
      (n) => n.kind === 'booking_requested',
    );
    expect(requests).toHaveLength(2);
    const about = (id: string) => requests.find((n) => n.link === `/console/bookings/${id}`);
    expect(about(first.id)?.handledAs).toEqual({ subject: 'booking', status: 'confirmed' });
    expect(about(second.id)?.handledAs).toBeNull();
    // The teacher's own notices ask nothing of them: none is marked.
    const teachers = await listNotices(ctx.db, world.people.teacher.id);
    expect(teachers.length).toBeGreaterThan(0);
    expect(teachers.every((n) => n.handledAs === null)).toBe(true);
    // A key that names no booking (written by hand, say) is no error: nothing is said.
    await sendNotice(ctx.db, {
      userId: world.people.operator.id,
      kind: 'booking_requested',
      params: {},
      dedupeKey: 'booking:not-a-uuid:requested',
    });
    const odd = (await listNotices(ctx.db, world.people.operator.id)).find(
      (n) => n.kind === 'booking_requested' && n.link === null,
    );
    expect(odd).toBeDefined();
    expect(odd?.handledAs).toBeNull();
  });

  it('writes times in e-mails the way its reader’s pages write dates, as the inbox does', async () => {
    const people = await ctx.db
      .insert(users)
      .values([
        { email: 'zh-reader@example.com', name: '甲', locale: 'zh' },
        { email: 'en-reader@example.com', name: 'B', locale: 'en' },
      ])
      .returning();
    for (const person of people) {
      await sendNotice(ctx.db, {
        userId: person.id,
        kind: 'booking_confirmed',
        params: { venue: '内蒙古博物院', title: '草原文明', when: '2030-03-20 09:30' },
        dedupeKey: `when:${person.id}`,
      });
    }
    const body = async (address: string) =>
      (await ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)))[0]?.body;
    expect(await body('zh-reader@example.com')).toContain('（2030/3/20 09:30）');
    expect(await body('en-reader@example.com')).toContain('(20 Mar 2030, 09:30)');
  });

  it('sends each pending e-mail once, retries failures, and runs from the scheduler by the clock', async () => {
    const [user] = await ctx.db.insert(users).values({ email: 'b@example.com', name: 'B' }).returning();
    await sendNotice(ctx.db, { userId: user!.id, kind: 'password_changed', dedupeKey: 'k1' });
    await sendNotice(ctx.db, { userId: user!.id, kind: 'password_changed', dedupeKey: 'k2' });
    const mailer = recordingMailer(1);
    const clock = new FakeClock(new Date('2026-12-01T00:00:00Z'));
    const scheduler = new Scheduler(
      [
        {
          name: 'deliver-emails',
          everyMs: 15_000,
          run: ({ db, now }) => deliverPendingEmails(db, mailer, now, log),
        },
      ],
      { db: ctx.db, clock, log, mailer, publicUrl: '' },
    );
    await scheduler.tick();
    expect(mailer.sent).toHaveLength(1); // the first attempt failed, the second e-mail went out
    await scheduler.tick(); // too early: the job waits 15 s
    expect(mailer.sent).toHaveLength(1);
    clock.advance(15_000);
    await scheduler.tick();
    expect(mailer.sent).toHaveLength(2);
    clock.advance(60_000);
    await scheduler.tick();
    expect(mailer.sent).toHaveLength(2);
    const rows = await ctx.db.select().from(emailOutbox).where(eq(emailOutbox.status, 'sent'));
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.attempts).sort()).toEqual([1, 2]);
  });

  it('gives up on an e-mail after five failed attempts', async () => {
    const [user] = await ctx.db.insert(users).values({ email: 'c@example.com', name: 'C' }).returning();
    await sendNotice(ctx.db, { userId: user!.id, kind: 'password_changed', dedupeKey: 'k3' });
    const mailer = recordingMailer(99);
    for (let i = 0; i < 7; i++) await deliverPendingEmails(ctx.db, mailer, new Date(), log);
    const [email] = await ctx.db.select().from(emailOutbox);
    expect(email).toMatchObject({ status: 'failed', attempts: 5 });
    expect(email?.lastError).toContain('connection refused');
  });
});
