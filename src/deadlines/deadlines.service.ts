import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RequestValidationError } from '../common/problem/problem';
import { ComplianceDepartment, ComplianceEnrolment, ComplianceService } from '../compliance/compliance.service';
import { compareAscii, compareDeadlines, Deadline } from '../compliance/rules/deadline-schedule';
import type { IsoDate } from '../kernel/accreditation-cycle';
import type { DepartmentCycle } from '../kernel/department-cycle';
import type { AccessRole, Actor } from '../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import type { CycleSummaryDto, DeadlineDto, DeadlineListDto, DeadlineQueryDto, DeadlineTotalsDto, DepartmentDeadlineListDto } from './dto/deadline.dto';

const WORKLIST_ROLES: AccessRole[] = ['admin', 'manager', 'member', 'chief'];

/** The open deadlines across departments, a page of them, with each department's counts. */
export interface WorklistDto {
  today: IsoDate;
  departments: { id: string; name: string; overdue: number; dueSoon: number }[];
  items: DeadlineDto[];
  total: number;
  limit: number;
  offset: number;
}

/** One department's deadlines over its current cycle, as of one day (the compliance engine's schedule). */
export interface DepartmentSchedule {
  department: ComplianceDepartment;
  enrolment: ComplianceEnrolment;
  cycle: DepartmentCycle;
  deadlines: Deadline[];
}

export const cycleSummary = (cycle: DepartmentCycle): CycleSummaryDto => ({
  basis: cycle.basis,
  cycleNumber: cycle.cycleNumber,
  startsOn: cycle.startsOn,
  endsOn: cycle.endsOn,
  currentYear: cycle.currentYear,
  cycleYears: cycle.years.length,
});

/**
 * Deadlines are derived, never stored: the compliance engine builds each department's schedule from
 * its cycle, its time-sensitive files and their proofs; this service lists them.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly access: DepartmentAccessService,
  ) {}

  today(): IsoDate {
    return this.compliance.today();
  }

  /**
   * The schedules of every enrolment of the given departments (or of every non-archived one), by
   * department name, primary enrolment first. No access check: callers (the routes below, the
   * calendar feed, the daily job) scope first.
   */
  async schedules(manager: EntityManager, departmentIds: string[] | 'all', today: IsoDate = this.today()): Promise<DepartmentSchedule[]> {
    const snapshots = await this.compliance.enrolmentSnapshotsOf(departmentIds, { manager, today });
    return snapshots.map(({ department, enrolment, cycle, deadlines }) => ({ department, enrolment, cycle, deadlines }));
  }

  async forDepartment(actor: Actor, departmentId: string, query: DeadlineQueryDto): Promise<DepartmentDeadlineListDto> {
    this.access.assert(actor, departmentId, READ_ROLES);
    checkRange(query);
    const today = this.today();
    const { department, enrolment, cycle, deadlines } = await this.compliance.snapshot(departmentId, { today, enrolmentId: query.enrolmentId });
    return { ...listOf([{ department, enrolment, cycle, deadlines }], query, today), cycle: cycleSummary(cycle), enrolmentId: enrolment.id, programName: enrolment.programName };
  }

  /**
   * The open work: overdue and due-soon deadlines of every non-archived department the actor can
   * see (or of one of them), most overdue first, then by due date and department. From the figures
   * the engine keeps per department (no schedule is rebuilt for it). The departments' own people
   * only: an assessor reviews files, not the agency's worklist.
   */
  async worklist(actor: Actor, options: { departmentId?: string; states: readonly ('overdue' | 'due_soon')[]; limit: number; offset: number }): Promise<WorklistDto> {
    if (options.departmentId) this.access.assert(actor, options.departmentId, WORKLIST_ROLES);
    const scope = options.departmentId ? [options.departmentId] : this.access.visible(actor, WORKLIST_ROLES);
    const summaries = (await this.compliance.summariesOf(scope)).filter((s) => !s.department.archived);
    const names = new Map(summaries.map((s) => [s.department.id, s.department.name]));
    const open = summaries
      .flatMap((s) => [...(options.states.includes('overdue') ? s.figures.overdue : []), ...(options.states.includes('due_soon') ? s.figures.dueSoon : [])])
      .sort(byDueDateThenDepartment(summaries.map((s) => s.department.id)));
    return {
      today: this.today(),
      departments: summaries.map((s) => ({ id: s.department.id, name: s.department.name, overdue: s.figures.deadlineCounts.overdue, dueSoon: s.figures.deadlineCounts.dueSoon })),
      items: open.slice(options.offset, options.offset + options.limit).map((d) => toDto(d, names.get(d.departmentId) ?? '')),
      total: open.length,
      limit: options.limit,
      offset: options.offset,
    };
  }

  /** Every non-archived department the actor can see, side by side, ordered by due date. */
  async acrossDepartments(actor: Actor, query: DeadlineQueryDto): Promise<DeadlineListDto> {
    checkRange(query);
    const today = this.today();
    const visible = this.access.visible(actor, READ_ROLES);
    const schedules = (await this.schedules(this.compliance.manager, visible, today)).filter((s) => !s.department.archived);
    return listOf(schedules, query, today);
  }
}

function checkRange(query: DeadlineQueryDto): void {
  if (query.from && query.to && query.to < query.from) {
    throw new RequestValidationError([{ field: 'to', message: 'to must be on or after from' }]);
  }
}

export function totalsOf(deadlines: readonly Deadline[]): DeadlineTotalsDto {
  const totals: DeadlineTotalsDto = { upcoming: 0, dueSoon: 0, urgent: 0, overdue: 0, met: 0, metAwaitingReview: 0 };
  for (const d of deadlines) {
    switch (d.state) {
      case 'upcoming':
        totals.upcoming++;
        break;
      case 'due_soon':
        totals.dueSoon++;
        if (d.urgent) totals.urgent++;
        break;
      case 'overdue':
        totals.overdue++;
        break;
      case 'met':
        totals.met++;
        break;
      case 'met_awaiting_review':
        totals.metAwaitingReview++;
        break;
    }
  }
  return totals;
}

function toDto(d: Deadline, departmentName: string, programName: string | null = null): DeadlineDto {
  return {
    id: d.id,
    departmentId: d.departmentId,
    departmentName,
    programName,
    kind: d.kind,
    key: d.key,
    standardFileId: d.standardFileId,
    standardNumber: d.standardNumber,
    standardTitle: d.standardTitle,
    frequency: d.frequency,
    activityKey: d.activityKey,
    activityName: d.activityName,
    title: d.title,
    startsOn: d.startsOn,
    dueOn: d.dueOn,
    state: d.state,
    urgent: d.urgent,
    daysUntilDue: d.daysUntilDue,
    open: d.open,
    proofsInPeriod: d.proofsInPeriod,
    coverage: d.coverage,
  };
}

/** Deadlines across departments: by due date, then in the order of `departmentIds` (by name), then within the department's schedule. */
function byDueDateThenDepartment(departmentIds: readonly string[]): (a: Deadline, b: Deadline) => number {
  const position = new Map(departmentIds.map((id, i) => [id, i]));
  return (a, b) => compareAscii(a.dueOn, b.dueOn) || (position.get(a.departmentId) ?? 0) - (position.get(b.departmentId) ?? 0) || compareDeadlines(a, b);
}

function listOf(schedules: DepartmentSchedule[], query: DeadlineQueryDto, today: IsoDate): DeadlineListDto {
  const names = new Map(schedules.map((s) => [s.department.id, s.department.name]));
  const programs = new Map(schedules.flatMap((s) => s.deadlines.map((d) => [d, s.enrolment.programName] as const)));
  const inRange = schedules
    .flatMap((s) => s.deadlines)
    .filter((d) => (!query.from || d.dueOn >= query.from) && (!query.to || d.dueOn <= query.to))
    // Schedules come in department-name order (the repository sorts them).
    .sort(byDueDateThenDepartment(schedules.map((s) => s.department.id)));
  const matching = query.state ? inRange.filter((d) => d.state === query.state) : inRange;
  return {
    today,
    totals: totalsOf(inRange),
    items: matching.slice(query.offset, query.offset + query.limit).map((d) => toDto(d, names.get(d.departmentId) ?? '', programs.get(d) ?? null)),
    total: matching.length,
    limit: query.limit,
    offset: query.offset,
  };
}
