import { MigrationInterface, QueryRunner } from 'typeorm';

export class StandardFiles1795988276892 implements MigrationInterface {
  name = 'StandardFiles1795988276892';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "standard_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "standard_id" uuid NOT NULL, "standard_number" character varying(12) NOT NULL, "sort_key" character varying(12) NOT NULL, "in_scope" boolean NOT NULL DEFAULT true, "level" character(1) NOT NULL, "applicability" character varying(20) NOT NULL DEFAULT 'applicable', "applicability_reason" text, "waiver_reference" character varying(200), "waiver_date" date, "result" character varying(20) NOT NULL DEFAULT 'not_assessed', "status" character varying(20) NOT NULL DEFAULT 'to_do', "status_reason" text, "assignee_user_id" uuid, "needs_review" boolean NOT NULL DEFAULT false, "review_reasons" text array NOT NULL DEFAULT '{}', "directives" jsonb NOT NULL DEFAULT '[]', "bullet_notes" jsonb NOT NULL DEFAULT '{}', "notes" text, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_94aeae37a004a12f8f67b5e7c86" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "standard_file_standard_idx" ON "standard_file"  ("standard_id") `);
    await queryRunner.query(`CREATE INDEX "standard_file_assignee_idx" ON "standard_file"  ("assignee_user_id") `);
    await queryRunner.query(`CREATE INDEX "standard_file_department_sort_idx" ON "standard_file"  ("department_id", "sort_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "standard_file_department_number_unique" ON "standard_file"  ("department_id", "standard_number") `);
    await queryRunner.query(`ALTER TABLE "department" ADD "manual_id" uuid`);
    await queryRunner.query(`ALTER TABLE "department" ADD CONSTRAINT "FK_d953446a1aee8639b0774a0ad9c" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "standard_file" ADD CONSTRAINT "FK_92c9527c294cd46cb2461b0432f" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "standard_file" ADD CONSTRAINT "FK_7a8d07cbedfcc29532d1d4de818" FOREIGN KEY ("standard_id") REFERENCES "standard"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "standard_file" ADD CONSTRAINT "FK_727c791f3d4f8abcc9f43005fe6" FOREIGN KEY ("assignee_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "standard_file" DROP CONSTRAINT "FK_727c791f3d4f8abcc9f43005fe6"`);
    await queryRunner.query(`ALTER TABLE "standard_file" DROP CONSTRAINT "FK_7a8d07cbedfcc29532d1d4de818"`);
    await queryRunner.query(`ALTER TABLE "standard_file" DROP CONSTRAINT "FK_92c9527c294cd46cb2461b0432f"`);
    await queryRunner.query(`ALTER TABLE "department" DROP CONSTRAINT "FK_d953446a1aee8639b0774a0ad9c"`);
    await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "manual_id"`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_department_number_unique"`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_department_sort_idx"`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_assignee_idx"`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_standard_idx"`);
    await queryRunner.query(`DROP TABLE "standard_file"`);
  }
}
