// A school's trips in Chromium: a step sent on a page that the booking has since left behind (a second tab, a second
// click, the back button) answers with the refusal and the booking as it now is, not the old status and buttons.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage, signIn } from './browser.ts';

describe('a school’s trips in Chromium', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: tempDataDir() });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('shows a request approved in another tab as approved when 同意 is pressed again', async () => {
    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser);
      await signIn(page, server.url, 'school-admin@demo.example', '/school/approvals');
      const [first, second] = await page
        .locator('.trip-rows .row-title')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
      expect(first).toMatch(/^\/trips\//);
      expect(second).toMatch(/^\/trips\//);

      // The trip's page and the approvals list, both drawn while the requests still waited.
      await page.goto(`${server.url}${first}`);
      await page.waitForLoadState('networkidle');
      const list = await context.newPage();
      await list.goto(`${server.url}/school/approvals`);
      await list.waitForLoadState('networkidle');
      expect(await page.locator('main .badge').first().textContent()).toBe('待学校审批');

      // Approved from the list; then 同意 on the trip's page, which still shows the old state.
      await list.locator(`li:has(a[href="${first}"]) button`).first().click();
      await list.waitForURL((url) => url.searchParams.get('done') === 'approve');
      await page.getByRole('button', { name: '同意' }).click();
      await page.locator('.alert-bad').waitFor();
      // Said with where the request stands now.
      expect(await page.locator('.alert-bad').textContent()).toContain('这条预约现在是“学校已审批”');
      await expect.poll(() => page.locator('main .badge').first().textContent()).toBe('学校已审批');
      expect(await page.getByRole('button', { name: '同意' }).count()).toBe(0);

      // The same on the list: the second request, approved on its trip's page, leaves the list drawn before.
      await page.goto(`${server.url}${second}`);
      await page.waitForLoadState('networkidle');
      await page.getByRole('button', { name: '同意' }).click();
      await page.waitForURL((url) => url.search === '?done=approve');
      const row = list.locator(`li:has(a[href="${second}"])`);
      expect(await row.count()).toBe(1);
      await row.locator('button').first().click();
      await list.locator('.alert-bad').waitFor();
      expect(await list.locator('.alert-bad').textContent()).toContain('这条预约现在是“学校已审批”');
      await expect.poll(() => row.count()).toBe(0);
      // Map tiles cannot load on this closed network, and the 409 is the refusal itself: no other error.
      expect(errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
