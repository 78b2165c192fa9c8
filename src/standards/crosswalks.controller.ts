import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, UploadedFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { Actor } from '../identity/access/actor';
import { CrosswalkImportResultDto, CrosswalkPairDto, CrosswalkQueryDto } from './dto/crosswalk.dto';
import { ManualImportProblemDto } from './dto/manual.dto';
import { CrosswalksService } from './crosswalks.service';
import { CrosswalkUpload, UploadedManualFile } from './manual-upload';

@ApiTags('standards')
@Controller('crosswalks')
export class CrosswalksController {
  constructor(private readonly crosswalks: CrosswalksService) {}

  @Post('import')
  @Access.roles('admin')
  @CrosswalkUpload()
  @ApiOperation({
    summary: 'Import a crosswalk between the standards of two programs from CSV (all or nothing)',
    description:
      'Header "program,number,program,number" (or "from_program,from_number,to_program,to_number"), then one pair a row: a program\'s name ' +
      'and a standard number on each side. Both programs must exist and differ; each number must be a standard of a published manual ' +
      'version of its program. Every broken row is reported at once (422) and nothing is stored. A pair means the same both ways and is ' +
      'stored once; pairs already stored are counted, not added again, so the same file imported twice adds nothing. Audited (crosswalk.imported).',
  })
  @ApiCreatedResponse({ type: CrosswalkImportResultDto, description: 'At least one pair was added' })
  @ApiOkResponse({ type: CrosswalkImportResultDto, description: 'Every pair was stored already; nothing changed' })
  @ApiBadRequestResponse({ description: 'No file attached' })
  @ApiUnprocessableEntityResponse({ type: ManualImportProblemDto, description: 'The file has broken rows (problem type crosswalk-import-invalid); every problem is listed' })
  async importCrosswalk(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: UploadedManualFile | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CrosswalkImportResultDto> {
    const { created, result } = await this.crosswalks.importCrosswalk(actor, { file: file?.buffer, fileName: file?.originalname });
    response.status(created ? 201 : 200);
    return result;
  }

  @Get()
  @Access.signedIn()
  @ApiOperation({
    summary: 'The crosswalk pairs, or those of one program',
    description: 'With ?program, the pairs with a standard of that program on either side, that side as `from`; in natural order.',
  })
  @ApiOkResponse({ type: CrosswalkPairDto, isArray: true })
  @ApiNotFoundResponse({ description: 'No such program' })
  list(@Query() query: CrosswalkQueryDto): Promise<CrosswalkPairDto[]> {
    return this.crosswalks.list(query.program);
  }

  @Delete(':id')
  @Access.roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one crosswalk pair (administrators, audited as crosswalk.deleted)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such pair' })
  async remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.crosswalks.delete(actor, id);
  }
}
