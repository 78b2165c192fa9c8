import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SizeClass } from '../kernel/standard-types';
import type { ProgramTier } from '../departments/entities/department.entity';
import type { FileListQueryDto } from './dto/standard-file.dto';

export interface MappedFileRow {
  file_id: string;
  enrolment_id: string;
  program_name: string;
  number: string;
  title: string;
  result: string;
  status: string;
  in_scope: boolean;
}

export interface FileRow {
  id: string;
  standard_id: string;
  number: string;
  title: string;
  chapter: number;
  level: 'M' | 'O';
  tier1: boolean;
  frequency: string | null;
  in_scope: boolean;
  applicability: string;
  result: string;
  status: string;
  assignee_user_id: string | null;
  needs_review: boolean;
  review_reasons: string[];
  version: number;
  updated_at: Date;
}

const LEVEL_COLUMN: Record<SizeClass, string> = { A: 'level_a', B: 'level_b', C: 'level_c', D: 'level_d' };

/** The module's SQL: set-based, one statement per step, whatever the number of standards. */
@Injectable()
export class StandardFilesRepository {
  /** The assignee of each of the files that has one. */
  async findAssignees(manager: EntityManager, fileIds: string[]): Promise<{ id: string; assignee_user_id: string }[]> {
    if (fileIds.length === 0) return [];
    return manager.query(`SELECT id, assignee_user_id FROM standard_file WHERE id = ANY($1::uuid[]) AND assignee_user_id IS NOT NULL`, [fileIds]);
  }

  /**
   * Makes a department's files match its manual, tier and size class: creates the missing ones,
   * re-points every file to the manual's standard of the same number, resolves M/O, and marks
   * files outside the tier (or without a standard in the manual) out of scope. Work is never lost.
   */
  async resolveScope(manager: EntityManager, owner: { departmentId: string; enrolmentId: string }, manualId: string, tier: ProgramTier, sizeClass: SizeClass): Promise<{ created: number }> {
    const level = LEVEL_COLUMN[sizeClass];
    const enrolmentId = owner.enrolmentId;
    const created: { id: string }[] = await manager.query(
      `INSERT INTO standard_file (department_id, enrolment_id, standard_id, standard_number, sort_key, level, in_scope, version)
       SELECT $4, $1, s.id, s.number, s.sort_key, s.${level}, true, 1
         FROM standard s
        WHERE s.manual_id = $2 AND ($3 = 'advanced' OR s.tier1)
       ON CONFLICT (enrolment_id, standard_number) DO NOTHING
       RETURNING id`,
      [enrolmentId, manualId, tier, owner.departmentId],
    );
    await manager.query(
      `UPDATE standard_file f
          SET standard_id = s.id, sort_key = s.sort_key, level = s.${level},
              in_scope = ($3 = 'advanced' OR s.tier1), version = f.version + 1, updated_at = now()
         FROM standard s
        WHERE f.enrolment_id = $1 AND s.manual_id = $2 AND s.number = f.standard_number
          AND (f.standard_id, f.sort_key, f.level, f.in_scope) IS DISTINCT FROM (s.id, s.sort_key, s.${level}::char(1), ($3 = 'advanced' OR s.tier1))`,
      [enrolmentId, manualId, tier],
    );
    await manager.query(
      `UPDATE standard_file f SET in_scope = false, version = f.version + 1, updated_at = now()
        WHERE f.enrolment_id = $1 AND f.in_scope
          AND NOT EXISTS (SELECT 1 FROM standard s WHERE s.manual_id = $2 AND s.number = f.standard_number)`,
      [enrolmentId, manualId],
    );
    return { created: created.length };
  }

  async fileNumbers(manager: EntityManager, enrolmentId: string): Promise<string[]> {
    const rows: { standard_number: string }[] = await manager.query('SELECT standard_number FROM standard_file WHERE enrolment_id = $1', [enrolmentId]);
    return rows.map((r) => r.standard_number);
  }

  /**
   * Files of standards the new version removed: out of scope and flagged, their work kept. Their
   * number is freed (a tombstone takes its place) because the new version may give it to another
   * standard; the file still shows its old standard through standard_id.
   */
  async retire(manager: EntityManager, enrolmentId: string, numbers: string[], reason: string): Promise<void> {
    if (numbers.length === 0) return;
    await manager.query(
      `UPDATE standard_file f
          SET in_scope = false, needs_review = true, review_reasons = f.review_reasons || ARRAY[$3::text],
              standard_number = '-' || left(md5(f.id::text), 11), version = f.version + 1, updated_at = now()
        WHERE f.enrolment_id = $1 AND f.standard_number = ANY($2::text[])`,
      [enrolmentId, numbers, reason],
    );
  }

  /** Renumbers files through temporary numbers, so a chain of shifts (4.2.3 -> 4.2.4 -> 4.2.5) never collides. */
  async renumber(manager: EntityManager, enrolmentId: string, moves: { from: string; to: string }[]): Promise<void> {
    if (moves.length === 0) return;
    const parked: { id: string; to_number: string }[] = await manager.query(
      // Wrapped in a CTE so the driver returns the rows (a bare UPDATE ... RETURNING answers [rows, count]).
      `WITH parked AS (
         UPDATE standard_file f SET standard_number = '#' || left(md5(f.id::text), 11)
           FROM unnest($2::text[], $3::text[]) AS m(from_number, to_number)
          WHERE f.enrolment_id = $1 AND f.standard_number = m.from_number
          RETURNING f.id, m.to_number)
       SELECT id, to_number FROM parked`,
      [enrolmentId, moves.map((m) => m.from), moves.map((m) => m.to)],
    );
    await manager.query(
      `UPDATE standard_file f SET standard_number = m.to_number, version = f.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS m(id, to_number)
        WHERE f.id = m.id`,
      [parked.map((p) => p.id), parked.map((p) => p.to_number)],
    );
  }

  async flag(manager: EntityManager, enrolmentId: string, reasons: { number: string; reasons: string[] }[]): Promise<void> {
    if (reasons.length === 0) return;
    await manager.query(
      `UPDATE standard_file f
          SET needs_review = true, review_reasons = f.review_reasons || string_to_array(r.reasons, E'\\x1f'),
              version = f.version + 1, updated_at = now()
         FROM unnest($2::text[], $3::text[]) AS r(number, reasons)
        WHERE f.enrolment_id = $1 AND f.standard_number = r.number`,
      [enrolmentId, reasons.map((r) => r.number), reasons.map((r) => r.reasons.join('\x1f'))],
    );
  }

  async countInScope(manager: EntityManager, enrolmentId: string): Promise<number> {
    const [row]: { n: number }[] = await manager.query('SELECT count(*)::int AS n FROM standard_file WHERE enrolment_id = $1 AND in_scope', [enrolmentId]);
    return row.n;
  }

  /** The file's department, its enrolment's program and its standard number (null when no such file, or no program yet). */
  async programNumberOf(manager: EntityManager, fileId: string): Promise<{ departmentId: string; programId: string | null; number: string } | null> {
    const [row]: { department_id: string; program_id: string | null; standard_number: string }[] = await manager.query(
      'SELECT f.department_id, e.program_id, f.standard_number FROM standard_file f JOIN enrolment e ON e.id = f.enrolment_id WHERE f.id = $1',
      [fileId],
    );
    return row ? { departmentId: row.department_id, programId: row.program_id, number: row.standard_number } : null;
  }

  /** The department's files of these (program, standard number) pairs, by program name and natural order. */
  async filesOfStandards(manager: EntityManager, departmentId: string, standards: readonly { programId: string; number: string }[]): Promise<MappedFileRow[]> {
    if (standards.length === 0) return [];
    return manager.query(
      `SELECT f.id AS file_id, e.id AS enrolment_id, p.name AS program_name, f.standard_number AS number, s.title, f.result, f.status, f.in_scope
         FROM unnest($2::uuid[], $3::text[]) AS m(program_id, number)
         JOIN enrolment e ON e.department_id = $1 AND e.program_id = m.program_id
         JOIN program p ON p.id = e.program_id
         JOIN standard_file f ON f.enrolment_id = e.id AND f.standard_number = m.number
         JOIN standard s ON s.id = f.standard_id
        ORDER BY p.name, f.sort_key`,
      [departmentId, standards.map((m) => m.programId), standards.map((m) => m.number)],
    );
  }

  async list(manager: EntityManager, departmentId: string, query: FileListQueryDto): Promise<{ rows: FileRow[]; total: number }> {
    const where = ['f.department_id = $1', 'f.in_scope = $2'];
    const params: unknown[] = [departmentId, query.inScope ?? true];
    const add = (condition: string, value: unknown): void => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (query.enrolmentId) add('f.enrolment_id = ?', query.enrolmentId);
    if (query.chapter !== undefined) add('s.chapter = ?', query.chapter);
    if (query.level) add('f.level = ?', query.level);
    if (query.status) add('f.status = ?', query.status);
    if (query.result) add('f.result = ?', query.result);
    if (query.assigneeUserId) add('f.assignee_user_id = ?', query.assigneeUserId);
    if (query.needsReview !== undefined) add('f.needs_review = ?', query.needsReview);
    const from = `FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE ${where.join(' AND ')}`;
    const [{ total }]: { total: number }[] = await manager.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: FileRow[] = await manager.query(
      `SELECT f.id, f.standard_id, s.number, s.title, s.chapter, f.level, s.tier1, s.frequency, f.in_scope,
              f.applicability, f.result, f.status, f.assignee_user_id, f.needs_review, f.review_reasons, f.version, f.updated_at
         ${from} ORDER BY f.sort_key LIMIT ${query.limit} OFFSET ${query.offset}`,
      params,
    );
    return { rows, total };
  }
}
