import { expect, it } from 'vitest';
import { describeEachDriver } from '#tests/setup/db.ts';
import { blockedFor, consume, minutesFrom, reset } from './rate-limit.server.ts';

const limit = { points: 5, windowMs: 15 * 60_000 };
const T = new Date('2030-03-04T02:00:00Z');

describeEachDriver('the sign-in limiter in PostgreSQL', (ctx) => {
  it('counts concurrent failures exactly (one atomic upsert each) and blocks until the window ends', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => consume(ctx.db, 'k', limit, T)));
    // Every caller saw a different count: none was lost to a race.
    expect(results.map((r) => r.points).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const key = [{ key: 'k', limit }];
    expect(await blockedFor(ctx.db, key, T)).toBe(15 * 60_000);
    expect(minutesFrom(await blockedFor(ctx.db, key, new Date(T.getTime() + 10 * 60_000 + 1)))).toBe(5);
    const after = new Date(T.getTime() + 15 * 60_000);
    expect(await blockedFor(ctx.db, key, after)).toBe(0);
    // A failure after the window starts a new one at 1.
    expect(await consume(ctx.db, 'k', limit, after)).toEqual({
      points: 1,
      expire: after.getTime() + limit.windowMs,
    });
    await reset(ctx.db, 'k');
    expect(await blockedFor(ctx.db, key, after)).toBe(0);
    expect(minutesFrom(1)).toBe(1);
    expect(minutesFrom(60_001)).toBe(2);
  });
});
