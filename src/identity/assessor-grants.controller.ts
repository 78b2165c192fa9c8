import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from './access/access.decorator';
import type { Actor } from './access/actor';
import { AssessorGrantsService } from './assessor-grants.service';
import { AssessorGrantDto, CreateAssessorGrantDto, CreatedAssessorGrantDto, RevokeAssessorGrantDto } from './dto/assessor-grant.dto';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('assessor grants')
@Controller('assessor-grants')
@Access.roles('admin', 'manager')
export class AssessorGrantsController {
  constructor(private readonly grants: AssessorGrantsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Invite an assessor for some departments and a date window (managers: their departments)' })
  @ApiCreatedResponse({ type: CreatedAssessorGrantDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAssessorGrantDto): Promise<CreatedAssessorGrantDto> {
    return this.grants.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Assessor grants of the departments you manage' })
  @ApiOkResponse({ type: [AssessorGrantDto] })
  list(@CurrentActor() actor: Actor): Promise<AssessorGrantDto[]> {
    return this.grants.list(actor);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a grant early' })
  @ApiOkResponse({ type: AssessorGrantDto })
  revoke(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RevokeAssessorGrantDto): Promise<AssessorGrantDto> {
    return this.grants.revoke(actor, id, dto.reason);
  }
}
