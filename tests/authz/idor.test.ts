// Id swapping (IDOR): a person puts someone else's id where their own belongs — in the path, in the query, in a form
// field or a JSON field — and gets nothing: no page, no data, no change. Also mass assignment: fields a caller may
// not set are ignored. Real HTTP on both drivers, in the matrix's small world.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '#app/domain/accounts/passwords.server.ts';
import { FakeClock } from '#app/utils/clock.ts';
import { invitations, invites } from '#db/schema/index.ts';
import { DAY_MS, slotAt, T0 } from '#tests/factories/speakers.ts';
import { testDrivers } from '#tests/setup/db.ts';
import { Browser, startTestServer, type TestServer } from '#tests/setup/http.ts';
import { type AuthzWorld, makeAuthzWorld, PASSWORD, type Persona } from './world.ts';

for (const driver of testDrivers) {
  describe(`id swapping [${driver}]`, () => {
    let server: TestServer;
    let w: AuthzWorld;
    const clock = new FakeClock(T0);

    beforeAll(async () => {
      server = await startTestServer({ driver, fixture: 'empty', clock });
      w = await makeAuthzWorld(server.database.db);
    });
    afterAll(async () => {
      await server?.close();
    });

    async function as(persona: Exclude<Persona, 'anonymous'>) {
      const browser = new Browser(server.url);
      expect((await browser.signIn(w.emails[persona], PASSWORD)).status).toBe(302);
      return browser;
    }
    const api = (persona: Exclude<Persona, 'anonymous'>, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${w.tokens[persona]}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const invitationCount = async () =>
      (await server.database.db.select({ n: sql<number>`count(*)::int` }).from(invitations))[0]!.n;
    const statusOf = async (id: string) =>
      (await server.database.db.select().from(invitations).where(eq(invitations.id, id)))[0]!.status;

    it('in the path: another school’s invitation is not found, on pages and in the API, and cannot be acted on', async () => {
      const teacher = await as('teacher');
      for (const path of [
        `/invitations/${w.otherInvitation.id}`,
        `/invitations/${w.otherInvitation.id}/calendar.ics`,
        `/invitations/${w.otherInvitation.id}/letter`,
      ]) {
        expect((await teacher.fetch(path)).status, path).toBe(404);
      }
      const read = await api('teacher', `/api/v1/invitations/${w.otherInvitation.id}`);
      expect(read.status).toBe(404);
      expect(await read.text()).not.toContain('草原上的老师');
      const cancel = await api('teacher', `/api/v1/invitations/${w.otherInvitation.id}/cancel`, {
        reason: '不要了',
      });
      expect(cancel.status).toBe(404);
      const page = await teacher.form(`/invitations/${w.otherInvitation.id}`, {
        intent: 'cancel',
        reason: '不要了',
      });
      expect(page.status).toBe(404);
      expect(await statusOf(w.otherInvitation.id)).toBe('pending');
      // The speaker answers only their own invitations: the other speaker's, named in the form, stays pending.
      const speaker = await as('speaker');
      const declined = await speaker.form('/speaker', {
        invitationId: w.otherInvitation.id,
        intent: 'decline',
        reasonCode: 'conflict',
        detail: '',
      });
      expect([403, 404]).toContain(declined.status);
      expect(await statusOf(w.otherInvitation.id)).toBe('pending');
      expect(
        (await api('speaker', `/api/v1/invitations/${w.otherInvitation.id}/decline`, { reason: 'x' })).status,
      ).toBe(404);
      expect(await statusOf(w.otherInvitation.id)).toBe('pending');
      // An admin page about a person is the admin's only.
      expect((await teacher.fetch(`/admin/users/${w.ids.speaker}`)).status).toBe(403);
    });

    it('in the query: another school to invite for, a region outside the auditor’s', async () => {
      const teacher = await as('teacher');
      expect(
        (await teacher.fetch(`/invitations/new?topic=${w.topic.id}&school=${w.otherSchool.id}`)).status,
      ).toBe(403);
      const auditor = await as('auditor');
      for (const path of [
        '/bureau?region=150200',
        '/bureau/compliance?region=150200',
        '/bureau/coverage?region=150200',
      ]) {
        expect((await auditor.fetch(path)).status, path).toBe(403);
      }
      expect((await auditor.fetch('/bureau/export/coverage.xlsx?region=150200')).status).toBe(403);
      expect((await api('auditor', '/api/v1/reports/coverage?region=150200')).status).toBe(403);
      expect((await api('auditor', '/api/v1/reports/compliance?region=150000')).status).toBe(403);
      expect((await api('auditor', '/api/v1/reports/coverage?region=150100')).status).toBe(200);
    });

    it('in form and JSON fields: inviting for another school creates nothing', async () => {
      const before = await invitationCount();
      const teacher = await as('teacher');
      const form = await teacher.form(`/invitations/new?topic=${w.topic.id}`, {
        schoolId: w.otherSchool.id,
        date1: '2030-03-20',
        time1: '09:30',
        audienceSize: '60',
        grades: '7',
        place: '礼堂',
      });
      expect(form.status).toBeGreaterThanOrEqual(400);
      expect(form.status).toBeLessThan(500);
      const slot = slotAt(16);
      const json = await api('teacher', '/api/v1/invitations', {
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        schoolId: w.otherSchool.id,
        slots: [{ startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() }],
        audienceSize: 50,
        grades: [7],
        place: '礼堂',
      });
      expect(json.status).toBeGreaterThanOrEqual(400);
      expect(json.status).toBeLessThan(500);
      expect(await invitationCount()).toBe(before);
    });

    it('in a form field: revoking another school’s invitation link is not found and leaves it open', async () => {
      const [link] = await server.database.db
        .insert(invites)
        .values({
          tokenHash: hashSecret(randomBytes(32).toString('hex')),
          role: 'teacher',
          schoolId: w.otherSchool.id,
          createdBy: w.ids.admin,
          expiresAt: new Date(T0.getTime() + 7 * DAY_MS),
        })
        .returning();
      const fields = { intent: 'revoke', id: link!.id, confirm: 'yes' };
      expect((await (await as('schoolAdmin')).form('/invites', fields)).status).toBe(404);
      expect((await (await as('teacher')).form('/invites', fields)).status).toBe(403);
      const [row] = await server.database.db.select().from(invites).where(eq(invites.id, link!.id));
      expect(row?.revokedAt).toBeNull();
    });

    it('mass assignment: status, teacher and school fields a caller may not set are ignored', async () => {
      const slot = slotAt(17);
      const created = await api('teacher', '/api/v1/invitations', {
        speakerId: w.speaker.id,
        topicId: w.topic.id,
        slots: [{ startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() }],
        audienceSize: 50,
        grades: [7],
        place: '礼堂',
        status: 'scheduled',
        teacherId: w.people.otherTeacher.id,
        scheduledStartsAt: slot.startsAt.toISOString(),
      });
      expect(created.status).toBe(201);
      const { id } = await created.json();
      const [row] = await server.database.db.select().from(invitations).where(eq(invitations.id, id));
      expect(row).toMatchObject({
        status: 'pending',
        teacherId: w.people.teacher.id,
        schoolId: w.school.id,
        scheduledStartsAt: null,
      });
    });
  });
}
