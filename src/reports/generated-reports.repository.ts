import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GeneratedReportKind } from './entities/generated-report.entity';
import { ASSESSOR_REPORTS_SQL } from './rules/assessor-reports';

/** A generated_report row as read back. */
export interface GeneratedReportRow {
  id: string;
  kind: GeneratedReportKind;
  department_id: string | null;
  department_ids: string[];
  assessment_id: string | null;
  enrolment_id: string | null;
  sha256: string;
  size_bytes: string;
  pages: number;
  template: string;
  template_sha256: string;
  file_name: string;
  storage_key: string;
  generated_by_user_id: string;
  generated_by_email: string;
  generated_by_name: string;
  generated_by_role: string;
  generated_at: Date;
}

/** What a new generated report stores. */
export interface NewGeneratedReport {
  id: string;
  kind: GeneratedReportKind;
  departmentId: string | null;
  departmentIds: string[];
  assessmentId: string | null;
  enrolmentId: string | null;
  sha256: string;
  bytes: number;
  pages: number;
  template: string;
  templateSha256: string;
  fileName: string;
  storageKey: string;
  generatedByUserId: string;
  generatedByEmail: string;
  generatedByName: string;
  generatedByRole: string;
  generatedAt: Date;
}

const COLUMNS = `id, kind, department_id, department_ids, assessment_id, enrolment_id, sha256, size_bytes, pages, template, template_sha256, file_name, storage_key,
  generated_by_user_id, generated_by_email, generated_by_name, generated_by_role, generated_at`;

/** The SQL of generated_report (the rows of the stored PDFs). */
@Injectable()
export class GeneratedReportsRepository {
  async insert(manager: EntityManager, r: NewGeneratedReport): Promise<GeneratedReportRow> {
    const [inserted]: GeneratedReportRow[] = await manager.query(
      `INSERT INTO generated_report (id, kind, department_id, department_ids, sha256, size_bytes, pages, template, template_sha256, file_name, storage_key,
                                     generated_by_user_id, generated_by_email, generated_by_name, generated_by_role, generated_at, assessment_id, enrolment_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING ${COLUMNS}`,
      [
        r.id,
        r.kind,
        r.departmentId,
        r.departmentIds,
        r.sha256,
        r.bytes,
        r.pages,
        r.template,
        r.templateSha256,
        r.fileName,
        r.storageKey,
        r.generatedByUserId,
        r.generatedByEmail,
        r.generatedByName,
        r.generatedByRole,
        r.generatedAt,
        r.assessmentId,
        r.enrolmentId,
      ],
    );
    return inserted;
  }

  /**
   * One page of the department's reports (of one kind when given), newest first, and how many there
   * are; with `assessorView`, only those an assessor may read (rules/assessor-reports.ts).
   */
  async findPageOfDepartment(
    manager: EntityManager,
    departmentId: string,
    options: { kind: GeneratedReportKind | undefined; assessorView: boolean; assignedAssessmentIds?: readonly string[] },
    limit: number,
    offset: number,
  ): Promise<{ rows: GeneratedReportRow[]; total: number }> {
    const params: unknown[] = [departmentId];
    const kindFilter =
      (options.kind ? ` AND kind = $${params.push(options.kind)}` : '') +
      (options.assessorView
        ? ` AND ${ASSESSOR_REPORTS_SQL} AND (kind <> 'assessment' OR assessment_id = ANY($${params.push(options.assignedAssessmentIds ?? [])}::uuid[]))`
        : '');
    const [{ total }]: { total: number }[] = await manager.query(`SELECT count(*)::int AS total FROM generated_report WHERE department_id = $1${kindFilter}`, params);
    const rows: GeneratedReportRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM generated_report WHERE department_id = $1${kindFilter}
        ORDER BY generated_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total };
  }

  /**
   * The newest `limit` reports of each department, each with its department's total, newest first,
   * in one statement; of the departments in `assessedIds`, only those an assessor may read.
   */
  async findRecentOfDepartments(
    manager: EntityManager,
    departmentIds: string[],
    assessedIds: string[],
    limit: number,
    assignedAssessmentIds: readonly string[] = [],
  ): Promise<(GeneratedReportRow & { total: number })[]> {
    return manager.query(
      `SELECT * FROM (SELECT ${COLUMNS}, count(*) OVER (PARTITION BY department_id)::int AS total,
                             row_number() OVER (PARTITION BY department_id ORDER BY generated_at DESC, id DESC) AS position
                        FROM generated_report
                       WHERE department_id = ANY($1::uuid[])
                         AND (NOT department_id = ANY($3::uuid[]) OR (${ASSESSOR_REPORTS_SQL} AND (kind <> 'assessment' OR assessment_id = ANY($4::uuid[]))))) r
        WHERE position <= $2 ORDER BY generated_at DESC, id DESC`,
      [departmentIds, limit, assessedIds, assignedAssessmentIds],
    );
  }

  /** The newest footprint reports: everyone's when `everyone`, else those generated by the user. */
  async findFootprints(manager: EntityManager, everyone: boolean, userId: string, limit: number): Promise<GeneratedReportRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM generated_report WHERE kind = 'footprint' AND ($1::boolean OR generated_by_user_id = $2)
        ORDER BY generated_at DESC, id DESC LIMIT $3`,
      [everyone, userId, limit],
    );
  }

  async findById(manager: EntityManager, id: string): Promise<GeneratedReportRow | undefined> {
    const [row]: GeneratedReportRow[] = await manager.query(`SELECT ${COLUMNS} FROM generated_report WHERE id = $1`, [id]);
    return row;
  }
}
