import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailRepository } from './mail.repository';
import { MailService } from './mail.service';
import { MailTemplates } from './mail-templates';
import { MailTransport, OutboxOnlyTransport, SmtpMailTransport } from './mail-transport';
import { MailWorkerService } from './mail-worker.service';

/** Mail: queued with the change that causes it, sent by a worker in every replica, or kept in the outbox without SMTP_URL. */
@Module({
  imports: [AuditModule],
  providers: [
    MailService,
    MailRepository,
    MailTemplates,
    MailWorkerService,
    {
      provide: MailTransport,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport =>
        config.mail.smtpUrl ? new SmtpMailTransport(config.mail.smtpUrl, config.mail.from) : new OutboxOnlyTransport(),
    },
  ],
  exports: [MailService, MailWorkerService],
})
export class MailModule {}
