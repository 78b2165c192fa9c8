import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Access } from '../../identity/access/access.decorator';
import type { InvitationDto } from '../../identity/dto/user.dto';
import { UsersService } from '../../identity/users.service';
import { CurrentPage, PageContext } from '../page-context';
import { PageRenderer } from '../page-renderer.service';
import { stashShownOnce, takeShownOnce } from '../show-once';
import { sendHtml, WebPages } from '../web-pages.decorator';
import { AdminPageService, ROLE_LABELS, USERS_PER_PAGE } from './admin-page.service';
import { AdminUsersQueryDto, InviteUserFormDto, membershipsOf, MembershipsFormDto, UserAccessFormDto } from './admin-pages.dto';
import { PageQuery } from '../page-query.decorator';
import { publicBaseUrl } from '../../common/public-url';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

export const INVITATION_PAGE = '/admin/users/invitation';

/** What the invitation page shows of an invitation just made (the link is stored only hashed). */
interface ShownInvitation {
  link: string;
  expiresAt: string;
  email: string;
  displayName: string;
  heading: string;
  lede: string;
  back: { href: string; label: string };
}

const isShownInvitation = (value: unknown): value is ShownInvitation => {
  const v = value as Partial<ShownInvitation> | null;
  return (
    typeof v?.link === 'string' &&
    typeof v.expiresAt === 'string' &&
    typeof v.email === 'string' &&
    typeof v.displayName === 'string' &&
    typeof v.heading === 'string' &&
    typeof v.lede === 'string' &&
    typeof v.back?.href === 'string' &&
    v.back.href.startsWith('/') &&
    !v.back.href.startsWith('//') &&
    typeof v.back.label === 'string'
  );
};

/**
 * The one-time invitation link, shown once: carried to the invitation page through the redirect
 * (post, redirect, get), so a reload of that page never sends the form again.
 */
export function showInvitation(
  response: Response,
  baseUrl: string,
  data: { invitation: InvitationDto; email: string; displayName: string; heading: string; lede: string; back: { href: string; label: string } },
): void {
  const shown: ShownInvitation = {
    link: `${baseUrl}${data.invitation.acceptPath}`,
    expiresAt: data.invitation.expiresAt,
    email: data.email,
    displayName: data.displayName,
    heading: data.heading,
    lede: data.lede,
    back: data.back,
  };
  stashShownOnce(response, INVITATION_PAGE, shown);
  response.redirect(303, INVITATION_PAGE);
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
    showInvitation(response, publicBaseUrl(this.config, request), {
      invitation,
      email: user.email,
      displayName: user.displayName,
      heading: 'Invitation ready',
      lede: `${user.displayName} is invited. Send them the link below: it is shown only now.`,
      back: { href: `/admin/users/${user.id}`, label: `${user.displayName}'s roles` },
    });
  }

  /** The invitation link just made, once; a reload says it was shown and invites nobody again. Declared before ':id'. */
  @Get('invitation')
  invitationPage(@CurrentPage() page: PageContext, @Req() request: Request, @Res() response: Response): void {
    const shown = takeShownOnce(request, response, INVITATION_PAGE, isShownInvitation);
    const html = this.pages.render('admin/invitation', page, {
      title: shown?.heading ?? 'Invitation link',
      shown,
      flash: shown ? { kind: 'success', message: shown.lede } : undefined,
    });
    sendHtml(response, 200, html);
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

  /** A new invitation, mailed (or kept in the outbox), and its link shown once here too. */
  @Post(':id/invitation')
  async resendInvitation(
    @CurrentPage() page: PageContext,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { user, invitation } = await this.users.resendInvitation(page.actor, id);
    if (!invitation) throw new Error('a resent invitation always has a link');
    showInvitation(response, publicBaseUrl(this.config, request), {
      invitation,
      email: user.email,
      displayName: user.displayName,
      heading: 'New invitation ready',
      lede: `A new invitation is mailed to ${user.email}; earlier links no longer work. The link below is shown only now.`,
      back: { href: `/admin/users/${user.id}`, label: `${user.displayName}'s roles` },
    });
  }

  @Post(':id/invitation/revoke')
  async revokeInvitation(@CurrentPage() page: PageContext, @Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const user = await this.users.revokeInvitation(page.actor, id);
    page.notify({ kind: 'success', message: `${user.displayName}'s invitation is withdrawn: its link no longer works, and they are told by mail.` });
    response.redirect(303, `/admin/users/${id}`);
  }
}
