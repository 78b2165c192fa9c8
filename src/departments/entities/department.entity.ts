import type { SizeClass } from '../../kernel/standard-types';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Manual } from '../../standards/entities/manual.entity';

import type { AccreditationStatus, ProgramTier } from '../../kernel/department-values';

export { ACCREDITATION_STATUSES, PROGRAM_TIERS } from '../../kernel/department-values';
export type { AccreditationStatus, ProgramTier } from '../../kernel/department-values';

export interface DepartmentContact {
  role: string;
  name: string;
  email?: string;
  phone?: string;
}

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

  @Column({ type: 'varchar', length: 10, default: 'tier1' })
  programTier!: ProgramTier;

  @Column({ type: 'int', default: 0 })
  swornOfficers!: number;

  /** Set when the agency's size class is not the one its sworn count gives. */
  @Column({ type: 'char', length: 1, nullable: true })
  sizeClassOverride!: SizeClass | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  municipalities!: string[];

  @Column({ type: 'int', nullable: true })
  populationServed!: number | null;

  @Column({ type: 'varchar', length: 20, default: 'working_toward' })
  accreditationStatus!: AccreditationStatus;

  /** Date of the (last) accreditation award; the four-year cycle counts from it. */
  @Column({ type: 'date', nullable: true })
  awardDate!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts!: DepartmentContact[];

  /** The manual version the department's files follow; set by assigning or adopting a version. */
  @Column({ type: 'uuid', nullable: true })
  manualId!: string | null;

  @ManyToOne(() => Manual, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manual_id' })
  manual?: Manual;

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
