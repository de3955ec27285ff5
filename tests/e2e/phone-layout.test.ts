import { eq, inArray } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, users } from '#db/schema/index.ts';
import { serverUrl } from '#tests/setup/db.ts';
import { startTestServer, type TestServer } from '#tests/setup/http.ts';
import { launchChromium, openPage, signIn } from './browser.ts';

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

/** Each control's name and height, for those under a finger's 44px: a failure names the small ones. */
async function shortTargets(controls: Locator[]): Promise<string[]> {
  const short: string[] = [];
  for (const control of controls) {
    const box = await control.boundingBox();
    const name =
      ((await control.textContent()) ?? '').trim() || ((await control.getAttribute('placeholder')) ?? '');
    if (!box || box.height < 44) short.push(`${name}: ${box ? Math.round(box.height) : 'not drawn'}`);
  }
  return short;
}

/** The header's height, as drawn. */
async function headerHeight(page: Page): Promise<number> {
  return (await page.locator('header.site-header').boundingBox())?.height ?? 0;
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
      // The venue's map beside them zooms with buttons a finger's 44px square, with a mouse too.
      const zoomIn = await page.locator('.leaflet-control-zoom-in').first().boundingBox();
      expect(zoomIn?.width).toBeGreaterThanOrEqual(44);
      expect(zoomIn?.height).toBeGreaterThanOrEqual(44);
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
      await page.locator('header form[action="/logout"]').waitFor({ state: 'attached' });
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        // On a phone the links are behind the menu button: open it to see them all.
        if (width === 375) await page.getByRole('button', { name: '菜单' }).click();
        // Each thing the header tabs to, in tab (document) order, and where it is drawn (the hidden menu button of a
        // desktop is not).
        const boxes = await page.$$eval(
          'header.site-header a, header.site-header input:not([type="hidden"]), header.site-header button, header.site-header summary',
          (els) =>
            els.flatMap((el) => {
              const r = el.getBoundingClientRect();
              const name = (el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 12);
              return r.width > 0 ? [{ name, top: r.top, bottom: r.bottom, left: r.left }] : [];
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

  it('draws every role’s header links on one row of a 1280px desktop in English, with a two-digit unread count, under the language switch on the brand’s row', async () => {
    const [schoolAdmin] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'school-admin@demo.example'));
    // The longest navigation (the school admin's nine links) with an unread count of two digits, as a busy week has.
    const keys = Array.from({ length: 12 }, (_, i) => `phone-layout-unread-${Date.now()}-${i}`);
    await server.database.db.insert(notifications).values(
      keys.map((dedupeKey) => ({
        userId: schoolAdmin?.id as string,
        kind: 'booking_received',
        params: { venue: '内蒙古博物院', title: '草原文化', when: '12月10日' },
        dedupeKey,
      })),
    );
    const browser = await launchChromium();
    try {
      for (const email of [
        'school-admin@demo.example',
        'teacher@demo.example',
        'operator@demo.example',
        'auditor@demo.example',
        'admin@demo.example',
        'speaker@demo.example',
      ]) {
        const { page, context } = await openPage(browser, { viewport: { width: 1280, height: 800 } });
        await signIn(page, server.url, email, '/inbox');
        await page.getByRole('button', { name: 'English' }).click();
        await page.waitForSelector('html[lang="en"]');
        const rows = await page.$$eval('#site-nav > *', (items) =>
          items.flatMap((item) => {
            const r = item.getBoundingClientRect();
            return r.width > 0 ? [{ name: (item.textContent ?? '').trim(), top: Math.round(r.top) }] : [];
          }),
        );
        expect(rows.length, email).toBeGreaterThan(6);
        expect(rows.at(-1)?.name, email).toBe('Sign out');
        expect(new Set(rows.map((r) => r.top)).size, `${email}: ${JSON.stringify(rows)}`).toBe(1);
        // One language switch is drawn: at the right of the brand and the search, above the links.
        const switches = page.getByRole('form', { name: 'Change language' });
        expect(await switches.count(), email).toBe(1);
        const [brand, search, language] = [
          await page.locator('header .brand').boundingBox(),
          await page.locator('#header-q').boundingBox(),
          await switches.boundingBox(),
        ];
        expect(language && search && language.x > search.x + search.width, email).toBe(true);
        expect(language && brand && language.y < brand.y + brand.height, email).toBe(true);
        expect(language && language.y + language.height <= (rows[0]?.top ?? 0), email).toBe(true);
        if (email.startsWith('school-admin')) expect(rows.map((r) => r.name)).toContain('Notices 12');
        await context.close();
      }
    } finally {
      await browser.close();
      await server.database.db.delete(notifications).where(inArray(notifications.dedupeKey, keys));
    }
  });

  it('folds the header’s links behind a 菜单 button at 375px for the admin and the auditor: closed at most 140px high with the search in view, opened with the keyboard, closed by Escape and by going to a page; every control 44px tall', async () => {
    const browser = await launchChromium();
    try {
      for (const [email, home, current] of [
        ['admin@demo.example', '/admin', '平台管理'],
        ['auditor@demo.example', '/bureau/audit', '教育局'],
      ] as const) {
        const { page, context, errors } = await openPage(browser, { viewport: { width: 375, height: 800 } });
        await signIn(page, server.url, email, home);
        const menu = page.getByRole('button', { name: '菜单' });
        // Until the page's script runs the button is a <details> summary; then a button that says whether it is open.
        await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
        const nav = page.locator(`#${await menu.getAttribute('aria-controls')}`);
        expect(await nav.getAttribute('aria-label')).toBe('主导航');
        // Closed: the brand, the button and the search, nothing pushed below the fold (it was 265px, 3–4 rows).
        expect(await headerHeight(page), email).toBeLessThanOrEqual(140);
        expect(await nav.isVisible()).toBe(false);
        expect(await page.locator('#header-q').isVisible()).toBe(true);
        expect(await shortTargets([menu, page.locator('header .brand'), page.locator('#header-q')])).toEqual(
          [],
        );

        // Tab reaches the button after the search, Enter opens the links one above another, the current page marked.
        await page.locator('#header-q').focus();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Enter');
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        await nav.waitFor({ state: 'visible' });
        const links = await nav.getByRole('link').all();
        expect(links.length, email).toBeGreaterThanOrEqual(6);
        const tops = await Promise.all(links.map(async (link) => (await link.boundingBox())?.y ?? -1));
        for (const [i, top] of tops.entries()) if (i > 0) expect(top).toBeGreaterThan(tops[i - 1] ?? 0);
        expect(await nav.getByRole('link', { name: current, exact: true }).getAttribute('aria-current')).toBe(
          'page',
        );
        expect(await shortTargets([...links, ...(await nav.getByRole('button').all())])).toEqual([]);

        // Escape closes from inside the list and gives focus back to the button; Space opens it again.
        await page.keyboard.press('Tab');
        expect(await links[0]?.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Escape');
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        expect(await nav.isVisible()).toBe(false);
        expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.keyboard.press('Space');
        await nav.waitFor({ state: 'visible' });
        // Going to a page closes it.
        await nav.getByRole('link', { name: '通知' }).click();
        await page.waitForURL(`${server.url}/inbox`);
        await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
        expect(await nav.isVisible()).toBe(false);

        // On a desktop the links are in the header, as before, and there is no menu button.
        await page.setViewportSize({ width: 1280, height: 900 });
        expect(await menu.isVisible()).toBe(false);
        expect(await nav.getByRole('link', { name: current, exact: true }).isVisible()).toBe(true);
        expect(errors).toEqual([]);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('gives the bureau’s filter and download links, the pager, the names heading search results, the venues and speakers of a region, a teacher’s trips, the sign-in and sign-up links and a speaker’s calendar download a 44px target at 375px', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await page.goto(`${server.url}/login`);
      expect(
        await shortTargets([
          page.getByRole('link', { name: '注册', exact: true }),
          page.getByRole('link', { name: '忘记密码？' }),
          page.locator('footer').getByRole('link', { name: '隐私说明' }),
        ]),
      ).toEqual([]);
      await page.goto(`${server.url}/signup`);
      expect(
        await shortTargets([page.locator('main').getByRole('link', { name: '登录', exact: true })]),
      ).toEqual([]);
      // A dead invitation or reset link is not a dead end, and its ways on are finger-sized.
      for (const dead of ['/join/no-such-link', '/reset/no-such-link']) {
        await page.goto(`${server.url}${dead}`);
        const onward = await page.locator('main .empty a').all();
        expect(onward.length, dead).toBeGreaterThan(0);
        expect(await shortTargets(onward), dead).toEqual([]);
      }
      await page.goto(`${server.url}/search`);
      expect(await shortTargets([page.getByRole('link', { name: '下一页' })])).toEqual([]);
      const venueNames = await page.locator('#results h2 > a').all();
      expect(venueNames.length).toBeGreaterThan(5);
      expect(await shortTargets(venueNames)).toEqual([]);
      await page.goto(`${server.url}/speakers`);
      const speakerNames = await page.locator('main .result-list h2 > a, main .result-list h3 > a').all();
      expect(speakerNames.length).toBeGreaterThan(5);
      expect(await shortTargets(speakerNames)).toEqual([]);
      await page.goto(`${server.url}/regions/150102`);
      const regionLinks = await page.locator('main .session-list a').all();
      expect(regionLinks.length).toBeGreaterThan(5);
      expect(await shortTargets([...regionLinks, page.locator('.page-header .lead > a')])).toEqual([]);
      await signIn(page, server.url, 'auditor@demo.example', '/bureau/audit');
      expect(await shortTargets([page.getByRole('link', { name: '清除筛选' })])).toEqual([]);
      await page.goto(`${server.url}/bureau/coverage`);
      const downloads = await page.getByRole('link', { name: /^(CSV|Excel)/ }).all();
      expect(downloads.length).toBeGreaterThanOrEqual(2);
      expect(await shortTargets([...downloads, page.locator('.map-metric select')])).toEqual([]);
      await page.goto(`${server.url}/bureau`);
      const desk = await page.locator('.desk-card > a').all();
      expect(desk.length).toBeGreaterThanOrEqual(4);
      expect(await shortTargets(desk)).toEqual([]);
      await context.close();
      const speaker = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(speaker.page, server.url, 'speaker@demo.example', '/speaker');
      const calendar = speaker.page.getByRole('link', { name: '加入日历（.ics）' });
      await calendar.first().waitFor();
      const calendars = await calendar.all();
      expect(calendars.length).toBeGreaterThan(0);
      expect(await shortTargets(calendars)).toEqual([]);
      await speaker.context.close();
      const teacher = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(teacher.page, server.url, 'teacher@demo.example', '/trips');
      // The URL changes a moment before the page is drawn: wait for the list itself.
      await teacher.page.locator('a.row-title').first().waitFor();
      const trips = await teacher.page.locator('a.row-title').all();
      expect(trips.length).toBeGreaterThan(0);
      expect(await shortTargets(trips)).toEqual([]);
      await teacher.context.close();
    } finally {
      await browser.close();
    }
  });

  it('gives a speaker’s invitation topics and every speaker’s name on /speakers a 44px target at 375px, as wide as tall', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await page.goto(`${server.url}/speakers`);
      const names = await page.locator('main .result-list h2 > a').all();
      expect(names.length).toBeGreaterThan(5);
      const narrow: string[] = [];
      for (const name of names) {
        const box = await name.boundingBox();
        if (!box || box.width < 44) narrow.push(`${await name.textContent()}: ${box?.width}`);
      }
      expect(narrow).toEqual([]);
      await context.close();
      const speaker = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(speaker.page, server.url, 'speaker@demo.example', '/speaker');
      await speaker.page.locator('.invitation-topic > a').first().waitFor();
      const topics = await speaker.page.locator('main a[href^="/invitations/"]:not([href$=".ics"])').all();
      expect(topics.length).toBeGreaterThan(1);
      expect(await shortTargets(topics)).toEqual([]);
      await speaker.context.close();
    } finally {
      await browser.close();
    }
  });

  it('opens the phone’s menu without JavaScript (a <details>), with the sign-in link and the language switch in it; in English it says Menu', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, {
        javaScriptEnabled: false,
        viewport: { width: 375, height: 800 },
      });
      await page.goto(`${server.url}/`);
      const summary = page.locator('header summary');
      const nav = page.getByRole('navigation', { name: '主导航' });
      expect(await summary.textContent()).toBe('菜单');
      expect(await headerHeight(page)).toBeLessThanOrEqual(140);
      expect(await nav.isVisible()).toBe(false);
      await summary.click();
      const signIn = nav.getByRole('link', { name: '登录' });
      expect(await signIn.isVisible()).toBe(true);
      expect(await shortTargets([summary, signIn, nav.getByRole('button', { name: 'English' })])).toEqual([]);
      await nav.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
      expect(await summary.textContent()).toBe('Menu');
      expect(await headerHeight(page)).toBeLessThanOrEqual(140);
      await summary.click();
      expect(
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Sign in' })
          .isVisible(),
      ).toBe(true);
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
        // + and − are a finger's 44px square, with a mouse too (Leaflet draws them 26–30px).
        for (const button of [zoomIn, page.locator('.cluster-map .leaflet-control-zoom-out')]) {
          const box = await button.boundingBox();
          expect(box?.width, `${viewport.width}px`).toBeGreaterThanOrEqual(44);
          expect(box?.height, `${viewport.width}px`).toBeGreaterThanOrEqual(44);
        }
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
        // Every cluster and pin is a finger's 44px to tap (they were 34px and 22px).
        const small = await page.$$eval('.cluster-map .marker-cluster, .cluster-map .map-pin', (icons) =>
          icons
            .map((icon) => ({ name: icon.textContent || 'pin', r: icon.getBoundingClientRect() }))
            .filter(({ r }) => r.width < 44 || r.height < 44)
            .map(({ name, r }) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`),
        );
        expect(small, `${viewport.width}px`).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }
      // A lone venue is a pin, as big a target as a cluster.
      const lone = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await stubTiles(lone.context);
      await lone.page.goto(`${server.url}/search?view=map&q=${encodeURIComponent('内蒙古博物院')}`);
      const pin = await lone.page.locator('.cluster-map .map-pin').first().boundingBox();
      expect(pin?.width).toBeGreaterThanOrEqual(44);
      expect(pin?.height).toBeGreaterThanOrEqual(44);
      await lone.context.close();
      // In English, English names.
      const { page, context } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await stubTiles(context);
      await page.goto(`${server.url}/search?view=map`);
      await page.getByRole('button', { name: '菜单' }).click();
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

  it('lets the keyboard skip every map (region, speakers, venue) to what follows, with no Leaflet link in the credits', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser);
      await stubTiles(context);
      for (const path of ['/regions/150100', '/speakers', '/venues/neimenggu-bowuyuan']) {
        await page.goto(`${server.url}${path}`);
        await page.locator('.cluster-map .leaflet-control-attribution').waitFor();
        const skip = page.locator('.cluster-map a.map-skip');
        expect(await skip.textContent(), path).toBe('跳过地图');
        const target = ((await skip.getAttribute('href')) ?? '').slice(1);
        expect(target, path).not.toBe('');
        // It lands after the map: the target exists and follows the map in the page.
        expect(
          await page.evaluate((id) => {
            const el = document.getElementById(id);
            const map = document.querySelector('.cluster-map');
            return (
              !!el && !!map && (map.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
            );
          }, target),
          path,
        ).toBe(true);
        // The tiles' licence is credited; Leaflet's own link (with a flag and an English tooltip) is not a stop.
        const credits = page.locator('.cluster-map .leaflet-control-attribution');
        expect(await credits.textContent(), path).toContain('OpenStreetMap');
        expect(await credits.locator('a[href*="leafletjs"]').count(), path).toBe(0);
      }
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('shows the header search box’s placeholder whole at 390px in English and Chinese, at 4.5:1 or more', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await page.goto(`${server.url}/venues/neimenggu-bowuyuan`);
      const fits = () =>
        page.locator('#header-q').evaluate((input: HTMLInputElement) => {
          const style = getComputedStyle(input);
          const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room =
            input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
          return { text: input.placeholder, width: ctx.measureText(input.placeholder).width, room };
        });
      const contrast = () =>
        page.locator('#header-q').evaluate((input) => {
          const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
          const lum = (c: string) => {
            const [r, g, b] = rgb(c).map((v) => {
              const x = v / 255;
              return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
          };
          const [a, b] = [
            lum(getComputedStyle(input, '::placeholder').color),
            lum(getComputedStyle(input).backgroundColor),
          ];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        });
      const zh = await fits();
      expect(zh.width, zh.text).toBeLessThanOrEqual(zh.room);
      expect(await contrast()).toBeGreaterThanOrEqual(4.5);
      await page.getByRole('button', { name: '菜单' }).click();
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
      const en = await fits();
      expect(en.width, en.text).toBeLessThanOrEqual(en.room);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('shows an elderly speaker’s pages at 390px: topics folded under padded titles with a 修改 cue, long notices cut with 查看 under them, the account link named as such and apart from 退出, small print at 15px or more, a 44px map skip link', async () => {
    const [speaker] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'speaker@demo.example'));
    const reason = '场馆因设备检修暂停接待，'.repeat(33).slice(0, 400);
    await server.database.db.insert(notifications).values({
      userId: speaker?.id as string,
      kind: 'booking_declined',
      params: { venue: '内蒙古博物院', title: '草原文化', when: '12月10日', reason },
      link: '/speaker',
      dedupeKey: `phone-layout-long-notice-${Date.now()}`,
    });
    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await stubTiles(context);
      const box = async (locator: Locator) => {
        const found = await locator.boundingBox();
        if (!found) throw new Error('not drawn');
        return found;
      };
      const fontSize = (locator: Locator) =>
        locator.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      /** The folded titles share one style: the arrow drawn inside the title, with room around it. */
      const arrowInside = (summary: Locator) =>
        summary.evaluate((el) => ({
          marker: getComputedStyle(el).listStyleType,
          arrow: getComputedStyle(el, '::before').content,
        }));

      // The skip link of the speakers' map, once focused, is a finger's 44px.
      await page.goto(`${server.url}/speakers`);
      const skip = page.locator('.cluster-map a.map-skip');
      await skip.waitFor({ state: 'attached' });
      await skip.focus();
      expect((await box(skip)).height).toBeGreaterThanOrEqual(44);

      await signIn(page, server.url, 'speaker@demo.example', '/speaker/topics');
      // Each topic: a title padded inside its card, 44px or more, saying 修改; a gap before the 新增主题 card.
      const topic = page.locator('.topic-editor > li').first();
      const summary = topic.locator('summary');
      const [card, title] = [await box(topic), await box(summary)];
      expect(title.x - card.x).toBeGreaterThanOrEqual(12);
      expect(title.height).toBeGreaterThanOrEqual(44);
      expect(await arrowInside(summary)).toEqual({ marker: 'none', arrow: '"▶"' });
      const cue = summary.locator('.disclosure-cue');
      expect(await cue.getByText('修改', { exact: true }).isVisible()).toBe(true);
      expect(await cue.getByText('收起', { exact: true }).isVisible()).toBe(false);
      expect((await box(cue)).height).toBeGreaterThanOrEqual(44);
      const lastTopic = await box(page.locator('.topic-editor > li').last());
      const newTopic = await box(
        page.locator('.card', { has: page.getByRole('heading', { name: '新增主题' }) }),
      );
      expect(newTopic.y - (lastTopic.y + lastTopic.height)).toBeGreaterThanOrEqual(12);
      await summary.click();
      expect(await summary.getByText('收起', { exact: true }).isVisible()).toBe(true);

      await page.goto(`${server.url}/account`);
      const askForRole = page.locator('details.disclosure > summary', { hasText: '申请角色' });
      expect(await arrowInside(askForRole)).toEqual({ marker: 'none', arrow: '"▶"' });
      expect((await box(askForRole)).height).toBeGreaterThanOrEqual(44);

      // A 400-character reason is cut at six lines on a phone (three of a desktop's width), the whole card's width,
      // with 查看 under it: enough for a deadline at a notice's end, not the whole screen.
      await page.goto(`${server.url}/inbox`);
      const notice = page.locator('.notice', { hasText: '场馆因设备检修' });
      const text = notice.locator('.notice-text');
      const lines = await text.evaluate(
        (el) => el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight),
      );
      expect(lines).toBeGreaterThan(5.8);
      expect(lines).toBeLessThanOrEqual(6.2);
      const [noticeBox, textBox, open] = [
        await box(notice),
        await box(text),
        await box(notice.getByRole('link', { name: '查看' })),
      ];
      expect(textBox.width).toBeGreaterThan(noticeBox.width - 60);
      expect(open.y).toBeGreaterThanOrEqual(textBox.y + textBox.height - 1);
      expect(open.height).toBeGreaterThanOrEqual(44);

      // The menu names the account page as such, apart from 退出; the language buttons, the site's subtitle and the
      // chart's note are 15px or more, and the closed header stays within 140px.
      await page.goto(`${server.url}/speaker`);
      expect(await fontSize(page.locator('.load-chart figcaption'))).toBeGreaterThanOrEqual(15);
      expect(await fontSize(page.locator('header .brand-tag'))).toBeGreaterThanOrEqual(15);
      expect(await headerHeight(page)).toBeLessThanOrEqual(140);
      await page.getByRole('button', { name: '菜单' }).click();
      const nav = page.getByRole('navigation', { name: '主导航' });
      const account = nav.getByRole('link', { name: '我的账户（巴特尔）' });
      const signOut = nav.getByRole('button', { name: '退出' });
      const [accountBox, signOutBox] = [await box(account), await box(signOut)];
      expect(signOutBox.y - (accountBox.y + accountBox.height)).toBeGreaterThanOrEqual(8);
      for (const button of await nav.locator('.lang-switch button').all())
        expect(await fontSize(button)).toBeGreaterThanOrEqual(15);
      await nav.getByRole('button', { name: 'English' }).click();
      await page.waitForSelector('html[lang="en"]');
      expect(await headerHeight(page)).toBeLessThanOrEqual(140);
      await page.getByRole('button', { name: 'Menu' }).click();
      expect(
        await page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'My account (巴特尔)' })
          .isVisible(),
      ).toBe(true);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('says 已复制 in a polite live region after the calendar link is copied', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await signIn(page, server.url, 'teacher@demo.example', '/calendars');
      const block = page.locator('.secret-block').first();
      const status = block.locator('[role="status"][aria-live="polite"]');
      expect(await status.textContent()).toBe('');
      await block.getByRole('button', { name: '复制' }).click();
      await expect.poll(() => status.textContent()).toBe('已复制');
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
