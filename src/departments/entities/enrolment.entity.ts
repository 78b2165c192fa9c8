import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { AccreditationStatus, ProgramTier } from '../../kernel/department-values';
import { Manual } from '../../standards/entities/manual.entity';
import { Program } from '../../standards/entities/program.entity';
import { Department } from './department.entity';

/**
 * A department's enrolment in one accreditation or certification program (CALEA Law Enforcement, a
 * state program): the manual version its files follow, its tier, its award date (the cycle counts
 * from it) and its status. Files, readiness, sign-offs, reports and assessments are per enrolment.
 *
 * Every department has one primary enrolment, created with it: the department-level routes, the
 * footprint and the department's profile fields (tier, award date, status, manual) are the primary
 * enrolment's. Its program is null until a manual version is first assigned to it, which decides it.
 */
@Entity({ name: 'enrolment' })
@Index('enrolment_department_program_unique', ['departmentId', 'programId'], { unique: true })
@Index('enrolment_department_primary_unique', ['departmentId'], { unique: true, where: '"primary"' })
export class Enrolment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Index('enrolment_program_idx')
  @Column({ type: 'uuid', nullable: true })
  programId!: string | null;

  @ManyToOne(() => Program, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  program?: Program;

  @Column({ type: 'boolean', default: false })
  primary!: boolean;

  /** The manual version the enrolment's files follow; set by assigning or adopting a version. */
  @Column({ type: 'uuid', nullable: true })
  manualId!: string | null;

  @ManyToOne(() => Manual, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manual_id' })
  manual?: Manual;

  @Column({ type: 'varchar', length: 10, default: 'tier1' })
  programTier!: ProgramTier;

  @Column({ type: 'varchar', length: 20, default: 'working_toward' })
  accreditationStatus!: AccreditationStatus;

  /** Date of the (last) award in this program; the cycle counts from it. */
  @Column({ type: 'date', nullable: true })
  awardDate!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
