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
 * 24 departments on 461 standards). No bytes are stored: only metadata rows.
 */
export async function seedFootprint(dataSource: DataSource, manualId: string, count = 24): Promise<SeededFootprint> {
  return dataSource.transaction(async (manager) => {
    const departments: { id: string }[] = await manager.query(
      `INSERT INTO department (name, short_name, program_tier, sworn_officers, award_date, accreditation_status, manual_id, version)
       SELECT 'Bench Department ' || g, 'Bench ' || g, 'advanced', 10 + g * 20, date '2023-01-02' + g * 7, 'accredited', $1, 1
         FROM generate_series(1, $2::int) g
       RETURNING id`,
      [manualId, count],
    );
    const ids = departments.map((d) => d.id);
    await manager.query(
      `INSERT INTO standard_file (department_id, standard_id, standard_number, sort_key, level, in_scope, version, result, status)
       SELECT d.id, s.id, s.number, s.sort_key, s.level_b, true, 1,
              (ARRAY['compliant', 'compliant', 'compliant', 'compliant', 'not_assessed', 'partially_compliant', 'non_compliant'])[1 + abs(hashtext(d.id::text || s.number)) % 7],
              'in_progress'
         FROM department d CROSS JOIN standard s
        WHERE d.id = ANY($1::uuid[]) AND s.manual_id = $2`,
      [ids, manualId],
    );
    await manager.query(
      `CREATE TEMP TABLE bench_link ON COMMIT DROP AS
       SELECT f.id AS file_id, f.department_id, y AS cycle_year, n,
              encode(sha256(convert_to(f.id::text || '/' || y || '/' || n, 'UTF8')), 'hex') AS sha256,
              d.award_date + (y - 1) * 365 + (abs(hashtext(f.id::text || y || n)) % 300) AS effective_date,
              d.award_date AS cycle_starts_on
         FROM standard_file f JOIN department d ON d.id = f.department_id
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
