/** The values of assessments and findings that pages and rules offer (src/assessments owns the tables). */

/** The kinds of review round an assessment is. */
export const ASSESSMENT_KINDS = ['annual_review', 'mock_assessment', 'site_assessment'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_KIND_LABELS: Record<AssessmentKind, string> = {
  annual_review: 'Annual remote review',
  mock_assessment: 'Mock assessment',
  site_assessment: 'Site-based assessment',
};

/** What an assessor records of a standard (or one of its bullets). */
export const STANDARD_REVIEW_STATUSES = ['not_reviewed', 'in_compliance', 'needs_more_proof', 'not_in_compliance', 'not_applicable_questioned'] as const;
export type StandardReviewStatus = (typeof STANDARD_REVIEW_STATUSES)[number];

export const STANDARD_REVIEW_STATUS_LABELS: Record<StandardReviewStatus, string> = {
  not_reviewed: 'Not reviewed',
  in_compliance: 'In compliance',
  needs_more_proof: 'Needs more proof',
  not_in_compliance: 'Not in compliance',
  not_applicable_questioned: 'Not applicable questioned',
};

/** open: the department has to answer; answered: the assessor has to close or reopen; closed. */
export const FINDING_STATES = ['open', 'answered', 'closed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** How a manager answers a finding. */
export const FINDING_ANSWER_KINDS = ['new_proof', 'changed_directive', 'comment'] as const;
export type FindingAnswerKind = (typeof FINDING_ANSWER_KINDS)[number];

export const FINDING_ANSWER_KIND_LABELS: Record<FindingAnswerKind, string> = {
  new_proof: 'New proof',
  changed_directive: 'Changed directive',
  comment: 'Comment',
};
