// A person corrects their own name and contact details (/account): a contact change asks for the password, tells the
// old address, ends open reset links and is audited; an address another account holds is refused, even at the same
// moment; bad input changes nothing. Both drivers.
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditLog, emailOutbox, notifications, passwordResets, users } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { hashPassword } from './passwords.server.ts';
import { readPasswordReset, requestPasswordReset } from './resets.server.ts';
import { OwnDetailsSchema, updateOwnDetails } from './self.server.ts';

const NOW = new Date('2030-05-06T02:00:00Z');
const PASSWORD = 'old-password-1';

describeEachDriver('own details', (ctx) => {
  let seq = 0;
  async function person(fields: { email?: string | null; mobile?: string | null } = {}) {
    seq++;
    const [row] = await ctx.db
      .insert(users)
      .values({
        name: `用户${seq}`,
        email: fields.email === undefined ? `details-${seq}@example.cn` : fields.email,
        mobile: fields.mobile ?? null,
        passwordHash: await hashPassword(PASSWORD),
      })
      .returning();
    return row!;
  }
  const details = (input: Record<string, string>) => OwnDetailsSchema.parse({ current: '', ...input });

  it('corrects the name without a password, and a contact only with it, telling the old address', async () => {
    const p = await person();
    const actor = { userId: p.id, ip: '10.3.0.1' };
    expect(
      await updateOwnDetails(ctx.db, actor, details({ name: ' 王老师 ', email: p.email!, mobile: '' }), NOW),
    ).toEqual({ ok: true, changed: true });
    const moved = details({ name: '王老师', email: 'New@Example.cn', mobile: '+86 139-1234-0001' });
    // The box left empty is asked for, however often, and costs no attempt: the account is not locked by slips.
    for (let i = 0; i < 6; i++)
      expect(await updateOwnDetails(ctx.db, actor, moved, NOW)).toEqual({
        ok: false,
        error: 'current_missing',
      });
    // A wrong current password counts against the account's sign-in limit (five in fifteen minutes): four left.
    expect(await updateOwnDetails(ctx.db, actor, { ...moved, current: 'not-it' }, NOW)).toEqual({
      ok: false,
      error: 'wrong_password',
      attemptsLeft: 4,
      windowEndsInMs: 15 * 60_000,
    });
    const [unchanged] = await ctx.db.select().from(users).where(eq(users.id, p.id));
    expect(unchanged).toMatchObject({ name: '王老师', email: p.email, mobile: null });

    await requestPasswordReset(ctx.db, p.email!, {
      now: NOW,
      ip: '10.3.0.9',
      publicUrl: 'https://sc.example',
    });
    const withPassword = details({
      name: '王老师',
      email: 'New@Example.cn',
      mobile: '+86 139-1234-0001',
      current: PASSWORD,
    });
    expect(await updateOwnDetails(ctx.db, actor, withPassword, NOW)).toEqual({ ok: true, changed: true });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, p.id));
    expect(after).toMatchObject({ email: 'new@example.cn', mobile: '13912340001' });
    // The e-mail about the change went to the address the account had before.
    const told = await ctx.db
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.toAddress, p.email!),
          eq(emailOutbox.dedupeKey, `details:${p.id}:${NOW.getTime()}`),
        ),
      );
    expect(told).toHaveLength(1);
    const notices = await ctx.db.select().from(notifications).where(eq(notifications.userId, p.id));
    expect(notices.map((n) => n.kind)).toContain('details_changed');
    // A reset link sent to the old address no longer works.
    const links = await ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, p.id));
    expect(links.every((l) => l.usedAt !== null)).toBe(true);
    const audit = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.update_details'), eq(auditLog.entityId, p.id)));
    // The log names the fields, never the addresses.
    expect(audit.map((a) => a.after)).toEqual([
      { name: '王老师', changed: ['name'] },
      { changed: ['email', 'mobile'] },
    ]);
    expect(JSON.stringify(audit)).not.toContain('new@example.cn');
    expect(await updateOwnDetails(ctx.db, actor, withPassword, NOW)).toEqual({ ok: true, changed: false });
    expect(await readPasswordReset(ctx.db, '0'.repeat(64), NOW)).toEqual({ status: 'unknown' });
  });

  it('refuses an address or number another account holds, even when two people save it at once', async () => {
    const holder = await person({ mobile: '13700000001' });
    const p = await person();
    const actor = { userId: p.id };
    expect(
      await updateOwnDetails(
        ctx.db,
        actor,
        details({ name: p.name, email: holder.email!, mobile: '', current: PASSWORD }),
        NOW,
      ),
    ).toEqual({ ok: false, error: 'email_taken' });
    expect(
      await updateOwnDetails(
        ctx.db,
        actor,
        details({ name: p.name, email: p.email!, mobile: '137 0000 0001', current: PASSWORD }),
        NOW,
      ),
    ).toEqual({ ok: false, error: 'mobile_taken' });
    const [a, b] = [await person(), await person()];
    const wanted = 'wanted@example.cn';
    const answers = await Promise.all(
      [a, b].map((x) =>
        updateOwnDetails(
          ctx.db,
          { userId: x.id },
          details({ name: x.name, email: wanted, mobile: '', current: PASSWORD }),
          NOW,
        ),
      ),
    );
    expect(answers.filter((r) => r.ok)).toHaveLength(1);
    expect(answers.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'email_taken' }]);
    expect(await ctx.db.select().from(users).where(eq(users.email, wanted))).toHaveLength(1);
  });

  it('names bad input at its field: no contact left, a wrong address or number, an empty or too long name', () => {
    const issues = (input: Record<string, string>) =>
      OwnDetailsSchema.safeParse({ current: '', ...input }).error?.issues.map((i) => [
        i.path.join('.'),
        i.message,
      ]);
    expect(issues({ name: '甲', email: '', mobile: '' })).toEqual([
      ['email', 'account.details.contactRequired'],
    ]);
    expect(issues({ name: '甲', email: 'not-an-address', mobile: '' })?.[0]?.[0]).toBe('email');
    expect(issues({ name: '甲', email: '', mobile: '12345' })).toEqual([['mobile', 'validation.mobile']]);
    expect(issues({ name: '甲', email: '', mobile: '120 1234 5678' })).toEqual([
      ['mobile', 'validation.mobile'],
    ]);
    expect(issues({ name: '   ', email: 'a@b.cn', mobile: '' })?.[0]?.[0]).toBe('name');
    expect(issues({ name: '名'.repeat(61), email: 'a@b.cn', mobile: '' })?.[0]?.[0]).toBe('name');
  });
});
