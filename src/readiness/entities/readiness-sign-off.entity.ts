import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { Enrolment } from '../../departments/entities/enrolment.entity';
import { User } from '../../identity/entities/user.entity';

/**
 * A chief's (or administrator's) sign-off of a department's readiness: the snapshot as it was
 * shown, with its SHA-256. Immutable: a trigger refuses UPDATE, DELETE and TRUNCATE, and no code
 * path changes a row.
 */
export const SIGN_OFF_SNAPSHOT_FORMATS = ['rfc8785', 'legacy-pg-jsonb'] as const;
export type SignOffSnapshotFormat = (typeof SIGN_OFF_SNAPSHOT_FORMATS)[number];

@Entity({ name: 'readiness_sign_off' })
@Check('readiness_sign_off_snapshot_format_check', `(snapshot_format = 'rfc8785' AND snapshot_canonical IS NOT NULL) OR (snapshot_format = 'legacy-pg-jsonb' AND snapshot_canonical IS NULL)`)
@Index('readiness_sign_off_department_idx', ['departmentId', 'signedAt'])
export class ReadinessSignOff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  /** The enrolment whose readiness was signed (a department signs each program's separately). */
  @Column({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Enrolment;

  @Column({ type: 'uuid' })
  signedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signed_by_user_id' })
  signedBy?: User;

  /** Kept as it was at signing, whatever later happens to the user. */
  @Column({ type: 'varchar', length: 320 })
  signedByEmail!: string;

  @Column({ type: 'varchar', length: 200 })
  signedByName!: string;

  /** chief or admin */
  @Column({ type: 'varchar', length: 20 })
  signedByRole!: string;

  @Column({ type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** The readiness exactly as computed when signing. */
  @Column({ type: 'jsonb' })
  readiness!: Record<string, unknown>;

  /**
   * SHA-256 (hex) of the signed text: `snapshotCanonical`'s UTF-8 bytes (format `rfc8785`), or,
   * for sign-offs made before canonical snapshots (`legacy-pg-jsonb`), `readiness::text` in PostgreSQL.
   */
  @Column({ type: 'char', length: 64 })
  readinessSha256!: string;

  /** `rfc8785` (the snapshot is kept as canonical JSON text) or `legacy-pg-jsonb` (hashed over PostgreSQL's jsonb text). */
  @Column({ type: 'varchar', length: 20 })
  snapshotFormat!: SignOffSnapshotFormat;

  /** The signed snapshot as RFC 8785 canonical JSON, byte for byte; null for legacy sign-offs. */
  @Column({ type: 'text', nullable: true })
  snapshotCanonical!: string | null;
}
