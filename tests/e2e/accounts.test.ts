// Done-when of issue 4 in Chromium: each demo role signs in through the form and lands on its own home; the account
// page makes an API token that is shown once and answers /api/v1/me; signing out ends it. Desktop, and a phone for
// the sign-in form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/seed/demo-accounts.ts';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage } from './browser.ts';

const HOMES: Record<string, string> = {
  teacher: '/trips',
  school_admin: '/school/approvals',
  venue_operator: '/console',
  speaker: '/speaker',
  auditor: '/bureau',
  admin: '/admin',
};

describe('accounts in Chromium: every demo role to its own home', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: tempDataDir() });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('signs each demo account in through the form onto its home, without console errors', async () => {
    const browser = await launchChromium();
    try {
      for (const account of DEMO_ACCOUNTS) {
        const phone = account.role === 'teacher';
        const { page, errors, context } = await openPage(
          browser,
          phone ? { viewport: { width: 390, height: 844 } } : {},
        );
        await page.goto(`${server.url}/login`);
        await page.getByLabel('邮箱或手机号').fill(account.email);
        await page.getByLabel('密码').fill(DEMO_PASSWORD);
        await page.locator('form.form button[type=submit]').click();
        await page.waitForURL((url) => url.pathname === HOMES[account.role], { timeout: 30_000 });
        expect(await page.locator('h1').first().isVisible(), account.role).toBe(true);
        expect(errors, account.role).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('makes an API token on the account page, shows it once, and signs out', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(`${server.url}/login`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.locator('form.form button[type=submit]').click();
      await page.waitForURL((url) => url.pathname === '/console');
      await page.goto(`${server.url}/account`);
      await page.getByLabel('令牌用途').fill('票务系统同步');
      await page.getByRole('button', { name: '创建令牌' }).click();
      const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
      expect(token).toMatch(/^sct_/);
      const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(((await me.json()) as { roles: { role: string }[] }).roles[0]?.role).toBe('venue_operator');
      await page.reload();
      expect(await page.content()).not.toContain(token);
      await page.getByRole('button', { name: '退出', exact: true }).first().click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto(`${server.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
