// One open report per person, venue and text: a double submit files the report once, even when both arrive at the
// same moment (the unique index of migration 0012 decides). Both drivers; the server runs the two truly at once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activeRoles } from '#app/domain/accounts/accounts.server.ts';
import type { Database } from '#db/client.ts';
import { auditLog, infoReports, notifications } from '#db/schema/index.ts';
import { type BureauDataset, buildBureauDataset, NOW } from '#tests/bureau/dataset.ts';
import { createTestDatabase, type TestDatabase, testDrivers } from '#tests/setup/db.ts';
import { closeInfoReport, fileInfoReport, type InfoReportUser } from './info-reports.server.ts';

const BODY = '开放时间写的是周一开放，实际周一闭馆。';

for (const driver of testDrivers) {
  describe(`a report filed twice [${driver}]`, () => {
    let handle: TestDatabase;
    let db: Database;
    let data: BureauDataset;
    const person = async (key: keyof BureauDataset['users']): Promise<InfoReportUser> => ({
      id: data.users[key].id,
      roles: await activeRoles(db, data.users[key].id),
    });
    const file = async (key: keyof BureauDataset['users'], venue: 'V1' | 'V2', body = BODY) =>
      fileInfoReport(db, await person(key), data.venues[venue].slug, { body }, { now: NOW });
    const reportsOf = async (key: keyof BureauDataset['users']) =>
      db.select().from(infoReports).where(eq(infoReports.reportedBy, data.users[key].id));

    beforeAll(async () => {
      handle = await createTestDatabase(driver, 'empty');
      db = handle.db;
      data = await buildBureauDataset(db);
    });
    afterAll(async () => {
      await handle?.dispose();
    });
    beforeEach(async () => {
      await db.delete(infoReports);
    });

    it('refuses the same open report from the same person, pointing at the first; tells nobody twice', async () => {
      const first = await file('teacherA', 'V2');
      if (!first.ok) throw new Error(first.error);
      expect(await file('teacherA', 'V2')).toEqual({
        ok: false,
        error: 'duplicate',
        reportId: first.reportId,
      });
      expect(await reportsOf('teacherA')).toHaveLength(1);
      const told = await db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, data.users.auditorChifeng.id),
            eq(notifications.kind, 'infoReportFiled'),
          ),
        );
      expect(told.filter((n) => n.link?.endsWith(first.reportId))).toHaveLength(1);
      const created = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'info_report.create'), eq(auditLog.entityType, 'info_report')));
      expect(created.filter((e) => e.actorUserId === data.users.teacherA.id)).toHaveLength(1);
    });

    it('files what differs: other text, another venue, another person, and the same again once the first is closed', async () => {
      expect((await file('teacherA', 'V2')).ok).toBe(true);
      expect((await file('teacherA', 'V2', '地址写错了，应为红山区昭乌达路。')).ok).toBe(true);
      expect((await file('teacherA', 'V1')).ok).toBe(true);
      expect((await file('teacherB', 'V1')).ok).toBe(true);
      const [open] = (await reportsOf('teacherA')).filter(
        (r) => r.venueId === data.venues.V2.id && r.body === BODY,
      );
      const closed = await closeInfoReport(
        db,
        await person('auditorChifeng'),
        { id: open!.id, status: 'fixed', note: '已更正' },
        { now: NOW },
      );
      expect(closed).toEqual({ ok: true });
      expect((await file('teacherA', 'V2')).ok).toBe(true);
      expect(await reportsOf('teacherA')).toHaveLength(4);
    });

    it('files one of two identical reports sent at the same moment', async () => {
      const teacherA = await person('teacherA');
      const results = await Promise.all(
        [1, 2].map(() => fileInfoReport(db, teacherA, data.venues.V2.slug, { body: BODY }, { now: NOW })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const saved = results.find((r) => r.ok);
      expect(results.find((r) => !r.ok)).toEqual({
        ok: false,
        error: 'duplicate',
        reportId: saved?.ok ? saved.reportId : 'none',
      });
      expect(await reportsOf('teacherA')).toHaveLength(1);
    });

    it('migration 0012 keeps the first of the open copies filed before the index and closes the others, audited', async () => {
      const migration = readFileSync(
        fileURLToPath(
          new URL('../../../db/migrations/0012_invite_revoke_info_report_once.sql', import.meta.url),
        ),
        'utf8',
      ).split('--> statement-breakpoint');
      const [dedupe, createIndex] = [migration[3]!, migration[4]!];
      expect(createIndex).toContain('CREATE UNIQUE INDEX "info_reports_open_once"');
      await db.execute(sql`drop index info_reports_open_once`);
      const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
      const row = (minutes: number, body = BODY, status: 'open' | 'fixed' = 'open') => ({
        venueId: data.venues.V2.id,
        reportedBy: data.users.teacherA.id,
        body,
        status,
        createdAt: at(minutes),
      });
      const [kept, , , single, closedBefore] = await db
        .insert(infoReports)
        .values([row(1), row(2), row(3), row(1, '另一件事：电话号码停用了。'), row(0, BODY, 'fixed')])
        .returning({ id: infoReports.id });
      await db.execute(sql.raw(dedupe));
      await db.execute(sql.raw(createIndex));
      const after = await reportsOf('teacherA');
      const statusOf = (id: string) => after.find((r) => r.id === id)?.status;
      expect(
        after
          .filter((r) => r.status === 'open')
          .map((r) => r.id)
          .sort(),
      ).toEqual([kept!.id, single!.id].sort());
      expect(statusOf(closedBefore!.id)).toBe('fixed');
      const dismissed = after.filter((r) => r.status === 'dismissed');
      expect(dismissed).toHaveLength(2);
      expect(dismissed.every((r) => r.closedAt && r.closeNote)).toBe(true);
      const audited = await db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'info_report.dismiss'), sql`${auditLog.after}->>'reason' = 'duplicate'`),
        );
      expect(audited.map((e) => e.entityId).sort()).toEqual(dismissed.map((r) => r.id).sort());
      expect(audited.every((e) => e.regionCode === '150421')).toBe(true);
    });
  });
}
