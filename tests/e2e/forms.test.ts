// Form fields in Chromium: the count of characters left under a limited text area (character-count.tsx) counts as
// the person types, turns to a warning and becomes a polite live region near the limit, and says the limit when the
// page runs without JavaScript.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage, signIn } from './browser.ts';

describe('form fields in Chromium', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: tempDataDir() });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
  });

  it('counts the characters left under the speaker’s bio, warning and read out only near the limit', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await signIn(page, server.url, 'speaker@demo.example', '/speaker');
      await page.goto(`${server.url}/speaker/profile`);
      await page.waitForLoadState('networkidle');
      const bio = page.getByLabel('个人简介');
      const countId = `${await bio.getAttribute('id')}-count`;
      expect((await bio.getAttribute('aria-describedby'))?.split(' ')).toContain(countId);
      const count = page.locator(`#${countId}`);

      await bio.fill('');
      await expect.poll(() => count.textContent()).toBe('还可输入 2,000 字');
      expect(await count.getAttribute('aria-live')).toBe('off');
      await bio.pressSequentially('草原上的老兵');
      await expect.poll(() => count.textContent()).toBe('还可输入 1,994 字');
      expect(await count.getAttribute('class')).toBe('field-count');

      await bio.fill('讲'.repeat(1990));
      await expect.poll(() => count.textContent()).toBe('还可输入 10 字');
      expect(await count.getAttribute('aria-live')).toBe('polite');
      expect(await count.getAttribute('class')).toBe('field-count field-count-near');
      // The warning colour is the stylesheet's, not the quiet grey.
      const colour = (selector: string) =>
        page.locator(selector).evaluate((element) => getComputedStyle(element).color);
      expect(await colour(`#${countId}`)).toBe('rgb(138, 90, 0)');
      // maxlength stops the text at the limit, and the count says so.
      await bio.pressSequentially('一二三四五六七八九十十一十二');
      await expect.poll(() => count.textContent()).toBe('还可输入 0 字');
      expect((await bio.inputValue()).length).toBe(2000);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('says the limit as plain text when the page runs without JavaScript', async () => {
    const browser = await launchChromium();
    try {
      const { page } = await openPage(browser, { javaScriptEnabled: false });
      await signIn(page, server.url, 'speaker@demo.example', '/speaker');
      await page.goto(`${server.url}/speaker/profile`);
      const bio = page.getByLabel('个人简介');
      const count = page.locator(`#${await bio.getAttribute('id')}-count`);
      expect(await count.textContent()).toBe('最多 2,000 字');
      expect(await count.getAttribute('aria-live')).toBeNull();
    } finally {
      await browser.close();
    }
  });
});
