/** What a proof is: a document, a dated and signed memo saying there was nothing to act on in the period, or a note of an observation. */
export const PROOF_KINDS = ['document', 'no_activity_memo', 'observation_note'] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

/** A manager accepts a pending proof or returns it with a reason; withdrawing keeps it, with a reason, but it no longer counts. */
export const PROOF_REVIEW_STATES = ['pending', 'accepted', 'returned', 'withdrawn'] as const;
export type ProofReviewState = (typeof PROOF_REVIEW_STATES)[number];
