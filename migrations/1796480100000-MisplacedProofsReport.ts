import { MigrationInterface, QueryRunner } from 'typeorm';

interface MisplacedCount {
  departmentId: string;
  department: string;
  live: number;
  misplaced: number;
}

/**
 * Per department: live filings, and those whose stored cycle or cycle year disagrees with the
 * cycle and year their effective date falls in (counted in four-year cycles from the award date,
 * or from the day the department was entered before an award). Read only.
 * Periods are checked by the full report (`GET /api/departments/:id/proofs/misplaced`).
 */
async function misplacedProofCounts(queryRunner: QueryRunner): Promise<MisplacedCount[]> {
  const rows = (await queryRunner.query(
    `WITH filing AS (
       SELECT f.department_id, p.effective_date AS d, l.cycle_starts_on, l.cycle_year,
              COALESCE(dep.award_date, (dep.created_at AT TIME ZONE 'UTC')::date) AS a
         FROM proof_link l
         JOIN proof p ON p.id = l.proof_id
         JOIN standard_file f ON f.id = l.standard_file_id
         JOIN department dep ON dep.id = f.department_id
        WHERE l.withdrawn_at IS NULL
     ), placed AS (
       SELECT *, (extract(year FROM d)::int - extract(year FROM a)::int) - CASE WHEN to_char(d, 'MMDD') < to_char(a, 'MMDD') THEN 1 ELSE 0 END AS full_years
         FROM filing
     )
     SELECT dep.id AS department_id, dep.name AS department, count(placed.d)::int AS live,
            count(placed.d) FILTER (
              WHERE placed.cycle_year <> placed.full_years - 4 * floor(placed.full_years / 4.0)::int + 1
                 OR placed.cycle_starts_on <> (placed.a + make_interval(years => 4 * floor(placed.full_years / 4.0)::int))::date
            )::int AS misplaced
       FROM department dep
       LEFT JOIN placed ON placed.department_id = dep.id
      GROUP BY dep.id, dep.name
      ORDER BY dep.name, dep.id`,
  )) as { department_id: string; department: string; live: number; misplaced: number }[];
  return rows.map((r) => ({ departmentId: r.department_id, department: r.department, live: r.live, misplaced: r.misplaced }));
}

/**
 * "The date decides the year" applies to new filings; existing ones are not moved. This migration
 * only reports: it logs, per department with any, how many live filings sit in a cycle year their
 * date does not fall in, and points at the full report. It changes nothing, so `down` has nothing to undo.
 */
export class MisplacedProofsReport1796480100000 implements MigrationInterface {
  name = 'MisplacedProofsReport1796480100000';

  /** The counts it logs (exposed for its test; a migration file exports only its class, TypeORM loads every export). */
  static counts(queryRunner: QueryRunner): Promise<MisplacedCount[]> {
    return misplacedProofCounts(queryRunner);
  }

  public async up(queryRunner: QueryRunner): Promise<void> {
    const counts = (await misplacedProofCounts(queryRunner)).filter((c) => c.misplaced > 0);
    for (const c of counts) {
      console.warn(
        `[migration ${this.name}] ${c.department} (${c.departmentId}): ${c.misplaced} of ${c.live} live proof filings sit in a cycle year their effective date does not fall in; ` +
          `nothing was moved. List them: GET /api/departments/${c.departmentId}/proofs/misplaced`,
      );
    }
  }

  public async down(): Promise<void> {
    // Nothing was changed.
  }
}
