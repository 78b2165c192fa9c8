import { Inject, Injectable } from '@nestjs/common';
import { SignOffsService } from '../readiness/sign-offs.service';
import type { SignOffSummaryDto } from '../readiness/dto/readiness.dto';
import { groupBy } from '../common/group-by';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { departmentSizeClass } from '../departments/rules/department-size-class';
import { readConcurrently } from '../deadlines/concurrent-queries';
import { awardedCycles, DeadlinesService, DepartmentSchedule, ScheduleActivities, ScheduleCycle } from '../deadlines/deadlines.service';
import type { MilestoneCoverage } from '../deadlines/rules/deadline-schedule';
import type { Deadline } from '../deadlines/rules/deadline-schedule';
import type { DepartmentCycle } from '../kernel/department-cycle';
import { ReadinessService } from '../readiness/readiness.service';
import { coverageRow } from '../readiness/rules/coverage-grid';
import { ComplianceCounts, endedYearsWithoutProof, FileProofs, fileStanding, proofsRestedOnAwaitingReview, tallyStanding } from '../readiness/rules/readiness';
import { DepartmentMemo } from '../readiness/department-memo';
import { milestoneCoverageOf } from '../readiness/rules/milestone-coverage';
import { ApplicableFileRow, DepartmentRow, ReportDataRepository, ReviewFileRow, ReviewProofRow } from './report-data.repository';
import { blockerViews, cycleYearLabels, groupByChapter, verdictView } from './view-model-builders';
import type {
  BlockerView,
  ChapterComplianceView,
  CoverageRowView,
  CycleView,
  CycleYearNumber,
  DeadlinesView,
  DeadlineView,
  DepartmentHeader,
  DepartmentReadinessReport,
  FileReviewReport,
  FileReviewStandardView,
  FootprintDepartmentView,
  FootprintReport,
  GenerationInfo,
  MilestoneView,
  ProofView,
  ProofYearView,
  SignOffStampView,
  VerdictView,
} from './view-models';

/** What the file-review report is drawn from, kept for the binder (which files the same proofs). */
export interface FileReviewData {
  report: FileReviewReport;
  department: DepartmentHeader;
  cycle: DepartmentCycle;
  files: ReviewFileRow[];
  proofs: ReviewProofRow[];
}

const YEARS = [1, 2, 3, 4] as const;

/** Departments whose footprint page and figures are kept (about 300 KB of heap each with 461 standards). */
const KEPT_DEPARTMENTS = 250;

export const cycleView = (cycle: DepartmentCycle): CycleView => ({
  number: cycle.cycleNumber,
  year: cycle.currentYear,
  startsOn: cycle.startsOn,
  endsOn: cycle.endsOn,
  basis: cycle.basis,
});

const MILESTONE_LEADS: Record<Exclude<Deadline['kind'], 'activity'>, string> = {
  annual_review: 'Review',
  site_assessment: 'Site visit',
  manual_adoption: 'Manual',
};

/** The period of a deadline in a few characters: 'Y2 Q3', 'Y1–Y3', 'Week 12', 'Cycle year 2'. */
export function deadlinePeriodLabel(d: Pick<Deadline, 'kind' | 'key'>): string {
  switch (d.kind) {
    case 'annual_review':
      return `Cycle year ${/-Y(\d)-annual-review$/.exec(d.key)?.[1] ?? '?'}`;
    case 'site_assessment':
      return 'Cycle year 4';
    case 'manual_adoption':
      return 'Adoption';
    case 'activity': {
      const part = d.key.replace(/^\d{4}-/, '');
      const span = /^Y(\d+)-Y(\d+)$/.exec(part);
      if (span) return `Y${span[1]}\u2013Y${span[2]}`;
      const week = /^W0*(\d+)$/.exec(part);
      if (week) return `Week ${week[1]}`;
      return part.replace(/^Y(\d+)-/, 'Y$1 ');
    }
  }
}

export function deadlineView(d: Deadline): DeadlineView {
  return {
    standardNumber: d.kind === 'activity' ? (d.standardNumber ?? '') : MILESTONE_LEADS[d.kind],
    title: d.kind === 'activity' ? (d.standardTitle ?? d.title) : d.title,
    periodLabel: deadlinePeriodLabel(d),
    dueOn: d.dueOn,
    state: d.state === 'overdue' ? 'overdue' : 'due_soon',
    daysUntilDue: d.daysUntilDue,
    urgent: d.urgent,
  };
}

/** Overdue and due-soon deadlines of a schedule, in due order (cut to `limit` each, totals kept). */
export function deadlinesView(schedule: DepartmentSchedule, asOf: string, dueSoonDays: number, limit = Infinity): DeadlinesView {
  const overdue = schedule.deadlines.filter((d) => d.state === 'overdue');
  const dueSoon = schedule.deadlines.filter((d) => d.state === 'due_soon');
  return {
    asOf,
    overdue: overdue.slice(0, limit).map(deadlineView),
    dueSoon: dueSoon.slice(0, limit).map(deadlineView),
    overdueTotal: overdue.length,
    dueSoonTotal: dueSoon.length,
    dueSoonDays,
  };
}

/** The next review, assessment or adoption date on or after today. */
export function nextMilestone(schedule: DepartmentSchedule, today: string): MilestoneView | null {
  const next = schedule.deadlines.filter((d) => d.kind !== 'activity' && d.dueOn >= today).sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))[0];
  return next ? { label: next.title, date: next.dueOn } : null;
}

/**
 * Fills the report view models from the database: ReadinessService and DeadlinesService for what
 * they already compute, ReportDataRepository for the rest, and the readiness rules (through
 * view-model-builders) so a report says what the API says. A fixed number of statements per
 * report, whatever the number of files, proofs or departments.
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
    private readonly readiness: ReadinessService,
    private readonly deadlines: DeadlinesService,
    private readonly signOffs: SignOffsService,
  ) {}

  /** Each department's compact footprint page, and its figures that do not depend on the day, under the keys they were computed for (see footprint()). */
  private readonly footprintMemo = new DepartmentMemo<FootprintDepartmentView>(KEPT_DEPARTMENTS);
  private readonly footprintFiguresMemo = new DepartmentMemo<FootprintFigures>(KEPT_DEPARTMENTS);

  private header(row: DepartmentRow, cycle: DepartmentCycle): DepartmentHeader {
    return {
      id: row.id,
      name: row.name,
      shortName: row.short_name,
      programTier: row.program_tier,
      sizeClass: departmentSizeClass({ swornOfficers: row.sworn_officers, sizeClassOverride: row.size_class_override }, this.config.sizeClassRanges),
      swornOfficers: row.sworn_officers,
      manualVersion: row.manual_version ?? 'not assigned',
      cycle: cycleView(cycle),
      logoPath: null,
    };
  }

  /** The chief's readiness report: ReadinessService's figures, the deadline lists, exclusions and the chief. */
  async departmentReadiness(departmentId: string, generation: GenerationInfo): Promise<DepartmentReadinessReport> {
    const manager = this.dataSource.manager;
    const today = this.deadlines.today();
    const [{ readiness, schedule }, departments, exclusions, lastSignOff] = await Promise.all([
      this.readiness.computeWithSchedule(manager, departmentId),
      this.repository.departments(manager, [departmentId]),
      this.repository.exclusions(manager, departmentId),
      this.signOffs.latest(departmentId),
    ]);
    const [row] = departments;
    if (!row) throw new NotFoundError('department', departmentId);
    const department = this.header(row, schedule.cycle);
    const chapters: ChapterComplianceView[] = readiness.chapters
      .filter((c) => c.mandatory.applicable + c.other.applicable > 0)
      .map((c) => ({
        chapter: c.chapter,
        title: c.title ?? `Chapter ${c.chapter}`,
        mandatory: { applicable: c.mandatory.applicable, compliant: c.mandatory.compliant },
        other: { applicable: c.other.applicable, compliant: c.other.compliant },
      }));
    return {
      kind: 'department-readiness',
      cover: { ...department, ...generation },
      verdict: verdictView(
        {
          mandatory: {
            applicable: readiness.mandatory.applicable,
            compliant: readiness.mandatory.compliant,
            compliantMissingProofs: readiness.mandatory.compliantMissingProofs,
            compliantPendingReview: readiness.mandatory.compliantPendingReview,
          },
          other: {
            applicable: readiness.other.applicable,
            compliant: readiness.other.compliant,
            compliantMissingProofs: readiness.other.compliantMissingProofs,
            compliantPendingReview: readiness.other.compliantPendingReview,
          },
        },
        readiness.verdict.thresholdPercent,
        readiness.verdict.proofsAwaitingReviewForVerdict,
      ),
      chapters,
      coverage: {
        currentYear: readiness.coverage.currentYear as CycleYearNumber,
        yearLabels: cycleYearLabels(department.cycle),
        rows: readiness.coverage.rows.map((r): CoverageRowView => ({ number: r.number, level: r.level, cells: r.cells as CoverageRowView['cells'] })),
      },
      deadlines: deadlinesView(schedule, today, this.config.deadlines.dueSoonDays),
      blockers: readiness.blockers.map((b) => ({ number: b.number, title: b.title, level: b.level, reason: b.reason, missingProofYears: b.missingProofYears })),
      exclusions: exclusions.map((e) => ({
        number: e.number,
        title: e.title,
        applicability: e.applicability,
        reason: e.reason,
        waiverReference: e.waiver_reference,
        waiverDate: e.waiver_date,
      })),
      signature: { chiefName: row.chief_name, chiefTitle: 'Chief of Police', dateLine: 'Date', signedOn: null, lastSignOff: lastSignOff && signOffStamp(lastSignOff) },
    };
  }

  /**
   * The assessor's file review: every applicable in-scope file in natural order with its
   * directives and the proofs filed under the current cycle, year by year (two statements).
   */
  async fileReview(departmentId: string, generation: GenerationInfo): Promise<FileReviewData> {
    const manager = this.dataSource.manager;
    const [row] = await this.repository.departments(manager, [departmentId]);
    if (!row) throw new NotFoundError('department', departmentId);
    const [{ cycle }] = this.deadlines.cyclesOf([row]);
    const [files, proofs] = await Promise.all([
      this.repository.reviewFiles(manager, departmentId),
      this.repository.reviewProofs(manager, departmentId, cycle.startsOn),
    ]);
    const department = this.header(row, cycle);
    const byFile = groupBy(proofs, (p) => p.standard_file_id);
    const standards = files.map((f) => ({
      chapter: f.chapter,
      chapterTitle: f.chapter_title,
      ...this.reviewStandard(f, byFile.get(f.id) ?? [], cycle.currentYear),
    }));
    return {
      report: {
        kind: 'file-review',
        department,
        ...generation,
        yearLabels: cycleYearLabels(department.cycle),
        chapters: groupByChapter(standards),
      },
      department,
      cycle,
      files,
      proofs,
    };
  }

  private reviewStandard(file: ReviewFileRow, proofs: readonly ReviewProofRow[], currentYear: CycleYearNumber): FileReviewStandardView {
    const byYear: Record<CycleYearNumber, ProofView[]> = { 1: [], 2: [], 3: [], 4: [] };
    const counting: Partial<Record<CycleYearNumber, number>> = {};
    for (const p of proofs) {
      const state = p.withdrawn ? 'withdrawn' : p.review_state;
      byYear[p.cycle_year].push({
        fileName: p.file_name,
        effectiveDate: p.effective_date,
        kind: p.kind,
        sha256: p.sha256,
        reviewState: state,
        reviewerName: state === 'pending' ? null : p.reviewer_name,
      });
      if (state === 'pending' || state === 'accepted') counting[p.cycle_year] = (counting[p.cycle_year] ?? 0) + 1;
    }
    const cells = coverageRow({ proofsByYear: counting, currentYear, notApplicable: false });
    return {
      number: file.number,
      title: file.title,
      level: file.level,
      result: file.result,
      status: file.status,
      directives: (Array.isArray(file.directives) ? file.directives : []).map((d) => ({ number: d.number, title: d.title, effectiveDate: d.effectiveDate ?? null })),
      years: YEARS.map((y, i): ProofYearView => ({ cycleYear: y, coverage: cells[i], proofs: byYear[y] })),
    };
  }

  /**
   * Every non-archived department of `departmentIds` ('all' for an administrator) side by side,
   * with each one's compact readiness page.
   *
   * The profiles are read first, in one statement, with each department's compliance revision and
   * what its cycle is worked out from (DeadlinesService.cyclesOf()). A department's page is a
   * function of its data (whose every change moves the revision), its profile row, the day and the
   * options, so a page computed under the same key is taken from memory (DepartmentMemo) and only the other departments' pages are computed: after a
   * change in one department, only that one's. On a new day, the pages are computed again from the
   * figures kept for each department (footprintFigures), with no statement for the unchanged ones.
   */
  async footprint(
    departmentIds: string[] | 'all',
    generation: GenerationInfo,
    title: string,
    compact: { deadlines: number; blockers: number },
  ): Promise<FootprintReport> {
    const today = this.deadlines.today();
    const profiles = (await this.repository.departments(this.dataSource.manager, departmentIds)).filter((r) => !r.archived);
    const rowsById = new Map(profiles.map((r) => [r.id, r]));
    const cycles = this.deadlines.cyclesOf(profiles, today);
    // The profile row holds every input of a page besides the day and the options: its compliance revision, the cycle's dates and the pending manual adoption.
    const keys = new Map(profiles.map((r) => [r.id, JSON.stringify([today, compact, r])]));
    const pages = await this.footprintMemo.resolve(keys, (missing) => this.footprintPages(cycles.filter((c) => missing.includes(c.department.id)), rowsById, today, compact));
    return { kind: 'footprint', title, ...generation, departments: cycles.map((c) => pages.get(c.department.id) as FootprintDepartmentView) };
  }

  /**
   * The compact readiness pages of these departments, by department id: each one's figures
   * (footprintFigures) and its deadlines as of today, built by DeadlinesService.build().
   */
  private async footprintPages(
    cycles: ScheduleCycle[],
    rowsById: ReadonlyMap<string, DepartmentRow>,
    today: string,
    compact: { deadlines: number; blockers: number },
  ): Promise<Map<string, FootprintDepartmentView>> {
    const figures = await this.footprintFigures(cycles, rowsById, compact.blockers);
    const activities = new Map<string, ScheduleActivities>();
    const coverage = new Map<string, MilestoneCoverage>();
    for (const [id, f] of figures) {
      activities.set(id, f.activities);
      if (f.coverage) coverage.set(id, f.coverage);
    }
    const schedules = this.deadlines.build(cycles, activities, coverage, today);
    return new Map(
      schedules.map((schedule): [string, FootprintDepartmentView] => {
        const { verdict, chapters, blockers, blockerTotal } = figures.get(schedule.department.id) as FootprintFigures;
        const page: FootprintDepartmentView = {
          department: this.header(rowsById.get(schedule.department.id) as DepartmentRow, schedule.cycle),
          verdict,
          nextMilestone: nextMilestone(schedule, today),
          chapters,
          deadlines: deadlinesView(schedule, today, this.config.deadlines.dueSoonDays, compact.deadlines),
          blockers,
          blockerTotal,
        };
        return [schedule.department.id, page];
      }),
    );
  }

  /**
   * What does not change from day to day, per department: the verdict, the chapter bars, the
   * blockers and the milestone coverage, and the time-sensitive files and proofs its deadlines are
   * built from. They depend on its rows (its compliance revision) and its cycle (basis, dates, year),
   * and are kept under those, so a new day costs no statement for the unchanged departments. The
   * others are read in one round for any number of them, side by side: DeadlinesService.activities()
   * (two statements) and the applicable files with their chapter and their proofs per year, from
   * which the verdict, the chapter bars, the blockers and the milestone coverage (the readiness
   * rules) all come, so standard_file and proof_link are read once.
   */
  private async footprintFigures(
    cycles: ScheduleCycle[],
    rowsById: ReadonlyMap<string, DepartmentRow>,
    blockerLimit: number,
  ): Promise<Map<string, FootprintFigures>> {
    // The whole cycle: its basis (award or working) decides the milestones, its dates and year everything else.
    const keys = new Map(cycles.map((c) => [c.department.id, JSON.stringify([rowsById.get(c.department.id)?.revision, c.cycle, blockerLimit])]));
    return this.footprintFiguresMemo.resolve(keys, async (ids) => {
      const missing = cycles.filter((c) => ids.includes(c.department.id));
      const manager = this.dataSource.manager;
      const [activities, files] = await readConcurrently<[Map<string, ScheduleActivities>, ApplicableFileRow[]]>(manager, [
        () => this.deadlines.activities(manager, missing),
        () => this.repository.applicableFiles(manager, missing.map((c) => ({ departmentId: c.department.id, startsOn: c.cycle.startsOn }))),
      ]);
      const filesBy = groupBy(files, (f) => f.department_id);
      const awarded = new Set(awardedCycles(missing).map((c) => c.departmentId));
      const threshold = this.config.readiness.otherThresholdPercent;
      return new Map(
        missing.map(({ department: { id }, cycle }): [string, FootprintFigures] => {
          const applicable = filesBy.get(id) ?? [];
          const { verdict, chapters } = chapterFigures(applicable, cycle.currentYear, threshold);
          const blockers = footprintBlockers(applicable, cycle.currentYear, verdict.otherNeededForThreshold);
          return [
            id,
            {
              verdict,
              chapters,
              blockers: blockers.slice(0, blockerLimit),
              blockerTotal: blockers.length,
              coverage: awarded.has(id) ? (milestoneCoverageOf(applicable) ?? null) : null,
              activities: activities.get(id) ?? { files: [], proofs: [] },
            },
          ];
        }),
      );
    });
  }
}

/** One department's figures behind its footprint page that do not depend on the day (ReportDataService.footprintFigures). */
interface FootprintFigures {
  verdict: VerdictView;
  chapters: ChapterComplianceView[];
  /** The first few blockers by impact (the template's compact limit), and how many there are. */
  blockers: BlockerView[];
  blockerTotal: number;
  coverage: MilestoneCoverage | null;
  /** The time-sensitive files and their proofs, which the deadlines are built from each day. */
  activities: ScheduleActivities;
}

/**
 * The verdict and the per-chapter bars of one department, counted over its applicable in-scope
 * files; a file counts as compliant by the readiness rule (fileStanding: result and proofs).
 */
function chapterFigures(files: readonly ApplicableFileRow[], currentYear: CycleYearNumber, threshold: number) {
  const mandatory: ComplianceCounts = { applicable: 0, compliant: 0, compliantMissingProofs: 0, compliantPendingReview: 0 };
  const other: ComplianceCounts = { applicable: 0, compliant: 0, compliantMissingProofs: 0, compliantPendingReview: 0 };
  let restedOn = 0;
  const chapters = new Map<number, ChapterComplianceView>();
  for (const f of files) {
    let c = chapters.get(f.chapter);
    if (!c) {
      c = { chapter: f.chapter, title: f.chapter_title ?? `Chapter ${f.chapter}`, mandatory: { applicable: 0, compliant: 0 }, other: { applicable: 0, compliant: 0 } };
      chapters.set(f.chapter, c);
    }
    const proofs: FileProofs = { result: f.result, proofsByYear: [f.y1, f.y2, f.y3, f.y4], acceptedByYear: [f.a1, f.a2, f.a3, f.a4], currentYear };
    const standing = fileStanding(proofs);
    restedOn += proofsRestedOnAwaitingReview(proofs);
    for (const bucket of f.level === 'M' ? [mandatory, c.mandatory] : [other, c.other]) tallyStanding(bucket, standing);
  }
  return { verdict: verdictView({ mandatory, other }, threshold, restedOn), chapters: [...chapters.values()].sort((a, b) => a.chapter - b.chapter) };
}

function footprintBlockers(files: readonly ApplicableFileRow[], currentYear: CycleYearNumber, otherNeeded: number) {
  return blockerViews(
    files.map((f) => ({
      number: f.number,
      title: f.title,
      level: f.level,
      compliant: f.result === 'compliant',
      missingProofYears: endedYearsWithoutProof([f.y1, f.y2, f.y3, f.y4], currentYear),
    })),
    otherNeeded,
  );
}
