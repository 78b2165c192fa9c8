import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailPreference1796537808644 implements MigrationInterface {
  name = 'MailPreference1796537808644';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "mail_preference" ("user_id" uuid NOT NULL, "digest" character varying(8) NOT NULL, "unsubscribe_token" character varying(64) NOT NULL, "last_digest_on" date, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mail_preference_digest_check" CHECK (digest IN ('daily', 'weekly', 'off')), CONSTRAINT "PK_938aad39e06fba36b1fbc4eb45d" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "mail_preference_unsubscribe_token_unique" ON "mail_preference"  ("unsubscribe_token") `);
    await queryRunner.query(`ALTER TABLE "mail_preference" ADD CONSTRAINT "FK_938aad39e06fba36b1fbc4eb45d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_preference" DROP CONSTRAINT "FK_938aad39e06fba36b1fbc4eb45d"`);
    await queryRunner.query(`DROP INDEX "public"."mail_preference_unsubscribe_token_unique"`);
    await queryRunner.query(`DROP TABLE "mail_preference"`);
  }
}
