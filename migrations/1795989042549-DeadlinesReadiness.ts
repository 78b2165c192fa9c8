import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines and readiness. Deadlines are derived, so their tables only hold the calendar feed
 * tokens (SHA-256 of the secret, at most one live per department), what the daily job already
 * recorded as overdue, and the chiefs' readiness sign-offs, which a trigger makes immutable
 * (UPDATE, DELETE and TRUNCATE refused), like the audit trail.
 */
export class DeadlinesReadiness1795989042549 implements MigrationInterface {
  name = 'DeadlinesReadiness1795989042549';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "calendar_feed_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "token_sha256" character(64) NOT NULL, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e016889d5c740abfa7277e0431b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "calendar_feed_token_sha256_unique" ON "calendar_feed_token"  ("token_sha256") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "calendar_feed_token_live_unique" ON "calendar_feed_token"  ("department_id") WHERE "revoked_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "deadline_overdue_record" ("deadline_id" character varying(120) NOT NULL, "department_id" uuid NOT NULL, "due_on" date NOT NULL, "recorded_on" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_143c23faa0cc5a163cd532ae17e" PRIMARY KEY ("deadline_id"))`);
    await queryRunner.query(`CREATE INDEX "deadline_overdue_record_department_idx" ON "deadline_overdue_record"  ("department_id") `);
    await queryRunner.query(`CREATE TABLE "readiness_sign_off" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "signed_by_user_id" uuid NOT NULL, "signed_by_email" character varying(320) NOT NULL, "signed_by_name" character varying(200) NOT NULL, "signed_by_role" character varying(20) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text, "readiness" jsonb NOT NULL, "readiness_sha256" character(64) NOT NULL, CONSTRAINT "PK_02c8838df9d351684f6383ef059" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "readiness_sign_off_department_idx" ON "readiness_sign_off"  ("department_id", "signed_at") `);
    await queryRunner.query(`ALTER TABLE "calendar_feed_token" ADD CONSTRAINT "FK_83cfe2d1230de238a9a56a21a27" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "calendar_feed_token" ADD CONSTRAINT "FK_2d8b8b8d105ca82061781892649" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "deadline_overdue_record" ADD CONSTRAINT "FK_f2d1514a0871fbdd0fed9debb79" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ADD CONSTRAINT "FK_2bf0a59d56dba667d6977016cd6" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ADD CONSTRAINT "FK_cd369158b73470ed4aea175607c" FOREIGN KEY ("signed_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE FUNCTION readiness_sign_off_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'readiness_sign_off is immutable: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER readiness_sign_off_immutable BEFORE UPDATE OR DELETE ON readiness_sign_off
      FOR EACH ROW EXECUTE FUNCTION readiness_sign_off_immutable()`);
    await queryRunner.query(`
      CREATE TRIGGER readiness_sign_off_no_truncate BEFORE TRUNCATE ON readiness_sign_off
      FOR EACH STATEMENT EXECUTE FUNCTION readiness_sign_off_immutable()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER readiness_sign_off_no_truncate ON readiness_sign_off`);
    await queryRunner.query(`DROP TRIGGER readiness_sign_off_immutable ON readiness_sign_off`);
    await queryRunner.query(`DROP FUNCTION readiness_sign_off_immutable()`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP CONSTRAINT "FK_cd369158b73470ed4aea175607c"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP CONSTRAINT "FK_2bf0a59d56dba667d6977016cd6"`);
    await queryRunner.query(`ALTER TABLE "deadline_overdue_record" DROP CONSTRAINT "FK_f2d1514a0871fbdd0fed9debb79"`);
    await queryRunner.query(`ALTER TABLE "calendar_feed_token" DROP CONSTRAINT "FK_2d8b8b8d105ca82061781892649"`);
    await queryRunner.query(`ALTER TABLE "calendar_feed_token" DROP CONSTRAINT "FK_83cfe2d1230de238a9a56a21a27"`);
    await queryRunner.query(`DROP INDEX "public"."readiness_sign_off_department_idx"`);
    await queryRunner.query(`DROP TABLE "readiness_sign_off"`);
    await queryRunner.query(`DROP INDEX "public"."deadline_overdue_record_department_idx"`);
    await queryRunner.query(`DROP TABLE "deadline_overdue_record"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_feed_token_live_unique"`);
    await queryRunner.query(`DROP INDEX "public"."calendar_feed_token_sha256_unique"`);
    await queryRunner.query(`DROP TABLE "calendar_feed_token"`);
  }
}
