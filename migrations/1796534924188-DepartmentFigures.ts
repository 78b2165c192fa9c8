import { MigrationInterface, QueryRunner } from 'typeorm';

export class DepartmentFigures1796534924188 implements MigrationInterface {
  name = 'DepartmentFigures1796534924188';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "department_figures" ("department_id" uuid NOT NULL, "key" text NOT NULL, "summary" text NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b2f375e596de8a957396c765f8a" PRIMARY KEY ("department_id"))`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD CONSTRAINT "FK_b2f375e596de8a957396c765f8a" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "department_figures" DROP CONSTRAINT "FK_b2f375e596de8a957396c765f8a"`);
    await queryRunner.query(`DROP TABLE "department_figures"`);
  }
}
