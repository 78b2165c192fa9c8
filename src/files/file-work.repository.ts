import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Frequency } from '../kernel/standard-types';

/** Who may be assigned a file: an active manager or member of its department (membership m, app_user u). */
const ASSIGNABLE_MEMBER = `m.role IN ('manager', 'member') AND u.disabled_at IS NULL`;

export interface FileDetailRow {
  id: string;
  department_id: string;
  standard_id: string;
  number: string;
  title: string;
  chapter: number;
  tier1: boolean;
  frequency: string | null;
  bullets: { letter: string; label: string }[];
  kinds: string[];
  activities: { id: string; key: string; name: string; frequency: Frequency; reminderDays: number | null; bullets: string[] }[];
}

export interface PersonOptionRow {
  id: string;
  name: string;
  assignable: boolean;
}

/** The SQL of the work on standard files: details, chapter-wide changes, who may be assigned. */
@Injectable()
export class FileWorkRepository {
  async findStandardBullets(manager: EntityManager, standardId: string): Promise<{ letter: string }[]> {
    const [standard] = await manager.query<{ bullets: { letter: string }[] }[]>('SELECT bullets FROM standard WHERE id = $1', [standardId]);
    return standard.bullets;
  }

  /** The in-scope files of a chapter with the current values of `columns`, locked for the change that follows. */
  async lockChapterFiles(
    manager: EntityManager,
    departmentId: string,
    chapter: number,
    columns: string[],
  ): Promise<{ id: string; number: string; values: Record<string, unknown> }[]> {
    return manager.query(
      `SELECT f.id, f.standard_number AS number, json_build_object(${columns.map((c) => `'${c}', f.${c}`).join(', ')}) AS values
         FROM standard_file f JOIN standard s ON s.id = f.standard_id
        WHERE f.department_id = $1 AND f.in_scope AND s.chapter = $2
        ORDER BY f.sort_key FOR UPDATE OF f`,
      [departmentId, chapter],
    );
  }

  /** Sets the same `changes` on the given files of the department, each a new version. */
  async updateFiles(manager: EntityManager, departmentId: string, fileIds: string[], changes: Record<string, string | null>): Promise<void> {
    const columns = Object.keys(changes);
    const assignments = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
    await manager.query(
      `UPDATE standard_file SET ${assignments}, version = version + 1, updated_at = now() WHERE department_id = $1 AND id = ANY($2::uuid[])`,
      [departmentId, fileIds, ...columns.map((c) => changes[c])],
    );
  }

  async findDetail(manager: EntityManager, fileId: string): Promise<FileDetailRow> {
    const [row]: FileDetailRow[] = await manager.query(
      `SELECT f.id, f.department_id, f.standard_id, s.number, s.title, s.chapter, s.tier1, s.frequency, s.bullets, s.kinds,
              (SELECT coalesce(json_agg(json_build_object('id', a.id, 'key', a.key, 'name', a.name, 'frequency', a.frequency,
                                                          'reminderDays', a.reminder_days, 'bullets', a.bullets) ORDER BY a.position), '[]')
                 FROM activity a WHERE a.standard_id = s.id) AS activities
         FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE f.id = $1`,
      [fileId],
    );
    return row;
  }

  async findAssignablePeople(manager: EntityManager, departmentId: string): Promise<{ id: string; name: string; role: string }[]> {
    return manager.query(
      `SELECT u.id, u.display_name AS name, m.role FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.department_id = $1 AND ${ASSIGNABLE_MEMBER}
        ORDER BY u.display_name, u.id`,
      [departmentId],
    );
  }

  async isAssignable(manager: EntityManager, departmentId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.department_id = $1 AND m.user_id = $2 AND ${ASSIGNABLE_MEMBER}`,
      [departmentId, userId],
    );
    return rows.length > 0;
  }

  /**
   * The people of a department's assignee filter: its managers and members (assignable when
   * active) and anyone a file of the department is assigned to now.
   */
  async findAssigneeFilterPeople(manager: EntityManager, departmentId: string): Promise<PersonOptionRow[]> {
    return manager.query(
      `SELECT u.id, u.display_name AS name,
              EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.department_id = $1 AND ${ASSIGNABLE_MEMBER}) AS assignable
         FROM app_user u
        WHERE u.id IN (SELECT m.user_id FROM membership m WHERE m.department_id = $1 AND m.role IN ('manager', 'member'))
           OR u.id IN (SELECT f.assignee_user_id FROM standard_file f WHERE f.department_id = $1 AND f.assignee_user_id IS NOT NULL)
        ORDER BY lower(u.display_name), u.id`,
      [departmentId],
    );
  }

  async fileBelongsToDepartment(manager: EntityManager, fileId: string, departmentId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM standard_file WHERE id = $1 AND department_id = $2', [fileId, departmentId]);
    return rows.length > 0;
  }
}
