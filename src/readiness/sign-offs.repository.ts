import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReadinessDto } from './dto/readiness.dto';
import type { SignOffSnapshotFormat } from './entities/readiness-sign-off.entity';

/** A sign-off as read back: the summary columns, plus the snapshot when asked for one sign-off. */
export interface SignOffRow {
  id: string;
  department_id: string;
  enrolment_id: string;
  signed_by_user_id: string;
  signed_by_email: string;
  signed_by_name: string;
  signed_by_role: string;
  signed_at: Date;
  note: string | null;
  meets_rule: boolean;
  summary: string;
  readiness_sha256: string;
  snapshot_format: SignOffSnapshotFormat;
  acknowledged_not_ready: boolean | null;
  readiness?: ReadinessDto;
  signed_snapshot?: string;
}

/** What a new sign-off stores: the canonical snapshot text (RFC 8785) and its SHA-256. */
export interface NewSignOff {
  departmentId: string;
  enrolmentId: string;
  signedByUserId: string;
  signedByEmail: string;
  signedByName: string;
  signedByRole: string;
  signedAt: Date;
  note: string | null;
  canonicalSnapshot: string;
  sha256: string;
}

const COLUMNS = `id, department_id, enrolment_id, signed_by_user_id, signed_by_email, signed_by_name, signed_by_role, signed_at, note,
  (readiness->'verdict'->>'meetsRule')::boolean AS meets_rule, readiness->'verdict'->>'summary' AS summary, readiness_sha256, snapshot_format,
  CASE WHEN snapshot_canonical IS NULL THEN NULL ELSE (snapshot_canonical::jsonb->>'acknowledgedNotReady')::boolean END AS acknowledged_not_ready`;

/** The exact text the hash is taken over: the canonical snapshot, or PostgreSQL's jsonb text for legacy sign-offs. */
const SIGNED_SNAPSHOT = `COALESCE(snapshot_canonical, readiness::text) AS signed_snapshot`;

/** The SQL of readiness_sign_off: insert-only (the table's triggers refuse update, delete and truncate). */
@Injectable()
export class SignOffsRepository {
  /**
   * Stores a sign-off in format `rfc8785`: the canonical text as is, and its `readiness` member as jsonb.
   * ($8 is typed text: a parameter inferred as jsonb would be stored re-rendered by PostgreSQL.)
   */
  async insertCanonical(manager: EntityManager, s: NewSignOff): Promise<SignOffRow> {
    const [row]: SignOffRow[] = await manager.query(
      `INSERT INTO readiness_sign_off (department_id, enrolment_id, signed_by_user_id, signed_by_email, signed_by_name, signed_by_role, signed_at, note, readiness, readiness_sha256, snapshot_format, snapshot_canonical)
       VALUES ($1, $10, $2, $3, $4, $5, $6, $7, $8::text::jsonb->'readiness', $9, 'rfc8785', $8::text)
       RETURNING ${COLUMNS}`,
      [s.departmentId, s.signedByUserId, s.signedByEmail, s.signedByName, s.signedByRole, s.signedAt, s.note, s.canonicalSnapshot, s.sha256, s.enrolmentId],
    );
    return row;
  }

  /** The newest sign-off (summary columns) of the enrolment, or of the department's primary one; undefined when none. */
  async findLatest(manager: EntityManager, departmentId: string, enrolmentId: string | null): Promise<SignOffRow | undefined> {
    const [row]: SignOffRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM readiness_sign_off
        WHERE department_id = $1 AND enrolment_id = coalesce($2::uuid, (SELECT e.id FROM enrolment e WHERE e.department_id = $1 AND e."primary"))
        ORDER BY signed_at DESC, id LIMIT 1`,
      [departmentId, enrolmentId],
    );
    return row;
  }

  /** The department's sign-offs (summary columns), newest first. */
  async findByDepartment(manager: EntityManager, departmentId: string): Promise<SignOffRow[]> {
    return manager.query(`SELECT ${COLUMNS} FROM readiness_sign_off WHERE department_id = $1 ORDER BY signed_at DESC, id`, [departmentId]);
  }

  /** One sign-off of the department with its readiness and the exact text its hash is over; undefined when none. */
  async findWithSnapshot(manager: EntityManager, departmentId: string, signOffId: string): Promise<SignOffRow | undefined> {
    const [row]: SignOffRow[] = await manager.query(
      `SELECT ${COLUMNS}, readiness, ${SIGNED_SNAPSHOT} FROM readiness_sign_off WHERE department_id = $1 AND id = $2`,
      [departmentId, signOffId],
    );
    return row;
  }
}
