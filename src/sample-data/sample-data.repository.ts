import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The SQL of the sample data: the first-start footprint seed (SampleDataService) and the file work
 * the README's report previews add on top of it (sample-work.ts, report-preview.cli.ts).
 *
 * Why one repository that writes other modules' tables: seeding is a whole-database operation, like
 * backup and restore. It writes rows as a fixed fixture (set ids, creation days, review states,
 * proofs without bytes) that no domain use case produces, inside one transaction, under one lock
 * and marker; going through each module's services would need test-only write paths in all of
 * them. Nothing outside src/sample-data and the preview CLI uses it, and no domain code depends on
 * it. The manual import and the file assignment still go through their services.
 */
@Injectable()
export class SampleDataRepository {
  /** Serialises seeding across replicas, until the caller's transaction ends. */
  async lockSeeding(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('calea:sample-data'))`);
  }

  async isSeeded(manager: EntityManager, marker: string): Promise<boolean> {
    const done: unknown[] = await manager.query('SELECT 1 FROM seed_marker WHERE key = $1', [marker]);
    return done.length > 0;
  }

  async markSeeded(manager: EntityManager, marker: string): Promise<void> {
    await manager.query('INSERT INTO seed_marker (key) VALUES ($1)', [marker]);
  }

  /** Inserts the department, or finds the one of that name; its id. */
  async upsertDepartment(
    manager: EntityManager,
    d: {
      name: string;
      shortName: string;
      programTier: string;
      accreditationStatus: string;
      awardDate: string | null;
      swornOfficers: number | null;
      municipalities: readonly string[];
      populationServed: number | null;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO department (name, short_name, sworn_officers, municipalities, population_served, version)
       VALUES ($1, $2, $3, $4, $5, 1)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [d.name, d.shortName, d.swornOfficers, d.municipalities, d.populationServed],
    );
    // Its primary enrolment (the program is decided when the sample manual is assigned to it).
    await manager.query(
      `INSERT INTO enrolment (department_id, "primary", program_tier, accreditation_status, award_date, version)
       SELECT $1, true, $2, $3, $4, 1 WHERE NOT EXISTS (SELECT 1 FROM enrolment WHERE department_id = $1 AND "primary")`,
      [rows[0].id, d.programTier, d.accreditationStatus, d.awardDate],
    );
    return rows[0].id;
  }

  /** Stores crosswalk pairs between two programs (each pair once, the lower program id on side a). */
  async insertCrosswalk(manager: EntityManager, programX: string, programY: string, pairs: readonly (readonly [string, string])[]): Promise<void> {
    await manager.query(
      `INSERT INTO crosswalk (program_a_id, number_a, program_b_id, number_b)
       SELECT CASE WHEN $1::uuid < $2::uuid THEN $1::uuid ELSE $2::uuid END, CASE WHEN $1::uuid < $2::uuid THEN x ELSE y END,
              CASE WHEN $1::uuid < $2::uuid THEN $2::uuid ELSE $1::uuid END, CASE WHEN $1::uuid < $2::uuid THEN y ELSE x END
         FROM unnest($3::text[], $4::text[]) AS m(x, y)
       ON CONFLICT DO NOTHING`,
      [programX, programY, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }

  /** Inserts the user unless the email is taken; the new id, or null when it existed. */
  async insertUserIfAbsent(manager: EntityManager, email: string, displayName: string, passwordHash: string, isAdmin: boolean): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO app_user (email, display_name, password_hash, is_admin) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, displayName, passwordHash, isAdmin],
    );
    return rows[0]?.id ?? null;
  }

  async insertMembership(manager: EntityManager, userId: string, departmentId: string | undefined, role: string): Promise<void> {
    await manager.query('INSERT INTO membership (user_id, department_id, role) VALUES ($1, $2, $3)', [userId, departmentId, role]);
  }

  /** A grant on the departments, from `startsOn` to `endsOn`. */
  async insertAssessorGrant(manager: EntityManager, userId: string, startsOn: string, endsOn: string, departmentIds: (string | undefined)[]): Promise<void> {
    const [grant]: { id: string }[] = await manager.query('INSERT INTO assessor_grant (user_id, starts_on, ends_on) VALUES ($1, $2, $3) RETURNING id', [
      userId,
      startsOn,
      endsOn,
    ]);
    for (const departmentId of departmentIds) {
      await manager.query('INSERT INTO assessor_grant_department (grant_id, department_id) VALUES ($1, $2)', [grant.id, departmentId]);
    }
  }

  /** Sets every department's creation time (the previews count Normandy PD's working cycle from it). */
  async setAllDepartmentsCreatedAt(manager: EntityManager, createdAt: string): Promise<void> {
    await manager.query('UPDATE department SET created_at = $1', [createdAt]);
  }

  async findDepartmentIdsByName(manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query('SELECT id, name FROM department');
    return new Map(rows.map((d) => [d.name, d.id]));
  }

  async findUserIdByEmail(manager: EntityManager, email: string): Promise<string | undefined> {
    const [row]: { id: string }[] = await manager.query('SELECT id FROM app_user WHERE email = $1', [email]);
    return row?.id;
  }

  /** Every in-scope file with its standard, by department and sort key. */
  /** In-scope files nobody has worked on yet (no result recorded, no proof filed): sample work never overwrites work. */
  async findUnworkedInScopeFiles(manager: EntityManager): Promise<SampleFileRow[]> {
    return manager.query(
      `SELECT f.id, f.department_id, f.enrolment_id, f.standard_number AS number, s.title, s.chapter, s.frequency,
              ARRAY(SELECT a.key FROM activity a WHERE a.standard_id = s.id ORDER BY a.position) AS activity_keys
         FROM standard_file f JOIN standard s ON s.id = f.standard_id
        WHERE f.in_scope AND f.result = 'not_assessed' AND f.applicability = 'applicable'
          AND NOT EXISTS (SELECT 1 FROM proof_link l WHERE l.standard_file_id = f.id)
        ORDER BY f.department_id, f.sort_key`,
    );
  }

  /** Sets applicability, result, status and directives of each file (one version bump each). */
  async updateFileWork(manager: EntityManager, updates: SampleFileWork[]): Promise<void> {
    await manager.query(
      `UPDATE standard_file f
          SET applicability = u.applicability, applicability_reason = u.reason, result = u.result, status = u.status,
              directives = u.directives::jsonb, version = f.version + 1
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, applicability, reason, result, status, directives)
        WHERE f.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => u.applicability), updates.map((u) => u.reason), updates.map((u) => u.result), updates.map((u) => u.status), updates.map((u) => u.directives)],
    );
  }

  /**
   * Files the proofs (metadata only: stored objects without bytes under sample/<sha256>) and links
   * each to its file and cycle year in its review state, reviewed by `reviewerId` unless pending.
   */
  async insertProofsWithLinks(manager: EntityManager, proofs: SampleProof[], reviewerId: string): Promise<void> {
    await manager.query(
      `INSERT INTO stored_object (sha256, size_bytes, mime_type, storage_key)
       SELECT sha, coalesce(size, 20000 + get_byte(decode(sha, 'hex'), 0) * 1000), 'application/pdf', coalesce(key, 'sample/' || sha)
         FROM unnest($1::text[], $2::bigint[], $3::text[]) AS x(sha, size, key)
       ON CONFLICT (sha256) DO NOTHING`,
      [proofs.map((p) => p.sha256), proofs.map((p) => p.stored?.size ?? null), proofs.map((p) => p.stored?.key ?? null)],
    );
    await manager.query(
      `WITH p AS (
         INSERT INTO proof (department_id, sha256, file_name, kind, effective_date, uploaded_by_user_id)
         SELECT department_id, sha, file_name, kind, effective_date, $7 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[]) AS x(department_id, sha, file_name, kind, effective_date)
         RETURNING id, sha256)
       INSERT INTO proof_link (proof_id, standard_file_id, cycle_starts_on, cycle_year, activity_key, review_state, review_reason, reviewed_by_user_id, reviewed_at, created_by_user_id, version)
       SELECT p.id, l.file_id, l.starts_on, l.cycle_year, l.activity_key, l.state,
              CASE WHEN l.state = 'returned' THEN 'Unsigned copy: file the signed one.' END,
              CASE WHEN l.state = 'pending' THEN NULL ELSE $7::uuid END,
              CASE WHEN l.state = 'pending' THEN NULL ELSE (l.effective_date + 7)::timestamptz END, $7, 1
         FROM unnest($2::text[], $6::uuid[], $8::date[], $9::smallint[], $10::text[], $5::date[], $11::text[]) AS l(sha, file_id, starts_on, cycle_year, state, effective_date, activity_key)
         JOIN p ON p.sha256 = l.sha`,
      [
        proofs.map((p) => p.departmentId),
        proofs.map((p) => p.sha256),
        proofs.map((p) => p.fileName),
        proofs.map((p) => p.kind),
        proofs.map((p) => p.effectiveDate),
        proofs.map((p) => p.fileId),
        reviewerId,
        proofs.map((p) => p.cycleStartsOn),
        proofs.map((p) => p.cycleYear),
        proofs.map((p) => p.state),
        proofs.map((p) => p.activityKey),
      ],
    );
  }
}

export interface SampleFileRow {
  id: string;
  department_id: string;
  enrolment_id: string;
  number: string;
  title: string;
  chapter: number;
  frequency: string | null;
  /** The standard's activities, in order (empty when it has none). */
  activity_keys: string[];
}

export interface SampleFileWork {
  id: string;
  applicability: string;
  reason: string | null;
  result: string;
  status: string;
  /** JSON text of the directives. */
  directives: string;
}

export interface SampleProof {
  key: string;
  departmentId: string;
  fileId: string;
  sha256: string;
  fileName: string;
  kind: string;
  effectiveDate: string;
  cycleStartsOn: string;
  cycleYear: number;
  state: string;
  /** The activity the filing meets ('' for a standard without activities). */
  activityKey: string;
  /** Where its bytes are stored, when they are (a first start); without, a metadata-only proof (previews, tests). */
  stored?: { size: number; key: string };
}
