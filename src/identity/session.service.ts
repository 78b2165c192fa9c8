import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import type { Request } from 'express';
import { Clock } from '../common/clock';
import { requestIdOf } from '../common/request-id.middleware';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor, ActorGrant } from './access/actor';
import { AccountDisabledError, UnauthenticatedError } from './identity.errors';
import { Session, SessionKind } from './entities/session.entity';
import type { User } from './entities/user.entity';
import { ActorGrantRow, SessionActorRow, SessionRepository } from './session.repository';
import { hashToken, newToken } from './tokens';

export interface IssuedSession {
  sessionId: string;
  familyId: string;
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
  refreshExpiresAt: Date | null;
}

export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** Who a request comes from, as sessions record it. */
export const clientOf = (request: Request): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: request.header('user-agent') ?? null,
  requestId: requestIdOf(request) ?? null,
});

@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(manager: EntityManager, user: User, kind: SessionKind, client: ClientInfo, familyId: string = randomUUID()): Promise<IssuedSession> {
    const now = this.clock.now();
    const accessToken = newToken(kind === 'cookie' ? 'cks' : 'cat');
    const refreshToken = kind === 'bearer' ? newToken('crt') : null;
    const ttlMs = kind === 'cookie' ? this.config.auth.cookieTtlHours * 3_600_000 : this.config.auth.accessTtlMinutes * 60_000;
    const expiresAt = new Date(now.getTime() + ttlMs);
    const refreshExpiresAt = refreshToken ? new Date(now.getTime() + this.config.auth.refreshTtlDays * 86_400_000) : null;
    const session = await manager.getRepository(Session).save({
      userId: user.id,
      familyId,
      kind,
      accessTokenHash: hashToken(accessToken),
      refreshTokenHash: refreshToken ? hashToken(refreshToken) : null,
      accessExpiresAt: expiresAt,
      refreshExpiresAt,
      revokedAt: null,
      revokedReason: null,
      ip: client.ip?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    return { sessionId: session.id, familyId, accessToken, refreshToken, expiresAt, refreshExpiresAt };
  }

  /** Resolves a presented access token (bearer or cookie) to the actor, or 401. */
  async authenticate(token: string, kind: SessionKind): Promise<Actor> {
    const row = await this.sessions.findLiveSessionActor(hashToken(token), kind, this.clock.now());
    if (!row) throw new UnauthenticatedError('The session is unknown, expired or signed out. Sign in again.');
    if (row.disabled_at) throw new AccountDisabledError();
    return this.loadActor(row);
  }

  async loadActor(row: Pick<SessionActorRow, 'session_id' | 'session_kind' | 'user_id' | 'email' | 'display_name' | 'is_admin'>): Promise<Actor> {
    const [memberships, grants] = await Promise.all([
      this.sessions.findMembershipRolesOfUser(row.user_id),
      this.sessions.findAssessorGrantsOfUser(row.user_id),
    ]);
    return {
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      memberships: memberships.map((m) => ({ departmentId: m.department_id, role: m.role })),
      grants: grants.map(toActorGrant),
      sessionId: row.session_id,
      sessionKind: row.session_kind,
    };
  }

  /** Finds the live session of a refresh token; a rotated token presented again is reported as reuse. */
  async findByRefreshToken(manager: EntityManager, refreshToken: string): Promise<{ session: Session; reused: boolean } | null> {
    const session = await manager
      .getRepository(Session)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.refresh_token_hash = :hash', { hash: hashToken(refreshToken) })
      .getOne();
    if (!session) return null;
    const now = this.clock.now();
    if (session.revokedAt) return session.revokedReason === 'rotated' ? { session, reused: true } : null;
    if (!session.refreshExpiresAt || session.refreshExpiresAt <= now) return null;
    return { session, reused: false };
  }

  async revoke(manager: EntityManager, sessionId: string, reason: string): Promise<void> {
    await manager.getRepository(Session).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokedReason: reason });
  }

  async revokeFamily(manager: EntityManager, familyId: string, reason: string): Promise<void> {
    await manager.getRepository(Session).update({ familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokedReason: reason });
  }

  /** Signs a user out everywhere (disabled account, password changed), optionally keeping one session. */
  async revokeAllForUser(manager: EntityManager, userId: string, reason: string, keepSessionId?: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .andWhere(keepSessionId ? 'id <> :keep' : 'TRUE', { keep: keepSessionId })
      .execute();
    return result.affected ?? 0;
  }
}

const toActorGrant = (row: ActorGrantRow): ActorGrant => ({
  grantId: row.id,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  revokedAt: row.revoked_at,
  departmentIds: row.department_ids,
});
