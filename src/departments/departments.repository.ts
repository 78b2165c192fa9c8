import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A department's manual as the API shows it, with the newest later published version of the same program and edition (drafts are not offered). */
export interface ManualInfoRow {
  department_id: string;
  id: string;
  name: string;
  version: string;
  effective_date: string;
  newer_id: string | null;
  newer_version: string | null;
  first_newer_date: string | null;
}

/** The departments module's SQL. */
@Injectable()
export class DepartmentsRepository {
  async findManualInfo(manager: EntityManager, departmentIds: string[]): Promise<ManualInfoRow[]> {
    return manager.query(
      `SELECT d.id AS department_id, m.id, m.name, m.version, to_char(m.effective_date, 'YYYY-MM-DD') AS effective_date,
              newest.id AS newer_id, newest.version AS newer_version, to_char(first_newer.effective_date, 'YYYY-MM-DD') AS first_newer_date
         FROM department d JOIN manual m ON m.id = d.manual_id
         LEFT JOIN LATERAL (SELECT x.id, x.version FROM manual x
                             WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                               AND x.published_at IS NOT NULL
                             ORDER BY x.effective_date DESC, x.version DESC LIMIT 1) newest ON true
         LEFT JOIN LATERAL (SELECT min(x.effective_date) AS effective_date FROM manual x
                             WHERE x.program = m.program AND x.edition = m.edition AND x.effective_date > m.effective_date
                               AND x.published_at IS NOT NULL) first_newer ON true
        WHERE d.id = ANY($1)`,
      [departmentIds],
    );
  }

  /** Whether a department already has this name, ignoring case and surrounding spaces. */
  async isNameTaken(manager: EntityManager, name: string): Promise<boolean> {
    const taken: unknown[] = await manager.query('SELECT 1 FROM department WHERE lower(name) = lower($1)', [name.trim()]);
    return taken.length > 0;
  }
}
