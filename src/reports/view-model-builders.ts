/**
 * Pure helpers that fill the computed parts of the view models from what SQL returns (counts and
 * rows), with the readiness rules, so a report says exactly what the API says.
 */
import { CoverageCell, coverageRow, CycleYearNumber, missingYears } from '../compliance/rules/coverage-grid';
import { BlockerCandidate, orderBlockers, ReadinessCounts, ReadinessVerdict, readinessVerdict } from '../compliance/rules/readiness';
import { compareStandardNumbers } from '../standards/rules/natural-sort';
import { CALEA_CYCLE_YEARS } from '../kernel/program-values';
import type { Level } from '../kernel/standard-types';
import {
  BlockerView,
  CoverageRowView,
  CycleView,
  FileReviewChapterView,
  FileReviewStandardView,
  FootprintDepartmentView,
  FootprintSummaryRow,
  VerdictView,
} from './view-models';

/** The verdict block from the two count pairs and the configured threshold (synthetic reports: the engine's figures use verdictViewOf()). */
export function verdictView(counts: ReadinessCounts, thresholdPercent = 80, proofsAwaitingReview = 0): VerdictView {
  return verdictViewOf({ ...readinessVerdict(counts, thresholdPercent, proofsAwaitingReview), thresholdPercent }, counts);
}

/** The verdict block of a verdict already computed (the compliance engine's) and the counts it was computed from. */
export function verdictViewOf(v: ReadinessVerdict & { thresholdPercent: number }, counts: ReadinessCounts): VerdictView {
  return {
    state: v.state,
    meetsRule: v.meetsRule,
    summary: v.summary,
    mandatory: { applicable: counts.mandatory.applicable, compliant: counts.mandatory.compliant, percent: v.mandatoryPercent },
    other: { applicable: counts.other.applicable, compliant: counts.other.compliant, percent: v.otherPercent },
    thresholdPercent: v.thresholdPercent,
    mandatoryMissing: v.mandatoryMissing,
    compliantMissingProofs: v.compliantMissingProofs,
    compliantPendingReview: v.compliantPendingReview,
    otherNeededForThreshold: v.otherNeededForThreshold,
  };
}

export interface BlockerInput {
  number: string;
  title: string;
  level: Level;
  compliant: boolean;
  missingProofYears: number;
}

/** The blockers among a department's applicable files, ordered by impact (orderBlockers()). */
export function blockerViews(files: readonly BlockerInput[], otherNeededForThreshold: number): BlockerView[] {
  const candidates = files.map((f): BlockerInput & BlockerCandidate => ({ ...f, mandatory: f.level === 'M' }));
  return orderBlockers(candidates, otherNeededForThreshold).map(({ number, title, level, reason, missingProofYears }) => ({
    number,
    title,
    level,
    reason,
    missingProofYears,
    missingProofPeriods: 0,
  }));
}

/** A coverage-grid row from proof counts per cycle year (`COUNT(*) ... GROUP BY file, cycle_year`). */
export function coverageRowView(input: {
  number: string;
  level: Level;
  proofsByYear: Partial<Record<CycleYearNumber, number>>;
  currentYear: CycleYearNumber;
  cycleYears: number;
  notApplicable: boolean;
}): CoverageRowView {
  return { number: input.number, level: input.level, cells: coverageRow(input) };
}

/** Missing cells of a row: the `missingProofYears` of a blocker. */
export function coverageRowMissing(cells: readonly CoverageCell[]): number {
  return missingYears(cells);
}

/** 'Y1 2023-24' style labels of a cycle's years; 'Year 1' ... 'Year 4' (CALEA's cycle) without a cycle. */
export function cycleYearLabels(cycle: CycleView | null): string[] {
  if (!cycle) return defaultYearLabels(CALEA_CYCLE_YEARS);
  const start = Number(cycle.startsOn.slice(0, 4));
  const sameYear = cycle.startsOn.slice(5) === '01-01';
  return Array.from({ length: cycle.cycleYears }, (_, i) => {
    const from = start + i;
    return sameYear ? `Y${i + 1} ${from}` : `Y${i + 1} ${from}-${String(from + 1).slice(2)}`;
  });
}

/** 'Year 1' ... 'Year n'. */
export function defaultYearLabels(cycleYears: number): string[] {
  return Array.from({ length: cycleYears }, (_, i) => `Year ${i + 1}`);
}

/**
 * Chapters and standards in natural order (1.2.9 before 1.2.10, chapter 4 before 12), whatever
 * order the rows came in. Standards are sorted within each chapter; chapters by number.
 */
export function sortFileReviewChapters(chapters: readonly FileReviewChapterView[]): FileReviewChapterView[] {
  return [...chapters]
    .sort((a, b) => a.chapter - b.chapter)
    .map((c) => ({ ...c, standards: [...c.standards].sort((a, b) => compareStandardNumbers(a.number, b.number)) }));
}

/** Groups flat file rows (one per standard, with its chapter) into chapters, in natural order. */
export function groupByChapter<S extends FileReviewStandardView>(
  rows: readonly (S & { chapter: number; chapterTitle: string })[],
): FileReviewChapterView[] {
  const byChapter = new Map<number, FileReviewChapterView>();
  for (const { chapter, chapterTitle, ...standard } of rows) {
    let c = byChapter.get(chapter);
    if (!c) byChapter.set(chapter, (c = { chapter, title: chapterTitle, standards: [] }));
    c.standards.push(standard);
  }
  return sortFileReviewChapters([...byChapter.values()]);
}

/** The footprint's side-by-side row of one department. */
export function footprintSummaryRow(d: FootprintDepartmentView): FootprintSummaryRow {
  return {
    id: d.department.id,
    name: d.department.name,
    shortName: d.department.shortName,
    mandatoryPercent: d.verdict.mandatory.applicable === 0 ? null : d.verdict.mandatory.percent,
    otherPercent: d.verdict.other.applicable === 0 ? null : d.verdict.other.percent,
    meetsRule: d.verdict.meetsRule,
    state: d.verdict.state,
    overdue: d.deadlines.overdueTotal ?? d.deadlines.overdue.length,
    dueSoon: d.deadlines.dueSoonTotal ?? d.deadlines.dueSoon.length,
    nextMilestone: d.nextMilestone,
  };
}
