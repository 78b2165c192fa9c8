import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';

/**
 * Deadlines the daily job has recorded as overdue in the audit trail, so each is recorded once.
 * Deadlines themselves are derived, never stored; this only remembers what was reported.
 */
@Entity({ name: 'deadline_overdue_record' })
export class DeadlineOverdueRecord {
  /** The derived deadline's stable id (file or department id, and period or milestone key). */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  deadlineId!: string;

  @Index('deadline_overdue_record_department_idx')
  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Column({ type: 'date' })
  dueOn!: string;

  /** The (clock's) day of the run that recorded it. */
  @Column({ type: 'date' })
  recordedOn!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}
