/**
 * What an assessor sees of a department's filings: only those the agency has accepted and not
 * withdrawn. Proofs awaiting the agency's own review, returned ones (with their internal reasons)
 * and withdrawn ones stay inside the agency.
 */
export function shownToAssessor(link: { review_state: string; withdrawn_at: Date | null }): boolean {
  return link.review_state === 'accepted' && link.withdrawn_at === null;
}
