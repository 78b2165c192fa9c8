import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The deadlines module's SQL: the daily job's record of deadlines found overdue, and its lock. */
@Injectable()
export class DeadlinesRepository {
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
