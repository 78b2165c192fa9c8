import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795986551572 implements MigrationInterface {
  name = 'InitialSchema1795986551572';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_user_id" uuid, "actor_email" character varying(320), "actor_role" character varying(20), "action" character varying(80) NOT NULL, "entity_type" character varying(60) NOT NULL, "entity_id" character varying(80), "department_id" uuid, "before" jsonb, "after" jsonb, "request_id" character varying(128), "ip" character varying(64), "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "audit_event_occurred_at_idx" ON "audit_event"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "audit_event_actor_idx" ON "audit_event"  ("actor_user_id") `);
    await queryRunner.query(`CREATE INDEX "audit_event_department_idx" ON "audit_event"  ("department_id") `);
    await queryRunner.query(`CREATE INDEX "audit_event_entity_idx" ON "audit_event"  ("entity_type", "entity_id") `);
    await queryRunner.query(`CREATE TABLE "department" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "short_name" character varying(40) NOT NULL, "archived_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "department_name_unique" ON "department"  ("name") `);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(255), "is_admin" boolean NOT NULL DEFAULT false, "disabled_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "app_user_email_unique" ON "app_user"  ("email") `);
    await queryRunner.query(`CREATE TABLE "assessor_grant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "created_by_user_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_user_id" uuid, "revoke_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_31b7a7494194d5ddc8d06521d70" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "assessor_grant_user_idx" ON "assessor_grant"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "invitation_user_idx" ON "invitation"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "invitation_token_hash_unique" ON "invitation"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "department_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "membership_department_idx" ON "membership"  ("department_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "membership_user_department_unique" ON "membership"  ("user_id", "department_id") `);
    await queryRunner.query(`CREATE TABLE "rate_limit_counter" ("key" character varying(400) NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_5bfa3ad3fe33321b1d17eae4746" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "access_token_hash" character(64) NOT NULL, "refresh_token_hash" character(64), "access_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refresh_expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(40), "ip" character varying(64), "user_agent" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "session_user_idx" ON "session"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "session_family_idx" ON "session"  ("family_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "session_access_token_hash_unique" ON "session"  ("access_token_hash") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "session_refresh_token_hash_unique" ON "session"  ("refresh_token_hash") `);
    await queryRunner.query(`CREATE TABLE "assessor_grant_department" ("grant_id" uuid NOT NULL, "department_id" uuid NOT NULL, CONSTRAINT "PK_250460a768d2e0b6e68241b3e38" PRIMARY KEY ("grant_id", "department_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5dba48155af35ec82e3de40305" ON "assessor_grant_department"  ("grant_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_13e13683ff3f09397be6051661" ON "assessor_grant_department"  ("department_id") `);
    await queryRunner.query(`ALTER TABLE "assessor_grant" ADD CONSTRAINT "FK_673c5ef61de854f0c9403abeec4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "invitation" ADD CONSTRAINT "FK_dbf801c80100c878509602456ff" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_c831517886e3735217423139091" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "FK_30e98e8746699fb9af235410aff" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assessor_grant_department" ADD CONSTRAINT "FK_5dba48155af35ec82e3de40305e" FOREIGN KEY ("grant_id") REFERENCES "assessor_grant"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "assessor_grant_department" ADD CONSTRAINT "FK_13e13683ff3f09397be6051661b" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assessor_grant_department" DROP CONSTRAINT "FK_13e13683ff3f09397be6051661b"`);
    await queryRunner.query(`ALTER TABLE "assessor_grant_department" DROP CONSTRAINT "FK_5dba48155af35ec82e3de40305e"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_30e98e8746699fb9af235410aff"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_c831517886e3735217423139091"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d"`);
    await queryRunner.query(`ALTER TABLE "invitation" DROP CONSTRAINT "FK_dbf801c80100c878509602456ff"`);
    await queryRunner.query(`ALTER TABLE "assessor_grant" DROP CONSTRAINT "FK_673c5ef61de854f0c9403abeec4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_13e13683ff3f09397be6051661"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5dba48155af35ec82e3de40305"`);
    await queryRunner.query(`DROP TABLE "assessor_grant_department"`);
    await queryRunner.query(`DROP INDEX "public"."session_refresh_token_hash_unique"`);
    await queryRunner.query(`DROP INDEX "public"."session_access_token_hash_unique"`);
    await queryRunner.query(`DROP INDEX "public"."session_family_idx"`);
    await queryRunner.query(`DROP INDEX "public"."session_user_idx"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counter"`);
    await queryRunner.query(`DROP INDEX "public"."membership_user_department_unique"`);
    await queryRunner.query(`DROP INDEX "public"."membership_department_idx"`);
    await queryRunner.query(`DROP TABLE "membership"`);
    await queryRunner.query(`DROP INDEX "public"."invitation_token_hash_unique"`);
    await queryRunner.query(`DROP INDEX "public"."invitation_user_idx"`);
    await queryRunner.query(`DROP TABLE "invitation"`);
    await queryRunner.query(`DROP INDEX "public"."assessor_grant_user_idx"`);
    await queryRunner.query(`DROP TABLE "assessor_grant"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_email_unique"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP INDEX "public"."department_name_unique"`);
    await queryRunner.query(`DROP TABLE "department"`);
    await queryRunner.query(`DROP INDEX "public"."audit_event_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_event_department_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_event_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_event_occurred_at_idx"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
