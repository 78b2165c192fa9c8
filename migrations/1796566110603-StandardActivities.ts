import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A standard's required activities (issue #13, item 3), each with its own frequency and deadlines;
 * a proof filing names the activity it meets (proof_link.activity_key). Generated, then given its
 * data by hand: every standard with a frequency gets one activity ("Required activity", key
 * required-activity, same frequency), and the filings of its files name that activity. Down drops
 * both; standard.frequency (the first activity's) was kept all along, so one-activity standards lose
 * nothing. Down refuses while one proof is filed twice for the same file, year and period under two
 * activities: the old unique index cannot hold both filings.
 */
export class StandardActivities1796566110603 implements MigrationInterface {
  name = 'StandardActivities1796566110603';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."proof_link_unique"`);
    await queryRunner.query(`CREATE TABLE "activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "standard_id" uuid NOT NULL, "position" smallint NOT NULL, "key" character varying(60) NOT NULL, "name" character varying(80) NOT NULL, "frequency" character varying(20) NOT NULL, "reminder_days" integer, "bullets" text array NOT NULL DEFAULT '{}', CONSTRAINT "activity_reminder_check" CHECK ("reminder_days" IS NULL OR ("frequency" = 'per_event' AND "reminder_days" BETWEEN 1 AND 1461)), CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "activity_standard_position_unique" ON "activity"  ("standard_id", "position") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "activity_standard_key_unique" ON "activity"  ("standard_id", "key") `);
    await queryRunner.query(`ALTER TABLE "proof_link" ADD "activity_key" character varying(60) NOT NULL DEFAULT ''`);
    await queryRunner.query(
      `INSERT INTO "activity" ("standard_id", "position", "key", "name", "frequency")
       SELECT "id", 0, 'required-activity', 'Required activity', "frequency" FROM "standard" WHERE "frequency" IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE "proof_link" l SET "activity_key" = 'required-activity'
         FROM "standard_file" f JOIN "activity" a ON a."standard_id" = f."standard_id" AND a."key" = 'required-activity'
        WHERE l."standard_file_id" = f."id"`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "proof_link_unique" ON "proof_link"  ("proof_id", "standard_file_id", "cycle_year", "activity_key", "period_key") WHERE "withdrawn_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "activity" ADD CONSTRAINT "FK_3528b592a83e42b529fba74a296" FOREIGN KEY ("standard_id") REFERENCES "standard"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ twice }] = (await queryRunner.query(
      `SELECT count(*)::int AS twice FROM (
         SELECT 1 FROM "proof_link" WHERE "withdrawn_at" IS NULL
          GROUP BY "proof_id", "standard_file_id", "cycle_year", "period_key" HAVING count(*) > 1) d`,
    )) as { twice: number }[];
    if (twice > 0) {
      throw new Error(`StandardActivities cannot be reverted: ${twice} proof filing(s) meet two activities of one file in the same period; withdraw one of each first.`);
    }
    await queryRunner.query(`ALTER TABLE "activity" DROP CONSTRAINT "FK_3528b592a83e42b529fba74a296"`);
    await queryRunner.query(`DROP INDEX "public"."proof_link_unique"`);
    await queryRunner.query(`ALTER TABLE "proof_link" DROP COLUMN "activity_key"`);
    await queryRunner.query(`DROP INDEX "public"."activity_standard_key_unique"`);
    await queryRunner.query(`DROP INDEX "public"."activity_standard_position_unique"`);
    await queryRunner.query(`DROP TABLE "activity"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "proof_link_unique" ON "proof_link" ("proof_id", "standard_file_id", "cycle_year", "period_key") WHERE "withdrawn_at" IS NULL`);
  }
}
