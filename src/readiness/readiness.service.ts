import { Inject, Injectable } from '@nestjs/common';
import { groupBy } from '../common/group-by';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { readConcurrently } from '../deadlines/concurrent-queries';
import { awardedCycles, cycleSummary, DeadlinesService, DepartmentSchedule, ScheduleActivities, ScheduleCycle } from '../deadlines/deadlines.service';
import type { Deadline, MilestoneCoverage } from '../deadlines/rules/deadline-schedule';
import type { IsoDate } from '../kernel/accreditation-cycle';
import type { Applicability, ComplianceResult } from '../files/entities/standard-file.entity';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../identity/access/department-access.service';
import type {
  BlockerDto,
  ChapterReadinessDto,
  ComplianceCountDto,
  CoverageGridDto,
  CoverageRowDto,
  CoverageTotalsDto,
  FootprintReadinessDto,
  ReadinessDto,
  ReadinessSummaryDto,
} from './dto/readiness.dto';
import { ChapterCountRow, FileCoverageRow, ReadinessRepository } from './readiness.repository';
import { CoverageCell, coverageRow } from './rules/coverage-grid';
import { milestoneCoverage } from './rules/milestone-coverage';
import {
  BlockerCandidate,
  blockerReason,
  ComplianceCounts,
  endedYearsWithoutProof,
  FileProofs,
  fileStanding,
  orderBlockers,
  proofsRestedOnAwaitingReview,
  readinessVerdict,
  tallyStanding,
} from './rules/readiness';

const DAY_MS = 86_400_000;
const OLDEST_UNTOUCHED = 10;

const byDepartment = <T extends { department_id: string }>(rows: readonly T[]): Map<string, T[]> => groupBy(rows, (row) => row.department_id);

const zero = (): ComplianceCounts => ({ applicable: 0, compliant: 0, compliantMissingProofs: 0, compliantPendingReview: 0 });
const proofsOf = (file: FileCoverageRow): [number, number, number, number] => [file.y1, file.y2, file.y3, file.y4];
/** A file's proofs as the readiness rule reads them (counting proofs and accepted ones per cycle year). */
const fileProofs = (file: FileCoverageRow, currentYear: FileProofs['currentYear']): FileProofs => ({
  result: file.result,
  proofsByYear: proofsOf(file),
  acceptedByYear: [file.a1, file.a2, file.a3, file.a4],
  currentYear,
});

/**
 * Readiness against CALEA's rule: the counts are aggregated in SQL (ReadinessRepository), the
 * verdict, coverage cells and blocker order come from the pure rules in ./rules.
 */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReadinessRepository,
    private readonly deadlines: DeadlinesService,
    private readonly access: DepartmentAccessService,
    private readonly clock: Clock,
  ) {}

  async forDepartment(actor: Actor, departmentId: string): Promise<ReadinessDto> {
    this.access.assert(actor, departmentId, READ_ROLES);
    return this.compute(this.dataSource.manager, departmentId);
  }

  /**
   * One department's readiness with the deadline schedule it was computed from, for the department
   * page, which shows both (reading the schedule again would repeat four statements).
   */
  async forDepartmentWithDeadlines(actor: Actor, departmentId: string): Promise<{ readiness: ReadinessDto; deadlines: Deadline[] }> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const { readiness, schedule } = await this.computeWithSchedule(this.dataSource.manager, departmentId);
    return { readiness, deadlines: schedule.deadlines };
  }

  /** One department's full readiness (no access check: callers scope first). */
  async compute(manager: EntityManager, departmentId: string): Promise<ReadinessDto> {
    return (await this.computeWithSchedule(manager, departmentId)).readiness;
  }

  /** One department's full readiness and the deadline schedule it was computed from (no access check: callers scope first). */
  async computeWithSchedule(manager: EntityManager, departmentId: string): Promise<{ readiness: ReadinessDto; schedule: DepartmentSchedule }> {
    const today = this.deadlines.today();
    const [parts] = await this.computeFor(manager, await this.deadlines.cycles(manager, [departmentId], today), today);
    if (!parts) throw new NotFoundError('department', departmentId);
    return { readiness: this.detail(parts), schedule: parts.schedule };
  }

  /** Every non-archived department the actor can see, side by side (summaries: no grid, chapters or blocker list). */
  async footprint(actor: Actor): Promise<FootprintReadinessDto> {
    return (await this.footprintWithDeadlines(actor)).footprint;
  }

  /** The footprint with each department's deadline schedule it was computed from (the dashboard shows both). */
  async footprintWithDeadlines(actor: Actor): Promise<{ footprint: FootprintReadinessDto; deadlines: Map<string, Deadline[]> }> {
    const visible = this.access.visible(actor, READ_ROLES);
    const today = this.deadlines.today();
    const cycles = (await this.deadlines.cycles(this.dataSource.manager, visible, today)).filter((c) => !c.department.archived);
    const parts = await this.computeFor(this.dataSource.manager, cycles, today);
    const departments = parts.map((p) => p.summary);
    return {
      footprint: {
        today,
        thresholdPercent: this.config.readiness.otherThresholdPercent,
        ready: departments.filter((d) => d.verdict.meetsRule).length,
        readyPendingReview: departments.filter((d) => d.verdict.state === 'ready_pending_review').length,
        departments,
      },
      deadlines: new Map(parts.map((p) => [p.summary.departmentId, p.schedule.deadlines])),
    };
  }

  /**
   * After the departments and their cycles, one round of four statements side by side: the
   * deadlines' time-sensitive files and their proofs, the counts per chapter, and the per-file
   * proof counts, from which the coverage grid, the proofs awaiting review and the deadlines'
   * milestone coverage all come (proof_link is read once for all three).
   */
  private async computeFor(manager: EntityManager, cycles: ScheduleCycle[], today: IsoDate): Promise<ReadinessParts[]> {
    if (cycles.length === 0) return [];
    const ids = cycles.map((c) => c.department.id);
    const untouchedBefore = new Date(this.clock.now().getTime() - this.config.readiness.staleDays * DAY_MS);
    const starts = cycles.map((c) => ({ departmentId: c.department.id, startsOn: c.cycle.startsOn }));
    const [activities, countRows, fileRows] = await readConcurrently<[Map<string, ScheduleActivities>, ChapterCountRow[], FileCoverageRow[]]>(manager, [
      () => this.deadlines.activities(manager, cycles),
      () => this.repository.chapterCounts(manager, ids, untouchedBefore),
      () => this.repository.fileCoverage(manager, starts),
    ]);
    const counts = byDepartment(countRows);
    const files = byDepartment(fileRows);
    const coverage = new Map<string, MilestoneCoverage>();
    for (const { departmentId } of awardedCycles(cycles)) {
      const figures = milestoneCoverage(files.get(departmentId) ?? []);
      if (figures) coverage.set(departmentId, figures);
    }
    const schedules = this.deadlines.build(cycles, activities, coverage, today);
    return schedules.map((schedule) => {
      const rows = files.get(schedule.department.id) ?? [];
      let awaiting = 0;
      for (const row of rows) awaiting += row.pending;
      return this.summarize(
        schedule,
        today,
        untouchedBefore,
        counts.get(schedule.department.id) ?? [],
        rows.filter((row) => row.in_scope),
        awaiting,
      );
    });
  }

  /** The figures the footprint shows; what the single-department view adds is derived in detail(). */
  private summarize(
    schedule: DepartmentSchedule,
    today: string,
    untouchedBefore: Date,
    counts: ChapterCountRow[],
    files: FileCoverageRow[],
    awaitingReview: number,
  ): ReadinessParts {
    const threshold = this.config.readiness.otherThresholdPercent;
    const mandatory = zero();
    const other = zero();
    let inScope = 0;
    let untouched = 0;
    for (const row of counts) {
      inScope += row.in_scope;
      untouched += row.untouched;
    }
    const currentYear = schedule.cycle.currentYear;
    // Each applicable file counts as compliant only when its proofs cover the ended cycle years (fileStanding).
    let restedOn = 0;
    for (const file of files) {
      if (file.applicability !== 'applicable') continue;
      const proofs = fileProofs(file, currentYear);
      tallyStanding(file.level === 'M' ? mandatory : other, fileStanding(proofs));
      restedOn += proofsRestedOnAwaitingReview(proofs);
    }
    const verdict = readinessVerdict({ mandatory, other }, threshold, restedOn);
    const rows: GridRow[] = files.map((file) => ({
      file,
      cells: coverageRow({ proofsByYear: { 1: file.y1, 2: file.y2, 3: file.y3, 4: file.y4 }, currentYear, notApplicable: file.applicability !== 'applicable' }),
    }));
    const candidates: Candidate[] = rows
      .filter((r) => r.file.applicability === 'applicable')
      .map((r) => ({
        number: r.file.number,
        mandatory: r.file.level === 'M',
        compliant: r.file.result === 'compliant',
        missingProofYears: endedYearsWithoutProof(proofsOf(r.file), currentYear),
        file: r.file,
      }));
    const deadlineCounts = { overdue: 0, dueSoon: 0, urgent: 0 };
    for (const d of schedule.deadlines) {
      if (d.state === 'overdue') deadlineCounts.overdue++;
      if (d.state === 'due_soon') {
        deadlineCounts.dueSoon++;
        if (d.urgent) deadlineCounts.urgent++;
      }
    }
    const summary: ReadinessSummaryDto = {
      departmentId: schedule.department.id,
      departmentName: schedule.department.name,
      today,
      cycle: cycleSummary(schedule.cycle),
      mandatory: withPercent(mandatory, verdict.mandatoryPercent),
      other: withPercent(other, verdict.otherPercent),
      notApplicable: inScope - mandatory.applicable - other.applicable,
      verdict: {
        state: verdict.state,
        meetsRule: verdict.meetsRule,
        thresholdPercent: threshold,
        mandatoryMissing: verdict.mandatoryMissing,
        compliantMissingProofs: verdict.compliantMissingProofs,
        compliantPendingReview: verdict.compliantPendingReview,
        proofsAwaitingReviewForVerdict: restedOn,
        otherNeededForThreshold: verdict.otherNeededForThreshold,
        summary: verdict.summary,
      },
      coverageTotals: countCells(rows.flatMap((r) => r.cells)),
      deadlines: deadlineCounts,
      proofsAwaitingReview: awaitingReview,
      untouchedFiles: untouched,
      // Counting needs no order: orderBlockers() (a sort) is kept for the department view.
      blockerCount: candidates.filter((c) => blockerReason(c, verdict.otherNeededForThreshold) !== null).length,
    };
    return { summary, schedule, counts, rows, candidates, untouchedBefore };
  }

  private detail({ summary, schedule, counts, rows, candidates, untouchedBefore }: ReadinessParts): ReadinessDto {
    const threshold = summary.verdict.thresholdPercent;
    const chapters = new Map<number, { title: string | null; mandatory: ComplianceCounts; other: ComplianceCounts; inScope: number }>();
    for (const row of counts) {
      const chapter = chapters.get(row.chapter) ?? { title: row.chapter_title, mandatory: zero(), other: zero(), inScope: 0 };
      chapters.set(row.chapter, chapter);
      chapter.inScope += row.in_scope;
    }
    const currentYear = schedule.cycle.currentYear;
    for (const { file } of rows) {
      const chapter = chapters.get(file.chapter);
      if (!chapter || file.applicability !== 'applicable') continue;
      tallyStanding(file.level === 'M' ? chapter.mandatory : chapter.other, fileStanding(fileProofs(file, currentYear)));
    }
    const blockers = orderBlockers(candidates, summary.verdict.otherNeededForThreshold).map(
      (b): BlockerDto => ({
        standardFileId: b.file.id,
        number: b.number,
        title: b.file.title,
        level: b.file.level,
        result: b.file.result as ComplianceResult,
        missingProofYears: b.missingProofYears,
        reason: b.reason,
      }),
    );
    const oldest = rows
      .map((r) => r.file)
      .filter((f) => f.applicability === 'applicable' && f.updated_ms < untouchedBefore.getTime())
      .sort((a, b) => a.updated_ms - b.updated_ms)
      .slice(0, OLDEST_UNTOUCHED)
      .map((f) => ({ standardFileId: f.id, number: f.number, title: f.title, updatedAt: new Date(f.updated_ms).toISOString() }));
    const coverage: CoverageGridDto = {
      currentYear: schedule.cycle.currentYear,
      years: schedule.cycle.years.map((y) => ({ year: y.year, startsOn: y.startsOn, endsOn: y.endsOn })),
      totals: summary.coverageTotals,
      rows: rows.map(
        ({ file, cells }): CoverageRowDto => ({
          standardFileId: file.id,
          number: file.number,
          title: file.title,
          level: file.level,
          applicability: file.applicability as Applicability,
          cells,
          proofs: [file.y1, file.y2, file.y3, file.y4],
        }),
      ),
    };
    return {
      ...summary,
      chapters: [...chapters.entries()]
        .sort(([a], [b]) => a - b)
        .map(([chapter, c]): ChapterReadinessDto => {
          const chapterVerdict = readinessVerdict({ mandatory: c.mandatory, other: c.other }, threshold);
          return {
            chapter,
            title: c.title,
            mandatory: withPercent(c.mandatory, chapterVerdict.mandatoryPercent),
            other: withPercent(c.other, chapterVerdict.otherPercent),
            notApplicable: c.inScope - c.mandatory.applicable - c.other.applicable,
          };
        }),
      coverage,
      untouched: { days: this.config.readiness.staleDays, count: summary.untouchedFiles, oldest },
      blockers,
    };
  }
}

interface GridRow {
  file: FileCoverageRow;
  cells: CoverageCell[];
}

type Candidate = BlockerCandidate & { file: FileCoverageRow };

/** One department's readiness before the department view's detail is derived. */
interface ReadinessParts {
  summary: ReadinessSummaryDto;
  schedule: DepartmentSchedule;
  counts: ChapterCountRow[];
  rows: GridRow[];
  candidates: Candidate[];
  untouchedBefore: Date;
}

const withPercent = (counts: ComplianceCounts, percent: number): ComplianceCountDto => ({
  applicable: counts.applicable,
  compliant: counts.compliant,
  compliantMissingProofs: counts.compliantMissingProofs ?? 0,
  compliantPendingReview: counts.compliantPendingReview ?? 0,
  percent,
});

function countCells(cells: CoverageCell[]): CoverageTotalsDto {
  const totals: CoverageTotalsDto = { present: 0, missing: 0, notRequired: 0 };
  for (const cell of cells) {
    switch (cell) {
      case 'present':
        totals.present++;
        break;
      case 'missing':
        totals.missing++;
        break;
      case 'not_required':
        totals.notRequired++;
        break;
    }
  }
  return totals;
}
