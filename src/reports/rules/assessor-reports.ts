import type { GeneratedReportKind } from '../entities/generated-report.entity';

/**
 * Whether an assessor may list and download a department's report. A file review drawn by the
 * department's staff lists every filing (proofs awaiting review, returned and withdrawn ones, who
 * reviewed them): an internal working copy. The assessor's own file reviews show only what the
 * agency accepted (ReportDataService.fileReview with acceptedOnly), so those are theirs; the
 * readiness report is the chief's signed verdict, made to be handed to assessors. An assessment
 * report belongs to its round: only the assessors assigned to that assessment read it (whoever
 * generated it), not every assessor with a grant on the department (a mock assessor of another
 * round included).
 *
 * GeneratedReportsRepository filters lists with the same rule in SQL (ASSESSOR_REPORTS_SQL and,
 * for assessment reports, the assigned assessments as a parameter).
 */
export function reportShownToAssessor(
  report: { kind: GeneratedReportKind; generatedByRole: string; assessmentId?: string | null },
  assignedAssessmentIds: ReadonlySet<string> = new Set(),
): boolean {
  switch (report.kind) {
    case 'file-review':
      return report.generatedByRole === 'assessor';
    case 'assessment':
      return !!report.assessmentId && assignedAssessmentIds.has(report.assessmentId);
    case 'readiness':
    case 'footprint':
      return true;
  }
}

/** reportShownToAssessor() for the file review, as a condition on generated_report, for lists. */
export const ASSESSOR_REPORTS_SQL = `(kind <> 'file-review' OR generated_by_role = 'assessor')`;
