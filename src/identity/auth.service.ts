import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, AuditContext } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/problem/problem';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { lapsedAssessorAccess } from './access/access-rules';
import type { Actor } from './access/actor';
import { DepartmentAccessService } from './access/department-access.service';
import type { AcceptInvitationDto, ChangePasswordDto, LoginDto } from './dto/auth.dto';
import type { UserDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import {
  AccountDisabledError,
  assessorAccessError,
  InvalidCredentialsError,
  InvitationInvalidError,
  TooManyAttemptsError,
  UnauthenticatedError,
} from './identity.errors';
import { InvitationService } from './invitation.service';
import { passwordProblems, PasswordService } from './password.service';
import { RateLimiterService } from './rate-limiter.service';
import { ClientInfo, IssuedSession, SessionService } from './session.service';
import { normalizeEmail, UsersService } from './users.service';

const IP_WINDOW_MS = 15 * 60_000;

const clockTime = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiterService,
    private readonly audit: AuditService,
    private readonly invitations: InvitationService,
    private readonly users: UsersService,
    private readonly access: DepartmentAccessService,
    private readonly clock: Clock,
  ) {}

  /**
   * Unknown emails and wrong passwords get the same answer after the same work (one argon2
   * verification, one counter, one audit row), and both count toward the account's lockout.
   */
  async login(dto: LoginDto, client: ClientInfo): Promise<{ issued: IssuedSession; user: UserDto }> {
    const email = normalizeEmail(dto.email);
    const now = this.clock.now();
    const lockoutMs = this.config.auth.lockoutMinutes * 60_000;
    const context: AuditContext = { userId: null, email, role: null, ip: client.ip, requestId: client.requestId };

    const fromIp = await this.limiter.hit(`login-ip:${client.ip ?? 'unknown'}`, IP_WINDOW_MS);
    if (fromIp.count > this.config.auth.ipLimitPer15Minutes) {
      throw new TooManyAttemptsError(
        `Too many sign-in attempts from your network. Try again after ${clockTime(fromIp.windowEndsAt)}.`,
        fromIp.windowEndsAt,
        now,
      );
    }
    const failures = await this.limiter.current(`login-fail:${email}`, lockoutMs);
    if (failures.count >= this.config.auth.maxLoginFailures) {
      throw this.lockedError(failures.windowEndsAt, now);
    }

    const user = await this.dataSource.getRepository(User).findOneBy({ email });
    const passwordMatches = await this.passwords.verify(user?.passwordHash ?? null, dto.password);
    if (!user || !passwordMatches) {
      const failed = await this.limiter.hit(`login-fail:${email}`, lockoutMs);
      const locked = failed.count >= this.config.auth.maxLoginFailures;
      await this.dataSource.transaction(async (manager) => {
        const entry = { entityType: 'user', entityId: user?.id ?? null, after: { email, failures: failed.count } };
        await this.audit.record(manager, { ...context, userId: user?.id ?? null }, { action: 'login.failed', ...entry });
        if (locked) await this.audit.record(manager, { ...context, userId: user?.id ?? null }, { action: 'login.locked', ...entry });
      });
      if (locked) throw this.lockedError(failed.windowEndsAt, now);
      throw new InvalidCredentialsError();
    }
    if (user.disabledAt) {
      await this.audit.recordStandalone({ ...context, userId: user.id }, { action: 'login.refused', entityType: 'user', entityId: user.id, after: { reason: 'disabled' } });
      throw new AccountDisabledError();
    }
    await this.refuseLapsedAssessor(user);
    await this.limiter.reset(`login-fail:${email}`);

    return this.dataSource.transaction(async (manager) => {
      const issued = await this.sessions.issue(manager, user, dto.session === 'cookie' ? 'cookie' : 'bearer', client);
      user.lastLoginAt = now;
      await manager.getRepository(User).update({ id: user.id }, { lastLoginAt: now });
      await this.audit.record(manager, { ...context, userId: user.id, role: user.isAdmin ? 'admin' : null }, {
        action: 'login.succeeded',
        entityType: 'session',
        entityId: issued.sessionId,
        after: { kind: dto.session === 'cookie' ? 'cookie' : 'bearer', expiresAt: issued.expiresAt.toISOString() },
      });
      const [view] = await this.users.toDtos(manager, [user]);
      return { issued, user: view };
    });
  }

  /** Rotates a refresh token. A token that was already rotated signs out its whole family. */
  async refresh(refreshToken: string, client: ClientInfo): Promise<IssuedSession> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const found = await this.sessions.findByRefreshToken(manager, refreshToken);
      if (!found) return { kind: 'invalid' as const };
      const { session } = found;
      const user = await manager.getRepository(User).findOneBy({ id: session.userId });
      const context: AuditContext = { userId: session.userId, email: user?.email ?? null, role: null, ip: client.ip, requestId: client.requestId };
      if (found.reused) {
        await this.sessions.revokeFamily(manager, session.familyId, 'refresh-reuse');
        await this.audit.record(manager, context, { action: 'session.refresh-reused', entityType: 'session', entityId: session.id, after: { familyId: session.familyId } });
        return { kind: 'reused' as const };
      }
      if (!user || user.disabledAt) return { kind: 'invalid' as const };
      await this.sessions.revoke(manager, session.id, 'rotated');
      const issued = await this.sessions.issue(manager, user, 'bearer', client, session.familyId);
      return { kind: 'issued' as const, issued };
    });
    switch (outcome.kind) {
      case 'issued':
        return outcome.issued;
      case 'reused':
        throw new UnauthenticatedError('This refresh token was already used; every session it belonged to is now signed out. Sign in again.');
      case 'invalid':
        throw new UnauthenticatedError('The refresh token is unknown, expired or revoked. Sign in again.');
    }
  }

  /**
   * Signing in again in a browser that still holds a session cookie replaces that session: the old
   * one ends (audited as a sign-out) rather than living on unseen until it expires.
   */
  async endReplacedCookieSession(previousToken: string): Promise<void> {
    let previous: Actor;
    try {
      previous = await this.sessions.authenticate(previousToken, 'cookie');
    } catch {
      return;
    }
    await this.logout(previous);
  }

  async logout(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(manager, actor.sessionId, 'logout');
      await this.audit.record(manager, this.access.auditContext(actor), { action: 'logout', entityType: 'session', entityId: actor.sessionId });
    });
  }

  /** Changes the caller's password and signs out their other sessions. */
  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await this.passwords.verify(user.passwordHash, dto.currentPassword))) {
      throw new RequestValidationError([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]);
    }
    this.assertPasswordRules(dto.newPassword, user.email, 'newPassword');
    const hash = await this.passwords.hash(dto.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(User).update({ id: user.id }, { passwordHash: hash, passwordChangedAt: this.clock.now() });
      const signedOut = await this.sessions.revokeAllForUser(manager, user.id, 'password-changed', actor.sessionId);
      await this.audit.record(manager, this.access.auditContext(actor), {
        action: 'user.password-changed',
        entityType: 'user',
        entityId: user.id,
        after: { otherSessionsSignedOut: signedOut },
      });
    });
  }

  async acceptInvitation(dto: AcceptInvitationDto, client: ClientInfo): Promise<UserDto> {
    const hash = await this.passwords.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.invitations.findUsable(manager, dto.token);
      if (!invitation) throw new InvitationInvalidError();
      const user = await manager.getRepository(User).findOneByOrFail({ id: invitation.userId });
      this.assertPasswordRules(dto.password, user.email, 'password');
      user.passwordHash = hash;
      user.passwordChangedAt = this.clock.now();
      if (dto.displayName) user.displayName = dto.displayName.trim();
      await manager.getRepository(User).save(user);
      await this.invitations.markUsed(manager, invitation.id);
      await this.sessions.revokeAllForUser(manager, user.id, 'password-set');
      await this.audit.record(manager, { userId: user.id, email: user.email, role: null, ip: client.ip, requestId: client.requestId }, {
        action: 'invitation.accepted',
        entityType: 'user',
        entityId: user.id,
        after: { displayName: user.displayName },
      });
      return (await this.users.toDtos(manager, [user]))[0];
    });
  }

  private assertPasswordRules(password: string, email: string, field: string): void {
    const problems = passwordProblems(password, email);
    if (problems.length > 0) {
      throw new RequestValidationError(problems.map((message) => ({ field, message: `${field} ${message}` })));
    }
  }

  private lockedError(until: Date, now: Date): TooManyAttemptsError {
    return new TooManyAttemptsError(
      `This account is locked after ${this.config.auth.maxLoginFailures} failed sign-ins. Try again after ${clockTime(until)}.`,
      until,
      now,
    );
  }

  /** An assessor with no open grant is told so at sign-in rather than on every request. */
  private async refuseLapsedAssessor(user: User): Promise<void> {
    if (user.isAdmin) return;
    const actor = await this.sessions.loadActor({
      session_id: '',
      session_kind: 'bearer',
      user_id: user.id,
      email: user.email,
      display_name: user.displayName,
      is_admin: user.isAdmin,
    });
    const lapsed = lapsedAssessorAccess(actor, this.clock.now());
    if (lapsed) throw assessorAccessError(lapsed);
  }
}
