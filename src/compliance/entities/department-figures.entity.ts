import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Enrolment } from '../../departments/entities/enrolment.entity';

/**
 * A department's readiness figures (the engine's ComplianceSummary), computed ahead of the requests
 * that show them by the figures keeper (ComplianceKeeper) and shared by every replica and restart.
 * `key` names everything the figures were computed from: the department's compliance revision and
 * profile as read before its data, the day, the settings that weigh on the figures and a
 * fingerprint of the engine's code. A reader uses the figures only when the key it computes now is
 * the same, so a change, a new day, other settings or a new release are never answered from here.
 */
@Entity({ name: 'department_figures' })
export class DepartmentFigures {
  /** Figures are per enrolment (a department's file in one program). */
  @PrimaryColumn({ type: 'uuid' })
  enrolmentId!: string;

  @OneToOne(() => Enrolment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Enrolment;

  @Column({ type: 'text' })
  key!: string;

  /** The summary as JSON text: stored and read back verbatim, parsed once in Node. */
  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  computedAt!: Date;
}
