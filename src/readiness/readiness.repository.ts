import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Level } from '../standards/rules/standard-types';

export interface ChapterCountRow {
  department_id: string;
  chapter: number;
  chapter_title: string | null;
  level: Level;
  in_scope: number;
  applicable: number;
  compliant: number;
  untouched: number;
}

export interface FileCoverageRow {
  department_id: string;
  id: string;
  number: string;
  sort_key: string;
  title: string;
  chapter: number;
  level: Level;
  applicability: string;
  result: string;
  /** Milliseconds since the epoch: a number parses far faster than a timestamp over thousands of rows. */
  updated_ms: number;
  y1: number;
  y2: number;
  y3: number;
  y4: number;
}

/**
 * Readiness in three aggregate statements for any number of departments: counts per chapter and
 * level, one row per in-scope file with its proof count per cycle year (the coverage grid), and
 * proofs awaiting review.
 */
@Injectable()
export class ReadinessRepository {
  /** Counts per department, chapter and level (M/O) over in-scope files; `untouched`: applicable files unchanged since `untouchedBefore`. */
  async chapterCounts(manager: EntityManager, departmentIds: string[], untouchedBefore: Date): Promise<ChapterCountRow[]> {
    if (departmentIds.length === 0) return [];
    return manager.query(
      `SELECT f.department_id, s.chapter, min(mc.title) AS chapter_title, f.level,
              count(*)::int AS in_scope,
              count(*) FILTER (WHERE f.applicability = 'applicable')::int AS applicable,
              count(*) FILTER (WHERE f.applicability = 'applicable' AND f.result = 'compliant')::int AS compliant,
              count(*) FILTER (WHERE f.applicability = 'applicable' AND f.updated_at < $2)::int AS untouched
         FROM standard_file f
         JOIN standard s ON s.id = f.standard_id
         LEFT JOIN manual_chapter mc ON mc.manual_id = s.manual_id AND mc.number = s.chapter
        WHERE f.department_id = ANY($1::uuid[]) AND f.in_scope
        GROUP BY f.department_id, s.chapter, f.level
        ORDER BY f.department_id, s.chapter, f.level`,
      [departmentIds, untouchedBefore],
    );
  }

  /**
   * One row per in-scope file with the proofs that count (pending or accepted, not withdrawn) for
   * each year of the department's current cycle (`cycles` pairs each department with its cycle start).
   */
  async fileCoverage(manager: EntityManager, cycles: { departmentId: string; startsOn: string }[]): Promise<FileCoverageRow[]> {
    if (cycles.length === 0) return [];
    return manager.query(
      `SELECT f.department_id, f.id, f.standard_number AS number, f.sort_key, s.title, s.chapter, f.level, f.applicability, f.result,
              (extract(epoch FROM f.updated_at) * 1000)::float8 AS updated_ms, coalesce(y.y1, 0) AS y1, coalesce(y.y2, 0) AS y2, coalesce(y.y3, 0) AS y3, coalesce(y.y4, 0) AS y4
         FROM unnest($1::uuid[], $2::date[]) AS c(department_id, starts_on)
         JOIN standard_file f ON f.department_id = c.department_id AND f.in_scope
         JOIN standard s ON s.id = f.standard_id
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE l.cycle_year = 1)::int AS y1, count(*) FILTER (WHERE l.cycle_year = 2)::int AS y2,
                  count(*) FILTER (WHERE l.cycle_year = 3)::int AS y3, count(*) FILTER (WHERE l.cycle_year = 4)::int AS y4
             FROM proof_link l
            WHERE l.standard_file_id = f.id AND l.withdrawn_at IS NULL AND l.review_state IN ('pending', 'accepted')
              AND l.cycle_starts_on = c.starts_on) y ON true
        ORDER BY f.department_id, f.sort_key`,
      [cycles.map((c) => c.departmentId), cycles.map((c) => c.startsOn)],
    );
  }

  /** Proof links waiting for a manager's review (pending, not withdrawn), per department, any cycle. */
  async awaitingReview(manager: EntityManager, departmentIds: string[]): Promise<Map<string, number>> {
    if (departmentIds.length === 0) return new Map();
    // Per file through the (standard_file_id, ...) index: a department's share of the links, not a scan of all of them.
    const rows: { department_id: string; pending: number }[] = await manager.query(
      `SELECT f.department_id, sum(p.pending)::int AS pending
         FROM standard_file f
         CROSS JOIN LATERAL (SELECT count(*) AS pending FROM proof_link l
                              WHERE l.standard_file_id = f.id AND l.withdrawn_at IS NULL AND l.review_state = 'pending') p
        WHERE f.department_id = ANY($1::uuid[])
        GROUP BY f.department_id`,
      [departmentIds],
    );
    return new Map(rows.map((r) => [r.department_id, r.pending]));
  }
}
