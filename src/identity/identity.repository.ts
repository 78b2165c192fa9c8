import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DepartmentRole } from './entities/membership.entity';

/** The identity module's SQL (users, memberships, assessor grants). */
@Injectable()
export class IdentityRepository {
  /** Serialises the first-administrator check across replicas, until the caller's transaction ends. */
  async lockFirstAdminCreation(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('calea:first-admin'))`);
  }

  /** The memberships of the given users with their department's name, by department name. */
  async findMembershipsOfUsers(
    manager: EntityManager,
    userIds: string[],
  ): Promise<{ user_id: string; department_id: string; name: string; role: DepartmentRole }[]> {
    return manager.query(
      `SELECT m.user_id, m.department_id, d.name, m.role FROM membership m JOIN department d ON d.id = m.department_id
        WHERE m.user_id = ANY($1) ORDER BY d.name`,
      [userIds],
    );
  }

  /**
   * Live grants (not revoked) whose last day is from `today` to `lastDay`, with no ending notice
   * queued yet, of assessors who can sign in (a password, not disabled), locked for the caller's
   * transaction; with the names of their departments.
   */
  async grantsEndingSoon(
    manager: EntityManager,
    today: string,
    lastDay: string,
  ): Promise<{ id: string; user_id: string; email: string; display_name: string; ends_on: string; department_id: string; departments: string[] }[]> {
    return manager.query(
      `SELECT g.id, g.user_id, u.email, u.display_name, to_char(g.ends_on, 'YYYY-MM-DD') AS ends_on,
              (SELECT min(gd.department_id::text) FROM assessor_grant_department gd WHERE gd.grant_id = g.id) AS department_id,
              ARRAY(SELECT d.name FROM assessor_grant_department gd JOIN department d ON d.id = gd.department_id WHERE gd.grant_id = g.id ORDER BY d.name) AS departments
         FROM assessor_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.revoked_at IS NULL AND g.ending_notice_queued_on IS NULL AND g.ends_on BETWEEN $1 AND $2
          AND g.starts_on <= $1 AND u.password_hash IS NOT NULL AND u.disabled_at IS NULL
        ORDER BY g.ends_on, g.id
          FOR UPDATE OF g SKIP LOCKED`,
      [today, lastDay],
    );
  }

  async markEndingNoticeQueued(manager: EntityManager, grantIds: string[], today: string): Promise<void> {
    await manager.query('UPDATE assessor_grant SET ending_notice_queued_on = $2 WHERE id = ANY($1::uuid[])', [grantIds, today]);
  }

  /** Ids of the grants on any of the departments (all with null), of one assessor when given, newest first. */
  async findGrantIds(manager: EntityManager, departmentIds: string[] | null, assessorUserId: string | null): Promise<{ id: string }[]> {
    return manager.query(
      `SELECT DISTINCT g.id, g.created_at FROM assessor_grant g JOIN assessor_grant_department d ON d.grant_id = g.id
        WHERE ($1::uuid[] IS NULL OR d.department_id = ANY($1)) AND ($2::uuid IS NULL OR g.user_id = $2) ORDER BY g.created_at DESC`,
      [departmentIds, assessorUserId],
    );
  }

  /**
   * Which of these ids are departments. Identity reads `department` here rather than through
   * DepartmentsService because identity sits below departments in the layering (it must not import
   * it), and the tables identity owns (membership, assessor_grant_department) hold foreign keys to
   * department.id: this is the check those keys make, done first for a clear error. Read-only, by
   * primary key; the name is read the same way in findMembershipsOfUsers / findDepartmentsOfGrants.
   */
  async findExistingDepartmentIds(manager: EntityManager, departmentIds: string[]): Promise<string[]> {
    if (departmentIds.length === 0) return [];
    const rows: { id: string }[] = await manager.query(`SELECT id FROM department WHERE id = ANY($1::uuid[])`, [departmentIds]);
    return rows.map((row) => row.id);
  }

  /** The departments (id, name) of each of the grants, by department name. */
  async findDepartmentsOfGrants(manager: EntityManager, grantIds: string[]): Promise<{ grant_id: string; id: string; name: string }[]> {
    if (grantIds.length === 0) return [];
    return manager.query(
      `SELECT gd.grant_id, d.id, d.name FROM assessor_grant_department gd JOIN department d ON d.id = gd.department_id
        WHERE gd.grant_id = ANY($1::uuid[]) ORDER BY d.name`,
      [grantIds],
    );
  }

  /** Enabled users among the ids, with what a mail to them needs. */
  async findMailContacts(manager: EntityManager, userIds: string[]): Promise<{ id: string; email: string; display_name: string }[]> {
    if (userIds.length === 0) return [];
    return manager.query(`SELECT id, email, display_name FROM app_user WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL ORDER BY email`, [userIds]);
  }

  /** The enabled accreditation managers of a department. */
  async findDepartmentManagerContacts(manager: EntityManager, departmentId: string): Promise<{ id: string; email: string; display_name: string }[]> {
    return manager.query(
      `SELECT u.id, u.email, u.display_name FROM membership m JOIN app_user u ON u.id = m.user_id
        WHERE m.department_id = $1 AND m.role = 'manager' AND u.disabled_at IS NULL ORDER BY u.email`,
      [departmentId],
    );
  }

  /** A department's name, read by primary key like findMembershipsOfUsers does (for the mail that names it). */
  async findDepartmentName(manager: EntityManager, departmentId: string): Promise<string | null> {
    const rows: { name: string }[] = await manager.query(`SELECT name FROM department WHERE id = $1`, [departmentId]);
    return rows[0]?.name ?? null;
  }
}
