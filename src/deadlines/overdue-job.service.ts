import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { scheduleJob } from '../common/scheduled-job';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlinesService } from './deadlines.service';
import { newlyOverdue } from '../compliance/rules/deadline-state';

export const OVERDUE_JOB_NAME = 'deadlines-overdue';
/** The advisory lock key's name: one replica runs the job at a time. */
export const OVERDUE_JOB_LOCK = 'calea:deadlines:overdue-job';

export interface OverdueRun {
  /** Another replica (or run) held the lock: this one did nothing. */
  skipped: boolean;
  today: string;
  overdue: number;
  recorded: number;
}

/**
 * Daily: records each deadline that has become overdue in the audit trail, once. What was recorded
 * is remembered in deadline_overdue_record, written in the same transaction as the audit rows; a
 * transaction-scoped PostgreSQL advisory lock keeps concurrent runs (several replicas) from both working.
 */
@Injectable()
export class OverdueJobService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OverdueJobService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deadlines: DeadlinesService,
    private readonly repository: DeadlinesRepository,
    private readonly audit: AuditService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { jobCron, jobTimeZone } = this.config.deadlines;
    if (!jobCron) return;
    scheduleJob(this.scheduler, this.logger, {
      name: OVERDUE_JOB_NAME,
      label: 'Overdue deadlines job',
      cronTime: jobCron,
      timeZone: jobTimeZone,
      run: async () => {
        const run = await this.recordNewlyOverdue();
        return run.skipped
          ? 'Overdue deadlines: another replica holds the job lock; skipped'
          : `Overdue deadlines on ${run.today}: ${run.overdue} overdue, ${run.recorded} newly recorded`;
      },
    });
  }

  /** One run; the scheduler calls it daily, tests call it directly. */
  recordNewlyOverdue(): Promise<OverdueRun> {
    const today = this.deadlines.today();
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.tryJobLock(manager, OVERDUE_JOB_LOCK))) return { skipped: true, today, overdue: 0, recorded: 0 };
      const schedules = await this.deadlines.schedules(manager, 'all', today);
      const overdue = schedules.flatMap((s) => s.deadlines.filter((d) => d.state === 'overdue').map((d) => ({ department: s.department, deadline: d })));
      const recorded = await this.repository.recordedOverdue(manager, overdue.map((o) => o.deadline.id));
      const fresh = overdue.filter((o) => newlyOverdue(recorded.has(o.deadline.id) ? 'overdue' : null, o.deadline.state));
      const inserted = await this.repository.rememberOverdue(
        manager,
        fresh.map((o) => ({ deadlineId: o.deadline.id, departmentId: o.department.id, dueOn: o.deadline.dueOn })),
        today,
      );
      for (const { department, deadline } of fresh) {
        if (!inserted.has(deadline.id)) continue;
        await this.audit.record(manager, SYSTEM_AUDIT_CONTEXT, {
          action: 'deadline.overdue',
          entityType: 'deadline',
          entityId: deadline.id,
          departmentId: department.id,
          after: {
            kind: deadline.kind,
            key: deadline.key,
            title: deadline.title,
            standardFileId: deadline.standardFileId,
            standardNumber: deadline.standardNumber,
            startsOn: deadline.startsOn,
            dueOn: deadline.dueOn,
            recordedOn: today,
          },
        });
      }
      return { skipped: false, today, overdue: overdue.length, recorded: inserted.size };
    });
  }
}
