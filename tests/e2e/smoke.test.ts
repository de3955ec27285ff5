import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage } from './browser.ts';

describe('browser smoke test: the built server with the demo, in Chromium', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: tempDataDir() });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('shows the Chinese home page with live counts and no console errors, on desktop and phone', async () => {
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 1280, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const { page, errors, context } = await openPage(browser, { viewport });
        const response = await page.goto(server.url, { waitUntil: 'networkidle' });
        expect(response?.status()).toBe(200);
        await expect(page.locator('h1').first().textContent()).resolves.toBe('让每一堂课走出教室');
        const venues = Number(await page.locator('.stat-value').first().textContent());
        expect(venues).toBeGreaterThanOrEqual(400);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(sideways).toBeLessThanOrEqual(1);
        expect(errors).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('signs the demo teacher in through the form and switches the language', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return `${el?.tagName.toLowerCase()}${el?.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''} ${el?.textContent?.trim() ?? ''}`;
        });
      const announced = () => page.locator('#route-announcer').textContent();
      await page.goto(`${server.url}/login`);
      await page.waitForLoadState('networkidle');
      // A page loaded whole is the browser's to read: nothing is announced, focus is not moved.
      expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
      expect(await announced()).toBe('');
      await page.getByLabel('邮箱或手机号').fill('teacher@demo.example');
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: '登录' }).last().click();
      // Refused as a whole (no field to fix): focus goes to the message, not back to the start of the page.
      await expect.poll(focused).toBe('div[alert] 账号或密码不正确。');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.getByRole('link', { name: '王老师' }).waitFor({ state: 'visible' });
      // A teacher starts at their trips. The new page is announced by its title; focus starts at its heading.
      expect(new URL(page.url()).pathname).toBe('/trips');
      await expect.poll(announced).toBe('我的研学 · 社会大课堂');
      expect(await focused()).toBe('h1 我的研学');
      await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '找场馆' }).click();
      await page.waitForURL((url) => url.pathname === '/search');
      await expect.poll(announced).toBe('找场馆 · 社会大课堂');
      expect(await focused()).toBe('h1 找场馆');
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
      await expect(page.locator('h1').first().textContent()).resolves.toBe(
        'Take every lesson beyond the classroom',
      );
      // The refused password is a 401 on purpose; nothing else may fail.
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
