import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * compliance_revision: a stamp per department that changes, in the same transaction, with every
 * insert, update or delete of its standard files, proofs and proof links (see the entity). The
 * table comes from `migration:generate`; the sequence, functions and triggers are written by hand.
 *
 * The triggers are deferred constraint triggers, so the stamp is written once per department at
 * commit, after every statement of the transaction: its row is locked only for the commit, and
 * always after the audit chain's lock (taken while the statements run), so two audited writers
 * cannot wait on each other in opposite orders. A transaction that already wrote a department's
 * stamp leaves it alone for that department's further rows (xmin is the transaction's own id).
 */
export class ComplianceRevision1796002197101 implements MigrationInterface {
  name = 'ComplianceRevision1796002197101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "compliance_revision" ("department_id" uuid NOT NULL, "revision" bigint NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_60edaba7d6add379ee2e444bdd2" PRIMARY KEY ("department_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "compliance_revision" ADD CONSTRAINT "FK_60edaba7d6add379ee2e444bdd2" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE SEQUENCE "compliance_revision_seq"`);
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
        -- A department deleted in this transaction (its files deleted with it) keeps no stamp.
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
    for (const table of ['standard_file', 'proof', 'proof_link']) {
      await queryRunner.query(`
        CREATE CONSTRAINT TRIGGER "${table}_compliance_revision" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION compliance_row_changed()`);
    }
    await queryRunner.query(`INSERT INTO "compliance_revision" (department_id, revision) SELECT id, nextval('compliance_revision_seq') FROM department`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['proof_link', 'proof', 'standard_file']) {
      await queryRunner.query(`DROP TRIGGER "${table}_compliance_revision" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION compliance_row_changed()`);
    await queryRunner.query(`DROP FUNCTION touch_compliance_revision(uuid)`);
    await queryRunner.query(`DROP SEQUENCE "compliance_revision_seq"`);
    await queryRunner.query(`ALTER TABLE "compliance_revision" DROP CONSTRAINT "FK_60edaba7d6add379ee2e444bdd2"`);
    await queryRunner.query(`DROP TABLE "compliance_revision"`);
  }
}
