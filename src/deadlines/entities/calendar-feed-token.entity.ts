import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from '../../departments/entities/department.entity';
import { User } from '../../identity/entities/user.entity';

/**
 * The secret of a department's iCalendar feed URL. Only its SHA-256 is stored: the URL is shown
 * once, when the token is made. Rotating revokes the previous one; at most one is live per department.
 */
@Entity({ name: 'calendar_feed_token' })
@Index('calendar_feed_token_live_unique', ['departmentId'], { unique: true, where: '"revoked_at" IS NULL' })
export class CalendarFeedToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Department;

  @Index('calendar_feed_token_sha256_unique', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenSha256!: string;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
