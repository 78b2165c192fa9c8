import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The SQL of the departments' calendar feed tokens (stored as SHA-256, one live token per department). */
@Injectable()
export class CalendarFeedRepository {
  /** Locks the department row, which serialises token changes of one department; false when there is no such department. */
  async lockDepartment(manager: EntityManager, departmentId: string): Promise<boolean> {
    const found: unknown[] = await manager.query('SELECT 1 FROM department WHERE id = $1 FOR UPDATE', [departmentId]);
    return found.length > 0;
  }

  /** Revokes the department's live token, if any; the ids revoked. */
  async revokeLiveTokens(manager: EntityManager, departmentId: string, at: Date): Promise<{ id: string }[]> {
    return manager.query(
      `WITH revoked AS (UPDATE calendar_feed_token SET revoked_at = $2 WHERE department_id = $1 AND revoked_at IS NULL RETURNING id)
         SELECT id FROM revoked`,
      [departmentId, at],
    );
  }

  async insertToken(manager: EntityManager, departmentId: string, tokenSha256: string, createdByUserId: string, at: Date): Promise<{ id: string }> {
    const [created]: { id: string }[] = await manager.query(
      'INSERT INTO calendar_feed_token (department_id, token_sha256, created_by_user_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
      [departmentId, tokenSha256, createdByUserId, at],
    );
    return created;
  }

  async findDepartmentOfLiveToken(manager: EntityManager, tokenSha256: string): Promise<string | null> {
    const [row]: { department_id: string }[] = await manager.query(
      'SELECT department_id FROM calendar_feed_token WHERE token_sha256 = $1 AND revoked_at IS NULL',
      [tokenSha256],
    );
    return row?.department_id ?? null;
  }

  /** When the department's live token was made and by whom (display name), if it has one. */
  async findLiveToken(manager: EntityManager, departmentId: string): Promise<{ created_at: Date; created_by: string | null } | null> {
    const [row]: { created_at: Date; created_by: string | null }[] = await manager.query(
      `SELECT t.created_at, u.display_name AS created_by
         FROM calendar_feed_token t LEFT JOIN app_user u ON u.id = t.created_by_user_id
        WHERE t.department_id = $1 AND t.revoked_at IS NULL`,
      [departmentId],
    );
    return row ?? null;
  }
}
