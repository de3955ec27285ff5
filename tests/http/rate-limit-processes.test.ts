// The sign-in limit holds across server processes: two real `server/index.ts` processes on one PostgreSQL database,
// failures alternating between them, and the sixth attempt is refused by whichever process gets it. PostgreSQL
// server only (PGlite is one process by nature).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '#app/domain/accounts/passwords.server.ts';
import { users } from '#db/schema/index.ts';
import { createTestDatabase, serverUrl, type TestDatabase } from '#tests/setup/db.ts';
import { type RunningServer, startServerProcess } from '#tests/setup/processes.ts';

const PASSWORD = 'two-processes-2030';

describe.skipIf(!serverUrl)('the sign-in limit across two server processes [postgres]', () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await database.db
      .insert(users)
      .values({ email: 'limited@example.org', name: '限流', passwordHash: await hashPassword(PASSWORD) });
    const env = { DATABASE_URL: database.url!, SEED_DEMO: 'false', LOG_LEVEL: 'warn' };
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
});
