import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { scheduleJob } from '../common/scheduled-job';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import type { Deadline } from '../compliance/rules/deadline-schedule';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { StandardFilesService } from '../files/standard-files.service';
import { MailPreferencesService } from '../identity/mail-preferences.service';
import { UsersService } from '../identity/users.service';
import { digestDue } from '../kernel/mail-digest';
import type { DigestItem, MailData } from '../mail/mail-messages';
import { MailService } from '../mail/mail.service';
import { DeadlinesRepository } from './deadlines.repository';
import { DeadlinesService } from './deadlines.service';

export const DIGEST_JOB_NAME = 'deadline-digests';
/** The advisory lock key's name: one replica queues the digests at a time. */
export const DIGEST_JOB_LOCK = 'calea:deadlines:digest-job';
/** A manager's digest lists this many of a department's open deadlines, then says how many more. */
const MANAGED_ITEMS = 20;

export interface DigestRun {
  skipped: boolean;
  today: string;
  queued: number;
}

interface Digest {
  yours: DigestItem[];
  managed: MailData['deadline-digest']['managed'];
}

const isOpen = (d: Deadline): d is Deadline & { state: 'overdue' | 'due_soon' } => d.state === 'overdue' || d.state === 'due_soon';

/**
 * Deadline digests: per person, the overdue and due-soon deadlines of the files assigned to them
 * and, for accreditation managers, of each department they manage; daily or weekly per person's
 * choice (weekly by default), none when there is nothing to say. Queued by one replica at a time
 * (advisory lock), each with the day it was queued in the same transaction, so a second run the
 * same day queues nothing.
 */
@Injectable()
export class DeadlineDigestService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeadlineDigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deadlines: DeadlinesService,
    private readonly repository: DeadlinesRepository,
    private readonly files: StandardFilesService,
    private readonly users: UsersService,
    private readonly preferences: MailPreferencesService,
    private readonly mail: MailService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const { digestCron, jobTimeZone } = this.config.deadlines;
    if (!digestCron) return;
    scheduleJob(this.scheduler, this.logger, {
      name: DIGEST_JOB_NAME,
      label: 'Deadline digests',
      cronTime: digestCron,
      timeZone: jobTimeZone,
      run: async () => {
        const run = await this.queueDigests();
        return run.skipped ? 'Deadline digests: another replica holds the job lock; skipped' : `Deadline digests on ${run.today}: ${run.queued} queued`;
      },
    });
  }

  /** One run; the scheduler calls it, tests call it directly. */
  queueDigests(): Promise<DigestRun> {
    const today = this.deadlines.today();
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.tryJobLock(manager, DIGEST_JOB_LOCK))) return { skipped: true, today, queued: 0 };
      const digests = await this.collect(manager, today);
      const contacts = await this.users.mailContacts(manager, [...digests.keys()]);
      const preferences = new Map((await this.preferences.ensure(manager, contacts.map((c) => c.id))).map((p) => [p.userId, p]));
      let queued = 0;
      for (const contact of contacts) {
        const preference = preferences.get(contact.id);
        const digest = digests.get(contact.id);
        if (!preference || !digest || preference.digest === 'off' || !digestDue(preference.digest, preference.lastDigestOn, today)) continue;
        const all = [...digest.yours, ...digest.managed.flatMap((m) => m.items)];
        const unique = new Map(all.map((item) => [item.link + item.what + item.dueOn, item]));
        await this.mail.enqueue(manager, SYSTEM_AUDIT_CONTEXT, {
          kind: 'deadline-digest',
          to: { email: contact.email, userId: contact.id },
          data: {
            name: contact.displayName,
            frequency: preference.digest,
            overdue: [...unique.values()].filter((i) => i.state === 'overdue').length,
            dueSoon: [...unique.values()].filter((i) => i.state === 'due_soon').length,
            yours: digest.yours,
            managed: digest.managed,
            settingsLink: this.mail.link('/account/mail'),
            unsubscribeLink: this.mail.link(`/unsubscribe?token=${encodeURIComponent(preference.unsubscribeToken)}`),
          },
        });
        await this.preferences.markDigested(manager, contact.id, today);
        queued += 1;
      }
      return { skipped: false, today, queued };
    });
  }

  /** Who has something to hear about, and what: assignees their files' open deadlines, managers their departments'. */
  private async collect(manager: EntityManager, today: string): Promise<Map<string, Digest>> {
    const schedules = (await this.deadlines.schedules(manager, 'all', today)).filter((s) => !s.department.archived);
    const open = schedules.flatMap((s) => s.deadlines.filter(isOpen).map((d) => ({ department: s.department, deadline: d })));
    const assignees = await this.files.assigneesOf(manager, open.flatMap((o) => (o.deadline.standardFileId ? [o.deadline.standardFileId] : [])));
    const digests = new Map<string, Digest>();
    const digestOf = (userId: string): Digest => {
      let digest = digests.get(userId);
      if (!digest) digests.set(userId, (digest = { yours: [], managed: [] }));
      return digest;
    };
    const itemOf = (departmentId: string, departmentName: string, d: Deadline & { state: 'overdue' | 'due_soon' }): DigestItem => ({
      departmentName,
      what: d.standardNumber ? `${d.standardNumber} ${d.standardTitle ?? ''}: ${d.title}` : d.title,
      dueOn: d.dueOn,
      state: d.state,
      link: this.mail.link(d.standardFileId ? `/department/${departmentId}/files/${d.standardFileId}` : `/department/${departmentId}`),
    });
    for (const { department, deadline } of open) {
      const assignee = deadline.standardFileId ? assignees.get(deadline.standardFileId) : undefined;
      if (assignee) digestOf(assignee).yours.push(itemOf(department.id, department.name, deadline));
    }
    for (const schedule of schedules) {
      const items = schedule.deadlines.filter(isOpen).map((d) => itemOf(schedule.department.id, schedule.department.name, d));
      if (items.length === 0) continue;
      const { managers } = await this.users.departmentManagers(manager, schedule.department.id);
      for (const m of managers) {
        digestOf(m.id).managed.push({
          departmentName: schedule.department.name,
          link: this.mail.link(`/worklist?department=${schedule.department.id}`),
          items: items.slice(0, MANAGED_ITEMS),
          more: Math.max(0, items.length - MANAGED_ITEMS),
        });
      }
    }
    return digests;
  }
}
