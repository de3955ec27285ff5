import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Debian's Chromium, headless, without the background traffic this machine's closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { page, context, errors };
}

/** How many lines an element's text takes: the distinct tops of its text's boxes (a cell is as tall as its row). */
export function textLines(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
}

/**
 * Signs a demo account in through the sign-in form, asking for the page `to`, and waits until that page is drawn
 * signed in: the address changes a moment before a client-side navigation draws the page (on a phone the header's
 * sign-out is there, folded into the menu).
 */
export async function signIn(page: Page, base: string, email: string, to: string): Promise<void> {
  await page.goto(`${base}/login?redirectTo=${encodeURIComponent(to)}`);
  await page.getByLabel('邮箱或手机号').fill(email);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.locator('form.form button[type=submit]').click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === to, { timeout: 30_000 });
  await page.locator('header form[action="/logout"]').waitFor({ state: 'attached' });
}
