/**
 * What the PDF reports show, as plain data: no entities, no Date objects, no methods, so a view
 * model crosses a worker_threads boundary (structured clone) or a JSON file unchanged, and every
 * field maps to one SQL column or aggregate. The renderers never query anything: data gathering
 * (a later service) fills these, the renderers draw them.
 *
 * Conventions:
 * - dates are `YYYY-MM-DD` (PostgreSQL `date` as text, e.g. `to_char(d, 'YYYY-MM-DD')` or a
 *   `date` type parser returning strings); instants are ISO 8601 strings (`timestamptz` as
 *   `toISOString()`), shown in `timeZone`;
 * - counts are whole numbers; percentages are the ones readinessVerdict() computes (rounded down
 *   to one decimal, so 99.96% never shows as 100%);
 * - code values (result, status, kind ...) use the database vocabulary; the renderers turn them
 *   into words.
 * view-model-builders.ts fills the computed parts (verdict, blockers, coverage rows) from raw
 * counts and rows with the readiness rules, so the words match the API.
 */
import type { ProgramTier } from '../departments/entities/department.entity';
import type { Applicability, ComplianceResult, WorkflowStatus } from '../files/entities/standard-file.entity';
import type { ProofKind, ProofReviewState } from '../kernel/proof-types';
import type { CoverageCell, CycleYearNumber } from '../compliance/rules/coverage-grid';
import type { BlockerReason, VerdictState } from '../compliance/rules/readiness';
import type { Level, SizeClass } from '../kernel/standard-types';

export type { CoverageCell, CycleYearNumber, BlockerReason, Level, SizeClass, ProgramTier };

/** `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO 8601 instant, e.g. `2026-03-12T19:05:00.000Z`. */
export type IsoDateTime = string;

export const REPORT_KINDS = ['department-readiness', 'file-review', 'footprint', 'assessment'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Shared parts
// ---------------------------------------------------------------------------------------------

/** The department's cycle in the report's program, from departmentCycle(). */
export interface CycleView {
  /** 1 for the cycle that starts at the award date, 2 after the first reaccreditation, ... */
  number: number;
  /** How many years the cycle lasts (the program's cycle length; CALEA's: 4): the grid's columns. */
  cycleYears: number;
  /** The cycle year the department is in when the report is generated. */
  year: CycleYearNumber;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** 'working': no award yet, the cycle is the working one starting on 1 January. */
  basis: 'award' | 'working';
}

/** Who the report is about: one row of `department` plus its manual and cycle. */
export interface DepartmentHeader {
  id: string;
  name: string;
  shortName: string;
  /** The program of the enrolment the report is of (e.g. Law Enforcement); null before a manual decided it. */
  programName?: string | null;
  /** The enrolment the report is of, and whether it is the department's primary one. */
  enrolmentId?: string;
  primaryProgram?: boolean;
  /** False for a program without tiers (its tier is not shown). */
  programHasTiers?: boolean;
  programTier: ProgramTier;
  sizeClass: SizeClass;
  swornOfficers?: number | null;
  /** The manual version the department follows, e.g. '6.15'. */
  manualVersion: string;
  cycle: CycleView | null;
  /** A logo for this department (PNG or JPEG); a logo slot in the report template wins over it. */
  logoPath?: string | null;
}

/** When and for whom the report was made; shown in the running header of every page. */
export interface GenerationInfo {
  generatedAt: IsoDateTime;
  /** IANA zone the times are shown in (default UTC), e.g. 'America/Chicago'. */
  timeZone?: string;
  /** Shown on the cover, e.g. 'Demo Accreditation Manager'. */
  generatedBy?: string | null;
}

export interface ComplianceCountsView {
  applicable: number;
  compliant: number;
}

/** readinessVerdict() plus the counts it was computed from; build it with verdictView(). */
export interface VerdictView {
  /** ready, ready_pending_review (never shown as plain ready) or not_ready. */
  state: VerdictState;
  meetsRule: boolean;
  /** readinessVerdict().summary, e.g. 'Not ready: 4 mandatory standards are not compliant, ...'. */
  summary: string;
  mandatory: ComplianceCountsView & { percent: number };
  other: ComplianceCountsView & { percent: number };
  /** The configurable share of other-than-mandatory standards CALEA's rule requires (80 by default). */
  thresholdPercent: number;
  mandatoryMissing: number;
  /** Standards recorded compliant that do not count: a cycle year that has ended has no proof. */
  compliantMissingProofs: number;
  /** Standards counted compliant provisionally, on proofs awaiting review. */
  compliantPendingReview: number;
  otherNeededForThreshold: number;
}

/** One chapter's compliance: `GROUP BY chapter` over the department's applicable files. */
export interface ChapterComplianceView {
  chapter: number;
  title: string;
  mandatory: ComplianceCountsView;
  other: ComplianceCountsView;
}

/** One row of the proof coverage grid (standard x cycle year), from coverageRow(). */
export interface CoverageRowView {
  number: string;
  level: Level;
  /** One per cycle year. */
  cells: CoverageCell[];
}

export interface CoverageGridView {
  /** The cycle year the department is in (its column is highlighted); null without a cycle. */
  currentYear: CycleYearNumber | null;
  /** Column labels, one per cycle year, e.g. 'Y1 2023'; default 'Year 1', 'Year 2', ... as many as the rows have cells. */
  yearLabels?: string[];
  rows: CoverageRowView[];
}

/** An overdue or due-soon deadline, from deadlineState(). */
export interface DeadlineView {
  standardNumber: string;
  title: string;
  /** The period in words, e.g. 'Cycle year 2' or '2025 Q3'. */
  periodLabel: string;
  dueOn: IsoDate;
  state: 'overdue' | 'due_soon';
  /** Negative once overdue. */
  daysUntilDue: number;
  urgent?: boolean;
}

export interface DeadlinesView {
  /** The day the states were computed on. */
  asOf: IsoDate;
  overdue: DeadlineView[];
  dueSoon: DeadlineView[];
  /** Totals when the lists above were cut short (footprint pages); default the lists' lengths. */
  overdueTotal?: number;
  dueSoonTotal?: number;
  /** The due-soon window in days, for the caption (default 30). */
  dueSoonDays?: number;
}

/** A blocker, in orderBlockers() order (impact, then natural number order); build with blockerViews(). */
export interface BlockerView {
  number: string;
  title: string;
  level: Level;
  reason: BlockerReason;
  /** Cycle years without a counting proof (for 'mandatory_missing_proofs'). */
  missingProofYears: number;
  /** Due periods of time-sensitive activities without a counting proof. */
  missingProofPeriods: number;
  /** Of a standard with several activities, the ones with a due period unproven (none otherwise). */
  missingActivities?: string[];
}

/** A not-applicable or waived standard: the file's applicability columns. */
export interface ExclusionView {
  number: string;
  title: string;
  applicability: Exclude<Applicability, 'applicable'>;
  /** Required for not applicable. */
  reason: string | null;
  /** Waivers: the SRIC waiver's reference and date. */
  waiverReference: string | null;
  waiverDate: IsoDate | null;
  /** The last day the waiver holds, when one was recorded. */
  waiverEndsOn: IsoDate | null;
}

export interface SignatureView {
  /** The chief's name as printed under the line; null leaves a blank line to print by hand. */
  chiefName: string | null;
  /** e.g. 'Chief of Police'. */
  chiefTitle: string;
  /** Label of the date line, default 'Date'. */
  dateLine?: string;
  /** Filled when the report is generated after a sign-off (readiness_sign_off.signed_at). */
  signedOn?: IsoDate | null;
  /** The attestation above the lines. */
  statement?: string;
  /** The department's latest sign-off in the tracker, printed with its SHA-256 under the lines; null when none. */
  lastSignOff?: SignOffStampView | null;
}

/** A sign-off as printed on the signature page: who, when, the verdict then, and the hash anyone can recompute. */
export interface SignOffStampView {
  id: string;
  departmentId: string;
  /** ISO 8601 instant. */
  signedAt: string;
  signedByName: string;
  meetsRule: boolean;
  /** True when signed with the acknowledgement that it was not ready; null for legacy sign-offs. */
  acknowledgedNotReady: boolean | null;
  sha256: string;
  /** 'rfc8785' or 'legacy-pg-jsonb'. */
  snapshotFormat: string;
}

export interface MilestoneView {
  /** e.g. 'Annual web-based review (year 2)' or 'Site-based assessment'. */
  label: string;
  date: IsoDate;
}

// ---------------------------------------------------------------------------------------------
// Department readiness report (the chief's)
// ---------------------------------------------------------------------------------------------

export interface DepartmentReadinessReport {
  kind: 'department-readiness';
  cover: DepartmentHeader & GenerationInfo;
  verdict: VerdictView;
  chapters: ChapterComplianceView[];
  coverage: CoverageGridView;
  deadlines: DeadlinesView;
  blockers: BlockerView[];
  exclusions: ExclusionView[];
  signature: SignatureView;
}

// ---------------------------------------------------------------------------------------------
// File-review report (the assessor's)
// ---------------------------------------------------------------------------------------------

export interface DirectiveView {
  number: string;
  title: string;
  effectiveDate: IsoDate | null;
}

/** One proof: a `proof` row joined to its stored object and its reviewer. */
export interface ProofView {
  fileName: string;
  /** When the activity happened. */
  effectiveDate: IsoDate;
  kind: ProofKind;
  /** Hex SHA-256 of the stored bytes (the report prints a prefix). */
  sha256: string;
  reviewState: ProofReviewState;
  /** Who accepted or returned it; null while pending. */
  reviewerName: string | null;
  /** What the uploader said it shows. */
  description?: string | null;
  /** The period of a time-sensitive activity it proves, in words ("Year 1, quarter 2"). */
  period?: string | null;
  /** The activity it proves, for a standard with several (proofs of a year are listed by activity). */
  activity?: string | null;
}

export interface ProofYearView {
  cycleYear: CycleYearNumber;
  /** The coverage cell of that year (coverageCell()); decides how an empty year reads. */
  coverage: CoverageCell;
  proofs: ProofView[];
}

export interface FileReviewStandardView {
  number: string;
  title: string;
  level: Level;
  result: ComplianceResult;
  status: WorkflowStatus;
  directives: DirectiveView[];
  /** Cycle years 1 to the cycle's length (missing years read as no proofs). */
  years: ProofYearView[];
}

export interface FileReviewChapterView {
  chapter: number;
  title: string;
  standards: FileReviewStandardView[];
}

export interface FileReviewReport extends GenerationInfo {
  kind: 'file-review';
  department: DepartmentHeader;
  /** Labels of the cycle years, one per year, e.g. 'Y1 2023'; default 'Year 1' ... 'Year 4' (CALEA's cycle). */
  yearLabels?: string[];
  /** Applicable standards; the renderer prints chapters and standards in natural order. */
  chapters: FileReviewChapterView[];
  /** Only these cycle years (an assessment's binder); every year when absent. */
  yearsCovered?: CycleYearNumber[];
  /** In-scope standards that do not apply or are waived, with the reason on record. */
  exclusions?: ExclusionView[];
}

// ---------------------------------------------------------------------------------------------
// Footprint report
// ---------------------------------------------------------------------------------------------

/** One department of the footprint: its summary-row figures and its compact readiness page. */
/** Another program a footprint department is enrolled in, in one line: its verdict and cycle. */
export interface OtherProgramView {
  programName: string;
  state: VerdictState;
  mandatoryApplicable: number;
  mandatoryPercent: number;
  otherApplicable: number;
  otherPercent: number;
  cycle: CycleView;
}

export interface FootprintDepartmentView {
  department: DepartmentHeader;
  /** The department's other programs (the page is its primary one's); none when left out. */
  otherPrograms?: OtherProgramView[];
  verdict: VerdictView;
  nextMilestone: MilestoneView | null;
  chapters: ChapterComplianceView[];
  /** Possibly cut to the first few of each list; overdueTotal/dueSoonTotal carry the counts. */
  deadlines: DeadlinesView;
  /** Possibly cut to the first few; blockerTotal carries the count. */
  blockers: BlockerView[];
  blockerTotal?: number;
}

export interface FootprintReport extends GenerationInfo {
  kind: 'footprint';
  /** e.g. '24:1 footprint, North St. Louis County'. */
  title: string;
  /** The departments the user can see, in the order to print them. */
  departments: FootprintDepartmentView[];
}

/** The side-by-side row of the footprint summary; derived by footprintSummaryRow(). */
export interface FootprintSummaryRow {
  id: string;
  name: string;
  shortName: string;
  /** null when none apply. */
  mandatoryPercent: number | null;
  otherPercent: number | null;
  meetsRule: boolean;
  state: VerdictState;
  overdue: number;
  dueSoon: number;
  nextMilestone: MilestoneView | null;
}

export type ReportViewModel = DepartmentReadinessReport | FileReviewReport | FootprintReport | AssessmentReport;

export interface ReportViewModelByKind {
  'department-readiness': DepartmentReadinessReport;
  'file-review': FileReviewReport;
  footprint: FootprintReport;
  assessment: AssessmentReport;
}

// ---------------------------------------------------------------------------------------------
// Assessment report (issue 16)
// ---------------------------------------------------------------------------------------------

/** Counts of one assessment's standards: reviewed (any status but not reviewed) of total. */
export interface AssessmentProgressView {
  reviewed: number;
  total: number;
  /** As the assessments API computes it; the renderer shows a bar only when total > 0. */
  percent: number;
}

export interface AssessmentStatusView {
  /** '' for the whole standard, else the bullet's letter. */
  bullet: string;
  /** Database vocabulary (not_reviewed, in_compliance, ...). */
  status: string;
  notes: string | null;
  /** The proof (and page) the assessor pointed at, by name. */
  proof: string | null;
  by: string | null;
}

export interface AssessmentStandardView {
  number: string;
  title: string;
  chapter: number;
  chapterTitle: string | null;
  status: AssessmentStatusView;
  bullets: AssessmentStatusView[];
}

export interface AssessmentAnswerView {
  /** new_proof, changed_directive, comment. */
  kind: string;
  text: string;
  by: string | null;
  at: IsoDateTime;
  /** The proof named, by its file name; null when none (or not shown to this reader). */
  proof: string | null;
}

export interface AssessmentFindingView {
  number: string;
  title: string;
  bullet: string;
  status: string;
  description: string;
  /** open, answered, closed. */
  state: string;
  dueOn: IsoDate;
  overdue: boolean;
  openedBy: string | null;
  openedAt: IsoDateTime;
  closedAt: IsoDateTime | null;
  closeNote: string | null;
  answers: AssessmentAnswerView[];
}

export interface AssessmentReport extends GenerationInfo {
  kind: 'assessment';
  department: { id: string; name: string; shortName: string };
  assessment: { id: string; name: string; kindLabel: string; cycleStartsOn: IsoDate; cycleYears: number[]; createdAt: IsoDateTime; enrolmentId?: string; programName?: string | null };
  assessors: { name: string; email: string; grantEndsOn: IsoDate }[];
  progress: AssessmentProgressView & {
    chapters: (AssessmentProgressView & { chapter: number; title: string | null })[];
    byStatus: Record<string, number>;
    unclosedFindings: number;
  };
  standards: AssessmentStandardView[];
  findings: AssessmentFindingView[];
  summary: string | null;
}
