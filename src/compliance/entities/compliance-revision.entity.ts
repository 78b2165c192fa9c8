import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';

/**
 * A stamp per department that changes whenever anything its readiness is computed from changes:
 * its standard files, its proofs and their links to files. Triggers on those tables write it
 * (migrations ComplianceRevision and ComplianceRevisionAtCommit), at the commit of the change,
 * whatever code path made it; no application code writes this table. Figures computed from a
 * department's data can be kept as long as the stamp they were read under is still current
 * (ReportDataService.footprint).
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

  /**
   * Random at every change, so a value is never seen twice: not after a rollback, and not after a
   * restore, which would set a sequence back to values already handed out.
   */
  @Column({ type: 'uuid' })
  revision!: string;

  /** How many committed transactions have changed the department's data since the stamp was added. */
  @Column({ type: 'bigint', default: 0 })
  commits!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  changedAt!: Date;
}
