import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../../assessments/assessments.service';
import { AnswerFindingDto, CreateAssessmentDto, FindingDecisionDto, SetAssessorsDto, SetStandardStatusDto } from '../../assessments/dto/assessment.dto';
import type { AssessmentDto, AssessmentStandardDto, FindingDto, StatusChangeDto } from '../../assessments/dto/assessment.dto';
import { DepartmentsService } from '../../departments/departments.service';
import type { DepartmentDto } from '../../departments/dto/department.dto';
import type { Actor, AccessRole } from '../../identity/access/actor';
import { DepartmentAccessService, READ_ROLES } from '../../identity/access/department-access.service';
import { AssessorGrantsService } from '../../identity/assessor-grants.service';
import { NotFoundError } from '../../common/errors';
import { ProofsService } from '../../proofs/proofs.service';
import { validatedAsApi } from '../api-dto';
import { formatDate } from '../view-helpers';
import type { AnswerFormDto, AssessorsFormDto, CreateAssessmentFormDto, DecisionFormDto, StandardStatusFormDto } from './assessment-pages.dto';

/** A live grant on the department that a manager may assign to a round. */
export interface GrantChoice {
  grantId: string;
  name: string;
  email: string;
  startsOn: string;
  endsOn: string;
}

export interface AssessmentsListView {
  department: DepartmentDto;
  role: AccessRole;
  canManage: boolean;
  assessments: AssessmentDto[];
  grants: GrantChoice[];
  /** The years a new round may offer: 1 to the longest cycle of the department's programs (the chosen program's length is checked when the round is opened). */
  cycleYears: number[];
  /** The department's programs, the main one first: the form offers the choice when there are several, the list names each round's. */
  programs: { enrolmentId: string; programName: string; cycleYears: number }[];
}

export interface ChapterGroup {
  chapter: number;
  title: string | null;
  standards: AssessmentStandardDto[];
}

export interface AssessmentView {
  department: DepartmentDto;
  role: AccessRole;
  canManage: boolean;
  /** The actor is one of the round's assessors: the status forms are theirs. */
  isAssessor: boolean;
  assessment: AssessmentDto;
  chapters: ChapterGroup[];
  findings: FindingDto[];
  grants: GrantChoice[];
}

export interface FindingsView {
  department: DepartmentDto;
  role: AccessRole;
  canManage: boolean;
  findings: FindingDto[];
  /** Ids of the rounds the actor assesses (close / reopen buttons show on their findings only). */
  assessing: string[];
  /** For a manager: by standard file of an unclosed finding, the proofs an answer may name. */
  proofChoices: Record<string, ProofChoice[]>;
}

export interface ProofChoice {
  proofId: string;
  label: string;
}

const MANAGE: readonly AccessRole[] = ['admin', 'manager'];

/** The assessment pages' data, from the assessments, grants and departments services. */
@Injectable()
export class AssessmentPagesService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly grants: AssessorGrantsService,
    private readonly departments: DepartmentsService,
    private readonly access: DepartmentAccessService,
    private readonly proofs: ProofsService,
  ) {}

  async list(actor: Actor, departmentId: string): Promise<AssessmentsListView> {
    const role = this.access.assert(actor, departmentId, READ_ROLES);
    const [department, assessments] = await Promise.all([this.departments.get(actor, departmentId), this.assessments.list(actor, departmentId)]);
    const canManage = MANAGE.includes(role);
    const programs = department.enrolments.map((e) => ({ enrolmentId: e.id, programName: e.programName ?? 'Program not chosen yet', cycleYears: e.programCycleYears }));
    // Every department has its primary enrolment, so there is always one program.
    const cycleYears = Array.from({ length: Math.max(...programs.map((p) => p.cycleYears)) }, (_, i) => i + 1);
    return { department, role, canManage, assessments, grants: canManage ? await this.liveGrants(actor, departmentId) : [], cycleYears, programs };
  }

  async assessment(actor: Actor, departmentId: string, assessmentId: string): Promise<AssessmentView> {
    const role = this.access.assert(actor, departmentId, READ_ROLES);
    const assessment = await this.assessments.get(actor, assessmentId);
    if (assessment.departmentId !== departmentId) throw new NotFoundError('assessment', assessmentId);
    const [department, standards, findings] = await Promise.all([
      this.departments.get(actor, departmentId),
      this.assessments.standards(actor, assessmentId),
      this.assessments.findings(actor, departmentId, { state: 'open,answered,closed', assessmentId }),
    ]);
    const chapters: ChapterGroup[] = [];
    for (const s of standards) {
      let group = chapters.find((c) => c.chapter === s.chapter);
      if (!group) chapters.push((group = { chapter: s.chapter, title: s.chapterTitle, standards: [] }));
      group.standards.push(s);
    }
    const canManage = MANAGE.includes(role);
    const isAssessor = role === 'assessor' && assessment.assessors.some((a) => a.userId === actor.userId);
    return { department, role, canManage, isAssessor, assessment, chapters, findings, grants: canManage ? await this.liveGrants(actor, departmentId) : [] };
  }

  async findings(actor: Actor, departmentId: string, state: 'unclosed' | 'closed' | 'all'): Promise<FindingsView> {
    const role = this.access.assert(actor, departmentId, READ_ROLES);
    const states = state === 'unclosed' ? 'open,answered' : state === 'closed' ? 'closed' : 'open,answered,closed';
    const [department, findings, assessments] = await Promise.all([
      this.departments.get(actor, departmentId),
      this.assessments.findings(actor, departmentId, { state: states }),
      this.assessments.list(actor, departmentId),
    ]);
    const assessing = role === 'assessor' ? assessments.filter((a) => a.assessors.some((x) => x.userId === actor.userId)).map((a) => a.id) : [];
    const canManage = MANAGE.includes(role);
    const proofChoices = canManage ? await this.proofChoices(actor, findings) : {};
    return { department, role, canManage, findings, assessing, proofChoices };
  }

  /** The filings in each unclosed finding's file (the current cycle, newest year first, then those of earlier cycles still shown; withdrawn ones left out). */
  private async proofChoices(actor: Actor, findings: FindingDto[]): Promise<Record<string, ProofChoice[]>> {
    const choices: Record<string, ProofChoice[]> = {};
    for (const fileId of new Set(findings.filter((f) => f.state !== 'closed').map((f) => f.standardFileId))) {
      const filed = await this.proofs.listForFile(actor, fileId, false);
      const items = [...[...filed.years].sort((a, b) => b.cycleYear - a.cycleYear).flatMap((y) => y.items), ...filed.otherCycles.items];
      const seen = new Set<string>();
      choices[fileId] = items
        .filter((item) => !item.withdrawn && !seen.has(item.proofId) && seen.add(item.proofId))
        .map((item) => ({ proofId: item.proofId, label: `${item.proof.fileName} (year ${item.cycleYear} of the cycle from ${formatDate(item.cycleStartsOn)}, ${item.state})` }));
    }
    return choices;
  }

  async create(actor: Actor, departmentId: string, form: CreateAssessmentFormDto): Promise<AssessmentDto> {
    const dto = validatedAsApi(CreateAssessmentDto, { ...form });
    return this.assessments.create(actor, departmentId, dto);
  }

  async setAssessors(actor: Actor, assessmentId: string, form: AssessorsFormDto): Promise<AssessmentDto> {
    const dto = validatedAsApi(SetAssessorsDto, { ...form });
    return this.assessments.setAssessors(actor, assessmentId, dto.assessorGrantIds);
  }

  async setStatus(actor: Actor, assessmentId: string, fileId: string, form: StandardStatusFormDto): Promise<StatusChangeDto> {
    const plain: Record<string, unknown> = { status: form.status, notes: form.notes ?? null, proofId: form.proofId ?? null, proofPage: form.proofPage ?? null };
    if (form.bullet) plain.bullet = form.bullet;
    if (form.dueOn) plain.dueOn = form.dueOn;
    return this.assessments.setStatus(actor, assessmentId, fileId, validatedAsApi(SetStandardStatusDto, plain));
  }

  async setSummary(actor: Actor, assessmentId: string, summary: string | null): Promise<AssessmentDto> {
    return this.assessments.setSummary(actor, assessmentId, summary);
  }

  async answer(actor: Actor, findingId: string, form: AnswerFormDto): Promise<FindingDto> {
    const dto = validatedAsApi(AnswerFindingDto, { kind: form.kind, text: form.text, proofId: form.proofId ?? null });
    return this.assessments.answer(actor, findingId, dto);
  }

  async decide(actor: Actor, findingId: string, action: 'close' | 'reopen', form: DecisionFormDto): Promise<FindingDto> {
    const dto = validatedAsApi(FindingDecisionDto, { note: form.note ?? null });
    return action === 'close' ? this.assessments.close(actor, findingId, dto) : this.assessments.reopen(actor, findingId, dto);
  }

  /** The department's grants that are live (not revoked, not ended), for the assessor checkboxes. */
  private async liveGrants(actor: Actor, departmentId: string): Promise<GrantChoice[]> {
    const grants = await this.grants.list(actor);
    return grants
      .filter((g) => (g.state === 'active' || g.state === 'pending') && g.departments.some((d) => d.id === departmentId))
      .map((g) => ({ grantId: g.id, name: g.assessor.displayName, email: g.assessor.email, startsOn: g.startsOn, endsOn: g.endsOn }));
  }
}
