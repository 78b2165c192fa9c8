import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partial covering index on proof_link for the statements that count each file's live links:
 * ReadinessRepository.fileCoverage and DeadlinesRepository.milestoneCoverage (one lateral per file
 * over standard_file_id, withdrawn_at IS NULL, reading cycle_starts_on, cycle_year and
 * review_state) and DeadlinesRepository.proofsOfTimeSensitiveFiles (the same probe, then proof_id to
 * join the proof for its effective date, which lives on proof and so cannot be in this index). With
 * the table's visibility map set (autovacuum), these become index-only scans: about 3 buffers per
 * file instead of about 10 (test/bench/README.md, readiness section).
 *
 * Written by hand: TypeORM's @Index cannot express INCLUDE, and its schema diff does not compare an
 * index's WHERE clause. The entity declares the index by name with `synchronize: false`, so that
 * `npm run migration:generate` neither drops it nor tries to recreate it.
 */
export class ProofLinkLiveFileIndex1795997675093 implements MigrationInterface {
  name = 'ProofLinkLiveFileIndex1795997675093';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "proof_link_live_file_idx" ON "proof_link" ("standard_file_id") INCLUDE ("cycle_starts_on", "cycle_year", "review_state", "proof_id") WHERE "withdrawn_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."proof_link_live_file_idx"`);
  }
}
