import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { IsoDate } from '../kernel/accreditation-cycle';
import { dayOf } from '../kernel/calendar';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import { DeadlinesRepository, pendingAdoptionOf, ScheduleDepartmentRow, ScheduleFileRow, ScheduleProofRow } from './deadlines.repository';
import type { CycleSummaryDto, DeadlineDto, DeadlineListDto, DeadlineQueryDto, DeadlineTotalsDto, DepartmentDeadlineListDto } from './dto/deadline.dto';
import type { DeadlineWindows } from './rules/deadline-state';
import { readConcurrently } from './concurrent-queries';
import { buildSchedule, compareAscii, compareDeadlines, Deadline, MilestoneCoverage } from './rules/deadline-schedule';
import { departmentCycle, DepartmentCycle } from '../kernel/department-cycle';

export interface ScheduledDepartment {
  id: string;
  name: string;
  shortName: string;
  archived: boolean;
}

/** A department with its current cycle: what a schedule is built on. */
export interface ScheduleCycle {
  row: ScheduleDepartmentRow;
  department: ScheduledDepartment;
  cycle: DepartmentCycle;
}

/** One department's time-sensitive files and the proofs linked to them, as the repository reads them. */
export interface ScheduleActivities {
  files: ScheduleFileRow[];
  proofs: ScheduleProofRow[];
}

/** The award-based cycles, whose milestones need coverage figures (working cycles have no CALEA milestones). */
export const awardedCycles = (cycles: readonly ScheduleCycle[]): { departmentId: string; startsOn: IsoDate }[] =>
  cycles.filter((c) => c.cycle.basis === 'award').map((c) => ({ departmentId: c.department.id, startsOn: c.cycle.startsOn }));

/** One department's deadlines over its current cycle, as of `today`. */
export interface DepartmentSchedule {
  department: ScheduledDepartment;
  cycle: DepartmentCycle;
  deadlines: Deadline[];
}

export const cycleSummary = (cycle: DepartmentCycle): CycleSummaryDto => ({
  basis: cycle.basis,
  cycleNumber: cycle.cycleNumber,
  startsOn: cycle.startsOn,
  endsOn: cycle.endsOn,
  currentYear: cycle.currentYear,
});

/**
 * Deadlines are derived, never stored: from each department's cycle, its time-sensitive files and
 * the proofs linked to them, in four statements whatever the number of departments and files.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: DeadlinesRepository,
    private readonly access: DepartmentAccessService,
    private readonly clock: Clock,
  ) {}

  /** The clock's calendar day (UTC), like every cycle computation. */
  today(): IsoDate {
    return dayOf(this.clock.now());
  }

  get windows(): DeadlineWindows {
    return { dueSoonDays: this.config.deadlines.dueSoonDays, urgentDays: this.config.deadlines.urgentDays };
  }

  /**
   * The schedules of the given departments (or of every non-archived one). No access check: callers
   * (the routes below, the readiness module, the calendar feed, the daily job) scope first.
   */
  async schedules(manager: EntityManager, departmentIds: string[] | 'all', today: IsoDate = this.today()): Promise<DepartmentSchedule[]> {
    const cycles = await this.cycles(manager, departmentIds, today);
    if (cycles.length === 0) return [];
    const [activities, coverage] = await readConcurrently<[Map<string, ScheduleActivities>, Map<string, MilestoneCoverage>]>(manager, [
      () => this.activities(manager, cycles),
      () => this.repository.milestoneCoverage(manager, awardedCycles(cycles)),
    ]);
    return this.build(cycles, activities, coverage, today);
  }

  /**
   * The first step of schedules(), for callers that read the rest alongside their own statements
   * (readiness): the departments (by id, or every non-archived one) with their current cycle.
   */
  async cycles(manager: EntityManager, departmentIds: string[] | 'all', today: IsoDate = this.today()): Promise<ScheduleCycle[]> {
    if (departmentIds !== 'all' && departmentIds.length === 0) return [];
    return this.cyclesOf(await this.repository.departments(manager, departmentIds), today);
  }

  /** cycles() of department rows read elsewhere (with SCHEDULE_DEPARTMENT_COLUMNS). */
  cyclesOf(rows: readonly ScheduleDepartmentRow[], today: IsoDate = this.today()): ScheduleCycle[] {
    return rows.map((d) => ({
      row: d,
      department: { id: d.id, name: d.name, shortName: d.short_name, archived: d.archived },
      cycle: departmentCycle({ awardDate: d.award_date, createdOn: d.created_on }, today, this.config.siteAssessmentLeadDays),
    }));
  }

  /** The time-sensitive files of these departments and the proofs dated within each one's cycle (two statements), by department. */
  async activities(manager: EntityManager, cycles: ScheduleCycle[]): Promise<Map<string, ScheduleActivities>> {
    const ids = cycles.map((c) => c.department.id);
    const spans = cycles.map((c) => ({ departmentId: c.department.id, startsOn: c.cycle.startsOn, endsOn: c.cycle.endsOn }));
    const [files, proofs] = await readConcurrently<[ScheduleFileRow[], ScheduleProofRow[]]>(manager, [
      () => this.repository.timeSensitiveFiles(manager, ids),
      () => this.repository.proofsOfTimeSensitiveFiles(manager, spans),
    ]);
    const byDepartment = new Map(ids.map((id): [string, ScheduleActivities] => [id, { files: [], proofs: [] }]));
    const fileDepartment = new Map<string, string>();
    for (const f of files) {
      byDepartment.get(f.department_id)?.files.push(f);
      fileDepartment.set(f.id, f.department_id);
    }
    for (const p of proofs) byDepartment.get(fileDepartment.get(p.standard_file_id) ?? '')?.proofs.push(p);
    return byDepartment;
  }

  /**
   * The schedules from what cycles() and activities() read and the milestone coverage of the
   * award-based cycles (DeadlinesRepository.milestoneCoverage, or the same figures read otherwise).
   */
  build(
    cycles: ScheduleCycle[],
    activities: ReadonlyMap<string, ScheduleActivities>,
    coverage: ReadonlyMap<string, MilestoneCoverage>,
    today: IsoDate,
  ): DepartmentSchedule[] {
    return cycles.map(({ row: d, department, cycle }) => {
      const { files, proofs } = activities.get(d.id) ?? { files: [], proofs: [] };
      const deadlines = buildSchedule(
        {
          departmentId: d.id,
          cycle,
          files: files.map((f) => ({ id: f.id, number: f.number, sortKey: f.sort_key, title: f.title, frequency: f.frequency })),
          proofs: proofs.map((p) => ({ standardFileId: p.standard_file_id, effectiveDate: p.effective_date, reviewState: p.review_state, kind: p.kind })),
          coverage: coverage.get(d.id) ?? null,
          adoption: pendingAdoptionOf(d),
          adoptionMonths: this.config.manualAdoptionMonths,
        },
        today,
        this.windows,
      );
      return { department, cycle, deadlines };
    });
  }

  async forDepartment(actor: Actor, departmentId: string, query: DeadlineQueryDto): Promise<DepartmentDeadlineListDto> {
    this.access.assert(actor, departmentId, READ_ROLES);
    checkRange(query);
    const today = this.today();
    const [schedule] = await this.schedules(this.dataSource.manager, [departmentId], today);
    if (!schedule) throw new NotFoundError('department', departmentId);
    return { ...listOf([schedule], query, today), cycle: cycleSummary(schedule.cycle) };
  }

  /** Every non-archived department the actor can see, side by side, ordered by due date. */
  async acrossDepartments(actor: Actor, query: DeadlineQueryDto): Promise<DeadlineListDto> {
    checkRange(query);
    const today = this.today();
    const visible = this.access.visible(actor, READ_ROLES);
    const schedules = (await this.schedules(this.dataSource.manager, visible, today)).filter((s) => !s.department.archived);
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

function toDto(d: Deadline, departmentName: string): DeadlineDto {
  return {
    id: d.id,
    departmentId: d.departmentId,
    departmentName,
    kind: d.kind,
    key: d.key,
    standardFileId: d.standardFileId,
    standardNumber: d.standardNumber,
    standardTitle: d.standardTitle,
    frequency: d.frequency,
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

function listOf(schedules: DepartmentSchedule[], query: DeadlineQueryDto, today: IsoDate): DeadlineListDto {
  const names = new Map(schedules.map((s) => [s.department.id, s.department.name]));
  // Schedules come in department-name order (the repository sorts them).
  const position = new Map(schedules.map((s, i) => [s.department.id, i]));
  const inRange = schedules
    .flatMap((s) => s.deadlines)
    .filter((d) => (!query.from || d.dueOn >= query.from) && (!query.to || d.dueOn <= query.to))
    .sort((a, b) => compareAscii(a.dueOn, b.dueOn) || position.get(a.departmentId)! - position.get(b.departmentId)! || compareDeadlines(a, b));
  const matching = query.state ? inRange.filter((d) => d.state === query.state) : inRange;
  return {
    today,
    totals: totalsOf(inRange),
    items: matching.slice(query.offset, query.offset + query.limit).map((d) => toDto(d, names.get(d.departmentId) ?? '')),
    total: matching.length,
    limit: query.limit,
    offset: query.offset,
  };
}
