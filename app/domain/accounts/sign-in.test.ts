import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { authSessions, users } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { signIn } from './accounts.server.ts';
import { createUser } from './users.server.ts';

describeEachDriver('signing in to a disabled account', (ctx) => {
  it('says it is disabled only to whoever has the right password; a wrong one gets the usual answer and counts', async () => {
    const created = await createUser(
      ctx.db,
      { email: 'gone@example.com', password: 'the right password', role: 'auditor', regionCode: '150100' },
      { userId: null },
    );
    if (!created.ok) throw new Error(created.error);
    await ctx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, created.userId));
    const now = new Date();

    const right = await signIn(
      ctx.db,
      { identifier: 'gone@example.com', password: 'the right password' },
      { now },
    );
    expect(right).toEqual({ ok: false, error: 'disabled' });
    // Nothing changes: no session is opened.
    expect(await ctx.db.select().from(authSessions).where(eq(authSessions.userId, created.userId))).toEqual(
      [],
    );

    const first = await signIn(ctx.db, { identifier: 'gone@example.com', password: 'wrong' }, { now });
    expect(first).toMatchObject({ ok: false, error: 'invalid_credentials' });
    const second = await signIn(ctx.db, { identifier: 'gone@example.com', password: 'wrong' }, { now });
    expect(second).toMatchObject({ ok: false, error: 'invalid_credentials' });
    // Each wrong password counts toward the account's limit, as for any account.
    if (
      first.ok ||
      second.ok ||
      first.error !== 'invalid_credentials' ||
      second.error !== 'invalid_credentials'
    )
      throw new Error('expected invalid credentials');
    expect(second.attemptsLeft).toBe(first.attemptsLeft - 1);
    // An unknown address answers a wrong password the same way: nothing tells the two apart.
    const unknown = await signIn(ctx.db, { identifier: 'nobody@example.com', password: 'wrong' }, { now });
    expect(unknown).toMatchObject({ ok: false, error: 'invalid_credentials' });
  });
});
