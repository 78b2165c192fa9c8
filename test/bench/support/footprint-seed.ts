import type { DataSource } from 'typeorm';

export interface SeededFootprint {
  departmentIds: string[];
  files: number;
  proofLinks: number;
}

/**
 * A footprint at full size for benchmarks, written with set-based SQL: `count` Advanced
 * departments on the given manual (one file per standard, results spread deterministically) and
 * four cycle years of proof metadata (one or two proofs per file and year, about 80,000 links for
 * 24 departments on 461 standards). With `secondManualId`, every department is enrolled in that
 * manual's program too (a second enrolment, its award 100 days later), with files and proofs of its
 * own in the same way: the footprint of departments in two programs. No bytes are stored: only
 * metadata rows.
 */
export async function seedFootprint(dataSource: DataSource, manualId: string, count = 24, options: { secondManualId?: string } = {}): Promise<SeededFootprint> {
  return dataSource.transaction(async (manager) => {
    const departments: { id: string }[] = await manager.query(
      `WITH g AS (SELECT gen_random_uuid() AS id, g FROM generate_series(1, $2::int) g),
            dep AS (INSERT INTO department (id, name, short_name, sworn_officers, version)
                    SELECT id, 'Bench Department ' || g, 'Bench ' || g, 10 + g * 20, 1 FROM g RETURNING id),
            en AS (INSERT INTO enrolment (department_id, program_id, "primary", manual_id, program_tier, award_date, accreditation_status, version)
                   SELECT id, (SELECT program_id FROM manual WHERE id = $1), true, $1, 'advanced', date '2023-01-02' + g * 7, 'accredited', 1 FROM g)
       SELECT dep.id FROM dep JOIN g ON g.id = dep.id ORDER BY g.g`,
      [manualId, count],
    );
    const ids = departments.map((d) => d.id);
    if (options.secondManualId) {
      await manager.query(
        `INSERT INTO enrolment (department_id, program_id, "primary", manual_id, program_tier, award_date, accreditation_status, version)
         SELECT e.department_id, (SELECT program_id FROM manual WHERE id = $2), false, $2, 'advanced', e.award_date + 100, 'accredited', 1
           FROM enrolment e WHERE e.department_id = ANY($1::uuid[]) AND e."primary"`,
        [ids, options.secondManualId],
      );
    }
    await manager.query(
      `INSERT INTO standard_file (department_id, enrolment_id, standard_id, standard_number, sort_key, level, in_scope, version, result, status)
       SELECT e.department_id, e.id, s.id, s.number, s.sort_key, s.level_b, true, 1,
              (ARRAY['compliant', 'compliant', 'compliant', 'compliant', 'not_assessed', 'partially_compliant', 'non_compliant'])[1 + abs(hashtext(e.id::text || s.number)) % 7],
              'in_progress'
         FROM enrolment e JOIN standard s ON s.manual_id = e.manual_id
        WHERE e.department_id = ANY($1::uuid[])`,
      [ids],
    );
    await manager.query(
      `CREATE TEMP TABLE bench_link ON COMMIT DROP AS
       SELECT f.id AS file_id, f.department_id, y AS cycle_year, n,
              encode(sha256(convert_to(f.id::text || '/' || y || '/' || n, 'UTF8')), 'hex') AS sha256,
              e.award_date + (y - 1) * 365 + (abs(hashtext(f.id::text || y || n)) % 300) AS effective_date,
              e.award_date AS cycle_starts_on
         FROM standard_file f JOIN enrolment e ON e.id = f.enrolment_id
        CROSS JOIN generate_series(1, 4) y CROSS JOIN generate_series(1, 2) n
        WHERE f.department_id = ANY($1::uuid[]) AND (n = 1 OR abs(hashtext(f.id::text || y)) % 5 < 4)`,
      [ids],
    );
    await manager.query(
      `INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key)
       SELECT sha256, 1000 + abs(hashtext(sha256)) % 500000, 'application/pdf', 'bench/' || sha256 FROM bench_link`,
    );
    await manager.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date)
       SELECT department_id, sha256, 'proof-' || cycle_year || '-' || n || '.pdf',
              CASE WHEN abs(hashtext(sha256)) % 20 = 0 THEN 'no_activity_memo' ELSE 'document' END, effective_date
         FROM bench_link`,
    );
    const [{ links }]: { links: number }[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, version)
         SELECT p.id, l.file_id, l.cycle_starts_on, l.cycle_year,
                CASE WHEN abs(hashtext(l.sha256)) % 10 < 8 THEN 'accepted' ELSE 'pending' END, 1
           FROM bench_link l JOIN proof p ON p.sha256 = l.sha256
         RETURNING 1)
       SELECT count(*)::int AS links FROM inserted`,
    );
    const [{ files }]: { files: number }[] = await manager.query('SELECT count(*)::int AS files FROM standard_file WHERE department_id = ANY($1::uuid[])', [ids]);
    return { departmentIds: ids, files, proofLinks: links };
  });
}

export interface SeededMixedFootprint extends SeededFootprint {
  /** Departments per program tier and per size class, as generated. */
  tiers: Record<string, number>;
  sizeClasses: Record<string, number>;
  proofs: number;
  notApplicable: number;
  waived: number;
  /** Wall-clock time of the whole generation, in ms. */
  generationMs: number;
}

/**
 * A generated footprint of `count` departments for benchmarks at scale, with set-based SQL only
 * (INSERT … SELECT generate_series …), `batch` departments per transaction:
 * - program tiers mixed: every third department is Tier 1 (its files for standards outside
 *   Tier 1 are out of scope), the others Advanced;
 * - size classes mixed: sworn counts cycle through A (1-24), B (25-199), C (200-499) and
 *   D (500+), and each file's level is the standard's level for that class;
 * - award dates spread over the last four years, so departments sit in every cycle year;
 * - four cycle years of proofs (one or two per file and year, as seedFootprint), plus, for
 *   time-sensitive standards (a frequency), one more proof per quarter of each year;
 * - about 3% of files not applicable (with a reason) and 1% waived (with a reference and date).
 * Only base tables are written, and the database's own triggers run as they would for any writer
 * (the batches keep each transaction's set of touched departments small). No bytes are stored.
 */
export async function seedMixedFootprint(dataSource: DataSource, manualId: string, count: number, batch = 25): Promise<SeededMixedFootprint> {
  const started = Date.now();
  const ids: string[] = [];
  for (let first = 1; first <= count; first += batch) {
    const last = Math.min(count, first + batch - 1);
    ids.push(...(await seedMixedBatch(dataSource, manualId, first, last)));
  }
  const generationMs = Date.now() - started;
  const [summary]: { files: number; links: number; proofs: number; not_applicable: number; waived: number }[] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM standard_file WHERE department_id = ANY($1::uuid[])) AS files,
            (SELECT count(*)::int FROM proof_link l JOIN standard_file f ON f.id = l.standard_file_id WHERE f.department_id = ANY($1::uuid[])) AS links,
            (SELECT count(*)::int FROM proof WHERE department_id = ANY($1::uuid[])) AS proofs,
            (SELECT count(*)::int FROM standard_file WHERE department_id = ANY($1::uuid[]) AND applicability = 'not_applicable') AS not_applicable,
            (SELECT count(*)::int FROM standard_file WHERE department_id = ANY($1::uuid[]) AND applicability = 'waived') AS waived`,
    [ids],
  );
  const tally = async (expression: string): Promise<Record<string, number>> => {
    const rows: { k: string; n: number }[] = await dataSource.query(
      `SELECT ${expression} AS k, count(*)::int AS n FROM department d JOIN enrolment e ON e.department_id = d.id AND e."primary" WHERE d.id = ANY($1::uuid[]) GROUP BY 1 ORDER BY 1`,
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  };
  return {
    departmentIds: ids,
    files: summary.files,
    proofLinks: summary.links,
    proofs: summary.proofs,
    notApplicable: summary.not_applicable,
    waived: summary.waived,
    tiers: await tally('program_tier'),
    sizeClasses: await tally(`CASE WHEN sworn_officers < 25 THEN 'A' WHEN sworn_officers < 200 THEN 'B' WHEN sworn_officers < 500 THEN 'C' ELSE 'D' END`),
    generationMs,
  };
}

async function seedMixedBatch(dataSource: DataSource, manualId: string, first: number, last: number): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    const departments: { id: string }[] = await manager.query(
      `WITH g AS (SELECT gen_random_uuid() AS id, g FROM generate_series($2::int, $3::int) g),
            dep AS (INSERT INTO department (id, name, short_name, sworn_officers, version)
                    SELECT id, 'Scale Department ' || g, 'Scale ' || g, (ARRAY[12, 80, 320, 900])[1 + g % 4] + g % 7, 1 FROM g RETURNING id),
            en AS (INSERT INTO enrolment (department_id, program_id, "primary", manual_id, program_tier, award_date, accreditation_status, version)
                   SELECT id, (SELECT program_id FROM manual WHERE id = $1), true, $1, CASE WHEN g % 3 = 0 THEN 'tier1' ELSE 'advanced' END,
                          current_date - 30 - (g * 37) % 1400, 'accredited', 1 FROM g)
       SELECT dep.id FROM dep JOIN g ON g.id = dep.id ORDER BY g.g`,
      [manualId, first, last],
    );
    const ids = departments.map((d) => d.id);
    await manager.query(
      `INSERT INTO standard_file (department_id, enrolment_id, standard_id, standard_number, sort_key, level, in_scope, version, result, status,
                                  applicability, applicability_reason, waiver_reference, waiver_date)
       SELECT d.id, d.enrolment_id, s.id, s.number, s.sort_key,
              CASE WHEN d.sworn_officers < 25 THEN s.level_a WHEN d.sworn_officers < 200 THEN s.level_b WHEN d.sworn_officers < 500 THEN s.level_c ELSE s.level_d END,
              d.program_tier <> 'tier1' OR s.tier1, 1,
              (ARRAY['compliant', 'compliant', 'compliant', 'compliant', 'not_assessed', 'partially_compliant', 'non_compliant'])[1 + abs(hashtext(d.id::text || s.number)) % 7],
              'in_progress',
              CASE WHEN h.v < 3 THEN 'not_applicable' WHEN h.v < 4 THEN 'waived' ELSE 'applicable' END,
              CASE WHEN h.v < 3 THEN 'The agency has no such function (bench).' END,
              CASE WHEN h.v = 3 THEN 'CALEA-W-' || abs(hashtext(s.number)) % 10000 END,
              CASE WHEN h.v = 3 THEN d.award_date END
         FROM (SELECT d.id, d.sworn_officers, e.id AS enrolment_id, e.award_date, e.program_tier FROM department d JOIN enrolment e ON e.department_id = d.id AND e."primary") d CROSS JOIN standard s
        CROSS JOIN LATERAL (SELECT abs(hashtext(s.number || d.id::text || 'a')) % 100 AS v) h
        WHERE d.id = ANY($1::uuid[]) AND s.manual_id = $2`,
      [ids, manualId],
    );
    // Four cycle years back from today: a department in cycle year k has proofs for years 1..k (its later years have not begun).
    await manager.query(
      `CREATE TEMP TABLE bench_link ON COMMIT DROP AS
       SELECT file_id, department_id, cycle_year, n, sha256, effective_date, cycle_starts_on FROM (
         SELECT f.id AS file_id, f.department_id, y AS cycle_year, n,
                encode(sha256(convert_to(f.id::text || '/' || y || '/' || n, 'UTF8')), 'hex') AS sha256,
                CASE WHEN n <= 2 THEN d.award_date + (y - 1) * 365 + (abs(hashtext(f.id::text || y || n)) % 300)
                     ELSE d.award_date + (y - 1) * 365 + (n - 3) * 91 + abs(hashtext(f.id::text || y || n)) % 60 END AS effective_date,
                d.award_date AS cycle_starts_on
           FROM standard_file f JOIN (SELECT d.id, d.sworn_officers, e.id AS enrolment_id, e.award_date, e.program_tier FROM department d JOIN enrolment e ON e.department_id = d.id AND e."primary") d ON d.id = f.department_id JOIN standard s ON s.id = f.standard_id
          CROSS JOIN generate_series(1, 4) y CROSS JOIN generate_series(1, 6) n
          WHERE f.department_id = ANY($1::uuid[])
            AND (n = 1 OR (n = 2 AND abs(hashtext(f.id::text || y)) % 5 < 4) OR (n > 2 AND s.frequency IS NOT NULL))) x
        WHERE effective_date < current_date`,
      [ids],
    );
    await manager.query('ANALYZE bench_link');
    await manager.query(
      `INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key)
       SELECT sha256, 1000 + abs(hashtext(sha256)) % 500000, 'application/pdf', 'bench/' || sha256 FROM bench_link`,
    );
    // The new proofs are joined to their links straight from the INSERT's RETURNING, not through the
    // whole (and, mid-generation, not yet analysed) proof table.
    await manager.query(
      `WITH p AS (
         INSERT INTO proof (department_id, sha256, file_name, kind, effective_date)
         SELECT department_id, sha256, 'proof-' || cycle_year || '-' || n || '.pdf',
                CASE WHEN abs(hashtext(sha256)) % 20 = 0 THEN 'no_activity_memo' ELSE 'document' END, effective_date
           FROM bench_link
         RETURNING id, sha256)
       INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, review_state, version)
       SELECT p.id, l.file_id, l.cycle_starts_on, l.cycle_year,
              CASE WHEN abs(hashtext(l.sha256)) % 10 < 8 THEN 'accepted' ELSE 'pending' END, 1
         FROM bench_link l JOIN p ON p.sha256 = l.sha256`,
    );
    return ids;
  });
}
