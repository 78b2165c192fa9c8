import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditContext, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import type { Page } from '../common/pagination';
import { mailBaseUrl } from '../common/public-url';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { MailData, MailKind } from './mail-messages';
import { MailListRow, MailRepository } from './mail.repository';
import { MailTemplates } from './mail-templates';
import { MailTransport } from './mail-transport';
import type { MailStatus } from './rules/mail-status';

export interface MailRecipient {
  email: string;
  userId?: string | null;
}

export interface MailRequest<K extends MailKind> {
  kind: K;
  to: MailRecipient;
  departmentId?: string | null;
  data: MailData[K];
}

export interface OutboxItem {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  nextAttemptAt: string;
  createdAt: string;
}

export interface OutboxMail extends OutboxItem {
  text: string;
  html: string;
}

const toItem = (row: MailListRow): OutboxItem => ({
  id: row.id,
  kind: row.kind,
  to: row.recipient_email,
  subject: row.subject,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  sentAt: row.sent_at?.toISOString() ?? null,
  nextAttemptAt: row.next_attempt_at.toISOString(),
  createdAt: row.created_at.toISOString(),
});

/**
 * Queues mail in the caller's transaction, so a mail exists exactly when the change that causes it
 * commits; the mail worker sends it afterwards, so a failing mail server never fails the change.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: MailRepository,
    private readonly templates: MailTemplates,
    private readonly transport: MailTransport,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The absolute address of a path of this service, for links in mail. */
  link(path: string): string {
    return `${mailBaseUrl(this.config)}${path}`;
  }

  /** Whether mail leaves the service (an SMTP server is configured) or is kept in the outbox. */
  get delivers(): boolean {
    return this.transport.delivers;
  }

  /**
   * Renders and queues one mail in `manager`'s transaction, with its audit event (the kind, the
   * recipient and the subject; never the body, which may hold a one-time link).
   */
  async enqueue<K extends MailKind>(manager: EntityManager, context: AuditContext, request: MailRequest<K>): Promise<string> {
    const rendered = this.templates.render(request.kind, request.data);
    const status: MailStatus = this.transport.delivers ? 'pending' : 'kept';
    const id = await this.repository.insertMail(manager, {
      kind: request.kind,
      recipientEmail: request.to.email,
      recipientUserId: request.to.userId ?? null,
      departmentId: request.departmentId ?? null,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      status,
      nextAttemptAt: this.clock.now(),
      causedByUserId: context.userId,
    });
    await this.audit.record(manager, context, {
      action: status === 'kept' ? 'mail.kept' : 'mail.queued',
      entityType: 'mail',
      entityId: id,
      departmentId: request.departmentId ?? null,
      after: { kind: request.kind, to: request.to.email, recipientUserId: request.to.userId ?? null, subject: rendered.subject },
    });
    if (status === 'kept') this.logger.log(`Mail "${request.kind}" to ${request.to.email} is kept in the outbox (/admin/outbox): no SMTP_URL is set`);
    return id;
  }

  async outbox(limit: number, offset: number): Promise<Page<OutboxItem>> {
    const { rows, total } = await this.repository.findPage(limit, offset);
    return { items: rows.map(toItem), total, limit, offset };
  }

  async outboxMail(id: string): Promise<OutboxMail> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundError('mail', id);
    return { ...toItem(row), text: row.text_body, html: row.html_body };
  }
}
