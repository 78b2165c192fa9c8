import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import type { GeneratedReportDto } from '../../reports/dto/report.dto';
import { ReportsService } from '../../reports/reports.service';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { REPORT_KIND_LABELS, ReportsPageService } from './reports-page.service';
import { GenerateReportFormDto, ReportsPageQueryDto } from './reports-pages.dto';
import { PageQuery } from '../page-query.decorator';

const generatedMessage = (report: GeneratedReportDto): string =>
  `Report generated: ${report.fileName} (${report.pages} page${report.pages === 1 ? '' : 's'}). It is at the top of the list; download it there.`;

/** Generating and downloading the PDF reports and the proof binder. */
@WebPages()
@Controller('reports')
export class ReportsPageController {
  constructor(
    private readonly page: ReportsPageService,
    private readonly reports: ReportsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access.signedIn()
  async reportsPage(@CurrentPage() page: PageContext, @PageQuery() query: ReportsPageQueryDto): Promise<string> {
    const view = await this.page.view(page.actor, { focus: query.department, generated: query.generated });
    const focused = view.focus ? view.departments[0] : undefined;
    return this.pages.render('reports/index', page, {
      title: focused ? `Reports · ${focused.name}` : 'Reports',
      view,
      labels: REPORT_KIND_LABELS,
    });
  }

  /** The service refuses team members (403) and departments outside the user's reach (404). */
  @Post('department/:departmentId')
  @Access.roles('admin', 'manager', 'chief', 'assessor')
  async generateForDepartment(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() form: GenerateReportFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.reports.generateForDepartment(page.actor, departmentId, form.kind);
    page.notify({ kind: 'success', message: generatedMessage(report) });
    const focus = form.view === 'department' ? `department=${departmentId}&` : '';
    response.redirect(303, `/reports?${focus}generated=${report.id}#report-${report.id}`);
  }

  /** Every department the user can see, side by side (any signed-in user, as the API). */
  @Post()
  @Access.roles('admin', 'manager', 'chief')
  async generateFootprint(@CurrentPage() page: PageContext, @Res() response: Response): Promise<void> {
    const report = await this.reports.generateFootprint(page.actor);
    page.notify({ kind: 'success', message: generatedMessage(report) });
    response.redirect(303, `/reports?generated=${report.id}#report-${report.id}`);
  }
}
