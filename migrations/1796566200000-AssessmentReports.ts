import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessment reports (issue 16, item 5): a generated report of one assessment names it, so only the
 * assessors assigned to that round may list and download it. No foreign key: a generated report
 * is immutable evidence and outlives whatever happens to the round.
 */
export class AssessmentReports1796566200000 implements MigrationInterface {
  name = 'AssessmentReports1796566200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "generated_report" ADD "assessment_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "generated_report" DROP COLUMN "assessment_id"`);
  }
}
