import { MigrationInterface, QueryRunner } from 'typeorm';

export class MilestoneRecord1796536814414 implements MigrationInterface {
  name = 'MilestoneRecord1796536814414';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "milestone_record" ("department_id" uuid NOT NULL, "key" character varying(120) NOT NULL, "done_on" date NOT NULL, "note" text, "recorded_by_user_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_978e39ce05ecb0795a220327c92" PRIMARY KEY ("department_id", "key"))`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD CONSTRAINT "FK_a2ea4e94c2a7a7cdee6b841c535" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD CONSTRAINT "FK_a8781e7c65fc2415a53660f41b9" FOREIGN KEY ("recorded_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP CONSTRAINT "FK_a8781e7c65fc2415a53660f41b9"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP CONSTRAINT "FK_a2ea4e94c2a7a7cdee6b841c535"`);
    await queryRunner.query(`DROP TABLE "milestone_record"`);
  }
}
