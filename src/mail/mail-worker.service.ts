import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PollingLoop } from '../common/polling-loop';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailRepository } from './mail.repository';
import { MailTransport } from './mail-transport';
import { afterFailedAttempt } from './rules/retry-backoff';

export interface DrainRun {
  sent: number;
  retrying: number;
  failed: number;
}

type AttemptResult = 'sent' | 'retrying' | 'failed' | 'none';

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Sends the queued mail. Every replica runs one: each mail is taken under a row lock with SKIP
 * LOCKED, held while it is handed to the SMTP server and until its outcome is written, so two
 * workers never send the same mail. A refused mail is tried again later with exponential backoff
 * (MAIL_MAX_ATTEMPTS, MAIL_RETRY_BASE_SECONDS), then recorded as failed with the server's reason.
 */
@Injectable()
export class MailWorkerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MailWorkerService.name);
  // One drain at a time in a process; other processes run theirs in parallel, kept apart by the row locks.
  private readonly loop = new PollingLoop(
    () => this.drainAll(),
    (error: unknown) => this.logger.error(`Mail worker: ${reasonOf(error)}`),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: MailRepository,
    private readonly transport: MailTransport,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.transport.delivers) {
      this.logger.warn('SMTP_URL is not set: no mail leaves the service; it is kept in the outbox that administrators read at /admin/outbox');
      return;
    }
    if (!this.config.publicBaseUrl) this.logger.warn('PUBLIC_BASE_URL is not set: links in mail point at localhost');
    if (this.config.mail.pollMs > 0) this.loop.start(this.config.mail.pollMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    this.transport.close();
  }

  /** Sends every mail that is due now, one at a time; the poller calls it, tests call it directly. */
  drain(): Promise<DrainRun> {
    return this.loop.run();
  }

  private async drainAll(): Promise<DrainRun> {
    const run: DrainRun = { sent: 0, retrying: 0, failed: 0 };
    if (!this.transport.delivers) return run;
    for (;;) {
      const result = await this.attemptNext();
      if (result === 'none' || this.loop.stopped) return run;
      run[result] += 1;
    }
  }

  /** Takes the next due mail (skipping those other workers hold) and makes one attempt at it. */
  private attemptNext(): Promise<AttemptResult> {
    return this.dataSource.transaction(async (manager): Promise<AttemptResult> => {
      const now = this.clock.now();
      const mail = await this.repository.lockNextDue(manager, now);
      if (!mail) return 'none';
      const attempts = mail.attempts + 1;
      const entry = { entityType: 'mail', entityId: mail.id, departmentId: mail.department_id };
      try {
        await this.transport.send({ to: mail.recipient_email, subject: mail.subject, text: mail.text_body, html: mail.html_body });
      } catch (error) {
        const reason = reasonOf(error);
        const outcome = afterFailedAttempt(attempts, this.config.mail.maxAttempts, this.config.mail.retryBaseMs);
        if (outcome.status === 'failed') {
          await this.repository.markFailed(manager, mail.id, attempts, reason);
          await this.audit.record(manager, SYSTEM_AUDIT_CONTEXT, { action: 'mail.failed', ...entry, after: { kind: mail.kind, to: mail.recipient_email, attempts, reason } });
          this.logger.error(`Mail "${mail.kind}" to ${mail.recipient_email} failed after ${attempts} attempts: ${reason}`);
          return 'failed';
        }
        const nextAttemptAt = new Date(now.getTime() + outcome.retryInMs);
        await this.repository.markRetry(manager, mail.id, attempts, reason, nextAttemptAt);
        this.logger.warn(`Mail "${mail.kind}" to ${mail.recipient_email}, attempt ${attempts} refused (${reason}); next attempt at ${nextAttemptAt.toISOString()}`);
        return 'retrying';
      }
      await this.repository.markSent(manager, mail.id, attempts, this.clock.now());
      await this.audit.record(manager, SYSTEM_AUDIT_CONTEXT, { action: 'mail.sent', ...entry, after: { kind: mail.kind, to: mail.recipient_email, attempts } });
      return 'sent';
    });
  }
}
