import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { scheduleJob } from '../common/scheduled-job';
import { DataSource } from 'typeorm';
import { SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withJobLock } from '../database/job-lock';
import { addDays, daysBetween } from '../kernel/accreditation-cycle';
import { dayOf } from '../kernel/calendar';
import { MailService } from '../mail/mail.service';
import { IdentityRepository } from './identity.repository';

export const GRANT_ENDING_JOB_NAME = 'assessor-grant-ending-notices';
const GRANT_ENDING_JOB_LOCK = 'calea:identity:grant-ending-notices';

export interface GrantEndingRun {
  skipped: boolean;
  queued: number;
}

/**
 * Tells each assessor, once per grant, that their access ends within GRANT_ENDING_NOTICE_DAYS, so
 * they download what they need in time or ask for more. Runs daily with the deadline digests
 * (DIGEST_JOB_CRON), one replica at a time; the day the notice was queued is kept on the grant in
 * the same transaction as the mail.
 */
@Injectable()
export class GrantEndingNoticesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(GrantEndingNoticesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: IdentityRepository,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { digestCron, jobTimeZone } = this.config.deadlines;
    if (!digestCron || this.config.grantEndingNoticeDays === 0) return;
    scheduleJob(this.scheduler, this.logger, {
      name: GRANT_ENDING_JOB_NAME,
      label: 'Assessor access notices',
      cronTime: digestCron,
      timeZone: jobTimeZone,
      run: async () => {
        const run = await this.queueEndingNotices();
        return !run.skipped && run.queued > 0 ? `Assessor access ending soon: ${run.queued} notice(s) queued` : null;
      },
    });
  }

  /** One run; the scheduler calls it daily, tests call it directly. */
  async queueEndingNotices(): Promise<GrantEndingRun> {
    const days = this.config.grantEndingNoticeDays;
    if (days === 0) return { skipped: false, queued: 0 };
    const today = dayOf(this.clock.now());
    const run = await withJobLock(this.dataSource, GRANT_ENDING_JOB_LOCK, async (manager) => {
      const grants = await this.repository.grantsEndingSoon(manager, today, addDays(today, days));
      for (const g of grants) {
        await this.mail.enqueue(manager, SYSTEM_AUDIT_CONTEXT, {
          kind: 'grant-ending',
          to: { email: g.email, userId: g.user_id },
          departmentId: g.department_id,
          data: { name: g.display_name, departments: g.departments, endsOn: g.ends_on, daysLeft: daysBetween(today, g.ends_on), link: this.mail.link('/sign-in') },
        });
      }
      await this.repository.markEndingNoticeQueued(manager, grants.map((g) => g.id), today);
      return grants.length;
    });
    return run.ran ? { skipped: false, queued: run.result } : { skipped: true, queued: 0 };
  }
}

