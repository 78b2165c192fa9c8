import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['standard_file', 'proof', 'proof_link'] as const;

/**
 * Reworks how compliance_revision is written (migration ComplianceRevision), after review:
 *
 * - Stamps are written at commit, all at once and in department order. An immediate row trigger
 *   notes each changed row's department in a transaction-local setting; the deferred constraint
 *   trigger's first firing at commit stamps every noted department in one statement ordered by
 *   department id, then clears the list. The previous version stamped each department as its first
 *   deferred event fired, so two transactions that changed departments A and B in opposite orders
 *   deadlocked at commit. Stamp locks are now always taken in one order, and only at commit (or at
 *   SET CONSTRAINTS ... IMMEDIATE, after which later changes are noted and stamped again).
 * - The stamp is a random uuid instead of a sequence value, so no value is ever seen twice, not
 *   even after a restore sets a sequence back. `commits` counts the committed transactions.
 * - A proof changed in place also stamps the departments of the files it is linked to (the
 *   service links a proof only within its department; the database does not enforce it).
 * - TRUNCATE of any of the three tables stamps every department.
 *
 * Hand-written except the column changes, which match `migration:generate`.
 */
export class ComplianceRevisionAtCommit1796004081813 implements MigrationInterface {
  name = 'ComplianceRevisionAtCommit1796004081813';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TRIGGER "${table}_compliance_revision" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION compliance_row_changed()`);
    await queryRunner.query(`DROP FUNCTION touch_compliance_revision(uuid)`);
    await queryRunner.query(`DROP SEQUENCE "compliance_revision_seq"`);
    await queryRunner.query(`ALTER TABLE "compliance_revision" ADD "commits" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "compliance_revision" ALTER COLUMN "revision" TYPE uuid USING gen_random_uuid()`);

    await queryRunner.query(`
      CREATE FUNCTION compliance_note_department(target uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        noted text := coalesce(current_setting('calea.compliance_departments', true), '');
      BEGIN
        IF target IS NOT NULL AND position(target::text IN noted) = 0 THEN
          PERFORM set_config('calea.compliance_departments', noted || target::text || ',', true);
        END IF;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION compliance_row_noted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        linked uuid;
      BEGIN
        IF TG_TABLE_NAME = 'proof_link' THEN
          IF TG_OP <> 'INSERT' THEN
            PERFORM compliance_note_department((SELECT department_id FROM standard_file WHERE id = OLD.standard_file_id));
          END IF;
          IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.standard_file_id IS DISTINCT FROM OLD.standard_file_id) THEN
            PERFORM compliance_note_department((SELECT department_id FROM standard_file WHERE id = NEW.standard_file_id));
          END IF;
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
          PERFORM compliance_note_department(OLD.department_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM compliance_note_department(NEW.department_id);
        END IF;
        IF TG_TABLE_NAME = 'proof' AND TG_OP = 'UPDATE' THEN
          FOR linked IN SELECT DISTINCT f.department_id FROM proof_link l JOIN standard_file f ON f.id = l.standard_file_id WHERE l.proof_id = NEW.id LOOP
            PERFORM compliance_note_department(linked);
          END LOOP;
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION compliance_stamp(departments uuid[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO compliance_revision AS r (department_id, revision, changed_at, commits)
        SELECT d.id, gen_random_uuid(), now(), 1 FROM department d WHERE d.id = ANY (departments) ORDER BY d.id
        ON CONFLICT (department_id) DO UPDATE SET revision = excluded.revision, changed_at = excluded.changed_at, commits = r.commits + 1
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION compliance_stamp_noted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        noted text := nullif(current_setting('calea.compliance_departments', true), '');
      BEGIN
        IF noted IS NOT NULL THEN
          PERFORM set_config('calea.compliance_departments', '', true);
          PERFORM compliance_stamp(string_to_array(rtrim(noted, ','), ',')::uuid[]);
        END IF;
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION compliance_stamp_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM compliance_stamp(ARRAY(SELECT id FROM department));
        RETURN NULL;
      END
      $$`);
    for (const table of TABLES) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_compliance_noted" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION compliance_row_noted()`);
      await queryRunner.query(`
        CREATE CONSTRAINT TRIGGER "${table}_compliance_revision" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION compliance_stamp_noted()`);
      await queryRunner.query(`
        CREATE TRIGGER "${table}_compliance_truncated" AFTER TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION compliance_stamp_all()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`DROP TRIGGER "${table}_compliance_truncated" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_compliance_revision" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_compliance_noted" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION compliance_stamp_all()`);
    await queryRunner.query(`DROP FUNCTION compliance_stamp_noted()`);
    await queryRunner.query(`DROP FUNCTION compliance_stamp(uuid[])`);
    await queryRunner.query(`DROP FUNCTION compliance_row_noted()`);
    await queryRunner.query(`DROP FUNCTION compliance_note_department(uuid)`);
    await queryRunner.query(`CREATE SEQUENCE "compliance_revision_seq"`);
    await queryRunner.query(`ALTER TABLE "compliance_revision" ALTER COLUMN "revision" TYPE bigint USING nextval('compliance_revision_seq')`);
    await queryRunner.query(`ALTER TABLE "compliance_revision" DROP COLUMN "commits"`);
    // The previous version's functions and triggers, as migration ComplianceRevision made them.
    await queryRunner.query(`
      CREATE FUNCTION touch_compliance_revision(target_department uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF target_department IS NULL THEN
          RETURN;
        END IF;
        PERFORM 1 FROM compliance_revision WHERE department_id = target_department AND xmin = pg_current_xact_id()::xid;
        IF FOUND THEN
          RETURN;
        END IF;
        INSERT INTO compliance_revision (department_id, revision, changed_at)
        SELECT target_department, nextval('compliance_revision_seq'), now()
         WHERE EXISTS (SELECT 1 FROM department WHERE id = target_department)
        ON CONFLICT (department_id) DO UPDATE SET revision = excluded.revision, changed_at = excluded.changed_at;
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION compliance_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'proof_link' THEN
          IF TG_OP <> 'INSERT' THEN
            PERFORM touch_compliance_revision((SELECT department_id FROM standard_file WHERE id = OLD.standard_file_id));
          END IF;
          IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.standard_file_id IS DISTINCT FROM OLD.standard_file_id) THEN
            PERFORM touch_compliance_revision((SELECT department_id FROM standard_file WHERE id = NEW.standard_file_id));
          END IF;
        ELSE
          IF TG_OP <> 'INSERT' THEN
            PERFORM touch_compliance_revision(OLD.department_id);
          END IF;
          IF TG_OP <> 'DELETE' THEN
            PERFORM touch_compliance_revision(NEW.department_id);
          END IF;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const table of TABLES) {
      await queryRunner.query(`
        CREATE CONSTRAINT TRIGGER "${table}_compliance_revision" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION compliance_row_changed()`);
    }
  }
}
