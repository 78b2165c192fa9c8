import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProgramTier } from '../departments/entities/department.entity';
import type { Applicability, ComplianceResult, Directive, WorkflowStatus } from '../files/entities/standard-file.entity';
import type { ReviewState } from '../proofs/entities/proof-link.entity';
import type { ProofKind } from '../kernel/proof-types';
import type { Level, SizeClass } from '../kernel/standard-types';

/**
 * The SQL behind the report view models: set-based statements for one department or many, never
 * one statement per file or proof. Every figure comes from the compliance engine
 * (report-data.service.ts); what only reports show (profiles, chief, exclusions, file contents,
 * proofs) is read here.
 */

/** A department's profile in one of its enrolments, as a report's header shows it. */
export interface DepartmentRow {
  id: string;
  name: string;
  short_name: string;
  archived: boolean;
  enrolment_id: string;
  primary_program: boolean;
  program_name: string | null;
  program_has_tiers: boolean;
  program_tier: ProgramTier;
  sworn_officers: number;
  size_class_override: SizeClass | null;
  manual_version: string | null;
  /** The first active chief member of the department, if any. */
  chief_name: string | null;
}

export interface ExclusionRow {
  number: string;
  title: string;
  applicability: Exclude<Applicability, 'applicable'>;
  reason: string | null;
  waiver_reference: string | null;
  waiver_date: string | null;
  waiver_ends_on: string | null;
}

export interface ReviewFileRow {
  id: string;
  number: string;
  title: string;
  chapter: number;
  chapter_title: string;
  level: Level;
  result: ComplianceResult;
  status: WorkflowStatus;
  directives: Directive[];
  /** The standard's activities in the manual's order (none for a standard without). */
  activities: { key: string; name: string }[];
}

export interface ReviewProofRow {
  link_id: string;
  standard_file_id: string;
  /** 1 to the program's cycle length. */
  cycle_year: number;
  period_key: string;
  review_state: ReviewState;
  withdrawn: boolean;
  proof_id: string;
  file_name: string;
  kind: ProofKind;
  effective_date: string;
  sha256: string;
  size_bytes: string;
  mime_type: string;
  storage_key: string;
  /** Who accepted or returned it, or who withdrew it. */
  reviewer_name: string | null;
  /** What the uploader said the proof shows. */
  description: string | null;
  /** The activity the filing names ('' when filed before activities). */
  activity_key: string;
}

const DEPARTMENT_COLUMNS = `d.id, d.name, d.short_name, d.archived_at IS NOT NULL AS archived, e.id AS enrolment_id, e."primary" AS primary_program, p.name AS program_name, coalesce(p.has_tiers, true) AS program_has_tiers,
       e.program_tier, d.sworn_officers, d.size_class_override, m.version AS manual_version, chief.name AS chief_name
  FROM enrolment e
  JOIN department d ON d.id = e.department_id
  LEFT JOIN program p ON p.id = e.program_id
  LEFT JOIN manual m ON m.id = e.manual_id
  LEFT JOIN LATERAL (SELECT u.display_name AS name FROM membership mb JOIN app_user u ON u.id = mb.user_id
                      WHERE mb.department_id = d.id AND mb.role = 'chief' AND u.disabled_at IS NULL
                      ORDER BY mb.created_at, u.display_name LIMIT 1) chief ON true`;

@Injectable()
export class ReportDataRepository {
  /** The departments' profiles in their primary enrolments (archived ones included; callers decide), by name. */
  async departments(manager: EntityManager, ids: string[] | 'all'): Promise<DepartmentRow[]> {
    if (ids === 'all') return manager.query(`SELECT ${DEPARTMENT_COLUMNS} WHERE d.archived_at IS NULL AND e."primary" ORDER BY d.name`);
    if (ids.length === 0) return [];
    return manager.query(`SELECT ${DEPARTMENT_COLUMNS} WHERE d.id = ANY($1::uuid[]) AND e."primary" ORDER BY d.name`, [ids]);
  }

  /** A department's profile in one enrolment, or null. */
  async enrolmentProfile(manager: EntityManager, enrolmentId: string): Promise<DepartmentRow | null> {
    const [row]: DepartmentRow[] = await manager.query(`SELECT ${DEPARTMENT_COLUMNS} WHERE e.id = $1`, [enrolmentId]);
    return row ?? null;
  }

  /** In-scope files that are not applicable or waived, in natural order. */
  async exclusions(manager: EntityManager, enrolmentId: string): Promise<ExclusionRow[]> {
    return manager.query(
      `SELECT f.standard_number AS number, s.title, f.applicability, f.applicability_reason AS reason, f.waiver_reference,
              to_char(f.waiver_date, 'YYYY-MM-DD') AS waiver_date, to_char(f.waiver_ends_on, 'YYYY-MM-DD') AS waiver_ends_on
         FROM standard_file f JOIN standard s ON s.id = f.standard_id
        WHERE f.enrolment_id = $1 AND f.in_scope AND f.applicability <> 'applicable'
        ORDER BY f.sort_key`,
      [enrolmentId],
    );
  }

  /** Every applicable in-scope file with its standard, chapter and directives, in natural order. */
  async reviewFiles(manager: EntityManager, enrolmentId: string): Promise<ReviewFileRow[]> {
    return manager.query(
      `SELECT f.id, f.standard_number AS number, s.title, s.chapter, coalesce(mc.title, 'Chapter ' || s.chapter) AS chapter_title,
              f.level, f.result, f.status, f.directives,
              coalesce((SELECT json_agg(json_build_object('key', a.key, 'name', a.name) ORDER BY a.position) FROM activity a WHERE a.standard_id = s.id), '[]') AS activities
         FROM standard_file f
         JOIN standard s ON s.id = f.standard_id
         LEFT JOIN manual_chapter mc ON mc.manual_id = s.manual_id AND mc.number = s.chapter
        WHERE f.enrolment_id = $1 AND f.in_scope AND f.applicability = 'applicable'
        ORDER BY f.sort_key`,
      [enrolmentId],
    );
  }

  /**
   * Every proof filed in those files under the cycle starting `cycleStartsOn` (withdrawn filings
   * included, marked), with its stored object and reviewer, by file, year, effective date and name.
   * The rows travel as one JSON array of arrays (see ReadinessRepository.fileCoverage): a file
   * review reads thousands of proofs of fifteen fields, and node-postgres parses one JSON value
   * several times faster than that many rows of text fields.
   */
  async reviewProofs(manager: EntityManager, enrolmentId: string, cycleStartsOn: string): Promise<ReviewProofRow[]> {
    const [{ rows }]: { rows: ReviewProofTuple[] }[] = await manager.query(
      `SELECT coalesce(json_agg(json_build_array(
                l.id, l.standard_file_id, l.cycle_year, l.period_key, l.review_state, l.withdrawn_at IS NOT NULL,
                p.id, p.file_name, p.kind, to_char(p.effective_date, 'YYYY-MM-DD'), p.sha256,
                o.size_bytes::text, o.mime_type, o.storage_key,
                CASE WHEN l.withdrawn_at IS NOT NULL THEN wd.display_name ELSE rv.display_name END, p.description, l.activity_key)
              ORDER BY f.sort_key, l.cycle_year, p.effective_date, p.file_name, l.id), '[]') AS rows
         FROM standard_file f
         JOIN proof_link l ON l.standard_file_id = f.id AND l.cycle_starts_on = $2
         JOIN proof p ON p.id = l.proof_id
         JOIN stored_object o ON o.sha256 = p.sha256
         LEFT JOIN app_user rv ON rv.id = l.reviewed_by_user_id
         LEFT JOIN app_user wd ON wd.id = l.withdrawn_by_user_id
        WHERE f.enrolment_id = $1 AND f.in_scope AND f.applicability = 'applicable'`,
      [enrolmentId, cycleStartsOn],
    );
    return rows.map(
      ([link_id, standard_file_id, cycle_year, period_key, review_state, withdrawn, proof_id, file_name, kind, effective_date, sha256, size_bytes, mime_type, storage_key, reviewer_name, description, activity_key]): ReviewProofRow => ({
        link_id,
        standard_file_id,
        cycle_year,
        period_key,
        review_state,
        withdrawn,
        proof_id,
        file_name,
        kind,
        effective_date,
        sha256,
        size_bytes,
        mime_type,
        storage_key,
        reviewer_name,
        description,
        activity_key,
      }),
    );
  }
}

/** A ReviewProofRow as reviewProofs() sends it: its fields in that order. */
type ReviewProofTuple = [
  link_id: string,
  standard_file_id: string,
  cycle_year: 1 | 2 | 3 | 4,
  period_key: string,
  review_state: ReviewState,
  withdrawn: boolean,
  proof_id: string,
  file_name: string,
  kind: ProofKind,
  effective_date: string,
  sha256: string,
  size_bytes: string,
  mime_type: string,
  storage_key: string,
  reviewer_name: string | null,
  description: string | null,
  activity_key: string,
];
