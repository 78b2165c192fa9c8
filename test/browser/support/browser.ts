import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

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

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails the test on any script error or refused resource (a CSP violation shows up here). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}
