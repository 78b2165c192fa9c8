import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { AssignChapterDto, BulkResultDto, ChapterNotApplicableDto, StandardFileDetailDto, UpdateFileDto } from './dto/file-edit.dto';
import { FileWorkService } from './file-work.service';

@ApiTags('standard files')
@Controller()
export class FileWorkController {
  constructor(private readonly work: FileWorkService) {}

  @Get('files/:fileId')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: 'One standard file with its standard, directives and notes' })
  @ApiOkResponse({ type: StandardFileDetailDto })
  get(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string): Promise<StandardFileDetailDto> {
    return this.work.get(actor, fileId);
  }

  @Patch('files/:fileId')
  @Access.roles('admin', 'manager', 'member')
  @ApiOperation({
    summary: 'Change a file (optimistic locking on version): managers change anything; members work on files assigned to them',
  })
  @ApiOkResponse({ type: StandardFileDetailDto })
  update(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Body() dto: UpdateFileDto): Promise<StandardFileDetailDto> {
    return this.work.update(actor, fileId, dto);
  }

  @Post('departments/:departmentId/files/assign-chapter')
  @HttpCode(200)
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: "Assign every file of a chapter to a member (all or nothing)" })
  @ApiOkResponse({ type: BulkResultDto })
  assignChapter(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() dto: AssignChapterDto,
  ): Promise<BulkResultDto> {
    return this.work.assignChapter(actor, departmentId, dto);
  }

  @Post('departments/:departmentId/files/mark-chapter-not-applicable')
  @HttpCode(200)
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Mark every file of a chapter not applicable with one reason (all or nothing)' })
  @ApiOkResponse({ type: BulkResultDto })
  markChapterNotApplicable(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() dto: ChapterNotApplicableDto,
  ): Promise<BulkResultDto> {
    return this.work.markChapterNotApplicable(actor, departmentId, dto);
  }
}
