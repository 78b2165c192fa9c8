import type { GeneratedReportKind } from '../entities/generated-report.entity';

/**
 * Whether an assessor may list and download a department's report. A file review drawn by the
 * department's staff lists every filing (proofs awaiting review, returned and withdrawn ones, who
 * reviewed them): an internal working copy. The assessor's own file reviews show only what the
 * agency accepted (ReportDataService.fileReview with acceptedOnly), so those are theirs; the
 * readiness report is the chief's signed verdict, made to be handed to assessors.
 *
 * GeneratedReportsRepository filters lists with the same rule in SQL (ASSESSOR_REPORTS_SQL).
 */
export function reportShownToAssessor(report: { kind: GeneratedReportKind; generatedByRole: string }): boolean {
  return report.kind !== 'file-review' || report.generatedByRole === 'assessor';
}

/** reportShownToAssessor() as a condition on generated_report, for lists. */
export const ASSESSOR_REPORTS_SQL = `(kind <> 'file-review' OR generated_by_role = 'assessor')`;
