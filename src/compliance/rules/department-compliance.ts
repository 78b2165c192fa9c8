import type { IsoDate } from '../../kernel/accreditation-cycle';
import type { Level } from '../../kernel/standard-types';
import { countsByYear, CoverageCell, coverageRow, CycleYearNumber } from './coverage-grid';
import { Deadline, isMilestone } from './deadline-schedule';
import { countsInVerdict } from './waiver';
import {
  BlockerReason,
  ComplianceCounts,
  DuePeriods,
  endedYearsWithoutProof,
  FileProofs,
  FileStanding,
  fileStanding,
  orderBlockers,
  ProofsByYear,
  proofsRestedOnAwaitingReview,
  ReadinessVerdict,
  readinessVerdict,
  tallyStanding,
} from './readiness';

/** One file of a department as the engine reads it (ComplianceRepository.fileCoverage). */
export interface EngineFileInput {
  id: string;
  number: string;
  title: string;
  chapter: number;
  chapter_title: string | null;
  in_scope: boolean;
  level: Level;
  applicability: string;
  result: string;
  updated_ms: number;
  /** Counting proofs (accepted or awaiting review) per year of the current cycle. */
  proofs: ProofsByYear;
  /** Of those, the accepted ones. */
  accepted: ProofsByYear;
  /** Proofs awaiting review, any cycle. */
  pending: number;
  /** The last day a waiver holds: after it, the standard counts again (countsInVerdict). */
  waiver_ends_on: IsoDate | null;
}

export interface DepartmentComplianceInput {
  today: IsoDate;
  currentYear: CycleYearNumber;
  /** The cycle's length in years: every file's proof counts have one per year. */
  cycleYears: number;
  /** Every file of the department (in scope or not), in natural order. */
  files: readonly EngineFileInput[];
  /** The department's schedule as of `today` (buildSchedule): its due activity periods weigh on the verdict. */
  deadlines: readonly Deadline[];
  thresholdPercent: number;
  /** Applicable files last changed before this instant are "untouched" ... */
  untouchedBeforeMs: number;
  /** ... that is, for this many days. */
  untouchedDays: number;
  /** How many of the longest-untouched files to list. */
  oldestUntouched: number;
  /** Per file id, the assessors' findings not closed yet (none when left out). */
  unclosedFindings?: ReadonlyMap<string, number>;
}

export type CountsWithPercent = Required<ComplianceCounts> & { percent: number };

/** One in-scope file with everything every surface shows of it. */
export interface FileCompliance {
  id: string;
  number: string;
  title: string;
  chapter: number;
  level: Level;
  applicability: string;
  result: string;
  updatedMs: number;
  proofsByYear: ProofsByYear;
  acceptedByYear: ProofsByYear;
  /** Due time-sensitive periods (none for other standards). */
  duePeriods: DuePeriods;
  /** null for a file that is not applicable or waived (it is in no count). */
  standing: FileStanding | null;
  /** One per cycle year. */
  cells: CoverageCell[];
}

export interface ChapterCompliance {
  chapter: number;
  title: string | null;
  mandatory: CountsWithPercent;
  other: CountsWithPercent;
  notApplicable: number;
}

export interface ComplianceBlocker {
  standardFileId: string;
  number: string;
  title: string;
  level: Level;
  result: string;
  /** Ended cycle years with no counting proof. */
  missingProofYears: number;
  /** Due time-sensitive periods with no counting proof. */
  missingProofPeriods: number;
  /** An assessor's findings on the standard not closed yet. */
  unclosedFindings: number;
  /**
   * Each due period with no counting proof, naming its activity ("1.2.9 Refresher training,
   * year 2: no proof"), in schedule order: a standard with several activities is compliant only
   * when every activity's due periods are proven, and the blocker says which one is not.
   */
  missingActivityPeriods: MissingActivityPeriod[];
  reason: BlockerReason;
}

/** One due activity period with no counting proof (see missingActivityPeriod()). */
export interface MissingActivityPeriod {
  activityKey: string | null;
  activityName: string | null;
  periodKey: string;
  dueOn: IsoDate;
  text: string;
}

export interface DeadlineCounts {
  overdue: number;
  dueSoon: number;
  urgent: number;
}

/** The figures of one department that every surface shows, computed once (see departmentCompliance()). */
export interface ComplianceFigures {
  mandatory: CountsWithPercent;
  other: CountsWithPercent;
  notApplicable: number;
  verdict: ReadinessVerdict & { thresholdPercent: number; proofsAwaitingReviewForVerdict: number };
  chapters: ChapterCompliance[];
  /** Every blocker, by impact then natural order. */
  blockers: ComplianceBlocker[];
  coverageTotals: { present: number; missing: number; notRequired: number };
  deadlineCounts: DeadlineCounts;
  /** Overdue and due-soon deadlines, in schedule order. */
  overdue: Deadline[];
  dueSoon: Deadline[];
  /** The earliest review, assessment or adoption date on or after today. */
  nextMilestone: Deadline | null;
  /** Proofs awaiting review in any file and cycle. */
  proofsAwaitingReview: number;
  untouched: { days: number; count: number; oldest: { standardFileId: string; number: string; title: string; updatedAt: string }[] };
}

const zero = (): Required<ComplianceCounts> => ({ applicable: 0, compliant: 0, compliantMissingProofs: 0, compliantPendingReview: 0 });
const withPercent = (counts: Required<ComplianceCounts>, percent: number): CountsWithPercent => ({ ...counts, percent });

/**
 * The due periods of each time-sensitive file: its activity periods whose due date has passed,
 * unmet (overdue) or proven only by proofs awaiting review.
 */
export function duePeriodsByFile(deadlines: readonly Deadline[]): Map<string, DuePeriods> {
  const byFile = new Map<string, DuePeriods>();
  for (const d of deadlines) {
    if (d.kind !== 'activity' || d.standardFileId === null || d.daysUntilDue >= 0) continue;
    if (d.state !== 'overdue' && d.state !== 'met_awaiting_review') continue;
    let due = byFile.get(d.standardFileId);
    if (!due) byFile.set(d.standardFileId, (due = { unmet: 0, awaitingReview: 0 }));
    if (d.state === 'overdue') due.unmet++;
    else due.awaitingReview++;
  }
  return byFile;
}

const NO_DUE_PERIODS: DuePeriods = Object.freeze({ unmet: 0, awaitingReview: 0 });

/**
 * How a blocker names one unmet period: the standard, its activity and the period in words
 * ("1.2.9 Refresher training, year 2: no proof"; a quarter reads "year 1 Q3"; a per-event
 * activity's reminder reads "next event due 2025-03-01").
 */
export function missingActivityPeriod(d: Pick<Deadline, 'standardNumber' | 'activityKey' | 'activityName' | 'key' | 'dueOn'>): MissingActivityPeriod {
  const cycle = /^\d{4}-Y(\d)(?:-(.+))?$/.exec(d.key);
  const period = cycle ? `year ${cycle[1]}${cycle[2] ? ` ${cycle[2]}` : ''}` : `next event due ${d.dueOn}`;
  const what = [d.standardNumber, d.activityName].filter((x) => x).join(' ');
  return { activityKey: d.activityKey, activityName: d.activityName, periodKey: d.key, dueOn: d.dueOn, text: `${what}, ${period}: no proof` };
}

/** Per file, its due activity periods with no counting proof, in schedule order (the `unmet` of duePeriodsByFile, named). */
export function missingActivityPeriodsByFile(deadlines: readonly Deadline[]): Map<string, MissingActivityPeriod[]> {
  const byFile = new Map<string, MissingActivityPeriod[]>();
  for (const d of deadlines) {
    if (d.kind !== 'activity' || d.standardFileId === null || d.daysUntilDue >= 0 || d.state !== 'overdue') continue;
    let missing = byFile.get(d.standardFileId);
    if (!missing) byFile.set(d.standardFileId, (missing = []));
    missing.push(missingActivityPeriod(d));
  }
  return byFile;
}

/**
 * One department's compliance, every figure from the same files and schedule by the rules of
 * ./readiness: each applicable file's standing (result, ended cycle years and due periods), the
 * verdict, the chapter bars, the coverage grid, the blockers, the deadline counts and the proofs
 * awaiting review. Every surface (API, pages, sign-off, PDFs, binder) shows these and nothing
 * recomputed elsewhere.
 */
export function departmentCompliance(input: DepartmentComplianceInput): { figures: ComplianceFigures; files: FileCompliance[] } {
  const { currentYear, cycleYears, thresholdPercent } = input;
  const duePeriods = duePeriodsByFile(input.deadlines);
  const mandatory = zero();
  const other = zero();
  const chapters = new Map<number, { title: string | null; mandatory: Required<ComplianceCounts>; other: Required<ComplianceCounts>; inScope: number }>();
  const files: FileCompliance[] = [];
  const coverageTotals = { present: 0, missing: 0, notRequired: 0 };
  let inScope = 0;
  let restedOn = 0;
  let proofsAwaitingReview = 0;
  const untouched: FileCompliance[] = [];

  for (const row of input.files) {
    proofsAwaitingReview += row.pending;
    if (!row.in_scope) continue;
    inScope++;
    let chapter = chapters.get(row.chapter);
    if (!chapter) chapters.set(row.chapter, (chapter = { title: row.chapter_title, mandatory: zero(), other: zero(), inScope: 0 }));
    chapter.inScope++;
    const applicable = countsInVerdict(row.applicability, row.waiver_ends_on, input.today);
    const due = duePeriods.get(row.id) ?? NO_DUE_PERIODS;
    let standing: FileStanding | null = null;
    if (applicable) {
      const proofs: FileProofs = { result: row.result, proofsByYear: row.proofs, acceptedByYear: row.accepted, currentYear, duePeriods: due };
      standing = fileStanding(proofs);
      restedOn += proofsRestedOnAwaitingReview(proofs);
      tallyStanding(row.level === 'M' ? mandatory : other, standing);
      tallyStanding(row.level === 'M' ? chapter.mandatory : chapter.other, standing);
    }
    const cells = coverageRow({ proofsByYear: countsByYear(row.proofs), currentYear, cycleYears, notApplicable: !applicable });
    for (const cell of cells) {
      if (cell === 'present') coverageTotals.present++;
      else if (cell === 'missing') coverageTotals.missing++;
      else coverageTotals.notRequired++;
    }
    const file: FileCompliance = {
      id: row.id,
      number: row.number,
      title: row.title,
      chapter: row.chapter,
      level: row.level,
      applicability: row.applicability,
      result: row.result,
      updatedMs: row.updated_ms,
      proofsByYear: row.proofs,
      acceptedByYear: row.accepted,
      duePeriods: due,
      standing,
      cells,
    };
    files.push(file);
    if (applicable && row.updated_ms < input.untouchedBeforeMs) untouched.push(file);
  }

  const verdict = readinessVerdict({ mandatory, other }, thresholdPercent, restedOn);
  const missingPeriods = missingActivityPeriodsByFile(input.deadlines);
  const blockers = orderBlockers(
    files
      .filter((f) => f.standing !== null)
      .map((f) => ({
        file: f,
        number: f.number,
        mandatory: f.level === 'M',
        compliant: f.result === 'compliant',
        missingProofYears: endedYearsWithoutProof(f.proofsByYear, currentYear),
        missingProofPeriods: f.duePeriods.unmet,
        unclosedFindings: input.unclosedFindings?.get(f.id) ?? 0,
      })),
    verdict.otherNeededForThreshold,
  ).map(
    (b): ComplianceBlocker => ({
      standardFileId: b.file.id,
      number: b.number,
      title: b.file.title,
      level: b.file.level,
      result: b.file.result,
      missingProofYears: b.missingProofYears,
      missingProofPeriods: b.missingProofPeriods,
      unclosedFindings: b.unclosedFindings,
      missingActivityPeriods: b.missingProofPeriods > 0 ? (missingPeriods.get(b.file.id) ?? []) : [],
      reason: b.reason,
    }),
  );

  const deadlineCounts: DeadlineCounts = { overdue: 0, dueSoon: 0, urgent: 0 };
  const overdue: Deadline[] = [];
  const dueSoon: Deadline[] = [];
  let nextMilestone: Deadline | null = null;
  for (const d of input.deadlines) {
    if (d.state === 'overdue') {
      deadlineCounts.overdue++;
      overdue.push(d);
    } else if (d.state === 'due_soon') {
      deadlineCounts.dueSoon++;
      if (d.urgent) deadlineCounts.urgent++;
      dueSoon.push(d);
    }
    if (isMilestone(d.kind) && d.dueOn >= input.today && (!nextMilestone || d.dueOn < nextMilestone.dueOn)) nextMilestone = d;
  }

  const oldest = untouched
    .sort((a, b) => a.updatedMs - b.updatedMs)
    .slice(0, input.oldestUntouched)
    .map((f) => ({ standardFileId: f.id, number: f.number, title: f.title, updatedAt: new Date(f.updatedMs).toISOString() }));

  return {
    files,
    figures: {
      mandatory: withPercent(mandatory, verdict.mandatoryPercent),
      other: withPercent(other, verdict.otherPercent),
      notApplicable: inScope - mandatory.applicable - other.applicable,
      verdict: { ...verdict, thresholdPercent, proofsAwaitingReviewForVerdict: restedOn },
      chapters: [...chapters.entries()]
        .sort(([a], [b]) => a - b)
        .map(([chapter, c]): ChapterCompliance => {
          const chapterVerdict = readinessVerdict({ mandatory: c.mandatory, other: c.other }, thresholdPercent);
          return {
            chapter,
            title: c.title,
            mandatory: withPercent(c.mandatory, chapterVerdict.mandatoryPercent),
            other: withPercent(c.other, chapterVerdict.otherPercent),
            notApplicable: c.inScope - c.mandatory.applicable - c.other.applicable,
          };
        }),
      blockers,
      coverageTotals,
      deadlineCounts,
      overdue,
      dueSoon,
      nextMilestone,
      proofsAwaitingReview,
      untouched: { days: input.untouchedDays, count: untouched.length, oldest },
    },
  };
}
