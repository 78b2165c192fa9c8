import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';

/**
 * A stamp per department that changes whenever anything its readiness is computed from changes:
 * its standard files, its proofs and their links to files. Triggers on those tables write it
 * (migration ComplianceRevision), in the same transaction as the change, whatever code path made
 * it; no application code writes this table. Figures computed from a department's data can be
 * kept as long as the stamp they were read under is still current (ReportDataService.footprint).
 *
 * The standards and chapter titles are not watched: a manual's contents can be replaced only
 * while no department uses it (ManualsService), and adopting another manual rewrites the files.
 */
@Entity({ name: 'compliance_revision' })
export class ComplianceRevision {
  @PrimaryColumn({ type: 'uuid' })
  departmentId!: string;

  @OneToOne(() => Department, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  /** From one sequence for every department, so a value is never reused, not even after a rollback. */
  @Column({ type: 'bigint' })
  revision!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  changedAt!: Date;
}
