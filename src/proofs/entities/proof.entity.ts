import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { User } from '../../identity/entities/user.entity';
import type { ProofKind } from '../../kernel/proof-types';
import { StoredObject } from './stored-object.entity';


/**
 * One piece of evidence a department uploaded. It is linked to one or more standard files
 * (ProofLink); the bytes live in a StoredObject. Never deleted: links are withdrawn instead.
 */
@Entity({ name: 'proof' })
export class Proof {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('proof_department_idx')
  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Index('proof_sha256_idx')
  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @ManyToOne(() => StoredObject, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sha256' })
  storedObject?: StoredObject;

  /** The uploaded name made safe for display and downloads. */
  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: ProofKind;

  /** When the activity happened (not the upload time): what deadlines are met by. */
  @Index('proof_effective_date_idx')
  @Column({ type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'uuid', nullable: true })
  uploadedByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by_user_id' })
  uploadedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt!: Date;
}
