/**
 * The browser tests' Chromium (Debian's `chromium` in CI, found through CHROMIUM_PATH or the
 * PATH). Under CI=true a missing browser is a failure; elsewhere the browser tests are skipped
 * with one line saying how to turn them on.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findChromium, launchChromium } from '../../scripts/chromium.mjs';

export const CHROMIUM = findChromium();

export const NO_BROWSER = 'browser tests skipped: no Chromium on this machine (apt-get install chromium, or set CHROMIUM_PATH to a Chromium or Chrome)';

/** True when the browser tests must run; prints the skip line when they may not. */
export function browserTestsRun(): boolean {
  if (CHROMIUM) return true;
  if (/^(1|true)$/i.test(process.env.CI ?? '')) throw new Error(`CI=true and ${NO_BROWSER.replace('browser tests skipped: ', '')}`);
  console.warn(NO_BROWSER);
  return false;
}

export const launch = (): Promise<Browser> => launchChromium(CHROMIUM as string);

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Dialogs the page opened (alert, confirm...): an XSS would show here. */
  dialogs: string[];
  /** Errors thrown in the page. */
  errors: string[];
}

/** A fresh context (its own cookies) with one page at 1280x800. */
export async function openTab(browser: Browser): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Below the test's own timeout, so a failure names the locator it waited for.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, dialogs, errors };
}

/** The sequence numbers of the rows on screen, top first. */
export const shownSeqs = (page: Page): Promise<number[]> =>
  page.$$eval('.list .row', (rows) => rows.map((r) => Number((r as unknown as WithSeq).dataset.seq)).sort((a, b) => b - a));

/** A row element, as far as these helpers read it (the test program has no DOM types). */
interface WithSeq {
  dataset: { seq: string };
}
interface InPage {
  document: { querySelectorAll: (s: string) => ArrayLike<WithSeq>; querySelector: (s: string) => { textContent: string | null } | null };
}

/** Waits until the list shows exactly these rows (the list is virtualised, so keep them few). */
export async function waitForRows(page: Page, seqs: number[]): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const { document } = globalThis as unknown as InPage;
      const got = Array.from(document.querySelectorAll('.list .row'), (r) => Number(r.dataset.seq)).sort((a, b) => b - a);
      return got.length === want.length && got.every((s, i) => s === want[i]) && !document.querySelector('.list-end')?.textContent?.includes('loading');
    },
    seqs,
  );
}
