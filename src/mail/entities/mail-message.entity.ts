import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MAIL_STATUSES, MailStatus } from '../rules/mail-status';

/**
 * One mail, queued in the transaction of the change that causes it and sent by the mail worker:
 * pending until sent (or failed after the last attempt), or kept in the outbox when no SMTP server
 * is configured. The body is rendered when queued, so what is sent is what the change described.
 */
@Entity({ name: 'mail_message' })
@Check('mail_message_status_check', `status IN (${MAIL_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Index('mail_message_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('mail_message_created_idx', ['createdAt'])
export class MailMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 320 })
  recipientEmail!: string;

  /** The user the mail is for, when it is for one (a reset request names an account). */
  @Column({ type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  textBody!: string;

  @Column({ type: 'text' })
  htmlBody!: string;

  @Column({ type: 'varchar', length: 12 })
  status!: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Who caused the mail (null: the system, or someone not signed in). */
  @Column({ type: 'uuid', nullable: true })
  causedByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
