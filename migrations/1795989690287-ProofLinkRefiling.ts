import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A withdrawn filing no longer counts, so the same proof may be filed in the same file, cycle year
 * and period again: the uniqueness of proof_link covers live (not withdrawn) filings only.
 * (Written by hand: TypeORM's schema diff does not compare an index's WHERE clause.)
 */
export class ProofLinkRefiling1795989690287 implements MigrationInterface {
  name = 'ProofLinkRefiling1795989690287';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."proof_link_unique"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "proof_link_unique" ON "proof_link" ("proof_id", "standard_file_id", "cycle_year", "period_key") WHERE "withdrawn_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."proof_link_unique"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "proof_link_unique" ON "proof_link" ("proof_id", "standard_file_id", "cycle_year", "period_key") `);
  }
}
