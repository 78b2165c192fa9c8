import type { SizeClass } from '../../kernel/standard-types';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export { ACCREDITATION_STATUSES, PROGRAM_TIERS } from '../../kernel/department-values';
export type { AccreditationStatus, ProgramTier } from '../../kernel/department-values';

export interface DepartmentContact {
  role: string;
  name: string;
  email?: string;
  phone?: string;
}

/** A police department: its identity and profile. What it is accredited in, and how far, is on its enrolments (Enrolment). */
@Entity({ name: 'department' })
export class Department {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('department_name_unique', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 40 })
  shortName!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  caleaAgencyNumber!: string | null;

  @Column({ type: 'int', default: 0 })
  swornOfficers!: number;

  /** Set when the agency's size class is not the one its sworn count gives. */
  @Column({ type: 'char', length: 1, nullable: true })
  sizeClassOverride!: SizeClass | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  municipalities!: string[];

  @Column({ type: 'int', nullable: true })
  populationServed!: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts!: DepartmentContact[];

  /** Assessors also see the file history (edits, reviews, return reasons); off: it stays inside the agency. */
  @Column({ type: 'boolean', default: false })
  shareHistoryWithAssessors!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
