import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { Enrolment } from '../../departments/entities/enrolment.entity';
import { User } from '../../identity/entities/user.entity';
import type { AssessmentKind } from '../../kernel/assessment-values';
import { Manual } from '../../standards/entities/manual.entity';

/**
 * A named review round of a department's file (today its CALEA enrolment: the manual it follows at
 * creation) over one or more years of one accreditation cycle: an annual remote review, a mock
 * assessment or the site-based assessment. Assessors are assigned through their grants
 * (AssessmentAssessor).
 */
@Entity({ name: 'assessment' })
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('assessment_department_idx')
  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  /** The enrolment (program) the round assesses. */
  @Index('assessment_enrolment_idx')
  @Column({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Enrolment;

  /** The manual the enrolment followed when the round was created. */
  @Column({ type: 'uuid' })
  manualId!: string;

  @ManyToOne(() => Manual, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manual_id' })
  manual?: Manual;

  @Column({ type: 'varchar', length: 30 })
  kind!: AssessmentKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The first day of the accreditation cycle the years belong to. */
  @Column({ type: 'date' })
  cycleStartsOn!: string;

  /** The cycle years (1 to the program's cycle length) the round covers, ascending. */
  @Column({ type: 'smallint', array: true })
  cycleYears!: number[];

  /** The assessors' summary, printed on the assessment report. */
  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @VersionColumn()
  version!: number;
}
