import { compareStandardNumberParts, compareStandardNumbers, parseStandardNumber } from '../../standards/rules/natural-sort';
import { plural } from '../../common/plural';
import type { ProofReviewState } from '../../kernel/proof-types';
import type { CycleYearNumber } from './coverage-grid';

/**
 * Whether one proof link counts toward a file's coverage, by its review state (the one predicate):
 * - counts: accepted;
 * - provisional: pending (awaiting review): it covers its year or period, but a verdict resting
 *   on it says so (ready_pending_review), never plain ready;
 * - none: returned, withdrawn (state or withdrawn link), or filed in another cycle (the caller
 *   passes only the current cycle's links).
 */
export type ProofCount = 'counts' | 'provisional' | 'none';

export function proofCount(reviewState: ProofReviewState, withdrawn: boolean): ProofCount {
  if (withdrawn) return 'none';
  switch (reviewState) {
    case 'accepted':
      return 'counts';
    case 'pending':
      return 'provisional';
    case 'returned':
    case 'withdrawn':
      return 'none';
  }
}

export interface ComplianceCounts {
  /** Applicable standards (not applicable and waived ones excluded). */
  applicable: number;
  /** Of those, the ones that count as compliant: result compliant and proofs for every ended cycle year (fileStanding). */
  compliant: number;
  /** Of the others, the ones recorded compliant whose proofs do not cover the ended cycle years ("compliant on paper, missing proofs"); 0 when absent. */
  compliantMissingProofs?: number;
  /** Of the compliant ones, those counted provisionally: what is due is covered only with proofs awaiting review; 0 when absent. */
  compliantPendingReview?: number;
}

/**
 * How one applicable standard stands for the verdict:
 * - compliant: its result is compliant and accepted proofs cover what is due by today;
 * - compliant_pending_review: its result is compliant and what is due is covered, but only thanks
 *   to proofs awaiting review (it counts provisionally: the verdict says so);
 * - compliant_missing_proofs: its result is compliant, but something due has no counting proof at
 *   all (an assessor would find it not in compliance, so it does not count);
 * - not_compliant: its result is anything else.
 * What is due by today: every cycle year that has ended, and every period of each time-sensitive
 * activity whose due date has passed (a no-activity memo is the proof for a period). The current
 * cycle year is not due yet: its proof may come until the year ends.
 * Activities: a standard with several activities (1.2.9: an annual administrative review and an
 * annual refresher training) has one series of periods per activity, each met only by proofs
 * filed for that activity, so a year proven for one activity and not the other is a missing
 * period (the blocker names the activity). A per-event activity has no periods: it requires
 * nothing until its reminder (if it has one) is due, that many days after the last event filed in
 * the cycle (or the cycle's start); a passed reminder with no event or no-activity memo filed is a
 * missing period like any other. Without a reminder a per-event activity weighs on nothing.
 */
export type FileStanding = 'compliant' | 'compliant_pending_review' | 'compliant_missing_proofs' | 'not_compliant';

/** Proof counts per cycle year, 1 to the cycle's length (index 0 is year 1). */
export type ProofsByYear = readonly number[];

/** Cycle years before `currentYear` (the years that have ended) with no counting proof. */
export function endedYearsWithoutProof(proofsByYear: ProofsByYear, currentYear: CycleYearNumber): number {
  if (!Number.isInteger(currentYear) || currentYear < 1 || currentYear > proofsByYear.length) {
    throw new RangeError(`The current year must be a year of the cycle, 1 to ${proofsByYear.length} (got ${currentYear}).`);
  }
  let missing = 0;
  for (let year = 1; year < currentYear; year++) if (proofsByYear[year - 1] === 0) missing++;
  return missing;
}

/**
 * The periods of a file's time-sensitive activities whose due date has passed, by how they are
 * proven (every kind of proof dated in the period counts, a no-activity memo included):
 * `unmet` with no counting proof at all, `awaitingReview` with proofs awaiting review only.
 */
export interface DuePeriods {
  unmet: number;
  awaitingReview: number;
}

export interface FileProofs {
  result: string;
  /** Counting proofs (accepted or awaiting review) per cycle year of the current cycle. */
  proofsByYear: ProofsByYear;
  /** Of those, the accepted ones; when left out, every counting proof is taken as accepted. */
  acceptedByYear?: ProofsByYear;
  currentYear: CycleYearNumber;
  /** Time-sensitive periods due by today; none when left out (not a time-sensitive standard). */
  duePeriods?: DuePeriods;
}

/** What the verdict holds against a file: ended years and due periods with no counting proof. */
export function missingProofs(file: Omit<FileProofs, 'result'>): { years: number; periods: number } {
  return { years: endedYearsWithoutProof(file.proofsByYear, file.currentYear), periods: file.duePeriods?.unmet ?? 0 };
}

/** The one rule for whether an applicable standard counts toward the verdict (see FileStanding). */
export function fileStanding(file: FileProofs): FileStanding {
  if (file.result !== 'compliant') return 'not_compliant';
  const missing = missingProofs(file);
  if (missing.years > 0 || missing.periods > 0) return 'compliant_missing_proofs';
  const provisionalYears = file.acceptedByYear ? endedYearsWithoutProof(file.acceptedByYear, file.currentYear) : 0;
  return provisionalYears > 0 || (file.duePeriods?.awaitingReview ?? 0) > 0 ? 'compliant_pending_review' : 'compliant';
}

/**
 * The proofs awaiting review a provisionally counted file rests on: those of the ended cycle years
 * with no accepted proof (every counting proof there awaits review), or, when more, the due periods
 * proven only by proofs awaiting review (at least one proof each). The larger of the two, not their
 * sum: one proof usually proves both its cycle year and its period, and must not be counted twice.
 * 0 for a file that does not rest on any.
 */
export function proofsRestedOnAwaitingReview(file: FileProofs): number {
  if (fileStanding(file) !== 'compliant_pending_review') return 0;
  let inYears = 0;
  const accepted = file.acceptedByYear ?? file.proofsByYear;
  for (let year = 1; year < file.currentYear; year++) if (accepted[year - 1] === 0) inYears += file.proofsByYear[year - 1];
  return Math.max(inYears, file.duePeriods?.awaitingReview ?? 0);
}

/** Adds one applicable standard of this standing to `into` (a provisional one counts as compliant, and is counted as such). */
export function tallyStanding(into: ComplianceCounts, standing: FileStanding): void {
  into.applicable++;
  switch (standing) {
    case 'compliant':
      into.compliant++;
      break;
    case 'compliant_pending_review':
      into.compliant++;
      into.compliantPendingReview = (into.compliantPendingReview ?? 0) + 1;
      break;
    case 'compliant_missing_proofs':
      into.compliantMissingProofs = (into.compliantMissingProofs ?? 0) + 1;
      break;
    case 'not_compliant':
      break;
  }
}

export interface ReadinessCounts {
  mandatory: ComplianceCounts;
  other: ComplianceCounts;
}

/**
 * The verdict's state: ready (the rule is met on accepted proofs), ready_pending_review (met only
 * when the proofs awaiting review it rests on are accepted: never plain ready), not_ready.
 */
export const VERDICT_STATES = ['ready', 'ready_pending_review', 'not_ready'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];

/** How every surface names a state (a verdict resting on proofs awaiting review never reads as plain ready). */
export const VERDICT_LABELS: Record<VerdictState, string> = { ready: 'Ready', ready_pending_review: 'Ready once reviewed', not_ready: 'Not ready' };
/** The same, in a chip as narrow as 'Not ready' (footprint rows). */
export const VERDICT_SHORT_LABELS: Record<VerdictState, string> = { ready: 'Ready', ready_pending_review: 'In review', not_ready: 'Not ready' };

export interface ReadinessVerdict {
  state: VerdictState;
  /** For display: rounded down to one decimal, so 99.96% shows as 99.9%, never as a misleading 100%. */
  mandatoryPercent: number;
  otherPercent: number;
  /** All applicable mandatory standards compliant and at least `thresholdPercent` of the others, computed exactly. */
  meetsRule: boolean;
  mandatoryMissing: number;
  /** Standards recorded compliant that do not count because proofs for an ended cycle year are missing (mandatory and other). */
  compliantMissingProofs: number;
  /** Standards counted compliant provisionally, on proofs awaiting review (mandatory and other). */
  compliantPendingReview: number;
  /** How many more other-than-mandatory standards must become compliant to reach the threshold; 0 once reached. */
  otherNeededForThreshold: number;
  summary: string;
}

function validateCounts(name: string, { applicable, compliant, compliantMissingProofs = 0, compliantPendingReview = 0 }: ComplianceCounts): void {
  if (!Number.isSafeInteger(compliantPendingReview) || compliantPendingReview < 0 || compliantPendingReview > compliant) {
    throw new RangeError(`${name}: standards counted on proofs awaiting review must be a whole number of 0 or more, at most the compliant ones (got ${compliantPendingReview}).`);
  }
  if (!Number.isSafeInteger(applicable) || !Number.isSafeInteger(compliant) || compliant < 0 || compliant > applicable) {
    throw new RangeError(`${name} counts must be whole numbers with 0 <= compliant <= applicable (got ${compliant} of ${applicable}).`);
  }
  if (!Number.isSafeInteger(compliantMissingProofs) || compliantMissingProofs < 0 || compliant + compliantMissingProofs > applicable) {
    throw new RangeError(`${name}: compliant on paper but missing proofs must be a whole number of 0 or more, at most the applicable ones not counted (got ${compliantMissingProofs}).`);
  }
}

// With no applicable standards there is nothing left to comply with.
const percent = ({ applicable, compliant }: ComplianceCounts): number =>
  applicable === 0 ? 100 : Math.floor((compliant * 1000) / applicable) / 10;


/**
 * CALEA's rule (configurable threshold): every applicable mandatory standard compliant, and at least
 * `thresholdPercent` of the applicable other-than-mandatory ones. Integer arithmetic only, so 80% of
 * 5 needs exactly 4 and no rounding decides a verdict.
 */
/**
 * `proofsAwaitingReview`: how many proofs awaiting review the provisionally counted standards rest
 * on, for the summary ("Ready once 3 proofs awaiting review are accepted").
 */
export function readinessVerdict(counts: ReadinessCounts, thresholdPercent = 80, proofsAwaitingReview = 0): ReadinessVerdict {
  validateCounts('Mandatory', counts.mandatory);
  validateCounts('Other-than-mandatory', counts.other);
  if (!Number.isInteger(thresholdPercent) || thresholdPercent < 0 || thresholdPercent > 100) {
    throw new RangeError(`The threshold must be a whole percentage from 0 to 100 (got ${thresholdPercent}).`);
  }
  const { mandatory, other } = counts;
  const mandatoryMissing = mandatory.applicable - mandatory.compliant;
  const othersMeetThreshold = other.compliant * 100 >= thresholdPercent * other.applicable;
  // The smallest n with (compliant + n) * 100 >= threshold * applicable.
  const otherNeededForThreshold = othersMeetThreshold ? 0 : Math.ceil((thresholdPercent * other.applicable) / 100) - other.compliant;
  const meetsRule = mandatoryMissing === 0 && othersMeetThreshold;
  const mandatoryPending = mandatory.compliantPendingReview ?? 0;
  const otherPending = other.compliantPendingReview ?? 0;
  // Met on accepted proofs alone: no mandatory standard rests on a proof awaiting review, and the others reach the threshold without theirs.
  const meetsOnAccepted = meetsRule && mandatoryPending === 0 && (other.compliant - otherPending) * 100 >= thresholdPercent * other.applicable;
  const state: VerdictState = !meetsRule ? 'not_ready' : meetsOnAccepted ? 'ready' : 'ready_pending_review';
  const mandatoryPercent = percent(mandatory);
  const otherPercent = percent(other);

  const allMandatory =
    mandatory.applicable === 1
      ? 'the one applicable mandatory standard'
      : `all ${mandatory.applicable} applicable mandatory standards`;
  const mandatoryClause =
    mandatory.applicable === 0 ? 'no mandatory standards apply' : `${allMandatory} ${mandatory.applicable === 1 ? 'is' : 'are'} compliant`;
  const othersAt = `${otherPercent}% of other-than-mandatory standards are compliant (${thresholdPercent}% required)`;
  const otherClause = other.applicable === 0 ? 'no other-than-mandatory standards apply' : othersAt;
  const mandatoryOnPaper = mandatory.compliantMissingProofs ?? 0;
  const otherOnPaper = other.compliantMissingProofs ?? 0;
  const mandatoryGap =
    `${plural(mandatoryMissing, 'mandatory standard is', 'mandatory standards are')} not compliant` +
    (mandatoryOnPaper > 0 ? ` (${mandatoryOnPaper} of them compliant on paper but missing proofs)` : '');
  const otherGap =
    `${plural(otherNeededForThreshold, 'more other-than-mandatory standard is', 'more other-than-mandatory standards are')} needed to reach ${thresholdPercent}%` +
    (otherOnPaper > 0 ? ` (${otherOnPaper} compliant on paper but missing proofs)` : '');

  let summary: string;
  if (meetsRule) {
    const ready =
      state === 'ready'
        ? 'Ready'
        : proofsAwaitingReview > 0
          ? `Ready once ${plural(proofsAwaitingReview, 'proof awaiting review is', 'proofs awaiting review are')} accepted`
          : 'Ready once the proofs awaiting review are accepted';
    if (mandatory.applicable === 0 && other.applicable === 0) summary = `${ready}: no standards apply.`;
    else if (mandatory.applicable > 0 && other.applicable > 0) summary = `${ready}: ${allMandatory} and ${othersAt}.`;
    else summary = `${ready}: ${mandatoryClause}, and ${otherClause}.`;
  } else if (mandatoryMissing > 0 && otherNeededForThreshold > 0) {
    summary = `Not ready: ${mandatoryGap}, and ${otherGap}.`;
  } else if (mandatoryMissing > 0) {
    summary = `Not ready: ${mandatoryGap}; ${otherClause}.`;
  } else {
    summary = `Not ready: ${mandatoryClause}, but ${otherGap}.`;
  }
  return {
    state,
    mandatoryPercent,
    otherPercent,
    meetsRule,
    mandatoryMissing,
    compliantMissingProofs: mandatoryOnPaper + otherOnPaper,
    compliantPendingReview: mandatoryPending + otherPending,
    otherNeededForThreshold,
    summary,
  };
}

/**
 * One applicable standard file, as far as blockers are concerned (not applicable and waived files
 * are never blockers, so they are left out by the caller).
 */
export interface BlockerCandidate {
  /** Standard number, e.g. '4.2.4'; orders blockers of equal impact naturally. */
  number: string;
  /** Mandatory (M) for the department's size class, rather than other-than-mandatory (O). */
  mandatory: boolean;
  /** The file's compliance result is 'compliant'. */
  compliant: boolean;
  /**
   * Cycle years that have ended without a counting proof (endedYearsWithoutProof): what the verdict
   * holds against the file. The current year's proof is not due yet (the grid still shows it missing).
   */
  missingProofYears: number;
  /** Time-sensitive periods due by today with no counting proof (DuePeriods.unmet); 0 when left out. */
  missingProofPeriods?: number;
  /** An assessor's findings on the standard that are not closed yet; 0 when left out. */
  unclosedFindings?: number;
}

export type BlockerReason = 'mandatory_missing_proofs' | 'mandatory_not_compliant' | 'open_finding' | 'other_needed_for_threshold';

const SCORES: Record<BlockerReason, number> = {
  mandatory_missing_proofs: 4,
  mandatory_not_compliant: 3,
  open_finding: 2,
  other_needed_for_threshold: 1,
};

/**
 * Why a file blocks readiness, or null: exactly the files the verdict does not count (fileStanding).
 * A mandatory file missing proofs for an ended cycle year comes first even when its result says
 * compliant: an assessor finds it non-compliant. A missing proof for the current year is not due
 * yet and blocks nothing. Other-than-mandatory files block only while the threshold is not
 * reached (`otherNeededForThreshold` > 0), and only when they do not count.
 */
export function blockerReason(item: BlockerCandidate, otherNeededForThreshold: number): BlockerReason | null {
  const missing = item.missingProofYears + (item.missingProofPeriods ?? 0);
  const finding = (item.unclosedFindings ?? 0) > 0 ? 'open_finding' : null;
  if (item.mandatory) {
    if (missing > 0) return 'mandatory_missing_proofs';
    return item.compliant ? finding : 'mandatory_not_compliant';
  }
  const counts = item.compliant && missing === 0;
  return !counts && otherNeededForThreshold > 0 ? 'other_needed_for_threshold' : finding;
}

/**
 * Higher blocks more: 4 mandatory missing proofs, 3 mandatory not compliant, 2 an assessor's
 * finding not closed yet (on a standard the verdict counts), 1 other-than-mandatory needed, 0 no blocker.
 */
export function blockerScore(item: BlockerCandidate, otherNeededForThreshold: number): number {
  const reason = blockerReason(item, otherNeededForThreshold);
  return reason ? SCORES[reason] : 0;
}

/**
 * The blockers among `items`, by impact, then in natural standard-number order. Extra fields of
 * the items (ids, titles) are kept.
 */
export function orderBlockers<T extends BlockerCandidate>(
  items: readonly T[],
  otherNeededForThreshold: number,
): (T & { reason: BlockerReason })[] {
  // Each number is parsed once, not on every comparison (a department has hundreds of blockers).
  const blockers = items.flatMap((item) => {
    const reason = blockerReason(item, otherNeededForThreshold);
    return reason ? [{ blocker: { ...item, reason }, score: SCORES[reason], parts: parseStandardNumber(item.number) }] : [];
  });
  return blockers
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.parts && b.parts ? compareStandardNumberParts(a.parts, b.parts) : compareStandardNumbers(a.blocker.number, b.blocker.number)),
    )
    .map((b) => b.blocker);
}
