import { MigrationInterface, QueryRunner } from 'typeorm';

export class DepartmentProfile1795987600000 implements MigrationInterface {
  name = 'DepartmentProfile1795987600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "department" ADD "calea_agency_number" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "department" ADD "program_tier" character varying(10) NOT NULL DEFAULT 'tier1'`);
    await queryRunner.query(`ALTER TABLE "department" ADD "sworn_officers" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "department" ADD "size_class_override" character(1)`);
    await queryRunner.query(`ALTER TABLE "department" ADD "municipalities" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "department" ADD "population_served" integer`);
    await queryRunner.query(`ALTER TABLE "department" ADD "accreditation_status" character varying(20) NOT NULL DEFAULT 'working_toward'`);
    await queryRunner.query(`ALTER TABLE "department" ADD "award_date" date`);
    await queryRunner.query(`ALTER TABLE "department" ADD "contacts" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of [
      'contacts',
      'award_date',
      'accreditation_status',
      'population_served',
      'municipalities',
      'size_class_override',
      'sworn_officers',
      'program_tier',
      'calea_agency_number',
    ]) {
      await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "${column}"`);
    }
  }
}
