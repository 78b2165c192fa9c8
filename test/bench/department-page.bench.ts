import http from 'node:http';
import { cpus } from 'node:os';
import type { Actor } from '../../src/identity/access/actor';
import { DepartmentPageService } from '../../src/web/department/department-page.service';
import { createTestApp, TestApp } from '../support/test-app';
import { seedFootprint, SeededFootprint } from './support/footprint-seed';
import { formatMb, formatMs, lifetimePeakRssBytes, Measurement, measureInterleaved, printTable, summarize } from './support/measure';
import { SYNTHETIC_STANDARD_COUNT } from '../../src/standards/rules/synthetic-manual';
import { getOver, importSyntheticManual, listenWithAdmin, positiveInt } from './support/bench-app';

/**
 * The department page (GET /department/:id: readiness, chapters, coverage grid, deadlines and the
 * first page of files, rendered as HTML) against the JSON readiness API of the same department,
 * on a full-size footprint: 24 Advanced departments on the synthetic 461-standard manual with four
 * cycle years of proof metadata. Timings are printed, never asserted; `expect` only checks that
 * every run really did the work.
 */

const ITERATIONS = positiveInt('BENCH_ITERATIONS', 30);
const WARMUP = positiveInt('BENCH_WARMUP', 5, true);
const DEPARTMENTS = 24;
const TARGET_MS = 300;

const BASE = 'API: GET /api/departments/:id/readiness (JSON)';
const PAGE = 'page: GET /department/:id';
const PAGE_MISSING = 'page: GET /department/:id?missing=1 (informational)';
const PAGE_CHAPTER = 'page: GET /department/:id?chapter=41 (informational)';
const SERVICE = 'DepartmentPageService.view() in process (informational)';

describe('department page benchmark', () => {
  let t: TestApp;
  let baseUrl: string;
  let auth: Record<string, string>;
  let admin: Actor;
  let seeded: SeededFootprint;

  // One connection, kept alive between requests.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    t = await createTestApp();
    ({ baseUrl, auth, admin } = await listenWithAdmin(t));

    const importedManualId = await importSyntheticManual(baseUrl, auth);

    seeded = await seedFootprint(t.dataSource, importedManualId, DEPARTMENTS);
    // Some files assigned, so the assignee column and the people read have something to show.
    const [someone]: { id: string }[] = await t.dataSource.query(`SELECT id FROM app_user WHERE email = 'bench-admin@example.org'`);
    await t.dataSource.query(`UPDATE standard_file SET assignee_user_id = $1 WHERE standard_number LIKE '4%'`, [someone.id]);
    // The seed files a proof for every year; chapter 41 of the measured department loses its proofs, so "missing proofs" finds files.
    await t.dataSource.query(
      `UPDATE proof_link SET withdrawn_at = now() WHERE standard_file_id IN (SELECT id FROM standard_file WHERE department_id = $1 AND standard_number LIKE '41.%')`,
      [seeded.departmentIds[Math.floor(DEPARTMENTS / 2)]],
    );
    await t.dataSource.query('ANALYZE');
  });
  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  it('renders the department page of a 461-standard department: the page against the JSON readiness API', async () => {
    expect(seeded.files).toBe(DEPARTMENTS * SYNTHETIC_STANDARD_COUNT);
    const departmentId = seeded.departmentIds[Math.floor(DEPARTMENTS / 2)];
    const service = t.app.get(DepartmentPageService);

    const sizes: Record<string, number> = {};
    const get = async (name: string, path: string): Promise<void> => {
      const res = await getOver(agent, baseUrl, path, auth);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.body.subarray(0, 300).toString()}`);
      sizes[name] = res.body.length;
    };
    const rows = await measureInterleaved(
      [
        { name: BASE, run: () => get(BASE, `/api/departments/${departmentId}/readiness`) },
        { name: PAGE, run: () => get(PAGE, `/department/${departmentId}`) },
        { name: PAGE_MISSING, run: () => get(PAGE_MISSING, `/department/${departmentId}?missing=1`) },
        { name: PAGE_CHAPTER, run: () => get(PAGE_CHAPTER, `/department/${departmentId}?chapter=41`) },
        { name: SERVICE, run: () => service.view(admin, departmentId, {}) },
      ],
      { iterations: ITERATIONS, warmup: WARMUP },
    );

    // The page did the work: every standard in the grid, the first page of files, the chapters.
    const html = (await getOver(agent, baseUrl, `/department/${departmentId}`, auth)).body.toString('utf8');
    const grid = /<section id="coverage"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(grid.match(/<details class="grid-chapter"/g)?.length).toBeGreaterThan(40);
    expect(grid.match(/<tr><th scope="row"><a href="\/department\/[^/]+\/files\//g)).toHaveLength(SYNTHETIC_STANDARD_COUNT);
    expect(grid.match(/<td class="cov cv-[pmn]">/g)).toHaveLength(SYNTHETIC_STANDARD_COUNT * 4);
    expect(/class="result-count" role="status"><strong>(\d+)<\/strong>/.exec(html)?.[1]).toBe(String(SYNTHETIC_STANDARD_COUNT));
    const [{ n }]: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM standard_file WHERE department_id = $1 AND standard_number LIKE '41.%'`, [departmentId]);
    const view = await service.view(admin, departmentId, { missing: '1' });
    expect(n).toBeGreaterThan(0);
    expect(view.files.total).toBe(n);
    report(rows, sizes, seeded.proofLinks);
  });
});

function report(rows: Measurement[], sizes: Record<string, number>, links: number): void {
  const stats = (name: string) => summarize(rows.find((r) => r.name === name)?.samples ?? []);
  const page = stats(PAGE);
  const base = stats(BASE);
  const kib = (name: string): string => `${((sizes[name] ?? 0) / 1024).toFixed(1)} KiB`;
  const met = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');
  printTable(
    `Department page of one department (461 files; ${DEPARTMENTS} departments, ${links} proof links in the database); ` +
      `${ITERATIONS} timed rounds after ${WARMUP} warm-up rounds, rows interleaved`,
    rows,
    {
      baseline: BASE,
      notes: [
        `Target (issue): the department page renders in under ${TARGET_MS} ms of server time with 461 standards: ${met(page.p95 < TARGET_MS)} ` +
          `(p50 ${formatMs(page.p50)} ms, p95 ${formatMs(page.p95)} ms; ${(page.p50 / base.p50).toFixed(2)}x the JSON readiness API's p50).`,
        `Sizes: page ${kib(PAGE)} of HTML (${kib(PAGE_MISSING)} with ?missing=1, ${kib(PAGE_CHAPTER)} with ?chapter=41); readiness JSON ${kib(BASE)}.`,
        'Baseline: the JSON readiness of the same department, which the page includes (summary, chapters, 461-row coverage grid, blockers). ' +
          'The page reads the readiness with the deadline schedule it is computed from (ReadinessService.forDepartmentWithDeadlines), ' +
          'the department, the first 100 files and the people to assign, side by side, and renders the HTML.',
        'Every row is timed from the client (node:http, one keep-alive connection, bearer session) except the in-process row (no HTTP, no session lookup, no rendering).',
        `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; test PostgreSQL (fsync and synchronous_commit off); ` +
          `peak RSS of this process so far ${formatMb(lifetimePeakRssBytes())} MB.`,
      ],
    },
  );
}

