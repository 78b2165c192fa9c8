import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import { ASSESSMENT_KIND_LABELS, FINDING_ANSWER_KIND_LABELS, STANDARD_REVIEW_STATUS_LABELS } from '../../kernel/assessment-values';
import { CurrentPage, PageContext } from '../page-context';
import { PageQuery } from '../page-query.decorator';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { AnswerFormDto, AssessorsFormDto, CreateAssessmentFormDto, DecisionFormDto, FindingsPageQueryDto, StandardStatusFormDto, SummaryFormDto } from './assessment-pages.dto';
import { AssessmentPagesService } from './assessment-pages.service';

const UUID = new ParseUUIDPipe();
const READERS = ['admin', 'manager', 'member', 'chief', 'assessor'] as const;
const LABELS = { kinds: ASSESSMENT_KIND_LABELS, statuses: STANDARD_REVIEW_STATUS_LABELS, answers: FINDING_ANSWER_KIND_LABELS };
const assessmentPath = (departmentId: string, assessmentId: string, anchor = ''): string => `/department/${departmentId}/assessments/${assessmentId}${anchor}`;
const findingsPath = (departmentId: string, anchor = ''): string => `/department/${departmentId}/findings${anchor}`;

/** Assessments (review rounds), the assessor's status forms and the findings worklist of a department. */
@WebPages()
@Controller('department/:departmentId')
export class AssessmentPagesController {
  constructor(
    private readonly assessments: AssessmentPagesService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('assessments')
  @Access.roles(...READERS)
  async listPage(@CurrentPage() page: PageContext, @Param('departmentId', UUID) departmentId: string): Promise<string> {
    const v = await this.assessments.list(page.actor, departmentId);
    return this.pages.render('assessments/assessments', page, { title: `Assessments · ${v.department.name}`, v, labels: LABELS });
  }

  @Post('assessments')
  @Access.roles('admin', 'manager')
  async create(@CurrentPage() page: PageContext, @Param('departmentId', UUID) departmentId: string, @Body() form: CreateAssessmentFormDto, @Res() response: Response): Promise<void> {
    const assessment = await this.assessments.create(page.actor, departmentId, form);
    page.notify({ kind: 'success', message: `${assessment.name} is open.` });
    response.redirect(303, assessmentPath(departmentId, assessment.id));
  }

  @Get('assessments/:assessmentId')
  @Access.roles(...READERS)
  async assessmentPage(@CurrentPage() page: PageContext, @Param('departmentId', UUID) departmentId: string, @Param('assessmentId', UUID) assessmentId: string): Promise<string> {
    const v = await this.assessments.assessment(page.actor, departmentId, assessmentId);
    return this.pages.render('assessments/assessment', page, { title: `${v.assessment.name} · ${v.department.name}`, v, labels: LABELS });
  }

  @Post('assessments/:assessmentId/assessors')
  @Access.roles('admin', 'manager')
  async setAssessors(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('assessmentId', UUID) assessmentId: string,
    @Body() form: AssessorsFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const assessment = await this.assessments.setAssessors(page.actor, assessmentId, form);
    page.notify({ kind: 'success', message: `The assessors of ${assessment.name} are saved.` });
    response.redirect(303, assessmentPath(departmentId, assessmentId, '#assessors'));
  }

  @Post('assessments/:assessmentId/standards/:fileId')
  @Access.roles('assessor')
  async setStatus(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('assessmentId', UUID) assessmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Body() form: StandardStatusFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const change = await this.assessments.setStatus(page.actor, assessmentId, fileId, form);
    const what = `${change.finding?.number ?? 'The standard'}${form.bullet ? ` bullet ${form.bullet}` : ''}`;
    const finding = change.finding && change.finding.state !== 'closed' ? ` A finding is open, due ${change.finding.dueOn}.` : '';
    page.notify({ kind: 'success', message: `${what}: ${STANDARD_REVIEW_STATUS_LABELS[change.status.status]}.${finding}` });
    response.redirect(303, assessmentPath(departmentId, assessmentId, `#file-${fileId}`));
  }

  @Post('assessments/:assessmentId/summary')
  @Access.roles('assessor')
  async setSummary(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('assessmentId', UUID) assessmentId: string,
    @Body() form: SummaryFormDto,
    @Res() response: Response,
  ): Promise<void> {
    await this.assessments.setSummary(page.actor, assessmentId, form.summary ?? null);
    page.notify({ kind: 'success', message: 'The summary is saved.' });
    response.redirect(303, assessmentPath(departmentId, assessmentId, '#summary'));
  }

  @Get('findings')
  @Access.roles(...READERS)
  async findingsPage(@CurrentPage() page: PageContext, @Param('departmentId', UUID) departmentId: string, @PageQuery() query: FindingsPageQueryDto): Promise<string> {
    const state = query.state ?? 'unclosed';
    const v = await this.assessments.findings(page.actor, departmentId, state);
    return this.pages.render('assessments/findings', page, { title: `Findings · ${v.department.name}`, v, state, labels: LABELS });
  }

  @Post('findings/:findingId/answers')
  @Access.roles('admin', 'manager')
  async answer(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('findingId', UUID) findingId: string,
    @Body() form: AnswerFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const finding = await this.assessments.answer(page.actor, findingId, form);
    page.notify({ kind: 'success', message: `Your answer to the finding on ${finding.number} is sent to the assessor.` });
    response.redirect(303, findingsPath(departmentId, `#finding-${findingId}`));
  }

  @Post('findings/:findingId/close')
  @Access.roles('assessor')
  async close(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('findingId', UUID) findingId: string,
    @Body() form: DecisionFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const finding = await this.assessments.decide(page.actor, findingId, 'close', form);
    page.notify({ kind: 'success', message: `The finding on ${finding.number} is closed.` });
    response.redirect(303, findingsPath(departmentId, `#finding-${findingId}`));
  }

  @Post('findings/:findingId/reopen')
  @Access.roles('assessor')
  async reopen(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('findingId', UUID) findingId: string,
    @Body() form: DecisionFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const finding = await this.assessments.decide(page.actor, findingId, 'reopen', form);
    page.notify({ kind: 'success', message: `The finding on ${finding.number} is open again.` });
    response.redirect(303, findingsPath(departmentId, `#finding-${findingId}`));
  }
}
