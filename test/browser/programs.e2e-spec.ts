/// <reference lib="dom" />
import { LAPTOP, TABLET, useBrowserApp } from './support/browser';

jest.setTimeout(180_000);

/**
 * Issue 13 in a real Chromium, on the first-start sample data (Normandy PD in CALEA and in the
 * three-year Sample State Program): the forms a second program needs, posted as a browser posts
 * them. An unticked group of checkboxes sends nothing at all, which only a browser shows.
 */
describe('browser: a second program and its own cycle', () => {
  const web = useBrowserApp();
  let normandy: string;
  let statePage: string;

  beforeAll(async () => {
    [{ id: normandy }] = await web.t.dataSource.query(`SELECT id FROM department WHERE name LIKE 'Normandy%'`);
    const [{ id: enrolment }] = await web.t.dataSource.query(
      `SELECT e.id FROM enrolment e JOIN program p ON p.id = e.program_id WHERE e.department_id = $1 AND p.name = 'Sample State Program (synthetic)'`,
      [normandy],
    );
    statePage = `/department/${normandy}?enrolment=${enrolment}`;
  });

  it("an administrator unticks every milestone of the state program; its fixed three-year length stays and its milestones go from Normandy's deadlines", async () => {
    const admin = await web.signedInPage('admin@demo.calea.local', { device: LAPTOP });
    await admin.goto(statePage);
    await expect(admin.locator('.dept-facts, dl').first().textContent()).resolves.toMatch(/3\s*of 3/);
    await expect(admin.locator('#coverage .grid-head .yr').allTextContents()).resolves.toEqual(['Year 1', 'Year 2', 'Year 3']);

    await admin.goto('/admin/manuals#programs');
    const form = admin.locator('form.admin-program', { has: admin.getByRole('heading', { name: /Sample State Program \(synthetic\)/ }) });
    await expect(form.getByLabel('Cycle length').isDisabled()).resolves.toBe(true);
    await expect(form.getByLabel('Cycle length').inputValue()).resolves.toBe('3');
    for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
    await form.getByRole('button', { name: /^Save / }).click();
    await admin.waitForURL(/\/admin\/manuals#programs$/);
    await expect(admin.locator('#flash').textContent()).resolves.toMatch(/Sample State Program \(synthetic\) is saved: 3-year cycles\./);
    const [program] = await web.t.dataSource.query(`SELECT cycle_years, milestones FROM program WHERE name = 'Sample State Program (synthetic)'`);
    expect(program).toEqual({ cycle_years: 3, milestones: [] });

    await admin.goto(statePage);
    await expect(admin.locator('body').textContent()).resolves.not.toMatch(/Site-based assessment, cycle year 3/);
  });

  it("a manager opens a round of the state program with no assessor yet, on a tablet, and changes that program's award date", async () => {
    const manager = await web.signedInPage('manager@demo.calea.local', { device: TABLET });
    await manager.goto(`/department/${normandy}/assessments`);
    await manager.getByLabel('Name').fill('State reassessment rehearsal');
    await manager.getByLabel('Program').selectOption({ label: 'Sample State Program (synthetic)' });
    await manager.getByLabel('Year 3').check();
    await manager.getByRole('button', { name: 'Open the assessment' }).click();
    await manager.waitForURL(/\/assessments\/[0-9a-f-]+$/);
    await expect(manager.locator('#flash').textContent()).resolves.toMatch(/State reassessment rehearsal is open/);
    await expect(manager.locator('.lede').first().textContent()).resolves.toMatch(/of cycle year 3,/);

    await manager.goto(`/department/${normandy}/settings#programs`);
    const form = manager.locator('form.settings-enrol', { has: manager.getByRole('heading', { name: /Sample State Program \(synthetic\): status and award/ }) });
    await form.getByLabel(/Award date/).fill('2024-06-01');
    await form.getByRole('button', { name: /^Save / }).click();
    await manager.waitForURL(/\/settings#programs$/);
    await expect(manager.locator('#flash').textContent()).resolves.toMatch(/Sample State Program \(synthetic\): status and award date are saved\./);
    await expect(manager.locator('table.programs-table').textContent()).resolves.toContain('Jun 1, 2024');
  });
});
