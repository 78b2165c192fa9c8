import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import { EnrolmentsService } from '../departments/enrolments.service';
import { ComplianceService } from '../compliance/compliance.service';
import type { AccessRole, Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import { AssessorGrantsService } from '../identity/assessor-grants.service';
import {
  ASSESSMENT_KIND_LABELS,
  FINDING_STATES,
  FindingState,
  STANDARD_REVIEW_STATUS_LABELS,
  StandardReviewStatus,
} from '../kernel/assessment-values';
import { ProofsService } from '../proofs/proofs.service';
import { AnswerRow, AssessmentRow, AssessmentsRepository, AssessmentStandardRow, FindingRow, StatusRow } from './assessments.repository';
import type {
  AnswerFindingDto,
  AssessmentDto,
  AssessmentStandardDto,
  CreateAssessmentDto,
  FindingDecisionDto,
  FindingDto,
  SetStandardStatusDto,
  StatusChangeDto,
  StatusEntryDto,
} from './dto/assessment.dto';
import { assessmentProgress, defaultDueOn, FindingAction, findingEffect, findingTransition } from './rules/assessment-rules';

const UNCLOSED: FindingState[] = ['open', 'answered'];
const ASSESSOR_ROLE: AccessRole[] = ['assessor'];

/**
 * Assessments (issue 16): review rounds of a department's file in which assigned assessors record a
 * status per standard (and bullet); a status other than "in compliance" opens a finding that the
 * department's managers answer and the assessor closes or reopens. Every change is audited; the
 * compliance engine reads unclosed findings as readiness blockers. An assessor sees only the rounds
 * they are assigned to, and of the agency's proofs only those it accepted.
 */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AssessmentsRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly grants: AssessorGrantsService,
    private readonly proofs: ProofsService,
    private readonly compliance: ComplianceService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  async create(actor: Actor, departmentId: string, dto: CreateAssessmentDto): Promise<AssessmentDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    const assessors = await this.assessorsFromGrants(actor, departmentId, dto.assessorGrantIds);
    const id = await this.dataSource.transaction(async (manager) => {
      const enrolment = await this.enrolments.resolve(manager, departmentId, dto.enrolmentId);
      if (!enrolment.manualId) throw new UnprocessableError('The department follows no manual in this program yet: choose its manual version before an assessment.');
      const [cycle] = await this.compliance.cyclesOf(manager, { enrolments: [enrolment.id] });
      const cycleLength = cycle.cycle.years.length;
      const outside = dto.cycleYears.filter((y) => y > cycleLength);
      if (outside.length > 0) {
        throw new RequestValidationError([
          { field: 'cycleYears', message: `the program's cycle lasts ${cycleLength} years: ${outside.join(', ')} ${outside.length === 1 ? 'is not one of its years' : 'are not among its years'} (1 to ${cycleLength})` },
        ]);
      }
      const assessmentId = await this.repository.insertAssessment(manager, {
        departmentId,
        enrolmentId: enrolment.id,
        manualId: enrolment.manualId,
        kind: dto.kind,
        name: dto.name.trim(),
        cycleStartsOn: cycle.cycle.startsOn,
        cycleYears: [...dto.cycleYears].sort((a, b) => a - b),
        summary: null,
        createdByUserId: actor.userId,
      });
      await this.repository.replaceAssessors(manager, assessmentId, assessors);
      const after = await this.view(manager, (await this.repository.findAssessment(manager, assessmentId)) as AssessmentRow);
      await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
        action: 'assessment.created',
        entityType: 'assessment',
        entityId: assessmentId,
        departmentId,
        after: withoutProgress(after),
      });
      return assessmentId;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, departmentId: string): Promise<AssessmentDto[]> {
    const role = this.access.assert(actor, departmentId, READ_ROLES);
    const manager = this.dataSource.manager;
    const ids = await this.repository.assessmentIdsOf(manager, departmentId, role === 'assessor' ? actor.userId : null);
    const views: AssessmentDto[] = [];
    for (const id of ids) views.push(await this.view(manager, (await this.repository.findAssessment(manager, id)) as AssessmentRow));
    return views;
  }

  async get(actor: Actor, assessmentId: string): Promise<AssessmentDto> {
    const { assessment } = await this.readable(actor, assessmentId);
    return this.view(this.dataSource.manager, assessment);
  }

  /** The assessments the actor is assigned to as an assessor (any department): who may read an assessment report. */
  async assignedAssessmentIds(actor: Actor): Promise<string[]> {
    return this.repository.assessmentIdsOfAssessor(this.dataSource.manager, actor.userId);
  }

  /** Every finding of the round (open, answered and closed), as the actor may read them, for the assessment report. */
  async findingsOfAssessment(actor: Actor, assessmentId: string): Promise<FindingDto[]> {
    const { assessment, role } = await this.readable(actor, assessmentId);
    const rows = await this.repository.findings(this.dataSource.manager, { departmentId: assessment.departmentId, states: [...FINDING_STATES], assessmentIds: [assessmentId] });
    return this.findingViews(actor, role, rows);
  }

  /** The standards of the round with the assessors' statuses (the whole standard, and each bullet with one). */
  async standards(actor: Actor, assessmentId: string): Promise<AssessmentStandardDto[]> {
    const { assessment } = await this.readable(actor, assessmentId);
    const manager = this.dataSource.manager;
    const [standards, statuses, unclosed] = await Promise.all([
      this.repository.standardsOf(manager, assessment.departmentId, assessment.manualId),
      this.repository.statusesOf(manager, [assessment.id]),
      this.repository.unclosedFindingCounts(manager, [assessment.id]),
    ]);
    const byFile = new Map<string, StatusRow[]>();
    for (const st of statuses) byFile.set(st.standardFileId, [...(byFile.get(st.standardFileId) ?? []), st]);
    return standards.map((s) => {
      const own = byFile.get(s.standard_file_id) ?? [];
      const whole = own.find((st) => st.bullet === '');
      return {
        standardFileId: s.standard_file_id,
        number: s.number,
        title: s.title,
        chapter: s.chapter,
        chapterTitle: s.chapter_title,
        level: s.level,
        applicability: s.applicability,
        bullets: s.bullets,
        status: whole ? statusEntry(whole) : notReviewed(''),
        bulletStatuses: own
          .filter((st) => st.bullet !== '')
          .sort((a, b) => a.bullet.localeCompare(b.bullet))
          .map(statusEntry),
        unclosedFindings: unclosed.get(assessment.id)?.get(s.standard_file_id) ?? 0,
      };
    });
  }

  /** An assigned assessor records a status of a standard or one of its bullets; a finding opens, changes or closes with it. */
  async setStatus(actor: Actor, assessmentId: string, fileId: string, dto: SetStandardStatusDto): Promise<StatusChangeDto> {
    const { assessment } = await this.assessorOf(actor, assessmentId);
    const bullet = dto.bullet ?? '';
    const [standard] = await this.repository.standardsOf(this.dataSource.manager, assessment.departmentId, assessment.manualId, fileId);
    if (!standard) throw new NotFoundError('standard of this assessment', fileId);
    const errors = [];
    if (bullet && !standard.bullets.some((b) => b.letter === bullet)) errors.push({ field: 'bullet', message: `standard ${standard.number} has no bullet ${bullet}` });
    if (dto.proofPage != null && !dto.proofId) errors.push({ field: 'proofPage', message: 'a page needs the proof it is a page of (proofId)' });
    if (dto.dueOn && dto.dueOn < this.compliance.today()) errors.push({ field: 'dueOn', message: 'dueOn must not be in the past' });
    if (errors.length > 0) throw new RequestValidationError(errors);
    if (dto.proofId) await this.assertProofOfFile(actor, dto.proofId, fileId, 'proofId');
    const notes = dto.notes?.trim() || null;
    const key = { assessmentId, standardFileId: fileId, bullet };
    const today = this.compliance.today();
    const findingId = await this.dataSource.transaction(async (manager) => {
      const before = await this.repository.lockedStatus(manager, key);
      await this.repository.saveStatus(manager, {
        ...(before ? { id: before.id, version: before.version } : {}),
        ...key,
        departmentId: assessment.departmentId,
        status: dto.status,
        notes,
        proofId: dto.proofId ?? null,
        proofPage: dto.proofPage ?? null,
        updatedByUserId: actor.userId,
      });
      const context = this.access.auditContext(actor, assessment.departmentId);
      await this.audit.record(manager, context, {
        action: 'assessment.status-set',
        entityType: 'assessment_status',
        entityId: assessmentId,
        departmentId: assessment.departmentId,
        before: before ? statusAudit(before, standard) : null,
        after: { standard: standard.number, standardFileId: fileId, bullet, status: dto.status, notes, proofId: dto.proofId ?? null, proofPage: dto.proofPage ?? null },
      });
      const unclosed = await this.repository.lockedUnclosedFinding(manager, key);
      const effect = findingEffect(dto.status, unclosed?.state ?? null);
      const description = notes ?? `${standard.number}${bullet ? ` bullet ${bullet}` : ''}: ${STANDARD_REVIEW_STATUS_LABELS[dto.status]}`;
      switch (effect) {
        case 'none':
          return null;
        case 'open': {
          const id = await this.repository.saveFinding(manager, {
            ...key,
            departmentId: assessment.departmentId,
            status: dto.status,
            description,
            state: 'open',
            dueOn: dto.dueOn ?? defaultDueOn(today),
            openedByUserId: actor.userId,
          });
          await this.audit.record(manager, context, {
            action: 'finding.opened',
            entityType: 'finding',
            entityId: id,
            departmentId: assessment.departmentId,
            after: { assessmentId, standard: standard.number, standardFileId: fileId, bullet, status: dto.status, description, dueOn: dto.dueOn ?? defaultDueOn(today) },
          });
          return id;
        }
        case 'update':
        case 'close': {
          const found = unclosed as NonNullable<typeof unclosed>;
          const change =
            effect === 'close'
              ? { state: 'closed' as const, closedAt: new Date(), closedByUserId: actor.userId, closeNote: notes ?? 'Found in compliance' }
              : { status: dto.status, description: notes ?? found.description, ...(dto.dueOn ? { dueOn: dto.dueOn } : {}) };
          await this.repository.saveFinding(manager, { ...found, ...change });
          await this.audit.record(manager, context, {
            action: effect === 'close' ? 'finding.closed' : 'finding.updated',
            entityType: 'finding',
            entityId: found.id,
            departmentId: assessment.departmentId,
            before: { state: found.state, status: found.status, description: found.description, dueOn: found.dueOn },
            after: change,
          });
          return found.id;
        }
      }
    });
    const statuses = await this.repository.statusesOf(this.dataSource.manager, [assessmentId]);
    const saved = statuses.find((st) => st.standardFileId === fileId && st.bullet === bullet) as StatusRow;
    return { status: statusEntry(saved), finding: findingId ? await this.finding(actor, findingId) : null };
  }

  async setSummary(actor: Actor, assessmentId: string, summary: string | null): Promise<AssessmentDto> {
    const { assessment } = await this.assessorOf(actor, assessmentId);
    const text = summary?.trim() || null;
    await this.dataSource.transaction(async (manager) => {
      await this.repository.findAssessment(manager, assessmentId, { lock: true });
      await this.repository.updateAssessment(manager, assessmentId, { summary: text });
      await this.audit.record(manager, this.access.auditContext(actor, assessment.departmentId), {
        action: 'assessment.summary-set',
        entityType: 'assessment',
        entityId: assessmentId,
        departmentId: assessment.departmentId,
        before: { summary: assessment.summary },
        after: { summary: text },
      });
    });
    return this.get(actor, assessmentId);
  }

  async setAssessors(actor: Actor, assessmentId: string, grantIds: string[]): Promise<AssessmentDto> {
    const { assessment } = await this.readable(actor, assessmentId, MANAGE_ROLES);
    const assessors = await this.assessorsFromGrants(actor, assessment.departmentId, grantIds);
    await this.dataSource.transaction(async (manager) => {
      await this.repository.findAssessment(manager, assessmentId, { lock: true });
      const before = await this.repository.assessorsOf(manager, [assessmentId]);
      await this.repository.replaceAssessors(manager, assessmentId, assessors);
      await this.repository.updateAssessment(manager, assessmentId, {});
      await this.audit.record(manager, this.access.auditContext(actor, assessment.departmentId), {
        action: 'assessment.assessors-set',
        entityType: 'assessment',
        entityId: assessmentId,
        departmentId: assessment.departmentId,
        before: { assessors: before.map((a) => ({ userId: a.user_id, grantId: a.grant_id })) },
        after: { assessors },
      });
    });
    return this.get(actor, assessmentId);
  }

  /** A department's findings: unclosed by default; an assessor sees those of the rounds they are assigned to. */
  async findings(actor: Actor, departmentId: string, query: { state?: string; assessmentId?: string } = {}): Promise<FindingDto[]> {
    const role = this.access.assert(actor, departmentId, READ_ROLES);
    const states = parseStates(query.state);
    let assessmentIds: string[] | undefined;
    if (role === 'assessor') assessmentIds = await this.repository.assessmentIdsOf(this.dataSource.manager, departmentId, actor.userId);
    if (query.assessmentId) assessmentIds = (assessmentIds ?? [query.assessmentId]).filter((id) => id === query.assessmentId);
    const rows = await this.repository.findings(this.dataSource.manager, { departmentId, states, assessmentIds });
    return this.findingViews(actor, role, rows);
  }

  async finding(actor: Actor, findingId: string): Promise<FindingDto> {
    const [row] = await this.repository.findings(this.dataSource.manager, { findingId });
    if (!row) throw new NotFoundError('finding', findingId);
    const role = await this.assertFindingReadable(actor, row);
    return (await this.findingViews(actor, role, [row]))[0];
  }

  /** A manager answers a finding: a new proof (filed in the finding's standard), a changed directive or a comment. */
  async answer(actor: Actor, findingId: string, dto: AnswerFindingDto): Promise<FindingDto> {
    const [row] = await this.repository.findings(this.dataSource.manager, { findingId });
    if (!row) throw new NotFoundError('finding', findingId);
    this.assertScoped(actor, row.departmentId, MANAGE_ROLES, findingId);
    if (dto.kind === 'new_proof' && !dto.proofId) throw new RequestValidationError([{ field: 'proofId', message: 'a new-proof answer names the proof (proofId)' }]);
    if (dto.kind !== 'new_proof' && dto.proofId) throw new RequestValidationError([{ field: 'proofId', message: 'only a new-proof answer names a proof' }]);
    if (dto.proofId) await this.assertProofOfFile(actor, dto.proofId, row.standardFileId, 'proofId');
    const text = dto.text.trim();
    if (!text) throw new RequestValidationError([{ field: 'text', message: 'text must not be blank' }]);
    await this.decide(actor, findingId, 'answer', async (manager, finding) => {
      await this.repository.insertAnswer(manager, { findingId, kind: dto.kind, text, proofId: dto.proofId ?? null, answeredByUserId: actor.userId });
      return { answer: { kind: dto.kind, text, proofId: dto.proofId ?? null }, finding };
    });
    return this.finding(actor, findingId);
  }

  async close(actor: Actor, findingId: string, dto: FindingDecisionDto): Promise<FindingDto> {
    return this.assessorDecision(actor, findingId, 'close', dto.note?.trim() || null);
  }

  async reopen(actor: Actor, findingId: string, dto: FindingDecisionDto): Promise<FindingDto> {
    return this.assessorDecision(actor, findingId, 'reopen', dto.note?.trim() || null);
  }

  private async assessorDecision(actor: Actor, findingId: string, action: 'close' | 'reopen', note: string | null): Promise<FindingDto> {
    const [row] = await this.repository.findings(this.dataSource.manager, { findingId });
    if (!row) throw new NotFoundError('finding', findingId);
    await this.assessorOf(actor, row.assessmentId);
    await this.decide(actor, findingId, action, () => Promise.resolve({ note }));
    return this.finding(actor, findingId);
  }

  /** Moves a finding by the rule (under its row lock), with the audit event; 422 when the action is not open to its state. */
  private async decide(
    actor: Actor,
    findingId: string,
    action: FindingAction,
    extra: (manager: EntityManager, finding: { id: string; state: FindingState }) => Promise<object>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const finding = await this.repository.lockedFinding(manager, findingId);
      if (!finding) throw new NotFoundError('finding', findingId);
      const next = findingTransition(finding.state, action);
      if (!next) throw new UnprocessableError(`A finding that is ${finding.state} cannot be ${action === 'answer' ? 'answered' : action === 'close' ? 'closed' : 'reopened'}.`);
      const details = await extra(manager, { id: finding.id, state: finding.state });
      const note = 'note' in details ? (details.note as string | null) : null;
      const change =
        next === 'closed'
          ? { state: next, closedAt: new Date(), closedByUserId: actor.userId, closeNote: note }
          : next === 'open'
            ? { state: next, closedAt: null, closedByUserId: null, closeNote: note }
            : { state: next };
      await this.repository.saveFinding(manager, { ...finding, ...change });
      await this.audit.record(manager, this.access.auditContext(actor, finding.departmentId), {
        action: action === 'answer' ? 'finding.answered' : action === 'close' ? 'finding.closed' : 'finding.reopened',
        entityType: 'finding',
        entityId: finding.id,
        departmentId: finding.departmentId,
        before: { state: finding.state },
        after: { ...change, ...('answer' in details ? { answer: details.answer } : {}) },
      });
    });
  }

  private async findingViews(actor: Actor, role: AccessRole, rows: FindingRow[]): Promise<FindingDto[]> {
    const answers = await this.repository.answersOf(this.dataSource.manager, rows.map((r) => r.id));
    const today = this.compliance.today();
    const views: FindingDto[] = [];
    for (const r of rows) {
      const own: AnswerRow[] = answers.filter((a) => a.findingId === r.id);
      const shown = [];
      for (const a of own) {
        // An assessor sees a proof named in an answer only once the agency has accepted it.
        const proofId = a.proofId && role === 'assessor' && !(await this.proofShown(actor, a.proofId)) ? null : a.proofId;
        shown.push({
          id: a.id,
          kind: a.kind,
          text: a.text,
          proofId,
          answeredBy: a.answeredByUserId ? { id: a.answeredByUserId, name: a.answeredByName ?? '' } : null,
          answeredAt: a.answeredAt.toISOString(),
        });
      }
      views.push({
        id: r.id,
        assessmentId: r.assessmentId,
        assessmentName: r.assessmentName,
        departmentId: r.departmentId,
        standardFileId: r.standardFileId,
        number: r.number,
        title: r.title,
        bullet: r.bullet,
        status: r.status,
        description: r.description,
        state: r.state,
        dueOn: r.dueOn,
        overdue: r.state !== 'closed' && r.dueOn < today,
        openedBy: r.openedByUserId ? { id: r.openedByUserId, name: r.openedByName ?? '' } : null,
        openedAt: r.openedAt.toISOString(),
        closedAt: r.closedAt?.toISOString() ?? null,
        closeNote: r.closeNote,
        version: r.version,
        answers: shown,
      });
    }
    return views;
  }

  private async proofShown(actor: Actor, proofId: string): Promise<boolean> {
    try {
      await this.proofs.get(actor, proofId);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** The proof, as the actor may see it (an assessor: accepted only), must be filed, live, in this standard's file. */
  private async assertProofOfFile(actor: Actor, proofId: string, fileId: string, field: string): Promise<void> {
    let links: { standardFileId: string; withdrawn: boolean }[];
    try {
      links = (await this.proofs.get(actor, proofId)).links;
    } catch (error) {
      if (error instanceof NotFoundError) throw new RequestValidationError([{ field, message: `no proof with id ${proofId} is visible to you` }]);
      throw error;
    }
    if (!links.some((l) => l.standardFileId === fileId && !l.withdrawn)) {
      throw new UnprocessableError('That proof is not filed in this standard: file it in the standard first.');
    }
  }

  private async assertFindingReadable(actor: Actor, row: FindingRow): Promise<AccessRole> {
    const role = this.assertScoped(actor, row.departmentId, READ_ROLES, row.id);
    if (role === 'assessor' && !(await this.isAssigned(actor, row.assessmentId))) throw new NotFoundError('finding', row.id);
    return role;
  }

  private assertScoped(actor: Actor, departmentId: string, roles: readonly AccessRole[], findingId: string): AccessRole {
    try {
      return this.access.assert(actor, departmentId, roles);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('finding', findingId);
      throw error;
    }
  }

  private async isAssigned(actor: Actor, assessmentId: string): Promise<boolean> {
    const assessors = await this.repository.assessorsOf(this.dataSource.manager, [assessmentId]);
    return assessors.some((a) => a.user_id === actor.userId);
  }

  /** The assessment as the actor may read it: 404 outside the department, and for an assessor not assigned to it. */
  private async readable(actor: Actor, assessmentId: string, roles: readonly AccessRole[] = READ_ROLES): Promise<{ assessment: AssessmentRow; role: AccessRole }> {
    const assessment = await this.repository.findAssessment(this.dataSource.manager, assessmentId);
    if (!assessment) throw new NotFoundError('assessment', assessmentId);
    let role: AccessRole;
    try {
      role = this.access.assert(actor, assessment.departmentId, roles);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('assessment', assessmentId);
      // A role that may read the department but not do this (a member, an assessor) is told so only when it may see the round.
      if (error instanceof ForbiddenError && this.access.allows(actor, assessment.departmentId, ASSESSOR_ROLE) && !(await this.isAssigned(actor, assessmentId))) {
        throw new NotFoundError('assessment', assessmentId);
      }
      throw error;
    }
    if (role === 'assessor' && !(await this.isAssigned(actor, assessmentId))) throw new NotFoundError('assessment', assessmentId);
    return { assessment, role };
  }

  /** The assessment for an assessor assigned to it (403 for the department's own staff and unassigned assessors). */
  private async assessorOf(actor: Actor, assessmentId: string): Promise<{ assessment: AssessmentRow }> {
    const { assessment } = await this.readable(actor, assessmentId, ASSESSOR_ROLE);
    return { assessment };
  }

  /** The assessors of these grants: each a grant on the department, not revoked or ended, that the actor manages. */
  private async assessorsFromGrants(actor: Actor, departmentId: string, grantIds: string[]): Promise<{ userId: string; grantId: string }[]> {
    if (grantIds.length === 0) return [];
    const grants = await this.grants.list(actor);
    const assessors: { userId: string; grantId: string }[] = [];
    const errors = [];
    for (const [i, grantId] of grantIds.entries()) {
      const grant = grants.find((g) => g.id === grantId);
      if (!grant || !grant.departments.some((d) => d.id === departmentId)) {
        errors.push({ field: `assessorGrantIds[${i}]`, message: `no assessor grant ${grantId} on this department is visible to you` });
      } else if (grant.state !== 'active' && grant.state !== 'pending') {
        errors.push({ field: `assessorGrantIds[${i}]`, message: `the grant ${grantId} is ${grant.state}` });
      } else if (assessors.some((a) => a.userId === grant.assessor.id)) {
        errors.push({ field: `assessorGrantIds[${i}]`, message: `${grant.assessor.email} is already assigned by another grant` });
      } else {
        assessors.push({ userId: grant.assessor.id, grantId });
      }
    }
    if (errors.length > 0) throw new RequestValidationError(errors);
    return assessors;
  }

  private async view(manager: EntityManager, assessment: AssessmentRow): Promise<AssessmentDto> {
    // One after another: inside a transaction the manager holds one connection, which runs one query at a time.
    const assessors = await this.repository.assessorsOf(manager, [assessment.id]);
    const standards = await this.repository.standardsOf(manager, assessment.departmentId, assessment.manualId);
    const statuses = await this.repository.statusesOf(manager, [assessment.id]);
    const unclosed = await this.repository.unclosedFindingCounts(manager, [assessment.id]);
    const whole = new Map(statuses.filter((st) => st.bullet === '').map((st) => [st.standardFileId, st]));
    const progress = assessmentProgress(
      standards.map((s: AssessmentStandardRow) => {
        const st = whole.get(s.standard_file_id);
        return {
          chapter: s.chapter,
          chapterTitle: s.chapter_title,
          status: st?.status ?? 'not_reviewed',
          reviewedBy: st?.updatedByUserId ? { userId: st.updatedByUserId, name: st.updatedByName ?? '' } : null,
        };
      }),
    );
    return {
      id: assessment.id,
      departmentId: assessment.departmentId,
      departmentName: assessment.departmentName,
      enrolmentId: assessment.enrolmentId,
      programName: assessment.programName,
      manualId: assessment.manualId,
      kind: assessment.kind,
      kindLabel: ASSESSMENT_KIND_LABELS[assessment.kind],
      name: assessment.name,
      cycleStartsOn: assessment.cycleStartsOn,
      cycleYears: assessment.cycleYears.map(Number),
      summary: assessment.summary,
      assessors: assessors.map((a) => ({ userId: a.user_id, name: a.name, email: a.email, grantId: a.grant_id, grantEndsOn: a.grant_ends_on })),
      createdAt: assessment.createdAt.toISOString(),
      version: assessment.version,
      progress: { ...progress, unclosedFindings: [...(unclosed.get(assessment.id)?.values() ?? [])].reduce((a, b) => a + b, 0) },
    };
  }
}

function parseStates(state: string | undefined): FindingState[] {
  if (!state) return UNCLOSED;
  const states = state.split(',').map((s) => s.trim());
  const bad = states.filter((s) => !(FINDING_STATES as readonly string[]).includes(s));
  if (bad.length > 0) throw new RequestValidationError([{ field: 'state', message: `state must be among ${FINDING_STATES.join(', ')}` }]);
  return states as FindingState[];
}

const notReviewed = (bullet: string): StatusEntryDto => ({ bullet, status: 'not_reviewed', notes: null, proofId: null, proofPage: null, updatedBy: null, updatedAt: null });

const statusEntry = (st: StatusRow): StatusEntryDto => ({
  bullet: st.bullet,
  status: st.status,
  notes: st.notes,
  proofId: st.proofId,
  proofPage: st.proofPage,
  updatedBy: st.updatedByUserId ? { id: st.updatedByUserId, name: st.updatedByName ?? '' } : null,
  updatedAt: st.updatedAt.toISOString(),
});

const statusAudit = (st: { status: StandardReviewStatus; notes: string | null; proofId: string | null; proofPage: number | null; bullet: string }, standard: AssessmentStandardRow) => ({
  standard: standard.number,
  bullet: st.bullet,
  status: st.status,
  notes: st.notes,
  proofId: st.proofId,
  proofPage: st.proofPage,
});

const withoutProgress = ({ progress: _progress, ...rest }: AssessmentDto): Omit<AssessmentDto, 'progress'> => rest;
