import { LongUpload } from '../../common/http/slow-clients';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestValidationError } from '../../common/problem/problem';
import { UpdateFileDto } from '../../files/dto/file-edit.dto';
import { FileWorkService } from '../../files/file-work.service';
import { Access } from '../../identity/access/access.decorator';
import { ReasonedReviewProofDto } from '../../proofs/dto/proof.dto';
import { ProofsService } from '../../proofs/proofs.service';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { AddDirectiveFormDto, FileInMappedFormDto, FileWorkFormDto, ReasonedProofFormDto, RemoveDirectiveFormDto, ReviewProofFormDto } from './file-page.dto';
import { FilePageService } from './file-page.service';
import { validatedAsApi } from '../api-dto';

const UUID = new ParseUUIDPipe();
const filePath = (departmentId: string, fileId: string, anchor = ''): string => `/department/${departmentId}/files/${fileId}${anchor}`;
/** Empty text fields of a form clear the value. */
const orNull = (value: string | undefined): string | null | undefined => (value === undefined ? undefined : value.trim() === '' ? null : value.trim());

/** One standard file: the standard, the work on it, its proofs by year (upload, review) and its history. */
@WebPages()
@Controller('department/:departmentId/files/:fileId')
export class FilePagesController {
  constructor(
    private readonly files: FilePageService,
    private readonly work: FileWorkService,
    private readonly proofs: ProofsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  async filePage(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Query('history') history: string | undefined,
    @Query('period') period: string | undefined,
    @Query('activity') activity: string | undefined,
  ): Promise<string> {
    const view = await this.files.view(
      page.actor,
      departmentId,
      fileId,
      history === 'all',
      typeof period === 'string' ? period : undefined,
      typeof activity === 'string' ? activity : undefined,
    );
    return this.pages.render('file/file', page, { title: `${view.file.number} ${view.file.title}`, view, showHistory: history === 'all' });
  }

  @Post('work')
  @Access.roles('admin', 'manager', 'member')
  async saveWork(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Body() form: FileWorkFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const { file } = await this.files.fileIn(page.actor, departmentId, fileId);
    const plain: Record<string, unknown> = { version: form.version };
    if (form.applicability) {
      plain.applicability = form.applicability;
      if (form.applicability === 'not_applicable') plain.applicabilityReason = orNull(form.applicabilityReason);
      if (form.applicability === 'waived') {
        plain.waiverReference = orNull(form.waiverReference);
        plain.waiverDate = orNull(form.waiverDate);
        plain.waiverEndsOn = orNull(form.waiverEndsOn);
      }
    }
    if (form.result) plain.result = form.result;
    // An empty status is "keep it" (a member's form offers that for statuses only a manager sets).
    if (form.status) {
      plain.status = form.status;
      if (form.status === 'returned') plain.statusReason = orNull(form.statusReason);
    }
    // Unchanged, the assignee is not sent: a since-disabled assignee is kept rather than refused.
    const assignee = orNull(form.assigneeUserId);
    if (assignee !== undefined && assignee !== file.assigneeUserId) plain.assigneeUserId = assignee;
    if (form.notes !== undefined) plain.notes = form.notes.trim() === '' ? null : form.notes;
    if (form.bulletLetter !== undefined) {
      const notes = form.bulletNote ?? [];
      if (notes.length !== form.bulletLetter.length) throw new RequestValidationError([{ field: 'bulletNotes', message: 'each bullet note needs its letter; reload the page' }]);
      plain.bulletNotes = Object.fromEntries(form.bulletLetter.map((letter, i) => [letter, notes[i].trim()]).filter(([, note]) => note !== ''));
    }
    if (form.reviewed === 'true') plain.reviewed = true;
    const saved = await this.work.update(page.actor, fileId, validatedAsApi(UpdateFileDto, plain));
    page.notify({ kind: 'success', message: `Standard ${saved.number} is saved.` });
    // To the confirmation, not past it: the banner heads the page, above the work card.
    response.redirect(303, filePath(departmentId, fileId, '#flash'));
  }

  @Post('directives')
  @Access.roles('admin', 'manager', 'member')
  async addDirective(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Body() form: AddDirectiveFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const { file } = await this.files.fileIn(page.actor, departmentId, fileId);
    const directive: Record<string, string> = { number: form.number.trim(), title: form.title.trim() };
    for (const key of ['section', 'effectiveDate', 'nextReviewDate'] as const) {
      const value = form[key]?.trim();
      if (value) directive[key] = value;
    }
    const dto = validatedAsApi(UpdateFileDto, { version: form.version, directives: [...file.directives, directive] });
    await this.work.update(page.actor, fileId, dto);
    page.notify({ kind: 'success', message: `Directive ${directive.number} is added to standard ${file.number}.` });
    response.redirect(303, filePath(departmentId, fileId, '#directives'));
  }

  @Post('directives/remove')
  @Access.roles('admin', 'manager', 'member')
  async removeDirective(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Body() form: RemoveDirectiveFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const { file } = await this.files.fileIn(page.actor, departmentId, fileId);
    const removed = file.directives[form.index];
    // With a stale version the list may have moved: the service refuses it before anything changes.
    if (!removed && file.version === form.version) throw new RequestValidationError([{ field: 'index', message: 'there is no such directive; reload the page' }]);
    const dto = validatedAsApi(UpdateFileDto, { version: form.version, directives: file.directives.filter((_, i) => i !== form.index) });
    await this.work.update(page.actor, fileId, dto);
    page.notify({ kind: 'success', message: `Directive ${removed?.number ?? ''} is removed from standard ${file.number}.` });
    response.redirect(303, filePath(departmentId, fileId, '#directives'));
  }

  /**
   * The upload form without JavaScript: multipart, streamed by the proofs service (the body
   * parsers leave multipart alone, so the CSRF token comes in the query). upload.js posts to the
   * API instead, to show progress.
   */
  @Post('proofs')
  @Access.roles('admin', 'manager', 'member')
  @LongUpload()
  async upload(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.files.assertFileIn(page.actor, departmentId, fileId);
    } catch (error) {
      request.resume();
      throw error;
    }
    const filed = await this.proofs.upload(page.actor, fileId, request);
    page.notify({
      kind: 'success',
      message: `${filed.proof.fileName} is filed in cycle year ${filed.cycleYear}${filed.filedIn?.cycle === 'previous' ? ` of the previous cycle (${filed.filedIn.cycleStartsOn} to ${filed.filedIn.cycleEndsOn}), where its date falls` : ''}${filed.periodKey ? `, period ${filed.periodKey}` : ''}; it awaits review.`,
    });
    response.redirect(303, filePath(departmentId, fileId, `#proof-${filed.id}`));
  }

  @Post('file-in-mapped')
  @Access.roles('admin', 'manager', 'member')
  async fileInMapped(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Body() form: FileInMappedFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const target = await this.files.mappedTarget(page.actor, departmentId, fileId, form.targetFileId);
    const filed = await this.proofs.link(page.actor, target.fileId, { proofId: form.proofId });
    page.notify({ kind: 'success', message: `${filed.proof.fileName} is filed in ${target.programName} ${target.number} too (cycle year ${filed.cycleYear}); it awaits review there.` });
    response.redirect(303, filePath(departmentId, fileId, '#mapped'));
  }

  @Post('proofs/:linkId/accept')
  @Access.roles('admin', 'manager')
  async accept(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Param('linkId', UUID) linkId: string,
    @Body() form: ReviewProofFormDto,
    @Res() response: Response,
  ): Promise<void> {
    await this.files.assertLinkOfFile(page.actor, departmentId, fileId, linkId);
    const link = await this.proofs.accept(page.actor, linkId, form.version);
    page.notify({ kind: 'success', message: `${link.proof.fileName} is accepted.` });
    response.redirect(303, filePath(departmentId, fileId, `#proof-${linkId}`));
  }

  @Post('proofs/:linkId/return')
  @Access.roles('admin', 'manager')
  async returnProof(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Param('linkId', UUID) linkId: string,
    @Body() form: ReasonedProofFormDto,
    @Res() response: Response,
  ): Promise<void> {
    await this.files.assertLinkOfFile(page.actor, departmentId, fileId, linkId);
    const dto = validatedAsApi(ReasonedReviewProofDto, { version: form.version, reason: form.reason });
    const link = await this.proofs.returnToUploader(page.actor, linkId, dto.version, dto.reason);
    page.notify({ kind: 'success', message: `${link.proof.fileName} is returned to its uploader.` });
    response.redirect(303, filePath(departmentId, fileId, `#proof-${linkId}`));
  }

  @Post('proofs/:linkId/withdraw')
  @Access.roles('admin', 'manager', 'member')
  async withdraw(
    @CurrentPage() page: PageContext,
    @Param('departmentId', UUID) departmentId: string,
    @Param('fileId', UUID) fileId: string,
    @Param('linkId', UUID) linkId: string,
    @Body() form: ReasonedProofFormDto,
    @Res() response: Response,
  ): Promise<void> {
    await this.files.assertLinkOfFile(page.actor, departmentId, fileId, linkId);
    const dto = validatedAsApi(ReasonedReviewProofDto, { version: form.version, reason: form.reason });
    const link = await this.proofs.withdraw(page.actor, linkId, dto.version, dto.reason);
    page.notify({ kind: 'success', message: `${link.proof.fileName} is withdrawn; it is kept, marked, and no longer counts.` });
    response.redirect(303, filePath(departmentId, fileId, `#proof-${linkId}`));
  }
}
