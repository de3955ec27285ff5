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
      await page.goto(`${server.url}/login`);
      await page.getByLabel('邮箱或手机号').fill('teacher@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.getByRole('link', { name: '王老师' }).waitFor({ state: 'visible' });
      // A teacher starts at their trips.
      expect(new URL(page.url()).pathname).toBe('/trips');
      await page.goto(`${server.url}/`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
      await expect(page.locator('h1').first().textContent()).resolves.toBe(
        'Take every lesson beyond the classroom',
      );
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
