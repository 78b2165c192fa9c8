import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CreateEnrolmentDto, EnrolmentDto, UpdateEnrolmentDto } from './dto/enrolment.dto';
import { EnrolmentsService } from './enrolments.service';

@ApiTags('departments')
@Controller()
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Get('departments/:id/enrolments')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "A department's enrolments in programs, the primary one first" })
  @ApiOkResponse({ type: [EnrolmentDto] })
  list(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<EnrolmentDto[]> {
    return this.enrolments.list(actor, id);
  }

  @Post('departments/:id/enrolments')
  @Access.roles('admin')
  @Idempotent()
  @ApiOperation({ summary: 'Enrol a department in another program (one enrolment per program; 409 when already enrolled)' })
  @ApiCreatedResponse({ type: EnrolmentDto })
  enrol(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CreateEnrolmentDto): Promise<EnrolmentDto> {
    return this.enrolments.enrol(actor, id, dto);
  }

  @Get('enrolments/:id')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: 'One enrolment' })
  @ApiOkResponse({ type: EnrolmentDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<EnrolmentDto> {
    return this.enrolments.get(actor, id);
  }

  @Patch('enrolments/:id')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: "Change an enrolment's tier, status or award date (optimistic locking on version)" })
  @ApiOkResponse({ type: EnrolmentDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateEnrolmentDto): Promise<EnrolmentDto> {
    return this.enrolments.update(actor, id, dto);
  }
}
