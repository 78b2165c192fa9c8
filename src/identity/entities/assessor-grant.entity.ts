import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/** Read-only access for an assessor to some departments (AssessorGrantDepartment), from one date to another (inclusive). */
@Entity({ name: 'assessor_grant' })
export class AssessorGrant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('assessor_grant_user_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** First day of access, a calendar date (America/Chicago is the footprint's zone; dates are compared as UTC days). */
  @Column({ type: 'date' })
  startsOn!: string;

  /** Last day of access, inclusive. */
  @Column({ type: 'date' })
  endsOn!: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  revokedByUserId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  revokeReason!: string | null;

  /** The day the "your access ends soon" mail was queued (once per grant). */
  @Column({ type: 'date', nullable: true })
  endingNoticeQueuedOn!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
