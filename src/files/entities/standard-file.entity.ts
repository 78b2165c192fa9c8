import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { Enrolment } from '../../departments/entities/enrolment.entity';
import { User } from '../../identity/entities/user.entity';
import { Standard } from '../../standards/entities/standard.entity';
import type { Level } from '../../kernel/standard-types';

import type { Applicability, ComplianceResult, WorkflowStatus } from '../../kernel/file-values';

export { APPLICABILITIES, RESULTS, WORKFLOW_STATUSES } from '../../kernel/file-values';
export type { Applicability, ComplianceResult, WorkflowStatus } from '../../kernel/file-values';

export interface Directive {
  number: string;
  title: string;
  section?: string;
  effectiveDate?: string;
  nextReviewDate?: string;
}

/**
 * A department's accreditation file for one standard. Its identity outlives manual versions:
 * adopting a new version re-points `standardId` and keeps everything else. Compliance result and
 * workflow status are separate fields on purpose.
 */
@Entity({ name: 'standard_file' })
@Index('standard_file_enrolment_number_unique', ['enrolmentId', 'standardNumber'], { unique: true })
@Index('standard_file_enrolment_sort_idx', ['enrolmentId', 'sortKey'])
@Index('standard_file_department_sort_idx', ['departmentId', 'sortKey'])
export class StandardFile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  /** The enrolment (department and program) whose file this is; its department is `departmentId`. */
  @Column({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Enrolment;

  @Index('standard_file_standard_idx')
  @Column({ type: 'uuid' })
  standardId!: string;

  @ManyToOne(() => Standard, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'standard_id' })
  standard?: Standard;

  /** The standard's number in the department's current manual version. */
  @Column({ type: 'varchar', length: 12 })
  standardNumber!: string;

  @Column({ type: 'varchar', length: 12 })
  sortKey!: string;

  /** False when the department's program tier leaves the standard out, or its manual removed it; the work is kept. */
  @Column({ type: 'boolean', default: true })
  inScope!: boolean;

  /** M or O for the department's size class. */
  @Column({ type: 'char', length: 1 })
  level!: Level;

  @Column({ type: 'varchar', length: 20, default: 'applicable' })
  applicability!: Applicability;

  @Column({ type: 'text', nullable: true })
  applicabilityReason!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  waiverReference!: string | null;

  @Column({ type: 'date', nullable: true })
  waiverDate!: string | null;

  /** The last day the waiver holds (waivers are granted for a stated duration); after it the standard applies again. */
  @Column({ type: 'date', nullable: true })
  waiverEndsOn!: string | null;

  @Column({ type: 'varchar', length: 20, default: 'not_assessed' })
  result!: ComplianceResult;

  @Column({ type: 'varchar', length: 20, default: 'to_do' })
  status!: WorkflowStatus;

  @Column({ type: 'text', nullable: true })
  statusReason!: string | null;

  @Index('standard_file_assignee_idx')
  @Column({ type: 'uuid', nullable: true })
  assigneeUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_user_id' })
  assignee?: User;

  /** Set when a manual version changed the standard; cleared by whoever reviews the file. */
  @Column({ type: 'boolean', default: false })
  needsReview!: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  reviewReasons!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  directives!: Directive[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  bulletNotes!: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
