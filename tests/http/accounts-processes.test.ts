// Two real `server/index.ts` processes on one PostgreSQL database: the sign-in limit holds across them (failures
// alternating, the sixth attempt refused by whichever process gets it), and neither logs a secret. PostgreSQL server
// only (PGlite is one process by nature).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { createApiToken } from '#app/domain/accounts/users.server.ts';
import { users } from '#db/schema/index.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '#tests/setup/db.ts';
import { type RunningServer, startServerProcess } from '#tests/setup/processes.ts';

const PASSWORD = 'two-processes-2030';

describe.skipIf(!serverUrl)('accounts across two server processes [postgres]', () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await database.db
      .insert(users)
      .values({ email: 'limited@example.org', name: '限流', passwordHash: await hashPassword(PASSWORD) });
    const env = { DATABASE_URL: database.url!, SEED_DEMO: 'false', LOG_LEVEL: 'info' };
    // One after the other: two builds loading at once on a busy machine only slows both.
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await database?.dispose();
  });

  const attempt = (server: RunningServer, password: string) =>
    fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identifier: 'limited@example.org', password }).toString(),
    });

  it('counts failures from both processes in one place and refuses the next attempt on either', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    // Five failures, alternating processes, two of them at the same moment.
    expect((await attempt(a, 'wrong-1')).status).toBe(401);
    expect((await attempt(b, 'wrong-2')).status).toBe(401);
    const together = await Promise.all([attempt(a, 'wrong-3'), attempt(b, 'wrong-4')]);
    expect(together.map((r) => r.status)).toEqual([401, 401]);
    expect((await attempt(b, 'wrong-5')).status).toBe(401);
    for (const server of [a, b]) {
      const refused = await attempt(server, PASSWORD);
      expect(refused.status).toBe(429);
      expect(await refused.text()).toContain('分钟后再试');
    }
    const [row] = await database.db.select().from(users).where(eq(users.email, 'limited@example.org'));
    expect(row).toBeDefined();
  });

  /**
   * A server's output once it has the log line of each of these answers (a line names its request's id): the line is
   * written when the answer has gone, so it may arrive a little after it. Fails with the output at the deadline.
   */
  async function logsWith(server: RunningServer, answers: Response[], deadlineMs = 15_000): Promise<string> {
    const ids = answers.map((answer) => answer.headers.get('X-Request-Id'));
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const output = server.output();
      const missing = ids.filter((id) => !id || !output.includes(`"requestId":"${id}"`));
      if (missing.length === 0) return output;
      if (Date.now() > deadline) {
        throw new Error(`no log line within ${deadlineMs} ms for requests ${missing.join(', ')}:\n${output}`);
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  it('writes no password, session, API token or invitation secret to the logs', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const [person] = await database.db
      .insert(users)
      .values({ email: 'logged@example.org', name: '日志', passwordHash: await hashPassword(PASSWORD) })
      .returning();
    const signedIn = await fetch(`${a.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identifier: 'logged@example.org', password: PASSWORD }).toString(),
    });
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const account = await fetch(`${b.url}/account`, { headers: { Cookie: cookie } });
    expect(account.status).toBe(200);
    const { token } = await createApiToken(database.db, person!.id, 'logs', { userId: null });
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const inviteSecret = 'ab'.repeat(32);
    const join = await fetch(`${a.url}/join/${inviteSecret}`);
    expect(join.status).toBe(200);
    // Every request above in the logs before looking for what must not be there.
    const logs = (await logsWith(a, [signedIn, join])) + (await logsWith(b, [account, me]));
    expect(logs).toContain('"msg":"request"');
    for (const secret of [PASSWORD, 'wrong-1', token, cookie.split('=')[1]!, inviteSecret]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain('/join/[secret]');
  });
});
