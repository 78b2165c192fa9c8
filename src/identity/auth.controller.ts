import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentActor } from './access/access.decorator';
import type { Actor } from './access/actor';
import { AuthService } from './auth.service';
import {
  AcceptInvitationDto,
  ChangePasswordDto,
  CookieSessionDto,
  LoginDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  PasswordResetRequestedDto,
  RefreshDto,
  TokensDto,
} from './dto/auth.dto';
import { PASSWORD_RESET_REQUESTED, PasswordResetService } from './password-reset.service';
import { UserDto } from './dto/user.dto';
import { clientOf, IssuedSession } from './session.service';
import { clearSessionCookie, csrfTokenFor, setSessionCookie } from './session-cookie';
import { UsersService } from './users.service';

const tokensOf = (issued: IssuedSession): TokensDto => ({
  tokenType: 'Bearer',
  accessToken: issued.accessToken,
  refreshToken: issued.refreshToken ?? '',
  expiresAt: issued.expiresAt.toISOString(),
  refreshExpiresAt: issued.refreshExpiresAt?.toISOString() ?? '',
});

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwordResets: PasswordResetService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access.public('Signing in is how a session starts')
  @ApiOperation({ summary: 'Sign in with email and password: bearer tokens, or a session cookie' })
  @ApiOkResponse({ type: TokensDto, description: 'Bearer tokens (session "token"), or the cookie session (session "cookie")' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this network, or the account is locked for a while' })
  async login(@Body() dto: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<TokensDto | CookieSessionDto> {
    const { issued, user } = await this.auth.login(dto, clientOf(request));
    if (dto.session === 'cookie') {
      setSessionCookie(response, issued);
      return { expiresAt: issued.expiresAt.toISOString(), csrfToken: csrfTokenFor(issued.accessToken), user };
    }
    return tokensOf(issued);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Access.public('The refresh token itself is the credential')
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)' })
  @ApiOkResponse({ type: TokensDto })
  async refresh(@Body() dto: RefreshDto, @Req() request: Request): Promise<TokensDto> {
    return tokensOf(await this.auth.refresh(dto.refreshToken, clientOf(request)));
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Access.signedIn()
  @ApiOperation({ summary: 'Sign out this session' })
  @ApiNoContentResponse()
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(actor);
    if (actor.sessionKind === 'cookie') clearSessionCookie(response);
  }

  @Get('auth/me')
  @Access.signedIn()
  @ApiOperation({ summary: 'The signed-in user with their roles' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.users.get(actor.userId);
  }

  @Post('auth/password')
  @HttpCode(204)
  @Access.signedIn()
  @ApiOperation({ summary: 'Change your own password (your other sessions are signed out)' })
  @ApiNoContentResponse()
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(actor, dto);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @Access.public('The one-time invitation token is the credential')
  @ApiOperation({ summary: 'Set a password with an invitation token (one use, expires)' })
  @ApiCreatedResponse({ type: UserDto })
  acceptInvitation(@Body() dto: AcceptInvitationDto, @Req() request: Request): Promise<UserDto> {
    return this.auth.acceptInvitation(dto, clientOf(request));
  }

  @Post('auth/password-reset-requests')
  @HttpCode(202)
  @Access.public('Someone who forgot their password cannot sign in; the answer is the same whether or not the email exists')
  @ApiOperation({ summary: 'Ask for a password-reset link by mail (rate-limited; the same answer whether or not the account exists)' })
  @ApiAcceptedResponse({ type: PasswordResetRequestedDto })
  @ApiTooManyRequestsResponse({ description: 'Too many requests for this email or from this network' })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto, @Req() request: Request): Promise<PasswordResetRequestedDto> {
    await this.passwordResets.request(dto.email, clientOf(request));
    return { message: PASSWORD_RESET_REQUESTED };
  }

  @Post('auth/password-reset')
  @HttpCode(204)
  @Access.public('The one-time reset token from the mail is the credential')
  @ApiOperation({ summary: 'Set a new password with a reset token (one use, expires); every session of the account ends' })
  @ApiNoContentResponse()
  async resetPassword(@Body() dto: PasswordResetDto, @Req() request: Request): Promise<void> {
    await this.passwordResets.reset(dto, clientOf(request));
  }
}
