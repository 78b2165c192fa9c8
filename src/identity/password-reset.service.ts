import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditContext, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/problem/problem';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import type { PasswordResetDto } from './dto/auth.dto';
import { PasswordReset } from './entities/password-reset.entity';
import { User } from './entities/user.entity';
import { PasswordResetInvalidError, TooManyAttemptsError } from './identity.errors';
import { InvitationService } from './invitation.service';
import { passwordProblems, PasswordService } from './password.service';
import { RateLimiterService } from './rate-limiter.service';
import type { ClientInfo } from './session.service';
import { SessionService } from './session.service';
import { hashToken, newToken } from './tokens';
import { normalizeEmail } from './users.service';

const HOUR_MS = 3_600_000;

/** The one answer to a reset request, whether or not the email belongs to an account. */
export const PASSWORD_RESET_REQUESTED = 'If an account exists for that email, a link to reset its password is on its way. It works for a limited time.';

/** "Forgot password": a one-time, expiring link by mail; using it sets a new password and ends every session. */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limiter: RateLimiterService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly invitations: InvitationService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly clock: Clock,
  ) {}

  /**
   * Mails a reset link when the email belongs to an enabled account. The caller answers the same
   * either way; the limits count every request, known email or not, so they say nothing either.
   */
  async request(rawEmail: string, client: ClientInfo): Promise<void> {
    const email = normalizeEmail(rawEmail);
    const now = this.clock.now();
    const perHour = this.config.auth.passwordResetLimitPerHour;
    const fromIp = await this.limiter.hit(`reset-ip:${client.ip ?? 'unknown'}`, HOUR_MS);
    const forEmail = await this.limiter.hit(`reset-email:${email}`, HOUR_MS);
    if (fromIp.count > perHour * 10 || forEmail.count > perHour) {
      const until = new Date(Math.max(fromIp.count > perHour * 10 ? fromIp.windowEndsAt.getTime() : 0, forEmail.count > perHour ? forEmail.windowEndsAt.getTime() : 0));
      throw new TooManyAttemptsError(`Too many password-reset requests. Try again after ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, until, now);
    }
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).findOneBy({ email });
      const context: AuditContext = { userId: null, email, role: null, ip: client.ip, requestId: client.requestId };
      if (!user || user.disabledAt) {
        await this.audit.record(manager, context, {
          action: 'password-reset.requested',
          entityType: 'user',
          entityId: user?.id ?? null,
          after: { email, sent: false, reason: user ? 'account disabled' : 'no such account' },
        });
        return;
      }
      await this.endOpenResets(manager, user.id);
      const token = newToken('pwr');
      const expiresAt = new Date(now.getTime() + this.config.auth.passwordResetTtlMinutes * 60_000);
      await manager.getRepository(PasswordReset).insert({ userId: user.id, tokenHash: hashToken(token), expiresAt, usedAt: null, requestedFromIp: client.ip?.slice(0, 64) ?? null });
      await this.audit.record(manager, { ...context, userId: user.id }, { action: 'password-reset.requested', entityType: 'user', entityId: user.id, after: { email, sent: true, expiresAt: expiresAt.toISOString() } });
      await this.mail.enqueue(manager, { ...context, userId: user.id }, {
        kind: 'password-reset',
        to: { email: user.email, userId: user.id },
        data: { name: user.displayName, link: this.mail.link(`/reset-password?token=${encodeURIComponent(token)}`), expiresAt: expiresAt.toISOString() },
      });
    });
  }

  /** Sets the new password with a live reset token, once; every session of the account ends. */
  async reset(dto: PasswordResetDto, client: ClientInfo): Promise<{ email: string }> {
    const hash = await this.passwords.hash(dto.password);
    const email = await this.dataSource.transaction(async (manager) => {
      const reset = await manager
        .getRepository(PasswordReset)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.token_hash = :hash', { hash: hashToken(dto.token) })
        .getOne();
      const now = this.clock.now();
      if (!reset || reset.usedAt || reset.expiresAt <= now) throw new PasswordResetInvalidError();
      const user = await manager.getRepository(User).findOneByOrFail({ id: reset.userId });
      if (user.disabledAt) throw new PasswordResetInvalidError();
      const problems = passwordProblems(dto.password, user.email);
      if (problems.length > 0) throw new RequestValidationError(problems.map((message) => ({ field: 'password', message: `password ${message}` })));
      await manager.getRepository(User).update({ id: user.id }, { passwordHash: hash, passwordChangedAt: now });
      await manager.getRepository(PasswordReset).update({ id: reset.id }, { usedAt: now });
      await this.endOpenResets(manager, user.id);
      // A password set this way also settles an invitation still open.
      await this.invitations.revokeOpen(manager, user.id);
      const signedOut = await this.sessions.revokeAllForUser(manager, user.id, 'password-reset');
      await this.audit.record(manager, { userId: user.id, email: user.email, role: null, ip: client.ip, requestId: client.requestId }, {
        action: 'user.password-reset',
        entityType: 'user',
        entityId: user.id,
        after: { sessionsSignedOut: signedOut },
      });
      return user.email;
    });
    // The lockout is about guessing the old password; the owner of the mailbox has just proved who they are.
    await this.limiter.reset(`login-fail:${email}`);
    return { email };
  }

  private async endOpenResets(manager: EntityManager, userId: string): Promise<void> {
    const now = this.clock.now();
    await manager
      .getRepository(PasswordReset)
      .createQueryBuilder()
      .update()
      .set({ expiresAt: now })
      .where('user_id = :userId AND used_at IS NULL AND expires_at > :now', { userId, now })
      .execute();
  }
}
