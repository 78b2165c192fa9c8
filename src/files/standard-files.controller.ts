import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { AssignManualDto, FileListQueryDto, ManualAssignmentDto, StandardFileDto, StandardFilePageDto } from './dto/standard-file.dto';
import { StandardFilesService } from './standard-files.service';

@ApiTags('standard files')
@Controller('departments/:departmentId')
export class StandardFilesController {
  constructor(private readonly files: StandardFilesService) {}

  @Put('manual')
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

  @Get('files')
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
}
