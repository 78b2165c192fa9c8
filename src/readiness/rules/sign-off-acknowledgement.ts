/**
 * A chief may sign off a snapshot that is not plainly ready only by saying so: the acknowledgement
 * is recorded in the signed snapshot. "Plainly ready" means the verdict meets CALEA's rule with
 * nothing provisional in it (a verdict that is ready only once proofs awaiting review are accepted
 * needs the acknowledgement too).
 */

/** The parts of a verdict the acknowledgement looks at; later verdict states add their counts here. */
export interface VerdictForSignOff {
  meetsRule: boolean;
  mandatoryMissing: number;
  compliantMissingProofs: number;
  otherNeededForThreshold: number;
  /** ready, ready_pending_review or not_ready (readinessVerdict's state). */
  state: 'ready' | 'ready_pending_review' | 'not_ready';
  /** Proofs awaiting review the verdict relies on ("ready once N proofs are accepted"); 0 unless the state is ready_pending_review. */
  proofsAwaitingReviewForVerdict: number;
}

/** What is not ready, in words, one line each; empty when the verdict is plainly ready. */
export function notReadyReasons(verdict: VerdictForSignOff): string[] {
  const reasons: string[] = [];
  const standards = (n: number): string => `${n} standard${n === 1 ? '' : 's'}`;
  if (verdict.mandatoryMissing > 0) reasons.push(`${verdict.mandatoryMissing} mandatory ${verdict.mandatoryMissing === 1 ? 'standard does' : 'standards do'} not count as compliant`);
  if (verdict.compliantMissingProofs > 0) reasons.push(`${standards(verdict.compliantMissingProofs)} recorded compliant ${verdict.compliantMissingProofs === 1 ? 'is' : 'are'} missing proofs for a cycle year that has ended`);
  if (verdict.otherNeededForThreshold > 0) reasons.push(`${verdict.otherNeededForThreshold} more other-than-mandatory ${verdict.otherNeededForThreshold === 1 ? 'standard is' : 'standards are'} needed to reach the threshold`);
  const pending = verdict.proofsAwaitingReviewForVerdict;
  if (pending > 0) reasons.push(`${pending} proof${pending === 1 ? '' : 's'} awaiting review must be accepted first`);
  if (!verdict.meetsRule && reasons.length === 0) reasons.push("the verdict does not meet CALEA's rule");
  return reasons;
}

/** True when signing off this verdict needs the chief's explicit acknowledgement. */
export function signOffNeedsAcknowledgement(verdict: VerdictForSignOff): boolean {
  return verdict.state !== 'ready' || !verdict.meetsRule;
}
