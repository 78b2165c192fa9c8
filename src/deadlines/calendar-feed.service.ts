import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical from 'ical-generator';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { addDays } from '../kernel/accreditation-cycle';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES } from '../identity/access/department-access.service';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { DeadlinesService } from './deadlines.service';
import type { CalendarTokenDto } from './dto/deadline.dto';
import type { Deadline } from '../compliance/rules/deadline-schedule';
import type { DeadlineState } from '../compliance/rules/deadline-state';

/** The public feed's path; excluded from the /api prefix in app.factory.ts. */
export const CALENDAR_ROUTE = 'calendar';
const TOKEN = /^cal_[A-Za-z0-9_-]{43}$/;
const UID_DOMAIN = 'calea-tracker';

const STATE_LABEL: Record<DeadlineState, string> = {
  upcoming: 'Upcoming',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  met: 'Met',
  met_awaiting_review: 'Met, proof awaiting review',
};

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const utcMidnight = (date: string): Date => new Date(`${date}T00:00:00Z`);

/**
 * A department's deadlines as an iCalendar feed that calendar applications subscribe to. The URL's
 * secret token is the credential: 256 random bits, stored only as its SHA-256, shown once.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CalendarFeedRepository,
    private readonly deadlines: DeadlinesService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Creates the department's feed token, or rotates it (the previous URL stops working at once). */
  async rotate(actor: Actor, departmentId: string, baseUrl: string): Promise<CalendarTokenDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    const token = `cal_${randomBytes(32).toString('base64url')}`;
    return this.dataSource.transaction(async (manager) => {
      // Serialises rotations of one department, so the one-live-token index never races.
      if (!(await this.repository.lockDepartment(manager, departmentId))) throw new NotFoundError('department', departmentId);
      const now = this.clock.now();
      const revoked = await this.repository.revokeLiveTokens(manager, departmentId, now);
      const created = await this.repository.insertToken(manager, departmentId, sha256(token), actor.userId, now);
      const rotated = revoked.length > 0;
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: rotated ? 'calendar-token.rotated' : 'calendar-token.created',
        entityType: 'calendar_feed_token',
        entityId: created.id,
        departmentId,
        before: rotated ? { revokedTokenIds: revoked.map((r) => r.id) } : null,
        after: { tokenId: created.id },
      });
      const path = `/${CALENDAR_ROUTE}/${token}.ics`;
      return { url: `${baseUrl}${path}`, path, rotated, createdAt: now.toISOString() };
    });
  }

  /** Revokes the department's feed token without a replacement. */
  async revoke(actor: Actor, departmentId: string): Promise<void> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.repository.revokeLiveTokens(manager, departmentId, this.clock.now());
      if (revoked.length === 0) throw new NotFoundError('calendar feed token of department', departmentId);
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: 'calendar-token.revoked',
        entityType: 'calendar_feed_token',
        entityId: revoked[0].id,
        departmentId,
        before: { tokenId: revoked[0].id },
      });
    });
  }

  /** When the department's calendar link was made and by whom, if it is on. The caller has checked access to the department. */
  async liveToken(departmentId: string): Promise<{ createdAt: Date; createdBy: string | null } | null> {
    const row = await this.repository.findLiveToken(this.dataSource.manager, departmentId);
    return row ? { createdAt: row.created_at, createdBy: row.created_by } : null;
  }

  /** The feed for a live token; an unknown, rotated or revoked token is simply not found. */
  async feed(token: string): Promise<string> {
    if (!TOKEN.test(token)) throw new NotFoundError('calendar');
    const departmentId = await this.repository.findDepartmentOfLiveToken(this.dataSource.manager, sha256(token));
    if (!departmentId) throw new NotFoundError('calendar');
    const [schedule] = await this.deadlines.schedules(this.dataSource.manager, [departmentId]);
    if (!schedule) throw new NotFoundError('calendar');

    const calendar = ical({
      name: `${schedule.department.name}: CALEA deadlines`,
      description: `Deadlines of time-sensitive standards and cycle milestones, cycle ${schedule.cycle.startsOn} to ${schedule.cycle.endsOn}`,
      prodId: { company: 'calea-tracker', product: 'deadlines', language: 'EN' },
      ttl: 60 * 60,
    });
    const stamp = this.clock.now();
    for (const d of schedule.deadlines) {
      calendar.createEvent({
        id: eventUid(d),
        allDay: true,
        start: utcMidnight(d.dueOn),
        end: utcMidnight(addDays(d.dueOn, 1)),
        stamp,
        summary: d.title,
        description: describe(d),
      });
    }
    return calendar.toString();
  }
}

/** Stable across calls, cycles and manual versions: the deadline's own id. */
export const eventUid = (d: Deadline): string => `${d.id}@${UID_DOMAIN}`;

function describe(d: Deadline): string {
  const lines = [`State: ${STATE_LABEL[d.state]}${d.urgent ? ' (urgent)' : ''}`, `Period: ${d.startsOn} to ${d.dueOn}`];
  if (d.kind === 'activity') {
    lines.push(`Proofs dated in the period: ${d.proofsInPeriod.accepted} accepted, ${d.proofsInPeriod.pending} awaiting review`);
  }
  if (d.coverage) lines.push(`Files with proofs: ${d.coverage.covered} of ${d.coverage.files} (${d.coverage.accepted} accepted)`);
  return lines.join('\n');
}
