import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { StandardFile } from '../../files/entities/standard-file.entity';
import { User } from '../../identity/entities/user.entity';
import type { FindingState, StandardReviewStatus } from '../../kernel/assessment-values';
import { Assessment } from './assessment.entity';

/**
 * What an assessor found wrong with a standard (or a bullet) in an assessment: opened by a status
 * other than "in compliance", answered by the department's managers (FindingAnswer), closed or
 * reopened by the assessor. An unclosed finding is a readiness blocker (the compliance engine
 * reads this table; its triggers move the department's compliance revision).
 */
@Entity({ name: 'finding' })
@Index('finding_department_state_idx', ['departmentId', 'state'])
@Index('finding_assessment_idx', ['assessmentId', 'standardFileId', 'bullet'])
export class Finding {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: Assessment;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Column({ type: 'uuid' })
  standardFileId!: string;

  @ManyToOne(() => StandardFile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'standard_file_id' })
  standardFile?: StandardFile;

  /** '' for the whole standard, else the bullet's letter. */
  @Column({ type: 'varchar', length: 8, default: '' })
  bullet!: string;

  /** The assessor's status that the finding stands for (updated while it is unclosed). */
  @Column({ type: 'varchar', length: 30 })
  status!: StandardReviewStatus;

  /** What is wrong, in the assessor's words. */
  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  state!: FindingState;

  @Column({ type: 'date' })
  dueOn!: string;

  @Column({ type: 'uuid', nullable: true })
  openedByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'opened_by_user_id' })
  openedBy?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedByUserId!: string | null;

  @Column({ type: 'text', nullable: true })
  closeNote!: string | null;

  @VersionColumn()
  version!: number;
}
