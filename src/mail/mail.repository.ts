import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MailStatus } from './rules/mail-status';

export interface NewMailRow {
  kind: string;
  recipientEmail: string;
  recipientUserId: string | null;
  departmentId: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: MailStatus;
  nextAttemptAt: Date;
  causedByUserId: string | null;
}

export interface DueMailRow {
  id: string;
  kind: string;
  recipient_email: string;
  recipient_user_id: string | null;
  department_id: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
}

export interface MailListRow {
  id: string;
  kind: string;
  recipient_email: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  next_attempt_at: Date;
  created_at: Date;
}

export interface MailRow extends MailListRow {
  text_body: string;
  html_body: string;
}

/** The SQL of the mail queue (mail_message). */
@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertMail(manager: EntityManager, mail: NewMailRow): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO mail_message (kind, recipient_email, recipient_user_id, department_id, subject, text_body, html_body, status, next_attempt_at, caused_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [mail.kind, mail.recipientEmail, mail.recipientUserId, mail.departmentId, mail.subject, mail.textBody, mail.htmlBody, mail.status, mail.nextAttemptAt, mail.causedByUserId],
    );
    return row.id;
  }

  /**
   * Locks the oldest pending mail that is due, skipping rows another worker holds: the lock lasts
   * until the caller's transaction ends, so each mail is in one worker's hands at a time.
   */
  async lockNextDue(manager: EntityManager, now: Date): Promise<DueMailRow | undefined> {
    const rows: DueMailRow[] = await manager.query(
      `SELECT id, kind, recipient_email, recipient_user_id, department_id, subject, text_body, html_body, attempts
         FROM mail_message
        WHERE status = 'pending' AND next_attempt_at <= $1
        ORDER BY next_attempt_at, created_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows[0];
  }

  async markSent(manager: EntityManager, id: string, attempts: number, at: Date): Promise<void> {
    await manager.query(`UPDATE mail_message SET status = 'sent', attempts = $2, sent_at = $3, last_error = NULL WHERE id = $1`, [id, attempts, at]);
  }

  async markRetry(manager: EntityManager, id: string, attempts: number, error: string, nextAttemptAt: Date): Promise<void> {
    await manager.query(`UPDATE mail_message SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [id, attempts, error, nextAttemptAt]);
  }

  async markFailed(manager: EntityManager, id: string, attempts: number, error: string): Promise<void> {
    await manager.query(`UPDATE mail_message SET status = 'failed', attempts = $2, last_error = $3 WHERE id = $1`, [id, attempts, error]);
  }

  /** The newest mail first, with the total, for the outbox page. */
  async findPage(limit: number, offset: number): Promise<{ rows: MailListRow[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<MailListRow[]>(
        `SELECT id, kind, recipient_email, subject, status, attempts, last_error, sent_at, next_attempt_at, created_at
           FROM mail_message ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
        [limit, offset],
      ),
      this.dataSource.query<{ total: number }[]>('SELECT count(*)::int AS total FROM mail_message'),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<MailRow | undefined> {
    const rows: MailRow[] = await this.dataSource.query(
      `SELECT id, kind, recipient_email, subject, status, attempts, last_error, sent_at, next_attempt_at, created_at, text_body, html_body
         FROM mail_message WHERE id = $1`,
      [id],
    );
    return rows[0];
  }
}
