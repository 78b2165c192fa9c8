import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailQueueAndPasswordReset1796535049076 implements MigrationInterface {
  name = 'MailQueueAndPasswordReset1796535049076';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "password_reset" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "requested_from_ip" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8515e60a2cc41584fa4784f52ce" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "password_reset_user_idx" ON "password_reset"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "password_reset_token_hash_unique" ON "password_reset"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "mail_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "recipient_email" character varying(320) NOT NULL, "recipient_user_id" uuid, "department_id" uuid, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "status" character varying(12) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "caused_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mail_message_status_check" CHECK (status IN ('pending', 'sent', 'failed', 'kept')), CONSTRAINT "PK_d23285093ea237bc7632d4fcce9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "mail_message_created_idx" ON "mail_message"  ("created_at") `);
    await queryRunner.query(`CREATE INDEX "mail_message_due_idx" ON "mail_message"  ("next_attempt_at") WHERE status = 'pending'`);
    await queryRunner.query(`ALTER TABLE "password_reset" ADD CONSTRAINT "FK_ad88301fdc79593dd222268a8b6" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "password_reset" DROP CONSTRAINT "FK_ad88301fdc79593dd222268a8b6"`);
    await queryRunner.query(`DROP INDEX "public"."mail_message_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."mail_message_created_idx"`);
    await queryRunner.query(`DROP TABLE "mail_message"`);
    await queryRunner.query(`DROP INDEX "public"."password_reset_token_hash_unique"`);
    await queryRunner.query(`DROP INDEX "public"."password_reset_user_idx"`);
    await queryRunner.query(`DROP TABLE "password_reset"`);
  }
}
