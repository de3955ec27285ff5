import { and, eq, gt, isNull } from 'drizzle-orm';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, shanghaiDay } from '#app/utils/time.ts';
import { accessCommitments, programs, sessions, venueChanges, venues } from '#db/schema/index.ts';
import { serverUrl } from '#tests/setup/db.ts';
import { startTestServer, type TestServer } from '#tests/setup/http.ts';
import { launchChromium, openPage } from './browser.ts';

const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Stands in for the tile server, which this closed network cannot reach: every tile is a 1×1 PNG. */
async function stubTileServer(context: BrowserContext) {
  await context.route('https://tile.openstreetmap.org/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG }),
  );
}

describe('venue console in Chromium: the demo operator of 内蒙古博物院', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ driver: serverUrl ? 'postgres' : 'pglite', fixture: 'demo' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('edits a session capacity, adds a program and a weekly series, and proposes an address change that shows as pending', async () => {
    const db = server.database.db;
    const [venue] = await db.select().from(venues).where(eq(venues.slug, 'neimenggu-bowuyuan'));
    if (!venue) throw new Error('demo venue missing');
    const [session] = await db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.venueId, venue.id),
          gt(sessions.startsAt, new Date()),
          isNull(sessions.cancelledAt),
          // Seats held, so that the refusal below is always tried.
          gt(sessions.seatsHeld, 0),
        ),
      )
      .orderBy(sessions.startsAt)
      .limit(1);
    if (!session) throw new Error('demo session with bookings missing');

    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser);
      await stubTileServer(context);
      await page.goto(`${server.url}/login?redirectTo=/console`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(`${server.url}/console`);
      await page.getByRole('heading', { name: /内蒙古博物院/ }).waitFor();

      // Sessions: raise one session's capacity in its row.
      await page
        .getByRole('navigation', { name: '场馆工作台栏目' })
        .getByRole('link', { name: '场次' })
        .click();
      await page.waitForURL(/\/console\/sessions/);
      const row = page.locator(`#session-${session.id}`);
      await row.locator('input[name="capacity"]').fill(String(session.capacity + 10));
      await row.getByRole('button', { name: '保存容量' }).click();
      // The page comes back at the row, whose notice names the session and its new capacity.
      await row
        .locator('.row-notice')
        .getByText(new RegExp(`\\d{2}:\\d{2} 场次的容量已改为 ${session.capacity + 10}。`))
        .waitFor();
      await expect.poll(() => row.evaluate((tr) => tr.getBoundingClientRect().top)).toBeLessThan(900 / 2);
      expect(await row.evaluate((tr) => tr.getBoundingClientRect().bottom)).toBeGreaterThan(0);
      const [edited] = await db.select().from(sessions).where(eq(sessions.id, session.id));
      expect(edited?.capacity).toBe(session.capacity + 10);

      // Below the seats held: refused (409, which the browser reports), with the reason next to the field.
      await page.locator(`#session-${session.id} input[name="capacity"]`).fill(String(session.seatsHeld - 1));
      await page.locator(`#session-${session.id}`).getByRole('button', { name: '保存容量' }).click();
      await page.locator(`#session-${session.id}`).getByText('容量不能低于已预约的座位数').waitFor();
      await expect.poll(() => errors.length).toBeGreaterThan(0);
      expect(errors.splice(0)).toEqual([
        'Failed to load resource: the server responded with a status of 409 (Conflict)',
      ]);

      // Programs: add one.
      await page
        .getByRole('navigation', { name: '场馆工作台栏目' })
        .getByRole('link', { name: '活动项目' })
        .click();
      await page.waitForURL(/\/console\/programs/);
      // Client-side navigation changes the address before the new page is drawn.
      await page.getByRole('heading', { name: '新增活动项目' }).waitFor();
      await page.getByLabel('项目名称').fill('草原文物修复体验');
      await page.getByLabel('五年级').check();
      await page.getByLabel('六年级').check();
      await page.getByLabel('时长（分钟）').fill('90');
      await page.getByLabel('每团最多人数').fill('45');
      await page.getByLabel('标准价格：学生（元/人）').fill('20');
      await page.getByRole('button', { name: '添加项目' }).click();
      await page.getByText('已添加项目“草原文物修复体验”。').waitFor();
      const [program] = await db.select().from(programs).where(eq(programs.title, '草原文物修复体验'));
      expect(program).toMatchObject({ grades: [5, 6], maxGroupSize: 45, standardPricePerPupil: 2000 });

      // A weekly series on Tuesdays and Thursdays for four weeks, one day left out.
      await page
        .getByRole('navigation', { name: '场馆工作台栏目' })
        .getByRole('link', { name: '场次' })
        .click();
      await page.waitForURL(/\/console\/sessions/);
      const first = shanghaiDay(new Date(Date.now() + 7 * DAY));
      const until = shanghaiDay(new Date(Date.now() + 34 * DAY));
      const series = page.locator('form', { has: page.getByRole('heading', { name: '新增重复场次' }) });
      await series.getByLabel('活动项目').selectOption({ label: '草原文物修复体验' });
      await series.getByLabel('第一次日期').fill(first);
      await series.getByLabel('最后日期').fill(until);
      await series.getByLabel('开始时间').fill('14:00');
      await series.getByLabel('结束时间').fill('15:30');
      await series.getByLabel('周二').check();
      await series.getByLabel('周四').check();
      await series.getByLabel(/例外日期/).fill(shanghaiDay(new Date(Date.now() + 14 * DAY)));
      await series.getByLabel(/^容量/).fill('45');
      await series.getByRole('button', { name: '生成重复场次' }).click();
      await page.getByText(/已生成 \d+ 个场次。/).waitFor();
      const created = await db.select().from(sessions).where(eq(sessions.programId, program!.id));
      expect(created.length).toBeGreaterThanOrEqual(6);
      expect(created.length).toBeLessThanOrEqual(8);
      expect(created.every((s) => s.seriesId !== null && s.capacity === 45)).toBe(true);
      await expect(page.locator('td', { hasText: '草原文物修复体验' }).count()).resolves.toBe(created.length);
      // The series form starts afresh, so pressing its button again does not make the same series twice.
      expect(await series.getByLabel('第一次日期').inputValue()).toBe('');
      expect(await series.getByLabel('最后日期').inputValue()).toBe('');
      expect(await series.getByLabel('周二').isChecked()).toBe(false);

      // The address: sent to the bureau; the pending change is shown and the live record keeps its address.
      await page
        .getByRole('navigation', { name: '场馆工作台栏目' })
        .getByRole('link', { name: '场馆资料' })
        .click();
      await page.waitForURL(/\/console\/profile/);
      await page.getByRole('heading', { name: '关键信息（需审核）' }).waitFor();
      // A click on the map moves the pin and fills the coordinates (WGS-84).
      const latBefore = await page.locator('#f-lat').inputValue();
      const map = page.locator('.pin-map .leaflet-container');
      await map.waitFor();
      // The mouse clicks where the page is on screen: bring the whole map into view first.
      await map.scrollIntoViewIfNeeded();
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 - 40);
      await expect.poll(() => page.locator('#f-lat').inputValue()).not.toBe(latBefore);
      expect(Number(await page.locator('#f-lat').inputValue())).toBeGreaterThan(Number(latBefore));
      expect(await page.locator('#f-coordinateSystem').inputValue()).toBe('wgs84');
      await page.getByLabel('地址').fill('呼和浩特市新城区新华东街27号（东门）');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('关键信息的修改已提交教育局审核：地址').waitFor();
      const pending = page.locator('.pending-change');
      await pending.getByText('待审核').waitFor();
      await expect(pending.locator('td.proposed').first().textContent()).resolves.toBe(
        '呼和浩特市新城区新华东街27号（东门）',
      );
      const [live] = await db.select().from(venues).where(eq(venues.id, venue.id));
      expect(live?.address).toBe(venue.address);
      const [change] = await db.select().from(venueChanges).where(eq(venueChanges.venueId, venue.id));
      expect(change).toMatchObject({
        status: 'pending',
        changes: { address: '呼和浩特市新城区新华东街27号（东门）' },
      });
      expect((change!.changes as { lat: number }).lat).toBeGreaterThan(venue.lat);
      expect(live?.lat).toBe(venue.lat);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows the live record again after a proposed position is withdrawn, so 保存 does not send it back for review', async () => {
    const db = server.database.db;
    const [live] = await db.select().from(venues).where(eq(venues.slug, 'neimenggu-bowuyuan'));
    if (!live) throw new Error('demo venue missing');
    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser);
      await stubTileServer(context);
      await page.goto(`${server.url}/login?redirectTo=/console/profile`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(/\/console\/profile/);
      await page.getByRole('heading', { name: '关键信息（需审核）' }).waitFor();
      const moved = (live.lat + 0.01).toFixed(6);
      await page.locator('#f-lat').fill(moved);
      await page.getByRole('button', { name: '保存', exact: true }).click();
      const pending = page.locator('.pending-change');
      await pending.locator('td.proposed', { hasText: moved }).waitFor();
      // The form shows what now waits for review.
      expect(await page.locator('#f-lat').inputValue()).toBe(String(Number(moved)));

      await pending.getByRole('button', { name: '撤回这项修改' }).click();
      await page.getByText('已撤回。').waitFor();
      await expect(pending.count()).resolves.toBe(0);
      // The form is the live record again, not the withdrawn change.
      expect(await page.locator('#f-lat').inputValue()).toBe(String(live.lat));
      expect(await page.locator('#f-address').inputValue()).toBe(live.address);

      // Saving now changes nothing and sends nothing for review.
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await page.getByText('没有改动。').waitFor();
      const waiting = await db
        .select()
        .from(venueChanges)
        .where(and(eq(venueChanges.venueId, live.id), eq(venueChanges.status, 'pending')));
      expect(waiting).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('shows a position waiting for review on the map beside the live one, even kilometres away', async () => {
    const db = server.database.db;
    const [live] = await db.select().from(venues).where(eq(venues.slug, 'neimenggu-bowuyuan'));
    if (!live) throw new Error('demo venue missing');
    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await stubTileServer(context);
      await page.goto(`${server.url}/login?redirectTo=/console/profile`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(/\/console\/profile/);
      await page.getByRole('heading', { name: '关键信息（需审核）' }).waitFor();
      // About 5 km south: off the map at the zoom a single pin gets.
      await page.locator('#f-lat').fill((live.lat - 0.045).toFixed(6));
      await page.getByRole('button', { name: '保存', exact: true }).click();
      const pending = page.locator('.pending-change');
      await pending.waitFor();

      // Saving draws the form and its map anew: a map at the live pin that then fits both points, animated, once it
      // has its size. Both labels are there from the start; wait until the fit has brought both inside at the same
      // moment, instead of measuring once, possibly mid-move (a slow run once caught the new one still outside).
      const map = page.locator('.pin-map .leaflet-container');
      const liveTip = page.locator('.pin-map .leaflet-tooltip', { hasText: `${live.name} · 当前位置` });
      const proposedTip = page.locator('.pin-map .leaflet-tooltip', { hasText: '提交的新位置' });
      await liveTip.waitFor();
      await proposedTip.waitFor();
      await map.scrollIntoViewIfNeeded();
      const inside = async (tip: typeof map) => {
        const box = await map.boundingBox();
        const at = await tip.boundingBox();
        if (!box || !at) return false;
        return (
          at.y >= box.y &&
          at.y + at.height <= box.y + box.height &&
          at.x + at.width > box.x &&
          at.x < box.x + box.width
        );
      };
      await expect
        .poll(async () => [await inside(liveTip), await inside(proposedTip)], { timeout: 10_000 })
        .toEqual([true, true]);

      await pending.getByRole('button', { name: '撤回这项修改' }).click();
      await page.getByText('已撤回。').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('labels a moved pin as the new position, and moves it to coordinates typed or pasted into the fields', async () => {
    const db = server.database.db;
    const [live] = await db.select().from(venues).where(eq(venues.slug, 'neimenggu-bowuyuan'));
    if (!live) throw new Error('demo venue missing');
    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser);
      await stubTileServer(context);
      await page.goto(`${server.url}/login?redirectTo=/console/profile`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(/\/console\/profile/);
      const map = page.locator('.pin-map .leaflet-container');
      await map.waitFor();
      await map.scrollIntoViewIfNeeded();
      const pin = page.locator('.pin-map .leaflet-tooltip', { hasText: live.name });
      await pin.getByText(`${live.name} · 当前位置`).waitFor();

      // The booking-window boxes sit side by side on one line, though only one has a hint (under its box).
      const opens = (await page.locator('#f-bookingOpensDays').boundingBox())!;
      const closes = (await page.locator('#f-bookingClosesDays').boundingBox())!;
      expect(Math.abs(opens.y - closes.y)).toBeLessThanOrEqual(1);
      expect(opens.height).toBe(closes.height);

      // A click moves the pin: it is the new position now, not the current one.
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2 - 40);
      await pin.getByText(`${live.name} · 新位置（保存后提交审核）`).waitFor();

      // Typing the live position back puts the pin (and its label) back.
      await page.locator('#f-lat').fill(String(live.lat));
      await page.locator('#f-lng').fill(String(live.lng));
      await pin.getByText(`${live.name} · 当前位置`).waitFor();
      const before = (await pin.boundingBox())!;

      // Coordinates pasted as a map site copies them (longitude first) move the pin north.
      await page.locator('#f-coordinates').fill(`${live.lng},${(live.lat + 0.004).toFixed(6)}`);
      await pin.getByText(`${live.name} · 新位置（保存后提交审核）`).waitFor();
      await expect.poll(async () => (await pin.boundingBox())!.y).toBeLessThan(before.y - 20);
      // Leaving the field fills the latitude and longitude boxes, so the form shows one position, not two.
      await page.locator('#f-coordinates').blur();
      expect(await page.locator('#f-lat').inputValue()).toBe(String(Number((live.lat + 0.004).toFixed(6))));
      expect(await page.locator('#f-lng').inputValue()).toBe(String(live.lng));
      // Something that is no position leaves the pin (and the boxes) where they are.
      await page.locator('#f-coordinates').fill('not a place');
      await page.locator('#f-coordinates').blur();
      expect(await pin.textContent()).toBe(`${live.name} · 新位置（保存后提交审核）`);
      expect(await page.locator('#f-lng').inputValue()).toBe(String(live.lng));
      // Typing into the boxes makes them the position: the pasted text, which would win on saving, goes.
      await page.locator('#f-lat').fill(String(live.lat));
      expect(await page.locator('#f-coordinates').inputValue()).toBe('');
      await pin.getByText(`${live.name} · 当前位置`).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('empties the add forms after a success, so a second press does not add the same session or commitment again', async () => {
    const db = server.database.db;
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(`${server.url}/login?redirectTo=/console/sessions`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(/\/console\/sessions/);
      const single = page.locator('form', { has: page.getByRole('heading', { name: '新增单次场次' }) });
      // Several programs: none is chosen for the operator.
      expect(await single.getByLabel('活动项目').inputValue()).toBe('');
      await single.getByLabel('活动项目').selectOption({ index: 1 });
      await single.getByLabel(/^日期/).fill(shanghaiDay(new Date(Date.now() + 40 * DAY)));
      // A time no demo session starts at (a program has one live session per starting minute).
      await single.getByLabel('开始时间').fill('08:05');
      await single.getByLabel(/^容量/).fill('30');
      await single.getByLabel(/场次名称/).fill('表单清空检查');
      await single.getByRole('button', { name: '添加场次' }).click();
      await page.getByText('已添加场次。').waitFor();
      expect(await single.getByLabel(/^日期/).inputValue()).toBe('');
      expect(await single.getByLabel(/场次名称/).inputValue()).toBe('');
      expect(await single.getByLabel(/^容量/).inputValue()).toBe('60');
      // A second press asks for a date instead of adding the same session again.
      await single.getByRole('button', { name: '添加场次' }).click();
      await page.getByText('请修改标出的内容后再提交。').waitFor();
      expect(await db.select().from(sessions).where(eq(sessions.title, '表单清空检查'))).toHaveLength(1);

      await page.goto(`${server.url}/console/commitments`);
      const commitment = page.locator('form', { has: page.getByRole('heading', { name: '申报新的承诺' }) });
      await commitment.getByLabel('方式').selectOption('percent_off');
      await commitment.getByLabel(/优惠幅度/).fill('50');
      await commitment.getByLabel(/^起始日期/).fill(shanghaiDay(new Date(Date.now() + 30 * DAY)));
      await commitment.getByLabel('条件').fill('表单清空检查');
      await commitment.getByRole('button', { name: '提交审核' }).click();
      await page.getByText('已提交，等待教育局审核。').waitFor();
      expect(await commitment.getByLabel(/^起始日期/).inputValue()).toBe('');
      expect(await commitment.getByLabel('条件').inputValue()).toBe('');
      await commitment.getByRole('button', { name: '提交审核' }).click();
      await page.getByText('请修改标出的内容后再提交。').waitFor();
      expect(
        await db.select().from(accessCommitments).where(eq(accessCommitments.conditions, '表单清空检查')),
      ).toHaveLength(1);

      // The program form too, added twice in a row under the same title: each time empty again.
      await page.goto(`${server.url}/console/programs`);
      const program = page.locator('form', { has: page.getByRole('heading', { name: '新增活动项目' }) });
      for (const round of [1, 2]) {
        await program.getByLabel('项目名称').fill('表单清空检查');
        await program.getByLabel('五年级').check();
        await program.getByLabel('时长（分钟）').fill('60');
        await program.getByLabel('每团最多人数').fill('30');
        await program.getByRole('button', { name: '添加项目' }).click();
        await page.getByText('已添加项目“表单清空检查”。').waitFor();
        await expect
          .poll(() => program.getByLabel('项目名称').inputValue(), { message: `round ${round}` })
          .toBe('');
        expect(await program.getByLabel('五年级').isChecked()).toBe(false);
      }
      await program.getByRole('button', { name: '添加项目' }).click();
      await page.getByText('请修改标出的内容后再提交。').waitFor();
      expect(await db.select().from(programs).where(eq(programs.title, '表单清空检查'))).toHaveLength(2);
      // The refusals answer 400, which the browser reports as failed resources; nothing else may fail.
      expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("shows a commitment's percent or fixed price only when its kind needs it, and both without JavaScript", async () => {
    const browser = await launchChromium();
    try {
      const { page, context, errors } = await openPage(browser);
      await page.goto(`${server.url}/login?redirectTo=/console/commitments`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(/\/console\/commitments/);
      const form = page.locator('form', { has: page.getByRole('heading', { name: '申报新的承诺' }) });
      const percent = form.locator('#f-percentOff');
      const fixed = form.locator('#f-fixedPrice');
      // 免费 is chosen first: neither figure is asked for.
      expect(await form.getByLabel('方式').inputValue()).toBe('free');
      await expect.poll(() => percent.isVisible()).toBe(false);
      expect(await fixed.isVisible()).toBe(false);
      await form.getByLabel('方式').selectOption('percent_off');
      await expect.poll(() => percent.isVisible()).toBe(true);
      expect(await fixed.isVisible()).toBe(false);
      await form.getByLabel('方式').selectOption('fixed_price');
      await expect.poll(() => fixed.isVisible()).toBe(true);
      expect(await percent.isVisible()).toBe(false);
      expect(await percent.isDisabled()).toBe(true);
      expect(errors).toEqual([]);

      // Without JavaScript both show, whatever the kind; the server asks for the one the kind needs.
      const plain = await openPage(browser, { javaScriptEnabled: false });
      await plain.context.addCookies(await context.cookies());
      await plain.page.goto(`${server.url}/console/commitments`);
      expect(await plain.page.locator('#f-percentOff').isVisible()).toBe(true);
      expect(await plain.page.locator('#f-fixedPrice').isVisible()).toBe(true);
      await plain.context.close();
    } finally {
      await browser.close();
    }
  });

  it('works on a phone without JavaScript: every tab in view, programs and sessions as labelled cards, and a capacity edit goes through', async () => {
    const db = server.database.db;
    const [venue] = await db.select().from(venues).where(eq(venues.slug, 'neimenggu-bowuyuan'));
    const [session] = await db
      .select()
      .from(sessions)
      .where(
        and(eq(sessions.venueId, venue!.id), gt(sessions.startsAt, new Date()), isNull(sessions.cancelledAt)),
      )
      .orderBy(sessions.startsAt)
      .limit(1);
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser, {
        javaScriptEnabled: false,
        viewport: { width: 375, height: 812 },
      });
      await page.goto(`${server.url}/login?redirectTo=/console/programs`);
      await page.getByLabel('邮箱或手机号').fill('operator@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(/\/console\/programs/);
      /** Whether the element lies wholly within the phone's width (not in a box scrolled sideways). */
      const inView = async (locator: ReturnType<typeof page.locator>) => {
        const box = await locator.boundingBox();
        return box !== null && box.x >= 0 && box.x + box.width <= 375 + 1;
      };
      // Every section of the console is on screen: the tab bar wraps instead of hiding tabs off to the right.
      const tabs = page.getByRole('navigation', { name: '场馆工作台栏目' }).getByRole('link');
      expect(await tabs.count()).toBe(7);
      for (const tab of await tabs.all())
        expect(await inView(tab), (await tab.textContent()) ?? '').toBe(true);
      // Programs: each a card, its figures named, the button to stop it in reach.
      const stop = page.getByRole('button', { name: /^停用/ }).first();
      expect(await inView(stop)).toBe(true);
      const label = (cell: ReturnType<typeof page.locator>) =>
        cell.evaluate((td) => getComputedStyle(td, '::before').content);
      expect(await label(page.locator('table tbody tr').first().locator('td').first())).toBe('"年级"');

      await page.goto(`${server.url}/console/sessions`);
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(sideways).toBeLessThanOrEqual(1);
      // The two add forms are folded under their headings, so the list of sessions comes within a few screens.
      expect(await page.locator('#single-date').isVisible()).toBe(false);
      expect(await page.locator('#series-first').isVisible()).toBe(false);
      const upcomingTop = await page.locator('#upcoming').evaluate((h) => h.getBoundingClientRect().top);
      expect(upcomingTop).toBeLessThan(812 * 3);
      // Unfolded, a form refused comes back open at its messages.
      await page.locator('.form-fold-button').first().click();
      await page.locator('#single-date').waitFor();
      await page.getByRole('button', { name: '添加场次' }).click();
      await page.waitForURL(/\/console\/sessions/);
      await page.locator('#single-date[aria-invalid="true"]').waitFor();
      expect(await page.locator('#single-date').isVisible()).toBe(true);
      expect(await page.locator('#series-first').isVisible()).toBe(false);
      expect(errors.splice(0)).toEqual([
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
      await page.goto(`${server.url}/console/sessions`);
      // Sessions: "0 / 150" and "—" say what they are.
      const first = page.locator('tr[id^="session-"]').first();
      expect(await label(first.locator('td').nth(1))).toBe('"已预约 / 容量"');
      expect(await label(first.locator('td').nth(2))).toBe('"绿色通道"');
      expect(await inView(first.getByRole('button', { name: '保存容量' }))).toBe(true);
      const row = page.locator(`#session-${session!.id}`);
      await row.locator('input[name="capacity"]').fill(String(session!.capacity + 1));
      await row.getByRole('button', { name: '保存容量' }).click();
      await row
        .locator('.row-notice')
        .getByText(`场次的容量已改为 ${session!.capacity + 1}。`)
        .waitFor();
      const [edited] = await db.select().from(sessions).where(eq(sessions.id, session!.id));
      expect(edited?.capacity).toBe(session!.capacity + 1);
      // The inbox's table of coming sessions is a card per session on a phone: nothing runs off the side (it once was
      // 769 px wide in a 350 px box), each figure ("28 / 140") keeps to one line, a date and time to at most two.
      await page.goto(`${server.url}/console/bookings`);
      const loadRows = page.locator('section[aria-labelledby="inbox-load"] tbody tr');
      expect(await loadRows.count()).toBeGreaterThan(0);
      const figure = loadRows.first().locator('td:nth-child(3)');
      expect(await figure.textContent()).toMatch(/^\d+ \/ \d+$/);
      const table = page.locator('section[aria-labelledby="inbox-load"] table');
      expect(await table.evaluate((el) => el.scrollWidth <= (el.parentElement?.clientWidth ?? 0))).toBe(true);
      // Each card's heading is the link to the session's groups, a full-width target.
      const heading = loadRows.first().locator('th[scope="row"] a');
      expect(await heading.getAttribute('href')).toMatch(/^\/console\/bookings\/sessions\/[0-9a-f-]{36}$/);
      expect((await heading.boundingBox())?.height).toBeGreaterThanOrEqual(44);
      const lines = await loadRows.evaluateAll((rows) =>
        rows.flatMap((row) => {
          // The lines a cell's text takes: the distinct tops of its text's boxes (its label above is not text).
          const lineCount = (el: Element | null) => {
            if (!el) return 0;
            const range = document.createRange();
            range.selectNodeContents(el);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          };
          return [
            {
              what: `figure ${row.querySelector('td:nth-child(3)')?.textContent}`,
              lines: lineCount(row.querySelector('td:nth-child(3)')),
            },
            { what: 'date', lines: lineCount(row.querySelector('td:nth-child(2)')) },
          ];
        }),
      );
      for (const { what, lines: count } of lines)
        expect(count, what).toBeLessThanOrEqual(what === 'figure' ? 1 : 2);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
