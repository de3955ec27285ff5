import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendar } from '#tests/factories/speakers.ts';
import { type RunningServer, startServerProcess, tempDataDir } from '#tests/setup/processes.ts';
import { launchChromium, openPage, signIn } from './browser.ts';

/** The demo speaker 巴特尔's private phone number (db/seed/demo.ts). */
const DEMO_SPEAKER_PHONE = '13910000000';

/** One blank 1×1 PNG: what the stand-in tile server answers for every tile. */
const BLANK_TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** Signs a demo person in (password demo2026) and lands on `to`. */

describe('a talk from the menu to both calendars, in Chromium (the speaker on a phone; a stand-in tile server, as this machine has no internet)', () => {
  let server: RunningServer;
  let tiles: Server;
  let tileRequests = 0;
  beforeAll(async () => {
    tiles = createServer((_request, response) => {
      tileRequests++;
      response.writeHead(200, { 'Content-Type': 'image/png' }).end(BLANK_TILE);
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

  it('the demo teacher invites 巴特尔 from the topic menu, he accepts on a phone, both calendars have it, and only then the teacher sees his phone', async () => {
    const browser = await launchChromium();
    try {
      // ---- The teacher, on a desktop: pick a topic from the menu and invite its speaker.
      const teacher = await openPage(browser);
      await teacher.page.goto(`${server.url}/login?redirectTo=/speakers/topics`);
      await teacher.page.getByLabel('邮箱或手机号').fill('teacher@demo.example');
      await teacher.page.getByLabel('密码').fill('demo2026');
      await teacher.page.getByRole('button', { name: '登录' }).last().click();
      await teacher.page.waitForURL(`${server.url}/speakers/topics`);
      await teacher.page.getByLabel('关键词').fill('巴特尔');
      await teacher.page.getByRole('button', { name: '筛选' }).click();
      await teacher.page.waitForURL(/q=/);
      await teacher.page.getByText(/共 \d+ 个主题/).waitFor();
      // The menu shows where the speakers are on a map (drawn in the browser, beside the list).
      await teacher.page.locator('.points-map .leaflet-interactive').first().waitFor();
      expect(tileRequests).toBeGreaterThan(0);
      const card = teacher.page
        .locator('.topic-card', { hasText: '巴特尔 · 老干部' })
        .filter({ hasText: '赛罕区' })
        .first();
      const topicTitle = (await card.locator('.topic-title').textContent()) ?? '';
      await card.getByRole('link', { name: `邀请宣讲《${topicTitle}》` }).click();
      await teacher.page.waitForURL(/\/invitations\/new\?topic=/);
      // The form comes with times that suit the speaker; the teacher adds the audience.
      expect(await teacher.page.locator('#date1').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await teacher.page.getByLabel('听众人数').fill('90');
      await teacher.page.locator('input[name="grades"]').first().check();
      await teacher.page.getByRole('button', { name: '发送邀请' }).click();
      await teacher.page.waitForURL(/\/invitations\/[0-9a-f-]{36}\?done=sent/);
      await teacher.page.getByText('邀请已发出').waitFor();
      const invitationUrl = teacher.page.url().replace(/\?.*$/, '');
      const waiting = await teacher.page.content();
      expect(waiting).not.toContain(DEMO_SPEAKER_PHONE);

      // ---- The speaker, on a phone: the invitation is first, answerable without leaving the screen.
      const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
      await phone.page.goto(`${server.url}/login?redirectTo=/speaker`);
      await phone.page.getByLabel('邮箱或手机号').fill('speaker@demo.example');
      await phone.page.getByLabel('密码').fill('demo2026');
      await phone.page.getByRole('button', { name: '登录' }).last().click();
      await phone.page.waitForURL(`${server.url}/speaker`);
      const invitation = phone.page.locator('.invitation-card', { hasText: '武川县哈达中心学校' });
      await invitation.first().waitFor();
      await expect(invitation.count()).resolves.toBe(1);
      const accept = invitation.getByRole('button', { name: /^接受：/ }).first();
      await accept.scrollIntoViewIfNeeded();
      const cardBox = await invitation.boundingBox();
      const buttonBox = await accept.boundingBox();
      // From the top of the invitation to its first answer button fits one phone screen, and nothing scrolls sideways.
      expect((buttonBox?.y ?? 0) + (buttonBox?.height ?? 0) - (cardBox?.y ?? 0)).toBeLessThan(844);
      expect(buttonBox?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(
        await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);
      const acceptedTime = ((await accept.textContent()) ?? '').replace(/^接受：/, '');
      // The first tap asks once more (a stray tap commits no one), with a way back; nothing is sent yet.
      await accept.click();
      const confirm = invitation.getByRole('button', { name: `确认接受：${acceptedTime}` });
      await confirm.waitFor();
      await invitation.getByRole('button', { name: '先不接受' }).click();
      await invitation.getByRole('button', { name: `接受：${acceptedTime}`, exact: true }).click();
      expect(phone.page.url()).toBe(`${server.url}/speaker`);
      await confirm.click();
      await phone.page.waitForURL(`${server.url}/speaker?done=accept#top`);
      await phone.page.getByText('时间已确定').waitFor();
      // The button holds its time range together with word joiners; the list says the same time.
      await expect(phone.page.locator('.engagement-list').textContent()).resolves.toContain(
        acceptedTime.replaceAll('\u2060', ''),
      );

      // ---- Both calendars: the speaker's subscribed feed and the teacher's calendar file.
      const feedUrl = (await phone.page.getByTestId('feed-url').textContent())?.trim() ?? '';
      const feed = readCalendar(await (await fetch(feedUrl)).text());
      const invitationId = invitationUrl.split('/').pop();
      const inFeed = feed.find((event) => event.uid === `invitation-${invitationId}@social-classroom`);
      expect(inFeed).toMatchObject({
        status: 'CONFIRMED',
        summary: expect.stringContaining('武川县哈达中心学校'),
      });
      await teacher.page.goto(invitationUrl);
      const file = await teacher.page.request.get(`${invitationUrl}/calendar.ics`);
      const fileText = await file.text();
      const [event] = readCalendar(fileText);
      expect(event?.startsAt.toISOString()).toBe(inFeed?.startsAt.toISOString());
      expect(fileText).not.toContain(DEMO_SPEAKER_PHONE);

      // ---- Only now does the teacher see the speaker's phone number.
      await expect(teacher.page.locator('.contact-card').textContent()).resolves.toContain(
        DEMO_SPEAKER_PHONE,
      );
      expect(teacher.errors).toEqual([]);
      expect(phone.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  it('works without JavaScript: on a phone the speaker proposes other times, and a wrong date is refused with the form kept', async () => {
    const browser = await launchChromium();
    try {
      const { page, context } = await openPage(browser, {
        javaScriptEnabled: false,
        viewport: { width: 390, height: 844 },
      });
      await page.goto(`${server.url}/login?redirectTo=/speaker`);
      await page.getByLabel('邮箱或手机号').fill('speaker@demo.example');
      await page.getByLabel('密码').fill('demo2026');
      await page.getByRole('button', { name: '登录' }).last().click();
      await page.waitForURL(`${server.url}/speaker`);
      // The demo's other pending invitation (from another school in 呼和浩特).
      const card = page.locator('.invitation-card').first();
      await card.locator('summary', { hasText: '提出其他时间' }).click();
      await card.locator('input[name="date1"]').fill('2020-01-06');
      await card.locator('input[name="time1"]').fill('09:00');
      await card.getByRole('button', { name: '发送这些时间' }).click();
      await page.waitForLoadState();
      expect(await page.locator('.invitation-card .field-error').first().textContent()).toBe(
        '这个时间已经过去了。',
      );
      // The page comes back at the refusal (the form's fragment), not at its top with the message out of sight.
      expect(page.url()).toMatch(/\?index#answer-[0-9a-f-]{36}-counter$/);
      const refusal = page.locator('.invitation-card .alert-bad').first();
      expect(
        await refusal.evaluate((el) => {
          const box = el.getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      ).toBe(true);
      const again = page.locator('.invitation-card').first();
      expect(await again.locator('input[name="time1"]').inputValue()).toBe('09:00');
      // Six weeks on, past the month of the talk the first test fixed (which may have filled that month for him).
      const ahead = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
      await again.locator('input[name="date1"]').fill(ahead);
      await again.getByRole('button', { name: '发送这些时间' }).click();
      await page.waitForURL(`${server.url}/speaker?done=counter#top`);
      expect(await page.content()).toContain('已把其他时间发给学校');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);
      await context.close();
    } finally {
      await browser.close();
    }
  });
  it('on a phone, a weekday’s mistake in the profile shows beside that day, in view where focus goes', async () => {
    const browser = await launchChromium();
    try {
      const { page, errors } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(page, server.url, 'speaker@demo.example', '/speaker/profile');
      await page.locator('input[name="from1"]').fill('17:00');
      await page.locator('input[name="to1"]').fill('08:30');
      await page.getByRole('button', { name: '保存' }).click();
      const message = page.getByText('星期一：结束时间必须晚于开始时间');
      await message.waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('to1');
      const input = await page.locator('input[name="to1"]').boundingBox();
      const box = await message.boundingBox();
      // Right under Monday's times, and on screen with them.
      expect((box?.y ?? 0) - ((input?.y ?? 0) + (input?.height ?? 0))).toBeLessThan(40);
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(800);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(1);
      // The refusal itself (400) is the only thing the console reports.
      expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  it('after a save, shows the profile as it was stored: unavailable days tidied, repeats and past days gone', async () => {
    const browser = await launchChromium();
    try {
      const { page } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(page, server.url, 'speaker@demo.example', '/speaker/profile');
      const days = page.locator('textarea[name="blackoutDates"]');
      const before = await days.inputValue();
      await days.fill('2031-01-05\n２０３１－０１－０６\n2031/1/5\n2020-01-01');
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/saved=/);
      await expect.poll(() => days.inputValue()).toBe('2031-01-05\n2031-01-06');
      // A refusal keeps what was typed, to be mended.
      await days.fill('2031-01-07\n5月1日');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('这些日期无法识别').waitFor();
      expect(await days.inputValue()).toBe('2031-01-07\n5月1日');
      // Put back as the demo had it, for the tests after this one.
      await days.fill(before);
      await page.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/saved=/);
    } finally {
      await browser.close();
    }
  });

  it('on a phone, an empty counter-proposal is answered by the server in the page’s language, not by a browser pop-up', async () => {
    const browser = await launchChromium();
    try {
      // A pending invitation of its own: the teacher sends one with the times the form suggests.
      const teacher = await openPage(browser);
      await signIn(teacher.page, server.url, 'teacher@demo.example', '/speakers/topics');
      await teacher.page.goto(`${server.url}/speakers/topics?q=${encodeURIComponent('巴特尔')}`);
      await teacher.page.locator('a[href^="/invitations/new?topic="]').first().click();
      await teacher.page.waitForURL(/\/invitations\/new\?topic=/);
      await teacher.page.getByLabel('听众人数').fill('45');
      // No grade first: the message takes the grades' whole row, not a cell of the grid as if it were a fifth box.
      await teacher.page.getByRole('button', { name: '发送邀请' }).click();
      const gradeError = teacher.page.locator('fieldset.checks-columns .field-error');
      await expect(gradeError.textContent()).resolves.toBe('请至少选择一个年级');
      const [errorBox, gradesBox] = await Promise.all([
        gradeError.boundingBox(),
        teacher.page.locator('fieldset.checks-columns:has(.field-error) label').first().boundingBox(),
      ]);
      expect(errorBox?.width).toBeGreaterThan(2 * (gradesBox?.width ?? 0));
      await teacher.page.locator('input[name="grades"]').first().check();
      await teacher.page.getByRole('button', { name: '发送邀请' }).click();
      await teacher.page.waitForURL(/\/invitations\/[0-9a-f-]{36}\?done=sent/);

      const { page, errors } = await openPage(browser, { viewport: { width: 375, height: 800 } });
      await signIn(page, server.url, 'speaker@demo.example', '/speaker');
      const card = page
        .locator('.invitation-card', { has: page.locator('summary', { hasText: '提出其他时间' }) })
        .first();
      await card.locator('summary', { hasText: '提出其他时间' }).click();
      await card.locator('textarea[name="note"]').fill('下周都可以');
      await card.getByRole('button', { name: '发送这些时间' }).click();
      // The browser let the empty form go; the server's own words come back, beside the first date, the note kept.
      const again = page.locator('.invitation-card', { has: page.locator('.field-error') }).first();
      await expect(again.locator('.field-error').first().textContent()).resolves.toBe('请至少提出一个时间');
      expect(await again.locator('textarea[name="note"]').inputValue()).toBe('下周都可以');
      expect(page.url()).not.toContain('done=');
      expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
  it('prints hints carrying rules and status badges large enough for elderly readers, on a phone and a desktop', async () => {
    const browser = await launchChromium();
    try {
      for (const width of [375, 1280]) {
        /** The smallest font size, in px, of what a selector finds on a page (there must be something). */
        const smallest = async (page: Page, selector: string) => {
          await page.locator(selector).first().waitFor({ timeout: 10_000 });
          const sizes = await page
            .locator(selector)
            .evaluateAll((found) =>
              found.map((element) => Number.parseFloat(getComputedStyle(element).fontSize)),
            );
          expect(sizes.length, `${selector} at ${width}px`).toBeGreaterThan(0);
          return Math.min(...sizes);
        };
        const overflow = (page: Page) =>
          page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        // The teacher's invitations, each with its status; the speaker's profile, its rules in hints.
        const teacher = await openPage(browser, { viewport: { width, height: 800 } });
        await signIn(teacher.page, server.url, 'teacher@demo.example', '/invitations');
        // Visible ones: on a phone the header's own unread badge sits in the folded menu.
        expect(await smallest(teacher.page, '.badge:visible')).toBeGreaterThanOrEqual(14);
        expect(await overflow(teacher.page)).toBeLessThanOrEqual(1);
        const speaker = await openPage(browser, { viewport: { width, height: 800 } });
        await signIn(speaker.page, server.url, 'speaker@demo.example', '/speaker/profile');
        expect(await smallest(speaker.page, '.field-hint')).toBeGreaterThanOrEqual(16);
        expect(await overflow(speaker.page)).toBeLessThanOrEqual(1);
        await teacher.context.close();
        await speaker.context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
