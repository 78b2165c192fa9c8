import { MigrationInterface, QueryRunner } from 'typeorm';

export class GrantEndingNotice1796540717043 implements MigrationInterface {
  name = 'GrantEndingNotice1796540717043';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assessor_grant" ADD "ending_notice_queued_on" date`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assessor_grant" DROP COLUMN "ending_notice_queued_on"`);
  }
}
