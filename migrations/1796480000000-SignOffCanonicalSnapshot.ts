import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-offs keep the exact text their SHA-256 is taken over.
 *
 * New sign-offs store their snapshot as RFC 8785 canonical JSON (`snapshot_canonical`, text, kept
 * byte for byte) and hash exactly those bytes; anyone can recompute the hash from the API's answer.
 * Sign-offs made before this migration were hashed over PostgreSQL's rendering of the jsonb column
 * (`readiness::text`). They are not rewritten (the table is immutable, and history is never
 * rewritten): they are marked `legacy-pg-jsonb`, their old hash stays verifiable over
 * `readiness::text` (which the API returns as their signed text), and each marking is recorded in
 * the audit trail (action `readiness.sign-off-format-marked`, by the system).
 *
 * Adding columns fires no row trigger, so the immutability trigger is left as it is.
 */
export class SignOffCanonicalSnapshot1796480000000 implements MigrationInterface {
  name = 'SignOffCanonicalSnapshot1796480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ADD "snapshot_format" character varying(20) NOT NULL DEFAULT 'legacy-pg-jsonb'`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ALTER COLUMN "snapshot_format" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" ADD "snapshot_canonical" text`);
    await queryRunner.query(
      `ALTER TABLE "readiness_sign_off" ADD CONSTRAINT "readiness_sign_off_snapshot_format_check" CHECK (
         (snapshot_format = 'rfc8785' AND snapshot_canonical IS NOT NULL)
         OR (snapshot_format = 'legacy-pg-jsonb' AND snapshot_canonical IS NULL))`,
    );
    await queryRunner.query(
      `INSERT INTO audit_event (actor_user_id, actor_email, actor_role, action, entity_type, entity_id, department_id, before, after, request_id, ip, prev_hash, hash)
       SELECT NULL, NULL, 'system', 'readiness.sign-off-format-marked', 'readiness_sign_off', id::text, department_id, NULL,
              jsonb_build_object(
                'snapshotFormat', 'legacy-pg-jsonb',
                'sha256', readiness_sha256,
                'hashedText', 'readiness::text (PostgreSQL jsonb rendering), returned by the API as signedSnapshot',
                'hashStillMatches', encode(sha256(convert_to(readiness::text, 'UTF8')), 'hex') = readiness_sha256,
                'migration', 'SignOffCanonicalSnapshot1796480000000'),
              NULL, NULL, '', ''
       FROM readiness_sign_off ORDER BY signed_at, id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // A canonical sign-off cannot be turned back into the legacy form without losing the bytes its
    // hash is taken over, and the table is immutable: refuse rather than lose them.
    const rows = (await queryRunner.query(`SELECT count(*)::int AS n FROM readiness_sign_off WHERE snapshot_format <> 'legacy-pg-jsonb'`)) as { n: number }[];
    const n = rows[0].n;
    if (n > 0) throw new Error(`${n} sign-off(s) are stored as RFC 8785 canonical JSON; reverting would lose the text their SHA-256 is taken over`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP CONSTRAINT "readiness_sign_off_snapshot_format_check"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP COLUMN "snapshot_canonical"`);
    await queryRunner.query(`ALTER TABLE "readiness_sign_off" DROP COLUMN "snapshot_format"`);
  }
}
