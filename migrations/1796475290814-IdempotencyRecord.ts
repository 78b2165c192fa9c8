import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyRecord1796475290814 implements MigrationInterface {
  name = 'IdempotencyRecord1796475290814';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_record" ("user_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "scope" character varying(300) NOT NULL, "response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ff6ff6e4a7c261b21e30f0280a7" PRIMARY KEY ("user_id", "key"))`);
    await queryRunner.query(`CREATE INDEX "idempotency_record_created_at_idx" ON "idempotency_record"  ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idempotency_record_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_record"`);
  }
}
