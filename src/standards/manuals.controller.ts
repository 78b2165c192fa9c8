import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, StreamableFile, UploadedFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { ManualChangesDto, ManualDiffDto } from './dto/manual-diff.dto';
import { ImportManualDto, ManualDetailDto, ManualImportProblemDto, ManualImportResultDto, ManualSummaryDto } from './dto/manual.dto';
import { ManualUpload, UploadedManualFile } from './manual-upload';
import { ManualsService } from './manuals.service';

@ApiTags('standards')
@Controller('manuals')
export class ManualsController {
  constructor(private readonly manuals: ManualsService) {}

  @Post('import')
  @Access.roles('admin')
  @ManualUpload()
  @ApiOperation({
    summary: 'Import a manual version from CSV or JSON (all or nothing) as a draft',
    description:
      'The version is a draft, affecting no department, until an administrator publishes it (POST /api/manuals/{id}/publish). ' +
      'Every bad row is reported at once (422) and nothing is written. The same version with the same content changes ' +
      'nothing (200, outcome unchanged); different content is refused (409) unless replace=true and no department has used it ' +
      '(the replaced version is a draft again). Without chapter_title or section_title columns (a file in CALEA\'s header ' +
      'syntax), the titles come from the newest earlier published version of the program.',
  })
  @ApiCreatedResponse({ type: ManualImportResultDto, description: 'A new version was imported' })
  @ApiOkResponse({ type: ManualImportResultDto, description: 'Replaced, or unchanged (already imported with this content)' })
  @ApiUnprocessableEntityResponse({ type: ManualImportProblemDto, description: 'The file is not a valid manual; every problem is listed' })
  @ApiConflictResponse({ description: 'The version exists with different content, or is in use and cannot be replaced' })
  async importManual(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedManualFile | undefined,
    @Body() form: ImportManualDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ManualImportResultDto> {
    const result = await this.manuals.importManual(actor, { ...form, file: file?.buffer, fileName: file?.originalname });
    response.status(result.outcome === 'created' ? 201 : 200);
    return result;
  }

  @Get('import-template')
  @Access.signedIn()
  @ApiOperation({ summary: 'The CSV import template: every column, with two example standards' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'standards-import-template.csv', schema: { type: 'string' } })
  async importTemplate(): Promise<StreamableFile> {
    return new StreamableFile(await this.manuals.importTemplate(), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="standards-import-template.csv"',
    });
  }

  @Get()
  @Access.signedIn()
  @ApiOperation({ summary: 'Every imported manual version, drafts included (status), with counts' })
  @ApiOkResponse({ type: [ManualSummaryDto] })
  list(): Promise<ManualSummaryDto[]> {
    return this.manuals.list();
  }

  @Get(':id')
  @Access.signedIn()
  @ApiOperation({ summary: 'One manual version with its chapters and sections' })
  @ApiOkResponse({ type: ManualDetailDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ManualDetailDto> {
    return this.manuals.get(id);
  }

  @Post(':id/publish')
  @Access.roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a draft: departments are offered it from now on',
    description: 'A department on an older version of the program then sees it as a pending adoption, with its deadline.',
  })
  @ApiOkResponse({ type: ManualSummaryDto })
  @ApiNotFoundResponse({ description: 'No such manual version' })
  @ApiConflictResponse({ description: 'Already published (problem type manual-already-published)' })
  publish(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ManualSummaryDto> {
    return this.manuals.publish(actor, id);
  }

  @Delete(':id')
  @Access.roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft, or a published version no department has ever used, with its standards' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such manual version' })
  @ApiConflictResponse({ description: 'A department follows it or has used it (problem type manual-version-in-use)' })
  async remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.manuals.delete(actor, id);
  }

  @Get(':id/changes')
  @Access.signedIn()
  @ApiOperation({
    summary: 'What manual :id changes from the version in use',
    description:
      'The version in use is the newest published version of the same program other than :id; a draft is read against it before it is published.',
  })
  @ApiOkResponse({ type: ManualChangesDto })
  changes(@Param('id', new ParseUUIDPipe()) id: string): Promise<ManualChangesDto> {
    return this.manuals.changes(id);
  }

  @Get(':id/diff/:otherId')
  @Access.signedIn()
  @ApiOperation({
    summary: 'What changed from manual :id to manual :otherId',
    description: 'Added, removed, retitled, level-, tier- and frequency-changed standards, and renumbered ones (from the replaces column of :otherId).',
  })
  @ApiOkResponse({ type: ManualDiffDto })
  diff(@Param('id', new ParseUUIDPipe()) id: string, @Param('otherId', new ParseUUIDPipe()) otherId: string): Promise<ManualDiffDto> {
    return this.manuals.diff(id, otherId);
  }
}
