import { expect, it } from 'vitest';
import { users } from '#db/schema/index.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { searchUsers, USERS_PAGE_SIZE } from './admin.server.ts';

describeEachDriver('the admin user list', (ctx) => {
  it('pages through everyone who matches and says how many match in all', async () => {
    await ctx.db.insert(users).values(
      Array.from({ length: USERS_PAGE_SIZE + 5 }, (_, i) => ({
        email: `pager-${i}@example.org`,
        name: `翻页${String(i).padStart(2, '0')}`,
      })),
    );
    const first = await searchUsers(ctx.db, '翻页');
    expect(first).toMatchObject({ total: USERS_PAGE_SIZE + 5, page: 1, pageSize: USERS_PAGE_SIZE });
    expect(first.people).toHaveLength(USERS_PAGE_SIZE);
    const second = await searchUsers(ctx.db, '翻页', { page: 2 });
    expect(second.people.map((p) => p.name)).toEqual(['翻页50', '翻页51', '翻页52', '翻页53', '翻页54']);
    const seen = new Set([...first.people, ...second.people].map((p) => p.id));
    expect(seen.size).toBe(USERS_PAGE_SIZE + 5);
    expect(await searchUsers(ctx.db, 'pager-54@')).toMatchObject({ total: 1 });
  });
});
