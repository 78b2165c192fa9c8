/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/sample-data/footprint';
import { createTestDatabase, startTestApp, TestApp, TestDatabase } from '../support/test-app';
import { launchChromium, screenshot, SCREENSHOTS_DIR, watchConsole } from './support/browser';

jest.setTimeout(180_000);

const TABLET: BrowserContextOptions = { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true };
const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };

/** A screenshot of what the window shows (the assessment page of a whole department is too long for one image). */
async function windowShot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`) });
}

/** No element of the page reaches past the window's right edge (nothing cut off or scrolled sideways). */
const scrollsSideways = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

/**
 * Issue 16 in a real Chromium, on the first-start sample data: a manager opens a mock assessment
 * with the demo assessor, the assessor marks three standards on a tablet and raises a finding, and
 * the manager finds it on the findings worklist.
 */
describe('browser: an assessment on a tablet', () => {
  let database: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const consoleProblems: string[] = [];
  let normandy: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestApp(database.url, { databaseIsEmbedded: true, seedSampleData: true, adminEmail: 'root@example.org', adminPassword: 'installation passphrase' });
    await t.app.listen(0);
    baseUrl = `http://localhost:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    [{ id: normandy }] = await t.dataSource.query(`SELECT id FROM department WHERE name LIKE 'Normandy%'`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.drop();
  });

  afterEach(() => {
    expect(consoleProblems.splice(0)).toEqual([]);
  });

  async function signedInPage(email: string, device: BrowserContextOptions): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, ...device });
    contexts.push(context);
    const page = await context.newPage();
    consoleProblems.push(...watchConsole(page));
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    return page;
  }

  it('a manager opens a round, the assessor marks three standards on a tablet and raises a finding, the manager sees it on the worklist', async () => {
    const manager = await signedInPage('manager@demo.calea.local', LAPTOP);
    await manager.goto(`/department/${normandy}`);
    await manager.getByRole('link', { name: 'Assessments', exact: true }).click();
    await manager.waitForURL(/\/assessments$/);
    await screenshot(manager, 'assessments-page-empty');
    await manager.getByLabel('Name').fill('2026 mock assessment');
    await manager.getByLabel('Kind').selectOption('mock_assessment');
    await manager.getByLabel('Year 2').check();
    await manager.getByLabel(/Demo Assessor|assessor@demo/).check();
    await manager.getByRole('button', { name: 'Open the assessment' }).click();
    await manager.waitForURL(/\/assessments\/[0-9a-f-]+$/);
    await expect(manager.locator('#flash').textContent()).resolves.toMatch(/2026 mock assessment is open/);
    const assessmentUrl = manager.url();

    const assessor = await signedInPage('assessor@demo.calea.local', TABLET);
    await expect(assessor.locator('.access-banner').textContent()).resolves.toMatch(/Assessor access from .+ until .+ \(\d+ days left\)/);
    await assessor.goto(assessmentUrl);
    await expect(assessor.locator('h1').textContent()).resolves.toBe('2026 mock assessment');
    const standards = assessor.locator('article.assessment-standard');
    const numbers: string[] = [];
    const mark = async (index: number, status: string, notes: string): Promise<void> => {
      const article = standards.nth(index);
      numbers.push(((await article.locator('h4 a').textContent()) ?? '').trim());
      const form = article.locator('form.status-form').first();
      await form.getByLabel('Status', { exact: true }).selectOption(status);
      await form.getByLabel('Notes').fill(notes);
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await assessor.waitForSelector('#flash');
    };
    await mark(0, 'in_compliance', 'Directive and proofs in order');
    await mark(1, 'in_compliance', '');
    await windowShot(assessor, 'assessment-page-tablet');
    await mark(2, 'not_in_compliance', 'No 2025 inspection report in the file');
    await expect(assessor.locator('#flash').textContent()).resolves.toMatch(/Not in compliance\. A finding is open, due \d{4}-\d{2}-\d{2}\./);
    await expect(assessor.locator('#progress-h').textContent()).resolves.toMatch(/^Progress: 3 of \d+ reviewed$/);
    expect(await scrollsSideways(assessor)).toBe(false);
    await assessor.goto(`/department/${normandy}/findings`);
    expect(await scrollsSideways(assessor)).toBe(false);
    await screenshot(assessor, 'findings-page-tablet');

    await manager.goto(`/department/${normandy}`);
    await manager.getByRole('link', { name: 'Findings', exact: true }).click();
    const finding = manager.locator('article.finding');
    await expect(finding.count()).resolves.toBe(1);
    await expect(finding.locator('h3').textContent()).resolves.toContain(numbers[2]);
    await expect(finding.textContent()).resolves.toContain('No 2025 inspection report in the file');
    await expect(finding.getByRole('button', { name: 'Send the answer' }).isVisible()).resolves.toBe(true);
    await screenshot(manager, 'findings-page');
    await manager.goto(assessmentUrl);
    await windowShot(manager, 'assessment-page');
    await manager.goto(`/department/${normandy}/assessments`);
    await screenshot(manager, 'assessments-page');
    const tabletManager = await signedInPage('manager@demo.calea.local', TABLET);
    await tabletManager.goto(`/department/${normandy}/assessments`);
    expect(await scrollsSideways(tabletManager)).toBe(false);
    await screenshot(tabletManager, 'assessments-page-tablet');
  });
});
