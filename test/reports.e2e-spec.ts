import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { contentAddress, PROOF_STORAGE, ProofStorage } from '../src/proofs/storage/proof-storage';
import { loadReportTemplate, reportTemplatesDir } from '../src/reports/report-template';
import { flatText, OutlineItem, outlineOf, pageCountOf, pdfText, qpdfCheck, standardNumbersIn } from '../src/reports/testing/pdf-inspect';
import { compareStandardNumbers } from '../src/standards/rules/natural-sort';
import { bearer, insertDepartment, insertGrant, insertSession, insertUser, setProfile } from './support/fixtures';
import { PROOF_STORAGE_DRIVERS } from '../src/kernel/proof-storage-drivers';
import { driverOverrides, sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { binary } from './support/binary-body';

/**
 * Reports from seeded data (the sample manual assigned, files worked, proofs uploaded through the
 * API), generated through the API and read back as a reader would: qpdf --check, the layout text, the
 * outline, the page count; the stored SHA-256 against the downloaded bytes; the audit trail; access.
 */

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const NOW = new Date('2026-06-10T15:00:00Z');
const compiledWorker = join(reportTemplatesDir(), '..', '..', 'dist', 'src', 'reports', 'render-worker.js');

interface Report {
  id: string;
  kind: string;
  departmentId: string | null;
  departmentIds: string[];
  sha256: string;
  bytes: number;
  pages: number;
  template: string;
  templateSha256: string;
  fileName: string;
  generatedAt: string;
  generatedByName: string;
  generatedByRole: string;
  contentUrl: string;
}

interface ReadBack {
  path: string;
  bytes: Buffer;
  pages: number;
  text: string;
  flat: string;
  outline: OutlineItem[];
}


describe.each(PROOF_STORAGE_DRIVERS)('reports (%s driver): generated from the database, stored, downloaded, audited', (driver) => {
  let t: TestApp;
  let dir: string;
  const clock = new FixedClock(NOW);
  let normandy: string;
  let ncpc: string;
  let pagedale: string;
  const tokens = {} as Record<'admin' | 'manager' | 'chief' | 'member' | 'assessor' | 'managerB', string>;
  const files: Record<string, string> = {};
  const generated: Record<string, Report> = {};
  const uploaded: { fileName: string; sha256: string }[] = [];

  const generate = async (token: string, departmentId: string, kind: 'readiness' | 'file-review'): Promise<Report> => {
    const res = await request(t.server).post(`/api/departments/${departmentId}/reports`).set(bearer(token)).send({ kind });
    if (res.status !== 201) throw new Error(`generating ${kind} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Report;
  };

  /** Downloads a report, checks the bytes against its metadata, and reads them back with qpdf and MuPDF. */
  const readBack = async (report: Report, token: string): Promise<ReadBack> => {
    const res = await request(t.server).get(report.contentUrl).set(bearer(token)).buffer(true).parse(binary).expect(200);
    const bytes = res.body as Buffer;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers.etag).toBe(`"${report.sha256}"`);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(bytes.length).toBe(report.bytes);
    expect(sha256(bytes)).toBe(report.sha256);
    const path = join(dir, `${report.id}.pdf`);
    await writeFile(path, bytes);
    await expect(qpdfCheck(path)).resolves.toMatch(/No syntax or stream encoding errors found/);
    const [pages, text, outline] = await Promise.all([pageCountOf(path), pdfText(path), outlineOf(path)]);
    return { path, bytes, pages, text, flat: flatText(text), outline };
  };

  const checkPageNumbers = (r: ReadBack, report: Report): void => {
    expect(r.pages).toBe(report.pages);
    const pages = r.text.split('\f');
    for (let i = 1; i <= r.pages; i++) expect(pages[i - 1]).toContain(`Page ${i} of ${r.pages}`);
  };

  const sectionTitles = (kind: 'department-readiness' | 'file-review' | 'footprint') =>
    loadReportTemplate(join(reportTemplatesDir(), `${kind}.json`), kind)
      .sections.filter((s) => s.id !== 'cover' && s.id !== 'contents')
      .map((s) => s.title);

  const upload = async (standard: string, cycleYear: number, effectiveDate: string, fileName: string, bytes: Buffer): Promise<{ id: string; version: number }> => {
    const res = await request(t.server)
      .post(`/api/files/${files[standard]}/proofs`)
      .set(bearer(tokens.manager))
      .field('cycleYear', String(cycleYear))
      .field('effectiveDate', effectiveDate)
      .field('kind', 'document')
      .attach('file', bytes, { filename: fileName, contentType: 'application/pdf' });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    uploaded.push({ fileName: res.body.proof.fileName, sha256: res.body.proof.sha256 });
    return res.body;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'calea-reports-e2e-'));
    t = await createTestApp(await driverOverrides(driver), clock);
    const ds = t.dataSource;
    normandy = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    ncpc = await insertDepartment(ds, 'North County Police Cooperative', 'NCPC');
    pagedale = await insertDepartment(ds, 'Pagedale Police Department', 'Pagedale PD');
    await setProfile(ds, normandy, { programTier: 'advanced', swornOfficers: 30, awardDate: '2023-03-01', accreditationStatus: 'accredited' });
    await setProfile(ds, ncpc, { swornOfficers: 35, awardDate: '2022-07-01' });
    await setProfile(ds, pagedale, { swornOfficers: 15 });
    tokens.admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    tokens.manager = await insertSession(
      ds,
      await insertUser(ds, { email: 'manager@example.org', displayName: 'Morgan Manager', memberships: [{ departmentId: normandy, role: 'manager' }, { departmentId: ncpc, role: 'manager' }] }),
    );
    tokens.chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', displayName: 'Chief Ellis', memberships: [{ departmentId: normandy, role: 'chief' }] }));
    tokens.member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId: normandy, role: 'member' }] }));
    const assessor = await insertUser(ds, { email: 'assessor@peer.example', displayName: 'Pat Assessor' });
    await insertGrant(ds, assessor, [normandy], '2026-06-01', '2026-06-30');
    tokens.assessor = await insertSession(ds, assessor);
    tokens.managerB = await insertSession(ds, await insertUser(ds, { email: 'manager.b@example.org', memberships: [{ departmentId: pagedale, role: 'manager' }] }));

    let req = request(t.server).post('/api/manuals/import').set(bearer(tokens.admin));
    for (const [name, value] of Object.entries({ program: 'Law Enforcement', edition: '6th', version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const csv = await readFile(join(reportTemplatesDir(), '..', 'sample-manual.csv'));
    const manualId = (await req.attach('file', csv, 'sample-manual.csv').expect(201)).body.manual.id as string;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(tokens.admin)).expect(200);
    for (const id of [normandy, ncpc, pagedale]) await request(t.server).put(`/api/departments/${id}/manual`).set(bearer(tokens.admin)).send({ manualId }).expect(200);
    for (const r of await ds.query<{ id: string; standard_number: string }[]>('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [normandy])) {
      files[r.standard_number] = r.id;
    }

    // Normandy's files: most compliant, two mandatory ones not, one not applicable, one waived, directives on 1.1.1.
    await ds.query(`UPDATE standard_file SET result = 'compliant', status = 'accepted' WHERE department_id = $1 AND standard_number <> ALL($2)`, [normandy, ['4.1.7', '4.2.5', '1.2.6']]);
    await ds.query(`UPDATE standard_file SET result = 'partially_compliant', status = 'in_progress' WHERE department_id = $1 AND standard_number = ANY($2)`, [normandy, ['4.1.7', '4.2.5']]);
    await ds.query(`UPDATE standard_file SET applicability = 'not_applicable', applicability_reason = 'The agency runs no holding facility' WHERE id = $1`, [files['1.2.8']]);
    await ds.query(`UPDATE standard_file SET applicability = 'waived', waiver_reference = 'SRIC-2025-14', waiver_date = '2025-02-01' WHERE id = $1`, [files['3.1.1']]);
    await ds.query(`UPDATE standard_file SET directives = $2 WHERE id = $1`, [files['1.1.1'], JSON.stringify([{ number: 'GO 01-01', title: 'Oath of Office and Code of Conduct', effectiveDate: '2024-01-15' }])]);
    // NCPC: half of its files compliant.
    await ds.query(`UPDATE standard_file SET result = 'compliant' WHERE department_id = $1 AND standard_number LIKE '1.%'`, [ncpc]);

    // Proofs through the API: 1.1.1 in every year of the current cycle (2023-03-01 to 2027-02-28), 1.2.10 this year.
    const first = await upload('1.1.1', 1, '2023-06-01', 'oath-roster-2023.pdf', sampleFiles.pdf('oath roster 2023'));
    await upload('1.1.1', 2, '2024-05-20', 'oath-roster-2024.pdf', sampleFiles.pdf('oath roster 2024'));
    await upload('1.1.1', 3, '2025-05-19', 'oath-roster-2025.pdf', sampleFiles.pdf('oath roster 2025'));
    await upload('1.1.1', 4, '2026-04-14', 'oath-roster-2026.pdf', sampleFiles.pdf('oath roster 2026'));
    await upload('1.2.10', 4, '2026-05-02', 'duty-to-intervene-training.pdf', sampleFiles.pdf('duty to intervene'));
    await request(t.server).post(`/api/proof-links/${first.id}/accept`).set(bearer(tokens.manager)).send({ version: first.version }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe("the chief's readiness report", () => {
    let report: Report;
    let r: ReadBack;
    beforeAll(async () => {
      report = await generate(tokens.chief, normandy, 'readiness');
      generated.readiness = report;
      r = await readBack(report, tokens.chief);
    });

    it('answers 201 with its metadata and download path', () => {
      expect(report).toMatchObject({
        kind: 'readiness',
        departmentId: normandy,
        departmentIds: [normandy],
        template: 'department-readiness.json',
        fileName: 'Normandy PD readiness report 2026-06-10.pdf',
        generatedAt: NOW.toISOString(),
        generatedByName: 'Chief Ellis',
        generatedByRole: 'chief',
        contentUrl: `/api/reports/${report.id}/content`,
      });
      expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(report.templateSha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('names the department and states the verdict sentence the readiness API gives', async () => {
      const readiness = (await request(t.server).get(`/api/departments/${normandy}/readiness`).set(bearer(tokens.chief)).expect(200)).body;
      expect(r.flat).toContain('Normandy Police Department');
      expect(readiness.verdict.summary).toMatch(/^Not ready: /);
      expect(r.flat).toContain(readiness.verdict.summary);
      expect(r.flat).toContain('NOT READY');
    });

    it('numbers every page "Page X of N", N the real page count, and bookmarks every section', () => {
      checkPageNumbers(r, report);
      expect(r.outline.map((o) => o.title)).toEqual(sectionTitles('department-readiness'));
    });

    it('lists the overdue time-sensitive standard, the blockers, the exclusions with their reasons, and the chief in the signature block', () => {
      expect(r.flat).toContain('Biased Policing');
      expect(r.flat).toContain('4.1.7');
      expect(r.flat).toContain('The agency runs no holding facility');
      expect(r.flat).toContain('SRIC-2025-14');
      expect(r.flat).toContain('Chief Ellis, Chief of Police');
    });

    it('keeps the PDF in the proof storage (where every replica finds it) exactly as downloaded, with no temporary file left', async () => {
      const [{ storage_key: key }]: { storage_key: string }[] = await t.dataSource.query('SELECT storage_key FROM generated_report WHERE id = $1', [report.id]);
      expect(key).toBe(contentAddress(report.sha256));
      const stored = await t.app.get<ProofStorage>(PROOF_STORAGE).open(key);
      expect(sha256(Buffer.concat(await stored.toArray()))).toBe(report.sha256);
      const root = join(t.config.dataDir, 'reports');
      expect((await readdir(root)).filter((f) => f.endsWith('.part') || f.endsWith('.pdf'))).toEqual([]);
      expect(await readdir(join(root, 'tmp'))).toEqual([]);
    });
  });

  describe("the assessor's file review", () => {
    let report: Report;
    let r: ReadBack;
    beforeAll(async () => {
      await t.dataSource.query(`UPDATE proof SET description = 'Signed roster of the 2023 oath ceremony' WHERE file_name = 'oath-roster-2023.pdf'`);
      // The agency's own copy, with every filing; an assessor's copy is below.
      report = await generate(tokens.manager, normandy, 'file-review');
      generated.fileReview = report;
      r = await readBack(report, tokens.manager);
    });

    it('lists every applicable in-scope standard, in natural order', async () => {
      const rows: { standard_number: string }[] = await t.dataSource.query(
        `SELECT standard_number FROM standard_file WHERE department_id = $1 AND in_scope AND applicability = 'applicable'`,
        [normandy],
      );
      const expected = rows.map((x) => x.standard_number).sort(compareStandardNumbers);
      expect(expected).toHaveLength(32);
      // The standards, up to the closing section that lists those that do not apply.
      const standardsText = r.text.slice(0, r.text.lastIndexOf('Not applicable and waived standards'));
      expect(standardNumbersIn(standardsText)).toEqual(expected);
      expect(expected.indexOf('1.2.9')).toBeLessThan(expected.indexOf('1.2.10'));
      expect(expected.indexOf('4.3.1')).toBeLessThan(expected.indexOf('12.2.1'));
      expect(standardsText).not.toContain('Strip/Body Cavity Search');
    });

    it('bookmarks its sections and each chapter, and numbers its pages', () => {
      checkPageNumbers(r, report);
      expect(r.outline.map((o) => o.title)).toEqual(sectionTitles('file-review'));
      const standards = r.outline.find((o) => o.title === 'Standards') as OutlineItem;
      expect(standards.kids.map((k) => k.title)).toEqual([
        'Law Enforcement Role and Authority',
        'Agency Jurisdiction and Mutual Aid',
        'Contractual Agreements for Law Enforcement Services',
        'Use of Force',
        'Direction',
      ]);
    });

    it('shows the directives and each proof with its name, effective date, SHA-256 prefix and reviewer', () => {
      expect(r.flat).toContain('GO 01-01 Oath of Office and Code of Conduct');
      for (const p of uploaded) {
        expect(r.flat).toContain(p.fileName);
        expect(r.flat).toContain(p.sha256.slice(0, 12));
      }
      expect(r.flat).toContain('Jun 1, 2023');
      expect(r.flat).toContain('Accepted: Morgan Manager');
      expect(r.flat).toContain('Pending review');
    });

    it('lists the standards that do not apply or are waived, with the reason and the waiver, and each proof with its description', () => {
      expect(r.flat).toContain('Not applicable and waived standards');
      expect(r.flat).toContain('The agency runs no holding facility');
      expect(r.flat).toContain('SRIC-2025-14');
      expect(r.outline.map((o) => o.title)).toContain('Not applicable and waived standards');
      // The description follows the file name in its cell, wrapped.
      expect(r.flat).toContain('oath-roster-2023.pdf — Signed roster of');
      expect(r.flat).toContain('the 2023 oath ceremony');
    });

    it('runs a header with the department and the generation time on every page but the cover', () => {
      const pages = r.text.split('\f');
      for (let i = 2; i <= r.pages; i++) {
        expect(pages[i - 1]).toContain('Normandy Police Department');
        expect(pages[i - 1]).toContain('generated Jun 10, 2026, 10:00 AM CDT');
      }
    });
  });

  describe('the footprint report', () => {
    let report: Report;
    let r: ReadBack;
    beforeAll(async () => {
      const res = await request(t.server).post('/api/reports/footprint').set(bearer(tokens.manager)).send({}).expect(201);
      report = res.body;
      generated.footprint = report;
      r = await readBack(report, tokens.manager);
    });

    it('shows every department the user can see, and only those, with the verdicts the readiness API gives', async () => {
      expect(report).toMatchObject({ kind: 'footprint', departmentId: null, template: 'footprint.json' });
      expect(report.departmentIds.sort()).toEqual([normandy, ncpc].sort());
      const footprint = (await request(t.server).get('/api/readiness').set(bearer(tokens.manager)).expect(200)).body as {
        departments: { departmentName: string; verdict: { summary: string } }[];
      };
      expect(footprint.departments.map((d) => d.departmentName)).toEqual(['Normandy Police Department', 'North County Police Cooperative']);
      for (const d of footprint.departments) {
        expect(r.flat).toContain(d.departmentName);
        expect(r.flat).toContain(d.verdict.summary);
      }
      expect(r.flat).not.toContain('Pagedale');
      expect(r.flat).toContain('24:1 footprint, North St. Louis County');
    });

    it('bookmarks a page per department and numbers its pages', () => {
      checkPageNumbers(r, report);
      expect(r.outline.map((o) => o.title)).toEqual(sectionTitles('footprint'));
      expect(r.outline[1].kids.map((k) => k.title)).toEqual(['Normandy Police Department', 'North County Police Cooperative']);
    });

    it('takes a title, and is downloadable only by the user who made it and administrators', async () => {
      const res = await request(t.server).post('/api/reports/footprint').set(bearer(tokens.chief)).send({ title: 'Normandy for the chief' }).expect(201);
      expect(res.body.departmentIds).toEqual([normandy]);
      await request(t.server).get(res.body.contentUrl).set(bearer(tokens.chief)).expect(200);
      await request(t.server).get(res.body.contentUrl).set(bearer(tokens.admin)).expect(200);
      await request(t.server).get(res.body.contentUrl).set(bearer(tokens.manager)).expect(404);
      // Team members download no report at all: refused by the route's declared access, before any look-up.
      await request(t.server).get(res.body.contentUrl).set(bearer(tokens.member)).expect(403);
    });
  });

  it('refuses the footprint to team members and assessors (403), and to a user with no role', async () => {
    for (const token of [tokens.member, tokens.assessor, await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'nobody@example.org' }))]) {
      await request(t.server).post('/api/reports/footprint').set(bearer(token)).send({}).expect(403);
    }
    const readiness = await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(tokens.assessor)).send({ kind: 'readiness' }).expect(403);
    expect(readiness.body.detail).toMatch(/assessors generate the file review/);
  });

  it('renders an empty footprint for a manager whose only department is archived', async () => {
    const archived = await insertDepartment(t.dataSource, 'Closed Police Department', 'Closed PD');
    await t.dataSource.query('UPDATE department SET archived_at = now() WHERE id = $1', [archived]);
    const token = await insertSession(t.dataSource, await insertUser(t.dataSource, { email: 'closed.manager@example.org', memberships: [{ departmentId: archived, role: 'manager' }] }));
    const res = await request(t.server).post('/api/reports/footprint').set(bearer(token)).send({}).expect(201);
    expect(res.body.departmentIds).toEqual([]);
    const bytes = (await request(t.server).get(res.body.contentUrl).set(bearer(token)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const path = join(dir, 'empty-footprint.pdf');
    await writeFile(path, bytes);
    await qpdfCheck(path);
    expect(flatText(await pdfText(path))).toContain('No department to show');
  });

  describe('the record', () => {
    it("lists a department's reports newest first, filtered by kind", async () => {
      const later = new Date(NOW.getTime() + 60_000);
      clock.set(later);
      try {
        const latest = await generate(tokens.manager, normandy, 'readiness');
        const list = (await request(t.server).get(`/api/departments/${normandy}/reports`).set(bearer(tokens.chief)).expect(200)).body;
        expect(list.items[0].id).toBe(latest.id);
        expect(list.items.map((i: Report) => i.id)).toEqual(expect.arrayContaining([generated.readiness.id, generated.fileReview.id]));
        expect(list.items.some((i: Report) => i.kind === 'footprint')).toBe(false);
        // The staff's file review lists proofs awaiting review and withdrawn filings: not an assessor's to read.
        const assessorList = (await request(t.server).get(`/api/departments/${normandy}/reports`).set(bearer(tokens.assessor)).expect(200)).body;
        expect(assessorList.items[0].id).toBe(latest.id);
        expect(assessorList.items.map((i: Report) => i.id)).toContain(generated.readiness.id);
        expect(assessorList.items.map((i: Report) => i.id)).not.toContain(generated.fileReview.id);
        expect(assessorList.total).toBe(list.total - 1);
        const reviews = (await request(t.server).get(`/api/departments/${normandy}/reports?kind=file-review`).set(bearer(tokens.chief)).expect(200)).body;
        expect(reviews.items.map((i: Report) => i.id)).toEqual([generated.fileReview.id]);
        expect(reviews.total).toBe(1);
      } finally {
        clock.set(NOW);
      }
    });

    it('records each generation and each download in the audit trail with the SHA-256', async () => {
      const rows: { action: string; entity_id: string; actor_email: string; department_id: string | null; after: { sha256: string } }[] = await t.dataSource.query(
        `SELECT action, entity_id, actor_email, department_id, after FROM audit_event WHERE action IN ('report.generated', 'report.downloaded') ORDER BY id`,
      );
      for (const report of [generated.readiness, generated.fileReview, generated.footprint]) {
        const mine = rows.filter((row) => row.entity_id === report.id);
        expect(mine.map((row) => row.action)).toEqual(['report.generated', 'report.downloaded']);
        for (const row of mine) expect(row.after.sha256).toBe(report.sha256);
      }
      expect(rows.find((row) => row.entity_id === generated.fileReview.id)?.actor_email).toBe('manager@example.org');
      expect(rows.find((row) => row.entity_id === generated.footprint.id)?.department_id).toBeNull();
    });

    it('answers If-None-Match with 304 and HEAD with the headers, neither audited', async () => {
      const report = generated.readiness;
      const count = async () =>
        Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_event WHERE action = 'report.downloaded' AND entity_id = $1`, [report.id]))[0].n);
      const before = await count();
      await request(t.server).get(report.contentUrl).set(bearer(tokens.chief)).set('If-None-Match', `"${report.sha256}"`).expect(304);
      const head = await request(t.server).head(report.contentUrl).set(bearer(tokens.chief)).expect(200);
      expect(head.headers['content-length']).toBe(String(report.bytes));
      expect(await count()).toBe(before);
    });

    it('keeps the generated_report rows immutable in the database', async () => {
      await expect(t.dataSource.query(`UPDATE generated_report SET pages = 1 WHERE id = $1`, [generated.readiness.id])).rejects.toThrow(/immutable/);
      await expect(t.dataSource.query(`DELETE FROM generated_report WHERE id = $1`, [generated.readiness.id])).rejects.toThrow(/immutable/);
    });
  });

  describe('access', () => {
    it("gives an assessor a file review with only the proofs the agency accepted, and says no more of the others", async () => {
      const ownReport = await generate(tokens.assessor, normandy, 'file-review');
      const own = await readBack(ownReport, tokens.assessor);
      // The assessor lists and reads their own copy, never the staff's working copy.
      const reviews = (await request(t.server).get(`/api/departments/${normandy}/reports?kind=file-review`).set(bearer(tokens.assessor)).expect(200)).body;
      expect(reviews.items.map((i: Report) => i.id)).toEqual([ownReport.id]);
      await request(t.server).get(generated.fileReview.contentUrl).set(bearer(tokens.assessor)).expect(404);
      await request(t.server).head(generated.fileReview.contentUrl).set(bearer(tokens.assessor)).expect(404);
      await request(t.server).get(ownReport.contentUrl).set(bearer(tokens.manager)).buffer(true).parse(binary).expect(200);
      const states: { file_name: string; review_state: string; withdrawn: boolean }[] = await t.dataSource.query(
        `SELECT p.file_name, l.review_state, l.withdrawn_at IS NOT NULL AS withdrawn FROM proof_link l JOIN proof p ON p.id = l.proof_id WHERE p.department_id = $1`,
        [normandy],
      );
      const accepted = states.filter((s) => s.review_state === 'accepted' && !s.withdrawn).map((s) => s.file_name);
      const internal = states.filter((s) => !accepted.includes(s.file_name)).map((s) => s.file_name);
      expect(accepted.length).toBeGreaterThan(0);
      expect(internal.length).toBeGreaterThan(0);
      for (const name of accepted) expect(own.flat).toContain(name);
      for (const name of internal) expect(own.flat).not.toContain(name);
      expect(own.flat).not.toContain('Proof filed (not listed)');
    });

    it('refuses team members (403) and other departments (404), lets assessors in within their grant', async () => {
      await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(tokens.member)).send({ kind: 'readiness' }).expect(403);
      await request(t.server).get(`/api/departments/${normandy}/reports`).set(bearer(tokens.member)).expect(403);
      await request(t.server).get(generated.readiness.contentUrl).set(bearer(tokens.member)).expect(403);
      await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(tokens.managerB)).send({ kind: 'readiness' }).expect(404);
      await request(t.server).get(generated.readiness.contentUrl).set(bearer(tokens.managerB)).expect(404);
      await request(t.server).post(`/api/departments/${ncpc}/reports`).set(bearer(tokens.assessor)).send({ kind: 'file-review' }).expect(404);
      await request(t.server).get(generated.readiness.contentUrl).set(bearer(tokens.assessor)).buffer(true).parse(binary).expect(200);
      await request(t.server).get(`/api/reports/00000000-0000-4000-8000-000000000000/content`).set(bearer(tokens.admin)).expect(404);
    });

    it('refuses an unknown kind with 400', async () => {
      const res = await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(tokens.manager)).send({ kind: 'binder' }).expect(400);
      expect(res.body.errors[0].field).toBe('kind');
    });
  });

  describe('on the compiled worker thread (after npm run build; npm test builds first)', () => {
    let w: TestApp;
    let department: string;
    let token: string;
    beforeAll(async () => {
      if (!existsSync(compiledWorker)) throw new Error(`${compiledWorker} is missing: run npm run build first (npm test does)`);
      w = await createTestApp({ ...(await driverOverrides(driver)), reports: { ...t.config.reports, renderMode: 'worker', workerScript: compiledWorker } }, clock);
      department = await insertDepartment(w.dataSource, 'Cool Valley Police Department', 'Cool Valley PD');
      token = await insertSession(w.dataSource, await insertUser(w.dataSource, { email: 'admin@example.org', isAdmin: true }));
    });
    afterAll(() => w?.close());

    it('renders off the request thread, with the same checks', async () => {
      const res = await request(w.server).post(`/api/departments/${department}/reports`).set(bearer(token)).send({ kind: 'readiness' }).expect(201);
      const [audit]: { after: { renderedIn: string } }[] = await w.dataSource.query(`SELECT after FROM audit_event WHERE action = 'report.generated'`);
      expect(audit.after.renderedIn).toBe('worker');
      const bytes = (await request(w.server).get(res.body.contentUrl).set(bearer(token)).buffer(true).parse(binary).expect(200)).body as Buffer;
      expect(sha256(bytes)).toBe(res.body.sha256);
      const path = join(dir, 'worker.pdf');
      await writeFile(path, bytes);
      await qpdfCheck(path);
      expect(flatText(await pdfText(path))).toContain('Cool Valley Police Department');
    });

    it('stops a rendering that runs past REPORT_RENDER_TIMEOUT_MS: 503, nothing stored', async () => {
      // The module holds this very object (the configuration is frozen one level deep only).
      const reports = w.config.reports;
      const saved = reports.renderTimeoutMs;
      reports.renderTimeoutMs = 1;
      try {
        const res = await request(w.server).post(`/api/departments/${department}/reports`).set(bearer(token)).send({ kind: 'file-review' }).expect(503);
        expect(res.body.type).toBe('urn:calea-tracker:problem:report-render-timeout');
      } finally {
        reports.renderTimeoutMs = saved;
      }
      const [{ n }] = await w.dataSource.query(`SELECT count(*)::int AS n FROM generated_report WHERE kind = 'file-review'`);
      expect(n).toBe(0);
      expect((await readdir(join(w.config.dataDir, 'reports'))).filter((f) => f !== 'tmp')).toEqual([]);
      expect(await readdir(join(w.config.dataDir, 'reports', 'tmp'))).toEqual([]);
    });
  });
});
