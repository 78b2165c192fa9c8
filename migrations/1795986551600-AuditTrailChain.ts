import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes audit_event tamper-evident and append-only, in the database itself so that no code path
 * can write an unchained row:
 * - a BEFORE INSERT trigger takes a transaction-scoped advisory lock, links the row to the last
 *   one (prev_hash), assigns its id after the lock (so id order is chain order) and hashes it;
 * - UPDATE, DELETE and TRUNCATE are refused.
 * audit_event_digest() is also what /api/audit/verify recomputes. Writers must use READ COMMITTED
 * (the default), so the trigger's read sees the row committed by the previous lock holder.
 */
export class AuditTrailChain1795986551600 implements MigrationInterface {
  name = 'AuditTrailChain1795986551600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION audit_event_digest(e audit_event) RETURNS char(64) LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(jsonb_build_array(
          e.prev_hash, e.id::text,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_user_id, e.actor_email, e.actor_role, e.action, e.entity_type, e.entity_id,
          e.department_id, e.before, e.after, e.request_id, e.ip
        )::text, 'UTF8')), 'hex')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous char(64);
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('audit_event_chain'));
        SELECT hash INTO previous FROM audit_event ORDER BY id DESC LIMIT 1;
        NEW.id := nextval(pg_get_serial_sequence('audit_event', 'id'));
        NEW.occurred_at := coalesce(NEW.occurred_at, now());
        NEW.prev_hash := coalesce(previous, repeat('0', 64));
        NEW.hash := audit_event_digest(NEW);
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await queryRunner.query(`DROP TRIGGER audit_event_append_only ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
    await queryRunner.query(`DROP TRIGGER audit_event_chain ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_digest(audit_event)`);
  }
}
