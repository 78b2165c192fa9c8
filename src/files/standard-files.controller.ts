import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { AssignManualDto, FileListQueryDto, ManualAssignmentDto, MappedFileDto, StandardFileDto, StandardFilePageDto } from './dto/standard-file.dto';
import { StandardFilesService } from './standard-files.service';

@ApiTags('standard files')
@Controller()
export class StandardFilesController {
  constructor(private readonly files: StandardFilesService) {}

  @Put('departments/:departmentId/manual')
  @Access.roles('admin', 'manager')
  @ApiOperation({ summary: 'Assign a manual version, or adopt a newer one: files follow, nothing is lost' })
  @ApiOkResponse({ type: ManualAssignmentDto })
  assignManual(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() dto: AssignManualDto,
  ): Promise<ManualAssignmentDto> {
    return this.files.assignManual(actor, departmentId, dto.manualId);
  }

  @Get('departments/:departmentId/files')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "The department's standard files in natural order, with filters" })
  @ApiOkResponse({ type: StandardFilePageDto })
  list(
    @CurrentActor() actor: Actor,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Query() query: FileListQueryDto,
  ): Promise<Page<StandardFileDto>> {
    return this.files.list(actor, departmentId, query);
  }

  @Get('files/:fileId/mapped')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  @ApiOperation({ summary: "The department's files in its other programs whose standards the crosswalk maps to this file's, with their status" })
  @ApiOkResponse({ type: [MappedFileDto] })
  mapped(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string): Promise<MappedFileDto[]> {
    return this.files.mappedFiles(actor, fileId);
  }
}
