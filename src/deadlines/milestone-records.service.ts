import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import { ComplianceService } from '../compliance/compliance.service';
import { Deadline, RECORDED_MILESTONE_KINDS } from '../compliance/rules/deadline-schedule';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES } from '../identity/access/department-access.service';
import type { MilestoneRecordDto, RecordMilestoneDto } from './dto/milestone-record.dto';

/**
 * What a department records as done for the milestones that nothing else in its data proves: the
 * public-comment notice it publishes ahead of each assessment. Recorded or cleared by its managers,
 * in the audit trail; the schedule shows the milestone met from then on.
 */
@Injectable()
export class MilestoneRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly compliance: ComplianceService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
  ) {}

  async record(actor: Actor, departmentId: string, key: string, dto: RecordMilestoneDto, enrolmentId?: string): Promise<MilestoneRecordDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    const today = this.compliance.today();
    if (dto.doneOn > today) throw new RequestValidationError([{ field: 'doneOn', message: `doneOn (${dto.doneOn}) is in the future: today is ${today}` }]);
    const note = dto.note?.trim() || null;
    return this.dataSource.transaction(async (manager) => {
      const { milestone, enrolment } = await this.recordable(manager, departmentId, key, enrolmentId);
      const before = await this.compliance.milestoneRecord(manager, enrolment, key);
      await this.compliance.recordMilestone(manager, { enrolmentId: enrolment, key, doneOn: dto.doneOn, note, userId: actor.userId });
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: 'milestone.recorded',
        entityType: 'milestone',
        entityId: key,
        departmentId,
        before,
        after: { doneOn: dto.doneOn, note, enrolmentId: enrolment },
      });
      return { key, title: milestone.title, dueOn: milestone.dueOn, doneOn: dto.doneOn, note };
    });
  }

  async clear(actor: Actor, departmentId: string, key: string, enrolmentId?: string): Promise<void> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    await this.dataSource.transaction(async (manager) => {
      const { enrolment } = await this.recordable(manager, departmentId, key, enrolmentId);
      const before = await this.compliance.milestoneRecord(manager, enrolment, key);
      if (!before) throw new NotFoundError('record of milestone', key);
      await this.compliance.clearMilestone(manager, enrolment, key);
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: 'milestone.cleared',
        entityType: 'milestone',
        entityId: key,
        departmentId,
        before,
        after: null,
      });
    });
  }

  /** The milestone of the enrolment's current schedule with this key (the primary enrolment's by default), when it is one a department records. */
  private async recordable(manager: EntityManager, departmentId: string, key: string, enrolmentId?: string): Promise<{ milestone: Deadline; enrolment: string }> {
    const snapshot = await this.compliance.snapshot(departmentId, { manager, fresh: true, enrolmentId });
    const milestone = snapshot.deadlines.find((d) => d.key === key && RECORDED_MILESTONE_KINDS.includes(d.kind));
    if (!milestone) throw new NotFoundError('milestone to record in the current cycle, with key', key);
    return { milestone, enrolment: snapshot.enrolment.id };
  }
}
