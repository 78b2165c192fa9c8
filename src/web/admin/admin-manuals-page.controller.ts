import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import { CrosswalksService } from '../../standards/crosswalks.service';
import { CrosswalkUpload, ManualUpload, UploadedManualFile } from '../../standards/manual-upload';
import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS } from '../../kernel/program-values';
import { ManualsService } from '../../standards/manuals.service';
import { ProgramsService } from '../../standards/programs.service';
import { CrosswalkImportInvalidError, ImportProblem, ManualImportInvalidError } from '../../standards/standards.errors';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { sendHtml, WebPages } from '../web-pages.decorator';
import { ImportManualPageFormDto, ProgramShapeFormDto } from './admin-pages.dto';

/** The cycle lengths a program may have (the program table's check). */
const CYCLE_LENGTHS = Array.from({ length: MAX_CYCLE_YEARS - MIN_CYCLE_YEARS + 1 }, (_, i) => MIN_CYCLE_YEARS + i);

const EMPTY_FORM = { program: 'Law Enforcement', edition: '', version: '', effectiveDate: '', name: '', replace: false };

/** What a refused import's page says above its list of problems. */
const refusedMessage = (error: ManualImportInvalidError | CrosswalkImportInvalidError, problems: readonly ImportProblem[]): string =>
  problems.some((e) => e.row > 0) ? `Nothing was imported: the file has ${problems.length} problem${problems.length === 1 ? '' : 's'}, each listed below.` : error.detail;

/**
 * Manuals: the imported versions, the import template and the import; a draft's review, publication
 * and deletion; the crosswalks between programs and their import (administrators).
 */
@WebPages()
@Controller('admin/manuals')
@Access.roles('admin')
export class AdminManualsPageController {
  constructor(
    private readonly manuals: ManualsService,
    private readonly crosswalks: CrosswalksService,
    private readonly programs: ProgramsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async manualsPage(@CurrentPage() page: PageContext): Promise<string> {
    return this.render(page, { title: 'Manuals' });
  }

  private async render(page: PageContext, data: Record<string, unknown>): Promise<string> {
    return this.pages.render('admin/manuals', page, {
      form: EMPTY_FORM,
      importErrors: [],
      importKind: 'manual',
      ...data,
      manuals: await this.manuals.list(),
      programs: await this.programs.list(),
      cycleLengths: CYCLE_LENGTHS,
      crosswalks: await this.crosswalks.countsByProgramPair(),
    });
  }

  /**
   * The same upload as POST /api/manuals/import (multer through @ManualUpload, the same service
   * call); the CSRF token comes in the query because the guard runs before the multipart body is
   * read. Row errors can be hundreds, so they are rendered here (422), not carried in the flash cookie.
   */
  @Post('import')
  @ManualUpload()
  async importManual(
    @CurrentPage() page: PageContext,
    @UploadedFile() file: UploadedManualFile | undefined,
    @Body() form: ImportManualPageFormDto,
    @Res() response: Response,
  ): Promise<void> {
    try {
      const result = await this.manuals.importManual(page.actor, { ...form, file: file?.buffer, fileName: file?.originalname });
      page.notify({ kind: 'success', message: result.message });
      response.redirect(303, `/admin/manuals/${result.manual.id}`);
    } catch (error) {
      if (!(error instanceof ManualImportInvalidError)) throw error;
      const importErrors = (error.extensions.errors ?? []) as ImportProblem[];
      const html = await this.render(page, {
        title: 'Manuals: import refused',
        form: { ...EMPTY_FORM, ...form, name: form.name ?? '', replace: form.replace === true },
        fileName: file?.originalname ?? null,
        importErrors,
        flash: { kind: 'error', message: refusedMessage(error, importErrors) },
      });
      sendHtml(response, error.status, html);
    }
  }

  /** The same upload as POST /api/crosswalks/import, refused rows listed in the page (422) as for a manual. */
  @Post('crosswalks/import')
  @CrosswalkUpload()
  async importCrosswalk(@CurrentPage() page: PageContext, @UploadedFile() file: UploadedManualFile | undefined, @Res() response: Response): Promise<void> {
    try {
      const { result } = await this.crosswalks.importCrosswalk(page.actor, { file: file?.buffer, fileName: file?.originalname });
      page.notify({ kind: 'success', message: result.message });
      response.redirect(303, '/admin/manuals#crosswalks-heading');
    } catch (error) {
      if (!(error instanceof CrosswalkImportInvalidError)) throw error;
      const importErrors = (error.extensions.errors ?? []) as ImportProblem[];
      const html = await this.render(page, {
        title: 'Manuals: crosswalk import refused',
        fileName: file?.originalname ?? null,
        importErrors,
        importKind: 'crosswalk',
        flash: { kind: 'error', message: refusedMessage(error, importErrors) },
      });
      sendHtml(response, error.status, html);
    }
  }

  /** The same change as PATCH /api/programs/:id: a program's cycle length, milestones, tiers and size classes. */
  @Post('programs/:id')
  async shapeProgram(
    @CurrentPage() page: PageContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: ProgramShapeFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const program = await this.programs.update(page.actor, id, form);
    page.notify({ kind: 'success', message: `${program.name} is saved: ${program.cycleYears}-year cycles.` });
    response.redirect(303, '/admin/manuals#programs');
  }

  /** One version: its counts and what it changes from the version in use; a draft is published from here. */
  @Get(':id')
  async manualPage(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    const changes = await this.manuals.changes(id);
    const m = changes.to;
    return this.pages.render('admin/manual', page, { title: `${m.name} (${m.status})`, changes });
  }

  @Post(':id/publish')
  async publish(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const manual = await this.manuals.publish(page.actor, id);
    page.notify({
      kind: 'success',
      message: `${manual.name} is published: departments on an earlier version of ${manual.program} now see it to adopt.`,
    });
    response.redirect(303, `/admin/manuals/${id}`);
  }

  @Post(':id/delete')
  async delete(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const manual = await this.manuals.delete(page.actor, id);
    page.notify({ kind: 'success', message: `${manual.name} is deleted with its standards.` });
    response.redirect(303, '/admin/manuals');
  }
}
