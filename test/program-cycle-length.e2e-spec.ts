import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import { pdfText } from '../src/reports/testing/pdf-inspect';
import { binary } from './support/binary-body';
import { bearer } from './support/fixtures';
import { multipart } from './support/multipart';
import { sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { normandyInTwoPrograms } from './support/two-programs';
import { decodeHtml, flashOf, getPage, SAME_SITE, signInThroughPage } from './web/support/page-session';

/**
 * A program's own cycle length (issue 13): a state program reassessed every three years. Normandy
 * PD works toward CALEA (four-year cycles, its primary enrolment) and holds a state award of
 * 2024-05-01 in a three-year program, so on 2026-12-06 it is in year 3 of the state cycle
 * 2024-05-01 to 2027-04-30. Every surface counts that cycle in three years: proof placement, the
 * proofs of a file, readiness and its grid, the deadlines and milestones, assessments, the reports
 * and the department page. Under a four-year count the same dates would read otherwise.
 */

const NOW = new Date('2026-12-06T15:00:00Z');
const STATE_AWARD = '2024-05-01';

interface Program {
  id: string;
  cycleYears: number;
  cycleYearsLocked: boolean;
  milestones: string[];
  version: number;
}

describe("a program's own cycle length: a three-year state program beside CALEA's four", () => {
  let t: TestApp;
  let dir: string;
  let normandy: string;
  let admin: string;
  let manager: string;
  let stateEnrolment: string;
  let stateProgram: Program;
  let stateFiles: Record<string, string>;
  const clock = new FixedClock(NOW);

  const get = (path: string, token = manager) => request(t.server).get(path).set(bearer(token));
  const upload = (fileId: string, fields: Record<string, string>, name: string) => {
    const { body, contentType } = multipart([
      ...Object.entries({ kind: 'document', ...fields }).map(([field, value]) => ({ name: field, value })),
      { name: 'file', filename: name, contentType: 'application/pdf', data: sampleFiles.pdf(name) },
    ]);
    return request(t.server).post(`/api/files/${fileId}/proofs`).set(bearer(manager)).set('Content-Type', contentType).send(body);
  };
  const programNow = async (): Promise<Program> => (await get(`/api/programs/${stateProgram.id}`, admin).expect(200)).body as Program;
  const filingCount = async (): Promise<number> => Number((await t.dataSource.query('SELECT count(*)::int AS n FROM proof_link'))[0].n);

  beforeAll(async () => {
    t = await createTestApp({}, clock);
    dir = await mkdtemp(join(tmpdir(), 'cycle-length-'));
    ({ normandy, admin, manager, stateEnrolment, stateFiles } = await normandyInTwoPrograms(t, STATE_AWARD));
    const programId = (await get(`/api/enrolments/${stateEnrolment}`).expect(200)).body.programId as string;
    stateProgram = (await get(`/api/programs/${programId}`, admin).expect(200)).body as Program;
    // A program an import names is made with CALEA's shape; the administrator gives it its own before proofs are filed.
    expect(stateProgram.cycleYears).toBe(4);
    stateProgram = (
      await request(t.server)
        .patch(`/api/programs/${stateProgram.id}`)
        .set(bearer(admin))
        .send({ cycleYears: 3, milestones: ['annual_review', 'site_assessment'], version: stateProgram.version })
        .expect(200)
    ).body as Program;
    expect(stateProgram).toMatchObject({ cycleYears: 3, cycleYearsLocked: false });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("gives each enrolment its program's cycle: three years for the state program, four for CALEA", async () => {
    const enrolments = (await get(`/api/departments/${normandy}/enrolments`).expect(200)).body as { primary: boolean; programCycleYears: number; cycle: unknown }[];
    const [calea, state] = enrolments;
    expect(calea).toMatchObject({ primary: true, programCycleYears: 4 });
    expect(state).toMatchObject({
      primary: false,
      programCycleYears: 3,
      cycle: {
        cycleNumber: 1,
        startsOn: STATE_AWARD,
        endsOn: '2027-04-30',
        currentYear: 3,
        years: [
          { year: 1, startsOn: '2024-05-01', endsOn: '2025-04-30' },
          { year: 2, startsOn: '2025-05-01', endsOn: '2026-04-30' },
          { year: 3, startsOn: '2026-05-01', endsOn: '2027-04-30' },
        ],
        annualReviewDates: ['2025-04-30', '2026-04-30'],
        siteAssessmentOn: '2027-01-30',
      },
    });
  });

  it('places proofs by the three-year count: a date before the award is year 3 of the cycle three years back, and a fourth year is refused', async () => {
    const before = await filingCount();
    const refused = await upload(stateFiles['1.1.2'], { effectiveDate: '2026-06-01', cycleYear: '4' }, 'year-four.pdf');
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([{ field: 'cycleYear', message: "cycleYear must be a year of the program's 3-year cycle, 1 to 3" }]);
    expect(await filingCount()).toBe(before);

    // Under a four-year count 2024-04-30 would be year 4 of 2020-05-01..2024-04-30.
    const early = await upload(stateFiles['1.1.2'], { effectiveDate: '2024-04-30' }, 'self-assessment-training.pdf');
    expect(early.status).toBe(201);
    expect(early.body).toMatchObject({ cycleStartsOn: '2021-05-01', cycleYear: 3 });
    const wrongYear = await upload(stateFiles['1.1.2'], { effectiveDate: '2024-04-30', cycleYear: '4' }, 'self-assessment-again.pdf');
    expect(wrongYear.status).toBe(400);

    for (const [date, name] of [
      ['2024-09-12', 'state-training-y1.pdf'],
      ['2025-10-02', 'state-training-y2.pdf'],
      ['2026-06-01', 'state-training-y3.pdf'],
    ]) {
      const filed = await upload(stateFiles['1.1.2'], { effectiveDate: date }, name);
      expect(filed.status).toBe(201);
      expect(filed.body.cycleStartsOn).toBe(STATE_AWARD);
    }
    const listed = (await get(`/api/files/${stateFiles['1.1.2']}/proofs`).expect(200)).body;
    expect(listed.cycle).toMatchObject({ startsOn: STATE_AWARD, endsOn: '2027-04-30', currentYear: 3 });
    expect(listed.years.map((y: { cycleYear: number; items: unknown[] }) => [y.cycleYear, y.items.length])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    // A new cycle keeps the program's three years of proofs in view, not four.
    expect(listed.otherCycles).toMatchObject({ visibleSince: '2023-12-07', note: expect.stringContaining('last 3 years') });
    expect(listed.otherCycles.items.map((p: { proof: { fileName: string } }) => p.proof.fileName)).toEqual(['self-assessment-training.pdf']);

    const misplaced = (await get(`/api/departments/${normandy}/proofs/misplaced`).expect(200)).body;
    expect(misplaced).toMatchObject({ checked: 4, misplaced: [] });
  });

  it('computes readiness and its grid over three years, and schedules the milestones of a three-year cycle', async () => {
    const readiness = (await get(`/api/departments/${normandy}/readiness?enrolmentId=${stateEnrolment}`).expect(200)).body;
    expect(readiness.cycle).toMatchObject({ basis: 'award', startsOn: STATE_AWARD, endsOn: '2027-04-30', currentYear: 3, cycleYears: 3 });
    expect(readiness.coverage.years.map((y: { year: number }) => y.year)).toEqual([1, 2, 3]);
    const training = readiness.coverage.rows.find((r: { number: string }) => r.number === '1.1.2');
    expect(training).toMatchObject({ cells: ['present', 'present', 'present'], proofs: [1, 1, 1] });
    const oath = readiness.coverage.rows.find((r: { number: string }) => r.number === '1.1.1');
    expect(oath.cells).toEqual(['missing', 'missing', 'missing']);
    // The oath directive has no proof for the two years that have ended: it is a blocker for both, not three.
    expect(readiness.blockers.find((b: { number: string }) => b.number === '1.1.1')).toMatchObject({ missingProofYears: 2 });

    const caleaReadiness = (await get(`/api/departments/${normandy}/readiness`).expect(200)).body;
    expect(caleaReadiness.coverage.years).toHaveLength(4);
    expect(caleaReadiness.cycle.cycleYears).toBe(4);

    const deadlines = (await get(`/api/departments/${normandy}/deadlines?limit=500&enrolmentId=${stateEnrolment}`).expect(200)).body;
    const milestones = deadlines.items.filter((d: { standardFileId: string | null; kind: string }) => d.standardFileId === null && d.kind !== 'manual_adoption');
    expect(milestones.map((d: { kind: string; key: string; dueOn: string; title: string }) => [d.kind, d.key, d.dueOn, d.title])).toEqual([
      ['annual_review', '2024-Y1-annual-review', '2025-04-30', 'Annual web-based file review, cycle year 1'],
      ['annual_review', '2024-Y2-annual-review', '2026-04-30', 'Annual web-based file review, cycle year 2'],
      ['site_assessment', '2024-Y3-site-assessment', '2027-01-30', 'Site-based assessment, cycle year 3'],
    ]);
    const activity = deadlines.items.filter((d: { standardFileId: string | null }) => d.standardFileId === stateFiles['1.1.2']);
    expect(activity.map((d: { key: string; state: string }) => [d.key, d.state])).toEqual([
      ['2024-Y1', 'met_awaiting_review'],
      ['2024-Y2', 'met_awaiting_review'],
      ['2024-Y3', 'met_awaiting_review'],
    ]);
  });

  it("opens assessments of the cycle's years only", async () => {
    const refused = await request(t.server)
      .post(`/api/departments/${normandy}/assessments`)
      .set(bearer(manager))
      .send({ enrolmentId: stateEnrolment, name: 'State reassessment', kind: 'mock_assessment', cycleYears: [3, 4], assessorGrantIds: [] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'cycleYears', message: "the program's cycle lasts 3 years: 4 is not one of its years (1 to 3)" }]);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM assessment'))[0].n).toBe(0);
    await request(t.server)
      .post(`/api/departments/${normandy}/assessments`)
      .set(bearer(manager))
      .send({ enrolmentId: stateEnrolment, name: 'State reassessment', kind: 'mock_assessment', cycleYears: [1, 2, 3], assessorGrantIds: [] })
      .expect(201);
  });

  it('opens a round of either program from the assessments page, checking the years against the chosen program', async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    const page = `/department/${normandy}/assessments`;
    const html = decodeHtml((await getPage(t, session, page).expect(200)).text);
    expect(html).toContain(`<option value="${stateEnrolment}">Missouri Sample Program</option>`);
    expect(html).toContain('Each program has its own files and cycle: Law Enforcement, years 1 to 4; Missouri Sample Program, years 1 to 3.');
    // The round opened through the API above is listed with its program.
    expect(html).toContain('Missouri Sample Program: Mock assessment');
    const open = (fields: [string, string][]) =>
      request(t.server)
        .post(page)
        .set(SAME_SITE)
        .set('Referer', `http://calea.test${page}`)
        .set('Cookie', session.cookie)
        .type('form')
        .send(new URLSearchParams([['_csrf', session.csrf], ['name', 'State year four'], ['kind', 'annual_review'], ...fields]).toString())
        .expect(303);
    const before = (await t.dataSource.query('SELECT count(*)::int AS n FROM assessment'))[0].n;
    const refused = await open([['enrolmentId', stateEnrolment], ['cycleYears', '4']]);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', status: 400, errors: [{ field: 'cycleYears', message: "the program's cycle lasts 3 years: 4 is not one of its years (1 to 3)" }] });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM assessment'))[0].n).toBe(before);
    const opened = await open([['enrolmentId', stateEnrolment], ['cycleYears', '3']]);
    expect(flashOf(opened)).toMatchObject({ kind: 'success' });
    const [round] = await t.dataSource.query(`SELECT enrolment_id, cycle_years FROM assessment WHERE name = 'State year four'`);
    expect(round).toEqual({ enrolment_id: stateEnrolment, cycle_years: [3] });
  });

  it("prints the three-year grid in the state program's readiness report", async () => {
    const report = await request(t.server).post(`/api/departments/${normandy}/reports`).set(bearer(manager)).send({ kind: 'readiness', enrolmentId: stateEnrolment }).expect(201);
    const bytes = (await request(t.server).get(report.body.contentUrl).set(bearer(manager)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const path = join(dir, 'state-readiness.pdf');
    await writeFile(path, bytes);
    const text = (await pdfText(path)).replace(/\s+/g, ' ');
    expect(text).toContain('year 3 of 3');
    expect(text).toContain('Y3: 2026-27');
    expect(text).not.toMatch(/Y4: /);
    expect(text).not.toContain('year 3 of 4');
  });

  it("lists the state program under Normandy's page of the footprint report, with its verdict and its three-year cycle", async () => {
    const report = await request(t.server).post('/api/reports/footprint').set(bearer(manager)).send({}).expect(201);
    const bytes = (await request(t.server).get(report.body.contentUrl).set(bearer(manager)).buffer(true).parse(binary).expect(200)).body as Buffer;
    const path = join(dir, 'footprint.pdf');
    await writeFile(path, bytes);
    const text = (await pdfText(path)).replace(/\s+/g, ' ');
    expect(text).toMatch(/Also enrolled in (NOT READY|READY|READY ONCE REVIEWED|Not ready|Ready|Ready once reviewed) Missouri Sample Program Mandatory 0% · other: none apply · Cycle 1, year 3 of 3/i);
  });

  it('shows three year columns on the department page for the state program', async () => {
    const session = await signInThroughPage(t, 'manager@example.org');
    const html = (await getPage(t, session, `/department/${normandy}?enrolment=${stateEnrolment}`).expect(200)).text;
    const grid = html.slice(html.indexOf('id="coverage"'), html.indexOf('</section>', html.indexOf('id="coverage"')));
    expect(grid).toContain('--cycle-years: 3');
    expect(grid).toContain('>Year 3<');
    expect(grid).not.toContain('>Year 4<');
  });

  it('refuses to change the cycle length once proofs are filed under the program, changing nothing', async () => {
    const before = await programNow();
    const refused = await request(t.server).patch(`/api/programs/${stateProgram.id}`).set(bearer(admin)).send({ cycleYears: 4, version: before.version });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/4 proof filings are placed in this program's 3-year cycles/);
    expect(await programNow()).toEqual(before);
    expect(before.cycleYearsLocked).toBe(true);
    // The administrators' page says so, and offers no other length.
    const session = await signInThroughPage(t, 'admin@example.org');
    const html = (await getPage(t, session, '/admin/manuals').expect(200)).text;
    const form = html.slice(html.indexOf(`action="/admin/manuals/programs/${stateProgram.id}"`), html.indexOf('</form>', html.indexOf(`action="/admin/manuals/programs/${stateProgram.id}"`)));
    expect(form).toMatch(/<select id="program-cycle-[^"]+" name="cycleYears" [^>]*disabled>/);
    expect(form).toContain('Fixed: proofs are filed under this program, each in a cycle of this length.');
    // Its other settings still change.
    const changed = await request(t.server)
      .patch(`/api/programs/${stateProgram.id}`)
      .set(bearer(admin))
      .send({ cycleYears: 3, milestones: ['annual_review', 'site_assessment', 'public_comment_notice'], version: before.version })
      .expect(200);
    expect(changed.body).toMatchObject({ cycleYears: 3, version: before.version + 1 });
  });
});
