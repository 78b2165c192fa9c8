import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { contentAddress, PROOF_STORAGE, ProofStorage } from '../src/proofs/storage/proof-storage';
import { flatText, pageCountOf, pdfText, qpdfCheck } from '../src/reports/testing/pdf-inspect';
import { readZip, ZipEntry } from '../src/reports/testing/zip-reader';
import { auditActions, bearer, insertDepartment, insertGrant, insertSession, insertUser, lastAuditId, setProfile } from './support/fixtures';
import { multipart } from './support/multipart';
import { insertProof, insertStandardFile, sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

interface Finding {
  id: string;
  number: string;
  bullet: string;
  status: string;
  state: string;
  dueOn: string;
  description: string;
  answers: { kind: string; text: string; proofId: string | null }[];
}

describe('assessments: rounds, statuses, findings, progress (issue 16)', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let departmentA: string;
  let departmentB: string;
  const tokens = {} as Record<'admin' | 'manager' | 'member' | 'chief' | 'assessor' | 'mock' | 'unassigned', string>;
  const grants = {} as Record<'assessor' | 'mock' | 'unassigned', string>;
  const files: string[] = [];
  let assessmentId: string;

  const api = (method: 'get' | 'post' | 'put' | 'patch', path: string, token: string, body?: object) => {
    const req = request(t.server)[method](path).set(bearer(token));
    return body ? req.send(body) : req;
  };
  const countRows = async (): Promise<number[]> =>
    (await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM assessment) a, (SELECT count(*)::int FROM assessment_status) s, (SELECT count(*)::int FROM finding) f,
              (SELECT count(*)::int FROM finding_answer) x, (SELECT count(*)::int FROM audit_event) e`,
    )).map((r: Record<string, number>) => Object.values(r))[0];
  /** Expects the status in problem+json and no row written anywhere. */
  const refused = async (send: () => request.Test, status: number): Promise<request.Response> => {
    const before = await countRows();
    const res = await send();
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/application\/problem\+json/) });
    expect(await countRows()).toEqual(before);
    return res;
  };
  const blockers = async (): Promise<{ number: string; reason: string; unclosedFindings: number }[]> =>
    (await api('get', `/api/departments/${departmentA}/readiness`, tokens.manager).expect(200)).body.blockers;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    departmentA = await insertDepartment(ds, 'Normandy Police Department');
    departmentB = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, [departmentA, departmentB], { awardDate: '2024-03-01' });
    const users = {
      admin: await insertUser(ds, { email: 'admin@example.org', isAdmin: true }),
      manager: await insertUser(ds, { email: 'manager@normandy.example', displayName: 'Mia Manager', memberships: [{ departmentId: departmentA, role: 'manager' }] }),
      member: await insertUser(ds, { email: 'member@normandy.example', memberships: [{ departmentId: departmentA, role: 'member' }] }),
      chief: await insertUser(ds, { email: 'chief@normandy.example', memberships: [{ departmentId: departmentA, role: 'chief' }] }),
      assessor: await insertUser(ds, { email: 'assessor@calea.example', displayName: 'Ann Assessor' }),
      // The manager of the neighbouring department, lent as a mock assessor.
      mock: await insertUser(ds, { email: 'manager@pagedale.example', displayName: 'Mo Mock', memberships: [{ departmentId: departmentB, role: 'manager' }] }),
      unassigned: await insertUser(ds, { email: 'other@calea.example', displayName: 'Otto Other' }),
    };
    grants.assessor = await insertGrant(ds, users.assessor, [departmentA], '2026-06-01', '2026-07-31');
    grants.mock = await insertGrant(ds, users.mock, [departmentA], '2026-06-01', '2026-07-31');
    grants.unassigned = await insertGrant(ds, users.unassigned, [departmentA], '2026-06-01', '2026-07-31');
    for (const [role, id] of Object.entries(users)) tokens[role as keyof typeof tokens] = await insertSession(ds, id);
    files.push(await insertStandardFile(ds, departmentA));
    files.push(await insertStandardFile(ds, departmentA, { bullets: ['a', 'b'] }));
    files.push(await insertStandardFile(ds, departmentA));
    files.push(await insertStandardFile(ds, departmentA));
    const [{ manual_id }] = await ds.query(`SELECT s.manual_id FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE f.id = $1`, [files[0]]);
    await setProfile(ds, departmentA, { manualId: manual_id });
    // The second standard is compliant with accepted proofs for the ended years 1 and 2: only a finding can block it.
    await ds.query(`UPDATE standard_file SET result = 'compliant' WHERE id = $1`, [files[1]]);
    for (const [year, effectiveDate] of [[1, '2024-06-01'], [2, '2025-06-01']] as const) {
      const proof = await insertProof(t, { departmentId: departmentA, fileId: files[1], cycleYear: year, effectiveDate, cycleStartsOn: '2024-03-01' });
      await ds.query(`UPDATE proof_link SET review_state = 'accepted' WHERE id = $1`, [proof.linkId]);
    }
  });
  afterAll(() => t.close());

  it('a manager opens a round with assessors assigned through their grants; bad input changes nothing', async () => {
    const body = { name: '2026 mock assessment', kind: 'mock_assessment', cycleYears: [3, 2], assessorGrantIds: [grants.assessor, grants.mock] };
    await refused(() => api('post', `/api/departments/${departmentA}/assessments`, tokens.manager, { ...body, cycleYears: [5] }), 400);
    await refused(() => api('post', `/api/departments/${departmentA}/assessments`, tokens.manager, { ...body, kind: 'audit' }), 400);
    const unknownGrant = await refused(() => api('post', `/api/departments/${departmentA}/assessments`, tokens.manager, { ...body, assessorGrantIds: [departmentB] }), 400);
    expect(unknownGrant.body.errors).toEqual([expect.objectContaining({ field: 'assessorGrantIds[0]' })]);
    await refused(() => api('post', `/api/departments/${departmentA}/assessments`, tokens.member, body), 403);
    await refused(() => api('post', `/api/departments/${departmentA}/assessments`, tokens.assessor, body), 403);
    await refused(() => api('post', `/api/departments/${departmentA}/assessments`, tokens.mock, body), 403);
    await refused(() => api('post', `/api/departments/${departmentB}/assessments`, tokens.manager, body), 404);

    const since = await lastAuditId(t.dataSource);
    const created = (await api('post', `/api/departments/${departmentA}/assessments`, tokens.manager, body).expect(201)).body;
    assessmentId = created.id;
    expect(created).toMatchObject({
      departmentId: departmentA,
      kind: 'mock_assessment',
      kindLabel: 'Mock assessment',
      cycleStartsOn: '2024-03-01',
      cycleYears: [2, 3],
      summary: null,
      progress: { reviewed: 0, total: 4, percent: 0, unclosedFindings: 0 },
    });
    expect(created.assessors.map((a: { name: string }) => a.name)).toEqual(['Ann Assessor', 'Mo Mock']);
    expect(await auditActions(t.dataSource, since)).toEqual(['assessment.created']);
  });

  it('assigned assessors record statuses per standard and bullet; a status other than in compliance opens a finding', async () => {
    const status = (token: string, file: string, body: object) => api('put', `/api/assessments/${assessmentId}/standards/${file}/status`, token, body);
    // Only assigned assessors mark: the department's own people and an unassigned assessor are refused.
    await refused(() => status(tokens.manager, files[0], { status: 'in_compliance' }), 403);
    await refused(() => status(tokens.member, files[0], { status: 'in_compliance' }), 403);
    await refused(() => status(tokens.unassigned, files[0], { status: 'in_compliance' }), 404);
    await refused(() => status(tokens.assessor, files[0], { status: 'compliant' }), 400);
    await refused(() => status(tokens.assessor, files[1], { status: 'needs_more_proof', bullet: 'z' }), 400);
    await refused(() => status(tokens.assessor, files[0], { status: 'in_compliance', proofPage: 2 }), 400);

    const since = await lastAuditId(t.dataSource);
    expect((await status(tokens.assessor, files[0], { status: 'in_compliance', notes: 'Directive 1.1 in force' }).expect(200)).body).toMatchObject({
      status: { bullet: '', status: 'in_compliance', notes: 'Directive 1.1 in force', updatedBy: { name: 'Ann Assessor' } },
      finding: null,
    });
    const bullet = (await status(tokens.assessor, files[1], { status: 'needs_more_proof', bullet: 'a', notes: 'No roster for bullet a' }).expect(200)).body;
    expect(bullet.finding).toMatchObject({ number: expect.any(String), bullet: 'a', status: 'needs_more_proof', state: 'open', dueOn: '2026-07-10', description: 'No roster for bullet a' });
    const whole = (await status(tokens.assessor, files[1], { status: 'not_in_compliance', notes: 'The annual inspection is missing', dueOn: '2026-06-30' }).expect(200)).body;
    expect(whole.finding).toMatchObject({ bullet: '', status: 'not_in_compliance', state: 'open', dueOn: '2026-06-30' });
    await status(tokens.mock, files[2], { status: 'in_compliance' }).expect(200);
    expect(await auditActions(t.dataSource, since)).toEqual(['assessment.status-set', 'assessment.status-set', 'finding.opened', 'assessment.status-set', 'finding.opened', 'assessment.status-set']);

    const standards = (await api('get', `/api/assessments/${assessmentId}/standards`, tokens.chief).expect(200)).body;
    expect(standards.map((s: { status: { status: string } }) => s.status.status)).toEqual(['in_compliance', 'not_in_compliance', 'in_compliance', 'not_reviewed']);
    expect(standards[1]).toMatchObject({ bullets: [{ letter: 'a' }, { letter: 'b' }], bulletStatuses: [{ bullet: 'a', status: 'needs_more_proof' }], unclosedFindings: 2 });
  });

  it('shows progress: reviewed / total, by chapter and per assessor, to the assessors and the department', async () => {
    for (const token of [tokens.assessor, tokens.manager, tokens.member, tokens.chief, tokens.mock]) {
      const { progress } = (await api('get', `/api/assessments/${assessmentId}`, token).expect(200)).body;
      expect(progress).toMatchObject({
        reviewed: 3,
        total: 4,
        percent: 75,
        byStatus: { not_reviewed: 1, in_compliance: 2, not_in_compliance: 1, needs_more_proof: 0, not_applicable_questioned: 0 },
        chapters: [{ chapter: 90, title: 'Proofs', reviewed: 3, total: 4, percent: 75 }],
        assessors: [
          { name: 'Ann Assessor', reviewed: 2 },
          { name: 'Mo Mock', reviewed: 1 },
        ],
        unclosedFindings: 2,
      });
    }
    expect((await api('get', `/api/departments/${departmentA}/assessments`, tokens.member).expect(200)).body).toHaveLength(1);
    // An assessor with a grant on the department but not assigned to the round sees none of it.
    expect((await api('get', `/api/departments/${departmentA}/assessments`, tokens.unassigned).expect(200)).body).toEqual([]);
    await api('get', `/api/assessments/${assessmentId}`, tokens.unassigned).expect(404);
    await api('get', `/api/departments/${departmentA}/findings`, tokens.unassigned).expect(200, []);
  });

  it("lists the findings as the managers' worklist with due dates, and makes them readiness blockers", async () => {
    const worklist: Finding[] = (await api('get', `/api/departments/${departmentA}/findings`, tokens.manager).expect(200)).body;
    expect(worklist.map((f) => [f.bullet, f.state, f.dueOn])).toEqual([
      ['', 'open', '2026-06-30'],
      ['a', 'open', '2026-07-10'],
    ]);
    await refused(() => api('get', `/api/departments/${departmentA}/findings?state=pending`, tokens.manager), 400);
    const number = worklist[0].number;
    expect((await blockers()).find((b) => b.number === number)).toMatchObject({ reason: 'open_finding', unclosedFindings: 2 });
  });

  it('a manager answers with a new proof; the assessor sees it only once the agency accepted it, then closes the finding', async () => {
    const [whole, bullet]: Finding[] = (await api('get', `/api/departments/${departmentA}/findings`, tokens.manager).expect(200)).body;
    const { body: upload, contentType } = multipart([
      { name: 'cycleYear', value: '3' },
      { name: 'effectiveDate', value: '2026-04-14' },
      { name: 'kind', value: 'document' },
      { name: 'description', value: '2026 annual inspection' },
      { name: 'file', data: sampleFiles.pdf('annual inspection 2026'), filename: 'inspection.pdf', contentType: 'application/pdf' },
    ]);
    const filed = (await request(t.server).post(`/api/files/${files[1]}/proofs`).set(bearer(tokens.manager)).set('Content-Type', contentType).send(upload).expect(201)).body;
    const otherFileProof = await insertProof(t, { departmentId: departmentA, fileId: files[3] });

    await refused(() => api('post', `/api/findings/${whole.id}/answers`, tokens.manager, { kind: 'new_proof', text: 'Filed' }), 400);
    await refused(() => api('post', `/api/findings/${whole.id}/answers`, tokens.manager, { kind: 'new_proof', text: 'Filed', proofId: otherFileProof.proofId }), 422);
    await refused(() => api('post', `/api/findings/${whole.id}/answers`, tokens.member, { kind: 'comment', text: 'Filed' }), 403);
    await refused(() => api('post', `/api/findings/${whole.id}/answers`, tokens.assessor, { kind: 'comment', text: 'Filed' }), 403);
    await refused(() => api('post', `/api/findings/${whole.id}/answers`, tokens.mock, { kind: 'comment', text: 'Filed' }), 403);

    const since = await lastAuditId(t.dataSource);
    const answered = (await api('post', `/api/findings/${whole.id}/answers`, tokens.manager, { kind: 'new_proof', text: 'The 2026 inspection is filed.', proofId: filed.proof.id }).expect(201)).body;
    expect(answered).toMatchObject({ state: 'answered', answers: [{ kind: 'new_proof', text: 'The 2026 inspection is filed.', proofId: filed.proof.id }] });
    // The proof awaits the agency's review: the assessor sees the answer, not the proof.
    expect((await api('get', `/api/findings/${whole.id}`, tokens.assessor).expect(200)).body.answers).toEqual([
      expect.objectContaining({ kind: 'new_proof', text: 'The 2026 inspection is filed.', proofId: null }),
    ]);
    await api('get', `/api/proofs/${filed.proof.id}`, tokens.assessor).expect(404);
    await api('post', `/api/proof-links/${filed.id}/accept`, tokens.manager, { version: filed.version }).expect(200);
    expect((await api('get', `/api/findings/${whole.id}`, tokens.assessor).expect(200)).body.answers[0].proofId).toBe(filed.proof.id);

    await refused(() => api('post', `/api/findings/${whole.id}/close`, tokens.manager, {}), 403);
    await refused(() => api('post', `/api/findings/${whole.id}/close`, tokens.unassigned, {}), 404);
    expect((await api('post', `/api/findings/${whole.id}/close`, tokens.assessor, { note: 'Inspection report seen' }).expect(200)).body).toMatchObject({ state: 'closed', closeNote: 'Inspection report seen' });
    await refused(() => api('post', `/api/findings/${whole.id}/close`, tokens.assessor, {}), 422);
    await refused(() => api('post', `/api/findings/${whole.id}/answers`, tokens.manager, { kind: 'comment', text: 'More' }), 422);

    // The bullet's finding: a comment, reopened by the mock assessor, then found in compliance.
    await api('post', `/api/findings/${bullet.id}/answers`, tokens.manager, { kind: 'comment', text: 'The roster is in the binder, page 4.' }).expect(201);
    await refused(() => api('post', `/api/findings/${bullet.id}/reopen`, tokens.member, {}), 403);
    expect((await api('post', `/api/findings/${bullet.id}/reopen`, tokens.mock, { note: 'Page 4 is the 2025 roster' }).expect(200)).body.state).toBe('open');
    expect((await blockers()).find((b) => b.number === whole.number)).toMatchObject({ reason: 'open_finding', unclosedFindings: 1 });
    const closedByStatus = (await api('put', `/api/assessments/${assessmentId}/standards/${files[1]}/status`, tokens.assessor, { status: 'in_compliance', bullet: 'a' }).expect(200)).body;
    expect(closedByStatus.finding).toMatchObject({ id: bullet.id, state: 'closed', closeNote: 'Found in compliance' });
    expect(await auditActions(t.dataSource, since)).toEqual([
      'finding.answered',
      'proof.accepted',
      'finding.closed',
      'finding.answered',
      'finding.reopened',
      'assessment.status-set',
      'finding.closed',
    ]);
    expect((await blockers()).find((b) => b.number === whole.number)).toBeUndefined();
    expect((await api('get', `/api/departments/${departmentA}/findings`, tokens.manager).expect(200)).body).toEqual([]);
    expect((await api('get', `/api/departments/${departmentA}/findings?state=closed`, tokens.chief).expect(200)).body).toHaveLength(2);
    expect((await api('get', `/api/assessments/${assessmentId}`, tokens.manager).expect(200)).body.progress).toMatchObject({ reviewed: 3, total: 4, unclosedFindings: 0 });
  });

  it("an assessor's summary; the assessor sees no return reason nor internal history", async () => {
    await refused(() => api('put', `/api/assessments/${assessmentId}/summary`, tokens.manager, { summary: 'x' }), 403);
    expect((await api('put', `/api/assessments/${assessmentId}/summary`, tokens.assessor, { summary: 'One finding answered and closed.' }).expect(200)).body.summary).toBe(
      'One finding answered and closed.',
    );
    const returned = await insertProof(t, { departmentId: departmentA, fileId: files[1], cycleYear: 3, effectiveDate: '2026-05-01', cycleStartsOn: '2024-03-01' });
    await t.dataSource.query(`UPDATE proof_link SET review_state = 'returned', review_reason = 'Internal: wrong year, do not show' WHERE id = $1`, [returned.linkId]);
    const seen = JSON.stringify([
      (await api('get', `/api/assessments/${assessmentId}/standards`, tokens.assessor).expect(200)).body,
      (await api('get', `/api/departments/${departmentA}/findings?state=open,answered,closed`, tokens.assessor).expect(200)).body,
      (await api('get', `/api/files/${files[1]}/proofs`, tokens.assessor).expect(200)).body,
    ]);
    expect(seen).not.toContain('Internal: wrong year');
    expect(seen).not.toContain(returned.proofId);
    await api('get', `/api/audit?departmentId=${departmentA}`, tokens.assessor).expect(403);
  });

  it('a mock assessor from a neighbouring department reads nothing else of it', async () => {
    const mock = tokens.mock;
    // What an assessor of the department reads, the mock assessor reads...
    await api('get', `/api/departments/${departmentA}`, mock).expect(200);
    await api('get', `/api/assessments/${assessmentId}`, mock).expect(200);
    // ...and nothing a manager of it does.
    await api('get', `/api/audit?departmentId=${departmentA}`, mock).expect(403);
    const audit = (await api('get', '/api/audit', mock).expect(200)).body;
    expect(JSON.stringify(audit)).not.toContain(departmentA);
    await api('post', `/api/departments/${departmentA}/readiness/sign-offs`, mock, { note: 'x', acknowledgeNotReady: true }).expect(403);
    await api('get', `/api/assessor-grants`, mock).expect(200).expect((res) => expect(JSON.stringify(res.body)).not.toContain(departmentA));
    await api('post', `/api/departments/${departmentA}/reports`, mock, { kind: 'readiness' }).expect(403);
    const footprint = (await api('post', '/api/reports/footprint', mock, {}).expect(201)).body;
    expect(footprint.departmentIds).toEqual([departmentB]);
    await api('post', `/api/departments/${departmentA}/assessments`, mock, { name: 'x', kind: 'mock_assessment', cycleYears: [1], assessorGrantIds: [] }).expect(403);
    const pending = await insertProof(t, { departmentId: departmentA, fileId: files[0] });
    await api('get', `/api/proofs/${pending.proofId}`, mock).expect(404);
    await api('post', `/api/proof-links/${pending.linkId}/accept`, mock, { version: 1 }).expect(403);
    await api('patch', `/api/files/${files[0]}`, mock, { version: 1, notes: 'Changed by a neighbour' }).expect(403);
  });
  it('the assessment report: generated by the department or an assigned assessor, stored and hashed, parsed back; others refused', async () => {
    const generate = (token: string, id = assessmentId) => api('post', `/api/assessments/${id}/reports`, token, {});
    const reports = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int n FROM generated_report'))[0].n;
    const before = await reports();
    await refused(() => generate(tokens.member), 403);
    await refused(() => generate(tokens.unassigned), 404);
    await refused(() => generate(tokens.manager, '00000000-0000-4000-8000-000000000000'), 404);
    await refused(() => api('post', '/api/assessments/not-a-uuid/reports', tokens.manager, {}), 400);
    await refused(() => api('get', `/api/departments/${departmentA}/reports?kind=assessments`, tokens.manager), 400);
    expect(await reports()).toBe(before);

    const since = await lastAuditId(t.dataSource);
    const report = (await generate(tokens.manager).expect(201)).body;
    expect(report).toMatchObject({ kind: 'assessment', departmentId: departmentA, departmentIds: [departmentA], assessmentId, template: 'assessment.json', generatedByRole: 'manager' });
    expect(await auditActions(t.dataSource, since)).toEqual(['report.generated']);
    const [{ storage_key: key }] = await t.dataSource.query('SELECT storage_key FROM generated_report WHERE id = $1', [report.id]);
    expect(key).toBe(contentAddress(report.sha256));
    const stored: Buffer[] = [];
    for await (const chunk of await t.app.get<ProofStorage>(PROOF_STORAGE).open(key)) stored.push(chunk as Buffer);
    expect(sha256(Buffer.concat(stored))).toBe(report.sha256);

    // The assigned assessors list and download it; an assessor with a grant but not assigned to the round does not.
    const listed = async (token: string): Promise<string[]> =>
      (await api('get', `/api/departments/${departmentA}/reports?kind=assessment`, token).expect(200)).body.items.map((r: { id: string }) => r.id);
    expect(await listed(tokens.assessor)).toEqual([report.id]);
    expect(await listed(tokens.mock)).toEqual([report.id]);
    expect(await listed(tokens.unassigned)).toEqual([]);
    expect(await listed(tokens.chief)).toEqual([report.id]);
    await api('get', report.contentUrl, tokens.unassigned).expect(404);
    await api('get', report.contentUrl, tokens.member).expect(403);
    const download = await request(t.server).get(report.contentUrl).set(bearer(tokens.assessor)).buffer(true).parse(binary).expect(200);
    const bytes = download.body as Buffer;
    expect(bytes.length).toBe(report.bytes);
    expect(sha256(bytes)).toBe(report.sha256);

    const dir = await mkdtemp(join(tmpdir(), 'assessment-report-'));
    try {
      const path = join(dir, 'assessment.pdf');
      await writeFile(path, bytes);
      await expect(qpdfCheck(path)).resolves.toMatch(/No syntax or stream encoding errors found/);
      expect(await pageCountOf(path)).toBe(report.pages);
      const text = await pdfText(path);
      const pages = text.split('\f');
      for (let i = 1; i <= report.pages; i++) expect(pages[i - 1]).toContain(`Page ${i} of ${report.pages}`);
      const flat = flatText(text);
      for (const expected of [
        'Assessment Report',
        '2026 mock assessment',
        'Normandy Police Department',
        'Years 2 and 3',
        'Ann Assessor, Mo Mock',
        '3 of 4 (75%)',
        'In compliance',
        'Not in compliance',
        'Needs more proof',
        'Not reviewed',
        'Directive 1.1 in force',
        'No roster for bullet a',
        'Finding: The annual inspection is missing',
        'New proof: The 2026 inspection is filed. (proof: inspection.pdf)',
        'Comment: The roster is in the binder, page 4.',
        'Closed: Inspection report seen',
        'Mia Manager',
        'Closed findings (2)',
        'No open findings.',
        'One finding answered and closed.',
      ]) {
        expect(flat).toContain(expected);
      }
      expect(flat).not.toContain('Internal: wrong year');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // An assigned assessor generates their own; the audit trail records the download.
    const own = (await generate(tokens.assessor).expect(201)).body;
    expect(own).toMatchObject({ kind: 'assessment', assessmentId, generatedByRole: 'assessor' });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int n FROM audit_event WHERE action = 'report.downloaded' AND entity_id = $1`, [report.id]);
    expect(n).toBe(1);
  });
  it("the binder of an assessment holds only the cycle years it covers, and says which", async () => {
    const binder = async (token: string, query = ''): Promise<{ zip: Map<string, ZipEntry>; manifest: { cycleYears: number[]; assessment: { id: string } | null; proofs: { cycleYear: number; path: string | null }[] } }> => {
      const res = await request(t.server).get(`/api/departments/${departmentA}/binder${query}`).set(bearer(token)).buffer(true).parse(binary).expect(200);
      const zip = new Map((await readZip(res.body as Buffer)).map((e) => [e.name, e]));
      return { zip, manifest: JSON.parse((zip.get('manifest.json') as ZipEntry).data.toString('utf8')) };
    };
    const whole = await binder(tokens.manager);
    expect(whole.manifest).toMatchObject({ cycleYears: [1, 2, 3, 4], assessment: null });
    expect(new Set(whole.manifest.proofs.map((p) => p.cycleYear))).toContain(1);

    const since = await lastAuditId(t.dataSource);
    for (const token of [tokens.manager, tokens.assessor]) {
      const { zip, manifest } = await binder(token, `?assessmentId=${assessmentId}`);
      expect(manifest).toMatchObject({ cycleYears: [2, 3], assessment: { id: assessmentId } });
      const years = manifest.proofs.map((p) => p.cycleYear);
      expect(years.length).toBeGreaterThan(0);
      expect(years.every((y) => y === 2 || y === 3)).toBe(true);
      expect(years).toContain(2);
      expect(years).toContain(3);
      // No folder of another year, and every proof in the ZIP is one the manifest lists.
      const proofPaths = [...zip.keys()].filter((name) => name.includes('/'));
      expect(proofPaths.sort()).toEqual(manifest.proofs.flatMap((p) => (p.path ? [p.path] : [])).sort());
      const readme = (zip.get('README.txt') as ZipEntry).data.toString('utf8');
      expect(readme).toContain('Assessment: 2026 mock assessment (Mock assessment). Cycle years in this binder: 2, 3 only');
      const sums = (zip.get('SHA256SUMS') as ZipEntry).data.toString('utf8');
      expect(sums.trim().split('\n')).toHaveLength(4 + proofPaths.length);
    }
    expect(await auditActions(t.dataSource, since)).toEqual(['binder.downloaded', 'binder.downloaded']);

    const refusedBinder = async (token: string, query: string, status: number) => {
      const res = await request(t.server).get(`/api/departments/${departmentA}/binder${query}`).set(bearer(token));
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/application\/problem\+json/) });
    };
    const before = await lastAuditId(t.dataSource);
    await refusedBinder(tokens.manager, '?assessmentId=nope', 400);
    await refusedBinder(tokens.manager, '?assessmentId=00000000-0000-4000-8000-000000000000', 404);
    await refusedBinder(tokens.unassigned, `?assessmentId=${assessmentId}`, 404);
    await refusedBinder(tokens.manager, `?assessmentId=${assessmentId}&extra=1`, 400);
    expect(await auditActions(t.dataSource, before)).toEqual([]);
  });
});
