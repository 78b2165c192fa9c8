import { MigrationInterface, QueryRunner } from 'typeorm';

export class Programs1796565987181 implements MigrationInterface {
  name = 'Programs1796565987181';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "program" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "cycle_years" integer NOT NULL DEFAULT '4', "has_tiers" boolean NOT NULL DEFAULT true, "has_size_classes" boolean NOT NULL DEFAULT true, "milestones" text array NOT NULL DEFAULT '{annual_review,site_assessment,public_comment_notice}', "sample" boolean NOT NULL DEFAULT false, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "program_milestones_check" CHECK (milestones <@ ARRAY['annual_review', 'site_assessment', 'public_comment_notice']::text[]), CONSTRAINT "program_cycle_years_check" CHECK (cycle_years BETWEEN 1 AND 6), CONSTRAINT "PK_3bade5945afbafefdd26a3a29fb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "program_name_unique" ON "program"  ("name") `);
    // Every program a manual names today is CALEA's shape (four-year cycle, tiers, size classes, its milestones).
    await queryRunner.query(`INSERT INTO "program" ("name", "version") SELECT DISTINCT "program", 1 FROM "manual"`);
    await queryRunner.query(`ALTER TABLE "manual" ADD "program_id" uuid`);
    await queryRunner.query(`UPDATE "manual" m SET "program_id" = p."id" FROM "program" p WHERE p."name" = m."program"`);
    await queryRunner.query(`ALTER TABLE "manual" ALTER COLUMN "program_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "manual" ADD CONSTRAINT "FK_ac9a96d0610c0302adbcec760ea" FOREIGN KEY ("program_id") REFERENCES "program"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "manual" DROP CONSTRAINT "FK_ac9a96d0610c0302adbcec760ea"`);
    await queryRunner.query(`ALTER TABLE "manual" DROP COLUMN "program_id"`);
    await queryRunner.query(`DROP INDEX "public"."program_name_unique"`);
    await queryRunner.query(`DROP TABLE "program"`);
  }
}
