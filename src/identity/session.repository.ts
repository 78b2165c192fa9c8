import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionKind } from './entities/session.entity';
import type { DepartmentRole } from './entities/membership.entity';

/** A live session with its user, as a presented access token finds it. */
export interface SessionActorRow {
  session_id: string;
  session_kind: SessionKind;
  user_id: string;
  email: string;
  display_name: string;
  is_admin: boolean;
  disabled_at: Date | null;
}

/** An assessor grant of the actor, dates as YYYY-MM-DD. */
export interface ActorGrantRow {
  id: string;
  starts_on: string;
  ends_on: string;
  revoked_at: Date | null;
  department_ids: string[];
}

/** The SQL that resolves a request's session to its actor (session, app_user, membership, assessor grants). */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The unrevoked, unexpired session of this kind whose access token hashes to `accessTokenHash`, with its user. */
  async findLiveSessionActor(accessTokenHash: string, kind: SessionKind, now: Date): Promise<SessionActorRow | undefined> {
    const rows: SessionActorRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.kind AS session_kind, u.id AS user_id, u.email, u.display_name, u.is_admin, u.disabled_at
         FROM session s JOIN app_user u ON u.id = s.user_id
        WHERE s.access_token_hash = $1 AND s.kind = $2 AND s.revoked_at IS NULL AND s.access_expires_at > $3`,
      [accessTokenHash, kind, now],
    );
    return rows[0];
  }

  async findMembershipRolesOfUser(userId: string): Promise<{ department_id: string; role: DepartmentRole }[]> {
    return this.dataSource.query('SELECT department_id, role FROM membership WHERE user_id = $1', [userId]);
  }

  /** Every assessor grant of the user (revoked and expired ones too), with its departments. */
  async findAssessorGrantsOfUser(userId: string): Promise<ActorGrantRow[]> {
    return this.dataSource.query(
      `SELECT g.id, to_char(g.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(g.ends_on, 'YYYY-MM-DD') AS ends_on, g.revoked_at,
              coalesce(array_agg(d.department_id) FILTER (WHERE d.department_id IS NOT NULL), '{}') AS department_ids
         FROM assessor_grant g LEFT JOIN assessor_grant_department d ON d.grant_id = g.id
        WHERE g.user_id = $1 GROUP BY g.id`,
      [userId],
    );
  }
}
