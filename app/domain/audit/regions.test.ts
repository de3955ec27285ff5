import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it, test } from 'vitest';
import { removeMembership } from '#app/domain/accounts/admin.server.ts';
import { rotateCalendarToken, saveTopic } from '#app/domain/speakers/speakers.server.ts';
import { auditLog, memberships } from '#db/schema/index.ts';
import { makeWorld, T0 } from '#tests/factories/speakers.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import type { AuditEntityType } from './entities.ts';

const root = new URL('../../../', import.meta.url).pathname;

/**
 * What an entry may be about and still have no region: a person's account, their sign-in sessions and API tokens, a
 * route refused, the database. Everything else (a venue and what belongs to it, a school, a speaker, an invitation, a
 * role at one of them) belongs to a region, whose auditors must see it (DESIGN.md rule 5).
 */
const REGIONLESS = new Set<AuditEntityType>(['user', 'auth_session', 'api_token', 'route', 'database']);

/** The app's source files that may write to the audit log (tests excluded). */
function sourceFiles(): string[] {
  return ['app', 'server', 'db', 'scripts', 'search'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => join(dir, f)),
  );
}

/** The object literal that starts at the first `{` from `from`, braces counted. */
function objectAt(text: string, from: number): string {
  const start = text.indexOf('{', from);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/** Every `recordAudit(…)` and `insert(auditLog)` call and raw `insert into audit_log` of the source. */
function auditWrites() {
  const writes: { where: string; entityType: string | null; hasRegion: boolean }[] = [];
  for (const file of sourceFiles()) {
    if (file === join('app', 'domain', 'audit', 'audit.server.ts')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const where = (index: number) => `${file}:${text.slice(0, index).split('\n').length}`;
    for (const call of text.matchAll(/recordAudit\(|\.insert\(auditLog\)/g)) {
      const body = objectAt(text, call.index);
      // A key of the entry itself, at the indentation of its first key (not one inside `before` or `after`).
      const indent = /\{\n(\s*)/.exec(body)?.[1] ?? '';
      const hasKey = (key: string) => new RegExp(`\\n${indent}${key}\\b[:,]`).test(body);
      writes.push({
        where: where(call.index),
        entityType: new RegExp(`\\n${indent}entityType: '([a-z_]+)'`).exec(body)?.[1] ?? null,
        hasRegion: hasKey('regionCode'),
      });
    }
    for (const insert of text.matchAll(/insert into audit_log\s*\(([^)]*)\)/gi)) {
      writes.push({
        where: where(insert.index),
        entityType: null,
        hasRegion: /\bregion_code\b/.test(insert[1] ?? ''),
      });
    }
  }
  return writes;
}

describe('the region of audit entries', () => {
  test('every audit write names the region of what it is about, unless that is an account, a route or the database', () => {
    const writes = auditWrites();
    expect(writes.length).toBeGreaterThan(50);
    // The scan reads what it should: an entry with a region, one without, and the raw SQL of booking.create.
    expect(writes.filter((w) => w.where.startsWith('app/utils/auth.server.ts'))).toEqual([
      expect.objectContaining({ entityType: 'route', hasRegion: false }),
    ]);
    expect(writes).toContainEqual(
      expect.objectContaining({
        entityType: 'program',
        hasRegion: true,
        where: expect.stringContaining('programs'),
      }),
    );
    expect(writes).toContainEqual({
      where: expect.stringContaining('bookings.server.ts'),
      entityType: null,
      hasRegion: true,
    });
    const missing = writes.filter(
      (w) => !w.hasRegion && !(w.entityType && REGIONLESS.has(w.entityType as AuditEntityType)),
    );
    expect(missing).toEqual([]);
  });
});

describeEachDriver('audit entries about speakers and roles', (ctx) => {
  const regionsOf = async (entityId: string) =>
    (
      await ctx.db
        .select({ action: auditLog.action, regionCode: auditLog.regionCode })
        .from(auditLog)
        .where(eq(auditLog.entityId, entityId))
        .orderBy(auditLog.id)
    ).map((e) => [e.action, e.regionCode]);

  it('writes a speaker’s topics and renewed feed with the speaker’s region', async () => {
    const w = await makeWorld(ctx.db);
    const speaker = w.people.speaker;
    const topic = {
      title: '边防故事',
      summary: '',
      themes: ['红色教育'],
      grades: [5, 6],
      durationMinutes: 45,
      language: 'zh' as const,
      active: true,
    };
    const created = await saveTopic(ctx.db, speaker, w.speaker.id, null, topic, { now: T0 });
    expect(created).toMatchObject({ ok: true });
    const id = created.ok ? created.id : '';
    const changed = await saveTopic(
      ctx.db,
      speaker,
      w.speaker.id,
      id,
      { ...topic, durationMinutes: 60 },
      { now: T0 },
    );
    expect(changed).toMatchObject({ ok: true });
    expect(await regionsOf(id)).toEqual([
      ['speaker_topic.create', '150105'],
      ['speaker_topic.update', '150105'],
    ]);
    expect(await rotateCalendarToken(ctx.db, speaker, w.speaker.id, { now: T0 })).toBe(true);
    expect(await regionsOf(w.speaker.id)).toEqual([['speaker.rotate_calendar_token', '150105']]);
  });

  it('writes a removed role with the region of its school, venue or speaker, as its grant was', async () => {
    const w = await makeWorld(ctx.db);
    const admin = { userId: w.people.admin.id, roles: w.people.admin.roles };
    const roleOf = async (userId: string) =>
      (
        await ctx.db
          .select()
          .from(memberships)
          .where(and(eq(memberships.userId, userId)))
      )[0]!;
    for (const [person, region] of [
      [w.people.teacher, '150125'],
      [w.people.operator, '150105'],
      [w.people.otherSpeaker, '150102'],
      [w.people.auditor, '150100'],
    ] as const) {
      const role = await roleOf(person.id);
      expect(await removeMembership(ctx.db, admin, person.id, role.id)).toBe(true);
      expect(await regionsOf(role.id), role.role).toEqual([['membership.delete', region]]);
    }
  });
});
