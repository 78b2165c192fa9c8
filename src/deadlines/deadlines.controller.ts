import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { CalendarFeedService } from './calendar-feed.service';
import { DeadlinesService } from './deadlines.service';
import { EnrolmentQueryDto } from '../departments/dto/enrolment-query.dto';
import { MilestoneRecordDto, RecordMilestoneDto } from './dto/milestone-record.dto';
import { MilestoneRecordsService } from './milestone-records.service';
import { MilestoneKeyPipe } from './milestone-key.pipe';
import { CalendarTokenDto, DeadlineListDto, DeadlineQueryDto, DepartmentDeadlineListDto } from './dto/deadline.dto';
import { publicBaseUrl } from '../common/public-url';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

@ApiTags('deadlines')
@Controller()
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarFeedService,
    private readonly milestones: MilestoneRecordsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('departments/:departmentId/deadlines')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "The department's deadlines over its current cycle: time-sensitive activities, cycle milestones, manual adoption" })
  @ApiOkResponse({ type: DepartmentDeadlineListDto })
  forDepartment(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Query() query: DeadlineQueryDto,
  ): Promise<DepartmentDeadlineListDto> {
    return this.deadlines.forDepartment(actor, departmentId, query);
  }

  @Get('deadlines')
  @Access.signedIn()
  @ApiOperation({ summary: 'Deadlines of every department you can see, by due date' })
  @ApiOkResponse({ type: DeadlineListDto })
  acrossDepartments(@CurrentActor() actor: Actor, @Query() query: DeadlineQueryDto): Promise<DeadlineListDto> {
    return this.deadlines.acrossDepartments(actor, query);
  }

  @Put('departments/:departmentId/milestones/:key/record')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Records that the department did what a milestone asks (the public-comment notice before an assessment), on a day' })
  @ApiOkResponse({ type: MilestoneRecordDto })
  recordMilestone(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Param('key', MilestoneKeyPipe) key: string,
    @Body() dto: RecordMilestoneDto,
    @Query() query: EnrolmentQueryDto,
  ): Promise<MilestoneRecordDto> {
    return this.milestones.record(actor, departmentId, key, dto, query.enrolmentId);
  }

  @Delete('departments/:departmentId/milestones/:key/record')
  @HttpCode(204)
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: "Clears a milestone's record (recorded by mistake)" })
  @ApiNoContentResponse()
  clearMilestone(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Param('key', MilestoneKeyPipe) key: string,
    @Query() query: EnrolmentQueryDto,
  ): Promise<void> {
    return this.milestones.clear(actor, departmentId, key, query.enrolmentId);
  }

  @Post('departments/:departmentId/calendar-token')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: "Creates or rotates the department's iCalendar feed URL; the URL is shown this once" })
  @ApiCreatedResponse({ type: CalendarTokenDto })
  rotateCalendarToken(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Req() request: Request,
  ): Promise<CalendarTokenDto> {
    return this.calendar.rotate(actor, departmentId, publicBaseUrl(this.config, request));
  }

  @Delete('departments/:departmentId/calendar-token')
  @HttpCode(204)
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: "Revokes the department's iCalendar feed URL" })
  @ApiNoContentResponse()
  revokeCalendarToken(@CurrentActor() actor: Actor, @Param('departmentId', new ParseUUIDPipe()) departmentId: string): Promise<void> {
    return this.calendar.revoke(actor, departmentId);
  }
}
