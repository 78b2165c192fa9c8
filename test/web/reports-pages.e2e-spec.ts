import { createHash } from 'node:crypto';
import { FixedClock } from '../../src/common/clock';
import { auditActions, insertDepartment, insertGrant, insertUser, lastAuditId } from '../support/fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { flashOf, getPage, PageSession, postForm, signInThroughPage } from './support/page-session';
import { binary } from '../support/binary-body';


interface ReportRow {
  id: string;
  kind: string;
  department_id: string | null;
  sha256: string;
  size_bytes: string;
  generated_by_name: string;
}

describe('pages: reports (generate, list, download, binder)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let normandy: string;
  let pagedale: string;
  const s = {} as Record<'chief' | 'member' | 'assessor' | 'managerB' | 'admin', PageSession>;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    normandy = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    pagedale = await insertDepartment(ds, 'Pagedale Police Department', 'Pagedale PD');
    await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Ellis', memberships: [{ departmentId: normandy, role: 'chief' }] });
    await insertUser(ds, { email: 'member@example.org', displayName: 'Mel Member', memberships: [{ departmentId: normandy, role: 'member' }] });
    await insertUser(ds, { email: 'manager.b@example.org', displayName: 'Bea Manager', memberships: [{ departmentId: pagedale, role: 'manager' }] });
    await insertUser(ds, { email: 'admin@example.org', displayName: 'Ada Admin', isAdmin: true });
    const assessor = await insertUser(ds, { email: 'assessor@peer.example', displayName: 'Pat Assessor' });
    await insertGrant(ds, assessor, [normandy], '2026-06-01', '2026-06-30');
    s.chief = await signInThroughPage(t, 'chief@example.org');
    s.member = await signInThroughPage(t, 'member@example.org');
    s.assessor = await signInThroughPage(t, 'assessor@peer.example');
    s.managerB = await signInThroughPage(t, 'manager.b@example.org');
    s.admin = await signInThroughPage(t, 'admin@example.org');
  });
  afterAll(() => t?.close());

  const reports = (departmentId: string | null): Promise<ReportRow[]> =>
    t.dataSource.query(
      `SELECT id, kind, department_id, sha256, size_bytes, generated_by_name FROM generated_report
        WHERE ($1::uuid IS NULL AND department_id IS NULL) OR department_id = $1 ORDER BY generated_at DESC, id DESC`,
      [departmentId],
    );

  /** Posts a generate form a minute after the previous one (the clock is fixed; "newest first" needs distinct times). */
  const generate = (session: PageSession, path: string, fields: Record<string, string>) => {
    clock.advance(60_000);
    return postForm(t, session, path, fields, '/reports');
  };

  const download = (session: PageSession, path: string) => getPage(t, session, path).buffer(true).parse(binary);

  it('lists the departments the user can see, with generate buttons, the binder link, and no other department', async () => {
    const res = await getPage(t, s.chief, '/reports').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Normandy Police Department');
    expect(res.text).not.toContain('Pagedale Police Department');
    expect(res.text).toContain(`action="/reports/department/${normandy}"`);
    expect(res.text).toContain('name="kind" value="readiness"');
    expect(res.text).toContain('name="kind" value="file-review"');
    expect(res.text).toContain(`href="/api/departments/${normandy}/binder"`);
    expect(res.text).toContain('action="/reports"');
    expect(res.text).toContain('<script src="/static/reports.js" defer></script>');
    expect(res.text).toContain('No report generated yet.');

    const admin = await getPage(t, s.admin, '/reports').expect(200);
    expect(admin.text).toContain('Normandy Police Department');
    expect(admin.text).toContain('Pagedale Police Department');
  });

  it('generates a report through the form: a stored row, an audit event, the list shows it and its link downloads the PDF', async () => {
    const since = await lastAuditId(t.dataSource);
    const res = await generate(s.chief, `/reports/department/${normandy}`, { kind: 'readiness' }).expect(303);
    const [row] = await reports(normandy);
    expect(row).toMatchObject({ kind: 'readiness', department_id: normandy, generated_by_name: 'Chief Ellis' });
    expect(res.headers.location).toBe(`/reports?generated=${row.id}#report-${row.id}`);
    expect(flashOf(res)).toMatchObject({ kind: 'success', message: expect.stringMatching(/^Report generated: Normandy PD readiness report 2026-06-10\.pdf/) });
    expect(await auditActions(t.dataSource, since)).toEqual(['report.generated']);

    const page = await getPage(t, s.chief, `/reports?generated=${row.id}`).expect(200);
    expect(page.text).toContain(`id="report-${row.id}"`);
    expect(page.text).toContain('Readiness report');
    expect(page.text).toContain('Chief Ellis');
    expect(page.text).toContain(`${row.sha256.slice(0, 12)}…`);
    expect(page.text).toContain('Jun 10, 2026, 10:01 AM CDT');
    const link = `/api/reports/${row.id}/content`;
    expect(page.text).toContain(`href="${link}"`);
    expect(page.text).toContain('<span class="badge badge-ok">New</span>');

    const since2 = await lastAuditId(t.dataSource);
    const pdf = await download(s.chief, link).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(Number(row.size_bytes));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(row.sha256);
    expect(await auditActions(t.dataSource, since2)).toEqual(['report.downloaded']);
  });

  it('lists the newest report first after generating another kind', async () => {
    await generate(s.chief, `/reports/department/${normandy}`, { kind: 'file-review' }).expect(303);
    const [newest] = await reports(normandy);
    expect(newest.kind).toBe('file-review');
    const page = await getPage(t, s.chief, '/reports').expect(200);
    const rows = [...page.text.matchAll(/id="report-([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(rows[0]).toBe(newest.id);
    expect(rows).toHaveLength(2);
  });

  it('shows team members their departments without generate buttons, and refuses their form', async () => {
    const page = await getPage(t, s.member, '/reports').expect(200);
    expect(page.text).toContain('Normandy Police Department');
    expect(page.text).not.toContain(`action="/reports/department/${normandy}"`);
    expect(page.text).not.toContain(`/api/departments/${normandy}/binder`);
    expect(page.text).toContain('Reports and the proof binder are for the department');
    const before = (await reports(normandy)).length;
    const res = await generate(s.member, `/reports/department/${normandy}`, { kind: 'readiness' }).expect(303);
    expect(res.headers.location).toBe('/reports');
    expect(flashOf(res)).toMatchObject({ kind: 'error', status: 403 });
    expect(await reports(normandy)).toHaveLength(before);
  });

  it('refuses a report kind that does not exist and a form without the token', async () => {
    const before = (await reports(normandy)).length;
    const bad = await generate(s.chief, `/reports/department/${normandy}`, { kind: 'everything' }).expect(303);
    expect(flashOf(bad)).toMatchObject({ kind: 'error', status: 400 });
    const forged = await generate(s.chief, `/reports/department/${normandy}`, { kind: 'readiness', _csrf: 'not-the-token' }).expect(303);
    expect(flashOf(forged)).toMatchObject({ kind: 'error', status: 403 });
    expect(await reports(normandy)).toHaveLength(before);
  });

  describe('assessors', () => {
    let pagedaleReport: string;
    beforeAll(async () => {
      await generate(s.managerB, `/reports/department/${pagedale}`, { kind: 'readiness' }).expect(303);
      pagedaleReport = (await reports(pagedale))[0].id;
    });

    it('see the reports page of their granted department, generate a file review and download it', async () => {
      const page = await getPage(t, s.assessor, '/reports').expect(200);
      expect(page.text).toContain('Normandy Police Department');
      expect(page.text).not.toContain('Pagedale Police Department');
      expect(page.text).toContain(`action="/reports/department/${normandy}"`);

      const since = await lastAuditId(t.dataSource);
      const res = await generate(s.assessor, `/reports/department/${normandy}`, { kind: 'file-review' }).expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'success' });
      const [row] = await reports(normandy);
      expect(row).toMatchObject({ kind: 'file-review', generated_by_name: 'Pat Assessor' });
      expect(await auditActions(t.dataSource, since)).toEqual(['report.generated']);
      const listed = await getPage(t, s.assessor, `/reports?department=${normandy}`).expect(200);
      expect(listed.text).toContain(`href="/api/reports/${row.id}/content"`);
      const pdf = await download(s.assessor, `/api/reports/${row.id}/content`).expect(200);
      expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const binder = await download(s.assessor, `/api/departments/${normandy}/binder`).expect(200);
      expect(binder.headers['content-type']).toBe('application/zip');
      expect((binder.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    });

    it('get 404 for another department: its page, its form and its reports', async () => {
      const page = await getPage(t, s.assessor, `/reports?department=${pagedale}`).expect(404);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).not.toContain('Pagedale Police Department');
      const before = (await reports(pagedale)).length;
      const res = await generate(s.assessor, `/reports/department/${pagedale}`, { kind: 'file-review' }).expect(303);
      expect(flashOf(res)).toMatchObject({ kind: 'error', status: 404 });
      expect(await reports(pagedale)).toHaveLength(before);
      await getPage(t, s.assessor, `/api/reports/${pagedaleReport}/content`).expect(404);
      await getPage(t, s.assessor, `/api/departments/${pagedale}/binder`).expect(404);
    });
  });

  it('generates the footprint report, listed for the user who made it and administrators only', async () => {
    const since = await lastAuditId(t.dataSource);
    const res = await generate(s.chief, '/reports', {}).expect(303);
    const [row] = await reports(null);
    expect(row).toMatchObject({ kind: 'footprint', generated_by_name: 'Chief Ellis' });
    expect(res.headers.location).toBe(`/reports?generated=${row.id}#report-${row.id}`);
    expect(await auditActions(t.dataSource, since)).toEqual(['report.generated']);
    expect((await getPage(t, s.chief, '/reports').expect(200)).text).toContain(`href="/api/reports/${row.id}/content"`);
    expect((await getPage(t, s.admin, '/reports').expect(200)).text).toContain(`href="/api/reports/${row.id}/content"`);
    expect((await getPage(t, s.member, '/reports').expect(200)).text).not.toContain(row.id);
    const pdf = await download(s.chief, `/api/reports/${row.id}/content`).expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('sends a visitor without a session to sign in', async () => {
    const res = await getPage(t, null, '/reports').expect(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Freports');
  });
});
