import { Inject, Injectable } from '@nestjs/common';
import { shownToAssessor } from '../proofs/rules/assessor-view';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { groupBy } from '../common/group-by';
import { NotFoundError } from '../common/errors';
import { ComplianceService, ComplianceSummary } from '../compliance/compliance.service';
import { countsByYear, coverageRow, CoverageCell } from '../compliance/rules/coverage-grid';
import type { Deadline } from '../compliance/rules/deadline-schedule';
import type { ComplianceFigures } from '../compliance/rules/department-compliance';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { departmentSizeClass } from '../departments/rules/department-size-class';
import type { DepartmentCycle } from '../kernel/department-cycle';
import { DEFAULT_ACTIVITY_KEY } from '../kernel/standard-types';
import { periodName } from '../kernel/deadline-periods';
import type { SignOffSummaryDto } from '../readiness/dto/readiness.dto';
import { SignOffsService } from '../readiness/sign-offs.service';
import { AssessmentsService } from '../assessments/assessments.service';
import type { Actor } from '../identity/access/actor';
import { ProofsService } from '../proofs/proofs.service';
import { assessmentReportView, proofIdsOf } from './assessment-report-data';
import { DepartmentRow, ExclusionRow, ReportDataRepository, ReviewFileRow, ReviewProofRow } from './report-data.repository';
import { cycleYearLabels, groupByChapter, verdictViewOf } from './view-model-builders';
import type {
  AssessmentReport,
  BlockerView,
  ChapterComplianceView,
  CycleView,
  DeadlinesView,
  DeadlineView,
  DepartmentHeader,
  DepartmentReadinessReport,
  ExclusionView,
  FileReviewReport,
  FileReviewStandardView,
  FootprintDepartmentView,
  FootprintReport,
  GenerationInfo,
  MilestoneView,
  OtherProgramView,
  ProofYearView,
  SignOffStampView,
} from './view-models';

/** What the file-review report is drawn from, kept for the binder (which files the same proofs). */
export interface FileReviewData {
  report: FileReviewReport;
  department: DepartmentHeader;
  cycle: DepartmentCycle;
  files: ReviewFileRow[];
  proofs: ReviewProofRow[];
}


/** One line of a footprint page about another program of the department. */
const otherProgramView = ({ enrolment, figures, cycle }: ComplianceSummary): OtherProgramView => ({
  programName: enrolment.programName ?? 'Program not chosen yet',
  state: figures.verdict.state,
  mandatoryApplicable: figures.mandatory.applicable,
  mandatoryPercent: figures.verdict.mandatoryPercent,
  otherApplicable: figures.other.applicable,
  otherPercent: figures.verdict.otherPercent,
  cycle: cycleView(cycle),
});

export const cycleView = (cycle: DepartmentCycle): CycleView => ({
  number: cycle.cycleNumber,
  cycleYears: cycle.years.length,
  year: cycle.currentYear,
  startsOn: cycle.startsOn,
  endsOn: cycle.endsOn,
  basis: cycle.basis,
});

const MILESTONE_LEADS: Record<Exclude<Deadline['kind'], 'activity' | 'directive_review' | 'waiver_end'>, string> = {
  annual_review: 'Review',
  site_assessment: 'Site visit',
  public_comment_notice: 'Notice',
  manual_adoption: 'Manual',
};

/** The period of a deadline in a few characters: 'Y2 Q3', 'Y1–Y3', 'Week 12', 'Cycle year 2'. */
export function deadlinePeriodLabel(d: Pick<Deadline, 'kind' | 'key'>): string {
  switch (d.kind) {
    case 'annual_review':
      return `Cycle year ${/-Y(\d)-annual-review$/.exec(d.key)?.[1] ?? '?'}`;
    case 'site_assessment':
      return `Cycle year ${/-Y(\d)-site-assessment$/.exec(d.key)?.[1] ?? '?'}`;
    case 'public_comment_notice':
      return d.key.includes('-site-assessment-') ? 'Before site visit' : `Before year ${/-Y(\d)-/.exec(d.key)?.[1] ?? '?'} review`;
    case 'manual_adoption':
      return 'Adoption';
    case 'directive_review':
      return 'Directive review';
    case 'waiver_end':
      return 'Waiver ends';
    case 'activity': {
      // A per-event activity's reminder: the next event is due (deadline-schedule's next-event-after-<date>).
      if (d.key.startsWith('next-event-after-')) return 'Next event';
      const part = d.key.replace(/^\d{4}-/, '');
      const span = /^Y(\d+)-Y(\d+)$/.exec(part);
      if (span) return `Y${span[1]}\u2013Y${span[2]}`;
      const week = /^W0*(\d+)$/.exec(part);
      if (week) return `Week ${week[1]}`;
      return part.replace(/^Y(\d+)-/, 'Y$1 ');
    }
  }
}

/** An activity deadline's title in a report: the standard's title, and the activity's name when the standard has several (two series must not read alike). */
function activityDeadlineTitle(d: Deadline): string {
  const title = d.standardTitle ?? d.title;
  return d.activityName && d.activityKey !== DEFAULT_ACTIVITY_KEY ? `${title}: ${d.activityName}` : title;
}

export function deadlineView(d: Deadline): DeadlineView {
  return {
    standardNumber: d.kind === 'activity' || d.kind === 'directive_review' || d.kind === 'waiver_end' ? (d.standardNumber ?? '') : MILESTONE_LEADS[d.kind],
    title: d.kind === 'activity' ? activityDeadlineTitle(d) : d.kind === 'directive_review' || d.kind === 'waiver_end' ? d.title.replace(`${d.standardNumber} `, '') : d.title,
    periodLabel: deadlinePeriodLabel(d),
    dueOn: d.dueOn,
    state: d.state === 'overdue' ? 'overdue' : 'due_soon',
    daysUntilDue: d.daysUntilDue,
    urgent: d.urgent,
  };
}

/** Overdue and due-soon deadlines (the engine's lists, in due order), cut to `limit` each, totals kept. */
export function deadlinesView(lists: Pick<ComplianceFigures, 'overdue' | 'dueSoon'>, asOf: string, dueSoonDays: number, limit = Infinity): DeadlinesView {
  return {
    asOf,
    overdue: lists.overdue.slice(0, limit).map(deadlineView),
    dueSoon: lists.dueSoon.slice(0, limit).map(deadlineView),
    overdueTotal: lists.overdue.length,
    dueSoonTotal: lists.dueSoon.length,
    dueSoonDays,
  };
}

const exclusionView = (e: ExclusionRow): ExclusionView => ({
  number: e.number,
  title: e.title,
  applicability: e.applicability,
  reason: e.reason,
  waiverReference: e.waiver_reference,
  waiverDate: e.waiver_date,
  waiverEndsOn: e.waiver_ends_on,
});

const milestoneView = (d: Deadline | null): MilestoneView | null => (d ? { label: d.title, date: d.dueOn } : null);

const chapterViews = (figures: ComplianceFigures): ChapterComplianceView[] =>
  figures.chapters
    .filter((c) => c.mandatory.applicable + c.other.applicable > 0)
    .map((c) => ({
      chapter: c.chapter,
      title: c.title ?? `Chapter ${c.chapter}`,
      mandatory: { applicable: c.mandatory.applicable, compliant: c.mandatory.compliant },
      other: { applicable: c.other.applicable, compliant: c.other.compliant },
    }));

const blockerView = (b: ComplianceFigures['blockers'][number]): BlockerView => ({
  number: b.number,
  title: b.title,
  level: b.level,
  reason: b.reason,
  missingProofYears: b.missingProofYears,
  missingProofPeriods: b.missingProofPeriods,
  missingActivities: [...new Set(b.missingActivityPeriods.filter((m) => m.activityKey !== DEFAULT_ACTIVITY_KEY && m.activityName).map((m) => m.activityName as string))],
});

/**
 * Fills the report view models: every figure (verdict, chapters, grid, deadlines, blockers) from
 * the compliance engine's snapshot (ComplianceService), so a report says exactly what the API and
 * the pages say; ReportDataRepository for what only reports show (profiles, the chief, exclusions,
 * directives, proofs). A fixed number of statements per report, whatever the number of files,
 * proofs or departments.
 */
const signOffStamp = (s: SignOffSummaryDto): SignOffStampView => ({
  id: s.id,
  departmentId: s.departmentId,
  signedAt: s.signedAt,
  signedByName: s.signedByName,
  meetsRule: s.meetsRule,
  acknowledgedNotReady: s.acknowledgedNotReady,
  sha256: s.sha256,
  snapshotFormat: s.snapshotFormat,
});

@Injectable()
export class ReportDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReportDataRepository,
    private readonly compliance: ComplianceService,
    private readonly signOffs: SignOffsService,
    private readonly assessments: AssessmentsService,
    private readonly proofs: ProofsService,
  ) {}

  /**
   * One assessment as the actor may read it (404 outside the department or for an assessor not
   * assigned to it): its progress, statuses, every finding with its answers, and the names of the
   * proofs they point at (to an assessor, only proofs the agency accepted are named).
   */
  async assessment(actor: Actor, assessmentId: string, generation: GenerationInfo): Promise<AssessmentReport> {
    const assessment = await this.assessments.get(actor, assessmentId);
    const [standards, findings, department] = await Promise.all([
      this.assessments.standards(actor, assessmentId),
      this.assessments.findingsOfAssessment(actor, assessmentId),
      this.repository.enrolmentProfile(this.dataSource.manager, assessment.enrolmentId),
    ]);
    const proofs = new Map<string, string>();
    for (const id of proofIdsOf(standards, findings)) {
      try {
        proofs.set(id, (await this.proofs.get(actor, id)).fileName);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return assessmentReportView({ assessment, shortName: department?.short_name ?? assessment.departmentName, standards, findings, proofs }, generation);
  }

  private header(row: DepartmentRow, cycle: DepartmentCycle): DepartmentHeader {
    return {
      id: row.id,
      name: row.name,
      shortName: row.short_name,
      programName: row.program_name,
      enrolmentId: row.enrolment_id,
      primaryProgram: row.primary_program,
      programHasTiers: row.program_has_tiers,
      programTier: row.program_tier,
      sizeClass: departmentSizeClass({ swornOfficers: row.sworn_officers, sizeClassOverride: row.size_class_override }, this.config.sizeClassRanges),
      swornOfficers: row.sworn_officers,
      manualVersion: row.manual_version ?? 'not assigned',
      cycle: cycleView(cycle),
      logoPath: null,
    };
  }

  /** The chief's readiness report of one enrolment (the primary one by default): the engine's snapshot, with the exclusions, the chief and the latest sign-off. */
  async departmentReadiness(departmentId: string, generation: GenerationInfo, enrolmentId?: string | null): Promise<DepartmentReadinessReport> {
    const manager = this.dataSource.manager;
    const snapshot = await this.compliance.snapshot(departmentId, { enrolmentId });
    const [row, exclusions, lastSignOff] = await Promise.all([
      this.repository.enrolmentProfile(manager, snapshot.enrolment.id),
      this.repository.exclusions(manager, snapshot.enrolment.id),
      this.signOffs.latest(departmentId, snapshot.enrolment.id),
    ]);
    if (!row) throw new NotFoundError('department', departmentId);
    const { figures, cycle, today } = snapshot;
    const department = this.header(row, cycle);
    return {
      kind: 'department-readiness',
      cover: { ...department, ...generation },
      verdict: verdictViewOf(figures.verdict, figures),
      chapters: chapterViews(figures),
      coverage: {
        currentYear: cycle.currentYear,
        yearLabels: cycleYearLabels(department.cycle),
        rows: snapshot.files.map((f) => ({ number: f.number, level: f.level, cells: [...f.cells] })),
      },
      deadlines: deadlinesView(figures, today, this.config.deadlines.dueSoonDays),
      blockers: figures.blockers.map(blockerView),
      exclusions: exclusions.map(exclusionView),
      signature: { chiefName: row.chief_name, chiefTitle: 'Chief of Police', dateLine: 'Date', signedOn: null, lastSignOff: lastSignOff && signOffStamp(lastSignOff) },
    };
  }

  /**
   * The assessor's file review: every applicable in-scope file in natural order with its
   * directives and the proofs filed under the current cycle, year by year (two statements). For an
   * assessor (`acceptedOnly`), only the filings the agency has accepted and not withdrawn.
   */
  async fileReview(departmentId: string, generation: GenerationInfo, options: { acceptedOnly?: boolean; enrolmentId?: string | null } = {}): Promise<FileReviewData> {
    const manager = this.dataSource.manager;
    const snapshot = await this.compliance.snapshot(departmentId, { enrolmentId: options.enrolmentId });
    const enrolmentId = snapshot.enrolment.id;
    const row = await this.repository.enrolmentProfile(manager, enrolmentId);
    if (!row) throw new NotFoundError('department', departmentId);
    const { cycle } = snapshot;
    const [files, filed, exclusions] = await Promise.all([
      this.repository.reviewFiles(manager, enrolmentId),
      this.repository.reviewProofs(manager, enrolmentId, cycle.startsOn),
      this.repository.exclusions(manager, enrolmentId),
    ]);
    const proofs = options.acceptedOnly ? filed.filter((p) => shownToAssessor(p.review_state, p.withdrawn)) : filed;
    const department = this.header(row, cycle);
    const byFile = groupBy(proofs, (p) => p.standard_file_id);
    // An assessor's copy shows a year covered only by what the agency accepted, as its proofs are.
    const cellsOf = new Map(
      snapshot.files.map((f) => [
        f.id,
        options.acceptedOnly
          ? coverageRow({ proofsByYear: countsByYear(f.acceptedByYear), currentYear: cycle.currentYear, cycleYears: cycle.years.length, notApplicable: f.standing === null })
          : f.cells,
      ]),
    );
    const standards = files.map((f) => ({
      chapter: f.chapter,
      chapterTitle: f.chapter_title,
      // A file made between the two reads has no proofs yet: its cells are those of a file without any.
      ...this.reviewStandard(f, byFile.get(f.id) ?? [], cellsOf.get(f.id) ?? coverageRow({ proofsByYear: {}, currentYear: cycle.currentYear, cycleYears: cycle.years.length, notApplicable: false })),
    }));
    return {
      report: {
        kind: 'file-review',
        department,
        ...generation,
        yearLabels: cycleYearLabels(department.cycle),
        chapters: groupByChapter(standards),
        exclusions: exclusions.map(exclusionView),
      },
      department,
      cycle,
      files,
      proofs,
    };
  }

  private reviewStandard(file: ReviewFileRow, proofs: readonly ReviewProofRow[], cells: readonly CoverageCell[]): FileReviewStandardView {
    const years = cells.map((coverage, i): ProofYearView => ({ cycleYear: i + 1, coverage, proofs: [] }));
    const several = file.activities.length > 1;
    const names = new Map(file.activities.map((a) => [a.key, a.name]));
    // A filing that names no activity (filed before activities) proves the first.
    const first = file.activities[0]?.key ?? '';
    for (const p of proofs) {
      const state = p.withdrawn ? 'withdrawn' : p.review_state;
      // A filing stored under a year the program's cycle does not have is misplaced (the misplaced-proofs report lists it), not shown here.
      years[p.cycle_year - 1]?.proofs.push({
        fileName: p.file_name,
        effectiveDate: p.effective_date,
        kind: p.kind,
        sha256: p.sha256,
        reviewState: state,
        reviewerName: state === 'pending' ? null : p.reviewer_name,
        description: p.description,
        period: p.period_key ? periodName(p.period_key) : null,
        activity: several ? (names.get(p.activity_key === '' ? first : p.activity_key) ?? p.activity_key) : null,
      });
    }
    // A standard with several activities lists each year's proofs grouped by activity, in the manual's order.
    if (several) {
      const position = (name: string | null | undefined) => (name ? file.activities.findIndex((a) => a.name === name) : -1);
      for (const y of years) y.proofs.sort((a, b) => position(a.activity) - position(b.activity));
    }
    return {
      number: file.number,
      title: file.title,
      level: file.level,
      result: file.result,
      status: file.status,
      directives: (Array.isArray(file.directives) ? file.directives : []).map((d) => ({ number: d.number, title: d.title, effectiveDate: d.effectiveDate ?? null })),
      years,
    };
  }

  /**
   * Every non-archived department of `departmentIds` ('all' for an administrator) side by side,
   * with each one's compact readiness page: the engine's summaries (kept in memory under each
   * department's compliance revision, so an unchanged department costs no statement but the
   * profiles') and the profiles.
   */
  async footprint(
    departmentIds: string[] | 'all',
    generation: GenerationInfo,
    title: string,
    compact: { deadlines: number; blockers: number },
  ): Promise<FootprintReport> {
    const [summaries, profiles] = await Promise.all([
      this.compliance.enrolmentSummariesOf(departmentIds),
      this.repository.departments(this.dataSource.manager, departmentIds),
    ]);
    const profileOf = new Map(profiles.map((p) => [p.id, p]));
    const othersOf = groupBy(summaries.filter((s) => !s.enrolment.primary), (s) => s.department.id);
    const pages = summaries
      .filter((s) => s.enrolment.primary && !s.department.archived && profileOf.has(s.department.id))
      .map((s) => ({
        ...this.footprintPage(s, profileOf.get(s.department.id) as DepartmentRow, compact),
        otherPrograms: (othersOf.get(s.department.id) ?? []).map(otherProgramView),
      }));
    return { kind: 'footprint', title, ...generation, departments: pages };
  }

  private footprintPage({ cycle, today, figures }: ComplianceSummary, row: DepartmentRow, compact: { deadlines: number; blockers: number }): FootprintDepartmentView {
    return {
      department: this.header(row, cycle),
      verdict: verdictViewOf(figures.verdict, figures),
      nextMilestone: milestoneView(figures.nextMilestone),
      chapters: chapterViews(figures),
      deadlines: deadlinesView(figures, today, this.config.deadlines.dueSoonDays, compact.deadlines),
      blockers: figures.blockers.slice(0, compact.blockers).map(blockerView),
      blockerTotal: figures.blockers.length,
    };
  }
}
