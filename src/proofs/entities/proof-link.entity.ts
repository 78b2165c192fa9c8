import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { StandardFile } from '../../files/entities/standard-file.entity';
import type { ProofReviewState } from '../../kernel/proof-types';
import { Proof } from './proof.entity';

export type ReviewState = Exclude<ProofReviewState, 'withdrawn'>;

/**
 * A proof filed as evidence in one standard file for one cycle year (and, for time-sensitive
 * standards, one period). The same proof can serve several files. Review and withdrawal are per
 * link; a withdrawn link keeps its row and the proof keeps its bytes.
 */
@Entity({ name: 'proof_link' })
@Index('proof_link_file_year_idx', ['standardFileId', 'cycleYear'])
// A proof is filed once per file, cycle year and period; a withdrawn filing no longer counts, so the same proof may be filed there again.
// With several activities, the same proof may meet two of them in one period (a training roster that is also the review's record).
@Index('proof_link_unique', ['proofId', 'standardFileId', 'cycleYear', 'activityKey', 'periodKey'], { unique: true, where: '"withdrawn_at" IS NULL' })
// Live links per file, covering what the per-file counts read (cycle_starts_on, cycle_year, review_state, proof_id), so they
// are index-only scans. Created by migrations/1795997675093-ProofLinkLiveFileIndex.ts: @Index cannot express INCLUDE, so it is
// declared here by name only, with synchronize: false, which keeps the schema diff from dropping or recreating it.
@Index('proof_link_live_file_idx', { synchronize: false })
export class ProofLink {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  proofId!: string;

  @ManyToOne(() => Proof, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proof_id' })
  proof?: Proof;

  @Column({ type: 'uuid' })
  standardFileId!: string;

  @ManyToOne(() => StandardFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'standard_file_id' })
  standardFile?: StandardFile;

  /** The cycle the proof was filed under: the start date of that cycle of the program. */
  @Column({ type: 'date' })
  cycleStartsOn!: string;

  /** 1 to 4 within that cycle. */
  @Column({ type: 'smallint' })
  cycleYear!: number;

  /** For time-sensitive standards: the activity period it covers (key from the deadline schedule). */
  @Column({ type: 'varchar', length: 40, default: '' })
  periodKey!: string;

  /**
   * For time-sensitive standards: the key of the standard's activity the proof meets (its `activity`
   * row's key, stable across manual versions); '' when the standard has no activities.
   */
  @Column({ type: 'varchar', length: 60, default: '' })
  activityKey!: string;

  /** Bullet letters the proof covers. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  bullets!: string[];

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  reviewState!: ReviewState;

  @Column({ type: 'text', nullable: true })
  reviewReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedByUserId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnByUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  withdrawReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
