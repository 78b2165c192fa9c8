import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { FileWorkService } from '../../files/file-work.service';
import { Access } from '../../identity/access/access.decorator';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { AssignChapterFormDto, ChapterNotApplicableFormDto, DepartmentPageQueryDto, EnrolmentQueryDto, MilestoneRecordFormDto } from './department-page.dto';
import { MilestoneRecordsService } from '../../deadlines/milestone-records.service';
import { MilestoneKeyPipe } from '../../deadlines/milestone-key.pipe';
import { RecordMilestoneDto } from '../../deadlines/dto/milestone-record.dto';
import { validatedAsApi } from '../api-dto';
import { formatDate } from '../view-helpers';
import { DepartmentPageService } from './department-page.service';
import { PageQuery } from '../page-query.decorator';
import { plural } from '../../common/plural';


/** The department page (readiness, chapters, coverage grid, deadlines, files) and its chapter-wide forms. */
@WebPages()
@Controller()
export class DepartmentPagesController {
  constructor(
    private readonly department: DepartmentPageService,
    private readonly work: FileWorkService,
    private readonly milestones: MilestoneRecordsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('department/:departmentId')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  async departmentPage(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @PageQuery() query: DepartmentPageQueryDto,
  ): Promise<string> {
    const view = await this.department.view(page.actor, departmentId, query);
    return this.pages.render('department/department', page, { title: view.department.name, d: view });
  }

  @Post('department/:departmentId/assign-chapter')
  @Access.roles('admin', 'manager')
  async assignChapter(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() form: AssignChapterFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.work.assignChapter(page.actor, departmentId, { chapter: form.chapter, assigneeUserId: form.assigneeUserId ?? null });
    const whom = form.assigneeUserId ? 'assigned' : 'unassigned';
    page.notify({ kind: 'success', message: `Chapter ${form.chapter}: ${plural(result.changed, 'file', 'files')} ${whom}.` });
    response.redirect(303, `/department/${departmentId}?chapter=${form.chapter}#files`);
  }

  @Post('department/:departmentId/milestones/:key/record')
  @Access.roles('admin', 'manager')
  async recordMilestone(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Param('key', MilestoneKeyPipe) key: string,
    @Body() form: MilestoneRecordFormDto,
    @Query() query: EnrolmentQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const recorded = await this.milestones.record(page.actor, departmentId, key, validatedAsApi(RecordMilestoneDto, { doneOn: form.doneOn }), query.enrolment);
    page.notify({ kind: 'success', message: `${recorded.title}: recorded as done on ${formatDate(recorded.doneOn)}.` });
    response.redirect(303, `/department/${departmentId}${query.enrolment ? `?enrolment=${query.enrolment}` : ''}#flash`);
  }

  @Post('department/:departmentId/chapter-not-applicable')
  @Access.roles('admin', 'manager')
  async chapterNotApplicable(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() form: ChapterNotApplicableFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const result = await this.work.markChapterNotApplicable(page.actor, departmentId, { chapter: form.chapter, reason: form.reason });
    page.notify({ kind: 'success', message: `Chapter ${form.chapter}: ${plural(result.changed, 'file', 'files')} marked not applicable.` });
    response.redirect(303, `/department/${departmentId}?chapter=${form.chapter}#files`);
  }
}
