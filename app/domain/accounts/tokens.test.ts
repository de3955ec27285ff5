import type { AppLoadContext } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { requireApiPermission, requireApiUser } from '#app/utils/api.server.ts';
import { systemClock } from '#app/utils/clock.ts';
import { apiTokens, memberships, users } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { activeRoles, resolveSession, signIn } from './accounts.server.ts';
import { createApiToken, createUser } from './users.server.ts';

async function thrown(work: Promise<unknown>): Promise<Response> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('expected a Response to be thrown');
}

describeEachDriver('API tokens', (ctx) => {
  const context = () =>
    ({ db: ctx.db, clock: systemClock, denial: { audited: false } }) as unknown as AppLoadContext;
  const request = (token?: string, language = 'zh') =>
    new Request('http://localhost/api/v1/x', {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Accept-Language': language },
    });

  it('carries its owner’s roles; unknown, revoked or disabled answers 401 JSON in the caller’s language', async () => {
    const created = await createUser(
      ctx.db,
      { email: 'op@example.com', password: 'longenough', role: 'auditor', regionCode: '150100' },
      { userId: null },
    );
    if (!created.ok) throw new Error(created.error);
    const { token, id } = await createApiToken(ctx.db, created.userId, 'test', { userId: null });
    const user = await requireApiUser(request(token), context());
    expect(user).toMatchObject({ id: created.userId, roles: [{ role: 'auditor', regionCode: '150100' }] });
    const [stored] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(stored?.tokenHash).not.toContain(token);
    expect(stored?.lastUsedAt).not.toBeNull();

    const anonymous = await thrown(requireApiUser(request(), context()));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: 'unauthorized' });

    const wrong = await thrown(requireApiUser(request('sct_not-a-token', 'en'), context()));
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).message).toContain('valid API token');

    const forbidden = await thrown(
      requireApiPermission(request(token), context(), 'decide:booking:own-venue'),
    );
    expect(forbidden.status).toBe(403);

    await ctx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, created.userId));
    expect((await thrown(requireApiUser(request(token), context()))).status).toBe(401);
    await ctx.db.update(users).set({ disabledAt: null }).where(eq(users.id, created.userId));
    await ctx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id));
    expect((await thrown(requireApiUser(request(token), context()))).status).toBe(401);
  });

  it('reads roles in the order they were granted, the same through a token, a session and on their own', async () => {
    const created = await createUser(
      ctx.db,
      { email: 'two@example.com', password: 'longenough', role: 'auditor', regionCode: '150200' },
      { userId: null },
    );
    if (!created.ok) throw new Error(created.error);
    // A role granted the day before (stored after it), and a pending request that is not a role yet.
    const earlier = new Date(Date.now() - 86_400_000);
    await ctx.db.insert(memberships).values([
      { userId: created.userId, role: 'auditor', regionCode: '150100', createdAt: earlier },
      { userId: created.userId, role: 'auditor', regionCode: '150300', status: 'pending' },
    ]);
    const expected = ['150100', '150200'];
    const { token } = await createApiToken(ctx.db, created.userId, 'test', { userId: null });
    const viaToken = await requireApiUser(request(token), context());
    expect(viaToken.roles.map((r) => r.regionCode)).toEqual(expected);
    expect((await activeRoles(ctx.db, created.userId)).map((r) => r.regionCode)).toEqual(expected);
    const signedIn = await signIn(
      ctx.db,
      { identifier: 'two@example.com', password: 'longenough' },
      { now: new Date() },
    );
    if (!signedIn.ok) throw new Error(signedIn.error);
    const session = await resolveSession(ctx.db, signedIn.sessionSecret, new Date());
    expect(session?.roles.map((r) => r.regionCode)).toEqual(expected);
  });
});
