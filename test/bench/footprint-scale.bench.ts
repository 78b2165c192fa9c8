import http from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Clock } from '../../src/common/clock';
import { ComplianceKeeper } from '../../src/compliance/compliance-keeper.service';
import { ComplianceRepository } from '../../src/compliance/compliance.repository';
import { ComplianceService } from '../../src/compliance/compliance.service';
import { createTestApp, TestApp } from '../support/test-app';
import { seedMixedFootprint, SeededMixedFootprint } from './support/footprint-seed';
import { formatMb, formatMs, lifetimePeakRssBytes, Measurement, measureInterleaved, printTable, summarize } from './support/measure';
import { getOver, importSyntheticManual, listenWithAdmin, positiveInt } from './support/bench-app';

/**
 * The footprint at scale: `GET /api/readiness` for an administrator over a generated footprint of
 * BENCH_FOOTPRINT_DEPARTMENTS departments (default 1,000; Tier 1 and Advanced, size classes A-D,
 * four years of proofs, time-sensitive proofs, files not applicable and waived), against bare SQL
 * written here that computes each department's figures from the base tables. The bench depends
 * only on HTTP routes, base tables and the seed helpers, not on how readiness is computed inside.
 * Timings are printed, never asserted; `expect` only checks that every run did the work.
 */

const ITERATIONS = positiveInt('BENCH_ITERATIONS', 15);
const WARMUP = positiveInt('BENCH_WARMUP', 3, true);
const DEPARTMENTS = positiveInt('BENCH_FOOTPRINT_DEPARTMENTS', 1000);
const TARGET_P50_MS = 300;

const BASE = `bare SQL: per-department figures from base tables, ${DEPARTMENTS} departments`;
const API = `API: GET /api/readiness (admin, ${DEPARTMENTS} departments)`;
const HEALTH = 'GET /health round trip (informational)';
const AFTER_START = 'figures alone, first after a start: an engine with empty memory reads department_figures (in process, informational)';

/** One row per department, from the base tables: in-scope applicable files by level, those compliant with a counting proof for every ended cycle year, and proofs awaiting review. */
interface BareRow {
  department_id: string;
  mandatory: number;
  other: number;
  compliant_with_proofs: number;
  pending: number;
}

const BARE_SQL = `
  WITH d AS (
    SELECT id, award_date, least(4, greatest(1, (current_date - award_date) / 365 + 1)) AS current_year
      FROM department WHERE archived_at IS NULL AND award_date IS NOT NULL),
  per_file AS (
    SELECT f.department_id, f.id, f.level, f.result, d.current_year,
           (SELECT count(DISTINCT l.cycle_year) FROM proof_link l
             WHERE l.standard_file_id = f.id AND l.cycle_starts_on = d.award_date AND l.withdrawn_at IS NULL
               AND l.review_state IN ('pending', 'accepted') AND l.cycle_year < d.current_year) AS years_covered,
           (SELECT count(*) FROM proof_link l WHERE l.standard_file_id = f.id AND l.review_state = 'pending' AND l.withdrawn_at IS NULL) AS pending
      FROM standard_file f JOIN d ON d.id = f.department_id
     WHERE f.in_scope)
  SELECT department_id,
         count(*) FILTER (WHERE level = 'M')::int AS mandatory,
         count(*) FILTER (WHERE level = 'O')::int AS other,
         count(*) FILTER (WHERE result = 'compliant' AND years_covered = current_year - 1)::int AS compliant_with_proofs,
         sum(pending)::int AS pending
    FROM per_file GROUP BY department_id`;

describe('footprint at scale benchmark', () => {
  let t: TestApp;
  let baseUrl: string;
  let auth: Record<string, string>;
  let seeded: SeededMixedFootprint;
  let keeperMs = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    t = await createTestApp();
    ({ baseUrl, auth } = await listenWithAdmin(t));
    const manualId = await importSyntheticManual(baseUrl, auth);
    seeded = await seedMixedFootprint(t.dataSource, manualId, DEPARTMENTS);
    // As autovacuum would have done on a real database, and so that it does not run during the timed rounds.
    await t.dataSource.query('VACUUM ANALYZE');
    // What the figures keeper does in the background after the changes (READINESS_FIGURES_REFRESH_SECONDS).
    const started = performance.now();
    expect(await t.app.get(ComplianceKeeper).keepCurrent()).toEqual({ skipped: false, computed: DEPARTMENTS });
    keeperMs = performance.now() - started;
  }, 60 * 60 * 1000);
  afterAll(async () => {
    agent.destroy();
    await t?.close();
  });

  it(`reads the footprint of ${DEPARTMENTS} departments: the API against bare SQL over the base tables`, async () => {
    expect(seeded.departmentIds).toHaveLength(DEPARTMENTS);
    expect(seeded.proofLinks).toBeGreaterThan(seeded.files);
    let apiBytes = 0;
    let apiDepartments = 0;
    const rows = await measureInterleaved(
      [
        {
          name: BASE,
          run: async () => {
            const r: BareRow[] = await t.dataSource.query(BARE_SQL);
            if (r.length !== DEPARTMENTS) throw new Error(`the bare SQL read ${r.length} departments`);
          },
        },
        {
          name: API,
          run: async () => {
            const res = await getOver(agent, baseUrl, '/api/readiness', auth);
            if (res.status !== 200) throw new Error(`/api/readiness answered ${res.status}: ${res.body.subarray(0, 300).toString()}`);
            apiBytes = res.body.length;
            apiDepartments = (JSON.parse(res.body.toString('utf8')) as { departments: unknown[] }).departments.length;
          },
        },
        {
          name: AFTER_START,
          run: async () => {
            const engine = new ComplianceService(t.dataSource, t.config, t.app.get(ComplianceRepository), t.app.get(Clock));
            if ((await engine.summariesOf('all')).length !== DEPARTMENTS) throw new Error('the engine read too few departments');
          },
        },
        {
          name: HEALTH,
          run: async () => {
            const res = await getOver(agent, baseUrl, '/health', {});
            if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
          },
        },
      ],
      { iterations: ITERATIONS, warmup: WARMUP },
    );
    expect(apiDepartments).toBe(DEPARTMENTS);

    // The API lists exactly the generated departments.
    const footprint = JSON.parse((await getOver(agent, baseUrl, '/api/readiness', auth)).body.toString('utf8')) as { departments: { departmentId: string }[] };
    expect(footprint.departments.map((d) => d.departmentId).sort()).toEqual([...seeded.departmentIds].sort());
    report(rows, apiBytes);
  });

  function report(rows: Measurement[], apiBytes: number): void {
    const api = summarize(rows.find((r) => r.name === API)?.samples ?? []);
    const base = summarize(rows.find((r) => r.name === BASE)?.samples ?? []);
    printTable(
      `Readiness of a generated footprint of ${DEPARTMENTS} departments (${seeded.files} files, ${seeded.proofs} proofs, ${seeded.proofLinks} proof links, ` +
        `${(apiBytes / 1024).toFixed(1)} KiB of JSON); ${ITERATIONS} timed rounds after ${WARMUP} warm-up rounds, rows interleaved`,
      rows,
      {
        baseline: BASE,
        notes: [
          `Generated in ${(seeded.generationMs / 1000).toFixed(1)} s with set-based SQL (batches of 25 departments, the database's triggers on): ` +
            `tiers ${JSON.stringify(seeded.tiers)}, size classes ${JSON.stringify(seeded.sizeClasses)}, ${seeded.notApplicable} files not applicable, ${seeded.waived} waived.`,
          `The figures keeper then computed and kept every department's figures in ${(keeperMs / 1000).toFixed(1)} s (${formatMs(keeperMs / DEPARTMENTS)} ms a department), as it does in the background after changes and on a new day.`,
          `Target (issue): GET /api/readiness for an administrator, p50 under ${TARGET_P50_MS} ms: ${api.p50 < TARGET_P50_MS ? 'MET' : 'NOT MET'} ` +
            `(p50 ${formatMs(api.p50)} ms, ${(api.p50 / base.p50).toFixed(2)}x the bare SQL's ${formatMs(base.p50)} ms; ${formatMs(api.p50 / DEPARTMENTS)} ms per department).`,
          'Baseline: one statement written in the bench, over the base tables only (department, standard_file, proof_link): per department, in-scope files by level, ' +
            'compliant files with a counting proof for every ended cycle year, and proofs awaiting review. It is the least the figures cost when computed on request; ' +
            'the API computes more (deadlines, chapters, blockers) or keeps them ready, so a ratio under 1 means figures kept ready.',
          `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; test PostgreSQL (fsync off); peak RSS of this process so far ${formatMb(lifetimePeakRssBytes())} MB.`,
        ],
      },
    );
  }
});
