// Password reset links (ADR 017): what a request sends and to whom, that a link sets a password once and ends every
// session, expiry, voiding by a newer link, the limits, who may hand a link over, and many tabs racing with one link.
// Both drivers; on the PostgreSQL server the racing calls run on separate connections.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  auditLog,
  authSessions,
  emailOutbox,
  memberships,
  notifications,
  passwordResets,
  schools,
  users,
  venues,
} from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { activeRoles, openSession, signIn } from './accounts.server.ts';
import { setDisabled } from './admin.server.ts';
import { hashPassword, verifyPassword } from './passwords.server.ts';
import { EMAILED_RESET_MINUTES } from './reset-terms.ts';
import {
  completePasswordReset,
  issuePasswordReset,
  mayIssueReset,
  RESET_LIMITS,
  readPasswordReset,
  requestPasswordReset,
} from './resets.server.ts';
import { changePassword } from './self.server.ts';

const NOW = new Date('2030-05-06T02:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const SITE = 'https://sc.example.cn';
let ipSeq = 0;
/** Each test asks from its own address, so the per-address limit of one test does not spill into another. */
const meta = (now = NOW, ip = `10.0.0.${++ipSeq}`) => ({ now, ip, requestId: null, publicUrl: SITE });

describeEachDriver('password reset links', (ctx) => {
  let seq = 0;
  async function person(fields: { email?: string | null; mobile?: string | null; disabled?: boolean } = {}) {
    seq++;
    const [row] = await ctx.db
      .insert(users)
      .values({
        name: `用户${seq}`,
        email: fields.email === undefined ? `reset-${seq}@example.cn` : fields.email,
        mobile: fields.mobile ?? null,
        passwordHash: await hashPassword('old-password-1'),
        disabledAt: fields.disabled ? NOW : null,
      })
      .returning();
    return row!;
  }
  const mailTo = (address: string) =>
    ctx.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address));
  const linkIn = (body: string) => {
    const match = body.match(new RegExp(`${SITE}/reset/([0-9a-f]{64})`));
    if (!match) throw new Error(`no reset link in: ${body}`);
    return match[1] as string;
  };

  it('e-mails a link to an account with an address, and nothing otherwise, with the same answer', async () => {
    const withEmail = await person();
    const mobileOnly = await person({ email: null, mobile: `139${String(seq).padStart(8, '0')}` });
    const disabled = await person({ disabled: true });
    const answers = [
      await requestPasswordReset(ctx.db, `  ${withEmail.email!.toUpperCase()} `, meta()),
      await requestPasswordReset(ctx.db, mobileOnly.mobile!, meta()),
      await requestPasswordReset(ctx.db, disabled.email!, meta()),
      await requestPasswordReset(ctx.db, 'nobody-here@example.cn', meta()),
    ];
    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);

    const [mail, ...more] = await mailTo(withEmail.email!);
    expect(more).toHaveLength(0);
    expect(mail!.subject).toContain('重置密码');
    expect(mail!.body).toContain(`${EMAILED_RESET_MINUTES} 分钟`);
    const token = linkIn(mail!.body);
    expect(await readPasswordReset(ctx.db, token, NOW)).toEqual({ status: 'open', name: withEmail.name });
    expect(await mailTo(disabled.email!)).toHaveLength(0);
    const [requested] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.password_reset_requested'), eq(auditLog.entityId, withEmail.id)));
    // The audit entry never holds the secret.
    expect(JSON.stringify(requested)).not.toContain(token);
    // Only the account with an address got a link at all.
    const links = await ctx.db
      .select({ userId: passwordResets.userId })
      .from(passwordResets)
      .where(inArray(passwordResets.userId, [withEmail.id, mobileOnly.id, disabled.id]));
    expect(links).toEqual([{ userId: withEmail.id }]);
    expect(await readPasswordReset(ctx.db, '0'.repeat(64), NOW)).toEqual({ status: 'unknown' });
  });

  it('sets the password once, ends every session and link, forgives failures and tells the person', async () => {
    const p = await person();
    const m = { now: NOW, ip: '10.1.0.1', userAgent: null, requestId: null };
    await openSession(ctx.db, p.id, m);
    await openSession(ctx.db, p.id, m);
    // Five wrong passwords lock the account for a while: even the right one is refused.
    for (let i = 0; i < 5; i++) await signIn(ctx.db, { identifier: p.email!, password: 'wrong' }, m);
    expect(await signIn(ctx.db, { identifier: p.email!, password: 'old-password-1' }, m)).toMatchObject({
      ok: false,
      error: 'rate_limited',
    });
    await requestPasswordReset(ctx.db, p.email!, meta());
    const token = linkIn((await mailTo(p.email!))[0]!.body);

    const done = await completePasswordReset(ctx.db, token, 'brand-new-pass', meta(later(5)));
    expect(done).toEqual({ ok: true, userId: p.id });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, p.id));
    expect(await verifyPassword(after!.passwordHash, 'brand-new-pass')).toBe(true);
    expect(await verifyPassword(after!.passwordHash, 'old-password-1')).toBe(false);
    const live = await ctx.db
      .select()
      .from(authSessions)
      .where(and(eq(authSessions.userId, p.id), isNull(authSessions.revokedAt)));
    expect(live).toHaveLength(0);
    const told = await ctx.db.select().from(notifications).where(eq(notifications.userId, p.id));
    expect(told.map((n) => n.kind)).toEqual(['password_reset']);
    // The link proved who this is: the lock is lifted.
    const retry = await signIn(ctx.db, { identifier: p.email!, password: 'brand-new-pass' }, m);
    expect(retry.ok).toBe(true);

    expect(await completePasswordReset(ctx.db, token, 'another-pass-1', meta(later(6)))).toEqual({
      ok: false,
      error: 'used',
    });
    expect(await readPasswordReset(ctx.db, token, later(6))).toEqual({ status: 'used' });
  });

  it('refuses an expired link and one a newer link replaced, changing nothing', async () => {
    const p = await person();
    await requestPasswordReset(ctx.db, p.email!, meta());
    await requestPasswordReset(ctx.db, p.email!, meta(later(1)));
    const [first, second] = (await mailTo(p.email!)).map((mail) => linkIn(mail.body));
    expect(await completePasswordReset(ctx.db, first!, 'brand-new-pass', meta(later(2)))).toEqual({
      ok: false,
      error: 'used',
    });
    const late = later(1 + EMAILED_RESET_MINUTES);
    expect(await readPasswordReset(ctx.db, second!, late)).toEqual({ status: 'expired' });
    expect(await completePasswordReset(ctx.db, second!, 'brand-new-pass', meta(late))).toEqual({
      ok: false,
      error: 'expired',
    });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, p.id));
    expect(await verifyPassword(after!.passwordHash, 'old-password-1')).toBe(true);
  });

  it('limits requests per account and per address, and sends nothing past the limit', async () => {
    const p = await person();
    const from = '10.9.9.9';
    const answers = [];
    for (let i = 0; i <= RESET_LIMITS.account.points; i++) {
      answers.push(await requestPasswordReset(ctx.db, p.email!, meta(later(i), from)));
    }
    expect(answers.slice(0, -1).every((a) => a.ok)).toBe(true);
    expect(answers.at(-1)).toMatchObject({ ok: false, error: 'rate_limited', limit: 'account' });
    expect(await mailTo(p.email!)).toHaveLength(RESET_LIMITS.account.points);
    // The address's own limit: different accounts, one address.
    const crowd = '10.8.8.8';
    let refused = 0;
    for (let i = 0; i <= RESET_LIMITS.ip.points; i++) {
      const answer = await requestPasswordReset(ctx.db, `someone-${i}@example.cn`, meta(NOW, crowd));
      if (!answer.ok) {
        refused++;
        expect(answer.limit).toBe('address');
      }
    }
    expect(refused).toBe(1);
    // An hour later the account may ask again.
    expect(await requestPasswordReset(ctx.db, p.email!, meta(later(61), from))).toEqual({ ok: true });
  });

  it('leaves the owner a working link while someone else has used up the account’s requests', async () => {
    // The account's window refuses more for an hour from its first request; the last link sent lives at least as long.
    expect(EMAILED_RESET_MINUTES * 60_000).toBeGreaterThanOrEqual(RESET_LIMITS.account.windowMs);
    const p = await person();
    for (let i = 0; i < RESET_LIMITS.account.points; i++) {
      expect(await requestPasswordReset(ctx.db, p.email!, meta(later(i), '10.66.0.1'))).toEqual({ ok: true });
    }
    // The owner asks from elsewhere, just before the window ends: refused, and told why.
    const refusedAt = later(59);
    expect(await requestPasswordReset(ctx.db, p.email!, meta(refusedAt, '10.66.0.2'))).toMatchObject({
      ok: false,
      limit: 'account',
      minutes: 1,
    });
    const latest = linkIn((await mailTo(p.email!)).at(-1)!.body);
    expect(await completePasswordReset(ctx.db, latest, 'owner-new-pass', meta(refusedAt))).toEqual({
      ok: true,
      userId: p.id,
    });
  });

  it('lets exactly one of many tabs use one link', async () => {
    const p = await person();
    await requestPasswordReset(ctx.db, p.email!, meta());
    const token = linkIn((await mailTo(p.email!))[0]!.body);
    const passwords = Array.from({ length: 8 }, (_, i) => `racing-pass-${i}`);
    const results = await Promise.all(
      passwords.map((password) => completePasswordReset(ctx.db, token, password, meta(later(1)))),
    );
    const winners = results.flatMap((r, i) => (r.ok ? [passwords[i]!] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'used')).toBe(true);
    const [after] = await ctx.db.select().from(users).where(eq(users.id, p.id));
    expect(await verifyPassword(after!.passwordHash, winners[0]!)).toBe(true);
    const resets = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.password_reset'), eq(auditLog.entityId, p.id)));
    expect(resets).toHaveLength(1);
  });

  it('hands links over only where the issuer holds more than the account', async () => {
    const [school, otherSchool] = await ctx.db
      .insert(schools)
      .values(
        ['甲校', '乙校'].map((name) => ({
          name: `${name}${seq}`,
          level: 'primary' as const,
          regionCode: '150105',
          pupils: 300,
          lat: 40.8,
          lng: 111.7,
        })),
      )
      .returning();
    const [venue] = await ctx.db
      .insert(venues)
      .values({
        slug: `reset-venue-${seq}`,
        name: '场馆',
        type: 'museum',
        regionCode: '150105',
        address: '路',
        lat: 40.8,
        lng: 111.7,
      })
      .returning();
    const mobileOnly = (disabled = false) =>
      person({ email: null, mobile: `139${String(seq + 1).padStart(8, '0')}`, disabled });
    const admin = await person();
    const schoolAdmin = await person();
    const teacher = await mobileOnly();
    const teacherElsewhere = await mobileOnly();
    const teacherAndOperator = await mobileOnly();
    const disabledTeacher = await mobileOnly(true);
    const emailTeacher = await person();
    await ctx.db.insert(memberships).values([
      { userId: admin.id, role: 'admin' },
      { userId: schoolAdmin.id, role: 'school_admin', schoolId: school!.id },
      { userId: teacher.id, role: 'teacher', schoolId: school!.id },
      { userId: teacherElsewhere.id, role: 'teacher', schoolId: otherSchool!.id },
      { userId: teacherAndOperator.id, role: 'teacher', schoolId: school!.id },
      { userId: teacherAndOperator.id, role: 'venue_operator', venueId: venue!.id },
      { userId: disabledTeacher.id, role: 'teacher', schoolId: school!.id },
      { userId: emailTeacher.id, role: 'teacher', schoolId: school!.id },
    ]);
    const as = async (u: { id: string; email: string | null }) => ({
      userId: u.id,
      roles: await activeRoles(ctx.db, u.id),
      hasEmail: u.email !== null,
    });
    const may = async (
      issuer: { id: string; email: string | null },
      target: { id: string; email: string | null },
    ) => mayIssueReset(await as(issuer), await as(target));
    expect(await may(schoolAdmin, teacher)).toBe(true);
    expect(await may(schoolAdmin, teacherElsewhere)).toBe(false);
    expect(await may(schoolAdmin, teacherAndOperator)).toBe(false);
    // A teacher with an e-mail address asks on /forgot: no silent takeover by the school admin.
    expect(await may(schoolAdmin, emailTeacher)).toBe(false);
    expect(await may(schoolAdmin, admin)).toBe(false);
    expect(await may(schoolAdmin, schoolAdmin)).toBe(false);
    expect(await may(teacher, teacher)).toBe(false);
    expect(await may(admin, teacherAndOperator)).toBe(true);
    expect(await may(admin, emailTeacher)).toBe(true);
    expect(await may(admin, admin)).toBe(false);

    const refused = await issuePasswordReset(ctx.db, await as(schoolAdmin), teacherAndOperator.id, NOW);
    expect(refused).toEqual({ ok: false, error: 'forbidden' });
    expect(await issuePasswordReset(ctx.db, await as(schoolAdmin), disabledTeacher.id, NOW)).toEqual({
      ok: false,
      error: 'disabled',
    });
    const issued = await issuePasswordReset(ctx.db, await as(schoolAdmin), teacher.id, NOW);
    if (!issued.ok) throw new Error(issued.error);
    expect(issued.expiresAt.getTime() - NOW.getTime()).toBe(3 * 86_400_000);
    const [entry] = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.password_reset_issued'), eq(auditLog.entityId, teacher.id)));
    expect(entry!.actorUserId).toBe(schoolAdmin.id);
    expect(JSON.stringify(entry)).not.toContain(issued.token);
    // Still good two days later; disabling the account voids it.
    expect(await readPasswordReset(ctx.db, issued.token, later(2 * 24 * 60))).toMatchObject({
      status: 'open',
    });
    await ctx.db.update(users).set({ disabledAt: NOW }).where(eq(users.id, teacher.id));
    expect(await completePasswordReset(ctx.db, issued.token, 'brand-new-pass', meta(later(10)))).toEqual({
      ok: false,
      error: 'unknown',
    });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, teacher.id));
    expect(await verifyPassword(after!.passwordHash, 'old-password-1')).toBe(true);

    // Checked again at use: a teacher who became a venue's operator meanwhile, an issuer who left the school.
    await ctx.db.update(users).set({ disabledAt: null }).where(eq(users.id, teacher.id));
    const promoted = await issuePasswordReset(ctx.db, await as(schoolAdmin), teacher.id, later(20));
    if (!promoted.ok) throw new Error(promoted.error);
    await ctx.db
      .insert(memberships)
      .values({ userId: teacher.id, role: 'venue_operator', venueId: venue!.id });
    expect(await completePasswordReset(ctx.db, promoted.token, 'brand-new-pass', meta(later(30)))).toEqual({
      ok: false,
      error: 'unknown',
    });
    await ctx.db
      .delete(memberships)
      .where(and(eq(memberships.userId, teacher.id), eq(memberships.role, 'venue_operator')));
    const orphaned = await issuePasswordReset(ctx.db, await as(schoolAdmin), teacher.id, later(40));
    if (!orphaned.ok) throw new Error(orphaned.error);
    await ctx.db.delete(memberships).where(eq(memberships.userId, schoolAdmin.id));
    expect(await completePasswordReset(ctx.db, orphaned.token, 'brand-new-pass', meta(later(50)))).toEqual({
      ok: false,
      error: 'unknown',
    });
    const [still] = await ctx.db.select().from(users).where(eq(users.id, teacher.id));
    expect(await verifyPassword(still!.passwordHash, 'old-password-1')).toBe(true);
  });

  it('keeps one open link per account, even when links are made at once, and a password change ends it', async () => {
    const admin = await person();
    await ctx.db.insert(memberships).values({ userId: admin.id, role: 'admin' });
    const issuer = { userId: admin.id, roles: await activeRoles(ctx.db, admin.id) };
    const target = await person();
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        issuePasswordReset(ctx.db, issuer, target.id, later(round)),
        issuePasswordReset(ctx.db, issuer, target.id, later(round)),
        requestPasswordReset(ctx.db, target.email!, meta(later(round))),
      ]);
      const open = await ctx.db
        .select()
        .from(passwordResets)
        .where(and(eq(passwordResets.userId, target.id), isNull(passwordResets.usedAt)));
      expect(open, `round ${round}`).toHaveLength(1);
    }
    const issued = await issuePasswordReset(ctx.db, issuer, target.id, later(10));
    if (!issued.ok) throw new Error(issued.error);
    const changed = await changePassword(
      ctx.db,
      { userId: target.id },
      { current: 'old-password-1', password: 'chosen-by-me-1' },
      later(11),
    );
    expect(changed).toEqual({ ok: true });
    expect(await completePasswordReset(ctx.db, issued.token, 'taken-over-1', meta(later(12)))).toEqual({
      ok: false,
      error: 'used',
    });
    // Using a link while another is being made: both finish (the same lock order everywhere, no deadlock), and
    // whichever came second decides whether a link stays open.
    for (let round = 0; round < 5; round++) {
      const open = await issuePasswordReset(ctx.db, issuer, target.id, later(13));
      if (!open.ok) throw new Error(open.error);
      const [used, made] = await Promise.all([
        completePasswordReset(ctx.db, open.token, `raced-pass-${round}`, meta(later(14))),
        issuePasswordReset(ctx.db, issuer, target.id, later(14)),
      ]);
      expect(made.ok).toBe(true);
      expect(used.ok || (!used.ok && used.error === 'used')).toBe(true);
    }
    // Disabling the account ends its links for good: enabling it again does not bring one back.
    const before = await issuePasswordReset(ctx.db, issuer, target.id, later(20));
    if (!before.ok) throw new Error(before.error);
    expect(await setDisabled(ctx.db, issuer, target.id, true, later(21))).toBe('ok');
    expect(await setDisabled(ctx.db, issuer, target.id, false, later(22))).toBe('ok');
    expect(await readPasswordReset(ctx.db, before.token, later(23))).toEqual({ status: 'used' });
  });
});
