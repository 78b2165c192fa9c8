import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CALEA_CYCLE_YEARS } from '../kernel/program-values';
import type { Bullet, Frequency } from '../kernel/standard-types';
import type { ReviewState } from './entities/proof-link.entity';
import type { ProofKind } from '../kernel/proof-types';

/** One activity of a file's standard. */
export interface FileActivity {
  id: string;
  key: string;
  name: string;
  frequency: Frequency;
}

/** A standard file with what filing a proof in it needs. */
export interface FileContext {
  id: string;
  departmentId: string;
  assigneeUserId: string | null;
  standardNumber: string;
  frequency: Frequency | null;
  /** The standard's activities, in the manual's order. */
  activities: FileActivity[];
  bullets: Bullet[];
  awardDate: string | null;
  departmentCreatedOn: string;
  /** The length in years of the cycles of the file's program (CALEA's four before a program is decided). */
  cycleYears: number;
}

export interface ProofRow {
  proof_id: string;
  department_id: string;
  file_name: string;
  kind: ProofKind;
  effective_date: string;
  description: string | null;
  uploaded_by_user_id: string | null;
  uploaded_at: Date;
  sha256: string;
  size_bytes: string;
  mime_type: string;
  storage_key: string;
}

export interface LinkRow extends ProofRow {
  id: string;
  standard_file_id: string;
  /** The department of the file the proof is filed in: the proof's own, or one it was shared with. */
  file_department_id: string;
  standard_number: string;
  cycle_starts_on: string;
  cycle_year: number;
  period_key: string;
  activity_key: string;
  bullets: string[];
  review_state: ReviewState;
  review_reason: string | null;
  reviewed_by_user_id: string | null;
  reviewed_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_by_user_id: string | null;
  withdraw_reason: string | null;
  created_by_user_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface NewProof {
  departmentId: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  storageKey: string;
  fileName: string;
  kind: ProofKind;
  effectiveDate: string;
  description: string | null;
  uploadedByUserId: string;
}

export interface NewLink {
  proofId: string;
  standardFileId: string;
  cycleStartsOn: string;
  cycleYear: number;
  periodKey: string;
  activityKey: string;
  bullets: string[];
  createdByUserId: string;
}

export type LinkChange =
  | { kind: 'review'; reviewState: ReviewState; reason: string | null; userId: string; at: Date }
  | { kind: 'withdraw'; reason: string; userId: string; at: Date };

// Dates go out as text: node-postgres would turn a `date` into a local-midnight Date.
const PROOF_COLUMNS = `p.id AS proof_id, p.department_id, p.file_name, p.kind, p.effective_date::text AS effective_date, p.description,
       p.uploaded_by_user_id, p.uploaded_at, o.sha256, o.size_bytes, o.mime_type, o.storage_key`;
const LINK_SELECT = `SELECT l.id, l.standard_file_id, f.department_id AS file_department_id, f.standard_number, l.cycle_starts_on::text AS cycle_starts_on, l.cycle_year, l.period_key,
       l.activity_key, l.bullets, l.review_state, l.review_reason, l.reviewed_by_user_id, l.reviewed_at, l.withdrawn_at, l.withdrawn_by_user_id,
       l.withdraw_reason, l.created_by_user_id, l.created_at, l.updated_at, l.version, ${PROOF_COLUMNS}
  FROM proof_link l
  JOIN proof p ON p.id = l.proof_id
  JOIN stored_object o ON o.sha256 = p.sha256
  JOIN standard_file f ON f.id = l.standard_file_id`;

/** The proofs module's SQL. */
@Injectable()
export class ProofsRepository {
  async linkBelongsToFile(manager: EntityManager, linkId: string, fileId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM proof_link WHERE id = $1 AND standard_file_id = $2', [linkId, fileId]);
    return rows.length > 0;
  }

  async findFileContext(manager: EntityManager, fileId: string): Promise<FileContext | null> {
    const [row]: {
      id: string;
      department_id: string;
      assignee_user_id: string | null;
      standard_number: string;
      frequency: Frequency | null;
      activities: [id: string, key: string, name: string, frequency: Frequency][];
      bullets: Bullet[];
      award_date: string | null;
      created_on: string;
      cycle_years: number;
    }[] = await manager.query(
      `SELECT f.id, f.department_id, f.assignee_user_id, f.standard_number, s.frequency, s.bullets,
              (SELECT coalesce(json_agg(json_build_array(a.id, a.key, a.name, a.frequency) ORDER BY a.position), '[]')
                 FROM activity a WHERE a.standard_id = s.id) AS activities,
              e.award_date::text AS award_date, (d.created_at AT TIME ZONE 'UTC')::date::text AS created_on,
              coalesce(p.cycle_years, ${CALEA_CYCLE_YEARS}) AS cycle_years
         FROM standard_file f
         JOIN standard s ON s.id = f.standard_id
         JOIN enrolment e ON e.id = f.enrolment_id
         LEFT JOIN program p ON p.id = e.program_id
         JOIN department d ON d.id = f.department_id
        WHERE f.id = $1`,
      [fileId],
    );
    if (!row) return null;
    return {
      id: row.id,
      departmentId: row.department_id,
      assigneeUserId: row.assignee_user_id,
      standardNumber: row.standard_number,
      frequency: row.frequency,
      activities: row.activities.map(([id, key, name, frequency]) => ({ id, key, name, frequency })),
      bullets: row.bullets,
      awardDate: row.award_date,
      departmentCreatedOn: row.created_on,
      cycleYears: row.cycle_years,
    };
  }

  /**
   * The cycle length of the file's program (CALEA's four before a program is decided), its row
   * locked in share mode until the caller's commit: filings go side by side, a change of the
   * program's cycle length waits for them (and they for it).
   */
  async lockCycleLength(manager: EntityManager, fileId: string): Promise<number> {
    const [row]: { cycle_years: number }[] = await manager.query(
      `SELECT p.cycle_years
         FROM program p
        WHERE p.id = (SELECT e.program_id FROM standard_file f JOIN enrolment e ON e.id = f.enrolment_id WHERE f.id = $1)
          FOR SHARE`,
      [fileId],
    );
    return row?.cycle_years ?? CALEA_CYCLE_YEARS;
  }

  async findProof(manager: EntityManager, proofId: string): Promise<ProofRow | null> {
    const [row]: ProofRow[] = await manager.query(
      `SELECT ${PROOF_COLUMNS} FROM proof p JOIN stored_object o ON o.sha256 = p.sha256 WHERE p.id = $1`,
      [proofId],
    );
    return row ?? null;
  }

  async findLink(manager: EntityManager, linkId: string, options: { lock?: boolean } = {}): Promise<LinkRow | null> {
    const [row]: LinkRow[] = await manager.query(`${LINK_SELECT} WHERE l.id = $1${options.lock ? ' FOR UPDATE OF l' : ''}`, [linkId]);
    return row ?? null;
  }

  async linksOfProof(manager: EntityManager, proofId: string): Promise<LinkRow[]> {
    return manager.query(`${LINK_SELECT} WHERE l.proof_id = $1 ORDER BY l.created_at, l.id`, [proofId]);
  }

  /**
   * A file's filings: those of the cycle starting on `cycleStartsOn`, and those of other cycles
   * whose effective date is on or after `visibleSince` (or all of them with `history`). Newest
   * effective date first within a cycle year.
   */
  async linksOfFile(manager: EntityManager, fileId: string, cycleStartsOn: string, visibleSince: string, history: boolean): Promise<LinkRow[]> {
    return manager.query(
      `${LINK_SELECT}
        WHERE l.standard_file_id = $1 AND (l.cycle_starts_on = $2 OR p.effective_date >= $3 OR $4)
        ORDER BY l.cycle_starts_on DESC, l.cycle_year, p.effective_date DESC, l.created_at DESC, l.id`,
      [fileId, cycleStartsOn, visibleSince, history],
    );
  }

  /** Identical bytes are one stored object, whoever uploaded them. */
  /**
   * Every storage key a row names (proofs point at stored objects by SHA-256; generated reports'
   * PDFs are kept in the same storage): objects outside it have no row.
   */
  async referencedStorageKeys(manager: EntityManager): Promise<Set<string>> {
    const rows: { key: string }[] = await manager.query('SELECT storage_key AS key FROM stored_object UNION SELECT storage_key FROM generated_report');
    return new Set(rows.map((r) => r.key));
  }

  async upsertStoredObject(manager: EntityManager, proof: Pick<NewProof, 'sha256' | 'sizeBytes' | 'mimeType' | 'storageKey'>): Promise<void> {
    await manager.query(
      `INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING`,
      [proof.sha256, proof.sizeBytes, proof.mimeType, proof.storageKey],
    );
  }

  async insertProof(manager: EntityManager, proof: NewProof): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO proof (department_id, sha256, file_name, kind, effective_date, description, uploaded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [proof.departmentId, proof.sha256, proof.fileName, proof.kind, proof.effectiveDate, proof.description, proof.uploadedByUserId],
    );
    return row.id;
  }

  /** Returns null when the proof is already filed (and not withdrawn) in that file, cycle year, activity and period. */
  async insertLink(manager: EntityManager, link: NewLink): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, period_key, bullets, created_by_user_id, version, activity_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)
       ON CONFLICT (proof_id, standard_file_id, cycle_year, activity_key, period_key) WHERE withdrawn_at IS NULL DO NOTHING
       RETURNING id`,
      [link.proofId, link.standardFileId, link.cycleStartsOn, link.cycleYear, link.periodKey, link.bullets, link.createdByUserId, link.activityKey],
    );
    return rows[0]?.id ?? null;
  }

  /** Applies a review or a withdrawal and moves the version on; the caller holds the row lock. */
  async changeLink(manager: EntityManager, linkId: string, change: LinkChange): Promise<void> {
    if (change.kind === 'review') {
      await manager.query(
        `UPDATE proof_link SET review_state = $2, review_reason = $3, reviewed_by_user_id = $4, reviewed_at = $5,
                version = version + 1, updated_at = now()
          WHERE id = $1`,
        [linkId, change.reviewState, change.reason, change.userId, change.at],
      );
    } else {
      await manager.query(
        `UPDATE proof_link SET withdrawn_at = $4, withdrawn_by_user_id = $3, withdraw_reason = $2, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [linkId, change.reason, change.userId, change.at],
      );
    }
  }

  /** What a department's primary enrolment's cycles are counted from; null when there is no such department. */
  async findDepartmentAnchor(manager: EntityManager, departmentId: string): Promise<{ awardDate: string | null; createdOn: string } | null> {
    const [row]: { award_date: string | null; created_on: string }[] = await manager.query(
      `SELECT e.award_date::text AS award_date, (d.created_at AT TIME ZONE 'UTC')::date::text AS created_on
         FROM department d LEFT JOIN enrolment e ON e.department_id = d.id AND e."primary" WHERE d.id = $1`,
      [departmentId],
    );
    return row ? { awardDate: row.award_date, createdOn: row.created_on } : null;
  }

  /** Every live filing (not withdrawn) of a department with the date that should decide its place, in standard order. */
  async findLiveFilingsWithDates(manager: EntityManager, departmentId: string): Promise<LiveFilingRow[]> {
    return manager.query(
      `SELECT l.id AS link_id, l.proof_id, l.standard_file_id, f.standard_number, s.frequency, p.file_name, p.effective_date::text AS effective_date,
              l.cycle_starts_on::text AS cycle_starts_on, l.cycle_year, l.period_key, l.review_state, e.award_date::text AS award_date,
              coalesce(pg.cycle_years, ${CALEA_CYCLE_YEARS}) AS cycle_years
         FROM proof_link l
         JOIN proof p ON p.id = l.proof_id
         JOIN standard_file f ON f.id = l.standard_file_id
         JOIN enrolment e ON e.id = f.enrolment_id
         LEFT JOIN program pg ON pg.id = e.program_id
         JOIN standard s ON s.id = f.standard_id
        WHERE f.department_id = $1 AND l.withdrawn_at IS NULL
        ORDER BY f.standard_number, p.effective_date, l.id`,
      [departmentId],
    );
  }
}

export interface LiveFilingRow {
  link_id: string;
  /** The award date of the file's enrolment: its cycles are counted from it. */
  award_date: string | null;
  /** The length in years of the cycles of the file's program. */
  cycle_years: number;
  proof_id: string;
  standard_file_id: string;
  standard_number: string;
  frequency: Frequency | null;
  file_name: string;
  effective_date: string;
  cycle_starts_on: string;
  cycle_year: number;
  period_key: string;
  review_state: ReviewState;
}
