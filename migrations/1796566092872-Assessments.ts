import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessments, their assessors, per-standard statuses, findings and answers (issue 16). Generated,
 * then given by hand the compliance-revision triggers on "finding" (as ComplianceRevisionAtCommit
 * made them for files, proofs and links): an unclosed finding is a readiness blocker, so a change
 * to a department's findings moves its compliance revision at commit and kept figures are not reused.
 */
export class Assessments1796566092872 implements MigrationInterface {
  name = 'Assessments1796566092872';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "assessment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "manual_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "name" character varying(200) NOT NULL, "cycle_starts_on" date NOT NULL, "cycle_years" smallint array NOT NULL, "summary" text, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_c511a7dc128256876b6b1719401" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "assessment_department_idx" ON "assessment"  ("department_id") `);
    await queryRunner.query(`CREATE TABLE "assessment_assessor" ("assessment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "grant_id" uuid NOT NULL, CONSTRAINT "PK_4b36c579714174d01c17ca109e7" PRIMARY KEY ("assessment_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "assessment_assessor_user_idx" ON "assessment_assessor"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "assessment_status" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assessment_id" uuid NOT NULL, "department_id" uuid NOT NULL, "standard_file_id" uuid NOT NULL, "bullet" character varying(8) NOT NULL DEFAULT '', "status" character varying(30) NOT NULL, "notes" text, "proof_id" uuid, "proof_page" integer, "updated_by_user_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "assessment_status_proof_page_check" CHECK ("proof_page" IS NULL OR ("proof_id" IS NOT NULL AND "proof_page" > 0)), CONSTRAINT "PK_8a0f79654283d0e491725fb6185" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "assessment_status_file_idx" ON "assessment_status"  ("standard_file_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "assessment_status_standard_key" ON "assessment_status"  ("assessment_id", "standard_file_id", "bullet") `);
    await queryRunner.query(`CREATE TABLE "finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assessment_id" uuid NOT NULL, "department_id" uuid NOT NULL, "standard_file_id" uuid NOT NULL, "bullet" character varying(8) NOT NULL DEFAULT '', "status" character varying(30) NOT NULL, "description" text NOT NULL, "state" character varying(12) NOT NULL DEFAULT 'open', "due_on" date NOT NULL, "opened_by_user_id" uuid, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by_user_id" uuid, "close_note" text, "version" integer NOT NULL, CONSTRAINT "PK_a904dfcf401ccfbaa60bb6eec29" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "finding_assessment_idx" ON "finding"  ("assessment_id", "standard_file_id", "bullet") `);
    await queryRunner.query(`CREATE INDEX "finding_department_state_idx" ON "finding"  ("department_id", "state") `);
    await queryRunner.query(`CREATE TABLE "finding_answer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "finding_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "text" text NOT NULL, "proof_id" uuid, "answered_by_user_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d51f6beaae9d3377b23e764198" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "finding_answer_finding_idx" ON "finding_answer"  ("finding_id") `);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_e4314ad296c4be7d81416bf1735" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_ba7fdd36ef9944f58234e272e9f" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_0857ccef8ddb87e6567e325d1cf" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_assessor" ADD CONSTRAINT "FK_3b146fa0808199825d160c23fbf" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_assessor" ADD CONSTRAINT "FK_51cf272b40148172724398e0e15" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_assessor" ADD CONSTRAINT "FK_0b1d142fd4d03eae16dfb32c8ab" FOREIGN KEY ("grant_id") REFERENCES "assessor_grant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_status" ADD CONSTRAINT "FK_cb78784252ccda2df53dc1b40ed" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_status" ADD CONSTRAINT "FK_6eca2caa43da5caf575f0e7a629" FOREIGN KEY ("standard_file_id") REFERENCES "standard_file"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_status" ADD CONSTRAINT "FK_599b8d3b01b8449d998647aa1b0" FOREIGN KEY ("proof_id") REFERENCES "proof"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessment_status" ADD CONSTRAINT "FK_b61a456b234ea87af658a7dad54" FOREIGN KEY ("updated_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_6b649b3185fa5e035d814d2d7ed" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_066750c330c1e3f3d158d6b8e3b" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_54901f50e16bc57617b0f03b69b" FOREIGN KEY ("standard_file_id") REFERENCES "standard_file"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding" ADD CONSTRAINT "FK_453a3de9bdcab6adb063eeffa53" FOREIGN KEY ("opened_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding_answer" ADD CONSTRAINT "FK_542159f19e54d0dab59d4035100" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding_answer" ADD CONSTRAINT "FK_3fbc599dc462acda8b9b84ba179" FOREIGN KEY ("proof_id") REFERENCES "proof"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "finding_answer" ADD CONSTRAINT "FK_016cfc30eaa10534f30656b3d83" FOREIGN KEY ("answered_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE TRIGGER "finding_compliance_noted" AFTER INSERT OR UPDATE OR DELETE ON "finding"
      FOR EACH ROW EXECUTE FUNCTION compliance_row_noted()`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "finding_compliance_revision" AFTER INSERT OR UPDATE OR DELETE ON "finding"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION compliance_stamp_noted()`);
    await queryRunner.query(`
      CREATE TRIGGER "finding_compliance_truncated" AFTER TRUNCATE ON "finding"
      FOR EACH STATEMENT EXECUTE FUNCTION compliance_stamp_all()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "finding_compliance_truncated" ON "finding"`);
    await queryRunner.query(`DROP TRIGGER "finding_compliance_revision" ON "finding"`);
    await queryRunner.query(`DROP TRIGGER "finding_compliance_noted" ON "finding"`);
    await queryRunner.query(`ALTER TABLE "finding_answer" DROP CONSTRAINT "FK_016cfc30eaa10534f30656b3d83"`);
    await queryRunner.query(`ALTER TABLE "finding_answer" DROP CONSTRAINT "FK_3fbc599dc462acda8b9b84ba179"`);
    await queryRunner.query(`ALTER TABLE "finding_answer" DROP CONSTRAINT "FK_542159f19e54d0dab59d4035100"`);
    await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_453a3de9bdcab6adb063eeffa53"`);
    await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_54901f50e16bc57617b0f03b69b"`);
    await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_066750c330c1e3f3d158d6b8e3b"`);
    await queryRunner.query(`ALTER TABLE "finding" DROP CONSTRAINT "FK_6b649b3185fa5e035d814d2d7ed"`);
    await queryRunner.query(`ALTER TABLE "assessment_status" DROP CONSTRAINT "FK_b61a456b234ea87af658a7dad54"`);
    await queryRunner.query(`ALTER TABLE "assessment_status" DROP CONSTRAINT "FK_599b8d3b01b8449d998647aa1b0"`);
    await queryRunner.query(`ALTER TABLE "assessment_status" DROP CONSTRAINT "FK_6eca2caa43da5caf575f0e7a629"`);
    await queryRunner.query(`ALTER TABLE "assessment_status" DROP CONSTRAINT "FK_cb78784252ccda2df53dc1b40ed"`);
    await queryRunner.query(`ALTER TABLE "assessment_assessor" DROP CONSTRAINT "FK_0b1d142fd4d03eae16dfb32c8ab"`);
    await queryRunner.query(`ALTER TABLE "assessment_assessor" DROP CONSTRAINT "FK_51cf272b40148172724398e0e15"`);
    await queryRunner.query(`ALTER TABLE "assessment_assessor" DROP CONSTRAINT "FK_3b146fa0808199825d160c23fbf"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "FK_0857ccef8ddb87e6567e325d1cf"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "FK_ba7fdd36ef9944f58234e272e9f"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "FK_e4314ad296c4be7d81416bf1735"`);
    await queryRunner.query(`DROP INDEX "public"."finding_answer_finding_idx"`);
    await queryRunner.query(`DROP TABLE "finding_answer"`);
    await queryRunner.query(`DROP INDEX "public"."finding_department_state_idx"`);
    await queryRunner.query(`DROP INDEX "public"."finding_assessment_idx"`);
    await queryRunner.query(`DROP TABLE "finding"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_status_standard_key"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_status_file_idx"`);
    await queryRunner.query(`DROP TABLE "assessment_status"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_assessor_user_idx"`);
    await queryRunner.query(`DROP TABLE "assessment_assessor"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_department_idx"`);
    await queryRunner.query(`DROP TABLE "assessment"`);
  }
}
