import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import { SignOffsService } from '../../readiness/sign-offs.service';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { SignOffFormDto } from './department-page.dto';

/** The chief signs the department's readiness off; anyone who reads the department sees the snapshots. */
@WebPages()
@Controller()
export class SignOffPagesController {
  constructor(
    private readonly signOffs: SignOffsService,
    private readonly pages: PageRenderer,
  ) {}

  @Post('department/:departmentId/sign-off')
  @Access.roles('admin', 'chief')
  async signOff(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Body() form: SignOffFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const signed = await this.signOffs.signOff(page.actor, departmentId, { note: form.note?.trim(), acknowledgeNotReady: form.acknowledgeNotReady !== undefined });
    page.notify({ kind: 'success', message: `Readiness signed off: ${signed.summary} ${signed.acknowledgedNotReady ? ' Signed with the acknowledgement that it is not ready.' : ''} SHA-256 ${signed.sha256}.` });
    response.redirect(303, `/department/${departmentId}#sign-offs`);
  }

  @Get('department/:departmentId/sign-offs/:signOffId')
  @Access.roles('admin', 'manager', 'member', 'chief', 'assessor')
  async signOffPage(
    @CurrentPage() page: PageContext,
    @Param('departmentId', new ParseUUIDPipe()) departmentId: string,
    @Param('signOffId', new ParseUUIDPipe()) signOffId: string,
  ): Promise<string> {
    const signOff = await this.signOffs.get(page.actor, departmentId, signOffId);
    return this.pages.render('department/sign-off', page, { title: `Sign-off of ${signOff.readiness.departmentName}`, s: signOff });
  }
}
