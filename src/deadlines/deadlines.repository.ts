import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProofKind, ProofReviewState } from '../kernel/proof-types';
import type { Frequency } from '../kernel/standard-types';
import type { MilestoneCoverage, PendingAdoption } from './rules/deadline-schedule';

export interface ScheduleDepartmentRow {
  id: string;
  name: string;
  short_name: string;
  award_date: string | null;
  created_on: string;
  archived: boolean;
  current_version: string | null;
  first_newer_version: string | null;
  first_newer_date: string | null;
  newest_version: string | null;
}

export interface ScheduleFileRow {
  id: string;
  department_id: string;
  number: string;
  sort_key: string;
  title: string;
  frequency: Frequency;
}

export interface ScheduleProofRow {
  standard_file_id: string;
  effective_date: string;
  review_state: ProofReviewState;
  kind: ProofKind;
}

interface CoverageRow {
  department_id: string;
  files: number;
  covered1: number;
  accepted1: number;
  covered2: number;
  accepted2: number;
  covered3: number;
  accepted3: number;
  covered4: number;
  accepted4: number;
  covered_all: number;
  accepted_all: number;
}

export function pendingAdoptionOf(row: ScheduleDepartmentRow): PendingAdoption | null {
  if (!row.current_version || !row.first_newer_version || !row.first_newer_date || !row.newest_version) return null;
  return {
    currentVersion: row.current_version,
    firstNewerVersion: row.first_newer_version,
    firstNewerEffectiveDate: row.first_newer_date,
    newestVersion: row.newest_version,
  };
}

/** The columns of a ScheduleDepartmentRow, over `department d` joined with SCHEDULE_DEPARTMENT_JOINS. */
export const SCHEDULE_DEPARTMENT_COLUMNS = `d.id, d.name, d.short_name, to_char(d.award_date, 'YYYY-MM-DD') AS award_date,
       to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created_on, d.archived_at IS NOT NULL AS archived,
       m.version AS current_version, first_newer.version AS first_newer_version,
       to_char(first_newer.effective_date, 'YYYY-MM-DD') AS first_newer_date, newest.version AS newest_version`;

/** The department's manual (m) and the versions waiting to be adopted (same rule as the department view). */
export const SCHEDULE_DEPARTMENT_JOINS = `LEFT JOIN manual m ON m.id = d.manual_id
  LEFT JOIN LATERAL (SELECT x.version, x.effective_date FROM manual x
                      WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                      ORDER BY x.effective_date, x.version LIMIT 1) first_newer ON true
  LEFT JOIN LATERAL (SELECT x.version FROM manual x
                      WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                      ORDER BY x.effective_date DESC, x.version DESC LIMIT 1) newest ON true`;

/**
 * The deadlines module's SQL: a fixed number of set-based statements for any number of
 * departments (departments, time-sensitive files, their proofs, milestone coverage).
 */
@Injectable()
export class DeadlinesRepository {
  /** Departments by id, or every non-archived one, with the manual version waiting to be adopted (same rule as the department view). */
  async departments(manager: EntityManager, ids: string[] | 'all'): Promise<ScheduleDepartmentRow[]> {
    return manager.query(
      `SELECT ${SCHEDULE_DEPARTMENT_COLUMNS}
         FROM department d
         ${SCHEDULE_DEPARTMENT_JOINS}
        WHERE ${ids === 'all' ? 'd.archived_at IS NULL' : 'd.id = ANY($1::uuid[])'}
        ORDER BY d.name`,
      ids === 'all' ? [] : [ids],
    );
  }

  /** In-scope, applicable files of time-sensitive standards that have a frequency. */
  async timeSensitiveFiles(manager: EntityManager, departmentIds: string[]): Promise<ScheduleFileRow[]> {
    if (departmentIds.length === 0) return [];
    return manager.query(
      `SELECT f.id, f.department_id, f.standard_number AS number, f.sort_key, s.title, s.frequency
         FROM standard_file f JOIN standard s ON s.id = f.standard_id
        WHERE f.department_id = ANY($1::uuid[]) AND f.in_scope AND f.applicability = 'applicable'
          AND 'time_sensitive' = ANY(s.kinds) AND s.frequency IS NOT NULL
        ORDER BY f.department_id, f.sort_key`,
      [departmentIds],
    );
  }

  /**
   * Proofs linked to those files (withdrawn links left out), dated within each department's cycle.
   * `cycles` pairs each department with its cycle's first and last day.
   */
  async proofsOfTimeSensitiveFiles(
    manager: EntityManager,
    cycles: { departmentId: string; startsOn: string; endsOn: string }[],
  ): Promise<ScheduleProofRow[]> {
    if (cycles.length === 0) return [];
    return manager.query(
      `SELECT l.standard_file_id, to_char(p.effective_date, 'YYYY-MM-DD') AS effective_date, l.review_state, p.kind
         FROM unnest($1::uuid[], $2::date[], $3::date[]) AS c(department_id, starts_on, ends_on)
         JOIN standard_file f ON f.department_id = c.department_id AND f.in_scope AND f.applicability = 'applicable'
         JOIN standard s ON s.id = f.standard_id AND 'time_sensitive' = ANY(s.kinds) AND s.frequency IS NOT NULL
         JOIN proof_link l ON l.standard_file_id = f.id AND l.withdrawn_at IS NULL
         JOIN proof p ON p.id = l.proof_id AND p.effective_date BETWEEN c.starts_on AND c.ends_on`,
      [cycles.map((c) => c.departmentId), cycles.map((c) => c.startsOn), cycles.map((c) => c.endsOn)],
    );
  }

  /**
   * For the review and assessment milestones: per department, how many applicable in-scope files
   * have a counting link (pending or accepted, not withdrawn) for each year of the current cycle,
   * and how many an accepted one.
   */
  async milestoneCoverage(manager: EntityManager, cycles: { departmentId: string; startsOn: string }[]): Promise<Map<string, MilestoneCoverage>> {
    if (cycles.length === 0) return new Map();
    const rows: CoverageRow[] = await manager.query(
      `SELECT c.department_id, count(*)::int AS files,
              count(*) FILTER (WHERE y.c1 > 0)::int AS covered1, count(*) FILTER (WHERE y.a1 > 0)::int AS accepted1,
              count(*) FILTER (WHERE y.c2 > 0)::int AS covered2, count(*) FILTER (WHERE y.a2 > 0)::int AS accepted2,
              count(*) FILTER (WHERE y.c3 > 0)::int AS covered3, count(*) FILTER (WHERE y.a3 > 0)::int AS accepted3,
              count(*) FILTER (WHERE y.c4 > 0)::int AS covered4, count(*) FILTER (WHERE y.a4 > 0)::int AS accepted4,
              count(*) FILTER (WHERE y.c1 > 0 AND y.c2 > 0 AND y.c3 > 0 AND y.c4 > 0)::int AS covered_all,
              count(*) FILTER (WHERE y.a1 > 0 AND y.a2 > 0 AND y.a3 > 0 AND y.a4 > 0)::int AS accepted_all
         FROM unnest($1::uuid[], $2::date[]) AS c(department_id, starts_on)
         JOIN standard_file f ON f.department_id = c.department_id AND f.in_scope AND f.applicability = 'applicable'
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE l.cycle_year = 1) AS c1, count(*) FILTER (WHERE l.cycle_year = 1 AND l.review_state = 'accepted') AS a1,
                  count(*) FILTER (WHERE l.cycle_year = 2) AS c2, count(*) FILTER (WHERE l.cycle_year = 2 AND l.review_state = 'accepted') AS a2,
                  count(*) FILTER (WHERE l.cycle_year = 3) AS c3, count(*) FILTER (WHERE l.cycle_year = 3 AND l.review_state = 'accepted') AS a3,
                  count(*) FILTER (WHERE l.cycle_year = 4) AS c4, count(*) FILTER (WHERE l.cycle_year = 4 AND l.review_state = 'accepted') AS a4
             FROM proof_link l
            WHERE l.standard_file_id = f.id AND l.withdrawn_at IS NULL AND l.review_state IN ('pending', 'accepted')
              AND l.cycle_starts_on = c.starts_on) y ON true
        GROUP BY c.department_id`,
      [cycles.map((c) => c.departmentId), cycles.map((c) => c.startsOn)],
    );
    return new Map(
      rows.map((r) => [
        r.department_id,
        {
          years: {
            1: { files: r.files, covered: r.covered1, accepted: r.accepted1 },
            2: { files: r.files, covered: r.covered2, accepted: r.accepted2 },
            3: { files: r.files, covered: r.covered3, accepted: r.accepted3 },
            4: { files: r.files, covered: r.covered4, accepted: r.accepted4 },
          },
          allYears: { files: r.files, covered: r.covered_all, accepted: r.accepted_all },
        },
      ]),
    );
  }

  /** Of these deadline ids, the ones already recorded as overdue. */
  async recordedOverdue(manager: EntityManager, deadlineIds: string[]): Promise<Set<string>> {
    if (deadlineIds.length === 0) return new Set();
    const rows: { deadline_id: string }[] = await manager.query('SELECT deadline_id FROM deadline_overdue_record WHERE deadline_id = ANY($1::text[])', [deadlineIds]);
    return new Set(rows.map((r) => r.deadline_id));
  }

  /** Remembers deadlines as recorded; returns the ids that were not recorded before (the others are left alone). */
  async rememberOverdue(
    manager: EntityManager,
    rows: { deadlineId: string; departmentId: string; dueOn: string }[],
    recordedOn: string,
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted: { deadline_id: string }[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO deadline_overdue_record (deadline_id, department_id, due_on, recorded_on)
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::date[]) AS r(deadline_id, department_id, due_on), (SELECT $4::date) AS t(recorded_on)
         ON CONFLICT (deadline_id) DO NOTHING
         RETURNING deadline_id)
       SELECT deadline_id FROM inserted`,
      [rows.map((r) => r.deadlineId), rows.map((r) => r.departmentId), rows.map((r) => r.dueOn), recordedOn],
    );
    return new Set(inserted.map((r) => r.deadline_id));
  }

  /** The job lock: transaction-scoped, so it is released by the commit or rollback whatever happens. */
  async tryJobLock(manager: EntityManager, name: string): Promise<boolean> {
    const [row]: { locked: boolean }[] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [name]);
    return row.locked;
  }
}
