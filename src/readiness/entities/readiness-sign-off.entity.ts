import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { User } from '../../identity/entities/user.entity';

/**
 * A chief's (or administrator's) sign-off of a department's readiness: the snapshot as it was
 * shown, with its SHA-256. Immutable: a trigger refuses UPDATE, DELETE and TRUNCATE, and no code
 * path changes a row.
 */
@Entity({ name: 'readiness_sign_off' })
@Index('readiness_sign_off_department_idx', ['departmentId', 'signedAt'])
export class ReadinessSignOff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

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

  /** SHA-256 (hex) of the readiness column's canonical text, `readiness::text` in PostgreSQL. */
  @Column({ type: 'char', length: 64 })
  readinessSha256!: string;
}
