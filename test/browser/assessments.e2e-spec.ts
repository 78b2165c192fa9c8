/// <reference lib="dom" />
import type { BrowserContextOptions, Page } from 'playwright-core';
import { LAPTOP, pageWidths, screenshot, TABLET, useBrowserApp } from './support/browser';

jest.setTimeout(180_000);

/** A screenshot of what the window shows (the assessment page of a whole department is too long for one image). */
const windowShot = (page: Page, name: string): Promise<string> => screenshot(page, name, { fullPage: false });

/** No element of the page reaches past the window's right edge (nothing cut off or scrolled sideways). */
const scrollsSideways = async (page: Page): Promise<boolean> => {
  const { scrollWidth, innerWidth } = await pageWidths(page);
  return scrollWidth > innerWidth + 1;
};

/**
 * Issue 16 in a real Chromium, on the first-start sample data: a manager opens a mock assessment
 * with the demo assessor, the assessor marks three standards on a tablet and raises a finding, and
 * the manager finds it on the findings worklist.
 */
describe('browser: an assessment on a tablet', () => {
  const web = useBrowserApp();
  const signedInPage = (email: string, device: BrowserContextOptions) => web.signedInPage(email, { device });
  let normandy: string;

  beforeAll(async () => {
    [{ id: normandy }] = await web.t.dataSource.query(`SELECT id FROM department WHERE name LIKE 'Normandy%'`);
  });

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
