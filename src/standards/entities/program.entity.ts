import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS, PROGRAM_MILESTONES, type ProgramMilestone } from '../../kernel/program-values';

/**
 * An accreditation or certification program (CALEA Law Enforcement, CALEA Communications, a state
 * program): its manual versions (manual.program_id), its cycle length, its milestones and whether
 * its standards vary by tier and size class. A manual keeps its program's name as well
 * (manual.program, part of its version's identity); a program's name never changes, so the two stay equal.
 */
@Entity({ name: 'program' })
@Check('program_cycle_years_check', `cycle_years BETWEEN ${MIN_CYCLE_YEARS} AND ${MAX_CYCLE_YEARS}`)
@Check('program_milestones_check', `milestones <@ ARRAY[${PROGRAM_MILESTONES.map((m) => `'${m}'`).join(', ')}]::text[]`)
export class Program {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('program_name_unique', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'int', default: 4 })
  cycleYears!: number;

  @Column({ type: 'boolean', default: true })
  hasTiers!: boolean;

  @Column({ type: 'boolean', default: true })
  hasSizeClasses!: boolean;

  @Column({ type: 'text', array: true, default: () => `'{${PROGRAM_MILESTONES.join(',')}}'` })
  milestones!: ProgramMilestone[];

  /** Sample data made up for trying the product (a synthetic state program), never a real program. */
  @Column({ type: 'boolean', default: false })
  sample!: boolean;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
