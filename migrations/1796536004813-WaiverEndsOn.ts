import { MigrationInterface, QueryRunner } from 'typeorm';

export class WaiverEndsOn1796536004813 implements MigrationInterface {
  name = 'WaiverEndsOn1796536004813';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "standard_file" ADD "waiver_ends_on" date`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "standard_file" DROP COLUMN "waiver_ends_on"`);
  }
}
