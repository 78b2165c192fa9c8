import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { StandardFile } from '../../files/entities/standard-file.entity';
import { User } from '../../identity/entities/user.entity';
import type { StandardReviewStatus } from '../../kernel/assessment-values';
import { Proof } from '../../proofs/entities/proof.entity';
import { Assessment } from './assessment.entity';

/**
 * What an assessor recorded of one standard of an assessment (bullet ''), or of one of its bullets
 * (its letter): a status, notes, and optionally a page of a proof. No row reads as "not reviewed".
 */
@Entity({ name: 'assessment_status' })
@Index('assessment_status_standard_key', ['assessmentId', 'standardFileId', 'bullet'], { unique: true })
@Check('assessment_status_proof_page_check', `"proof_page" IS NULL OR ("proof_id" IS NOT NULL AND "proof_page" > 0)`)
export class AssessmentStatus {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: Assessment;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @Index('assessment_status_file_idx')
  @Column({ type: 'uuid' })
  standardFileId!: string;

  @ManyToOne(() => StandardFile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'standard_file_id' })
  standardFile?: StandardFile;

  /** '' for the whole standard, else the bullet's letter. */
  @Column({ type: 'varchar', length: 8, default: '' })
  bullet!: string;

  @Column({ type: 'varchar', length: 30 })
  status!: StandardReviewStatus;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid', nullable: true })
  proofId!: string | null;

  @ManyToOne(() => Proof, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proof_id' })
  proof?: Proof;

  @Column({ type: 'integer', nullable: true })
  proofPage!: number | null;

  @Column({ type: 'uuid', nullable: true })
  updatedByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by_user_id' })
  updatedBy?: User;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
