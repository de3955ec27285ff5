import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUrl } from '#tests/setup/db.ts';
import { startTestServer, type TestServer } from '#tests/setup/http.ts';
import { launchChromium, openPage } from './browser.ts';

const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Stands in for the tile server, which this closed network cannot reach: every tile is a 1×1 PNG. */
async function stubTiles(context: BrowserContext) {
  await context.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG }),
  );
}

async function signIn(page: Page, base: string, email: string, to: string) {
  await page.goto(`${base}/login?redirectTo=${to}`);
  await page.getByLabel('邮箱或手机号').fill(email);
  await page.getByLabel('密码').fill('demo2026');
  await page.getByRole('button', { name: '登录' }).last().click();
  await page.waitForURL(`${base}${to}`);
}

/** Where each label and value of a key/value list sits. */
function factBoxes(page: Page) {
  return page.$$eval('dl.facts', (lists) =>
    lists.flatMap((list) =>
      [...list.querySelectorAll(':scope > dd')].map((dd) => {
        const dt = dd.previousElementSibling as HTMLElement;
        const box = (el: Element) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, width: r.width };
        };
        return { label: dt.textContent ?? '', dt: box(dt), dd: box(dd) };
      }),
    ),
  );
}

describe('pages on a phone in Chromium (the demo)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ driver: serverUrl ? 'postgres' : 'pglite', fixture: 'demo' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('puts each label of a trip’s details above its value at 375px, the value full width and the phone number on one line; side by side on a desktop', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(page, server.url, 'teacher@demo.example', '/trips');
      const href = await page.locator('.trip-rows a.row-title').first().getAttribute('href');
      expect(href).toMatch(/^\/trips\//);
      await page.goto(`${server.url}${href}`);
      const phone = await factBoxes(page);
      expect(phone.length).toBeGreaterThan(8);
      for (const fact of phone) {
        // The value had about 80px beside a label column as wide as "Promised price (pupil / adult)".
        expect(fact.dd.width, fact.label).toBeGreaterThanOrEqual(250);
        expect(fact.dd.top, fact.label).toBeGreaterThanOrEqual(fact.dt.bottom - 1);
      }
      const tel = page.locator('dl.facts .tel').first();
      expect(await tel.evaluate((el) => el.getClientRects().length)).toBe(1);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);

      await page.setViewportSize({ width: 1280, height: 900 });
      const desktop = await factBoxes(page);
      for (const fact of desktop) {
        expect(Math.abs(fact.dd.top - fact.dt.top), fact.label).toBeLessThan(2);
        expect(fact.dd.left, fact.label).toBeGreaterThan(fact.dt.left);
      }
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('tabs through the header in the order it reads, on a phone and a desktop, with every role’s links', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(page, server.url, 'admin@demo.example', '/admin');
      // The address changes a moment before the header shows the signed-in person's links.
      await page.getByRole('button', { name: '退出', exact: true }).waitFor();
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        // Each thing the header tabs to, in tab (document) order, and where it is drawn.
        const boxes = await page.$$eval(
          'header.site-header a, header.site-header input:not([type="hidden"]), header.site-header button',
          (els) =>
            els.map((el) => {
              const r = el.getBoundingClientRect();
              const name = (el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 12);
              return { name, top: r.top, bottom: r.bottom, left: r.left };
            }),
        );
        expect(boxes.length, boxes.map((b) => b.name).join(' | ')).toBeGreaterThan(10);
        // Each next stop is to the right on the same line, or on a line below: never back up the screen.
        for (const [i, next] of boxes.entries()) {
          const previous = boxes[i - 1];
          if (!previous) continue;
          const sameLine = next.top < previous.bottom && previous.top < next.bottom;
          const order = `${width}px: ${previous.name} → ${next.name}`;
          if (sameLine) expect(next.left, order).toBeGreaterThan(previous.left);
          else expect(next.top, order).toBeGreaterThanOrEqual(previous.bottom - 1);
        }
      }
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('names the map’s zoom buttons in the page’s language, and keeps the cluster icons apart on a phone and a desktop', async () => {
    const browser = await launchChromium();
    try {
      for (const viewport of [
        { width: 375, height: 800 },
        { width: 1280, height: 900 },
      ]) {
        const { page, context, errors } = await openPage(browser, { viewport });
        await stubTiles(context);
        await page.goto(`${server.url}/search?view=map`);
        await page.locator('.cluster-map .marker-cluster').first().waitFor();
        const zoomIn = page.locator('.cluster-map .leaflet-control-zoom-in');
        expect(await zoomIn.getAttribute('title')).toBe('放大');
        expect(await zoomIn.getAttribute('aria-label')).toBe('放大');
        expect(await page.locator('.cluster-map .leaflet-control-zoom-out').getAttribute('title')).toBe(
          '缩小',
        );
        const overlaps = await page.$$eval('.cluster-map .marker-cluster, .cluster-map .map-pin', (icons) => {
          const boxes = icons.map((icon) => ({
            name: icon.textContent || 'pin',
            r: icon.getBoundingClientRect(),
          }));
          const found: string[] = [];
          for (const [i, a] of boxes.entries())
            for (const b of boxes.slice(i + 1)) {
              const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
              const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
              if (x > 1 && y > 1) found.push(`${a.name} over ${b.name}`);
            }
          return found;
        });
        expect(overlaps, `${viewport.width}px`).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }
      // In English, English names.
      const { page, context } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await stubTiles(context);
      await page.goto(`${server.url}/search?view=map`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
      await page.locator('.cluster-map .marker-cluster').first().waitFor();
      expect(await page.locator('.cluster-map .leaflet-control-zoom-in').getAttribute('title')).toBe(
        'Zoom in',
      );
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
