import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { groupBy } from '../common/group-by';
import { ComplianceService, ComplianceSnapshot, ComplianceSummary } from '../compliance/compliance.service';
import type { Deadline } from '../compliance/rules/deadline-schedule';
import type { CountsWithPercent } from '../compliance/rules/department-compliance';
import { cycleSummary } from '../deadlines/deadlines.service';
import type { Applicability, ComplianceResult } from '../files/entities/standard-file.entity';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import type { ComplianceCountDto, FootprintReadinessDto, ReadinessDto, ReadinessSummaryDto } from './dto/readiness.dto';

/**
 * Readiness against CALEA's rule, as the API and pages show it: the compliance engine's snapshot
 * (ComplianceService) put into the API's shapes, with the caller's access checked.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly access: DepartmentAccessService,
  ) {}

  /** One enrolment's readiness: the department's primary enrolment's, or the one named (which must be the department's). */
  async forDepartment(actor: Actor, departmentId: string, enrolmentId?: string | null): Promise<ReadinessDto> {
    this.access.assert(actor, departmentId, READ_ROLES);
    return readinessDto(await this.compliance.snapshot(departmentId, { enrolmentId }));
  }

  /** One enrolment's readiness with the deadline schedule it was computed from (the department page shows both). */
  async forDepartmentWithDeadlines(actor: Actor, departmentId: string, enrolmentId?: string | null): Promise<{ readiness: ReadinessDto; deadlines: Deadline[] }> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const snapshot = await this.compliance.snapshot(departmentId, { enrolmentId });
    return { readiness: readinessDto(snapshot), deadlines: snapshot.deadlines };
  }

  /** The summaries of every enrolment of one department, primary first (the department page shows them side by side). */
  async enrolmentsOf(actor: Actor, departmentId: string): Promise<ReadinessSummaryDto[]> {
    this.access.assert(actor, departmentId, READ_ROLES);
    return (await this.compliance.enrolmentSummariesOf([departmentId])).map(summaryDto);
  }

  /**
   * One enrolment's full readiness computed from the database inside `manager`'s transaction, never
   * from figures kept in memory (the sign-off signs what the transaction sees). No access check.
   */
  async compute(manager: EntityManager, departmentId: string, enrolmentId?: string | null): Promise<ReadinessDto> {
    return readinessDto(await this.compliance.snapshot(departmentId, { manager, fresh: true, enrolmentId }));
  }

  /** Every non-archived department the actor can see, side by side (summaries: no grid, chapters or blocker list). */
  async footprint(actor: Actor): Promise<FootprintReadinessDto> {
    return this.footprintOf((await this.compliance.summariesOf(this.access.visible(actor, READ_ROLES))).filter((s) => !s.department.archived));
  }

  /**
   * The footprint with each department's next milestone and its other programs' summaries (the
   * dashboard shows them all; the footprint's figures are the primary enrolments').
   */
  async footprintWithMilestones(actor: Actor): Promise<{ footprint: FootprintReadinessDto; nextMilestones: Map<string, Deadline | null>; otherPrograms: Map<string, ReadinessSummaryDto[]> }> {
    const all = (await this.compliance.enrolmentSummariesOf(this.access.visible(actor, READ_ROLES))).filter((s) => !s.department.archived);
    const primaries = all.filter((s) => s.enrolment.primary);
    const others = groupBy(all.filter((s) => !s.enrolment.primary), (s) => s.department.id);
    const otherPrograms = new Map([...others].map(([departmentId, summaries]) => [departmentId, summaries.map(summaryDto)]));
    return {
      footprint: this.footprintOf(primaries),
      nextMilestones: new Map(primaries.map((s) => [s.department.id, s.figures.nextMilestone])),
      otherPrograms,
    };
  }

  /** The footprint's figures: one summary per department (its primary enrolment's). */
  private footprintOf(summaries: readonly ComplianceSummary[]): FootprintReadinessDto {
    const departments = summaries.map(summaryDto);
    return {
      today: this.compliance.today(),
      thresholdPercent: this.compliance.thresholdPercent,
      ready: departments.filter((d) => d.verdict.meetsRule).length,
      readyPendingReview: departments.filter((d) => d.verdict.state === 'ready_pending_review').length,
      departments,
    };
  }
}

const countDto = ({ applicable, compliant, compliantMissingProofs, compliantPendingReview, percent }: CountsWithPercent): ComplianceCountDto => ({
  applicable,
  compliant,
  compliantMissingProofs,
  compliantPendingReview,
  percent,
});

/** The figures the footprint shows of one department. */
export function summaryDto({ department, enrolment, cycle, today, figures }: ComplianceSummary): ReadinessSummaryDto {
  const v = figures.verdict;
  return {
    departmentId: department.id,
    departmentName: department.name,
    enrolmentId: enrolment.id,
    programName: enrolment.programName,
    today,
    cycle: cycleSummary(cycle),
    mandatory: countDto(figures.mandatory),
    other: countDto(figures.other),
    notApplicable: figures.notApplicable,
    verdict: {
      state: v.state,
      meetsRule: v.meetsRule,
      thresholdPercent: v.thresholdPercent,
      mandatoryMissing: v.mandatoryMissing,
      compliantMissingProofs: v.compliantMissingProofs,
      compliantPendingReview: v.compliantPendingReview,
      proofsAwaitingReviewForVerdict: v.proofsAwaitingReviewForVerdict,
      otherNeededForThreshold: v.otherNeededForThreshold,
      summary: v.summary,
    },
    coverageTotals: { ...figures.coverageTotals },
    deadlines: { ...figures.deadlineCounts },
    proofsAwaitingReview: figures.proofsAwaitingReview,
    untouchedFiles: figures.untouched.count,
    blockerCount: figures.blockers.length,
  };
}

/** Everything one department's readiness shows: the summary with chapters, the coverage grid, the untouched files and the blockers. */
export function readinessDto(snapshot: ComplianceSnapshot): ReadinessDto {
  const { cycle, figures, files } = snapshot;
  return {
    ...summaryDto(snapshot),
    chapters: figures.chapters.map((c) => ({ chapter: c.chapter, title: c.title, mandatory: countDto(c.mandatory), other: countDto(c.other), notApplicable: c.notApplicable })),
    coverage: {
      currentYear: cycle.currentYear,
      years: cycle.years.map((y) => ({ year: y.year, startsOn: y.startsOn, endsOn: y.endsOn })),
      totals: { ...figures.coverageTotals },
      rows: files.map((f) => ({
        standardFileId: f.id,
        number: f.number,
        title: f.title,
        level: f.level,
        applicability: f.applicability as Applicability,
        cells: [...f.cells],
        proofs: [...f.proofsByYear],
      })),
    },
    untouched: { days: figures.untouched.days, count: figures.untouched.count, oldest: figures.untouched.oldest.map((o) => ({ ...o })) },
    blockers: figures.blockers.map((b) => ({ ...b, result: b.result as ComplianceResult })),
  };
}
