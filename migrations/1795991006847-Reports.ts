import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated reports: one row per PDF handed out (SHA-256, size, pages, template and its SHA-256,
 * who and when), the bytes under $DATA_DIR/reports. A trigger makes the rows immutable (UPDATE,
 * DELETE and TRUNCATE refused), like the readiness sign-offs and the audit trail.
 */
export class Reports1795991006847 implements MigrationInterface {
  name = 'Reports1795991006847';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "generated_report" ("id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "department_id" uuid, "department_ids" uuid array NOT NULL DEFAULT '{}', "sha256" character(64) NOT NULL, "size_bytes" bigint NOT NULL, "pages" integer NOT NULL, "template" character varying(100) NOT NULL, "template_sha256" character(64) NOT NULL, "file_name" character varying(255) NOT NULL, "storage_key" character varying(300) NOT NULL, "generated_by_user_id" uuid NOT NULL, "generated_by_email" character varying(320) NOT NULL, "generated_by_name" character varying(200) NOT NULL, "generated_by_role" character varying(20) NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_53e8e21d939cb60746d49aa06a3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "generated_report_user_idx" ON "generated_report"  ("generated_by_user_id", "generated_at") `);
    await queryRunner.query(`CREATE INDEX "generated_report_department_idx" ON "generated_report"  ("department_id", "generated_at") `);
    await queryRunner.query(`ALTER TABLE "generated_report" ADD CONSTRAINT "FK_887d4e7a705b0e57a0b38b3d9b8" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "generated_report" ADD CONSTRAINT "FK_9b9623177390540c7f9272610e7" FOREIGN KEY ("generated_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE FUNCTION generated_report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'generated_report is immutable: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER generated_report_immutable BEFORE UPDATE OR DELETE ON generated_report
      FOR EACH ROW EXECUTE FUNCTION generated_report_immutable()`);
    await queryRunner.query(`
      CREATE TRIGGER generated_report_no_truncate BEFORE TRUNCATE ON generated_report
      FOR EACH STATEMENT EXECUTE FUNCTION generated_report_immutable()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER generated_report_no_truncate ON generated_report`);
    await queryRunner.query(`DROP TRIGGER generated_report_immutable ON generated_report`);
    await queryRunner.query(`DROP FUNCTION generated_report_immutable()`);
    await queryRunner.query(`ALTER TABLE "generated_report" DROP CONSTRAINT "FK_9b9623177390540c7f9272610e7"`);
    await queryRunner.query(`ALTER TABLE "generated_report" DROP CONSTRAINT "FK_887d4e7a705b0e57a0b38b3d9b8"`);
    await queryRunner.query(`DROP INDEX "public"."generated_report_department_idx"`);
    await queryRunner.query(`DROP INDEX "public"."generated_report_user_idx"`);
    await queryRunner.query(`DROP TABLE "generated_report"`);
  }
}
