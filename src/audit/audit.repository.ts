import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditContext, AuditEntry, FileHistoryRow } from './audit.service';

/** The audit trail's SQL. */
@Injectable()
export class AuditRepository {
  /** The chain fields are filled by the database trigger. */
  async insert(manager: EntityManager, context: AuditContext, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_event
         (actor_user_id, actor_email, actor_role, action, entity_type, entity_id, department_id, before, after, request_id, ip, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', '')`,
      [
        context.userId,
        context.email,
        context.role,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        entry.departmentId ?? null,
        entry.before ? JSON.stringify(entry.before) : null,
        entry.after ? JSON.stringify(entry.after) : null,
        context.requestId ?? null,
        context.ip ?? null,
      ],
    );
  }

  async countEvents(manager: EntityManager): Promise<number> {
    const [summary]: { checked: string }[] = await manager.query('SELECT count(*) AS checked FROM audit_event');
    return Number(summary.checked);
  }

  /** The first event whose hash or link to the event before it is wrong, walking the chain in one pass. */
  async findFirstBrokenLink(manager: EntityManager): Promise<{ id: string; reason: string } | null> {
    const broken: { id: string; reason: string }[] = await manager.query(`
      SELECT id::text,
             CASE WHEN hash <> digest THEN 'the row''s content does not match its hash (it was altered)'
                  ELSE 'the row does not link to the row before it (a row was removed or inserted)'
             END AS reason
        FROM (SELECT a.id, a.hash, a.prev_hash, audit_event_digest(a) AS digest,
                     coalesce(lag(a.hash) OVER (ORDER BY a.id), repeat('0', 64)) AS expected_prev
                FROM audit_event a) e
       WHERE hash <> digest OR prev_hash <> expected_prev
       ORDER BY id
       LIMIT 1`);
    return broken[0] ?? null;
  }

  /**
   * A standard file's own events and those of the proofs filed in it (downloads left out), newest
   * first, at most `limit`.
   */
  async findFileHistory(manager: EntityManager, departmentId: string, fileId: string, limit: number): Promise<FileHistoryRow[]> {
    return manager.query(
      `SELECT e.id::text, e.occurred_at, e.action, e.actor_email, e.actor_role, u.display_name AS actor_name, e.before, e.after
         FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.department_id = $1
          AND ((e.entity_type = 'standard_file' AND e.entity_id = $2)
               OR (e.entity_type IN ('proof', 'proof_link') AND e.after ->> 'standardFileId' = $2 AND e.action <> 'proof.downloaded'))
        ORDER BY e.id DESC
        LIMIT $3`,
      [departmentId, fileId, limit],
    );
  }
}
