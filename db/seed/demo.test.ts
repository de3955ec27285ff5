import { and, count, countDistinct, eq, inArray, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import { bookingDetail, venueInbox } from '#app/domain/bookings/views.server.ts';
import { regionNameForms } from '#app/domain/catalogue/placement.ts';
import { listNotices } from '#app/domain/notices/notices.server.ts';
import { fitsAvailability } from '#app/domain/speakers/rules.ts';
import { getT, type MessageKey, type MessageParams } from '#app/i18n/index.ts';
import { isNight } from '#app/utils/time.ts';
import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { venueTypes } from '#db/schema/enums.ts';
import {
  bookings,
  invitationSlots,
  invitations,
  memberships,
  notifications,
  schools,
  sessions,
  speakers,
  speakerTopics,
  users,
  venues,
} from '#db/schema/index.ts';
import { queryRows } from '#db/sql.ts';
import { DEMO_NOW, describeEachDriver } from '#tests/setup/db.ts';
import { seedDemo, seedDemoIfEmpty } from './demo.ts';
import { DEMO_ACCOUNTS, DEMO_SCHOOL_NAME, DEMO_VENUE_NAME } from './demo-accounts.ts';

const SPEAKER_LOGIN = DEMO_ACCOUNTS.find((a) => a.role === 'speaker')?.email as string;
const OPERATOR_LOGIN = DEMO_ACCOUNTS.find((a) => a.role === 'venue_operator')?.email as string;

import { ensureRegions, readRegions } from './regions.ts';

describeEachDriver(
  'demo data',
  (ctx) => {
    it('has the 157 real museums, placed approximately, and at least 400 venues of every type in all 12 盟市', async () => {
      const [museums] = await ctx.db
        .select({ n: count(), approx: sql<number>`count(*) filter (where ${venues.locationApproximate})` })
        .from(venues)
        .where(sql`${venues.source} like '国家文物局%'`);
      expect(Number(museums?.n)).toBe(157);
      expect(Number(museums?.approx)).toBe(157);
      const [all] = await ctx.db.select({ n: count() }).from(venues);
      expect(Number(all?.n)).toBeGreaterThanOrEqual(400);
      const types = await ctx.db.selectDistinct({ type: venues.type }).from(venues);
      expect(types.map((t) => t.type).sort()).toEqual([...venueTypes].sort());
      const [prefectures] = await ctx.db
        .select({ n: countDistinct(sql`substr(${venues.regionCode}, 1, 4)`) })
        .from(venues)
        .where(sql`${venues.regionCode} <> '150000'`);
      expect(Number(prefectures?.n)).toBe(12);
      const noText = await ctx.db
        .select({ n: count() })
        .from(venues)
        .where(sql`${venues.description} = '' or cardinality(${venues.themes}) = 0`);
      expect(Number(noText[0]?.n)).toBe(0);
    });

    it('places museums only where their own name or address says: 赤峰博物院 in 赤峰市, none of another 盟市 in 呼和浩特市', async () => {
      const rows = await ctx.db
        .select({
          name: venues.name,
          address: venues.address,
          regionCode: venues.regionCode,
          approximate: venues.locationApproximate,
        })
        .from(venues);
      expect(rows.find((v) => v.name === '赤峰博物院')?.regionCode).toBe('150400');
      expect(rows.find((v) => v.name === '巴林古韵博物馆')?.regionCode).toBe('150400');
      const others = readRegions().filter((r) => r.level === 'prefecture' && r.code !== '150100');
      const elsewhere = rows.filter(
        (v) =>
          v.regionCode.startsWith('1501') &&
          others.some((p) => regionNameForms(p).some((form) => `${v.name} ${v.address}`.includes(form))),
      );
      expect(elsewhere).toEqual([]);
      // Those naming no place sit at the autonomous region, flagged approximate, with no made-up address.
      const unplaced = rows.filter((v) => v.regionCode === '150000');
      expect(unplaced.map((v) => v.name)).toEqual(
        expect.arrayContaining([
          '查布恐龙博物馆',
          '布利亚特博物馆',
          '恩和俄罗斯民族博物馆',
          '敖鲁古雅鄂温克族驯鹿文化博物馆',
        ]),
      );
      for (const v of unplaced) expect(v).toMatchObject({ approximate: true, address: '' });
      expect(rows.find((v) => v.name === '内蒙古博物院')?.regionCode).toBe('150102');
    });

    it('puts a made-up venue named after its 盟市 (呼和浩特市儿童活动中心) in the 盟市’s seat, not in an outlying 旗县', async () => {
      const regions = readRegions();
      const made = await ctx.db
        .select({ name: venues.name, regionCode: venues.regionCode })
        .from(venues)
        .where(eq(venues.source, 'demo'));
      let named = 0;
      for (const prefecture of regions.filter((r) => r.level === 'prefecture')) {
        const counties = regions.filter((r) => r.parentCode === prefecture.code && r.lat != null);
        const away = (c: (typeof counties)[number]) =>
          ((c.lat ?? 0) - (prefecture.lat ?? 0)) ** 2 + ((c.lng ?? 0) - (prefecture.lng ?? 0)) ** 2;
        const seat = counties.reduce((best, c) => (away(c) < away(best) ? c : best));
        for (const venue of made.filter((v) => v.name.startsWith(prefecture.name))) {
          named++;
          expect(venue.regionCode, venue.name).toBe(seat.code);
        }
      }
      expect(named).toBeGreaterThan(20);
      // The seat of 呼和浩特市 is 赛罕区.
      expect(made.filter((v) => v.name.startsWith('呼和浩特市')).map((v) => v.regionCode)).toContain(
        '150105',
      );
    });

    it('has 150+ urban and rural schools, 60+ speakers with topics, and one account per role', async () => {
      const [s] = await ctx.db
        .select({
          n: count(),
          rural: sql<number>`count(*) filter (where ${schools.rural})`,
          lb: sql<number>`sum(${schools.leftBehindPupils})`,
        })
        .from(schools);
      expect(Number(s?.n)).toBeGreaterThanOrEqual(150);
      expect(Number(s?.rural)).toBeGreaterThan(30);
      expect(Number(s?.lb)).toBeGreaterThan(0);
      const [sp] = await ctx.db.select({ n: count() }).from(speakers);
      expect(Number(sp?.n)).toBeGreaterThanOrEqual(60);
      const [without] = await ctx.db
        .select({ n: count() })
        .from(speakers)
        .where(
          sql`not exists (select 1 from ${speakerTopics} where ${speakerTopics.speakerId} = ${speakers.id})`,
        );
      expect(Number(without?.n)).toBe(0);
      const accounts = await ctx.db
        .select({
          email: users.email,
          role: memberships.role,
          hasPassword: sql<boolean>`${users.passwordHash} is not null`,
        })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(
          inArray(
            users.email,
            DEMO_ACCOUNTS.map((a) => a.email),
          ),
        );
      expect(accounts.map((a) => a.role).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.role).sort());
      expect(accounts.every((a) => a.hasPassword)).toBe(true);
    });

    it('has sessions over the next 10 weeks with open days, and seats held equal the seats of holding bookings', async () => {
      const [span] = await ctx.db
        .select({
          future: sql<number>`count(*) filter (where ${sessions.startsAt} > ${DEMO_NOW.toISOString()})`,
          openDays: sql<number>`count(*) filter (where ${sessions.openDay} and ${sessions.startsAt} > ${DEMO_NOW.toISOString()})`,
          last: sql<string>`max(${sessions.startsAt})`,
        })
        .from(sessions);
      expect(Number(span?.future)).toBeGreaterThan(3000);
      expect(Number(span?.openDays)).toBeGreaterThan(100);
      expect(new Date(span!.last).getTime() - DEMO_NOW.getTime()).toBeLessThanOrEqual(10 * 7 * 86400_000);
      const mismatched = await queryRows(
        ctx.db,
        sql`select s.id from sessions s left join bookings b on b.session_id = s.id
              and b.status in ('requested', 'school_approved', 'confirmed')
            group by s.id, s.seats_held having s.seats_held <> coalesce(sum(b.seats), 0)`,
      );
      expect(mismatched).toEqual([]);
      const [holding] = await ctx.db
        .select({ n: count() })
        .from(bookings)
        .where(inArray(bookings.status, ['requested', 'school_approved', 'confirmed']));
      expect(Number(holding?.n)).toBeGreaterThan(0);
      // Requests hold their seats until a deadline, as the domain makes them (the trips list shows it).
      const [open] = await ctx.db
        .select({ n: count() })
        .from(bookings)
        .where(and(inArray(bookings.status, ['requested', 'school_approved']), isNull(bookings.holdUntil)));
      expect(Number(open?.n)).toBe(0);
      const [flagged] = await ctx.db
        .select({ n: count() })
        .from(bookings)
        .where(and(eq(bookings.priceFlagged, true)));
      expect(Number(flagged?.n)).toBeGreaterThan(0);
      // About half the past trips were rated afterwards, and only trips that took place.
      const rated = await queryRows<{ status: string; n: number }>(
        ctx.db,
        sql`select status, count(*)::int as n from bookings where feedback_rating is not null group by status`,
      );
      expect(rated.map((r) => r.status)).toEqual(['attended']);
      expect(rated[0]!.n).toBeGreaterThan(10);
      // Nothing happened in the future: a trip soon after the seed was still booked, answered and recorded before it.
      const ahead = await queryRows<{ id: string }>(
        ctx.db,
        sql`select id from bookings where greatest(created_at, updated_at, approved_at, confirmed_at, cancelled_at,
              attendance_recorded_at, feedback_at) > ${DEMO_NOW.toISOString()}`,
      );
      expect(ahead).toEqual([]);
    });

    it('gives the demo operator two past visits, confirmed, waiting for their attendance to be recorded', async () => {
      const [operator] = await ctx.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, OPERATOR_LOGIN));
      const viewer = { id: operator!.id, roles: await activeRoles(ctx.db, operator!.id) };
      const { toRecord } = await venueInbox(ctx.db, viewer, DEMO_NOW);
      expect(toRecord.length).toBeGreaterThanOrEqual(2);
      expect(new Set(toRecord.map((visit) => visit.schoolId)).size).toBeGreaterThanOrEqual(2);
      for (const visit of toRecord) {
        expect(visit).toMatchObject({
          status: 'confirmed',
          venueName: DEMO_VENUE_NAME,
          attendedPupils: null,
        });
        expect(visit.startsAt.getTime()).toBeLessThan(DEMO_NOW.getTime());
        // Other schools' groups: the demo teacher's own trips are as they were.
        expect(visit.schoolName).not.toBe(DEMO_SCHOOL_NAME);
        // The operator's page for it offers the attendance form.
        expect((await bookingDetail(ctx.db, viewer, visit.id, DEMO_NOW))?.actions).toContain('attendance');
      }
    });

    it('puts every speaker’s talk, given, scheduled or proposed, inside that speaker’s own weekly hours', async () => {
      const rows = await ctx.db
        .select({
          startsAt: invitationSlots.startsAt,
          endsAt: invitationSlots.endsAt,
          weeklyAvailability: speakers.weeklyAvailability,
        })
        .from(invitationSlots)
        .innerJoin(invitations, eq(invitations.id, invitationSlots.invitationId))
        .innerJoin(speakers, eq(speakers.id, invitations.speakerId));
      expect(rows.length).toBeGreaterThan(20);
      const outside = rows.filter((r) => !fitsAvailability(r, r.weeklyAvailability));
      expect(outside).toEqual([]);
    });

    it('gives each waiting invitation the notice its host got when it was sent, so inbox and desk agree', async () => {
      const waiting = await ctx.db
        .select({
          id: invitations.id,
          kind: invitations.kind,
          speakerId: invitations.speakerId,
          venueId: invitations.venueId,
        })
        .from(invitations)
        .where(eq(invitations.status, 'pending'));
      expect(waiting.map((w) => w.kind).sort()).toEqual(['outreach', 'speaker']);
      for (const invitation of waiting) {
        const hosts = await ctx.db
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(
            invitation.kind === 'speaker'
              ? and(
                  eq(memberships.role, 'speaker'),
                  eq(memberships.speakerId, invitation.speakerId as string),
                )
              : and(
                  eq(memberships.role, 'venue_operator'),
                  eq(memberships.venueId, invitation.venueId as string),
                ),
          );
        expect(hosts.length).toBeGreaterThan(0);
        for (const { userId } of hosts) {
          const notices = await ctx.db
            .select({ kind: notifications.kind, dedupeKey: notifications.dedupeKey })
            .from(notifications)
            .where(
              and(eq(notifications.userId, userId), sql`${notifications.link} like ${`%/${invitation.id}`}`),
            );
          expect(notices).toEqual([
            {
              kind: invitation.kind === 'speaker' ? 'invitation_received' : 'outreach_received',
              dedupeKey: `invitation:${invitation.id}:received:${userId}`,
            },
          ]);
        }
      }
      // The demo speaker's inbox says it in words, with the school, the talk and the answer deadline.
      const [speaker] = await ctx.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, SPEAKER_LOGIN));
      const inbox = await listNotices(ctx.db, speaker!.id);
      expect(inbox).toHaveLength(1);
      const text = getT('zh')(`notice.${inbox[0]!.kind}` as MessageKey, inbox[0]!.params as MessageParams);
      expect(text).toMatch(/^.+老师（.+）邀请您宣讲《.+》，请在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前答复。$/);
    });

    it('names each group leader as a person and gives each venue a bare duty number, so an English trip sheet prints no Chinese labels', async () => {
      const leaders = await ctx.db.selectDistinct({ name: bookings.contactName }).from(bookings);
      expect(leaders.length).toBeGreaterThan(1);
      for (const { name } of leaders) expect(name).toMatch(/^[\u4e00-\u9fff]{1,2}老师$/);
      expect(leaders.map((l) => l.name)).not.toContain('带队教师');
      const contacts = await ctx.db
        .select({ contact: venues.emergencyContact })
        .from(venues)
        .where(sql`${venues.emergencyContact} <> ''`);
      expect(contacts.length).toBeGreaterThan(100);
      for (const { contact } of contacts) expect(contact).toMatch(/^0\d{2,3}-\d{7,8}$/);
    });
  },
  { fixture: 'demo' },
);

describe('demo data [pglite]', { timeout: 300_000 }, () => {
  it('is deterministic, loads only into an empty database, and gives no deadline at night when seeded at night', async () => {
    // 02:30 Beijing time: a demo started at night still asks for answers by day, as the domain's rules would.
    const now = new Date('2026-11-29T18:30:00Z');
    const names: string[][] = [];
    const toRecord: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const handle = await openDatabase({ memory: true });
      await migrateDatabase(handle);
      await ensureRegions(handle.db);
      await seedDemo(handle.db, { now });
      names.push(
        (
          await handle.db.select({ slug: venues.slug, name: venues.name }).from(venues).orderBy(venues.slug)
        ).map((v) => `${v.slug} ${v.name}`),
      );
      expect(await seedDemoIfEmpty(handle.db, { now })).toBe(false);
      toRecord.push(
        (
          await handle.db
            .select({ id: bookings.id })
            .from(bookings)
            .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
            .where(and(eq(bookings.status, 'confirmed'), sql`${sessions.startsAt} < ${now.toISOString()}`))
            .orderBy(bookings.id)
        ).map((b) => b.id),
      );
      const deadlines = [
        ...(await handle.db
          .select({ at: invitations.expiresAt })
          .from(invitations)
          .where(eq(invitations.status, 'pending'))),
        ...(await handle.db
          .select({ at: bookings.holdUntil })
          .from(bookings)
          .where(inArray(bookings.status, ['requested', 'school_approved']))),
      ].map((d) => d.at);
      expect(deadlines.length).toBeGreaterThan(2);
      expect(deadlines.filter((at) => !at || isNight(at))).toEqual([]);
      // Nothing waits past its deadline: the site's first round of the scheduler lapses no request.
      expect(deadlines.filter((at) => at && at <= now)).toEqual([]);
      await handle.close();
    }
    expect(names[0]).toEqual(names[1]);
    // The visits waiting for their attendance are the same ones each time.
    expect(toRecord[0]!.length).toBeGreaterThanOrEqual(2);
    expect(toRecord[0]).toEqual(toRecord[1]);
    expect(names[0]).toContain('neimenggu-bowuyuan 内蒙古博物院');
  });

  // The draws that hand out groups depend on today's date (which sessions lie ahead); the demo operator's desk must
  // not. 2 Dec 2026 07:53 Beijing time once left the demo venue with no group ahead; 1 Mar 2027 is a term's start.
  it.each(['2026-12-01T23:53:00Z', '2027-02-28T16:30:00Z'])(
    'gives the demo venue past visits to record and a group ahead, and the demo school requests to approve, when seeded at %s',
    async (iso) => {
      const now = new Date(iso);
      const handle = await openDatabase({ memory: true });
      try {
        await migrateDatabase(handle);
        await ensureRegions(handle.db);
        await seedDemo(handle.db, { now });
        const groups = await handle.db
          .select({ startsAt: sessions.startsAt, status: bookings.status, seatsHeld: sessions.seatsHeld })
          .from(bookings)
          .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
          .innerJoin(venues, eq(venues.id, sessions.venueId))
          .where(and(eq(venues.slug, 'neimenggu-bowuyuan'), eq(bookings.status, 'confirmed')));
        const past = groups.filter((g) => g.startsAt < now);
        const ahead = groups.filter((g) => g.startsAt > now);
        expect(past.length).toBeGreaterThanOrEqual(2);
        expect(ahead.length).toBeGreaterThanOrEqual(1);
        for (const group of ahead) expect(group.seatsHeld).toBeGreaterThan(0);
        // And the demo school admin has requests of the demo school to approve.
        const awaiting = await handle.db
          .select({ startsAt: sessions.startsAt })
          .from(bookings)
          .innerJoin(sessions, eq(sessions.id, bookings.sessionId))
          .innerJoin(schools, eq(schools.id, bookings.schoolId))
          .where(
            and(
              eq(schools.name, DEMO_SCHOOL_NAME),
              eq(bookings.status, 'requested'),
              eq(bookings.needsSchoolApproval, true),
            ),
          );
        expect(awaiting.length).toBeGreaterThanOrEqual(2);
        for (const request of awaiting) expect(request.startsAt.getTime()).toBeGreaterThan(now.getTime());
      } finally {
        await handle.close();
      }
    },
  );
});
