import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { BinderService } from './binder.service';
import { BinderQueryDto, CreateDepartmentReportDto, CreateFootprintReportDto, GeneratedReportDto, GeneratedReportPageDto, ReportListQueryDto } from './dto/report.dto';
import { ReportsService } from './reports.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

/** PDF reports and the proof binder (issue 6). */
@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly binder: BinderService,
  ) {}

  @Post('departments/:departmentId/reports')
  @Idempotent()
  @Access.roles('admin', 'manager', 'chief', 'assessor')
  @ApiOperation({
    summary: "Generate the department's readiness report (chiefs) or file review (assessors) as PDF",
    description:
      'Rendered off the request thread, stored with its SHA-256 and recorded in the audit trail (report.generated). The readiness report: chiefs, managers and administrators of the department. The file review: those, and assessors within their grant (an assessor asking for the readiness report gets 403). Team members: 403.',
  })
  @ApiCreatedResponse({ type: GeneratedReportDto })
  generate(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() dto: CreateDepartmentReportDto,
  ): Promise<GeneratedReportDto> {
    return this.reports.generateForDepartment(actor, departmentId, dto.kind, dto.enrolmentId);
  }

  @Post('assessments/:assessmentId/reports')
  @Idempotent()
  @Access.roles('admin', 'manager', 'chief', 'assessor')
  @ApiOperation({
    summary: 'Generate the assessment report of one assessment as PDF: progress, statuses per standard and bullet, findings with their answers, the summary',
    description:
      "Stored with its SHA-256 like the other reports (report.generated), listed among the department's reports (kind assessment) and downloaded from /api/reports/:id/content. Administrators, managers and chiefs of the department, and the assessors assigned to the assessment (other assessors: 404). Team members: 403.",
  })
  @ApiCreatedResponse({ type: GeneratedReportDto })
  generateForAssessment(@CurrentActor() actor: Actor, @Param('assessmentId', new ParseUUIDPipe()) assessmentId: string): Promise<GeneratedReportDto> {
    return this.reports.generateForAssessment(actor, assessmentId);
  }

  @Get('departments/:departmentId/reports')
  @Access.roles('admin', 'manager', 'chief', 'assessor')
  @ApiOperation({ summary: "The department's generated reports, newest first" })
  @ApiOkResponse({ type: GeneratedReportPageDto })
  list(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string, @Query() query: ReportListQueryDto): Promise<GeneratedReportPageDto> {
    return this.reports.list(actor, departmentId, query);
  }

  @Post('reports/footprint')
  @Idempotent()
  @Access.roles('admin', 'manager', 'chief')
  @ApiOperation({
    summary: 'Generate the footprint report: every department you can see side by side, then a page per department',
    description: 'Administrators, and managers and chiefs (of any department). Team members and assessors: 403.',
  })
  @ApiCreatedResponse({ type: GeneratedReportDto })
  footprint(@CurrentActor() actor: Actor, @Body() dto: CreateFootprintReportDto): Promise<GeneratedReportDto> {
    return this.reports.generateFootprint(actor, dto.title);
  }

  @Get('reports/:id/content')
  @Access.roles('admin', 'manager', 'chief', 'assessor')
  @ApiOperation({
    summary: 'Download a generated report (ETag = SHA-256; If-None-Match answers 304); every download is audited',
    description: "A department's report: its chiefs, managers and administrators, assessors within their grant. A footprint report: the user who generated it and administrators.",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF exactly as generated' })
  @ApiNotModifiedResponse({ description: 'If-None-Match holds the ETag' })
  async content(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const download = await this.reports.download(actor, id, { ifNoneMatch: request.header('if-none-match'), headOnly: request.method === 'HEAD' });
    response.status(download.status).set(download.headers);
    if (!download.body) {
      response.end();
      return;
    }
    pipeline(download.body, response, () => undefined);
  }

  @Get('departments/:departmentId/binder')
  @Access.roles('admin', 'manager', 'chief', 'assessor')
  @ApiOperation({
    summary: "Download the department's proof binder: a ZIP streamed as it is made",
    description:
      'A folder per chapter, standard and cycle year holding the proofs, a file review PDF rendered for it, and a manifest (manifest.csv, manifest.json, SHA256SUMS) with the SHA-256 of every file. Audited (binder.downloaded). With assessmentId: the binder of that assessment, only the cycle years it covers (the README and manifest.json say which); an assessment the caller may not read, or of another department, is 404.',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The ZIP' })
  async downloadBinder(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Query() query: BinderQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const binder = await this.binder.open(actor, departmentId, { assessmentId: query.assessmentId, enrolmentId: query.enrolmentId });
    response.status(200).set(binder.headers);
    // A failure mid-stream can only cut the connection (the headers are gone): the ZIP is then visibly incomplete.
    pipeline(binder.body, response, () => undefined);
  }
}
