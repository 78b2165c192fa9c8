import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { AssessmentsService } from './assessments.service';
import {
  AnswerFindingDto,
  AssessmentDto,
  AssessmentStandardDto,
  AssessmentSummaryInputDto,
  CreateAssessmentDto,
  FindingDecisionDto,
  FindingDto,
  FindingListQueryDto,
  SetAssessorsDto,
  SetStandardStatusDto,
  StatusChangeDto,
} from './dto/assessment.dto';

const READERS = ['admin', 'manager', 'member', 'chief', 'assessor'] as const;

@ApiTags('assessments')
@Controller()
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post('departments/:departmentId/assessments')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Opens a review round of the department (annual remote review, mock or site-based assessment) with assessors assigned through their grants' })
  @ApiCreatedResponse({ type: AssessmentDto })
  create(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string, @Body() dto: CreateAssessmentDto): Promise<AssessmentDto> {
    return this.assessments.create(actor, departmentId, dto);
  }

  @Get('departments/:departmentId/assessments')
  @Access.roles(...READERS)
  @ApiOperation({ summary: "The department's assessments with their progress (an assessor: those assigned to them)" })
  @ApiOkResponse({ type: [AssessmentDto] })
  list(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string): Promise<AssessmentDto[]> {
    return this.assessments.list(actor, departmentId);
  }

  @Get('assessments/:id')
  @Access.roles(...READERS)
  @ApiOperation({ summary: 'One assessment: its years, assessors and progress (reviewed / total, by chapter, per assessor)' })
  @ApiOkResponse({ type: AssessmentDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<AssessmentDto> {
    return this.assessments.get(actor, id);
  }

  @Get('assessments/:id/standards')
  @Access.roles(...READERS)
  @ApiOperation({ summary: "The assessment's standards with the assessors' statuses" })
  @ApiOkResponse({ type: [AssessmentStandardDto] })
  standards(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<AssessmentStandardDto[]> {
    return this.assessments.standards(actor, id);
  }

  @Put('assessments/:id/standards/:fileId/status')
  @Access.roles('assessor')
  @ApiOperation({ summary: 'An assigned assessor records the status of a standard (or a bullet); a status other than in compliance opens a finding' })
  @ApiOkResponse({ type: StatusChangeDto })
  setStatus(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
    @Body() dto: SetStandardStatusDto,
  ): Promise<StatusChangeDto> {
    return this.assessments.setStatus(actor, id, fileId, dto);
  }

  @Put('assessments/:id/summary')
  @Access.roles('assessor')
  @ApiOperation({ summary: "An assigned assessor writes the assessment's summary" })
  @ApiOkResponse({ type: AssessmentDto })
  setSummary(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AssessmentSummaryInputDto): Promise<AssessmentDto> {
    return this.assessments.setSummary(actor, id, dto.summary);
  }

  @Put('assessments/:id/assessors')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: "Replaces the assessment's assessors (through their grants on the department)" })
  @ApiOkResponse({ type: AssessmentDto })
  setAssessors(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SetAssessorsDto): Promise<AssessmentDto> {
    return this.assessments.setAssessors(actor, id, dto.assessorGrantIds);
  }

  @Get('departments/:departmentId/findings')
  @Access.roles(...READERS)
  @ApiOperation({ summary: "The department's findings worklist: unclosed by default, by due date" })
  @ApiOkResponse({ type: [FindingDto] })
  findings(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string, @Query() query: FindingListQueryDto): Promise<FindingDto[]> {
    return this.assessments.findings(actor, departmentId, query);
  }

  @Get('findings/:id')
  @Access.roles(...READERS)
  @ApiOperation({ summary: 'One finding with its answers' })
  @ApiOkResponse({ type: FindingDto })
  finding(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<FindingDto> {
    return this.assessments.finding(actor, id);
  }

  @Post('findings/:id/answers')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'A manager answers a finding: a new proof, a changed directive or a comment' })
  @ApiCreatedResponse({ type: FindingDto })
  answer(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AnswerFindingDto): Promise<FindingDto> {
    return this.assessments.answer(actor, id, dto);
  }

  @Post('findings/:id/close')
  @HttpCode(200)
  @Access.roles('assessor')
  @ApiOperation({ summary: 'An assigned assessor closes a finding' })
  @ApiOkResponse({ type: FindingDto })
  close(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: FindingDecisionDto): Promise<FindingDto> {
    return this.assessments.close(actor, id, dto);
  }

  @Post('findings/:id/reopen')
  @HttpCode(200)
  @Access.roles('assessor')
  @ApiOperation({ summary: 'An assigned assessor reopens a finding' })
  @ApiOkResponse({ type: FindingDto })
  reopen(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: FindingDecisionDto): Promise<FindingDto> {
    return this.assessments.reopen(actor, id, dto);
  }
}
