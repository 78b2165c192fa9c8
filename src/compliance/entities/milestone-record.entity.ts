import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Enrolment } from '../../departments/entities/enrolment.entity';
import { User } from '../../identity/entities/user.entity';

/**
 * That a department (in one enrolment) did what one of its milestones asks of it, on a day: today, that it published
 * the public-comment notice ahead of an assessment (a deadline key such as
 * 2022-Y4-site-assessment-public-comment-notice). The schedule shows the milestone met.
 */
@Entity({ name: 'milestone_record' })
export class MilestoneRecord {
  @PrimaryColumn({ type: 'uuid' })
  enrolmentId!: string;

  @ManyToOne(() => Enrolment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'enrolment_id' })
  enrolment?: Enrolment;

  @PrimaryColumn({ type: 'varchar', length: 120 })
  key!: string;

  @Column({ type: 'date' })
  doneOn!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'uuid', nullable: true })
  recordedByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recorded_by_user_id' })
  recordedBy?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
