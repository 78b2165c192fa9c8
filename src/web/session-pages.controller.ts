import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, RequestValidationError } from '../common/problem/problem';
import { Access } from '../identity/access/access.decorator';
import { AuthService } from '../identity/auth.service';
import { clientOf } from '../identity/session.service';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from '../identity/session-cookie';
import { CurrentPage, PageContext } from './page-context';
import { PageRenderer } from './page-renderer.service';
import { safeNextPath, setFlash, takeFlash } from './flash';
import { SameOriginGuard } from './same-origin.guard';
import { sendHtml, WebPages } from './web-pages.decorator';
import { ForgotPasswordFormDto, MailSettingsFormDto, PasswordFormDto, ResetPasswordFormDto, SignInFormDto, UnsubscribeFormDto, WelcomeFormDto } from './web.dto';
import { MailPreferencesService } from '../identity/mail-preferences.service';
import { PASSWORD_RESET_REQUESTED, PasswordResetService } from '../identity/password-reset.service';

/** Signing in and out, the invitation page and the password change. */
@WebPages()
@Controller()
export class SessionPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
    private readonly passwordResets: PasswordResetService,
    private readonly mailPreferences: MailPreferencesService,
  ) {}

  @Get('sign-in')
  @Access.public('The sign-in page is how a visitor starts a session')
  signInPage(@Query('next') next: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.pages.render('sign-in', null, { next: safeNextPath(next), flash: takeFlash(request, response), email: '' });
  }

  @Post('sign-in')
  @UseGuards(SameOriginGuard)
  @Access.public('Signing in is how a session starts; the form must come from this site')
  async signIn(@Body() form: SignInFormDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const next = safeNextPath(form.next);
    try {
      const { issued } = await this.auth.login({ email: form.email.trim(), password: form.password, session: 'cookie' }, clientOf(request));
      const previous = sessionCookieOf(request);
      if (previous) await this.auth.endReplacedCookieSession(previous);
      setSessionCookie(response, issued);
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
      const message = error instanceof RequestValidationError ? 'Enter your email address and password.' : error.detail;
      sendHtml(response, error.status, this.pages.render('sign-in', null, { next, email: form.email, flash: { kind: 'error', message } }));
    }
  }

  @Post('sign-out')
  @Access.signedIn()
  async signOut(@CurrentPage() page: PageContext, @Res() response: Response): Promise<void> {
    await this.auth.logout(page.actor);
    clearSessionCookie(response);
    setFlash(response, { kind: 'success', message: 'You are signed out.' });
    response.redirect(303, '/sign-in');
  }

  @Get('account')
  @Access.signedIn()
  accountPage(@CurrentPage() page: PageContext): string {
    return this.pages.render('account', page);
  }

  @Post('account/password')
  @Access.signedIn()
  async changePassword(@CurrentPage() page: PageContext, @Body() form: PasswordFormDto, @Res() response: Response): Promise<void> {
    if (form.newPassword !== form.confirmPassword) {
      throw new RequestValidationError([{ field: 'confirmPassword', message: 'The two new passwords are not the same.' }]);
    }
    await this.auth.changePassword(page.actor, { currentPassword: form.currentPassword, newPassword: form.newPassword });
    page.notify({ kind: 'success', message: 'Your password is changed. Your other sessions are signed out.' });
    response.redirect(303, '/account');
  }

  @Get('welcome')
  @Access.public('The invitation link is opened before the invited user has a password')
  welcomePage(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.pages.render('welcome', null, { token: typeof token === 'string' ? token : '', flash: takeFlash(request, response) });
  }

  @Post('welcome')
  @UseGuards(SameOriginGuard)
  @Access.public('The one-time invitation token in the form is the credential; the form must come from this site')
  async acceptInvitation(@Body() form: WelcomeFormDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      if (form.password !== form.confirmPassword) {
        throw new RequestValidationError([{ field: 'confirmPassword', message: 'The two passwords are not the same.' }]);
      }
      const user = await this.auth.acceptInvitation(
        { token: form.token, password: form.password, ...(form.displayName?.trim() ? { displayName: form.displayName.trim() } : {}) },
        clientOf(request),
      );
      setFlash(response, { kind: 'success', message: `Your password is set, ${user.displayName}. Sign in with it now.` });
      response.redirect(303, '/sign-in');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof RequestValidationError ? error.fieldErrors : undefined;
      const html = this.pages.render('welcome', null, { token: form.token, flash: { kind: 'error', message: error.detail, ...(errors ? { errors } : {}) } });
      sendHtml(response, error.status, html);
    }
  }

  @Get('forgot-password')
  @Access.public('Someone who forgot their password cannot sign in')
  forgotPasswordPage(@Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.pages.render('forgot-password', null, { email: '', flash: takeFlash(request, response) });
  }

  @Post('forgot-password')
  @UseGuards(SameOriginGuard)
  @Access.public('Asks for a reset link by mail; the same answer whether or not the email exists; the form must come from this site')
  async requestPasswordReset(@Body() form: ForgotPasswordFormDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const email = form.email.trim();
    try {
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new RequestValidationError([{ field: 'email', message: 'Enter the email address of your account.' }]);
      await this.passwordResets.request(email, clientOf(request));
      setFlash(response, { kind: 'success', message: PASSWORD_RESET_REQUESTED });
      response.redirect(303, '/sign-in');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
      const message = error instanceof RequestValidationError ? 'Enter the email address of your account.' : error.detail;
      sendHtml(response, error.status, this.pages.render('forgot-password', null, { email, flash: { kind: 'error', message } }));
    }
  }

  @Get('reset-password')
  @Access.public('The reset link is opened by someone who cannot sign in')
  resetPasswordPage(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.pages.render('reset-password', null, { token: typeof token === 'string' ? token : '', flash: takeFlash(request, response) });
  }

  @Post('reset-password')
  @UseGuards(SameOriginGuard)
  @Access.public('The one-time reset token in the form is the credential; the form must come from this site')
  async resetPassword(@Body() form: ResetPasswordFormDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      if (form.password !== form.confirmPassword) {
        throw new RequestValidationError([{ field: 'confirmPassword', message: 'The two passwords are not the same.' }]);
      }
      await this.passwordResets.reset({ token: form.token, password: form.password }, clientOf(request));
      const previous = sessionCookieOf(request);
      if (previous) clearSessionCookie(response);
      setFlash(response, { kind: 'success', message: 'Your new password is set and every session of your account is signed out. Sign in with it now.' });
      response.redirect(303, '/sign-in');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const errors = error instanceof RequestValidationError ? error.fieldErrors : undefined;
      const html = this.pages.render('reset-password', null, { token: form.token, flash: { kind: 'error', message: error.detail, ...(errors ? { errors } : {}) } });
      sendHtml(response, error.status, html);
    }
  }

  @Get('account/mail')
  @Access.signedIn()
  async mailSettingsPage(@CurrentPage() page: PageContext): Promise<string> {
    const digest = await this.mailPreferences.digestOf(page.actor.userId);
    return this.pages.render('account-mail', page, { digest, choices: DIGEST_LABELS });
  }

  @Post('account/mail')
  @Access.signedIn()
  async chooseDigest(@CurrentPage() page: PageContext, @Body() form: MailSettingsFormDto, @Res() response: Response): Promise<void> {
    const digest = await this.mailPreferences.choose(page.actor, form.digest);
    page.notify({ kind: 'success', message: digest === 'off' ? 'No deadline digest will be sent to you.' : `Your deadline digest is now ${digest}.` });
    response.redirect(303, '/account/mail');
  }

  @Get('unsubscribe')
  @Access.public('The link in a digest turns it off without signing in; this page only asks to confirm')
  async unsubscribePage(@Query('token') token: string | undefined): Promise<string> {
    const value = typeof token === 'string' && token.length <= 200 ? token : '';
    const target = value ? await this.mailPreferences.unsubscribeTarget(value) : null;
    return this.pages.render('unsubscribe', null, { token: value, email: target?.email ?? null, done: false });
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @UseGuards(SameOriginGuard)
  @Access.public('The unsubscribe secret from the digest is the credential; the form must come from this site')
  async unsubscribe(@Body() form: UnsubscribeFormDto, @Req() request: Request): Promise<string> {
    const { email } = await this.mailPreferences.unsubscribe(form.token, clientOf(request));
    return this.pages.render('unsubscribe', null, { token: '', email, done: true });
  }
}

const DIGEST_LABELS = [
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly (the default)' },
  { value: 'off', label: 'No digest' },
] as const;
