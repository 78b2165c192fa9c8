import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EnrolmentQueryDto } from '../departments/dto/enrolment-query.dto';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { CreateSignOffDto, FootprintReadinessDto, ReadinessDto, SignOffDto, SignOffSummaryDto } from './dto/readiness.dto';
import { ReadinessService } from './readiness.service';
import { SignOffsService } from './sign-offs.service';
import { Idempotent } from '../idempotency/idempotent.decorator';

@ApiTags('readiness')
@Controller()
export class ReadinessController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly signOffs: SignOffsService,
  ) {}

  @Get('departments/:departmentId/readiness')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "A department's readiness in one program against its rule: counts, chapters, proof coverage grid, deadlines, blockers (its primary enrolment unless ?enrolmentId=)" })
  @ApiOkResponse({ type: ReadinessDto })
  forDepartment(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string, @Query() query: EnrolmentQueryDto): Promise<ReadinessDto> {
    return this.readiness.forDepartment(actor, departmentId, query.enrolmentId);
  }

  @Get('readiness')
  @Access.signedIn()
  @ApiOperation({ summary: 'Readiness of every department you can see, side by side' })
  @ApiOkResponse({ type: FootprintReadinessDto })
  footprint(@CurrentActor() actor: Actor): Promise<FootprintReadinessDto> {
    return this.readiness.footprint(actor);
  }

  @Post('departments/:departmentId/readiness/sign-offs')
  @Idempotent()
  @Access.roles('admin', 'chief')
  @ApiOperation({ summary: "The chief signs off the department's readiness as it stands: an immutable snapshot (RFC 8785 canonical JSON) with its SHA-256",
    description: 'A readiness that is not plainly ready needs `acknowledgeNotReady: true` (recorded in the snapshot); without it 422 naming what is not ready.',
  })
  @ApiCreatedResponse({ type: SignOffDto })
  signOff(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() dto: CreateSignOffDto,
    @Query() query: EnrolmentQueryDto,
  ): Promise<SignOffDto> {
    return this.signOffs.signOff(actor, departmentId, { note: dto.note, acknowledgeNotReady: dto.acknowledgeNotReady }, query.enrolmentId);
  }

  @Get('departments/:departmentId/readiness/sign-offs')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "The department's readiness sign-offs, newest first" })
  @ApiOkResponse({ type: [SignOffSummaryDto] })
  listSignOffs(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string): Promise<SignOffSummaryDto[]> {
    return this.signOffs.list(actor, departmentId);
  }

  @Get('departments/:departmentId/readiness/sign-offs/:signOffId')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: 'One sign-off with the readiness snapshot exactly as signed' })
  @ApiOkResponse({ type: SignOffDto })
  getSignOff(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Param('signOffId', new ParseUUIDPipe()) signOffId: string,
  ): Promise<SignOffDto> {
    return this.signOffs.get(actor, departmentId, signOffId);
  }
}
