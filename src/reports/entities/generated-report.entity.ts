import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { Enrolment } from '../../departments/entities/enrolment.entity';
import { User } from '../../identity/entities/user.entity';

export const GENERATED_REPORT_KINDS = ['readiness', 'file-review', 'footprint', 'assessment'] as const;
export type GeneratedReportKind = (typeof GENERATED_REPORT_KINDS)[number];

/**
 * A PDF report as it was generated and handed out: its SHA-256, size and page count, the template
 * it was drawn with (file name and SHA-256 of its text), who asked for it and when. The bytes are
 * kept under $DATA_DIR/reports. Immutable: a trigger refuses UPDATE, DELETE and TRUNCATE, so the
 * row proves later which report an assessor was given.
 */
@Entity({ name: 'generated_report' })
@Index('generated_report_department_idx', ['departmentId', 'generatedAt'])
@Index('generated_report_user_idx', ['generatedByUserId', 'generatedAt'])
export class GeneratedReport {
  /** Chosen before rendering: it names the stored file. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: GeneratedReportKind;

  /** The department of a readiness or file-review report; null for a footprint report. */
  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  /** The enrolment a readiness, file-review or assessment report is of; null for a footprint report. */
  @Column({ type: 'uuid', nullable: true })
  enrolmentId!: string | null;

  @ManyToOne(() => Enrolment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Enrolment;

  /** The assessment an assessment report is of (it decides which assessors may read it); null for the other kinds. */
  @Column({ type: 'uuid', nullable: true })
  assessmentId!: string | null;

  /** Every department the report shows (one, or the footprint's). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  departmentIds!: string[];

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint' })
  sizeBytes!: string;

  @Column({ type: 'int' })
  pages!: number;

  /** The template file, e.g. department-readiness.json. */
  @Column({ type: 'varchar', length: 100 })
  template!: string;

  /** SHA-256 of the template's text as it was read for this report. */
  @Column({ type: 'char', length: 64 })
  templateSha256!: string;

  /** The name offered for download (safe). */
  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  /** Where the bytes are, relative to $DATA_DIR/reports. */
  @Column({ type: 'varchar', length: 300 })
  storageKey!: string;

  @Column({ type: 'uuid' })
  generatedByUserId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'generated_by_user_id' })
  generatedBy?: User;

  /** Kept as they were at generation, whatever later happens to the user. */
  @Column({ type: 'varchar', length: 320 })
  generatedByEmail!: string;

  @Column({ type: 'varchar', length: 200 })
  generatedByName!: string;

  /** The role the report was generated under (audit vocabulary: admin, manager, chief, assessor, user). */
  @Column({ type: 'varchar', length: 20 })
  generatedByRole!: string;

  @Column({ type: 'timestamptz' })
  generatedAt!: Date;
}
