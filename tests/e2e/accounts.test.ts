// Done-when of issue 4 in Chromium: each demo role signs in through the form and lands on its own home; the account
// page makes an API token that is shown once and answers /api/v1/me; signing out ends it; a forgotten password is
// reset with a link an admin hands over (ADR 017). Desktop, and a phone for the sign-in and reset forms.

import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/seed/demo-accounts.ts';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage } from './browser.ts';

/** One blank 1×1 PNG for every map tile: this closed network cannot reach the tile server (the venue console maps). */
const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
async function stubTiles(context: BrowserContext) {
  await context.route(/tile\.openstreetmap\.org|\/tiles?\//, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG }),
  );
}

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
        await stubTiles(context);
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

  it('after a refused sign-in keeps the address, empties the password to be typed afresh and reads out why', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await page.goto(`${server.url}/login`);
      await page.getByLabel('邮箱或手机号').fill('nobody@demo.example');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByLabel('密码').press('Enter');
      await page.getByRole('alert').filter({ hasText: '账号或密码不正确' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
      expect(await page.getByLabel('邮箱或手机号').inputValue()).toBe('nobody@demo.example');
      // Typing again does not add to what was refused.
      expect(await page.getByLabel('密码').inputValue()).toBe('');
      // The refusal is a 401 answer, which Chromium logs as a failed load; nothing else may go wrong.
      expect(errors.filter((e) => !/Failed to load resource: .* 401/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('makes an API token on the account page, shows it once, and signs out', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors, context } = await openPage(browser);
      await stubTiles(context);
      await page.goto(`${server.url}/login`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.locator('form.form button[type=submit]').click();
      await page.waitForURL((url) => url.pathname === '/console');
      await page.waitForLoadState('networkidle');
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
      await page.getByText('您已退出登录。').waitFor();
      await page.goto(`${server.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/login');
      // What a closed network cannot load (map tiles) is not the page's fault; anything else is.
      expect(errors.filter((e) => !/Failed to load resource/.test(e) || /\b(4\d\d|5\d\d)\b/.test(e))).toEqual(
        [],
      );
    } finally {
      await browser.close();
    }
  });

  it('resets a forgotten password: an admin hands a link over, the person sets a new password with it', async () => {
    const browser = await launchChromium();
    try {
      // Asking on /forgot: the same calm answer whatever is typed (the e-mail itself is tested over HTTP).
      const asking = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await asking.page.goto(`${server.url}/login`);
      await asking.page.getByRole('link', { name: '忘记密码？' }).click();
      await asking.page.waitForURL((url) => url.pathname === '/forgot');
      await asking.page.getByLabel('邮箱或手机号').fill('nobody@example.cn');
      await asking.page.getByRole('button', { name: '发送重置链接' }).click();
      await expect.poll(() => asking.page.getByText('请查收邮件').isVisible()).toBe(true);
      expect(asking.errors).toEqual([]);

      const admin = await openPage(browser);
      await stubTiles(admin.context);
      await admin.page.goto(`${server.url}/login`);
      await admin.page.getByLabel('邮箱或手机号').fill('admin@demo.example');
      await admin.page.getByLabel('密码').fill(DEMO_PASSWORD);
      await admin.page.locator('form.form button[type=submit]').click();
      await admin.page.waitForURL((url) => url.pathname === '/admin');
      await admin.page.goto(`${server.url}/admin?q=${encodeURIComponent('school.demo.example')}`);
      await admin.page.locator('a[href^="/admin/users/"]').first().click();
      await admin.page.waitForURL((url) => url.pathname.startsWith('/admin/users/'));
      const lead = (await admin.page.locator('.page-header p.lead', { hasText: '@' }).textContent()) ?? '';
      const email = lead.match(/[\w.+-]+@[\w.-]+/)?.[0] ?? '';
      expect(email).toMatch(/@school\.demo\.example$/);
      await admin.page.getByRole('button', { name: '生成密码重置链接' }).click();
      const link = (await admin.page.getByTestId('reset-link').textContent())?.trim() ?? '';
      expect(link).toMatch(/\/reset\/[0-9a-f]{64}$/);
      expect(admin.errors).toEqual([]);

      const person = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await stubTiles(person.context);
      await person.page.goto(`${server.url}${new URL(link).pathname}`);
      await person.page.locator('input[name=password]').fill('short');
      await person.page.locator('input[name=confirm]').fill('short');
      await person.page.getByRole('button', { name: '设置新密码并登录' }).click();
      await expect
        .poll(() => person.page.getByText('至少 8 个字符', { exact: true }).first().isVisible())
        .toBe(true);
      await person.page.locator('input[name=password]').fill('a-new-password-2026');
      await person.page.locator('input[name=confirm]').fill('a-new-password-2026');
      await person.page.getByRole('button', { name: '设置新密码并登录' }).click();
      await person.page.waitForURL((url) => !url.pathname.startsWith('/reset/'), { timeout: 30_000 });
      expect(new URL(person.page.url()).pathname).toBe('/trips');

      // The new password signs in; the link does not work twice.
      const again = await openPage(browser);
      await again.page.goto(`${server.url}/login`);
      await again.page.getByLabel('邮箱或手机号').fill(email);
      await again.page.getByLabel('密码').fill('a-new-password-2026');
      await again.page.locator('form.form button[type=submit]').click();
      await again.page.waitForURL((url) => url.pathname === '/trips');
      await again.page.goto(`${server.url}${new URL(link).pathname}`);
      expect(await again.page.getByText('已经用过了').isVisible()).toBe(true);
      // The short password's answer is a 400 on purpose; a server error or a script error would not be.
      const unexpected = (errors: string[]) =>
        errors.filter((e) => !/Failed to load resource/.test(e) || /\b5\d\d\b/.test(e));
      expect(unexpected(person.errors)).toEqual([]);
      expect(
        again.errors.filter((e) => !/Failed to load resource/.test(e) || /\b[45]\d\d\b/.test(e)),
      ).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
