import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manual versions become drafts until published, and remember when a department first took them on.
 * Generated for the two columns; the backfill is written by hand: every manual imported before
 * this migration was already visible to departments, so it is published as of its import, and a
 * version a department follows now, or followed once (its assignment or adoption is in the audit
 * trail), counts as adopted from the first such event (or its import, when the trail has none).
 */
export class ManualLifecycle1796534601544 implements MigrationInterface {
  name = 'ManualLifecycle1796534601544';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "manual" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "manual" ADD "first_adopted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "manual" SET "published_at" = "imported_at"`);
    await queryRunner.query(
      `WITH named AS (
         SELECT e.after->>'manualId' AS manual_id, e.occurred_at FROM audit_event e
          WHERE e.action IN ('department.manual-assigned', 'department.manual-adopted')
         UNION ALL
         SELECT e.before->>'manualId', e.occurred_at FROM audit_event e
          WHERE e.action IN ('department.manual-assigned', 'department.manual-adopted')
       )
       UPDATE "manual" m
          SET "first_adopted_at" = COALESCE((SELECT min(n.occurred_at) FROM named n WHERE n.manual_id = m.id::text), m.imported_at)
        WHERE EXISTS (SELECT 1 FROM named n WHERE n.manual_id = m.id::text)
           OR EXISTS (SELECT 1 FROM department d WHERE d.manual_id = m.id)
           OR EXISTS (SELECT 1 FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE s.manual_id = m.id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "manual" DROP COLUMN "first_adopted_at"`);
    await queryRunner.query(`ALTER TABLE "manual" DROP COLUMN "published_at"`);
  }
}
