import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/sample-data/footprint';
import { createTestDatabase, startTestApp, TestApp, TestDatabase } from '../support/test-app';
import { launchChromium, screenshot, watchConsole } from './support/browser';

jest.setTimeout(120_000);

/**
 * The pages driven in a real Chromium, on the sample data of a first start: the flows a manager,
 * a member, a chief and an assessor run. Screenshots land in test-artifacts/browser.
 */
describe('browser: the pages people use', () => {
  let database: TestDatabase;
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const consoleProblems: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestApp(database.url, { databaseIsEmbedded: true, seedSampleData: true, adminEmail: 'root@example.org', adminPassword: 'installation passphrase' });
    await t.app.listen(0);
    baseUrl = `http://localhost:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await database?.drop();
  });

  afterEach(() => {
    expect(consoleProblems.splice(0)).toEqual([]);
  });

  async function signedInPage(email: string, password = DEMO_PASSWORD): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    consoleProblems.push(...watchConsole(page));
    await page.goto('/');
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    return page;
  }

  it('signs a manager in, shows the footprint dashboard, and refuses a wrong password', async () => {
    const context = await browser.newContext({ baseURL: baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('manager@demo.calea.local');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/email address or the password is not correct/);

    const manager = await signedInPage('manager@demo.calea.local');
    await expect(manager.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Footprint dashboard');
    const departments = await manager.locator('.department-card h2').allTextContents();
    expect(departments.map((d) => d.trim())).toEqual(['Normandy Police Department', 'North County Police Cooperative']);
    await screenshot(manager, 'dashboard');
  });
});
