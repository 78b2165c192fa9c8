import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import type { InvitationDto } from '../../identity/dto/user.dto';
import { UsersService } from '../../identity/users.service';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { sendHtml, WebPages } from '../web-pages.decorator';
import { AdminPageService, ROLE_LABELS, USERS_PER_PAGE } from './admin-page.service';
import { AdminUsersQueryDto, InviteUserFormDto, membershipsOf, MembershipsFormDto, UserAccessFormDto } from './admin-pages.dto';
import { PageQuery } from '../page-query.decorator';
import { publicBaseUrl } from '../../common/public-url';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** The one-time invitation link, shown once (it is stored only hashed). */
export function renderInvitation(
  pages: PageRenderer,
  page: PageContext,
  baseUrl: string,
  response: Response,
  data: { invitation: InvitationDto; email: string; displayName: string; heading: string; lede: string; back: { href: string; label: string } },
): void {
  const html = pages.render('admin/invitation', page, {
    title: data.heading,
    ...data,
    link: `${baseUrl}${data.invitation.acceptPath}`,
    flash: { kind: 'success', message: data.lede },
  });
  sendHtml(response, 201, html);
}

/** Users: invite, give roles per department, disable and enable (administrators). */
@WebPages()
@Controller('admin/users')
@Access.roles('admin')
export class AdminUsersPageController {
  constructor(
    private readonly admin: AdminPageService,
    private readonly users: UsersService,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async usersPage(@CurrentPage() page: PageContext, @PageQuery() query: AdminUsersQueryDto): Promise<string> {
    const view = await this.admin.usersPage(page.actor, query);
    return this.pages.render('admin/users', page, { title: 'Users', view, roleLabels: ROLE_LABELS, perPage: USERS_PER_PAGE });
  }

  @Post()
  async invite(@CurrentPage() page: PageContext, @Body() form: InviteUserFormDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { user, invitation } = await this.users.invite(page.actor, {
      email: form.email,
      displayName: form.displayName,
      isAdmin: form.isAdmin ?? false,
      memberships: membershipsOf(form.membership),
    });
    if (!invitation) {
      page.notify({ kind: 'success', message: `${user.displayName} is invited.` });
      response.redirect(303, `/admin/users/${user.id}`);
      return;
    }
    renderInvitation(this.pages, page, publicBaseUrl(this.config, request), response, {
      invitation,
      email: user.email,
      displayName: user.displayName,
      heading: 'Invitation ready',
      lede: `${user.displayName} is invited. Send them the link below: it is shown only now.`,
      back: { href: `/admin/users/${user.id}`, label: `${user.displayName}'s roles` },
    });
  }

  @Get(':id')
  async userPage(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    const view = await this.admin.userPage(page.actor, id);
    return this.pages.render('admin/user', page, { title: view.user.displayName, view, roleLabels: ROLE_LABELS });
  }

  @Post(':id/memberships')
  async setMemberships(
    @CurrentPage() page: PageContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: MembershipsFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const user = await this.users.setMemberships(page.actor, id, membershipsOf(form.membership));
    const count = user.memberships.length;
    page.notify({ kind: 'success', message: `${user.displayName} now has ${count === 0 ? 'no role in any department' : `${count} department role${count === 1 ? '' : 's'}`}.` });
    response.redirect(303, `/admin/users/${id}`);
  }

  @Post(':id/access')
  async setAccess(
    @CurrentPage() page: PageContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: UserAccessFormDto,
    @Res() response: Response,
  ): Promise<void> {
    const user = await this.users.update(page.actor, id, { disabled: form.disabled });
    page.notify({
      kind: 'success',
      message: user.disabled ? `${user.displayName} is disabled and signed out everywhere.` : `${user.displayName} can sign in again.`,
    });
    response.redirect(303, `/admin/users/${id}`);
  }
}
