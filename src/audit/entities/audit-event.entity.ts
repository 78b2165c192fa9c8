import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per change, append-only (a trigger refuses UPDATE and DELETE). `hash` covers the row's
 * content and `prev_hash`, the hash of the row before it, so an altered or removed row breaks the
 * chain; both are computed by the insert trigger, never by application code.
 */
@Entity({ name: 'audit_event' })
@Index('audit_event_entity_idx', ['entityType', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('audit_event_occurred_at_idx')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Index('audit_event_actor_idx')
  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  actorEmail!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole!: string | null;

  @Column({ type: 'varchar', length: 80 })
  action!: string;

  @Column({ type: 'varchar', length: 60 })
  entityType!: string;

  @Column({ type: 'varchar', length: 80, nullable: true })
  entityId!: string | null;

  @Index('audit_event_department_idx')
  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
