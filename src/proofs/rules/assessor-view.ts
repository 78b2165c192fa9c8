/**
 * What an assessor sees of a department's filings: only those the agency has accepted and not
 * withdrawn. Proofs awaiting the agency's own review, returned ones (with their internal reasons)
 * and withdrawn ones stay inside the agency.
 */
export function shownToAssessor(reviewState: string, withdrawn: boolean): boolean {
  return reviewState === 'accepted' && !withdrawn;
}
