import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a creating request sent with an Idempotency-Key, written in the same
 * transaction as what it created: a retry (the client never saw the answer) gets it again
 * instead of creating a second time.
 */
@Entity({ name: 'idempotency_record' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  /** The operation and its target (e.g. proof-upload:<fileId>): the same key elsewhere is refused. */
  @Column({ type: 'varchar', length: 300 })
  scope!: string;

  @Column({ type: 'jsonb' })
  response!: unknown;

  @Index('idempotency_record_created_at_idx')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
