import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CALEA_CYCLE_YEARS, MAX_CYCLE_YEARS } from '../kernel/program-values';
import type { ProofKind, ProofReviewState } from '../kernel/proof-types';
import type { Frequency, Level } from '../kernel/standard-types';
import type { PendingAdoption, ScheduleFile, ScheduleProof } from './rules/deadline-schedule';

/** A department's enrolment in one program, as its cycle and schedule are worked out from, with the department's compliance revision. */
export interface ComplianceDepartmentRow {
  /** The department's id. */
  id: string;
  name: string;
  short_name: string;
  enrolment_id: string;
  program_id: string | null;
  program_name: string | null;
  /** The program's cycle length in years (program.cycle_years); CALEA's four before a program is decided. */
  cycle_years: number;
  /** The program's cycle milestones (program.milestones); null before a program is decided (every milestone). */
  program_milestones: string[] | null;
  primary: boolean;
  award_date: string | null;
  created_on: string;
  archived: boolean;
  current_version: string | null;
  first_newer_version: string | null;
  first_newer_date: string | null;
  newest_version: string | null;
  /**
   * The department's compliance revision (ComplianceRevision), read in the same statement as the
   * profile and before any of its files or proofs: a change committed after this read moves the
   * revision, so figures kept under it are never newer than their key says.
   */
  revision: string | null;
  /** What the enrolment recorded as done for its milestones (milestone_record): key and day, by key. Part of the figures' key, so a record is never answered from kept figures. */
  milestone_records: [key: string, doneOn: string][];
}

/** A department's in-scope, applicable time-sensitive files with their proofs dated in its cycle: what its schedule is built from. */
export interface ActivityFiles {
  files: ScheduleFile[];
  proofs: ScheduleProof[];
}

export interface FileCoverageRow {
  enrolment_id: string;
  id: string;
  chapter: number;
  chapter_title: string | null;
  /** Out-of-scope files are read for their proofs awaiting review only: they are in no figure. */
  in_scope: boolean;
  number: string;
  title: string;
  level: Level;
  applicability: string;
  result: string;
  /** Milliseconds since the epoch: a number parses far faster than a timestamp over thousands of rows. */
  updated_ms: number;
  /** Counting proofs (accepted or awaiting review, not withdrawn) filed for each year of the current cycle, 1 to its length. */
  proofs: number[];
  /** Of those, the accepted ones. */
  accepted: number[];
  /** Proofs awaiting review (not withdrawn), any cycle. */
  pending: number;
  sort_key: string;
  waiver_reference: string | null;
  waiver_date: string | null;
  /** The last day a waiver holds; after it the standard applies again (rules/waiver.ts). */
  waiver_ends_on: string | null;
  /** The file's directives that have a next review date, or null when none has. */
  directive_reviews: DirectiveReview[] | null;
}

/** A directive's next review, as recorded on its file. */
export interface DirectiveReview {
  number: string;
  title: string;
  effectiveDate: string | null;
  nextReviewDate: string;
}

/**
 * Which enrolments the engine reads: the primary ones of some departments (or of every
 * non-archived one), all of some departments' (or of every non-archived one), or some by id.
 */
export type EnrolmentSelector =
  | { primaryOf: string[] | 'all' }
  | { allOf: string[] | 'all' }
  | { enrolments: string[] };

function selectorSql(selector: EnrolmentSelector): { where: string; params: unknown[] } {
  if ('enrolments' in selector) return { where: 'e.id = ANY($1::uuid[])', params: [selector.enrolments] };
  const departments = 'primaryOf' in selector ? selector.primaryOf : selector.allOf;
  const primary = 'primaryOf' in selector ? ' AND e."primary"' : '';
  return departments === 'all'
    ? { where: `d.archived_at IS NULL${primary}`, params: [] }
    : { where: `d.id = ANY($1::uuid[])${primary}`, params: [departments] };
}

export function pendingAdoptionOf(row: ComplianceDepartmentRow): PendingAdoption | null {
  if (!row.current_version || !row.first_newer_version || !row.first_newer_date || !row.newest_version) return null;
  return {
    currentVersion: row.current_version,
    firstNewerVersion: row.first_newer_version,
    firstNewerEffectiveDate: row.first_newer_date,
    newestVersion: row.newest_version,
  };
}

const YEARS = Array.from({ length: MAX_CYCLE_YEARS }, (_, i) => i + 1);
/** Per file, its counting proofs and accepted proofs per cycle year, for the longest cycle a program may have (sliced to the enrolment's). */
const COUNTS_BY_YEAR = [
  `ARRAY[${YEARS.map((y) => `count(*) FILTER (WHERE l.cycle_year = ${y} AND l.counts)::int`).join(', ')}] AS proofs`,
  `ARRAY[${YEARS.map((y) => `count(*) FILTER (WHERE l.cycle_year = ${y} AND l.counts AND l.review_state = 'accepted')::int`).join(', ')}] AS accepted`,
].join(', ');

/**
 * The compliance engine's reads: a fixed number of set-based statements for any number of
 * departments. The predicate of a proof that counts (accepted or awaiting review, not withdrawn,
 * filed under the current cycle) is written here once, in fileCoverage(); what the verdict makes of
 * the counts is decided in ./rules.
 */
@Injectable()
export class ComplianceRepository {
  /**
   * Enrolments with their department's profile, the published manual version waiting to be adopted
   * (drafts are not) and the department's compliance revision, by department name, the primary
   * enrolment first. `selector`: the primary enrolments of these departments (or of every
   * non-archived one), every enrolment of these departments (or of every non-archived one), or
   * enrolments by id.
   */
  async departments(manager: EntityManager, selector: EnrolmentSelector): Promise<ComplianceDepartmentRow[]> {
    const { where, params } = selectorSql(selector);
    if (params.length > 0 && (params[0] as string[]).length === 0) return [];
    return manager.query(
      `SELECT d.id, d.name, d.short_name, e.id AS enrolment_id, e.program_id, p.name AS program_name, coalesce(p.cycle_years, ${CALEA_CYCLE_YEARS}) AS cycle_years, p.milestones AS program_milestones, e."primary",
              to_char(e.award_date, 'YYYY-MM-DD') AS award_date,
              to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created_on, d.archived_at IS NOT NULL AS archived,
              m.version AS current_version, first_newer.version AS first_newer_version,
              to_char(first_newer.effective_date, 'YYYY-MM-DD') AS first_newer_date, newest.version AS newest_version,
              cr.revision,
              (SELECT coalesce(json_agg(json_build_array(r.key, to_char(r.done_on, 'YYYY-MM-DD')) ORDER BY r.key), '[]')
                 FROM milestone_record r WHERE r.enrolment_id = e.id) AS milestone_records
         FROM enrolment e
         JOIN department d ON d.id = e.department_id
         LEFT JOIN program p ON p.id = e.program_id
         LEFT JOIN compliance_revision cr ON cr.department_id = d.id
         LEFT JOIN manual m ON m.id = e.manual_id
         LEFT JOIN LATERAL (SELECT x.version, x.effective_date FROM manual x
                             WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                               AND x.published_at IS NOT NULL
                             ORDER BY x.effective_date, x.version LIMIT 1) first_newer ON true
         LEFT JOIN LATERAL (SELECT x.version FROM manual x
                             WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                               AND x.published_at IS NOT NULL
                             ORDER BY x.effective_date DESC, x.version DESC LIMIT 1) newest ON true
        WHERE ${where}
        ORDER BY d.name, d.id, e."primary" DESC, p.name, e.id`,
      params,
    );
  }

  /** Records (or replaces) that a department did what a milestone asks, on a day. */
  async recordMilestone(manager: EntityManager, record: { enrolmentId: string; key: string; doneOn: string; note: string | null; userId: string }): Promise<void> {
    await manager.query(
      `INSERT INTO milestone_record (enrolment_id, key, done_on, note, recorded_by_user_id, recorded_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (enrolment_id, key) DO UPDATE SET done_on = EXCLUDED.done_on, note = EXCLUDED.note, recorded_by_user_id = EXCLUDED.recorded_by_user_id, recorded_at = now()`,
      [record.enrolmentId, record.key, record.doneOn, record.note, record.userId],
    );
  }

  /** The record of a milestone, locked for the caller's transaction, or null. */
  async milestoneRecord(manager: EntityManager, enrolmentId: string, key: string): Promise<{ doneOn: string; note: string | null } | null> {
    const [row]: { done_on: string; note: string | null }[] = await manager.query(
      `SELECT to_char(done_on, 'YYYY-MM-DD') AS done_on, note FROM milestone_record WHERE enrolment_id = $1 AND key = $2 FOR UPDATE`,
      [enrolmentId, key],
    );
    return row ? { doneOn: row.done_on, note: row.note } : null;
  }

  async clearMilestone(manager: EntityManager, enrolmentId: string, key: string): Promise<void> {
    await manager.query('DELETE FROM milestone_record WHERE enrolment_id = $1 AND key = $2', [enrolmentId, key]);
  }

  /** The key each enrolment's kept figures (department_figures) were computed under. */
  async keptFigureKeys(manager: EntityManager): Promise<Map<string, string>> {
    const rows: { enrolment_id: string; key: string }[] = await manager.query('SELECT enrolment_id, key FROM department_figures');
    return new Map(rows.map((r) => [r.enrolment_id, r.key]));
  }

  /** The kept figures (as JSON text) of the departments whose kept key is the one given. */
  async keptFigures(manager: EntityManager, keys: ReadonlyMap<string, string>): Promise<Map<string, string>> {
    if (keys.size === 0) return new Map();
    const rows: { enrolment_id: string; summary: string }[] = await manager.query(
      `SELECT f.enrolment_id, f.summary
         FROM unnest($1::uuid[], $2::text[]) AS k(enrolment_id, key)
         JOIN department_figures f ON f.enrolment_id = k.enrolment_id AND f.key = k.key`,
      [[...keys.keys()], [...keys.values()]],
    );
    return new Map(rows.map((r) => [r.enrolment_id, r.summary]));
  }

  /** Keeps each enrolment's figures (JSON text) under their key, replacing what was kept before. */
  async keepFigures(manager: EntityManager, figures: readonly { enrolmentId: string; key: string; summary: string }[]): Promise<void> {
    if (figures.length === 0) return;
    await manager.query(
      `INSERT INTO department_figures (enrolment_id, key, summary, computed_at)
       SELECT k.enrolment_id, k.key, k.summary, now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS k(enrolment_id, key, summary)
         JOIN enrolment e ON e.id = k.enrolment_id
       ON CONFLICT (enrolment_id) DO UPDATE SET key = EXCLUDED.key, summary = EXCLUDED.summary, computed_at = EXCLUDED.computed_at`,
      [figures.map((f) => f.enrolmentId), figures.map((f) => f.key), figures.map((f) => f.summary)],
    );
  }

  /**
   * Each department's in-scope, applicable files of time-sensitive standards that have activities,
   * in natural order, each with its activities (in the manual's order) and the proofs linked to it
   * (withdrawn links left out) dated within the department's cycle, each naming the activity it was
   * filed for: a period is proven by the date of what happened, whatever cycle year the proof was
   * filed under. `cycles` pairs each department with its cycle's first and last day.
   * Like fileCoverage, the rows travel as one JSON value (a file with its activities and proofs nested).
   */
  async activityFiles(manager: EntityManager, cycles: { enrolmentId: string; startsOn: string; endsOn: string }[]): Promise<Map<string, ActivityFiles>> {
    const byDepartment = new Map<string, ActivityFiles>();
    if (cycles.length === 0) return byDepartment;
    const [{ rows }]: { rows: ActivityFileTuple[] }[] = await manager.query(
      `SELECT coalesce(json_agg(json_build_array(f.enrolment_id, f.id, f.standard_number, f.sort_key, s.title, sa.activities, coalesce(lp.proofs, '[]'))
              ORDER BY f.enrolment_id, f.sort_key COLLATE "C"), '[]') AS rows
         FROM unnest($1::uuid[], $2::date[], $3::date[]) AS c(enrolment_id, starts_on, ends_on)
         JOIN standard_file f ON f.enrolment_id = c.enrolment_id AND f.in_scope AND f.applicability = 'applicable'
         JOIN standard s ON s.id = f.standard_id AND 'time_sensitive' = ANY(s.kinds)
         CROSS JOIN LATERAL (
           SELECT json_agg(json_build_array(a.key, a.name, a.frequency, a.reminder_days) ORDER BY a.position) AS activities
             FROM activity a WHERE a.standard_id = s.id) sa
         LEFT JOIN LATERAL (
           SELECT json_agg(json_build_array(to_char(p.effective_date, 'YYYY-MM-DD'), l.review_state, p.kind, l.activity_key)) AS proofs
             FROM proof_link l JOIN proof p ON p.id = l.proof_id
            WHERE l.standard_file_id = f.id AND l.withdrawn_at IS NULL AND p.effective_date BETWEEN c.starts_on AND c.ends_on) lp ON true
        WHERE sa.activities IS NOT NULL`,
      [cycles.map((c) => c.enrolmentId), cycles.map((c) => c.startsOn), cycles.map((c) => c.endsOn)],
    );
    for (const [enrolmentId, id, number, sortKey, title, activities, proofs] of rows) {
      let department = byDepartment.get(enrolmentId);
      if (!department) byDepartment.set(enrolmentId, (department = { files: [], proofs: [] }));
      department.files.push({ id, number, sortKey, title, activities: activities.map(([key, name, frequency, reminderDays]) => ({ key, name, frequency, reminderDays })) });
      for (const [effectiveDate, reviewState, kind, activityKey] of proofs) department.proofs.push({ standardFileId: id, activityKey, effectiveDate, reviewState, kind });
    }
    return byDepartment;
  }

  /**
   * One row per file of each department (in scope or not) with its counting proofs per year of the
   * department's current cycle (`cycles` pairs each department with its cycle start), the accepted
   * ones among them, and its proofs awaiting review in any cycle; ordered by department, then
   * natural order. Every figure of the engine (verdict, chapters, grid, blockers, milestone
   * coverage, proofs awaiting review) comes from these rows, so proof_link is read once.
   *
   * The rows travel as one JSON array of arrays: node-postgres parses that single value (JSON.parse)
   * several times faster than hundreds of rows of twenty text fields.
   */
  /**
   * Per department and file, the assessors' findings not closed yet (readiness blockers). The
   * finding table belongs to src/assessments; its triggers move the compliance revision like the
   * engine's own tables, so kept figures never miss a finding.
   */
  async unclosedFindings(manager: EntityManager, enrolmentIds: string[]): Promise<Map<string, Map<string, number>>> {
    const byDepartment = new Map<string, Map<string, number>>();
    if (enrolmentIds.length === 0) return byDepartment;
    const rows: { enrolment_id: string; standard_file_id: string; n: number }[] = await manager.query(
      `SELECT f.enrolment_id, x.standard_file_id, count(*)::int AS n FROM finding x JOIN standard_file f ON f.id = x.standard_file_id
        WHERE f.enrolment_id = ANY($1::uuid[]) AND x.state <> 'closed' GROUP BY f.enrolment_id, x.standard_file_id`,
      [enrolmentIds],
    );
    for (const r of rows) {
      let files = byDepartment.get(r.enrolment_id);
      if (!files) byDepartment.set(r.enrolment_id, (files = new Map<string, number>()));
      files.set(r.standard_file_id, r.n);
    }
    return byDepartment;
  }

  async fileCoverage(manager: EntityManager, cycles: { enrolmentId: string; startsOn: string; cycleYears: number }[]): Promise<FileCoverageRow[]> {
    if (cycles.length === 0) return [];
    const [{ rows }]: { rows: FileCoverageTuple[] }[] = await manager.query(
      `SELECT coalesce(json_agg(json_build_array(
                f.enrolment_id, f.id, f.in_scope, f.standard_number, s.title, f.level, f.applicability, f.result,
                (extract(epoch FROM f.updated_at) * 1000)::float8, y.proofs, y.accepted, y.pending, s.chapter, mc.title,
                f.sort_key, f.waiver_reference, to_char(f.waiver_date, 'YYYY-MM-DD'), to_char(f.waiver_ends_on, 'YYYY-MM-DD'),
                CASE WHEN f.directives = '[]'::jsonb THEN NULL
                     ELSE (SELECT json_agg(json_build_array(d->>'number', d->>'title', d->>'effectiveDate', d->>'nextReviewDate'))
                             FROM jsonb_array_elements(f.directives) d WHERE d->>'nextReviewDate' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') END)
              ORDER BY f.enrolment_id, f.sort_key COLLATE "C"), '[]') AS rows
         FROM unnest($1::uuid[], $2::date[]) AS c(enrolment_id, starts_on)
         JOIN standard_file f ON f.enrolment_id = c.enrolment_id
         JOIN standard s ON s.id = f.standard_id
         LEFT JOIN manual_chapter mc ON mc.manual_id = s.manual_id AND mc.number = s.chapter
         CROSS JOIN LATERAL (
           SELECT ${COUNTS_BY_YEAR},
                  count(*) FILTER (WHERE l.review_state = 'pending')::int AS pending
             FROM (SELECT pl.cycle_year, pl.review_state, pl.cycle_starts_on = c.starts_on AND pl.review_state IN ('pending', 'accepted') AS counts
                     FROM proof_link pl
                    WHERE pl.standard_file_id = f.id AND pl.withdrawn_at IS NULL) l) y`,
      [cycles.map((c) => c.enrolmentId), cycles.map((c) => c.startsOn)],
    );
    const cycleYears = new Map(cycles.map((c) => [c.enrolmentId, c.cycleYears]));
    return rows.map(
      ([enrolment_id, id, in_scope, number, title, level, applicability, result, updated_ms, proofs, accepted, pending, chapter, chapter_title, sort_key, waiver_reference, waiver_date, waiver_ends_on, reviews]): FileCoverageRow => ({
        enrolment_id, id, chapter, chapter_title, in_scope, number, title, level, applicability, result, updated_ms, pending,
        sort_key, waiver_reference, waiver_date, waiver_ends_on,
        proofs: proofs.slice(0, cycleYears.get(enrolment_id)),
        accepted: accepted.slice(0, cycleYears.get(enrolment_id)),
        directive_reviews: reviews ? reviews.map(([dNumber, dTitle, effectiveDate, nextReviewDate]) => ({ number: dNumber, title: dTitle, effectiveDate, nextReviewDate })) : null,
      }),
    );
  }
}

/** An activity file as activityFiles() receives it, with its proofs. */
type ActivityFileTuple = [
  enrolment_id: string,
  id: string,
  number: string,
  sort_key: string,
  title: string,
  activities: [key: string, name: string, frequency: Frequency, reminder_days: number | null][],
  proofs: [effective_date: string, review_state: ProofReviewState, kind: ProofKind, activity_key: string][],
];

/** A FileCoverageRow as the statement sends it: its fields in that order. */
type FileCoverageTuple = [
  enrolment_id: string,
  id: string,
  in_scope: boolean,
  number: string,
  title: string,
  level: Level,
  applicability: string,
  result: string,
  updated_ms: number,
  proofs: number[],
  accepted: number[],
  pending: number,
  chapter: number,
  chapter_title: string | null,
  sort_key: string,
  waiver_reference: string | null,
  waiver_date: string | null,
  waiver_ends_on: string | null,
  directive_reviews: [number: string, title: string, effective_date: string | null, next_review_date: string][] | null,
];
