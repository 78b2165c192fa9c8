import type { AssessmentDto, AssessmentStandardDto, FindingDto, StatusEntryDto } from '../assessments/dto/assessment.dto';
import type { AssessmentReport, AssessmentStatusView, GenerationInfo } from './view-models';

/** Names of the proofs the report mentions (by id), as the reader may see them; a proof missing here is not named. */
export type ProofNames = ReadonlyMap<string, string>;

/** Every proof id an assessment's statuses and answers point at. */
export function proofIdsOf(standards: readonly AssessmentStandardDto[], findings: readonly FindingDto[]): string[] {
  const ids = new Set<string>();
  for (const s of standards) for (const st of [s.status, ...s.bulletStatuses]) if (st.proofId) ids.add(st.proofId);
  for (const f of findings) for (const a of f.answers) if (a.proofId) ids.add(a.proofId);
  return [...ids];
}

function statusView(st: StatusEntryDto, proofs: ProofNames): AssessmentStatusView {
  const name = st.proofId ? proofs.get(st.proofId) : undefined;
  return {
    bullet: st.bullet,
    status: st.status,
    notes: st.notes,
    proof: name ? (st.proofPage != null ? `${name}, page ${st.proofPage}` : name) : null,
    by: st.updatedBy?.name || null,
  };
}

/**
 * The assessment report's view model from what the assessments API answers (the same figures the
 * pages show): the round, its standards with their statuses, its findings with their answers.
 */
export function assessmentReportView(
  input: { assessment: AssessmentDto; shortName: string; standards: readonly AssessmentStandardDto[]; findings: readonly FindingDto[]; proofs: ProofNames },
  generation: GenerationInfo,
): AssessmentReport {
  const { assessment: a, proofs } = input;
  return {
    kind: 'assessment',
    ...generation,
    department: { id: a.departmentId, name: a.departmentName, shortName: input.shortName },
    assessment: { id: a.id, name: a.name, kindLabel: a.kindLabel, cycleStartsOn: a.cycleStartsOn, cycleYears: [...a.cycleYears], createdAt: a.createdAt, enrolmentId: a.enrolmentId, programName: a.programName },
    assessors: a.assessors.map((x) => ({ name: x.name, email: x.email, grantEndsOn: x.grantEndsOn })),
    progress: {
      reviewed: a.progress.reviewed,
      total: a.progress.total,
      percent: a.progress.percent,
      chapters: a.progress.chapters.map((c) => ({ chapter: c.chapter, title: c.title, reviewed: c.reviewed, total: c.total, percent: c.percent })),
      byStatus: { ...a.progress.byStatus },
      unclosedFindings: a.progress.unclosedFindings,
    },
    standards: input.standards.map((s) => ({
      number: s.number,
      title: s.title,
      chapter: s.chapter,
      chapterTitle: s.chapterTitle,
      status: statusView(s.status, proofs),
      bullets: s.bulletStatuses.map((b) => statusView(b, proofs)),
    })),
    findings: input.findings.map((f) => ({
      number: f.number,
      title: f.title,
      bullet: f.bullet,
      status: f.status,
      description: f.description,
      state: f.state,
      dueOn: f.dueOn,
      overdue: f.overdue,
      openedBy: f.openedBy?.name || null,
      openedAt: f.openedAt,
      closedAt: f.closedAt,
      closeNote: f.closeNote,
      answers: f.answers.map((x) => ({ kind: x.kind, text: x.text, by: x.answeredBy?.name || null, at: x.answeredAt, proof: x.proofId ? (proofs.get(x.proofId) ?? null) : null })),
    })),
    summary: a.summary,
  };
}
