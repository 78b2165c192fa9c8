/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { sampleFiles } from '../support/proof-fixtures';
import { pageWidths, screenshot, TABLET, useBrowserApp } from './support/browser';

jest.setTimeout(120_000);

/**
 * The pages driven in a real Chromium, on the sample data of a first start: the flows a manager,
 * a member, a chief and an assessor run. Screenshots land in test-artifacts/browser.
 */
describe('browser: the pages people use', () => {
  const web = useBrowserApp();
  const signedInPage = web.signedInPage;

  it('signs a manager in, shows the footprint dashboard, and refuses a wrong password', async () => {
    const page = await (await web.browser.newContext({ baseURL: web.baseUrl })).newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('manager@demo.calea.local');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/email address or the password is not correct/);

    const manager = await signedInPage('manager@demo.calea.local');
    await expect(manager.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Footprint dashboard');
    const departments = await manager.locator('.department-card h2').allTextContents();
    expect(departments.map((d) => d.trim())).toEqual(['Normandy Police Department', 'North County Police Cooperative']);
  });

  /** Normandy PD's first standard file (in natural order) and the department's id. */
  async function normandyFile(): Promise<{ departmentId: string; fileId: string; number: string }> {
    const [row] = await web.t.dataSource.query(
      `SELECT d.id AS "departmentId", f.id AS "fileId", f.standard_number AS number
         FROM standard_file f JOIN department d ON d.id = f.department_id
        WHERE d.name = 'Normandy Police Department' AND f.in_scope ORDER BY f.sort_key LIMIT 1`,
    );
    return row;
  }

  const mandatoryOnDashboard = async (page: Page, department: string): Promise<string> =>
    (await page.locator('.department-card', { hasText: department }).locator('.meters dd').first().textContent())?.replace(/\s+/g, ' ').trim() ?? '';

  it('a manager drops a proof on a file, accepts it, records the file compliant, and readiness moves', async () => {
    const manager = await signedInPage('manager@demo.calea.local');
    const before = await mandatoryOnDashboard(manager, 'Normandy Police Department');
    expect(before).toContain('(0 of 17)');
    const { departmentId, fileId, number } = await normandyFile();

    await manager.goto(`/department/${departmentId}/files/${fileId}`);
    await expect(manager.locator('h1').textContent()).resolves.toContain(number);

    // Drag and drop: a real drop event carrying a PDF, then the upload with its progress bar.
    const pdf = sampleFiles.pdf('Oath of office roster, signed').toString('base64');
    const dropped = await manager.evaluateHandle((b64) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'oath-roster.pdf', { type: 'application/pdf' }));
      return transfer;
    }, pdf);
    await manager.dispatchEvent('[data-drop-zone]', 'drop', { dataTransfer: dropped });
    await expect(manager.locator('[data-chosen]').textContent()).resolves.toContain('oath-roster.pdf');
    const reloaded = manager.waitForEvent('load');
    await manager.getByRole('button', { name: 'Upload proof' }).click();
    await reloaded;
    await manager.locator('#proofs table tr', { hasText: 'oath-roster.pdf' }).waitFor();
    await screenshot(manager, 'file-page-uploaded');

    // A refused file says why, next to the drop zone, and stores nothing.
    web.expectConsoleProblem(/status of 415 \(Unsupported Media Type\)/);
    await manager.setInputFiles('#up-file', { name: 'disguised.pdf', mimeType: 'application/pdf', buffer: sampleFiles.png() });
    await manager.getByRole('button', { name: 'Upload proof' }).click();
    await manager.locator('#up-errors', { hasText: /content is PNG/ }).waitFor({ timeout: 10_000 });
    const [{ proofs }] = await web.t.dataSource.query(`SELECT count(*)::int AS proofs FROM proof_link WHERE standard_file_id = $1`, [fileId]);
    expect(proofs).toBe(1);

    await manager.getByRole('button', { name: /^Accept/ }).first().click();
    await manager.waitForSelector('#flash');
    await expect(manager.locator('#flash').textContent()).resolves.toMatch(/accepted/i);

    // The result form comes first in the work card, open; the file now has an accepted proof but no directive, so the page warns and asks.
    expect(await manager.locator('#compliant-warning').textContent()).toContain('no written directive');
    await manager.selectOption('#result', 'compliant');
    let asked = '';
    manager.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await manager.getByRole('button', { name: 'Save result and status' }).click();
    await manager.waitForSelector('#flash');
    expect(asked).toMatch(/as compliant with no written directive\?/);
    // After saving, the confirmation is in view (the page is not scrolled past it).
    const banner = await manager.locator('#flash').boundingBox();
    expect(banner && banner.y >= 0 && banner.y + banner.height <= 900).toBe(true);
    await expect(manager.locator('#flash').textContent()).resolves.toMatch(/is saved/);
    await screenshot(manager, 'file-page');

    await manager.goto('/');
    await expect(mandatoryOnDashboard(manager, 'Normandy Police Department')).resolves.toContain('(1 of 17)');
    await screenshot(manager, 'dashboard');

    // Normandy PD's two programs side by side; the state program's page from its card.
    await manager.goto(`/department/${departmentId}`);
    await expect(manager.locator('.program-card').count()).resolves.toBe(2);
    await screenshot(manager, 'department-programs');
    await manager.getByRole('link', { name: /Sample State Program \(synthetic\)/ }).first().click();
    await expect(manager.locator('h1').textContent()).resolves.toContain('Sample State Program (synthetic)');
    await expect(manager.locator('.program-card-selected .program-name').textContent()).resolves.toBe('Sample State Program (synthetic)');
    await screenshot(manager, 'department-state-program');
    await manager.goto('/');

    await manager.getByRole('link', { name: 'North County Police Cooperative' }).click();
    await expect(manager.locator('h1').textContent()).resolves.toContain('North County Police Cooperative');
    await screenshot(manager, 'department-page');

    // The filters update the list in place (htmx) and the address follows.
    await manager.selectOption('#f-chapter', '4');
    await manager.waitForURL(/chapter=4/);
    await expect(manager.locator('#files-results tbody tr').first().textContent()).resolves.toMatch(/^\s*4\./);

    // When the session has ended meanwhile, a filter change goes to the sign-in page, not into the list.
    await web.t.dataSource.query(`UPDATE session SET revoked_at = now() WHERE user_id = (SELECT id FROM app_user WHERE email = 'manager@demo.calea.local')`);
    await manager.selectOption('#f-chapter', '1');
    await manager.waitForURL(/\/sign-in\?next=/);
    await expect(manager.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
  });

  it('a member sees no review actions, and a forged accept is refused with nothing changed', async () => {
    const { departmentId, fileId } = await normandyFile();
    const [link] = await web.t.dataSource.query(`SELECT id, review_state, version FROM proof_link WHERE standard_file_id = $1 ORDER BY created_at LIMIT 1`, [fileId]);
    const member = await signedInPage('member@demo.calea.local');
    await member.goto(`/department/${departmentId}/files/${fileId}`);
    await expect(member.getByRole('button', { name: /^Accept/ }).count()).resolves.toBe(0);
    await expect(member.getByRole('button', { name: /^Return/ }).count()).resolves.toBe(0);

    // The member crafts the manager's form by hand, with their own valid CSRF token.
    await member.evaluate(
      ({ action, version }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        for (const [name, value] of Object.entries({ _csrf: document.body.dataset.csrfToken ?? '', version: String(version) })) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.appendChild(input);
        }
        document.body.appendChild(form);
        form.submit();
      },
      { action: `/department/${departmentId}/files/${fileId}/proofs/${link.id}/return`, version: link.version },
    );
    await member.waitForSelector('#flash');
    await expect(member.locator('#flash').textContent()).resolves.toMatch(/needs one of these roles|not allowed|manager/i);
    const [after] = await web.t.dataSource.query(`SELECT review_state, version FROM proof_link WHERE id = $1`, [link.id]);
    expect(after).toEqual({ review_state: link.review_state, version: link.version });
  });

  it('an assessor reads a file without forms, generates the file review (not the readiness report) and downloads it, and is kept out of the rest', async () => {
    const { departmentId, fileId } = await normandyFile();
    const assessor = await signedInPage('assessor@demo.calea.local');
    await expect(assessor.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual(['Dashboard', 'Reports']);

    await assessor.goto(`/department/${departmentId}/files/${fileId}`);
    await expect(assessor.locator('main form').count()).resolves.toBe(0);
    await expect(assessor.locator('#proofs table tr', { hasText: 'oath-roster.pdf' }).count()).resolves.toBe(1);

    await assessor.goto('/reports');
    const normandy = assessor.locator('section', { has: assessor.getByRole('heading', { name: 'Normandy Police Department' }) });
    await expect(normandy.getByRole('button', { name: /^Generate the .*readiness/i }).count()).resolves.toBe(0);
    await expect(assessor.getByRole('button', { name: /^Generate the footprint/i }).count()).resolves.toBe(0);
    await normandy.getByRole('button', { name: /^Generate the file review/i }).click();
    await assessor.waitForSelector('#flash');
    await expect(assessor.locator('#flash').textContent()).resolves.toMatch(/Report generated/);
    await screenshot(assessor, 'reports-page');

    const downloading = assessor.waitForEvent('download');
    await normandy.getByRole('link', { name: /^PDF/ }).first().click();
    const download = await downloading;
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [{ sha256 }] = await web.t.dataSource.query(`SELECT sha256 FROM generated_report WHERE department_id = $1 ORDER BY generated_at DESC LIMIT 1`, [departmentId]);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(sha256);
    const [{ downloads }] = await web.t.dataSource.query(`SELECT count(*)::int AS downloads FROM audit_event WHERE action = 'report.downloaded'`);
    expect(downloads).toBe(1);

    web.expectConsoleProblem(/status of 403 \(Forbidden\)/);
    const admin = await assessor.goto('/admin/users');
    expect(admin?.status()).toBe(403);
    await expect(assessor.locator('h1').textContent()).resolves.toMatch(/forbidden|not allowed|refused/i);
  });

  it('shows a new calendar link and an invitation link once: a reload shows neither again and changes nothing', async () => {
    const { departmentId } = await normandyFile();
    const admin = await signedInPage('admin@demo.calea.local');
    await admin.goto(`/department/${departmentId}/settings#calendar`);
    await admin.getByRole('button', { name: 'Make the calendar link' }).click();
    await admin.waitForURL(`${web.baseUrl}/department/${departmentId}/settings/calendar/link`);
    const address = await admin.locator('#calendar-link').inputValue();
    expect(address).toMatch(/\/calendar\/cal_[A-Za-z0-9_-]+\.ics$/);
    await screenshot(admin, 'calendar-link-shown-once');
    // The browser's reload asks nothing and sends no form: the page says the address was shown, and the copied one keeps working.
    await admin.reload();
    expect(await admin.getByText('The address was shown once').isVisible()).toBe(true);
    expect(await admin.locator('#calendar-link').count()).toBe(0);
    expect((await admin.request.get(new URL(address).pathname)).status()).toBe(200);

    await admin.goto('/admin/users');
    await admin.locator('#invite-email').fill('reload.check@example.org');
    await admin.locator('#invite-name').fill('Reload Check');
    await admin.getByRole('button', { name: 'Invite' }).click();
    await admin.waitForURL(`${web.baseUrl}/admin/users/invitation`);
    const link = new URL(await admin.locator('#invitation-link').inputValue());
    await admin.reload();
    expect(await admin.getByText('The link was shown once').isVisible()).toBe(true);
    expect(await admin.locator('#invitation-link').count()).toBe(0);
    const welcome = await admin.request.get(`${link.pathname}${link.search}`);
    expect(welcome.status()).toBe(200);
    expect(await welcome.text()).toContain(link.searchParams.get('token'));
  });

  it('keeps every review action of a file on screen, on a laptop and on a tablet held upright', async () => {
    const [file]: { departmentId: string; fileId: string }[] = await web.t.dataSource.query(
      `SELECT f.department_id AS "departmentId", f.id AS "fileId" FROM standard_file f JOIN department d ON d.id = f.department_id
        WHERE d.name = 'North County Police Cooperative'
          AND EXISTS (SELECT 1 FROM proof_link l WHERE l.standard_file_id = f.id AND l.review_state = 'pending' AND l.withdrawn_at IS NULL)
        ORDER BY f.sort_key LIMIT 1`,
    );
    expect(file).toBeDefined();
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 768, height: 1024 },
    ]) {
      const page = await signedInPage('manager@demo.calea.local', { device: { viewport } });
      await page.goto(`/department/${file.departmentId}/files/${file.fileId}#proofs`);
      const actions = page.locator('.proof-actions button:visible, .proof-actions summary');
      expect(await actions.count()).toBeGreaterThanOrEqual(3);
      const outside: string[] = [];
      for (const action of await actions.all()) {
        const box = await action.boundingBox();
        const card = await action.evaluate((el) => el.closest('section.card')?.getBoundingClientRect().right ?? window.innerWidth);
        if (!box || box.x < 0 || box.x + box.width > Math.min(viewport.width, card)) {
          outside.push(`${viewport.width}px: "${(await action.textContent())?.trim()}" at ${box ? `${Math.round(box.x)}..${Math.round(box.x + box.width)}` : 'nowhere'}`);
        }
      }
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.locator('.proof-actions').first().scrollIntoViewIfNeeded();
      await screenshot(page, `file-page-actions-${viewport.width}`);
      expect(outside).toEqual([]);
    }
  });

  it('passes the axe accessibility rules (WCAG 2.1 A and AA) on every kind of page', async () => {
    const { departmentId, fileId } = await normandyFile();
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const pages: [string, string][] = [
      ['admin@demo.calea.local', '/'],
      ['admin@demo.calea.local', `/department/${departmentId}`],
      ['admin@demo.calea.local', `/department/${departmentId}/files/${fileId}`],
      ['admin@demo.calea.local', '/reports'],
      ['admin@demo.calea.local', '/worklist'],
      ['admin@demo.calea.local', '/admin/users'],
      ['admin@demo.calea.local', '/admin/grants'],
      ['admin@demo.calea.local', '/admin/manuals'],
      ['admin@demo.calea.local', '/admin/departments'],
      ['admin@demo.calea.local', `/department/${departmentId}/settings`],
      ['admin@demo.calea.local', '/account'],
    ];
    const admin = await signedInPage('admin@demo.calea.local');
    const found: string[] = [];
    for (const [, path] of pages) {
      await admin.goto(path);
      // axe is injected through the DevTools protocol, which the pages' CSP does not govern.
      await admin.evaluate(axeSource);
      const violations = await admin.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        // A page on which no rule passed was not checked at all.
        if (result.passes.length < 10) return [`only ${result.passes.length} rules passed`];
        return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      found.push(...violations.map((v) => `${path} ${v}`));
    }
    const signIn = await (await web.browser.newContext({ baseURL: web.baseUrl })).newPage();
    await signIn.goto('/sign-in');
    await signIn.evaluate(axeSource);
    found.push(
      ...(await signIn.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
        return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations.map((v) => `/sign-in ${v.impact} ${v.id}`);
      })),
    );
    expect(found).toEqual([]);
  });

  it('fits a tablet held upright: no page scrolls sideways at 768 px', async () => {
    const { departmentId, fileId } = await normandyFile();
    const tablet = await signedInPage('admin@demo.calea.local', { device: TABLET });
    const overflowing: string[] = [];
    for (const path of ['/', `/department/${departmentId}`, `/department/${departmentId}/files/${fileId}`, `/department/${departmentId}/settings`, '/reports', '/worklist', '/admin/users', '/admin/grants', '/admin/manuals', '/admin/departments']) {
      await tablet.goto(path);
      const { scrollWidth, innerWidth } = await pageWidths(tablet);
      if (scrollWidth > innerWidth) overflowing.push(`${path}: ${scrollWidth}px wide in a ${innerWidth}px window`);
    }
    await tablet.goto('/worklist');
    await screenshot(tablet, 'worklist-tablet');
    await tablet.goto(`/department/${departmentId}`);
    await screenshot(tablet, 'department-page-tablet');
    expect(overflowing).toEqual([]);
  });
});
