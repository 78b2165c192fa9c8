import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FixedClock } from '../src/common/clock';
import type { Level } from '../src/kernel/standard-types';
import { ReportDataService } from '../src/reports/report-data.service';
import { flatText, pdfText } from '../src/reports/testing/pdf-inspect';
import type { DepartmentReadinessReport, FileReviewReport, FootprintReport } from '../src/reports/view-models';
import { syntheticManualCsv } from '../src/standards/rules/synthetic-manual';
import { bearer, insertDepartment, insertSession, insertUser, setProfile } from './support/fixtures';
import { sampleFiles } from './support/proof-fixtures';
import { createTestApp, TestApp } from './support/test-app';
import { getPage, PageSession, signInThroughPage } from './web/support/page-session';
import { smallManual } from './support/small-manual';
import { binary } from './support/binary-body';

/**
 * Issue 18, "Done when": every surface that shows readiness says the same thing, field by field.
 * Three departments are built through the API (results, applicability, waivers, proofs uploaded,
 * accepted, returned and withdrawn, a quarterly activity with met, memo-met and overdue periods,
 * proofs of a previous cycle, the clock moved into a new cycle), then the readiness API (one
 * department and the footprint list), the dashboard and department pages (HTML as served), the view
 * models of the three PDFs (ReportDataService) and one generated PDF are compared with each other,
 * plus a few figures worked out by hand from what was built.
 */

const LE = { program: 'Law Enforcement', edition: '6th' };

/** Pagedale: awarded 2021-07-01, so cycle 2 starts 2025-07-01; on 2026-08-01 its year 1 has ended and year 2 is current. */
const AWARD_A = '2021-07-01';
/** Normandy: awarded 2024-09-01, year 2 current on 2026-08-01. */
const AWARD_B = '2024-09-01';
/** Cool Valley: awarded 2023-01-15, year 4 current on 2026-08-01. */
const AWARD_C = '2023-01-15';
const BEFORE = new Date('2025-03-20T15:00:00Z');
const NOW = new Date('2026-08-01T15:00:00Z');
/**
 * The moments the surfaces are compared at: NOW; before Pagedale's year 1 of cycle 2 ends (nothing of
 * this cycle due yet, Normandy's Q-less year 2 under way); and later in the same cycle year, with
 * the next quarter due soon (a clock move that changes no cycle year: cached figures must follow).
 */
const MOMENTS = ['2026-08-01', '2026-06-20', '2026-09-20'];

interface Counts {
  applicable: number;
  compliant: number;
  compliantMissingProofs: number;
  compliantPendingReview: number;
  percent: number;
}
interface ApiVerdict {
  state: 'ready' | 'ready_pending_review' | 'not_ready';
  meetsRule: boolean;
  summary: string;
  thresholdPercent: number;
  mandatoryMissing: number;
  compliantMissingProofs: number;
  compliantPendingReview: number;
  otherNeededForThreshold: number;
}
interface ApiSummary {
  departmentId: string;
  departmentName: string;
  cycle: { currentYear: number };
  mandatory: Counts;
  other: Counts;
  notApplicable: number;
  verdict: ApiVerdict;
  deadlines: { overdue: number; dueSoon: number; urgent: number };
  proofsAwaitingReview: number;
  blockerCount: number;
}
interface ApiReadiness extends ApiSummary {
  chapters: { chapter: number; title: string; mandatory: Counts; other: Counts; notApplicable: number }[];
  coverage: {
    currentYear: number;
    totals: { present: number; missing: number; notRequired: number };
    rows: { number: string; level: Level; cells: string[]; proofs: number[]; applicability: string }[];
  };
  blockers: { number: string; reason: string; missingProofYears: number }[];
}

interface PageMeter {
  percent: number;
  compliant: number;
  applicable: number;
}


const round1 = (n: number): number => Math.round(n * 10) / 10;
const num = (re: RegExp, html: string, what: string): number => {
  const m = re.exec(html);
  if (!m) throw new Error(`${what} not found in the page`);
  return Number(m[1]);
};
/** The chip the PDF prints for each state (written out here, not imported: the test checks the words). */
const VERDICT_LABELS: Record<ApiVerdict['state'], string> = { ready: 'Ready', ready_pending_review: 'Ready once reviewed', not_ready: 'Not ready' };
const BADGE_STATE: Record<string, ApiVerdict['state']> = { 'Meets the rule': 'ready', 'Ready once reviewed': 'ready_pending_review', 'Not yet': 'not_ready' };
const CELL_OF: Record<string, string> = { 'cv-p': 'present', 'cv-m': 'missing', 'cv-n': 'not_required' };

/** The figures one department's card on the dashboard prints. */
function dashboardCard(html: string, departmentId: string) {
  const start = html.indexOf(`aria-labelledby="dept-${departmentId}"`);
  if (start < 0) throw new Error(`no dashboard card for ${departmentId}`);
  const card = html.slice(start, html.indexOf('</article>', start));
  const badge = /<span class="badge badge-\w+">([^<]+)<\/span>/.exec(card)?.[1] ?? '';
  const meters = [...card.matchAll(/<span class="bar-value">([\d.]+)% <span class="muted">\((\d+) of (\d+)\)<\/span><\/span>/g)].map(
    (m): PageMeter => ({ percent: Number(m[1]), compliant: Number(m[2]), applicable: Number(m[3]) }),
  );
  return {
    state: BADGE_STATE[badge],
    mandatory: meters[0],
    other: meters[1],
    overdue: num(/<strong>(\d+)<\/strong> overdue/, card, 'overdue'),
    dueSoon: num(/<strong>(\d+)<\/strong> due soon/, card, 'due soon'),
    proofsAwaitingReview: num(/<strong>(\d+)<\/strong> proofs awaiting review/, card, 'awaiting review'),
    currentYear: num(/Cycle year <strong>(\d+)<\/strong>/, card, 'cycle year'),
  };
}

/** The figures the department page prints: summary, chapters table, coverage grid. */
function departmentPage(html: string) {
  const section = (id: string) => {
    const start = html.indexOf(`<section id="${id}"`);
    if (start < 0) throw new Error(`no section ${id}`);
    return html.slice(start, html.indexOf('</section>', start));
  };
  const summary = section('summary');
  const meters = [...summary.matchAll(/<span class="bar-value">([\d.]+)%<\/span>\s*<\/span>\s*<span class="muted">(\d+) \/ (\d+)<\/span>/g)].map(
    (m): PageMeter => ({ percent: Number(m[1]), compliant: Number(m[2]), applicable: Number(m[3]) }),
  );
  const chaptersHtml = section('chapters');
  const tbody = chaptersHtml.slice(chaptersHtml.indexOf('<tbody>'), chaptersHtml.indexOf('</tbody>'));
  const chapters = tbody
    .split('<tr>')
    .slice(1)
    .map((row) => {
      const cells = row.split('<td');
      const pair = (cell: string) => {
        const m = /<span class="muted">(\d+)\/(\d+)<\/span>/.exec(cell);
        return m ? { compliant: Number(m[1]), applicable: Number(m[2]) } : { compliant: 0, applicable: 0 };
      };
      return {
        chapter: num(/\?chapter=(\d+)#files/, row, 'chapter number'),
        mandatory: pair(cells[1]),
        other: pair(cells[2]),
        notApplicable: num(/class="num">(\d+)<\/td>/, cells[3].startsWith(' class="num"') ? `<td${cells[3]}` : '', 'N/A'),
      };
    });
  const coverageHtml = section('coverage');
  const grid = [...coverageHtml.matchAll(/<tr><th scope="row"><a href="[^"]+">([^<]+)<\/a>[^<]*<\/th><td>([MO])<\/td>((?:<td class="cov [^"]+">[^<]*<\/td>){4})<\/tr>/g)].map((m) => ({
    number: m[1],
    level: m[2],
    cells: [...m[3].matchAll(/<td class="cov (cv-[pmn])">([^<]*)<\/td>/g)].map((c) => CELL_OF[c[1]]),
    proofs: [...m[3].matchAll(/<td class="cov (cv-[pmn])">([^<]*)<\/td>/g)].map((c) => (c[1] === 'cv-p' ? Number(c[2].replace('✓', '').trim()) : 0)),
  }));
  return {
    state: /data-verdict-state="([a-z_]+)"/.exec(summary)?.[1],
    mandatory: meters[0],
    other: meters[1],
    blockerCount: num(/<strong>(\d+)<\/strong> blockers?</, summary, 'blockers'),
    overdue: num(/<strong>(\d+)<\/strong> overdue/, summary, 'overdue'),
    dueSoon: num(/<strong>(\d+)<\/strong> due soon/, summary, 'due soon'),
    proofsAwaitingReview: num(/<strong>(\d+)<\/strong> proofs? awaiting review/, summary, 'awaiting review'),
    notApplicable: num(/<strong>(\d+)<\/strong> not applicable or waived/, summary, 'not applicable'),
    blockers: [...section('blockers').matchAll(/<strong>([\d.]+)<\/strong>/g)].map((m) => m[1]).filter((x) => x.includes('.')),
    overdueListed: num(/<h3>Overdue <span class="muted">\((\d+)\)<\/span><\/h3>/, section('deadlines'), 'overdue list'),
    chapters,
    coverageTotals: {
      present: num(/(\d+) cells present/, coverageHtml, 'present cells'),
      missing: num(/(\d+) missing, \d+ not required/, coverageHtml, 'missing cells'),
      notRequired: num(/(\d+) not required\./, coverageHtml, 'not-required cells'),
    },
    grid,
  };
}

describe('compliance parity: API, pages and PDFs agree, department by department', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let manager: string;
  let session: PageSession;
  const clock = new FixedClock(BEFORE);
  const dept: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const files: Record<'A' | 'B' | 'C', Record<string, string>> = { A: {}, B: {}, C: {} };
  const generation = () => ({ generatedAt: NOW.toISOString(), timeZone: 'UTC', generatedBy: 'Parity test' });

  const editFile = async (fileId: string, changes: Record<string, unknown>) => {
    const current = (await request(t.server).get(`/api/files/${fileId}`).set(bearer(admin)).expect(200)).body as { version: number };
    const res = await request(t.server)
      .patch(`/api/files/${fileId}`)
      .set(bearer(admin))
      .send({ version: current.version, ...changes });
    if (res.status !== 200) throw new Error(`editing file ${fileId} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const upload = async (fileId: string, effectiveDate: string, kind: 'document' | 'no_activity_memo' = 'document'): Promise<{ id: string; version: number }> => {
    const res = await request(t.server)
      .post(`/api/files/${fileId}/proofs`)
      .set(bearer(manager))
      .field('effectiveDate', effectiveDate)
      .field('kind', kind)
      .attach('file', sampleFiles.pdf(`${fileId} ${effectiveDate} ${kind}`), { filename: `${kind}-${effectiveDate}.pdf`, contentType: 'application/pdf' });
    if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; version: number };
  };
  const review = async (link: { id: string; version: number }, action: 'accept' | 'return' | 'withdraw') => {
    const body = action === 'accept' ? { version: link.version } : { version: link.version, reason: `Parity test: ${action}` };
    const res = await request(t.server).post(`/api/proof-links/${link.id}/${action}`).set(bearer(manager)).send(body);
    if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const accepted = async (fileId: string, date: string, kind: 'document' | 'no_activity_memo' = 'document') => review(await upload(fileId, date, kind), 'accept');
  const readiness = async (id: string): Promise<ApiReadiness> => (await request(t.server).get(`/api/departments/${id}/readiness`).set(bearer(admin)).expect(200)).body;
  const footprintEntry = async (id: string): Promise<ApiSummary> => {
    const body = (await request(t.server).get('/api/readiness').set(bearer(admin)).expect(200)).body as { departments: ApiSummary[] };
    const entry = body.departments.find((d) => d.departmentId === id);
    if (!entry) throw new Error(`department ${id} missing from GET /api/readiness`);
    return entry;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'calea-parity-'));
    t = await createTestApp({}, clock);
    const ds = t.dataSource;
    dept.A = await insertDepartment(ds, 'Pagedale Police Department', 'Pagedale PD');
    dept.B = await insertDepartment(ds, 'Normandy Police Department', 'Normandy PD');
    dept.C = await insertDepartment(ds, 'Cool Valley Police Department', 'Cool Valley PD');
    await setProfile(ds, dept.A, { awardDate: AWARD_A, swornOfficers: 30 });
    await setProfile(ds, dept.B, { awardDate: AWARD_B, swornOfficers: 12 });
    await setProfile(ds, dept.C, { awardDate: AWARD_C, swornOfficers: 250 });
    const adminId = await insertUser(ds, { email: 'admin@example.org', isAdmin: true });
    admin = await insertSession(ds, adminId);
    manager = await insertSession(
      ds,
      await insertUser(ds, {
        email: 'manager@example.org',
        memberships: [
          { departmentId: dept.A, role: 'manager' },
          { departmentId: dept.B, role: 'manager' },
          { departmentId: dept.C, role: 'manager' },
        ],
      }),
    );

    let req = request(t.server).post('/api/manuals/import').set(bearer(admin));
    for (const [name, value] of Object.entries({ ...LE, version: '6.15', effectiveDate: '2022-03-01' })) req = req.field(name, value);
    const manualId = (await req.attach('file', Buffer.from(syntheticManualCsv(smallManual('quarterly'))), 'manual.csv').expect(201)).body.manual.id;
    await request(t.server).post(`/api/manuals/${manualId}/publish`).set(bearer(admin)).expect(200);
    for (const key of ['A', 'B', 'C'] as const) {
      await request(t.server).put(`/api/departments/${dept[key]}/manual`).set(bearer(admin)).send({ manualId }).expect(200);
      const rows: { id: string; standard_number: string }[] = await ds.query('SELECT id, standard_number FROM standard_file WHERE department_id = $1', [dept[key]]);
      for (const r of rows) files[key][r.standard_number] = r.id;
    }
    const A = files.A;
    const B = files.B;
    const C = files.C;

    // --- On 2025-03-20, Pagedale is in year 4 of its first cycle: proofs filed then belong to that cycle.
    await accepted(A['1.2.7'], '2025-03-01');
    await accepted(A['1.1.1'], '2024-03-01');

    // --- The clock moves into Pagedale's second cycle (year 2), Normandy's year 2, Cool Valley's year 4.
    clock.set(NOW);

    // Pagedale: two standards not applicable, one waived.
    await editFile(A['1.2.8'], { applicability: 'not_applicable', applicabilityReason: 'The agency runs no holding facility' });
    await editFile(A['1.2.6'], { applicability: 'not_applicable', applicabilityReason: 'No such function' });
    await editFile(A['2.1.3'], { applicability: 'waived', waiverReference: 'SRIC-2025-14', waiverDate: '2025-02-01' });
    for (const n of ['1.1.1', '1.1.3', '1.2.1', '1.2.3', '1.2.5', '1.2.7', '1.2.9', '1.2.10', '1.1.2', '1.1.4', '1.2.2', '1.2.4', '2.1.2']) {
      await editFile(A[n], { result: 'compliant' });
    }
    await editFile(A['2.1.1'], { result: 'partially_compliant' });
    // 1.1.1, quarterly; year 1 of cycle 2 runs 2025-07-01 to 2026-06-30: Q1 met by an accepted
    // document, Q2 by an accepted no-activity memo, Q3 unmet (overdue), Q4 by a proof awaiting review.
    await accepted(A['1.1.1'], '2025-08-15');
    await accepted(A['1.1.1'], '2025-11-20', 'no_activity_memo');
    await upload(A['1.1.1'], '2026-05-10');
    // Year 1 proven (accepted) for 1.1.3, 1.2.9, 1.2.10, 1.1.2, 1.1.4, 2.1.2, and for 2.1.1 (partially compliant).
    for (const n of ['1.1.3', '1.2.9', '1.2.10', '1.1.2', '1.1.4', '2.1.2', '2.1.1']) await accepted(A[n], '2025-10-01');
    // 1.2.1 and 1.2.2: year 1 proven only by a proof awaiting review.
    await upload(A['1.2.1'], '2025-10-02');
    await upload(A['1.2.2'], '2025-10-02');
    // 1.2.3 and 1.2.4: the only year-1 proof was returned; 1.2.5: withdrawn. 1.2.7 has only its previous-cycle proof.
    await review(await upload(A['1.2.3'], '2025-10-03'), 'return');
    await review(await upload(A['1.2.4'], '2025-10-03'), 'return');
    await review(await upload(A['1.2.5'], '2025-10-03'), 'withdraw');
    // A proof of a not-applicable standard is not required and does not count.
    await accepted(A['1.2.8'], '2025-10-04');

    // Normandy: the quarterly activity does not apply; every other standard compliant and proven for
    // year 1 (2024-09-01 to 2025-08-31), two of them only by proofs awaiting review.
    await editFile(B['1.1.1'], { applicability: 'not_applicable', applicabilityReason: 'No such activity' });
    for (const n of Object.keys(B).filter((x) => x !== '1.1.1')) {
      await editFile(B[n], { result: 'compliant' });
      if (n === '1.2.3' || n === '2.1.2') await upload(B[n], '2025-03-01');
      else await accepted(B[n], '2025-03-01');
    }

    // Cool Valley: a few results recorded, no proofs: compliant on paper only.
    for (const n of ['1.1.3', '1.2.1', '1.1.2']) await editFile(C[n], { result: 'compliant' });
    await editFile(C['1.2.3'], { result: 'non_compliant' });

    session = await signInThroughPage(t, 'admin@example.org');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe.each(MOMENTS.flatMap((day) => (['A', 'B', 'C'] as const).map((key) => [day, key] as const)))('on %s, department %s', (day, key) => {
    let api: ApiReadiness;
    let apiDeadlines: { standardNumber: string | null; key: string; dueOn: string; state: string; urgent: boolean; daysUntilDue: number }[];
    let readinessReport: DepartmentReadinessReport;
    let fileReview: FileReviewReport;
    let footprint: FootprintReport;

    beforeAll(async () => {
      clock.set(new Date(`${day}T15:00:00Z`));
      // A fresh page session at each moment (a session signed in weeks earlier has expired).
      session = await signInThroughPage(t, 'admin@example.org');
      api = await readiness(dept[key]);
      apiDeadlines = (await request(t.server).get(`/api/departments/${dept[key]}/deadlines?limit=500`).set(bearer(admin)).expect(200)).body.items;
      const data = t.app.get(ReportDataService);
      readinessReport = await data.departmentReadiness(dept[key], generation());
      fileReview = (await data.fileReview(dept[key], generation())).report;
      footprint = await data.footprint('all', generation(), 'Parity footprint', { deadlines: 1000, blockers: 1000 });
    });

    it('GET /api/readiness carries the same figures as the department readiness', async () => {
      const entry = await footprintEntry(dept[key]);
      const pick = (r: ApiSummary) => ({
        state: r.verdict.state,
        meetsRule: r.verdict.meetsRule,
        mandatoryMissing: r.verdict.mandatoryMissing,
        otherNeededForThreshold: r.verdict.otherNeededForThreshold,
        verdictMissingProofs: r.verdict.compliantMissingProofs,
        verdictPendingReview: r.verdict.compliantPendingReview,
        mandatory: r.mandatory,
        other: r.other,
        notApplicable: r.notApplicable,
        blockerCount: r.blockerCount,
        proofsAwaitingReview: r.proofsAwaitingReview,
        deadlines: r.deadlines,
        currentYear: r.cycle.currentYear,
      });
      expect(pick(entry)).toEqual(pick(api));
      // Internal consistency of the one answer.
      expect(api.blockerCount).toBe(api.blockers.length);
      expect(api.verdict.compliantMissingProofs).toBe(api.mandatory.compliantMissingProofs + api.other.compliantMissingProofs);
      expect(api.verdict.compliantPendingReview).toBe(api.mandatory.compliantPendingReview + api.other.compliantPendingReview);
      expect(api.verdict.mandatoryMissing).toBe(api.mandatory.applicable - api.mandatory.compliant);
      expect(api.verdict.meetsRule).toBe(api.verdict.state !== 'not_ready');
      // So the comparison is not of zeros only: Pagedale's quarter due 2026-09-30 is due soon on 2026-09-20.
      if (key === 'A' && day === '2026-09-20') expect(api.deadlines.dueSoon).toBeGreaterThanOrEqual(1);
      if (key === 'A') expect(api.deadlines.overdue).toBeGreaterThanOrEqual(1);
    });

    it('the dashboard card prints the same verdict, percents, counts and deadlines', async () => {
      const html = (await getPage(t, session, '/').expect(200)).text;
      const card = dashboardCard(html, dept[key]);
      const list = (await request(t.server).get('/api/readiness').set(bearer(admin)).expect(200)).body as { ready: number; readyPendingReview: number; departments: unknown[] };
      const lede = /<p class="lede">(\d+) of (\d+) departments? meet CALEA's rule today \([^)]*\)(?:, (\d+) of them only once)?/.exec(html.replace(/&#39;/g, "'"));
      expect(lede && [Number(lede[1]), Number(lede[2]), Number(lede[3] ?? 0)]).toEqual([list.ready, list.departments.length, list.readyPendingReview]);
      expect(card).toEqual({
        state: api.verdict.state,
        mandatory: { percent: round1(api.mandatory.percent), compliant: api.mandatory.compliant, applicable: api.mandatory.applicable },
        other: { percent: round1(api.other.percent), compliant: api.other.compliant, applicable: api.other.applicable },
        overdue: api.deadlines.overdue,
        dueSoon: api.deadlines.dueSoon,
        proofsAwaitingReview: api.proofsAwaitingReview,
        currentYear: api.cycle.currentYear,
      });
    });

    it('the department page prints the same verdict, counts, chapters and coverage grid', async () => {
      const html = (await getPage(t, session, `/department/${dept[key]}`).expect(200)).text;
      const p = departmentPage(html);
      expect(p.blockers).toEqual(api.blockers.slice(0, p.blockers.length).map((b) => b.number));
      expect(p.blockers.length > 0).toBe(api.blockers.length > 0);
      expect(p.overdueListed).toBe(api.deadlines.overdue);
      expect({ ...p, chapters: undefined, grid: undefined, coverageTotals: undefined, blockers: undefined, overdueListed: undefined }).toEqual({
        state: api.verdict.state,
        mandatory: { percent: round1(api.mandatory.percent), compliant: api.mandatory.compliant, applicable: api.mandatory.applicable },
        other: { percent: round1(api.other.percent), compliant: api.other.compliant, applicable: api.other.applicable },
        blockerCount: api.blockerCount,
        overdue: api.deadlines.overdue,
        dueSoon: api.deadlines.dueSoon,
        proofsAwaitingReview: api.proofsAwaitingReview,
        notApplicable: api.notApplicable,
        chapters: undefined,
        grid: undefined,
        coverageTotals: undefined,
        blockers: undefined,
        overdueListed: undefined,
      });
      expect(p.chapters).toEqual(
        api.chapters.map((c) => ({
          chapter: c.chapter,
          mandatory: { compliant: c.mandatory.compliant, applicable: c.mandatory.applicable },
          other: { compliant: c.other.compliant, applicable: c.other.applicable },
          notApplicable: c.notApplicable,
        })),
      );
      expect(p.coverageTotals).toEqual(api.coverage.totals);
      const byNumber = (rows: { number: string }[]) => [...rows].sort((a, b) => a.number.localeCompare(b.number));
      expect(byNumber(p.grid)).toEqual(byNumber(api.coverage.rows.map((r) => ({ number: r.number, level: r.level, cells: r.cells, proofs: r.cells.map((c, i) => (c === 'present' ? r.proofs[i] : 0)) }))));
    });

    it("the readiness report's view model: verdict, chapters, coverage, blockers, deadlines", () => {
      const v = readinessReport.verdict;
      expect({
        state: v.state,
        meetsRule: v.meetsRule,
        mandatory: v.mandatory,
        other: v.other,
        thresholdPercent: v.thresholdPercent,
        mandatoryMissing: v.mandatoryMissing,
        compliantMissingProofs: v.compliantMissingProofs,
        compliantPendingReview: v.compliantPendingReview,
        otherNeededForThreshold: v.otherNeededForThreshold,
      }).toEqual({
        state: api.verdict.state,
        meetsRule: api.verdict.meetsRule,
        mandatory: { applicable: api.mandatory.applicable, compliant: api.mandatory.compliant, percent: api.mandatory.percent },
        other: { applicable: api.other.applicable, compliant: api.other.compliant, percent: api.other.percent },
        thresholdPercent: api.verdict.thresholdPercent,
        mandatoryMissing: api.verdict.mandatoryMissing,
        compliantMissingProofs: api.verdict.compliantMissingProofs,
        compliantPendingReview: api.verdict.compliantPendingReview,
        otherNeededForThreshold: api.verdict.otherNeededForThreshold,
      });
      expect(readinessReport.chapters.map((c) => ({ chapter: c.chapter, mandatory: c.mandatory, other: c.other }))).toEqual(
        api.chapters.map((c) => ({
          chapter: c.chapter,
          mandatory: { applicable: c.mandatory.applicable, compliant: c.mandatory.compliant },
          other: { applicable: c.other.applicable, compliant: c.other.compliant },
        })),
      );
      expect(readinessReport.coverage.currentYear).toBe(api.coverage.currentYear);
      expect(readinessReport.coverage.rows).toEqual(api.coverage.rows.map((r) => ({ number: r.number, level: r.level, cells: r.cells })));
      expect(readinessReport.blockers.map((b) => [b.number, b.reason, b.missingProofYears])).toEqual(api.blockers.map((b) => [b.number, b.reason, b.missingProofYears]));
      expect(readinessReport.exclusions).toHaveLength(api.notApplicable);
      expect(readinessReport.deadlines.overdueTotal ?? readinessReport.deadlines.overdue.length).toBe(api.deadlines.overdue);
      expect(readinessReport.deadlines.dueSoonTotal ?? readinessReport.deadlines.dueSoon.length).toBe(api.deadlines.dueSoon);
      // The lists themselves: the same deadlines (due date, days left, urgency) as the deadlines API.
      const listed = (state: string) =>
        apiDeadlines
          .filter((d) => d.state === state)
          .map((d) => `${d.dueOn}|${d.daysUntilDue}`)
          .sort();
      expect(readinessReport.deadlines.overdue.map((d) => `${d.dueOn}|${d.daysUntilDue}`).sort()).toEqual(listed('overdue'));
      expect(readinessReport.deadlines.dueSoon.map((d) => `${d.dueOn}|${d.daysUntilDue}`).sort()).toEqual(listed('due_soon'));
      expect(listed('overdue')).toHaveLength(api.deadlines.overdue);
      expect(listed('due_soon')).toHaveLength(api.deadlines.dueSoon);
      expect(readinessReport.deadlines.dueSoon.filter((d) => d.urgent).length).toBe(api.deadlines.urgent);
    });

    it("the footprint report's page: verdict, chapters, blockers, deadlines", () => {
      const page = footprint.departments.find((d) => d.department.id === dept[key]);
      expect(page).toBeDefined();
      expect(page!.verdict).toEqual(readinessReport.verdict);
      expect(page!.chapters.map((c) => ({ chapter: c.chapter, title: c.title, mandatory: c.mandatory, other: c.other }))).toEqual(
        api.chapters.map((c) => ({
          chapter: c.chapter,
          title: c.title,
          mandatory: expect.objectContaining({ applicable: c.mandatory.applicable, compliant: c.mandatory.compliant }),
          other: expect.objectContaining({ applicable: c.other.applicable, compliant: c.other.compliant }),
        })),
      );
      // One shape of chapter bar in every report (the readiness report's and the footprint's).
      for (const c of page!.chapters) for (const level of ['mandatory', 'other'] as const) expect(Object.keys(c[level]).sort()).toEqual(['applicable', 'compliant']);
      expect(page!.blockerTotal).toBe(api.blockerCount);
      expect(page!.blockers.map((b) => [b.number, b.reason, b.missingProofYears, b.missingProofPeriods])).toEqual(
        api.blockers.map((b) => [b.number, b.reason, b.missingProofYears, (b as { missingProofPeriods?: number }).missingProofPeriods]),
      );
      expect(page!.deadlines.overdueTotal ?? page!.deadlines.overdue.length).toBe(api.deadlines.overdue);
      expect(page!.deadlines.dueSoonTotal ?? page!.deadlines.dueSoon.length).toBe(api.deadlines.dueSoon);
      expect(page!.department.cycle?.year).toBe(api.cycle.currentYear);
    });

    it("the file review's per-year coverage is the grid's, for every applicable standard", () => {
      const reviewed = fileReview.chapters.flatMap((c) => c.standards.map((s) => ({ number: s.number, cells: s.years.map((y) => y.coverage) })));
      const applicableRows = api.coverage.rows.filter((r) => r.applicability === 'applicable').map((r) => ({ number: r.number, cells: r.cells }));
      expect(reviewed).toEqual(applicableRows);
      // The proofs it lists: those that count (pending or accepted, not withdrawn) are the grid's proof counts.
      const counting = fileReview.chapters.flatMap((c) =>
        c.standards.map((s) => ({ number: s.number, proofs: s.years.map((y) => y.proofs.filter((p) => p.reviewState === 'pending' || p.reviewState === 'accepted').length) })),
      );
      expect(counting).toEqual(api.coverage.rows.filter((r) => r.applicability === 'applicable').map((r) => ({ number: r.number, proofs: r.proofs })));
      const awaiting = fileReview.chapters.flatMap((c) => c.standards.flatMap((s) => s.years.flatMap((y) => y.proofs.filter((p) => p.reviewState === 'pending'))));
      expect(awaiting.length).toBe(api.proofsAwaitingReview);
      expect(fileReview.chapters.map((c) => c.chapter)).toEqual(api.chapters.filter((c) => c.mandatory.applicable + c.other.applicable > 0).map((c) => c.chapter));
    });
  });

  it('Pagedale, by hand: not applicable and waived, returned, withdrawn, pending and previous-cycle proofs', async () => {
    clock.set(NOW);
    const r = await readiness(dept.A);
    expect(r.cycle.currentYear).toBe(2);
    expect(r.notApplicable).toBe(3);
    // Mandatory, 9 applicable: 1.1.3, 1.2.9, 1.2.10 proven; 1.2.1 proven on a proof awaiting review;
    // 1.1.1 (its Q3 period overdue), 1.2.3 (returned), 1.2.5 (withdrawn), 1.2.7 (previous cycle only)
    // compliant missing proofs; 2.1.1 partial.
    expect(r.mandatory).toMatchObject({ applicable: 9, compliant: 4, compliantMissingProofs: 4, compliantPendingReview: 1 });
    // Other, 6 applicable: 1.1.2, 1.1.4, 2.1.2 proven, 1.2.2 pending, 1.2.4 returned (missing), 2.1.4 not assessed.
    expect(r.other).toEqual({ applicable: 6, compliant: 4, compliantMissingProofs: 1, compliantPendingReview: 1, percent: 66.6 });
    expect(r.verdict).toMatchObject({ state: 'not_ready', meetsRule: false, otherNeededForThreshold: 1 });
    const missing = r.blockers.filter((b) => b.reason === 'mandatory_missing_proofs').map((b) => b.number);
    expect(missing).toEqual(expect.arrayContaining(['1.2.3', '1.2.5', '1.2.7']));
    expect(r.blockers.find((b) => b.number === '2.1.1')?.reason).toBe('mandatory_not_compliant');
    // The year-1 cells: returned and withdrawn proofs leave them missing; the previous cycle's proof does not fill them.
    const row = (n: string) => r.coverage.rows.find((x) => x.number === n)!;
    for (const n of ['1.2.3', '1.2.4', '1.2.5', '1.2.7']) expect(row(n).cells).toEqual(['missing', 'missing', 'not_required', 'not_required']);
    expect(row('1.2.1').cells).toEqual(['present', 'missing', 'not_required', 'not_required']);
    expect(row('1.1.1')).toMatchObject({ cells: ['present', 'missing', 'not_required', 'not_required'], proofs: [3, 0, 0, 0] });
    expect(row('1.2.8').cells).toEqual(['not_required', 'not_required', 'not_required', 'not_required']);
    // Awaiting review in the current cycle: 1.1.1 (Q4), 1.2.1, 1.2.2.
    expect(r.proofsAwaitingReview).toBe(3);
  });

  it('Pagedale, by hand: the quarterly activity has one overdue period (Q3 of year 1), the memo meets Q2', async () => {
    clock.set(NOW);
    const r = await readiness(dept.A);
    const body = (await request(t.server).get(`/api/departments/${dept.A}/deadlines?limit=500`).set(bearer(admin)).expect(200)).body as {
      items: { standardNumber?: string; key: string; state: string }[];
    };
    const ofActivity = body.items.filter((d) => d.standardNumber === '1.1.1' && d.key.startsWith('2025-Y1-'));
    expect(ofActivity.map((d) => [d.key, d.state]).sort()).toEqual([
      ['2025-Y1-Q1', 'met'],
      ['2025-Y1-Q2', 'met'],
      ['2025-Y1-Q3', 'overdue'],
      ['2025-Y1-Q4', 'met_awaiting_review'],
    ]);
    expect(r.deadlines.overdue).toBeGreaterThanOrEqual(1);
  });

  it('Pagedale, the rule for due periods: an overdue unmet period makes the compliant time-sensitive standard "compliant missing proofs"', async () => {
    clock.set(NOW);
    // 1.1.1 is recorded compliant and has year-1 proofs, but its 2025-Y1-Q3 period ended unmet.
    // Issue 18's engine counts it compliant missing proofs, so mandatory compliant 4 of 9 (1.1.3, 1.2.1, 1.2.9, 1.2.10).
    const r = await readiness(dept.A);
    expect(r.mandatory).toEqual({ applicable: 9, compliant: 4, compliantMissingProofs: 4, compliantPendingReview: 1, percent: 44.4 });
    expect(r.blockers.find((b) => b.number === '1.1.1')?.reason).toBe('mandatory_missing_proofs');
  });

  it('Normandy, by hand: ready once the two proofs awaiting review are accepted', async () => {
    clock.set(NOW);
    const r = await readiness(dept.B);
    expect(r.cycle.currentYear).toBe(2);
    expect(r.mandatory).toEqual({ applicable: 10, compliant: 10, compliantMissingProofs: 0, compliantPendingReview: 1, percent: 100 });
    expect(r.other).toEqual({ applicable: 7, compliant: 7, compliantMissingProofs: 0, compliantPendingReview: 1, percent: 100 });
    expect(r.verdict).toMatchObject({ state: 'ready_pending_review', meetsRule: true, compliantPendingReview: 2 });
    expect(r.blockers).toEqual([]);
    expect(r.proofsAwaitingReview).toBe(2);
    expect(r.notApplicable).toBe(1);
  });

  it('Cool Valley, by hand: compliant on paper only counts nowhere', async () => {
    clock.set(NOW);
    const r = await readiness(dept.C);
    expect(r.cycle.currentYear).toBe(4);
    expect(r.mandatory).toEqual({ applicable: 11, compliant: 0, compliantMissingProofs: 2, compliantPendingReview: 0, percent: 0 });
    expect(r.other).toEqual({ applicable: 7, compliant: 0, compliantMissingProofs: 1, compliantPendingReview: 0, percent: 0 });
    expect(r.verdict).toMatchObject({ state: 'not_ready', mandatoryMissing: 11, compliantMissingProofs: 3 });
  });

  it('the generated readiness PDF prints the verdict words and the percents of the API', async () => {
    clock.set(NOW);
    for (const key of ['A', 'B'] as const) {
      const api = await readiness(dept[key]);
      const res = await request(t.server).post(`/api/departments/${dept[key]}/reports`).set(bearer(admin)).send({ kind: 'readiness' });
      if (res.status !== 201) throw new Error(`report generation failed: ${res.status} ${JSON.stringify(res.body)}`);
      const bytes = (await request(t.server).get(res.body.contentUrl).set(bearer(admin)).buffer(true).parse(binary).expect(200)).body as Buffer;
      const path = join(dir, `${key}.pdf`);
      await writeFile(path, bytes);
      const flat = flatText(await pdfText(path));
      expect(flat).toContain(VERDICT_LABELS[api.verdict.state].toUpperCase());
      for (const [other] of Object.entries(VERDICT_LABELS).filter(([s]) => s !== api.verdict.state)) {
        // 'READY' is part of 'NOT READY' and 'READY ONCE REVIEWED': only the other labels that are not substrings count.
        const label = VERDICT_LABELS[other as ApiVerdict['state']].toUpperCase();
        if (!VERDICT_LABELS[api.verdict.state].toUpperCase().includes(label)) expect(flat).not.toContain(label);
      }
      expect(flat).toContain(`${api.mandatory.compliant} of ${api.mandatory.applicable} compliant (100% required)`);
      expect(flat).toContain(`${api.other.compliant} of ${api.other.applicable} compliant (${api.verdict.thresholdPercent}% required)`);
      expect(flat).toContain(`${round1(api.mandatory.percent)}%`);
      expect(flat).toContain(`${round1(api.other.percent)}%`);
    }
  }, 120_000);
});
