import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { PasswordResetService } from './password-reset.service';
import { MailPreferencesService } from './mail-preferences.service';
import { AccessGuard } from './access/access.guard';
import { AccessModule } from './access/access.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AssessorGrantsController } from './assessor-grants.controller';
import { AssessorGrantsService } from './assessor-grants.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { InvitationService } from './invitation.service';
import { PasswordService } from './password.service';
import { RateLimiterService } from './rate-limiter.service';
import { SessionService } from './session.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { GrantEndingNoticesService } from './grant-ending-notices.service';
import { IdentityRepository } from './identity.repository';
import { RateLimitRepository } from './rate-limit.repository';
import { SessionRepository } from './session.repository';

@Module({
  imports: [AuditModule, AccessModule, MailModule],
  controllers: [AuthController, UsersController, AssessorGrantsController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    AuthService,
    SessionService,
    PasswordService,
    RateLimiterService,
    InvitationService,
    PasswordResetService,
    MailPreferencesService,
    UsersService,
    AssessorGrantsService,
    GrantEndingNoticesService,
    AdminBootstrapService,
    IdentityRepository,
    SessionRepository,
    RateLimitRepository,
  ],
  exports: [AccessModule, MailModule, PasswordResetService, MailPreferencesService, UsersService, PasswordService, AdminBootstrapService, AuthService, AssessorGrantsService, GrantEndingNoticesService],
})
export class IdentityModule {}
