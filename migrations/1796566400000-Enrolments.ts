import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programs and enrolments (issue 13): what a department is accredited in moves from the department
 * row to its enrolments, one per program. Every department gets one primary enrolment carrying
 * what the department row held (its manual, tier, status and award date; its program is the
 * manual's, or none yet), and everything that was the department's file (standard files, milestone
 * records, sign-offs, reports of one department, assessments) is attached to it. Kept figures are
 * a cache keyed by enrolment now: they are dropped and computed again.
 *
 * Down refuses while any department has more than its primary enrolment: their files would have
 * nowhere to go.
 *
 * Hand-written (the data moves), with the schema changes as `migration:generate` writes them.
 */
export class Enrolments1796566400000 implements MigrationInterface {
  name = 'Enrolments1796566400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "enrolment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "program_id" uuid, "primary" boolean NOT NULL DEFAULT false, "manual_id" uuid, "program_tier" character varying(10) NOT NULL DEFAULT 'tier1', "accreditation_status" character varying(20) NOT NULL DEFAULT 'working_toward', "award_date" date, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5d2679f6c891d77c58aa0e05f2b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "enrolment_program_idx" ON "enrolment" ("program_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "enrolment_department_program_unique" ON "enrolment" ("department_id", "program_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "enrolment_department_primary_unique" ON "enrolment" ("department_id") WHERE "primary"`);
    await queryRunner.query(`ALTER TABLE "enrolment" ADD CONSTRAINT "FK_a3fd93b1955792254dfaa8a81bb" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrolment" ADD CONSTRAINT "FK_33aab1ef9a37918df22197755f8" FOREIGN KEY ("program_id") REFERENCES "program"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "enrolment" ADD CONSTRAINT "FK_a944e2405660fec89fbcfab539b" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`
      INSERT INTO "enrolment" ("department_id", "program_id", "primary", "manual_id", "program_tier", "accreditation_status", "award_date", "version", "created_at", "updated_at")
      SELECT d."id", m."program_id", true, d."manual_id", d."program_tier", d."accreditation_status", d."award_date", 1, d."created_at", d."updated_at"
        FROM "department" d LEFT JOIN "manual" m ON m."id" = d."manual_id"`);

    // Standard files: unique per enrolment and number (two programs may both have a 1.1).
    await queryRunner.query(`ALTER TABLE "standard_file" ADD "enrolment_id" uuid`);
    await queryRunner.query(`UPDATE "standard_file" f SET "enrolment_id" = e."id" FROM "enrolment" e WHERE e."department_id" = f."department_id" AND e."primary"`);
    await queryRunner.query(`ALTER TABLE "standard_file" ALTER COLUMN "enrolment_id" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_department_number_unique"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "standard_file_enrolment_number_unique" ON "standard_file" ("enrolment_id", "standard_number") `);
    await queryRunner.query(`CREATE INDEX "standard_file_enrolment_sort_idx" ON "standard_file" ("enrolment_id", "sort_key") `);
    await queryRunner.query(`ALTER TABLE "standard_file" ADD CONSTRAINT "FK_2009e83ac78547d64b7588118a9" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // Milestone records: per enrolment (each program has its own assessments and notices).
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD "enrolment_id" uuid`);
    await queryRunner.query(`UPDATE "milestone_record" r SET "enrolment_id" = e."id" FROM "enrolment" e WHERE e."department_id" = r."department_id" AND e."primary"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP CONSTRAINT "FK_a2ea4e94c2a7a7cdee6b841c535"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP CONSTRAINT "PK_978e39ce05ecb0795a220327c92"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP COLUMN "department_id"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ALTER COLUMN "enrolment_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD CONSTRAINT "PK_8b34d03cff077b3578fed41caa6" PRIMARY KEY ("enrolment_id", "key")`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD CONSTRAINT "FK_1a8b65dd58815bfc7f059821eb6" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Kept figures are a cache: keyed by enrolment now, computed again by the figures keeper.
    await queryRunner.query(`DELETE FROM "department_figures"`);
    await queryRunner.query(`ALTER TABLE "department_figures" DROP CONSTRAINT "FK_b2f375e596de8a957396c765f8a"`);
    await queryRunner.query(`ALTER TABLE "department_figures" DROP CONSTRAINT "PK_b2f375e596de8a957396c765f8a"`);
    await queryRunner.query(`ALTER TABLE "department_figures" DROP COLUMN "department_id"`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD "enrolment_id" uuid NOT NULL`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD CONSTRAINT "PK_aaeeb2ec6d60a47c8b84d1862e2" PRIMARY KEY ("enrolment_id")`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD CONSTRAINT "FK_aaeeb2ec6d60a47c8b84d1862e2" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Sign-offs and reports are immutable; naming the enrolment they were of changes nothing signed or stored.
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ADD "enrolment_id" uuid`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DISABLE TRIGGER "readiness_sign_off_immutable"`);
    await queryRunner.query(`UPDATE "readiness_sign_off" s SET "enrolment_id" = e."id" FROM "enrolment" e WHERE e."department_id" = s."department_id" AND e."primary"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ENABLE TRIGGER "readiness_sign_off_immutable"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ALTER COLUMN "enrolment_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ADD CONSTRAINT "FK_c54b4d84cbd1ec0505c13ce580c" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "generated_report" ADD "enrolment_id" uuid`);
    await queryRunner.query(`ALTER TABLE "generated_report" DISABLE TRIGGER "generated_report_immutable"`);
    await queryRunner.query(`UPDATE "generated_report" g SET "enrolment_id" = e."id" FROM "enrolment" e WHERE e."department_id" = g."department_id" AND e."primary"`);
    await queryRunner.query(`ALTER TABLE "generated_report" ENABLE TRIGGER "generated_report_immutable"`);
    await queryRunner.query(`ALTER TABLE "generated_report" ADD CONSTRAINT "FK_dda65fadb540ab0077db8ff03ce" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "assessment" ADD "enrolment_id" uuid`);
    await queryRunner.query(`UPDATE "assessment" a SET "enrolment_id" = e."id" FROM "enrolment" e WHERE e."department_id" = a."department_id" AND e."primary"`);
    await queryRunner.query(`ALTER TABLE "assessment" ALTER COLUMN "enrolment_id" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "assessment_enrolment_idx" ON "assessment" ("enrolment_id") `);
    await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_29afb94bbbd2b073933dc0d8f73" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "department" DROP CONSTRAINT "FK_d953446a1aee8639b0774a0ad9c"`);
    await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "manual_id"`);
    await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "program_tier"`);
    await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "accreditation_status"`);
    await queryRunner.query(`ALTER TABLE "department" DROP COLUMN "award_date"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ n }] = (await queryRunner.query(`SELECT count(*)::int AS n FROM "enrolment" WHERE NOT "primary"`)) as { n: number }[];
    if (n > 0) {
      throw new Error(`${n} enrolment(s) besides the departments' primary ones: before this schema a department had one program; end those enrolments first.`);
    }
    await queryRunner.query(`ALTER TABLE "department" ADD "award_date" date`);
    await queryRunner.query(`ALTER TABLE "department" ADD "accreditation_status" character varying(20) NOT NULL DEFAULT 'working_toward'`);
    await queryRunner.query(`ALTER TABLE "department" ADD "program_tier" character varying(10) NOT NULL DEFAULT 'tier1'`);
    await queryRunner.query(`ALTER TABLE "department" ADD "manual_id" uuid`);
    await queryRunner.query(`ALTER TABLE "department" ADD CONSTRAINT "FK_d953446a1aee8639b0774a0ad9c" FOREIGN KEY ("manual_id") REFERENCES "manual"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`
      UPDATE "department" d SET "manual_id" = e."manual_id", "program_tier" = e."program_tier", "accreditation_status" = e."accreditation_status", "award_date" = e."award_date"
        FROM "enrolment" e WHERE e."department_id" = d."id" AND e."primary"`);

    await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "FK_29afb94bbbd2b073933dc0d8f73"`);
    await queryRunner.query(`DROP INDEX "public"."assessment_enrolment_idx"`);
    await queryRunner.query(`ALTER TABLE "assessment" DROP COLUMN "enrolment_id"`);

    await queryRunner.query(`ALTER TABLE "generated_report" DROP CONSTRAINT "FK_dda65fadb540ab0077db8ff03ce"`);
    await queryRunner.query(`ALTER TABLE "generated_report" DROP COLUMN "enrolment_id"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP CONSTRAINT "FK_c54b4d84cbd1ec0505c13ce580c"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP COLUMN "enrolment_id"`);

    await queryRunner.query(`DELETE FROM "department_figures"`);
    await queryRunner.query(`ALTER TABLE "department_figures" DROP CONSTRAINT "FK_aaeeb2ec6d60a47c8b84d1862e2"`);
    await queryRunner.query(`ALTER TABLE "department_figures" DROP CONSTRAINT "PK_aaeeb2ec6d60a47c8b84d1862e2"`);
    await queryRunner.query(`ALTER TABLE "department_figures" DROP COLUMN "enrolment_id"`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD "department_id" uuid NOT NULL`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD CONSTRAINT "PK_b2f375e596de8a957396c765f8a" PRIMARY KEY ("department_id")`);
    await queryRunner.query(`ALTER TABLE "department_figures" ADD CONSTRAINT "FK_b2f375e596de8a957396c765f8a" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "milestone_record" ADD "department_id" uuid`);
    await queryRunner.query(`UPDATE "milestone_record" r SET "department_id" = e."department_id" FROM "enrolment" e WHERE e."id" = r."enrolment_id"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP CONSTRAINT "FK_1a8b65dd58815bfc7f059821eb6"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP CONSTRAINT "PK_8b34d03cff077b3578fed41caa6"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" DROP COLUMN "enrolment_id"`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ALTER COLUMN "department_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD CONSTRAINT "PK_978e39ce05ecb0795a220327c92" PRIMARY KEY ("department_id", "key")`);
    await queryRunner.query(`ALTER TABLE "milestone_record" ADD CONSTRAINT "FK_a2ea4e94c2a7a7cdee6b841c535" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await queryRunner.query(`ALTER TABLE "standard_file" DROP CONSTRAINT "FK_2009e83ac78547d64b7588118a9"`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_enrolment_sort_idx"`);
    await queryRunner.query(`DROP INDEX "public"."standard_file_enrolment_number_unique"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "standard_file_department_number_unique" ON "standard_file" ("department_id", "standard_number") `);
    await queryRunner.query(`ALTER TABLE "standard_file" DROP COLUMN "enrolment_id"`);

    await queryRunner.query(`DROP TABLE "enrolment"`);
  }
}
