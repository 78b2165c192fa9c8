import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { pdfText } from '../src/reports/testing/pdf-inspect';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { followImportedManual, publishImportedManual, STATE_PROGRAM_CSV, STATE_PROGRAM_MANUAL } from './support/manual-import';
import { multipart } from './support/multipart';
import { sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { flashOf, getPage, postForm, signInThroughPage } from './web/support/page-session';
import { binary } from './support/binary-body';

/**
 * A department in two programs (issue 13): Normandy PD works toward CALEA (its primary enrolment)
 * and is state-certified. Each program has its own files, readiness, sign-offs, reports and
 * deadlines, through the API as its users would use them.
 */

const CALEA_CSV = [
  'chapter,chapter_title,section,section_title,number,title,levels,tier1,kinds,frequency',
  '1,Role,1.1,Agency Role,1.1.1,Oath of Office,M M M M,yes,written_directive,',
  '1,Role,1.1,Agency Role,1.1.2,Code of Ethics,M M M M,yes,written_directive,',
  '1,Role,1.1,Agency Role,1.1.3,Use of Force Reports,M M M M,yes,time_sensitive,annual',
].join('\r\n');

const NOW = new Date('2026-06-10T15:00:00Z');
const STATE_AWARD = '2025-03-01';

interface Enrolment {
  id: string;
  programId: string | null;
  programName: string | null;
  primary: boolean;
  awardDate: string | null;
  accreditationStatus: string;
  manual: { version: string } | null;
  version: number;
}

describe('enrolments: one department in two programs', () => {
  let t: TestApp;
  let dir: string;
  let normandy: string;
  let other: string;
  const tokens = {} as Record<'admin' | 'manager' | 'chief' | 'member' | 'otherManager' | 'cooperative' | 'managerMemberElsewhere', string>;
  let calea: Enrolment;
  let state: Enrolment;
  let stateProgramId: string;
  const clock = new FixedClock(NOW);

  const get = (path: string, token = tokens.manager) => request(t.server).get(path).set(bearer(token));
  const filesOf = async (enrolmentId: string): Promise<Record<string, string>> => {
    const body = (await get(`/api/departments/${normandy}/files?enrolmentId=${enrolmentId}&limit=100`).expect(200)).body as { items: { id: string; number: string }[] };
    return Object.fromEntries(body.items.map((f) => [f.number, f.id]));
  };

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    dir = await mkdtemp(join(tmpdir(), 'enrolments-'));
    const ds = t.dataSource;
    normandy = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    other = await insertDepartment(ds, 'Pagedale Police Department', 'Pagedale PD');
    await setProfile(ds, [normandy, other], { swornOfficers: 30, programTier: 'tier1' });
    tokens.admin = await insertSession(ds, await insertUser(ds, { email: 'admin@example.org', isAdmin: true }));
    tokens.manager = await insertSession(ds, await insertUser(ds, { email: 'manager@example.org', memberships: [{ departmentId: normandy, role: 'manager' }] }));
    tokens.chief = await insertSession(ds, await insertUser(ds, { email: 'chief@example.org', memberships: [{ departmentId: normandy, role: 'chief' }] }));
    tokens.member = await insertSession(ds, await insertUser(ds, { email: 'member@example.org', memberships: [{ departmentId: normandy, role: 'member' }] }));
    tokens.otherManager = await insertSession(ds, await insertUser(ds, { email: 'other@example.org', memberships: [{ departmentId: other, role: 'manager' }] }));
    // The cooperative's accreditation manager manages both departments.
    tokens.cooperative = await insertSession(
      ds,
      await insertUser(ds, { email: 'coop@example.org', memberships: [{ departmentId: normandy, role: 'manager' }, { departmentId: other, role: 'manager' }] }),
    );
    tokens.managerMemberElsewhere = await insertSession(
      ds,
      await insertUser(ds, { email: 'half@example.org', memberships: [{ departmentId: normandy, role: 'manager' }, { departmentId: other, role: 'member' }] }),
    );
    const caleaManual = await followImportedManual(t, tokens.admin, normandy, CALEA_CSV);
    await request(t.server).put(`/api/departments/${other}/manual`).set(bearer(tokens.admin)).send({ manualId: caleaManual }).expect(200);
    // The state manual: imported and published, but Normandy is not enrolled in its program yet.
    const stateManual = await publishImportedManual(t, tokens.admin, STATE_PROGRAM_CSV, STATE_PROGRAM_MANUAL);
    stateProgramId = stateManual.programId;

    const refused = await request(t.server).put(`/api/departments/${normandy}/manual`).set(bearer(tokens.admin)).send({ manualId: stateManual.id }).expect(422);
    expect(refused.body.detail).toMatch(/not enrolled in Missouri Sample Program/);

    const created = await request(t.server)
      .post(`/api/departments/${normandy}/enrolments`)
      .set(bearer(tokens.admin))
      .send({ programId: stateProgramId, accreditationStatus: 'accredited', awardDate: STATE_AWARD })
      .expect(201);
    state = created.body as Enrolment;
    const assigned = await request(t.server).put(`/api/departments/${normandy}/manual`).set(bearer(tokens.admin)).send({ manualId: stateManual.id }).expect(200);
    expect(assigned.body).toMatchObject({ outcome: 'assigned', enrolmentId: state.id, created: 2 });
    [calea] = ((await get(`/api/departments/${normandy}/enrolments`).expect(200)).body as Enrolment[]).filter((e) => e.primary);
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists both enrolments, the primary (CALEA) one first, on the department and its enrolments route', async () => {
    const enrolments = (await get(`/api/departments/${normandy}/enrolments`, tokens.member).expect(200)).body as Enrolment[];
    expect(enrolments.map((e) => [e.programName, e.primary, e.accreditationStatus, e.awardDate, e.manual?.version])).toEqual([
      ['Law Enforcement', true, 'working_toward', null, '6.15'],
      ['Missouri Sample Program', false, 'accredited', STATE_AWARD, '2024'],
    ]);
    const department = (await get(`/api/departments/${normandy}`).expect(200)).body;
    expect(department.enrolments.map((e: Enrolment) => e.id)).toEqual([calea.id, state.id]);
    // The department-level profile fields are its primary enrolment's.
    expect(department).toMatchObject({ accreditationStatus: 'working_toward', awardDate: null, manual: { version: '6.15' } });
    expect((await get(`/api/enrolments/${state.id}`, tokens.chief).expect(200)).body).toMatchObject({ programName: 'Missouri Sample Program', cycle: { startsOn: STATE_AWARD } });
  });

  it('keeps each program its own files, both numbered 1.1.1, and the department list holds both', async () => {
    const caleaFiles = await filesOf(calea.id);
    const stateFiles = await filesOf(state.id);
    expect(Object.keys(caleaFiles).sort()).toEqual(['1.1.1', '1.1.2', '1.1.3']);
    expect(Object.keys(stateFiles).sort()).toEqual(['1.1.1', '1.1.2']);
    expect(caleaFiles['1.1.1']).not.toBe(stateFiles['1.1.1']);
    const all = (await get(`/api/departments/${normandy}/files?limit=100`).expect(200)).body;
    expect(all.total).toBe(5);
  });

  it('computes readiness per program: a proof filed to the state file moves the state verdict only', async () => {
    const before = {
      calea: (await get(`/api/departments/${normandy}/readiness`).expect(200)).body,
      state: (await get(`/api/departments/${normandy}/readiness?enrolmentId=${state.id}`).expect(200)).body,
    };
    expect(before.calea).toMatchObject({ enrolmentId: calea.id, programName: 'Law Enforcement', cycle: { basis: 'working' } });
    expect(before.state).toMatchObject({ enrolmentId: state.id, programName: 'Missouri Sample Program', cycle: { basis: 'award', startsOn: STATE_AWARD } });
    expect(before.calea.coverage.rows).toHaveLength(3);
    expect(before.state.coverage.rows).toHaveLength(2);

    const stateFiles = await filesOf(state.id);
    const { body, contentType } = multipart([
      { name: 'cycleYear', value: '2' },
      { name: 'effectiveDate', value: '2026-04-14' },
      { name: 'kind', value: 'document' },
      { name: 'file', filename: 'state-training-roster.pdf', contentType: 'application/pdf', data: sampleFiles.pdf('state roster') },
    ]);
    const uploaded = await request(t.server).post(`/api/files/${stateFiles['1.1.2']}/proofs`).set(bearer(tokens.manager)).set('Content-Type', contentType).send(body);
    expect(uploaded.status).toBe(201);
    // Filed under the state program's cycle (counted from its award), not CALEA's working cycle.
    expect(uploaded.body).toMatchObject({ cycleStartsOn: STATE_AWARD, cycleYear: 2 });

    const after = {
      calea: (await get(`/api/departments/${normandy}/readiness`).expect(200)).body,
      state: (await get(`/api/departments/${normandy}/readiness?enrolmentId=${state.id}`).expect(200)).body,
    };
    const stateRow = after.state.coverage.rows.find((r: { number: string }) => r.number === '1.1.2');
    expect(stateRow.proofs[1]).toBe(1);
    expect(after.state.proofsAwaitingReview).toBe(before.state.proofsAwaitingReview + 1);
    expect(after.calea.proofsAwaitingReview).toBe(before.calea.proofsAwaitingReview);
    expect(after.calea.coverage.rows.every((r: { proofs: number[] }) => r.proofs.every((n) => n === 0))).toBe(true);
  });

  it('lists each program its deadlines: the department route the primary one, ?enrolmentId= the other, the footprint list both', async () => {
    const caleaList = (await get(`/api/departments/${normandy}/deadlines?limit=500`).expect(200)).body;
    const stateList = (await get(`/api/departments/${normandy}/deadlines?limit=500&enrolmentId=${state.id}`).expect(200)).body;
    expect(caleaList).toMatchObject({ enrolmentId: calea.id, programName: 'Law Enforcement' });
    expect(stateList).toMatchObject({ enrolmentId: state.id, programName: 'Missouri Sample Program', cycle: { startsOn: STATE_AWARD } });
    const stateFiles = await filesOf(state.id);
    expect(stateList.items.some((d: { standardFileId: string }) => d.standardFileId === stateFiles['1.1.2'])).toBe(true);
    expect(caleaList.items.some((d: { standardFileId: string }) => d.standardFileId === stateFiles['1.1.2'])).toBe(false);
    // The state program's milestones (it has an award) have ids of their own, apart from any of CALEA's.
    const stateMilestones = stateList.items.filter((d: { standardFileId: string | null }) => d.standardFileId === null);
    expect(stateMilestones.length).toBeGreaterThan(0);
    expect(stateMilestones.every((d: { id: string }) => d.id.startsWith(`${state.id}:`))).toBe(true);
    const across = (await get(`/api/deadlines?limit=500`).expect(200)).body;
    expect(new Set(across.items.map((d: { programName: string }) => d.programName))).toEqual(new Set(['Law Enforcement', 'Missouri Sample Program']));
  });

  it('signs off each program separately, and the report of the state program names it', async () => {
    const signed = await request(t.server)
      .post(`/api/departments/${normandy}/readiness/sign-offs?enrolmentId=${state.id}`)
      .set(bearer(tokens.chief))
      .send({ acknowledgeNotReady: true, note: 'State file reviewed' })
      .expect(201);
    expect(signed.body).toMatchObject({ enrolmentId: state.id, readiness: { enrolmentId: state.id, programName: 'Missouri Sample Program' } });
    const list = (await get(`/api/departments/${normandy}/readiness/sign-offs`).expect(200)).body;
    expect(list.map((s: { enrolmentId: string }) => s.enrolmentId)).toEqual([state.id]);

    const report = await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(tokens.chief)).send({ kind: 'readiness', enrolmentId: state.id }).expect(201);
    expect(report.body).toMatchObject({ enrolmentId: state.id, kind: 'readiness' });
    expect(report.body.fileName).toMatch(/^Normandy PD Missouri Sample Program readiness report/);
    const bytes = (await request(t.server).get(report.body.contentUrl).set(bearer(tokens.chief)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const path = join(dir, 'state.pdf');
    await writeFile(path, bytes);
    const text = await pdfText(path);
    expect(text).toContain('Missouri Sample Program');
    expect(text).toContain('State Training Record');
    expect(text).not.toContain('Use of Force Reports');
    // The latest sign-off the report shows is the state program's (the CALEA program has none).
    expect(text).toMatch(/Signed off by chief/);

    const caleaReport = await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(tokens.chief)).send({ kind: 'readiness' }).expect(201);
    expect(caleaReport.body).toMatchObject({ enrolmentId: calea.id });
    const stored = await t.dataSource.query(`SELECT enrolment_id FROM generated_report WHERE id = ANY($1::uuid[]) ORDER BY generated_at`, [[report.body.id, caleaReport.body.id]]);
    expect(stored.map((r: { enrolment_id: string }) => r.enrolment_id).sort()).toEqual([calea.id, state.id].sort());
  });

  it('files a proof in the other program in one step, and shares it with a department the user also manages: one stored copy, each department reviewing its own filing', async () => {
    const caleaFiles = await filesOf(calea.id);
    const stateFiles = await filesOf(state.id);
    const otherFiles = Object.fromEntries(
      ((await get(`/api/departments/${other}/files?limit=100`, tokens.otherManager).expect(200)).body.items as { id: string; number: string }[]).map((f) => [f.number, f.id]),
    );
    const objects = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM stored_object'))[0].n;
    const { body, contentType } = multipart([
      { name: 'effectiveDate', value: '2026-05-20' },
      { name: 'kind', value: 'document' },
      { name: 'file', filename: 'regional-oath-training.pdf', contentType: 'application/pdf', data: sampleFiles.pdf('regional oath training') },
    ]);
    const filed = await request(t.server).post(`/api/files/${caleaFiles['1.1.1']}/proofs`).set(bearer(tokens.cooperative)).set('Content-Type', contentType).send(body).expect(201);
    const proofId = filed.body.proofId as string;
    const stored = await objects();

    // The same department's other program: one step, no second copy, filed under that program's cycle.
    const inState = await request(t.server).post(`/api/files/${stateFiles['1.1.1']}/proofs/link`).set(bearer(tokens.manager)).send({ proofId }).expect(201);
    expect(inState.body).toMatchObject({ proofId, cycleStartsOn: STATE_AWARD, cycleYear: 2 });

    // Another department: only someone who manages both shares it.
    await request(t.server).post(`/api/files/${otherFiles['1.1.1']}/proofs/link`).set(bearer(tokens.manager)).send({ proofId }).expect(404);
    await request(t.server).post(`/api/files/${otherFiles['1.1.1']}/proofs/link`).set(bearer(tokens.otherManager)).send({ proofId }).expect(404);
    await request(t.server).post(`/api/files/${otherFiles['1.1.1']}/proofs/link`).set(bearer(tokens.managerMemberElsewhere)).send({ proofId }).expect(403);
    const shared = await request(t.server).post(`/api/files/${otherFiles['1.1.1']}/proofs/link`).set(bearer(tokens.cooperative)).send({ proofId }).expect(201);
    expect(await objects()).toBe(stored);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM proof WHERE id = $1', [proofId]))[0].n).toBe(1);
    const [event] = await t.dataSource.query(`SELECT department_id, after FROM audit_event WHERE action = 'proof.shared' AND entity_id = $1`, [shared.body.id]);
    expect(event).toMatchObject({ department_id: other, after: { proofId, fromDepartmentId: normandy } });

    // Each department sees the proof with its own filings only, downloads it, and reviews its own filing.
    const seenByOther = (await get(`/api/proofs/${proofId}`, tokens.otherManager).expect(200)).body;
    expect(seenByOther.links.map((l: { id: string }) => l.id)).toEqual([shared.body.id]);
    await get(`/api/proofs/${proofId}/content`, tokens.otherManager).expect(200);
    const seenByNormandy = (await get(`/api/proofs/${proofId}`, tokens.manager).expect(200)).body;
    expect(seenByNormandy.links.map((l: { id: string }) => l.id).sort()).toEqual([filed.body.id, inState.body.id].sort());
    await request(t.server).post(`/api/proof-links/${shared.body.id}/accept`).set(bearer(tokens.manager)).send({ version: shared.body.version }).expect(404);
    await request(t.server).post(`/api/proof-links/${shared.body.id}/accept`).set(bearer(tokens.otherManager)).send({ version: shared.body.version }).expect(200);
    const states = await t.dataSource.query(`SELECT id, review_state FROM proof_link WHERE proof_id = $1 ORDER BY created_at`, [proofId]);
    expect(states.map((r: { review_state: string }) => r.review_state)).toEqual(['pending', 'pending', 'accepted']);
    const [acceptance] = await t.dataSource.query(`SELECT department_id FROM audit_event WHERE action = 'proof.accepted' AND entity_id = $1`, [shared.body.id]);
    expect(acceptance.department_id).toBe(other);
  });

  it('shows a file the mapped standards of the other program (crosswalk) with their status, and files a proof there from the page in one step', async () => {
    const crosswalk = ['program,number,program,number', 'Law Enforcement,1.1.2,Missouri Sample Program,1.1.1', 'Law Enforcement,1.1.3,Missouri Sample Program,1.1.2'].join('\r\n');
    await request(t.server).post('/api/crosswalks/import').set(bearer(tokens.admin)).attach('file', Buffer.from(crosswalk), 'crosswalk.csv').expect(201);
    const caleaFiles = await filesOf(calea.id);
    const stateFiles = await filesOf(state.id);
    const mapped = (await get(`/api/files/${caleaFiles['1.1.2']}/mapped`, tokens.member).expect(200)).body;
    expect(mapped).toEqual([expect.objectContaining({ fileId: stateFiles['1.1.1'], programName: 'Missouri Sample Program', number: '1.1.1', title: 'State Oath Directive', inScope: true })]);
    // Seen from the other side too; another department's manager finds no such file.
    expect((await get(`/api/files/${stateFiles['1.1.2']}/mapped`).expect(200)).body.map((m: { number: string }) => m.number)).toEqual(['1.1.3']);
    await get(`/api/files/${caleaFiles['1.1.2']}/mapped`, tokens.otherManager).expect(404);

    // A proof of CALEA 1.1.2, filed through the page's form in the state program's 1.1.1: one step, no second copy.
    const { body, contentType } = multipart([
      { name: 'effectiveDate', value: '2026-05-02' },
      { name: 'kind', value: 'document' },
      { name: 'file', filename: 'code-of-ethics-acknowledgements.pdf', contentType: 'application/pdf', data: sampleFiles.pdf('ethics acknowledgements') },
    ]);
    const filed = (await request(t.server).post(`/api/files/${caleaFiles['1.1.2']}/proofs`).set(bearer(tokens.manager)).set('Content-Type', contentType).send(body).expect(201)).body;
    const session = await signInThroughPage(t, 'manager@example.org');
    const filePage = `/department/${normandy}/files/${caleaFiles['1.1.2']}`;
    const html = (await getPage(t, session, filePage).expect(200)).text;
    expect(html).toContain('<h2 id="mapped-title">Mapped standards in the department');
    expect(html).toContain(`<a href="/department/${normandy}/files/${stateFiles['1.1.1']}">1.1.1</a> State Oath Directive`);
    expect(html).toContain(`<option value="${filed.proofId}">code-of-ethics-acknowledgements.pdf`);
    expect(html).toContain('Program: Law Enforcement');
    const objects = (await t.dataSource.query('SELECT count(*)::int AS n FROM stored_object'))[0].n;
    // A target the crosswalk does not map this file to is refused, and nothing is filed.
    const refused = await postForm(t, session, `${filePage}/file-in-mapped`, { proofId: filed.proofId, targetFileId: stateFiles['1.1.2'] }, filePage);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 404 });
    const posted = await postForm(t, session, `${filePage}/file-in-mapped`, { proofId: filed.proofId, targetFileId: stateFiles['1.1.1'] }, filePage).expect(303);
    expect(flashOf(posted)).toMatchObject({ kind: 'success', message: expect.stringMatching(/^code-of-ethics-acknowledgements\.pdf is filed in Missouri Sample Program 1\.1\.1 too \(cycle year 2\)/) });
    const links = await t.dataSource.query(`SELECT standard_file_id FROM proof_link WHERE proof_id = $1 ORDER BY created_at`, [filed.proofId]);
    expect(links.map((l: { standard_file_id: string }) => l.standard_file_id)).toEqual([caleaFiles['1.1.2'], stateFiles['1.1.1']]);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM stored_object'))[0].n).toBe(objects);
  });

  it('changes an enrolment with its version, audited; a stale version changes nothing', async () => {
    state = (await get(`/api/enrolments/${state.id}`).expect(200)).body as Enrolment;
    const changed = await request(t.server).patch(`/api/enrolments/${state.id}`).set(bearer(tokens.manager)).send({ version: state.version, accreditationStatus: 'reaccreditation' }).expect(200);
    expect(changed.body).toMatchObject({ accreditationStatus: 'reaccreditation', version: state.version + 1 });
    const stale = await request(t.server).patch(`/api/enrolments/${state.id}`).set(bearer(tokens.manager)).send({ version: state.version, awardDate: '2020-01-01' }).expect(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await get(`/api/enrolments/${state.id}`).expect(200)).body).toMatchObject({ awardDate: STATE_AWARD, accreditationStatus: 'reaccreditation' });
    const [event] = await t.dataSource.query(`SELECT before, after FROM audit_event WHERE action = 'enrolment.updated' AND entity_id = $1`, [state.id]);
    expect(event.before.accreditationStatus).toBe('accredited');
    expect(event.after.accreditationStatus).toBe('reaccreditation');
    state = changed.body as Enrolment;
  });

  it('refuses what it must, with problem+json and nothing changed', async () => {
    const count = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM enrolment'))[0].n;
    const before = await count();
    // One enrolment per program.
    await request(t.server).post(`/api/departments/${normandy}/enrolments`).set(bearer(tokens.admin)).send({ programId: stateProgramId }).expect(409);
    // Only administrators enrol.
    await request(t.server).post(`/api/departments/${normandy}/enrolments`).set(bearer(tokens.manager)).send({ programId: stateProgramId }).expect(403);
    // Unknown program, unknown fields, wrong types.
    await request(t.server).post(`/api/departments/${other}/enrolments`).set(bearer(tokens.admin)).send({ programId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    await request(t.server).post(`/api/departments/${other}/enrolments`).set(bearer(tokens.admin)).send({ programId: stateProgramId, primary: true }).expect(400);
    await request(t.server).post(`/api/departments/${other}/enrolments`).set(bearer(tokens.admin)).send({ programId: stateProgramId, awardDate: '2025-02-30' }).expect(400);
    expect(await count()).toBe(before);
    // Another department's enrolment is not found through this department, nor by its manager.
    await get(`/api/departments/${other}/readiness?enrolmentId=${state.id}`, tokens.admin).expect(404);
    await get(`/api/enrolments/${state.id}`, tokens.otherManager).expect(404);
    await request(t.server).patch(`/api/enrolments/${state.id}`).set(bearer(tokens.otherManager)).send({ version: state.version, accreditationStatus: 'lapsed' }).expect(404);
    await request(t.server).patch(`/api/enrolments/${state.id}`).set(bearer(tokens.member)).send({ version: state.version, accreditationStatus: 'lapsed' }).expect(403);
    await get(`/api/departments/${normandy}/readiness?enrolmentId=not-a-uuid`).expect(400);
    expect((await get(`/api/enrolments/${state.id}`).expect(200)).body.accreditationStatus).toBe('reaccreditation');
  });
});

