import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import { readableParams } from '#app/domain/notices/text.ts';
import { getFormatters, getT } from '#app/i18n/index.ts';
import type { Database } from '#db/client.ts';
import {
  accessCommitments,
  auditLog,
  emailOutbox,
  infoReports,
  notifications,
  searchOutbox,
  speakers,
  venueChanges,
  venues,
} from '#db/schema/index.ts';
import { type BureauDataset, buildBureauDataset, NOW } from '#tests/bureau/dataset.ts';
import { createTestDatabase, serverUrl, type TestDatabase, testDrivers } from '#tests/setup/db.ts';
import {
  closeInfoReport,
  fileInfoReport,
  type InfoReportUser,
  listInfoReports,
} from './info-reports.server.ts';
import { type RegionScope, scopeOf } from './scope.ts';
import {
  type BureauActor,
  decideVerification,
  listOverdue,
  listVerificationQueue,
  ownQueueEntries,
  reverify,
} from './verification.server.ts';

const scope = (code: string): RegionScope =>
  scopeOf({ roles: [{ role: 'auditor', regionCode: code }] }) as RegionScope;

async function noticesOf(db: Database, userId: string) {
  return db.select().from(notifications).where(eq(notifications.userId, userId));
}

for (const driver of testDrivers) {
  describe(`verification queue and corrections [${driver}]`, () => {
    let handle: TestDatabase;
    let db: Database;
    let data: BureauDataset;
    let chifeng: BureauActor;
    let baotou: BureauActor;
    let hongshan: BureauActor;
    let province: BureauActor;
    const person = async (key: keyof BureauDataset['users']): Promise<InfoReportUser> => ({
      id: data.users[key].id,
      roles: await activeRoles(db, data.users[key].id),
    });

    beforeAll(async () => {
      handle = await createTestDatabase(driver, 'empty');
      db = handle.db;
      data = await buildBureauDataset(db);
      chifeng = { userId: data.users.auditorChifeng.id, scope: scope('150400'), requestId: 'req-1' };
      baotou = { userId: data.users.auditorBaotou.id, scope: scope('150200') };
      hongshan = { userId: data.users.auditorHongshan.id, scope: scope('150402') };
      province = { userId: data.users.auditorProvince.id, scope: { kind: 'all' } };
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('queues only what lies in the auditor’s region (an auditor of 赤峰 never sees a 包头 entry)', async () => {
      const ids = (await listVerificationQueue(db, chifeng.scope)).map((item) => item.id).sort();
      expect(ids).toEqual(
        [
          data.venues.V4.id,
          data.speakers.S2,
          data.changes.c1,
          data.changes.c3,
          data.changes.c4,
          data.pendingCommitments.k2,
        ].sort(),
      );
      const baotouIds = (await listVerificationQueue(db, baotou.scope)).map((item) => item.id).sort();
      expect(baotouIds).toEqual([data.changes.c2, data.pendingCommitments.k1].sort());
      const hongshanKinds = (await listVerificationQueue(db, hongshan.scope)).map((i) => i.kind).sort();
      expect(hongshanKinds).toEqual(['venue', 'venue_change', 'venue_change', 'venue_change']);
    });

    it('lets nobody decide their own entry: what they sent, or what concerns a venue they run', async () => {
      // 红山馆员 runs V1 and sent c1 (V1) and k2 (V2's commitment); given an auditor's role of 赤峰 beside it.
      const operatorAuditor: BureauActor = { userId: data.users.operatorV1.id, scope: scope('150400') };
      const queue = await listVerificationQueue(db, operatorAuditor.scope);
      const own = await ownQueueEntries(db, operatorAuditor.userId, queue);
      const v1Changes = queue
        .filter((i) => i.kind === 'venue_change' && i.venueId === data.venues.V1.id)
        .map((i) => i.id);
      expect(v1Changes).toContain(data.changes.c1);
      expect(own.sort()).toEqual([...v1Changes, data.pendingCommitments.k2].sort());
      expect(await ownQueueEntries(db, chifeng.userId, queue)).toEqual([]);

      const before = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c1));
      for (const decision of ['approve', 'reject'] as const) {
        expect(
          await decideVerification(
            db,
            operatorAuditor,
            { kind: 'venue_change', id: data.changes.c1, decision, reason: '自己的' },
            NOW,
          ),
        ).toEqual({ ok: false, error: 'own_entry' });
      }
      expect(
        await decideVerification(
          db,
          operatorAuditor,
          { kind: 'commitment', id: data.pendingCommitments.k2, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'own_entry' });
      expect(await reverify(db, operatorAuditor, { kind: 'venue', id: data.venues.V1.id }, NOW)).toEqual({
        ok: false,
        error: 'own_entry',
      });
      // Nothing moved: the change waits for another auditor, and no audit entry was written by the operator.
      expect(await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c1))).toEqual(
        before,
      );
      const [k2] = await db
        .select({ status: accessCommitments.status })
        .from(accessCommitments)
        .where(eq(accessCommitments.id, data.pendingCommitments.k2));
      expect(k2?.status).toBe('pending');
      expect(
        await db
          .select({ id: auditLog.id })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.actorUserId, data.users.operatorV1.id),
              inArray(auditLog.action, ['venue_change.approve', 'venue_change.reject', 'venue.reverify']),
            ),
          ),
      ).toEqual([]);
    });

    it('shows a change side by side with the live values, and marks one that cannot be applied', async () => {
      const queue = await listVerificationQueue(db, chifeng.scope);
      const c1 = queue.find((i) => i.id === data.changes.c1);
      expect(c1?.kind === 'venue_change' && c1.fields).toEqual([
        { field: 'name', live: '红山博物馆', proposed: '红山区博物馆' },
        { field: 'address', live: '红山博物馆地址', proposed: '红山区新华路1号' },
        { field: 'lat', live: 42.2946, proposed: 42.3 },
        { field: 'lng', live: 118.9476, proposed: 118.95 },
      ]);
      expect(c1?.kind === 'venue_change' && c1.problem).toBe(null);
      const c3 = queue.find((i) => i.id === data.changes.c3);
      expect(c3?.kind === 'venue_change' && c3.problem).toBe('invalid_change');
      const k1 = (await listVerificationQueue(db, baotou.scope)).find(
        (i) => i.id === data.pendingCommitments.k1,
      );
      expect(k1?.kind === 'commitment' && k1.replaces?.id).toBe(data.commitments.V5primary);
      expect(k1?.kind === 'commitment' && k1.proposed.fixedPrice).toBe(400);
      // The replaced one is not also "alongside"; nothing else is in force for 小学 there.
      expect(k1?.kind === 'commitment' && k1.alongside).toEqual([]);
    });

    it('shows beside a new commitment those to the same audience that stay in force on its dates', async () => {
      const propose = async (venue: 'V1' | 'V2', terms: Partial<typeof accessCommitments.$inferInsert>) => {
        const [row] = await db
          .insert(accessCommitments)
          .values({
            venueId: data.venues[venue].id,
            audience: 'primary',
            kind: 'percent_off',
            percentOff: 20,
            validFrom: '2027-04-01',
            status: 'pending',
            ...terms,
          })
          .returning();
        return row!.id;
      };
      // V1 lets 小学 in free, open-ended: a 20 % reduction beside it changes nothing for a school.
      const overlapping = await propose('V1', {});
      // V2's 50 % for 小学 ends 2027-03-15: a proposal from April meets nothing; one from March meets it.
      const after = await propose('V2', {});
      const during = await propose('V2', { validFrom: '2027-03-01', validTo: '2027-03-31' });
      try {
        const queue = await listVerificationQueue(db, scope('150000'));
        const alongside = (id: string) => {
          const item = queue.find((i) => i.id === id);
          return item?.kind === 'commitment' ? item.alongside.map((c) => c.id) : null;
        };
        expect(alongside(overlapping)).toEqual([data.commitments.V1primary]);
        expect(alongside(after)).toEqual([]);
        expect(alongside(during)).toEqual([data.commitments.V2primary]);
        // Other audiences of the same venue (V1's 初中 and chaperones, both free) are not shown.
        expect(alongside(data.pendingCommitments.k2)).toEqual([]);
      } finally {
        await db.delete(accessCommitments).where(inArray(accessCommitments.id, [overlapping, after, during]));
      }
    });

    it('approves a venue change in one transaction: fields, verified date, audit entry, search outbox, notice', async () => {
      const outboxOf = (id: string) =>
        db.select().from(searchOutbox).where(eq(searchOutbox.entityId, id)).orderBy(searchOutbox.id);
      const queuedBefore = (await outboxOf(data.venues.V1.id)).length;
      const result = await decideVerification(
        db,
        chifeng,
        { kind: 'venue_change', id: data.changes.c1, decision: 'approve' },
        NOW,
      );
      expect(result).toEqual({ ok: true });
      const [venue] = await db.select().from(venues).where(eq(venues.id, data.venues.V1.id));
      expect(venue).toMatchObject({
        name: '红山区博物馆',
        address: '红山区新华路1号',
        lat: 42.3,
        lng: 118.95,
        type: 'museum',
        verifiedAt: NOW,
        verifiedBy: chifeng.userId,
      });
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c1));
      expect(change).toMatchObject({ status: 'approved', decidedBy: chifeng.userId, decidedAt: NOW });
      const [entry] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'venue_change.approve'), eq(auditLog.entityId, data.venues.V1.id)));
      expect(entry).toMatchObject({ actorUserId: chifeng.userId, regionCode: '150402', requestId: 'req-1' });
      expect(entry?.before).toMatchObject({ name: '红山博物馆', address: '红山博物馆地址' });
      expect(entry?.after).toMatchObject({ name: '红山区博物馆', changeId: data.changes.c1 });
      // The database's trigger queued the change for the search index in the same transaction.
      const queued = (await outboxOf(data.venues.V1.id)).slice(queuedBefore);
      expect(queued.length).toBeGreaterThan(0);
      expect(new Set(queued.map((o) => o.op))).toEqual(new Set(['upsert']));
      const notices = await noticesOf(db, data.users.operatorV1.id);
      expect(notices.map((n) => n.kind)).toContain('venueChangeApproved');
      const mail = await db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.toAddress, data.users.operatorV1.email));
      expect(mail.some((m) => m.body.includes('红山博物馆'))).toBe(true);
    });

    it('answers "already decided" to a second decision on the same entry and changes nothing', async () => {
      const again = await decideVerification(
        db,
        province,
        { kind: 'venue_change', id: data.changes.c1, decision: 'reject', reason: '重复' },
        NOW,
      );
      expect(again).toEqual({ ok: false, error: 'already_decided' });
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c1));
      expect(change?.status).toBe('approved');
    });

    it('treats an entry of another region as not found, and changes nothing (包头 change, 赤峰 auditor)', async () => {
      for (const kind of ['venue_change', 'commitment'] as const) {
        const id = kind === 'venue_change' ? data.changes.c2 : data.pendingCommitments.k1;
        expect(await decideVerification(db, chifeng, { kind, id, decision: 'approve' }, NOW)).toEqual({
          ok: false,
          error: 'not_found',
        });
      }
      // A 旗县 auditor may not decide for a sibling 旗县.
      expect(
        await decideVerification(
          db,
          hongshan,
          { kind: 'commitment', id: data.pendingCommitments.k2, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'not_found' });
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c2));
      expect(change?.status).toBe('pending');
      const [k2] = await db
        .select()
        .from(accessCommitments)
        .where(eq(accessCommitments.id, data.pendingCommitments.k2));
      expect(k2?.status).toBe('pending');
    });

    it('refuses a rejection without a reason, then rejects with one and tells the operator', async () => {
      expect(
        await decideVerification(
          db,
          baotou,
          { kind: 'venue_change', id: data.changes.c2, decision: 'reject' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'reason_required' });
      expect(
        await decideVerification(
          db,
          baotou,
          { kind: 'venue_change', id: data.changes.c2, decision: 'reject', reason: '  ' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'reason_required' });
      const result = await decideVerification(
        db,
        baotou,
        { kind: 'venue_change', id: data.changes.c2, decision: 'reject', reason: '类型应为纪念馆' },
        NOW,
      );
      expect(result).toEqual({ ok: true });
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c2));
      expect(change).toMatchObject({ status: 'rejected', reason: '类型应为纪念馆' });
      const [venue] = await db.select().from(venues).where(eq(venues.id, data.venues.V3.id));
      expect(venue?.type).toBe('memorial');
      const notices = await noticesOf(db, data.users.operatorV3.id);
      expect(notices.find((n) => n.kind === 'venueChangeRejected')?.params).toMatchObject({
        reason: '类型应为纪念馆',
      });
    });

    it('refuses to apply a change with unknown or invalid fields, leaving it pending', async () => {
      expect(
        await decideVerification(
          db,
          chifeng,
          { kind: 'venue_change', id: data.changes.c3, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'invalid_change' });
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.id, data.changes.c3));
      expect(change?.status).toBe('pending');
    });

    it('lets only an auditor who sees both regions move a venue to another 盟市', async () => {
      expect(
        await decideVerification(
          db,
          chifeng,
          { kind: 'venue_change', id: data.changes.c4, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'region_out_of_scope' });
      const [still] = await db.select().from(venues).where(eq(venues.id, data.venues.V1.id));
      expect(still?.regionCode).toBe('150402');
      expect(
        await decideVerification(
          db,
          province,
          { kind: 'venue_change', id: data.changes.c4, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: true });
      const [moved] = await db.select().from(venues).where(eq(venues.id, data.venues.V1.id));
      expect(moved?.regionCode).toBe('150202');
    });

    it('refuses to place a venue at a 盟市, even for a change sent before the console checked, leaving it pending', async () => {
      const [sent] = await db
        .insert(venueChanges)
        .values({
          venueId: data.venues.V1.id,
          proposedBy: data.users.operatorV1.id,
          changes: { regionCode: '150200' },
          createdAt: NOW,
        })
        .returning({ id: venueChanges.id });
      const changeId = sent?.id ?? '';
      const queued = (await listVerificationQueue(db, province.scope)).find((i) => i.id === changeId);
      expect(queued?.kind === 'venue_change' && queued.problem).toBe('region_not_county');
      expect(
        await decideVerification(
          db,
          province,
          { kind: 'venue_change', id: changeId, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: false, error: 'region_not_county' });
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.id, changeId));
      expect(change?.status).toBe('pending');
      const [venue] = await db.select().from(venues).where(eq(venues.id, data.venues.V1.id));
      expect(venue?.regionCode).toBe('150202');
      expect(
        await decideVerification(
          db,
          province,
          { kind: 'venue_change', id: changeId, decision: 'reject', reason: '请选择旗县市区' },
          NOW,
        ),
      ).toEqual({ ok: true });
    });

    it('activates a replacement commitment and hands the one it replaces over on its first day, setting the verified date', async () => {
      expect(
        await decideVerification(
          db,
          baotou,
          { kind: 'commitment', id: data.pendingCommitments.k1, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: true });
      const rows = await db
        .select({
          id: accessCommitments.id,
          status: accessCommitments.status,
          validTo: accessCommitments.validTo,
        })
        .from(accessCommitments)
        .where(eq(accessCommitments.venueId, data.venues.V5.id));
      // The replacement starts on 1 March (NOW is 10 February): the old price holds until the day before.
      expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.validTo]]))).toEqual({
        [data.commitments.V5primary]: ['active', '2027-02-28'],
        [data.pendingCommitments.k1]: ['active', null],
      });
      const [venue] = await db.select().from(venues).where(eq(venues.id, data.venues.V5.id));
      expect(venue?.verifiedAt).toEqual(NOW);
      const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'commitment.approve'));
      expect(entry).toMatchObject({ entityId: data.pendingCommitments.k1, regionCode: '150202' });
    });

    it('publishes a new venue and rejects a new speaker with a reason', async () => {
      const queued = async () =>
        (await db.select().from(searchOutbox).where(eq(searchOutbox.entityId, data.speakers.S2))).length;
      const queuedBefore = await queued();
      expect(
        await decideVerification(
          db,
          chifeng,
          { kind: 'venue', id: data.venues.V4.id, decision: 'approve' },
          NOW,
        ),
      ).toEqual({ ok: true });
      const [venue] = await db.select().from(venues).where(eq(venues.id, data.venues.V4.id));
      expect(venue).toMatchObject({ status: 'published', verifiedAt: NOW, verifiedBy: chifeng.userId });
      expect(
        await decideVerification(
          db,
          chifeng,
          { kind: 'speaker', id: data.speakers.S2, decision: 'reject', reason: '资料不全' },
          NOW,
        ),
      ).toEqual({ ok: true });
      const [speaker] = await db.select().from(speakers).where(eq(speakers.id, data.speakers.S2));
      expect(speaker?.status).toBe('rejected');
      // Queued for the index in the same transaction; the index drops a speaker that is no longer published.
      expect(await queued()).toBeGreaterThan(queuedBefore);
    });

    it('lists entries not verified for 12 months per region, and "still correct" verifies one again', async () => {
      const names = async (actor: BureauActor) =>
        (await listOverdue(db, actor.scope, NOW)).map((e) => e.name);
      expect((await names(chifeng)).sort()).toEqual([data.venues.V2.name, data.venues.V6.name].sort());
      expect((await names(baotou)).sort()).toEqual([data.venues.V3.name, '包头讲师'].sort());
      expect(await reverify(db, chifeng, { kind: 'venue', id: data.venues.V3.id }, NOW)).toEqual({
        ok: false,
        error: 'not_found',
      });
      expect(await reverify(db, chifeng, { kind: 'venue', id: data.venues.V2.id }, NOW)).toEqual({
        ok: true,
      });
      expect(await names(chifeng)).toEqual([data.venues.V6.name]);
      const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'venue.reverify'));
      expect(entry).toMatchObject({ entityId: data.venues.V2.id, regionCode: '150421' });
    });

    it('files a teacher’s correction after a visit, telling the venue’s operators and its region’s auditors only', async () => {
      const teacherA = await person('teacherA');
      const result = await fileInfoReport(
        db,
        teacherA,
        data.venues.V2.slug,
        { body: '开放时间写的是周一开放，实际周一闭馆。' },
        { now: NOW },
      );
      expect(result.ok).toBe(true);
      const reached = async (key: keyof BureauDataset['users']) =>
        (await noticesOf(db, data.users[key].id)).some((n) => n.kind === 'infoReportFiled');
      expect(await reached('auditorChifeng')).toBe(true);
      expect(await reached('auditorProvince')).toBe(true);
      expect(await reached('auditorBaotou')).toBe(false);
      expect(await reached('auditorHongshan')).toBe(false);
      const teacherG = await person('teacherG');
      expect(
        (
          await fileInfoReport(
            db,
            teacherG,
            data.venues.V3.slug,
            { body: '纪念馆门口的无障碍坡道已经拆除。' },
            { now: NOW },
          )
        ).ok,
      ).toBe(true);
      expect(await reached('operatorV3')).toBe(true);
      expect(await reached('auditorBaotou')).toBe(true);
    });

    it('refuses a correction from a teacher whose school never visited, about a visit not theirs, and about an unknown venue', async () => {
      const teacherC = await person('teacherC');
      expect(
        await fileInfoReport(
          db,
          teacherC,
          data.venues.V2.slug,
          { body: '我觉得地址不对，应该改一下。' },
          { now: NOW },
        ),
      ).toEqual({ ok: false, error: 'no_visit' });
      const teacherA = await person('teacherA');
      expect(
        await fileInfoReport(
          db,
          teacherA,
          data.venues.V2.slug,
          { body: '借用别校的参观记录来报告。', bookingId: data.bookings.b7 },
          { now: NOW },
        ),
      ).toEqual({ ok: false, error: 'booking_not_found' });
      // A booking that does not exist gets the same answer as another school's: nothing tells them apart.
      expect(
        await fileInfoReport(
          db,
          teacherA,
          data.venues.V2.slug,
          { body: '改过的预约编号，没有这次预约。', bookingId: '00000000-0000-4000-8000-000000000000' },
          { now: NOW },
        ),
      ).toEqual({ ok: false, error: 'booking_not_found' });
      expect(
        await fileInfoReport(db, teacherA, 'no-such-venue', { body: '没有这个场馆也要报告。' }, { now: NOW }),
      ).toEqual({ ok: false, error: 'venue_not_found' });
      expect(await db.select().from(infoReports)).toHaveLength(2);
    });

    it('shows each person only the corrections they may see, and lets only the venue or its auditors close them', async () => {
      const operator = await person('operatorV3');
      const mine = await listInfoReports(db, operator);
      expect(mine.map((r) => r.venueName)).toEqual([data.venues.V3.name]);
      expect(mine[0]?.canClose).toBe(true);
      const chifengReports = await listInfoReports(db, await person('auditorChifeng'), {
        scope: chifeng.scope,
      });
      expect(chifengReports.map((r) => r.venueName)).toEqual([data.venues.V2.name]);
      const reporter = await listInfoReports(db, await person('teacherA'));
      expect(reporter.map((r) => [r.venueName, r.canClose])).toEqual([[data.venues.V2.name, false]]);

      const v2Report = chifengReports[0]?.id as string;
      expect(
        await closeInfoReport(
          db,
          await person('auditorBaotou'),
          { id: v2Report, status: 'fixed' },
          { now: NOW },
        ),
      ).toEqual({
        ok: false,
        error: 'not_found',
      });
      expect(
        await closeInfoReport(db, await person('teacherA'), { id: v2Report, status: 'fixed' }, { now: NOW }),
      ).toEqual({
        ok: false,
        error: 'not_found',
      });
      expect(
        await closeInfoReport(
          db,
          await person('auditorChifeng'),
          { id: v2Report, status: 'fixed', note: '已通知场馆更正开放时间' },
          { now: NOW },
        ),
      ).toEqual({ ok: true });
      expect(
        await closeInfoReport(
          db,
          await person('auditorChifeng'),
          { id: v2Report, status: 'dismissed' },
          { now: NOW },
        ),
      ).toEqual({ ok: false, error: 'already_closed' });
      const notices = await noticesOf(db, data.users.teacherA.id);
      expect(notices.find((n) => n.kind === 'infoReportFixed')?.params).toMatchObject({
        note: '已通知场馆更正开放时间',
      });
      expect(await listInfoReports(db, await person('teacherA'), { status: 'open' })).toEqual([]);
      // What was done stays with the closed report: the reporter and the auditor read it there, not only in a notice.
      const closedForReporter = await listInfoReports(db, await person('teacherA'), { status: 'closed' });
      expect(closedForReporter.map((r) => [r.id, r.status, r.closeNote])).toEqual([
        [v2Report, 'fixed', '已通知场馆更正开放时间'],
      ]);
      const closedForAuditor = await listInfoReports(db, await person('auditorChifeng'), {
        status: 'closed',
        scope: chifeng.scope,
      });
      expect(closedForAuditor.map((r) => r.closeNote)).toEqual(['已通知场馆更正开放时间']);
    });

    it('brings back the note of a report closed before notes were kept, from its audit entry (migration 0011)', async () => {
      const [report] = await db
        .insert(infoReports)
        .values({
          venueId: data.venues.V6.id,
          reportedBy: data.users.teacherA.id,
          body: '早先关闭的报告，说明只写进了审计日志。',
          status: 'dismissed',
          closedBy: data.users.auditorChifeng.id,
          closedAt: NOW,
        })
        .returning({ id: infoReports.id });
      await db.insert(auditLog).values({
        actorUserId: data.users.auditorChifeng.id,
        action: 'info_report.dismiss',
        entityType: 'info_report',
        entityId: report!.id,
        regionCode: '150400',
        before: { status: 'open' },
        after: { status: 'dismissed', note: '核对后信息无误' },
      });
      const backfill = readFileSync(
        fileURLToPath(new URL('../../../db/migrations/0011_info_report_close_note.sql', import.meta.url)),
        'utf8',
      ).split('--> statement-breakpoint')[1]!;
      await db.execute(sql.raw(backfill));
      const [row] = await db
        .select({ closeNote: infoReports.closeNote })
        .from(infoReports)
        .where(eq(infoReports.id, report!.id));
      expect(row?.closeNote).toBe('核对后信息无误');
      await db.delete(infoReports).where(eq(infoReports.id, report!.id));
    });
  });
}

describe.skipIf(!serverUrl)('verification under concurrency [postgres]', () => {
  let handle: TestDatabase;
  let data: BureauDataset;
  beforeAll(async () => {
    handle = await createTestDatabase('postgres', 'empty');
    data = await buildBureauDataset(handle.db);
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it('lets exactly one of two auditors deciding the same change at the same instant win', async () => {
    const chifeng = { userId: data.users.auditorChifeng.id, scope: scope('150400') };
    const province = { userId: data.users.auditorProvince.id, scope: { kind: 'all' } as const };
    const results = await Promise.all([
      decideVerification(
        handle.db,
        chifeng,
        { kind: 'venue_change', id: data.changes.c1, decision: 'approve' },
        NOW,
      ),
      decideVerification(
        handle.db,
        province,
        { kind: 'venue_change', id: data.changes.c1, decision: 'reject', reason: '同时驳回' },
        NOW,
      ),
      decideVerification(
        handle.db,
        chifeng,
        { kind: 'commitment', id: data.pendingCommitments.k2, decision: 'approve' },
        NOW,
      ),
      decideVerification(
        handle.db,
        province,
        { kind: 'commitment', id: data.pendingCommitments.k2, decision: 'approve' },
        NOW,
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, error: 'already_decided' },
      { ok: false, error: 'already_decided' },
    ]);
    const decisions = await handle.db.select().from(auditLog).where(eq(auditLog.entityType, 'venue'));
    expect(decisions.filter((d) => d.action.startsWith('venue_change.'))).toHaveLength(1);
    const approvals = await handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'commitment.approve'));
    expect(approvals).toHaveLength(1);
  });
});

describe('the notice of a decided commitment [pglite]', () => {
  let handle: TestDatabase;
  let data: BureauDataset;
  beforeAll(async () => {
    handle = await createTestDatabase('pglite', 'empty');
    data = await buildBureauDataset(handle.db);
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it('tells the operator which commitment was approved and from when, in the reader’s language', async () => {
    expect(
      await decideVerification(
        handle.db,
        { userId: data.users.auditorChifeng.id, scope: scope('150400') },
        { kind: 'commitment', id: data.pendingCommitments.k2, decision: 'approve' },
        NOW,
      ),
    ).toEqual({ ok: true });
    const notice = (await noticesOf(handle.db, data.users.operatorV1.id)).find(
      (n) => n.kind === 'commitmentApproved',
    );
    expect(notice?.link).toBe('/console/commitments');
    const read = (locale: 'zh' | 'en') =>
      getT(locale)(
        'notice.commitmentApproved',
        readableParams(notice?.params ?? {}, getFormatters(locale), getT(locale)),
      );
    expect(read('zh')).toBe(`“${data.venues.V2.name}”的开放承诺“初中生免费”已通过审核，2025年1月1日起生效。`);
    expect(read('en')).toBe(
      `The access commitment “Junior secondary pupils: free” of “${data.venues.V2.name}” was approved; it is in force from 1 January 2025.`,
    );
    const mail = await handle.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, data.users.operatorV1.email));
    expect(mail.some((m) => m.body.includes('开放承诺“初中生免费”已通过审核'))).toBe(true);
  });
});
