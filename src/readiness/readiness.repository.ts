import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Level } from '../kernel/standard-types';

export interface ChapterCountRow {
  department_id: string;
  chapter: number;
  chapter_title: string | null;
  level: Level;
  in_scope: number;
  applicable: number;
  untouched: number;
}

export interface FileCoverageRow {
  department_id: string;
  id: string;
  chapter: number;
  /** Out-of-scope files are read for their proofs awaiting review only: they are not in the grid. */
  in_scope: boolean;
  number: string;
  title: string;
  level: Level;
  applicability: string;
  result: string;
  /** Milliseconds since the epoch: a number parses far faster than a timestamp over thousands of rows. */
  updated_ms: number;
  /** Counting proofs (pending or accepted, not withdrawn) filed for each year of the current cycle. */
  y1: number;
  y2: number;
  y3: number;
  y4: number;
  /** Of those, the accepted ones (for the deadlines' review and assessment milestones). */
  a1: number;
  a2: number;
  a3: number;
  a4: number;
  /** Proofs awaiting review (pending, not withdrawn), any cycle. */
  pending: number;
}

/**
 * Readiness in two aggregate statements for any number of departments: counts per chapter and
 * level, and one row per file with its proof counts per cycle year (the coverage grid, the
 * milestone coverage of the deadlines and the proofs awaiting review all come from these counts,
 * so proof_link is read once).
 */
@Injectable()
export class ReadinessRepository {
  /**
   * Counts per department, chapter and level (M/O) over in-scope files; `untouched`: applicable files
   * unchanged since `untouchedBefore`. Which files count as compliant is decided per file from its
   * proofs (fileStanding), from fileCoverage().
   */
  async chapterCounts(manager: EntityManager, departmentIds: string[], untouchedBefore: Date): Promise<ChapterCountRow[]> {
    if (departmentIds.length === 0) return [];
    return manager.query(
      `SELECT f.department_id, s.chapter, min(mc.title) AS chapter_title, f.level,
              count(*)::int AS in_scope,
              count(*) FILTER (WHERE f.applicability = 'applicable')::int AS applicable,
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
   * One row per file of each department (in scope or not) with its proofs per year of the
   * department's current cycle (`cycles` pairs each department with its cycle start): the ones that
   * count (pending or accepted, not withdrawn) and the accepted ones, and its proofs awaiting
   * review (pending, not withdrawn) in any cycle. Ordered by department, then natural order.
   *
   * The rows travel as one JSON array of arrays: node-postgres parses that single value (JSON.parse)
   * several times faster than hundreds of rows of eighteen text fields, which was a third of this
   * statement's time for one department (the benchmark in test/bench/readiness.bench.ts).
   */
  async fileCoverage(manager: EntityManager, cycles: { departmentId: string; startsOn: string }[]): Promise<FileCoverageRow[]> {
    if (cycles.length === 0) return [];
    const [{ rows }]: { rows: FileCoverageTuple[] }[] = await manager.query(
      `SELECT coalesce(json_agg(json_build_array(
                f.department_id, f.id, f.in_scope, f.standard_number, s.title, f.level, f.applicability, f.result,
                (extract(epoch FROM f.updated_at) * 1000)::float8, y.y1, y.y2, y.y3, y.y4, y.a1, y.a2, y.a3, y.a4, y.pending, s.chapter)
              ORDER BY f.department_id, f.sort_key), '[]') AS rows
         FROM unnest($1::uuid[], $2::date[]) AS c(department_id, starts_on)
         JOIN standard_file f ON f.department_id = c.department_id
         JOIN standard s ON s.id = f.standard_id
         CROSS JOIN LATERAL (
           SELECT count(*) FILTER (WHERE l.cycle_year = 1 AND l.counts)::int AS y1, count(*) FILTER (WHERE l.cycle_year = 2 AND l.counts)::int AS y2,
                  count(*) FILTER (WHERE l.cycle_year = 3 AND l.counts)::int AS y3, count(*) FILTER (WHERE l.cycle_year = 4 AND l.counts)::int AS y4,
                  count(*) FILTER (WHERE l.cycle_year = 1 AND l.counts AND l.review_state = 'accepted')::int AS a1,
                  count(*) FILTER (WHERE l.cycle_year = 2 AND l.counts AND l.review_state = 'accepted')::int AS a2,
                  count(*) FILTER (WHERE l.cycle_year = 3 AND l.counts AND l.review_state = 'accepted')::int AS a3,
                  count(*) FILTER (WHERE l.cycle_year = 4 AND l.counts AND l.review_state = 'accepted')::int AS a4,
                  count(*) FILTER (WHERE l.review_state = 'pending')::int AS pending
             FROM (SELECT pl.cycle_year, pl.review_state, pl.cycle_starts_on = c.starts_on AND pl.review_state IN ('pending', 'accepted') AS counts
                     FROM proof_link pl
                    WHERE pl.standard_file_id = f.id AND pl.withdrawn_at IS NULL) l) y`,
      [cycles.map((c) => c.departmentId), cycles.map((c) => c.startsOn)],
    );
    return rows.map(
      ([department_id, id, in_scope, number, title, level, applicability, result, updated_ms, y1, y2, y3, y4, a1, a2, a3, a4, pending, chapter]): FileCoverageRow => ({
        department_id,
        id,
        chapter,
        in_scope,
        number,
        title,
        level,
        applicability,
        result,
        updated_ms,
        y1,
        y2,
        y3,
        y4,
        a1,
        a2,
        a3,
        a4,
        pending,
      }),
    );
  }
}

/** A FileCoverageRow as the statement sends it: its fields in that order. */
type FileCoverageTuple = [
  department_id: string,
  id: string,
  in_scope: boolean,
  number: string,
  title: string,
  level: Level,
  applicability: string,
  result: string,
  updated_ms: number,
  y1: number,
  y2: number,
  y3: number,
  y4: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  pending: number,
  chapter: number,
];
