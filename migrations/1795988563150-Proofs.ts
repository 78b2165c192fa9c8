import { MigrationInterface, QueryRunner } from 'typeorm';

export class Proofs1795988563150 implements MigrationInterface {
  name = 'Proofs1795988563150';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "stored_object" ("sha256" character(64) NOT NULL, "size_bytes" bigint NOT NULL, "mime_type" character varying(150) NOT NULL, "storage_key" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0c9495733078f3482095ccd0a96" PRIMARY KEY ("sha256"))`);
    await queryRunner.query(`CREATE TABLE "proof" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "sha256" character(64) NOT NULL, "file_name" character varying(255) NOT NULL, "kind" character varying(20) NOT NULL, "effective_date" date NOT NULL, "description" text, "uploaded_by_user_id" uuid, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f5f1d4a1658587cce4683165296" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "proof_department_idx" ON "proof"  ("department_id") `);
    await queryRunner.query(`CREATE INDEX "proof_sha256_idx" ON "proof"  ("sha256") `);
    await queryRunner.query(`CREATE INDEX "proof_effective_date_idx" ON "proof"  ("effective_date") `);
    await queryRunner.query(`CREATE TABLE "proof_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proof_id" uuid NOT NULL, "standard_file_id" uuid NOT NULL, "cycle_starts_on" date NOT NULL, "cycle_year" smallint NOT NULL, "period_key" character varying(40) NOT NULL DEFAULT '', "bullets" text array NOT NULL DEFAULT '{}', "review_state" character varying(10) NOT NULL DEFAULT 'pending', "review_reason" text, "reviewed_by_user_id" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "withdrawn_by_user_id" uuid, "withdraw_reason" text, "created_by_user_id" uuid, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f007b6f4b200d24329ec19deada" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "proof_link_unique" ON "proof_link"  ("proof_id", "standard_file_id", "cycle_year", "period_key") `);
    await queryRunner.query(`CREATE INDEX "proof_link_file_year_idx" ON "proof_link"  ("standard_file_id", "cycle_year") `);
    await queryRunner.query(`ALTER TABLE "proof" ADD CONSTRAINT "FK_394910e8a1d5a3387300619ea95" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "proof" ADD CONSTRAINT "FK_6cac2d8e4644b6433c0cac10fbb" FOREIGN KEY ("sha256") REFERENCES "stored_object"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "proof" ADD CONSTRAINT "FK_51773f9f84b4eb02ff83a6de7c7" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "proof_link" ADD CONSTRAINT "FK_458fa03975b57595f00dddf0caa" FOREIGN KEY ("proof_id") REFERENCES "proof"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "proof_link" ADD CONSTRAINT "FK_9fe0e1ca9629ddaa4651bba4301" FOREIGN KEY ("standard_file_id") REFERENCES "standard_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "proof_link" DROP CONSTRAINT "FK_9fe0e1ca9629ddaa4651bba4301"`);
    await queryRunner.query(`ALTER TABLE "proof_link" DROP CONSTRAINT "FK_458fa03975b57595f00dddf0caa"`);
    await queryRunner.query(`ALTER TABLE "proof" DROP CONSTRAINT "FK_51773f9f84b4eb02ff83a6de7c7"`);
    await queryRunner.query(`ALTER TABLE "proof" DROP CONSTRAINT "FK_6cac2d8e4644b6433c0cac10fbb"`);
    await queryRunner.query(`ALTER TABLE "proof" DROP CONSTRAINT "FK_394910e8a1d5a3387300619ea95"`);
    await queryRunner.query(`DROP INDEX "public"."proof_link_file_year_idx"`);
    await queryRunner.query(`DROP INDEX "public"."proof_link_unique"`);
    await queryRunner.query(`DROP TABLE "proof_link"`);
    await queryRunner.query(`DROP INDEX "public"."proof_effective_date_idx"`);
    await queryRunner.query(`DROP INDEX "public"."proof_sha256_idx"`);
    await queryRunner.query(`DROP INDEX "public"."proof_department_idx"`);
    await queryRunner.query(`DROP TABLE "proof"`);
    await queryRunner.query(`DROP TABLE "stored_object"`);
  }
}
