import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import { AssessorGrantsService } from '../../identity/assessor-grants.service';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { WebPages } from '../web-pages.decorator';
import { AdminPageService } from './admin-page.service';
import { CreateGrantFormDto, RevokeGrantFormDto } from './admin-pages.dto';
import { showInvitation } from './admin-users-page.controller';
import { publicBaseUrl } from '../../common/public-url';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** Assessor grants: read-only access to departments for a window of days (administrators). */
@WebPages()
@Controller('admin/grants')
@Access.roles('admin')
export class AdminGrantsPageController {
  constructor(
    private readonly admin: AdminPageService,
    private readonly grants: AssessorGrantsService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async grantsPage(@CurrentPage() page: PageContext): Promise<string> {
    return this.pages.render('admin/grants', page, { title: 'Assessor grants', view: await this.admin.grantsPage(page.actor) });
  }

  @Post()
  async create(@CurrentPage() page: PageContext, @Body() form: CreateGrantFormDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { grant, invitation } = await this.grants.create(page.actor, form);
    const what = `${grant.assessor.displayName} may read ${grant.departments.map((d) => d.name).join(', ')} from ${grant.startsOn} to ${grant.endsOn}.`;
    if (!invitation) {
      page.notify({ kind: 'success', message: `Grant created: ${what}` });
      response.redirect(303, `/admin/grants#grant-${grant.id}`);
      return;
    }
    showInvitation(response, publicBaseUrl(this.config, request), {
      invitation,
      email: grant.assessor.email,
      displayName: grant.assessor.displayName,
      heading: 'Grant created: invitation ready',
      lede: `Grant created: ${what} ${grant.assessor.displayName} has no password yet; send them the link below: it is shown only now.`,
      back: { href: '/admin/grants', label: 'Assessor grants' },
    });
  }

  @Post(':id/revoke')
  async revoke(
    @CurrentPage() page: PageContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: RevokeGrantFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const grant = await this.grants.revoke(page.actor, id, form.reason);
    page.notify({ kind: 'success', message: `The grant of ${grant.assessor.displayName} is revoked; their access ends now.` });
    response.redirect(303, `/admin/grants#grant-${id}`);
  }
}
