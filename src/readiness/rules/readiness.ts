import { compareStandardNumberParts, compareStandardNumbers, parseStandardNumber } from '../../standards/rules/natural-sort';
import { plural } from '../../common/plural';

export interface ComplianceCounts {
  /** Applicable standards (not applicable and waived ones excluded). */
  applicable: number;
  /** Of those, the ones whose result is compliant. */
  compliant: number;
}

export interface ReadinessCounts {
  mandatory: ComplianceCounts;
  other: ComplianceCounts;
}

export interface ReadinessVerdict {
  /** For display: rounded down to one decimal, so 99.96% shows as 99.9%, never as a misleading 100%. */
  mandatoryPercent: number;
  otherPercent: number;
  /** All applicable mandatory standards compliant and at least `thresholdPercent` of the others, computed exactly. */
  meetsRule: boolean;
  mandatoryMissing: number;
  /** How many more other-than-mandatory standards must become compliant to reach the threshold; 0 once reached. */
  otherNeededForThreshold: number;
  summary: string;
}

function validateCounts(name: string, { applicable, compliant }: ComplianceCounts): void {
  if (!Number.isSafeInteger(applicable) || !Number.isSafeInteger(compliant) || compliant < 0 || compliant > applicable) {
    throw new RangeError(`${name} counts must be whole numbers with 0 <= compliant <= applicable (got ${compliant} of ${applicable}).`);
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
export function readinessVerdict(counts: ReadinessCounts, thresholdPercent = 80): ReadinessVerdict {
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
  const mandatoryGap = `${plural(mandatoryMissing, 'mandatory standard is', 'mandatory standards are')} not compliant`;
  const otherGap = `${plural(otherNeededForThreshold, 'more other-than-mandatory standard is', 'more other-than-mandatory standards are')} needed to reach ${thresholdPercent}%`;

  let summary: string;
  if (meetsRule) {
    if (mandatory.applicable === 0 && other.applicable === 0) summary = 'Ready: no standards apply.';
    else if (mandatory.applicable > 0 && other.applicable > 0) summary = `Ready: ${allMandatory} and ${othersAt}.`;
    else summary = `Ready: ${mandatoryClause}, and ${otherClause}.`;
  } else if (mandatoryMissing > 0 && otherNeededForThreshold > 0) {
    summary = `Not ready: ${mandatoryGap}, and ${otherGap}.`;
  } else if (mandatoryMissing > 0) {
    summary = `Not ready: ${mandatoryGap}; ${otherClause}.`;
  } else {
    summary = `Not ready: ${mandatoryClause}, but ${otherGap}.`;
  }
  return { mandatoryPercent, otherPercent, meetsRule, mandatoryMissing, otherNeededForThreshold, summary };
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
  /** Cycle years up to the current one without a counting proof: the coverage grid's 'missing' cells. */
  missingProofYears: number;
}

export type BlockerReason = 'mandatory_missing_proofs' | 'mandatory_not_compliant' | 'other_needed_for_threshold';

const SCORES: Record<BlockerReason, number> = {
  mandatory_missing_proofs: 3,
  mandatory_not_compliant: 2,
  other_needed_for_threshold: 1,
};

/**
 * Why a file blocks readiness, or null. A mandatory file missing proofs comes first even when its
 * result says compliant: an assessor finds it non-compliant. Other-than-mandatory files block
 * only while the threshold is not reached (`otherNeededForThreshold` > 0), and only when not
 * compliant, since proofs alone do not change the count the threshold is computed on.
 */
export function blockerReason(item: BlockerCandidate, otherNeededForThreshold: number): BlockerReason | null {
  if (item.mandatory) {
    if (item.missingProofYears > 0) return 'mandatory_missing_proofs';
    return item.compliant ? null : 'mandatory_not_compliant';
  }
  return !item.compliant && otherNeededForThreshold > 0 ? 'other_needed_for_threshold' : null;
}

/** Higher blocks more: 3 mandatory missing proofs, 2 mandatory not compliant, 1 other-than-mandatory needed, 0 no blocker. */
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
