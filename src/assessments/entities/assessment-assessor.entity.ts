import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AssessorGrant } from '../../identity/entities/assessor-grant.entity';
import { User } from '../../identity/entities/user.entity';
import { Assessment } from './assessment.entity';

/** An assessor assigned to an assessment, through the grant that opens the department to them. */
@Entity({ name: 'assessment_assessor' })
export class AssessmentAssessor {
  @PrimaryColumn({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne(() => Assessment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: Assessment;

  @Index('assessment_assessor_user_idx')
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'uuid' })
  grantId!: string;

  @ManyToOne(() => AssessorGrant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'grant_id' })
  grant?: AssessorGrant;
}
