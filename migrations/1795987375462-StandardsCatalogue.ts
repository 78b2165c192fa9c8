import { MigrationInterface, QueryRunner } from 'typeorm';

export class StandardsCatalogue1795987375462 implements MigrationInterface {
  name = 'StandardsCatalogue1795987375462';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "manual" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program" character varying(100) NOT NULL, "edition" character varying(20) NOT NULL, "version" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "effective_date" date NOT NULL, "content_sha256" character(64) NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_87506a0bbf2d251329694badce1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "manual_version_unique" ON "manual"  ("program", "edition", "version") `);
    await queryRunner.query(`CREATE TABLE "manual_chapter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "manual_id" uuid NOT NULL, "number" smallint NOT NULL, "title" text NOT NULL, CONSTRAINT "PK_724ab2b4821023f2337dd2b1e67" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "manual_chapter_number_unique" ON "manual_chapter"  ("manual_id", "number") `);
    await queryRunner.query(`CREATE TABLE "manual_section" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "manual_id" uuid NOT NULL, "chapter_id" uuid NOT NULL, "number" character varying(10) NOT NULL, "title" text NOT NULL, CONSTRAINT "PK_f338a87f44d384b705ab30da407" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "manual_section_chapter_idx" ON "manual_section"  ("chapter_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "manual_section_number_unique" ON "manual_section"  ("manual_id", "number") `);
    await queryRunner.query(`CREATE TABLE "standard" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "manual_id" uuid NOT NULL, "section_id" uuid NOT NULL, "chapter" smallint NOT NULL, "number" character varying(12) NOT NULL, "sort_key" character varying(12) NOT NULL, "title" text NOT NULL, "tier1" boolean NOT NULL, "level_a" character(1) NOT NULL, "level_b" character(1) NOT NULL, "level_c" character(1) NOT NULL, "level_d" character(1) NOT NULL, "bullets" jsonb NOT NULL DEFAULT '[]'::jsonb, "kinds" text array NOT NULL, "linked_numbers" text array NOT NULL DEFAULT '{}'::text[], "frequency" character varying(20), "replaces" character varying(12), "licensed_text" text, "commentary" text, CONSTRAINT "standard_levels_check" CHECK ("level_a" IN ('M', 'O') AND "level_b" IN ('M', 'O') AND "level_c" IN ('M', 'O') AND "level_d" IN ('M', 'O')), CONSTRAINT "PK_8f4373544a44fe1dc4da3c1f4fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "standard_section_idx" ON "standard"  ("section_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "standard_manual_sort_key_unique" ON "standard"  ("manual_id", "sort_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "standard_manual_number_unique" ON "standard"  ("manual_id", "number") `);
    await queryRunner.query(`ALTER TABLE "manual_chapter" ADD CONSTRAINT "FK_0ad02de49681de6aeff56d683ca" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "manual_section" ADD CONSTRAINT "FK_fe5344dc6855c5c8749c7cea595" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "manual_section" ADD CONSTRAINT "FK_74b1e99f6bd30b3fb335c0af98b" FOREIGN KEY ("chapter_id") REFERENCES "manual_chapter"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "standard" ADD CONSTRAINT "FK_75b3a23f13634ec715506c8cd51" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "standard" ADD CONSTRAINT "FK_8c866353b09b7630cfa318126cb" FOREIGN KEY ("section_id") REFERENCES "manual_section"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "standard" DROP CONSTRAINT "FK_8c866353b09b7630cfa318126cb"`);
    await queryRunner.query(`ALTER TABLE "standard" DROP CONSTRAINT "FK_75b3a23f13634ec715506c8cd51"`);
    await queryRunner.query(`ALTER TABLE "manual_section" DROP CONSTRAINT "FK_74b1e99f6bd30b3fb335c0af98b"`);
    await queryRunner.query(`ALTER TABLE "manual_section" DROP CONSTRAINT "FK_fe5344dc6855c5c8749c7cea595"`);
    await queryRunner.query(`ALTER TABLE "manual_chapter" DROP CONSTRAINT "FK_0ad02de49681de6aeff56d683ca"`);
    await queryRunner.query(`DROP INDEX "public"."standard_manual_number_unique"`);
    await queryRunner.query(`DROP INDEX "public"."standard_manual_sort_key_unique"`);
    await queryRunner.query(`DROP INDEX "public"."standard_section_idx"`);
    await queryRunner.query(`DROP TABLE "standard"`);
    await queryRunner.query(`DROP INDEX "public"."manual_section_number_unique"`);
    await queryRunner.query(`DROP INDEX "public"."manual_section_chapter_idx"`);
    await queryRunner.query(`DROP TABLE "manual_section"`);
    await queryRunner.query(`DROP INDEX "public"."manual_chapter_number_unique"`);
    await queryRunner.query(`DROP TABLE "manual_chapter"`);
    await queryRunner.query(`DROP INDEX "public"."manual_version_unique"`);
    await queryRunner.query(`DROP TABLE "manual"`);
  }
}
