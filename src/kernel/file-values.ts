/** The values a standard file's work takes (stored in standard_file; shown and chosen on the pages). */
export const APPLICABILITIES = ['applicable', 'not_applicable', 'waived'] as const;
export type Applicability = (typeof APPLICABILITIES)[number];
export const RESULTS = ['not_assessed', 'compliant', 'partially_compliant', 'non_compliant'] as const;
export type ComplianceResult = (typeof RESULTS)[number];
export const WORKFLOW_STATUSES = ['to_do', 'in_progress', 'in_review', 'accepted', 'returned'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];
