import { FixedClock } from '../../src/common/clock';
import { auditActions, insertDepartment, insertGrant, insertUser, lastAuditId, setProfile } from '../support/fixtures';
import { insertProof, insertStandardFile } from '../support/proof-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { decodeHtml, flashOf, getPage, PageSession, postForm, signInThroughPage } from './support/page-session';

jest.setTimeout(60_000);

/**
 * The assessment pages (issue 16): a manager opens a round on the page, assigned assessors mark
 * standards and bullets through the forms, the manager answers the finding on the worklist and the
 * assessor closes it. Refused forms change nothing.
 */
describe('web: assessments, assessor status forms and the findings worklist', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-06-10T15:00:00Z'));
  let depA: string;
  let depB: string;
  const s = {} as Record<'manager' | 'member' | 'chief' | 'assessor' | 'mock' | 'unassigned', PageSession>;
  const grants = {} as Record<'assessor' | 'mock' | 'unassigned', string>;
  const files: string[] = [];
  let assessmentId: string;

  const countRows = async (): Promise<number[]> =>
    Object.values(
      (
        await t.dataSource.query(
          `SELECT (SELECT count(*)::int FROM assessment) a, (SELECT count(*)::int FROM assessment_assessor) aa, (SELECT count(*)::int FROM assessment_status) s,
                  (SELECT count(*)::int FROM finding) f, (SELECT count(*)::int FROM finding_answer) x, (SELECT count(*)::int FROM audit_event) e`,
        )
      )[0] as Record<string, number>,
    );
  /** Posts a form that must be refused with `status` (a flash on the way back) and change no row. */
  const refusedForm = async (who: PageSession, path: string, fields: Record<string, string | string[]>, status: number, from = '/'): Promise<void> => {
    const before = await countRows();
    const res = await postForm(t, who, path, fields, from).expect(303);
    expect(flashOf(res)).toMatchObject({ kind: 'error', status });
    expect(await countRows()).toEqual(before);
  };
  const text = (html: string): string => decodeHtml(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
  const assessmentPage = () => `/department/${depA}/assessments/${assessmentId}`;

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    depA = await insertDepartment(ds, 'Normandy Police Department');
    depB = await insertDepartment(ds, 'Pagedale Police Department');
    await setProfile(ds, [depA, depB], { awardDate: '2024-03-01' });
    const users = {
      manager: await insertUser(ds, { email: 'manager@normandy.example', displayName: 'Mia Manager', memberships: [{ departmentId: depA, role: 'manager' }] }),
      member: await insertUser(ds, { email: 'member@normandy.example', memberships: [{ departmentId: depA, role: 'member' }] }),
      chief: await insertUser(ds, { email: 'chief@normandy.example', memberships: [{ departmentId: depA, role: 'chief' }] }),
      assessor: await insertUser(ds, { email: 'assessor@calea.example', displayName: 'Ann Assessor' }),
      mock: await insertUser(ds, { email: 'manager@pagedale.example', displayName: 'Mo Mock', memberships: [{ departmentId: depB, role: 'manager' }] }),
      unassigned: await insertUser(ds, { email: 'other@calea.example', displayName: 'Otto Other' }),
    };
    grants.assessor = await insertGrant(ds, users.assessor, [depA], '2026-06-01', '2026-07-31');
    grants.mock = await insertGrant(ds, users.mock, [depA], '2026-06-01', '2026-07-31');
    grants.unassigned = await insertGrant(ds, users.unassigned, [depA], '2026-06-01', '2026-07-31');
    files.push(await insertStandardFile(ds, depA));
    files.push(await insertStandardFile(ds, depA, { bullets: ['a', 'b'] }));
    files.push(await insertStandardFile(ds, depA));
    const [{ manual_id }] = await ds.query(`SELECT s.manual_id FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE f.id = $1`, [files[0]]);
    await setProfile(ds, depA, { manualId: manual_id });
    for (const who of Object.keys(users) as (keyof typeof users)[]) s[who] = await signInThroughPage(t, `${who === 'mock' ? 'manager@pagedale' : who === 'assessor' ? 'assessor@calea' : who === 'unassigned' ? 'other@calea' : `${who}@normandy`}.example`);
  });
  afterAll(() => t.close());

  it('the department page links to its assessments and findings', async () => {
    const html = (await getPage(t, s.manager, `/department/${depA}`).expect(200)).text;
    expect(html).toContain(`href="/department/${depA}/assessments"`);
    expect(html).toContain(`href="/department/${depA}/findings"`);
  });

  it('a manager opens a round on the page, assessors chosen from the live grants; refused forms change nothing', async () => {
    const list = (await getPage(t, s.manager, `/department/${depA}/assessments`).expect(200)).text;
    expect(text(list)).toContain('No assessment yet. Open one below.');
    for (const g of Object.values(grants)) expect(list).toContain(`name="assessorGrantIds" value="${g}"`);
    const form = { name: '2026 mock assessment', kind: 'mock_assessment', cycleYears: ['2', '3'], assessorGrantIds: [grants.assessor, grants.mock] };
    const path = `/department/${depA}/assessments`;
    await refusedForm(s.manager, path, { ...form, cycleYears: ['5'] }, 400, path);
    await refusedForm(s.manager, path, { ...form, kind: 'audit' }, 400, path);
    await refusedForm(s.manager, path, { ...form, name: ' ' }, 400, path);
    await refusedForm(s.manager, path, { ...form, assessorGrantIds: [depB] }, 400, path);
    await refusedForm(s.member, path, form, 403, path);
    await refusedForm(s.assessor, path, form, 403, path);
    await refusedForm(s.mock, path, form, 403, path);
    // No assessor ticked is a round to staff later; Pagedale's is refused because it follows no manual yet.
    await refusedForm(s.mock, `/department/${depB}/assessments`, { ...form, assessorGrantIds: [] }, 422, path);
    // The member and the chief read the list but get no form.
    expect((await getPage(t, s.member, path).expect(200)).text).not.toContain('Open an assessment');

    const since = await lastAuditId(t.dataSource);
    const res = await postForm(t, s.manager, path, form, path).expect(303);
    expect(flashOf(res)).toMatchObject({ kind: 'success', message: '2026 mock assessment is open.' });
    assessmentId = /assessments\/([0-9a-f-]+)$/.exec(res.headers.location)?.[1] as string;
    expect(await auditActions(t.dataSource, since)).toEqual(['assessment.created']);
    const page = text((await getPage(t, s.manager, assessmentPage()).expect(200)).text);
    expect(page).toContain('Mock assessment of cycle years 2, 3');
    expect(page).toContain('Progress: 0 of 3 reviewed');
    expect(page).toContain('Per assessor Assessor Reviewed Ann Assessor 0 Mo Mock 0');
    expect(page).toMatch(/Ann Assessor \(assessor@calea\.example, access until Jul 31, 2026\)/);
    // The department's own people get no status form.
    expect((await getPage(t, s.manager, assessmentPage()).expect(200)).text).not.toContain('class="status-form"');
    const listed = text((await getPage(t, s.chief, path).expect(200)).text);
    expect(listed).toContain('2026 mock assessment');
  });

  it('a round opened with no assessor ticked (the browser sends no such field) is open, to staff later', async () => {
    const path = `/department/${depA}/assessments`;
    const res = await postForm(t, s.manager, path, { name: 'Unstaffed review', kind: 'annual_review', cycleYears: ['1'] }, path).expect(303);
    expect(flashOf(res)).toMatchObject({ kind: 'success', message: 'Unstaffed review is open.' });
    const [round] = await t.dataSource.query(`SELECT a.id, (SELECT count(*)::int FROM assessment_assessor x WHERE x.assessment_id = a.id) AS assessors FROM assessment a WHERE a.name = 'Unstaffed review'`);
    expect(round.assessors).toBe(0);
    // No year ticked is still refused, naming the field.
    const none = await postForm(t, s.manager, path, { name: 'No years', kind: 'annual_review' }, path).expect(303);
    expect(flashOf(none)).toMatchObject({ kind: 'error', status: 400, errors: [expect.objectContaining({ field: 'cycleYears' })] });
  });

  it('a manager changes the assessors; a member cannot', async () => {
    await refusedForm(s.member, `${assessmentPage()}/assessors`, { assessorGrantIds: [grants.assessor] }, 403, assessmentPage());
    await refusedForm(s.manager, `${assessmentPage()}/assessors`, { assessorGrantIds: ['not-a-grant'] }, 400, assessmentPage());
    const res = await postForm(t, s.manager, `${assessmentPage()}/assessors`, { assessorGrantIds: ['', grants.assessor, grants.mock, grants.unassigned] }, assessmentPage()).expect(303);
    expect(flashOf(res)).toMatchObject({ kind: 'success' });
    await postForm(t, s.manager, `${assessmentPage()}/assessors`, { assessorGrantIds: ['', grants.assessor, grants.mock] }, assessmentPage()).expect(303);
    expect(text((await getPage(t, s.manager, assessmentPage()).expect(200)).text)).not.toContain('Otto Other (other@calea.example');
  });

  it('an assigned assessor marks standards and bullets through the forms; a status other than in compliance raises a finding', async () => {
    const html = (await getPage(t, s.assessor, assessmentPage()).expect(200)).text;
    expect(html).toContain('Assessor access from Jun 1, 2026 until <strong>Jul 31, 2026</strong> (51 days left)');
    expect(html.match(/class="status-form"/g)).toHaveLength(3 + 2);
    expect(html).toContain(`action="${assessmentPage()}/standards/${files[1]}"`);
    expect(html).toContain('name="bullet" value="a"');
    const mark = (who: PageSession, file: string, fields: Record<string, string>) => postForm(t, who, `${assessmentPage()}/standards/${file}`, fields, assessmentPage());
    await refusedForm(s.manager, `${assessmentPage()}/standards/${files[0]}`, { status: 'in_compliance' }, 403, assessmentPage());
    await refusedForm(s.unassigned, `${assessmentPage()}/standards/${files[0]}`, { status: 'in_compliance' }, 404, assessmentPage());
    await refusedForm(s.assessor, `${assessmentPage()}/standards/${files[0]}`, { status: 'compliant' }, 400, assessmentPage());
    await refusedForm(s.assessor, `${assessmentPage()}/standards/${files[1]}`, { status: 'needs_more_proof', bullet: 'z' }, 400, assessmentPage());
    await refusedForm(s.assessor, `${assessmentPage()}/standards/${files[2]}`, { status: 'needs_more_proof', dueOn: '2026-13-01' }, 400, assessmentPage());
    await refusedForm(s.assessor, `${assessmentPage()}/standards/${files[2]}`, { status: 'needs_more_proof', proofPage: 'two' }, 400, assessmentPage());

    expect(flashOf(await mark(s.assessor, files[0], { status: 'in_compliance', notes: '', proofPage: '', dueOn: '' }).expect(303))).toMatchObject({ kind: 'success' });
    expect(flashOf(await mark(s.assessor, files[1], { bullet: 'a', status: 'in_compliance', notes: 'Bullet a is met', proofPage: '', dueOn: '' }).expect(303))).toMatchObject({ kind: 'success' });
    const raised = await mark(s.assessor, files[2], { status: 'needs_more_proof', notes: 'The 2025 inspection report is missing', proofPage: '', dueOn: '2026-08-15' }).expect(303);
    expect(flashOf(raised)?.message).toMatch(/Needs more proof\. A finding is open, due 2026-08-15\./);
    expect(raised.headers.location).toBe(`${assessmentPage()}#file-${files[2]}`);
    expect(flashOf(await mark(s.mock, files[1], { status: 'in_compliance', notes: '', proofPage: '', dueOn: '' }).expect(303))).toMatchObject({ kind: 'success' });

    const page = text((await getPage(t, s.manager, assessmentPage()).expect(200)).text);
    expect(page).toContain('Progress: 3 of 3 reviewed');
    expect(page).toMatch(/Ann Assessor 2/);
    expect(page).toContain('Bullet a: In compliance');
    expect(page).toContain('The 2025 inspection report is missing');
    expect(page).toContain('1 unclosed finding');
    // The assessor sees their round's statuses on the standard's file page; the department's people do not get that list.
    const filePage = text((await getPage(t, s.assessor, `/department/${depA}/files/${files[1]}`).expect(200)).text);
    expect(filePage).toContain('2026 mock assessment : In compliance , bullet a: In compliance');
    const raisedFile = text((await getPage(t, s.assessor, `/department/${depA}/files/${files[2]}`).expect(200)).text);
    expect(raisedFile).toContain('2026 mock assessment : Needs more proof 1 unclosed finding The 2025 inspection report is missing');
    expect((await getPage(t, s.manager, `/department/${depA}/files/${files[2]}`).expect(200)).text).not.toContain('assessor-statuses');
  });

  it('the summary is the assessors\' to write', async () => {
    await refusedForm(s.manager, `${assessmentPage()}/summary`, { summary: 'Mine' }, 403, assessmentPage());
    await postForm(t, s.assessor, `${assessmentPage()}/summary`, { summary: 'Well kept file; one report missing.' }, assessmentPage()).expect(303);
    expect(text((await getPage(t, s.chief, assessmentPage()).expect(200)).text)).toContain('Well kept file; one report missing.');
  });

  it('the manager answers the finding on the worklist and the assessor closes it', async () => {
    const [finding] = await t.dataSource.query(`SELECT id FROM finding WHERE standard_file_id = $1`, [files[2]]);
    const worklist = `/department/${depA}/findings`;
    const html = (await getPage(t, s.manager, worklist).expect(200)).text;
    expect(text(html)).toContain('1 finding');
    expect(text(html)).toContain('The 2025 inspection report is missing');
    expect(html).toContain(`action="${worklist}/${finding.id}/answers"`);
    expect(html).not.toContain('Close the finding');
    await refusedForm(s.member, `${worklist}/${finding.id}/answers`, { kind: 'comment', text: 'x' }, 403, worklist);
    await refusedForm(s.assessor, `${worklist}/${finding.id}/answers`, { kind: 'comment', text: 'x' }, 403, worklist);
    await refusedForm(s.manager, `${worklist}/${finding.id}/answers`, { kind: 'excuse', text: 'x' }, 400, worklist);
    await refusedForm(s.manager, `${worklist}/${finding.id}/answers`, { kind: 'comment', text: '' }, 400, worklist);
    await refusedForm(s.manager, `${worklist}/${finding.id}/close`, {}, 403, worklist);
    const since = await lastAuditId(t.dataSource);
    await postForm(t, s.manager, `${worklist}/${finding.id}/answers`, { kind: 'changed_directive', text: 'GO 4-3 now requires the yearly report', proofId: '' }, worklist).expect(303);
    expect(await auditActions(t.dataSource, since)).toEqual(['finding.answered']);

    const seen = (await getPage(t, s.assessor, worklist).expect(200)).text;
    expect(text(seen)).toContain('Changed directive');
    expect(text(seen)).toContain('GO 4-3 now requires the yearly report');
    expect(seen).not.toContain('/answers"');
    const closed = await postForm(t, s.assessor, `${worklist}/${finding.id}/close`, { note: 'Directive read' }, worklist).expect(303);
    expect(flashOf(closed)).toMatchObject({ kind: 'success' });
    expect(text((await getPage(t, s.manager, worklist).expect(200)).text)).toContain('0 findings');
    const all = text((await getPage(t, s.manager, `${worklist}?state=closed`).expect(200)).text);
    expect(all).toContain('Closed');
    expect(all).toContain('Directive read');
    await postForm(t, s.assessor, `${worklist}/${finding.id}/reopen`, { note: 'Report still missing' }, worklist).expect(303);
    expect(text((await getPage(t, s.manager, worklist).expect(200)).text)).toContain('1 finding');
    await getPage(t, s.manager, `${worklist}?state=bogus`).expect(400);

    // A new proof filed in the standard's file is offered by name in the answer, and the answer names it.
    const report = await insertProof(t, { departmentId: depA, fileId: files[2] });
    const offered = (await getPage(t, s.manager, worklist).expect(200)).text;
    expect(offered).toContain(`<option value="${report.proofId}">evidence.pdf (year 1 of the cycle from Jan 1, 2026, pending)</option>`);
    await postForm(t, s.manager, `${worklist}/${finding.id}/answers`, { kind: 'new_proof', text: 'The 2025 report, filed', proofId: report.proofId }, worklist).expect(303);
    expect(await t.dataSource.query(`SELECT text, proof_id FROM finding_answer WHERE finding_id = $1 AND kind = 'new_proof'`, [finding.id])).toEqual([
      { text: 'The 2025 report, filed', proof_id: report.proofId },
    ]);
  });

  it('an unassigned assessor and the mock assessor see only what an assessor of the round sees', async () => {
    expect(text((await getPage(t, s.unassigned, `/department/${depA}/assessments`).expect(200)).text)).toContain('No assessment of this department is assigned to you.');
    await getPage(t, s.unassigned, assessmentPage()).expect(404);
    // The mock assessor (manager of Pagedale) gets the assessor's forms on Normandy, never a manager's.
    const mock = (await getPage(t, s.mock, assessmentPage()).expect(200)).text;
    expect(mock).toContain('class="status-form"');
    expect(mock).not.toContain('Save the assessors');
    expect((await getPage(t, s.mock, `/department/${depA}/findings`).expect(200)).text).not.toContain('/answers"');
    // The dashboard keeps Normandy's count of proofs awaiting review from its assessors (Pagedale's own stays for its manager).
    const dashboard = (await getPage(t, s.assessor, '/').expect(200)).text;
    expect(dashboard).toContain('Normandy Police Department');
    expect(dashboard).not.toContain('awaiting review');
    expect(text((await getPage(t, s.mock, '/').expect(200)).text).match(/proofs awaiting review/g)).toHaveLength(1);
    // Nor does the mock assessor's deadlines worklist (theirs as Pagedale's manager) reach into Normandy.
    expect(text((await getPage(t, s.mock, '/worklist').expect(200)).text)).not.toContain('Normandy');
    // The round of Normandy is not found under Pagedale's address.
    await getPage(t, s.mock, `/department/${depB}/assessments/${assessmentId}`).expect(404);
  });
});
