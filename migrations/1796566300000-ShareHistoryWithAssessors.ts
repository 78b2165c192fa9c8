import { MigrationInterface, QueryRunner } from 'typeorm';

/** A department may share each file's history (edits, reviews, return reasons) with its assessors (issue 16); off for every department. */
export class ShareHistoryWithAssessors1796566300000 implements MigrationInterface {
  name = 'ShareHistoryWithAssessors1796566300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "department" ADD "share_history_with_assessors" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "share_history_with_assessors"`);
  }
}
