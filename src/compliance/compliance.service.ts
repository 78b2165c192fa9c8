import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { groupBy } from '../common/group-by';
import { NotFoundError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { addDays, IsoDate } from '../kernel/accreditation-cycle';
import { dayOf } from '../kernel/calendar';
import { departmentCycle, DepartmentCycle } from '../kernel/department-cycle';
import { ActivityFiles, ComplianceDepartmentRow, ComplianceRepository, EnrolmentSelector, FileCoverageRow, pendingAdoptionOf } from './compliance.repository';
import { readConcurrently } from './concurrent-queries';
import { DepartmentMemo } from './department-memo';
import { engineFingerprint } from './engine-fingerprint';
import { ComplianceFigures, departmentCompliance, FileCompliance } from './rules/department-compliance';
import { buildSchedule, DatedFile, Deadline } from './rules/deadline-schedule';
import type { DeadlineWindows } from './rules/deadline-state';
import { milestoneCoverage } from './rules/milestone-coverage';

export interface ComplianceDepartment {
  id: string;
  name: string;
  shortName: string;
  archived: boolean;
}

/** The program enrolment the figures are of (a department has one per program; the primary one answers department-level requests). */
export interface ComplianceEnrolment {
  id: string;
  programId: string | null;
  programName: string | null;
  primary: boolean;
}

export interface DepartmentWithCycle {
  department: ComplianceDepartment;
  enrolment: ComplianceEnrolment;
  cycle: DepartmentCycle;
}

/**
 * One department's compliance as of one day: what every surface shows (the API, the dashboard, the
 * department page, the sign-off, the three PDFs and the binder), computed once by the rules of
 * ./rules from one read of its files and proofs.
 */
export interface ComplianceSummary {
  department: ComplianceDepartment;
  enrolment: ComplianceEnrolment;
  cycle: DepartmentCycle;
  today: IsoDate;
  figures: ComplianceFigures;
}

/** The summary with every in-scope file and the whole deadline schedule (one department's views). */
export interface ComplianceSnapshot extends ComplianceSummary {
  files: FileCompliance[];
  deadlines: Deadline[];
}

export interface SnapshotOptions {
  /** The day to compute for; the clock's day by default. */
  today?: IsoDate;
  /**
   * Compute from the database even when figures are kept under the same key, and keep nothing: for a
   * caller inside a transaction that may have changed the department (the revision moves only at
   * commit, and the transaction may be rolled back).
   */
  fresh?: boolean;
}

/** Departments whose summaries are kept (a few tens of KB each: no per-file rows, no full schedule). */
const KEPT_SUMMARIES = 5_000;
/** Departments whose per-file rows and full schedule are kept as well (a few hundred KB each). */
const KEPT_SNAPSHOTS = 32;
/** Departments whose files and proof counts, as read, are kept for a new day's figures (about 150 KB each). */
const KEPT_INPUTS = 64;
const OLDEST_UNTOUCHED = 10;

/** What the figures of one department are computed from, as read: the same whatever the day, within one cycle. */
interface DepartmentInputs {
  activity: ActivityFiles;
  files: FileCoverageRow[];
  /** Per file, the assessors' findings not closed yet. */
  unclosedFindings: Map<string, number>;
}

/**
 * The compliance engine: the one place where a department's proof coverage, verdict, chapter
 * figures, coverage grid, deadline schedule and blockers are computed (the rules are in ./rules;
 * the reads, with the one predicate of a proof that counts, in ComplianceRepository).
 *
 * Figures are kept under a key made of everything they depend on: the department's compliance
 * revision (moved at commit by any change to its files, proofs or links: see the
 * ComplianceRevision migrations), its profile row (cycle dates, manual versions), the day, the
 * settings that weigh on them and the engine's code (engineFingerprint). The revision is read with
 * the profile, before the data, so a kept value is never newer than its key says and a change is
 * never answered from what was kept. Summaries are kept in memory (thousands of departments fit)
 * and in department_figures, where the figures keeper (ComplianceKeeper) computes them ahead of
 * the requests, after a change and on a new day, for every replica and restart to share; the
 * per-file rows and full schedule are kept in memory only, for the last few departments asked for.
 */
@Injectable()
export class ComplianceService {
  private readonly summaries = new DepartmentMemo<ComplianceSummary>(KEPT_SUMMARIES);
  private readonly details = new DepartmentMemo<Pick<ComplianceSnapshot, 'files' | 'deadlines'>>(KEPT_SNAPSHOTS);
  /** The rows read for a department, kept under its revision, profile and cycle but not the day: a new day recomputes them in memory. */
  private readonly inputs = new DepartmentMemo<DepartmentInputs>(KEPT_INPUTS);

  private readonly settingsKey: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ComplianceRepository,
    private readonly clock: Clock,
  ) {
    const { deadlines, readiness, siteAssessmentLeadDays, manualAdoptionMonths } = config;
    this.settingsKey = JSON.stringify([
      engineFingerprint(),
      readiness.otherThresholdPercent,
      readiness.staleDays,
      deadlines.dueSoonDays,
      deadlines.urgentDays,
      siteAssessmentLeadDays,
      manualAdoptionMonths,
      config.publicCommentNoticeDays,
    ]);
  }

  /** The clock's calendar day (UTC), like every cycle computation. */
  today(): IsoDate {
    return dayOf(this.clock.now());
  }

  /** The manager of the service's pool (no transaction). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  get windows(): DeadlineWindows {
    return { dueSoonDays: this.config.deadlines.dueSoonDays, urgentDays: this.config.deadlines.urgentDays };
  }

  get thresholdPercent(): number {
    return this.config.readiness.otherThresholdPercent;
  }

  get staleDays(): number {
    return this.config.readiness.staleDays;
  }

  /** The departments' primary enrolments (by department id, or of every non-archived department) with their current cycle, by name; no figures. */
  async cycles(manager: EntityManager, departmentIds: string[] | 'all', today: IsoDate = this.today()): Promise<DepartmentWithCycle[]> {
    return this.cyclesOf(manager, { primaryOf: departmentIds }, today);
  }

  /** Enrolments with their current cycle, by department name (primary first); no figures. */
  async cyclesOf(manager: EntityManager, selector: EnrolmentSelector, today: IsoDate = this.today()): Promise<DepartmentWithCycle[]> {
    return (await this.repository.departments(manager, selector)).map((row) => ({ department: departmentOf(row), enrolment: enrolmentOf(row), cycle: this.cycleOf(row, today) }));
  }

  /**
   * One department's snapshot with its files and schedule: its primary enrolment's, or the
   * enrolment named in `options.enrolmentId` (which must be the department's). No access check:
   * callers scope first.
   */
  async snapshot(departmentId: string, options: SnapshotOptions & { manager?: EntityManager; enrolmentId?: string | null } = {}): Promise<ComplianceSnapshot> {
    const [snapshot] = options.enrolmentId
      ? await this.enrolmentSnapshots([options.enrolmentId], options)
      : await this.snapshots([departmentId], options);
    if (!snapshot || snapshot.department.id !== departmentId) throw new NotFoundError(options.enrolmentId ? 'enrolment' : 'department', options.enrolmentId ?? departmentId);
    return snapshot;
  }

  /** The primary enrolments' snapshots with files and schedules, by department name (no access check: callers scope first). */
  async snapshots(departmentIds: string[] | 'all', options: SnapshotOptions & { manager?: EntityManager } = {}): Promise<ComplianceSnapshot[]> {
    return this.resolve({ primaryOf: departmentIds }, options, true) as Promise<ComplianceSnapshot[]>;
  }

  /** The snapshots of every enrolment of these departments (or of every non-archived one), by department name, primary first. */
  async enrolmentSnapshotsOf(departmentIds: string[] | 'all', options: SnapshotOptions & { manager?: EntityManager } = {}): Promise<ComplianceSnapshot[]> {
    return this.resolve({ allOf: departmentIds }, options, true) as Promise<ComplianceSnapshot[]>;
  }

  /** Snapshots of enrolments by id, by department name (no access check: callers scope first). */
  async enrolmentSnapshots(enrolmentIds: string[], options: SnapshotOptions & { manager?: EntityManager } = {}): Promise<ComplianceSnapshot[]> {
    return this.resolve({ enrolments: enrolmentIds }, options, true) as Promise<ComplianceSnapshot[]>;
  }

  /** The primary enrolments' summaries (no per-file rows, no full schedule), by department name (no access check: callers scope first). */
  async summariesOf(departmentIds: string[] | 'all', options: SnapshotOptions & { manager?: EntityManager } = {}): Promise<ComplianceSummary[]> {
    return this.resolve({ primaryOf: departmentIds }, options, false);
  }

  /** The summaries of every enrolment of these departments (or of every non-archived one), by department name, primary first. */
  async enrolmentSummariesOf(departmentIds: string[] | 'all', options: SnapshotOptions & { manager?: EntityManager } = {}): Promise<ComplianceSummary[]> {
    return this.resolve({ allOf: departmentIds }, options, false);
  }

  private async read(manager: EntityManager, spans: { enrolmentId: string; startsOn: IsoDate; endsOn: IsoDate; cycleYears: number }[]): Promise<Map<string, DepartmentInputs>> {
    const [activity, fileRows, findings] = await readConcurrently<[Map<string, ActivityFiles>, FileCoverageRow[], Map<string, Map<string, number>>]>(manager, [
      () => this.repository.activityFiles(manager, spans),
      () => this.repository.fileCoverage(manager, spans),
      () => this.repository.unclosedFindings(manager, spans.map((s) => s.enrolmentId)),
    ]);
    const filesBy = groupBy(fileRows, (f) => f.enrolment_id);
    return new Map(
      spans.map(({ enrolmentId }) => [
        enrolmentId,
        { activity: activity.get(enrolmentId) ?? NO_ACTIVITY, files: filesBy.get(enrolmentId) ?? [], unclosedFindings: findings.get(enrolmentId) ?? new Map<string, number>() },
      ]),
    );
  }

  private cycleOf(row: ComplianceDepartmentRow, today: IsoDate): DepartmentCycle {
    return departmentCycle({ awardDate: row.award_date, createdOn: row.created_on, cycleYears: row.cycle_years }, today, this.config.siteAssessmentLeadDays);
  }

  private async resolve(selector: EnrolmentSelector, options: SnapshotOptions & { manager?: EntityManager }, detail: boolean): Promise<ComplianceSummary[]> {
    const manager = options.manager ?? this.dataSource.manager;
    const today = options.today ?? this.today();
    const rows = await this.repository.departments(manager, selector);
    if (rows.length === 0) return [];
    const keys = new Map(rows.map((row) => [row.enrolment_id, this.keyOf(today, row)]));
    const found = new Map<string, ComplianceSummary>();
    let missing: ComplianceDepartmentRow[] = [];
    for (const row of rows) {
      const key = keys.get(row.enrolment_id) as string;
      const summary = options.fresh ? undefined : this.summaries.get(row.enrolment_id, key);
      const extra = summary && detail ? this.details.get(row.enrolment_id, key) : undefined;
      if (summary && !detail) found.set(row.enrolment_id, summary);
      else if (summary && extra) found.set(row.enrolment_id, { ...summary, ...extra });
      else missing.push(row);
    }
    if (missing.length > 0 && !detail && !options.fresh) {
      // Summaries the keeper (or another replica) computed ahead, under the very same key.
      const kept = await this.repository.keptFigures(manager, new Map(missing.map((row) => [row.enrolment_id, keys.get(row.enrolment_id) as string])));
      for (const [id, json] of kept) found.set(id, this.summaries.set(id, keys.get(id) as string, JSON.parse(json) as ComplianceSummary));
      missing = missing.filter((row) => !kept.has(row.enrolment_id));
    }
    if (missing.length > 0) {
      const keep = !options.fresh;
      for (const { files, deadlines, ...computed } of await this.compute(manager, missing, today, keep)) {
        const id = computed.enrolment.id;
        const key = keys.get(id) as string;
        if (!keep) {
          const snapshot: ComplianceSnapshot = { ...computed, files, deadlines };
          found.set(id, detail ? snapshot : computed);
          continue;
        }
        const summary = this.summaries.set(id, key, computed);
        // Per-file rows and the full schedule are kept (and frozen) only when asked for: a footprint keeps summaries alone.
        found.set(id, detail ? { ...summary, ...this.details.set(id, key, { files, deadlines }) } : summary);
      }
    }
    return rows.map((row) => found.get(row.enrolment_id) as ComplianceSummary);
  }

  /** What an enrolment recorded as done for a milestone (public-comment notice), locked in the caller's transaction. */
  milestoneRecord(manager: EntityManager, enrolmentId: string, key: string): Promise<{ doneOn: IsoDate; note: string | null } | null> {
    return this.repository.milestoneRecord(manager, enrolmentId, key);
  }

  recordMilestone(manager: EntityManager, record: { enrolmentId: string; key: string; doneOn: IsoDate; note: string | null; userId: string }): Promise<void> {
    return this.repository.recordMilestone(manager, record);
  }

  clearMilestone(manager: EntityManager, enrolmentId: string, key: string): Promise<void> {
    return this.repository.clearMilestone(manager, enrolmentId, key);
  }

  /**
   * The figures keeper's step: computes the summaries of at most `batch` departments whose kept
   * figures (department_figures) are missing or were computed under another key (a change since, a
   * new day, other settings, another release) and keeps them, for every replica and restart to read.
   * Run it holding the keeper's job lock, in a transaction of its own.
   */
  async keepFigures(manager: EntityManager, batch: number): Promise<{ computed: number; remaining: number }> {
    const today = this.today();
    const [rows, kept] = await Promise.all([this.repository.departments(manager, { allOf: 'all' }), this.repository.keptFigureKeys(manager)]);
    const outOfDate = rows.filter((row) => kept.get(row.enrolment_id) !== this.keyOf(today, row));
    const now = outOfDate.slice(0, batch);
    const keys = new Map(now.map((row) => [row.enrolment_id, this.keyOf(today, row)]));
    const computed = await this.compute(manager, now, today, true);
    await this.repository.keepFigures(
      manager,
      computed.map(({ files: _files, deadlines: _deadlines, ...summary }) => {
        const enrolmentId = summary.enrolment.id;
        const key = keys.get(enrolmentId) as string;
        return { enrolmentId, key, summary: JSON.stringify(this.summaries.set(enrolmentId, key, summary)) };
      }),
    );
    return { computed: now.length, remaining: outOfDate.length - now.length };
  }

  /** Everything a department's figures depend on besides its data: the engine's code and settings, the day, its profile and revision. */
  private keyOf(today: IsoDate, row: ComplianceDepartmentRow): string {
    return JSON.stringify([this.settingsKey, today, row]);
  }

  /**
   * The snapshots of these departments. Their rows come from memory when they were read under the
   * same revision, profile and cycle (a new day changes none of them), the others from one round of
   * two statements side by side, whatever their number: the time-sensitive files with their proofs
   * (activityFiles), and every file with its proof counts per cycle year (fileCoverage), from which
   * the milestone coverage, the verdict, the chapters, the grid and the blockers all come. With
   * `keep` false nothing comes from memory and nothing read is kept (a read inside a transaction may
   * see changes that are rolled back).
   */
  private async compute(manager: EntityManager, rows: ComplianceDepartmentRow[], today: IsoDate, keep: boolean): Promise<ComplianceSnapshot[]> {
    const cycles = new Map(rows.map((row) => [row.enrolment_id, this.cycleOf(row, today)]));
    const spanOf = (enrolmentId: string) => {
      const { startsOn, endsOn, years } = cycles.get(enrolmentId) as DepartmentCycle;
      return { enrolmentId, startsOn, endsOn, cycleYears: years.length };
    };
    const inputs = keep
      ? await this.inputs.resolve(
          new Map(rows.map((row) => [row.enrolment_id, JSON.stringify([spanOf(row.enrolment_id), row])])),
          (missing) => this.read(manager, missing.map(spanOf)),
        )
      : await this.read(manager, rows.map((row) => spanOf(row.enrolment_id)));
    const untouchedBeforeMs = Date.parse(`${addDays(today, -this.staleDays)}T00:00:00Z`);
    return rows.map((row): ComplianceSnapshot => {
      const cycle = cycles.get(row.enrolment_id) as DepartmentCycle;
      const { activity, files, unclosedFindings } = inputs.get(row.enrolment_id) as DepartmentInputs;
      const deadlines = buildSchedule(
        {
          departmentId: row.id,
          // The primary enrolment's milestones keep the department's id (as before enrolments); another program's are its enrolment's.
          milestoneScope: row.primary ? row.id : row.enrolment_id,
          cycle,
          ...activity,
          // Working cycles have no CALEA milestones, so no coverage figures.
          coverage: cycle.basis === 'award' ? (milestoneCoverage(files, cycle.years.length) ?? null) : null,
          adoption: pendingAdoptionOf(row),
          adoptionMonths: this.config.manualAdoptionMonths,
          datedFiles: datedFilesOf(files),
          publicCommentNoticeDays: this.config.publicCommentNoticeDays,
          programMilestones: row.program_milestones ?? undefined,
          milestoneRecords: new Map(row.milestone_records),
        },
        today,
        this.windows,
      );
      const { figures, files: fileFigures } = departmentCompliance({
        today,
        currentYear: cycle.currentYear,
        cycleYears: cycle.years.length,
        files,
        deadlines,
        thresholdPercent: this.thresholdPercent,
        untouchedBeforeMs,
        untouchedDays: this.staleDays,
        oldestUntouched: OLDEST_UNTOUCHED,
        unclosedFindings,
      });
      return { department: departmentOf(row), enrolment: enrolmentOf(row), cycle, today, figures, files: fileFigures, deadlines };
    });
  }
}

const NO_ACTIVITY: ActivityFiles = { files: [], proofs: [] };

/** The in-scope files with a directive review date or a waiver end date: the schedule's deadlines from the files' own data. */
function datedFilesOf(files: readonly FileCoverageRow[]): DatedFile[] {
  const dated: DatedFile[] = [];
  for (const f of files) {
    if (!f.in_scope || f.applicability === 'not_applicable') continue;
    const waiver = f.applicability === 'waived' && f.waiver_ends_on ? { reference: f.waiver_reference, grantedOn: f.waiver_date, endsOn: f.waiver_ends_on } : null;
    if (!waiver && !f.directive_reviews) continue;
    dated.push({ id: f.id, number: f.number, sortKey: f.sort_key, title: f.title, waiver, directiveReviews: f.directive_reviews ?? [] });
  }
  return dated;
}

const departmentOf = (row: ComplianceDepartmentRow): ComplianceDepartment => ({ id: row.id, name: row.name, shortName: row.short_name, archived: row.archived });

const enrolmentOf = (row: ComplianceDepartmentRow): ComplianceEnrolment => ({ id: row.enrolment_id, programId: row.program_id, programName: row.program_name, primary: row.primary });
