import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay } from '#app/utils/time.ts';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage } from './browser.ts';

/** One blank 1×1 PNG: what the stand-in tile server answers (this machine has no internet). */
const BLANK_TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** The next Tuesday (Shanghai), as the teacher of the done-when scenario would pick it. */
function nextTuesday(): string {
  const now = new Date();
  for (let ahead = 1; ahead <= 7; ahead++) {
    const day = new Date(now.getTime() + ahead * 86_400_000);
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' }).format(
      day,
    );
    if (parts === 'Tue') return shanghaiDay(day);
  }
  throw new Error('no Tuesday in a week');
}

/** Where the first result starts, from the top of the page. */
async function firstResultTop(page: Page): Promise<number> {
  return (await page.locator('.result-list .result').first().boundingBox())?.y ?? Number.POSITIVE_INFINITY;
}

/** Markers on the clustered map: single pins plus the numbers on the clusters. */
async function markerCount(page: Page): Promise<number> {
  const pins = await page.locator('.cluster-map .map-pin').count();
  const clusters = await page.locator('.cluster-map .marker-cluster span').allTextContents();
  return pins + clusters.reduce((sum, text) => sum + Number(text), 0);
}

describe('search in Chromium (a stand-in tile server that can also fail)', () => {
  let server: RunningServer;
  let tiles: Server;
  let tileRequests = 0;
  let tilesFail = false;
  beforeAll(async () => {
    tiles = createServer((_request, response) => {
      tileRequests++;
      if (tilesFail) response.writeHead(503).end();
      else response.writeHead(200, { 'Content-Type': 'image/png' }).end(BLANK_TILE);
    });
    await new Promise<void>((done) => tiles.listen(0, '127.0.0.1', done));
    const { port } = tiles.address() as AddressInfo;
    server = await startServerProcess({
      DATA_DIR: tempDataDir(),
      MAP_TILE_URL: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    });
  });
  afterAll(async () => {
    expect(await server?.stop()).toBe(0);
    await new Promise((done) => tiles?.close(done));
  });

  it('works with JavaScript disabled: pinyin search, filters in the URL, the venue page', async () => {
    const browser = await launchChromium();
    try {
      const { page } = await openPage(browser, {
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
      });
      await page.goto(`${server.url}/search`);
      await page.getByLabel('关键词').fill('nmgbwy');
      // On a phone the filters fold behind 筛选 (a <details> without JavaScript), the first result in the first screen.
      const toggle = page.locator('.filter-toggle > summary');
      expect(await toggle.textContent()).toBe('筛选');
      expect(await page.locator('#f-access').isVisible()).toBe(false);
      expect(await firstResultTop(page)).toBeLessThan(844);
      await toggle.click();
      await page.locator('#f-access').selectOption('free');
      await page.locator('.filter-form').getByRole('button', { name: '搜索', exact: true }).click();
      await page.waitForURL(/q=nmgbwy/);
      expect(page.url()).toContain('access=free');
      const first = page.locator('.result-list .result h2 a').first();
      expect(await first.textContent()).toBe('内蒙古博物院');
      // Folded again over the results, saying how many filters are set.
      expect(await toggle.textContent()).toBe('筛选（已选 1 项）');
      expect(await page.locator('#f-access').isVisible()).toBe(false);
      expect(await firstResultTop(page)).toBeLessThan(844);
      // The map needs JavaScript; the page says so and the list has every result.
      await page.getByRole('link', { name: '地图', exact: true }).click();
      await page.getByText('地图需要浏览器启用 JavaScript').waitFor();
      await page.locator('.result-list .result h2 a', { hasText: '内蒙古博物院' }).first().click();
      await page.waitForURL(/\/venues\//);
      expect(await page.getByTestId('access-summary').textContent()).toMatch(/免费：[^；]*陪同教师/);
      expect(await page.getByRole('link', { name: '信息有误？告诉我们' }).getAttribute('href')).toMatch(
        /^\/report-issue\//,
      );
      // A wrong value is named, not a broken page; the filters come unfolded to correct it.
      await page.goto(`${server.url}/search?near=somewhere&grade=42`);
      await page.getByText('请按“纬度,经度”填写').first().waitFor();
      expect(await page.locator('#f-near').isVisible()).toBe(true);
      expect(await page.locator('.result-list .result').count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('the signed-in rural teacher finds the nearest free venues with room for 45 next Tuesday, on the list and the map', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(`${server.url}/login?redirectTo=/search`);
      await page.getByLabel('邮箱或手机号').fill('teacher@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(`${server.url}/search`);
      const day = nextTuesday();
      await page.locator('#f-access').selectOption('free');
      // Dates, places and order are under "more", folded until opened.
      await page.locator('.more-filters > summary').click();
      await page.locator('#f-availableFrom').fill(day);
      await page.locator('#f-seats').fill('45');
      await page.locator('#f-sort').selectOption('distance');
      const announcedBefore = await page.locator('#route-announcer').textContent();
      await page.locator('.filter-form').getByRole('button', { name: '搜索', exact: true }).click();
      await page.waitForURL(/seats=45/);
      await page.getByText('默认从您的学校 武川县哈达中心学校 出发').first().waitFor();
      // The same page filtered: no new page announced, and focus stays in the filters (not taken to the heading).
      expect(await page.locator('#route-announcer').textContent()).toBe(announcedBefore);
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.filter-form')))).toBe(true);
      const distances = await page.locator('.result-list .distance').allTextContents();
      expect(distances.length).toBeGreaterThan(0);
      const km = distances.map((text) => Number(/([\d.]+)/.exec(text)?.[1]));
      expect(km).toEqual([...km].sort((a, b) => a - b));
      const names = await page.locator('.result-list .result h2 a').allTextContents();

      // The API answers the same for the same query and the same teacher. Its bearer token, not the browser's cookie,
      // says who asks: the rural school is a priority school, whose seats include the green channel's until their
      // release (three days before), so an anonymous call may rightly find fewer venues with room for 45.
      const query = `access=free&availableFrom=${day}&seats=45&near=${await schoolPoint(page)}&sort=distance`;
      const searchUrl = page.url();
      await page.goto(`${server.url}/account`);
      const tokens = page.locator('details:has(#tokens)');
      if (!(await tokens.evaluate((details) => (details as HTMLDetailsElement).open)))
        await tokens.locator('summary').click();
      await page.getByLabel('令牌用途').fill('检索对照');
      await page.getByRole('button', { name: '创建令牌' }).click();
      const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
      expect(token).toMatch(/^sct_/);
      const api = await fetch(`${server.url}/api/v1/venues?${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await api.json()) as { items: { name: string }[] };
      expect(body.items.map((i) => i.name)).toEqual(names);
      await page.goto(searchUrl);
      await page.getByText('默认从您的学校 武川县哈达中心学校 出发').first().waitFor();

      // The map view: every result is a marker (single or inside a cluster), drawn over the stand-in tiles.
      await page.getByRole('link', { name: '地图', exact: true }).click();
      await page.waitForURL(/view=map/);
      await page.locator('.cluster-map .map-pin, .cluster-map .marker-cluster').first().waitFor();
      const points = Number(await page.locator('.cluster-map').getAttribute('data-points'));
      expect(points).toBeGreaterThan(0);
      await expect.poll(() => markerCount(page)).toBe(points);
      expect(tileRequests).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('folds the filters behind 筛选 at 375px with JavaScript: a button opened from the keyboard, folded over the results after a search with the count, focus kept on it; in view on a desktop; Filters in English', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser, { viewport: { width: 375, height: 812 } });
      await page.goto(`${server.url}/search`);
      // Once the script has run the toggle is a button that says whether it is open and what it opens.
      const toggle = page.locator('button.filter-toggle-button');
      await toggle.waitFor();
      expect(await toggle.textContent()).toBe('筛选');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await toggle.getAttribute('aria-controls')).toBe('search-filters');
      expect((await toggle.boundingBox())?.height).toBeGreaterThanOrEqual(44);
      expect(await page.locator('#f-type').isVisible()).toBe(false);
      // It was a whole screen of filters; now the first result starts in the first screen.
      expect(await firstResultTop(page)).toBeLessThan(812);

      // From the keywords, Tab reaches the toggle; Enter opens the filters, next in the tab order.
      await page.getByLabel('关键词').focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('filter-toggle-button');
      await page.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-type');
      await page.locator('#f-access').selectOption('free');
      await page.locator('.filter-form').getByRole('button', { name: '搜索', exact: true }).click();
      await page.waitForURL(/access=free/);
      // Folded over the results, with how many filters are set.
      await page.locator('button.filter-toggle-button', { hasText: '筛选（已选 1 项）' }).waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#f-access').isVisible()).toBe(false);
      expect(await firstResultTop(page)).toBeLessThan(812);

      // Sent from inside the filters (Enter in a box), focus goes to the toggle rather than into the folded fields.
      await toggle.click();
      await page.locator('.more-filters > summary').click();
      await page.locator('#f-near').fill('40.84,111.75');
      await page.locator('#f-near').press('Enter');
      await page.locator('button.filter-toggle-button', { hasText: '筛选（已选 2 项）' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('filter-toggle-button');
      expect(await page.locator('#f-near').isVisible()).toBe(false);

      // On a desktop the filters are in view and the toggle is not.
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await page.locator('#f-access').isVisible()).toBe(true);
      expect(await toggle.isVisible()).toBe(false);
      await page.setViewportSize({ width: 375, height: 812 });

      // In English.
      await page.request.post(`${server.url}/lang`, { form: { lang: 'en', redirectTo: '/search' } });
      await page.reload();
      await page.locator('button.filter-toggle-button', { hasText: 'Filters (2 set)' }).waitFor();
      await page.goto(`${server.url}/search`);
      await page.locator('button.filter-toggle-button', { hasText: /^Filters$/ }).waitFor();
      await toggle.click();
      expect(await page.getByLabel('Venue type').isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('gives the search page one search box on a phone, and the first result of a query — even a misspelt one — in the first screen', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await page.goto(`${server.url}/search?q=${encodeURIComponent('博物官')}`);
      expect(await page.locator('[role="search"]').count()).toBe(1);
      expect(await page.locator('#header-q').count()).toBe(0);
      // At least its name and type in view (it started below the fold, under two search boxes).
      expect(await firstResultTop(page)).toBeLessThan(844 - 120);
      // Elsewhere the header's box is there.
      await page.goto(`${server.url}/speakers`);
      expect(await page.locator('#header-q').isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('keeps the map and its markers when the tiles fail to load', async () => {
    const browser = await launchChromium();
    tilesFail = true;
    try {
      const { page } = await openPage(browser);
      await page.goto(`${server.url}/search?q=${encodeURIComponent('博物馆')}&view=map`);
      await page.locator('.cluster-map .map-pin, .cluster-map .marker-cluster').first().waitFor();
      const points = Number(await page.locator('.cluster-map').getAttribute('data-points'));
      await expect.poll(() => markerCount(page)).toBe(points);
      // The map holds every match, not only the page of the list under it.
      const total = Number(await page.locator('[data-total]').getAttribute('data-total'));
      expect(total).toBeGreaterThan(await page.locator('.result-list .result').count());
      // Venues whose place is still to be verified are not drawn; the page says how many.
      const unplaced = Number((await page.locator('[data-unplaced]').getAttribute('data-unplaced')) ?? 0);
      expect(unplaced).toBeGreaterThan(0);
      expect(points + unplaced).toBe(total);
      // The map credits its tiles, linked to OpenStreetMap's copyright page as it asks, with no "Leaflet" link as an
      // extra tab stop; the footer credits the tiles with the same link.
      const credit = page.locator('.leaflet-control-attribution');
      expect(await credit.locator('a').getAttribute('href')).toBe('https://www.openstreetmap.org/copyright');
      expect(await credit.locator('a').textContent()).toBe('© OpenStreetMap contributors');
      expect(await page.locator('.site-footer a', { hasText: 'OpenStreetMap' }).getAttribute('href')).toBe(
        'https://www.openstreetmap.org/copyright',
      );
      expect(await credit.locator('a', { hasText: 'Leaflet' }).count()).toBe(0);
      // A keyboard can pass the map's many stops (zoom, markers, credits) with one link, to the results.
      const skip = page.getByRole('link', { name: '跳过地图' });
      await skip.focus();
      expect(await skip.isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => document.activeElement?.closest('.result-list .result h2') !== null),
      ).toBe(true);
      // A cluster says how many it holds, and opens from the keyboard as it does on a click.
      const cluster = page.locator('.cluster-map .marker-cluster').first();
      const title = (await cluster.getAttribute('title')) ?? '';
      expect(title).toMatch(/^\d+ 处：.+等。按回车键放大$/);
      await cluster.focus();
      await page.keyboard.press('Enter');
      // The zoom flies for a second or more on a busy machine: the polls wait up to 10 s.
      await expect
        .poll(
          () =>
            page
              .locator('.cluster-map [title]')
              .evaluateAll((els, t) => els.filter((e) => e.getAttribute('title') === t).length, title),
          { timeout: 10_000 },
        )
        .toBe(0);
      // Its marker is gone, and the keyboard goes on from the marker now nearest to where it was, not from the page's top.
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const focused = document.activeElement;
              return (
                focused?.classList.contains('leaflet-marker-icon') && focused.closest('.cluster-map') !== null
              );
            }),
          { timeout: 10_000 },
        )
        .toBe(true);
    } finally {
      tilesFail = false;
      await browser.close();
    }
  });
});

/** The origin the page measured from (the teacher's school), as the API's `near`. */
async function schoolPoint(page: Page): Promise<string> {
  return (await page.locator('[data-origin]').first().getAttribute('data-origin')) ?? '';
}
