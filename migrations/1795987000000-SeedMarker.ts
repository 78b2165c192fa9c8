import { MigrationInterface, QueryRunner } from 'typeorm';

export class SeedMarker1795987000000 implements MigrationInterface {
  name = 'SeedMarker1795987000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "seed_marker" ("key" character varying(100) NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_seed_marker_key" PRIMARY KEY ("key"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "seed_marker"`);
  }
}
