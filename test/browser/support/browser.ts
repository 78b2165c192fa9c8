/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../src/sample-data/footprint';
import { createTestApp, TestApp } from '../../support/test-app';

const run = promisify(execFile);

/**
 * The Chromium to drive: CHROMIUM_PATH when set, else the one the @sparticuz/chromium npm package
 * ships, unpacked on first use by chromium-path.mjs (run by Node, outside jest: the package is an
 * ES module). Asked once per test process.
 */
let chromiumPath: Promise<string> | undefined;
export function chromiumExecutable(): Promise<string> {
  chromiumPath ??= process.env.CHROMIUM_PATH
    ? Promise.resolve(process.env.CHROMIUM_PATH)
    : run(process.execPath, [join(__dirname, 'chromium-path.mjs')]).then(({ stdout }) => stdout.trim());
  return chromiumPath;
}

/** Screenshots are test artifacts; set BROWSER_SCREENSHOTS_DIR=test/browser/screenshots to refresh the README's. */
export const SCREENSHOTS_DIR = process.env.BROWSER_SCREENSHOTS_DIR ?? join(__dirname, '..', '..', '..', 'test-artifacts', 'browser');

export async function launchChromium(): Promise<Browser> {
  const executablePath = await chromiumExecutable();
  if (!existsSync(executablePath)) {
    throw new Error(`The browser tests drive Chromium at ${executablePath}, which is not there: unset CHROMIUM_PATH to use the one from @sparticuz/chromium (npm ci installs it).`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    // This machine's network is closed: without these, Chromium keeps trying to reach Google's hosts.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
    ],
  });
}

/** A screenshot of the whole page, or (`fullPage: false`) of what the window shows, for pages too long for one image. */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
/** A tablet held upright. */
export const TABLET: BrowserContextOptions = { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true };

/** How wide the page is against the window: wider means it scrolls sideways (something is cut off). */
export function pageWidths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/** Records every script error or refused resource (a CSP violation shows up here) of `page` into `problems`, as they happen. */
export function watchConsole(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
}

export interface BrowserApp {
  /** The application on its own database with the first-start sample data (demo users, the 24:1 departments). */
  readonly t: TestApp;
  readonly browser: Browser;
  /** Where the application listens, e.g. http://localhost:41234. */
  readonly baseUrl: string;
  /** A page in a new browser context (1280x900 unless `device` says otherwise) whose console problems fail the test. */
  watchedPage(device?: BrowserContextOptions): Promise<Page>;
  /**
   * Says that this test provokes a console problem on purpose (a refused upload's 415, a forbidden
   * page's 403): the problem must show up, and only it is let through.
   */
  expectConsoleProblem(pattern: RegExp): void;
  /** A watched page signed in as `email`: a visit to / is sent to the sign-in page, which signs in and comes back to /. */
  signedInPage(email: string, options?: { password?: string; device?: BrowserContextOptions }): Promise<Page>;
}

/**
 * The browser suites' harness, registered in the calling describe block: before all, the
 * application on a fresh database with the first-start sample data, listening on a free port, and
 * a Chromium; after each test, every script error, failed request or refused resource of a
 * watched page fails it, but for those the test said it provokes (expectConsoleProblem);
 * after all, both closed and the database dropped.
 */
export function useBrowserApp(): BrowserApp {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let baseUrl: string | undefined;
  const consoleProblems: string[] = [];
  const expectedProblems: RegExp[] = [];

  beforeAll(async () => {
    t = await createTestApp({ databaseIsEmbedded: true, seedSampleData: true, adminEmail: 'root@example.org', adminPassword: 'installation passphrase' });
    await t.app.listen(0);
    baseUrl = `http://localhost:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    const problems = consoleProblems.splice(0);
    const expected = expectedProblems.splice(0);
    expect(expected.filter((pattern) => !problems.some((p) => pattern.test(p))).map((pattern) => `expected, not seen: ${pattern}`)).toEqual([]);
    expect(problems.filter((p) => !expected.some((pattern) => pattern.test(p)))).toEqual([]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The browser harness is not started: use it inside a test of the describe block that called useBrowserApp().');
    return value;
  };

  const app: BrowserApp = {
    get t() {
      return started(t);
    },
    get browser() {
      return started(browser);
    },
    get baseUrl() {
      return started(baseUrl);
    },
    expectConsoleProblem(pattern) {
      expectedProblems.push(pattern);
    },
    async watchedPage(device = { viewport: { width: 1280, height: 900 } }) {
      const context = await app.browser.newContext({ baseURL: app.baseUrl, ...device });
      const page = await context.newPage();
      watchConsole(page, consoleProblems);
      return page;
    },
    async signedInPage(email, { password = DEMO_PASSWORD, device } = {}) {
      const page = await app.watchedPage(device);
      await page.goto('/');
      await page.waitForURL(/\/sign-in\?next=/);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${app.baseUrl}/`);
      return page;
    },
  };
  return app;
}
