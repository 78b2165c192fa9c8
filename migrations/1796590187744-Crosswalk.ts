import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Crosswalks between programs (issue 13): a standard of one program mapped to a standard of another, by
 * program and standard number on each side, each pair once (program_a_id < program_b_id). Generated; a new
 * table only, so down drops it with its rows.
 */
export class Crosswalk1796590187744 implements MigrationInterface {
  name = 'Crosswalk1796590187744';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "crosswalk" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_a_id" uuid NOT NULL, "number_a" character varying(12) NOT NULL, "program_b_id" uuid NOT NULL, "number_b" character varying(12) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by_user_id" uuid, CONSTRAINT "crosswalk_order_check" CHECK ("program_a_id" < "program_b_id"), CONSTRAINT "PK_15fda3e3a68a2a8423173bfbb1f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "crosswalk_program_b_number_idx" ON "crosswalk"  ("program_b_id", "number_b") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "crosswalk_pair_unique" ON "crosswalk"  ("program_a_id", "number_a", "program_b_id", "number_b") `);
    await queryRunner.query(`ALTER TABLE "crosswalk" ADD CONSTRAINT "FK_dabf440532542672001299320d3" FOREIGN KEY ("program_a_id") REFERENCES "program"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crosswalk" ADD CONSTRAINT "FK_a57cae8cd1929a62adea5021807" FOREIGN KEY ("program_b_id") REFERENCES "program"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "crosswalk" ADD CONSTRAINT "FK_818a4b07bc8b61371dd275e86c0" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crosswalk" DROP CONSTRAINT "FK_818a4b07bc8b61371dd275e86c0"`);
    await queryRunner.query(`ALTER TABLE "crosswalk" DROP CONSTRAINT "FK_a57cae8cd1929a62adea5021807"`);
    await queryRunner.query(`ALTER TABLE "crosswalk" DROP CONSTRAINT "FK_dabf440532542672001299320d3"`);
    await queryRunner.query(`DROP INDEX "public"."crosswalk_pair_unique"`);
    await queryRunner.query(`DROP INDEX "public"."crosswalk_program_b_number_idx"`);
    await queryRunner.query(`DROP TABLE "crosswalk"`);
  }
}
