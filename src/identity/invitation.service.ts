import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { InvitationDto } from './dto/user.dto';
import { Invitation } from './entities/invitation.entity';
import { hashToken, newToken } from './tokens';

@Injectable()
export class InvitationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A new one-time link for the user; earlier unused ones stop working. */
  async create(manager: EntityManager, userId: string, createdByUserId: string | null): Promise<InvitationDto> {
    const now = this.clock.now();
    await manager.getRepository(Invitation).update({ userId, usedAt: IsNull() }, { expiresAt: now });
    const token = newToken('inv');
    const expiresAt = new Date(now.getTime() + this.config.auth.invitationTtlHours * 3_600_000);
    await manager.getRepository(Invitation).insert({ userId, tokenHash: hashToken(token), expiresAt, usedAt: null, createdByUserId });
    return { token, acceptPath: `/welcome?token=${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
  }

  /** Locks and returns the live invitation for a token, or null. */
  async findUsable(manager: EntityManager, token: string): Promise<Invitation | null> {
    const invitation = await manager
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.token_hash = :hash', { hash: hashToken(token) })
      .getOne();
    if (!invitation || invitation.usedAt || invitation.expiresAt <= this.clock.now()) return null;
    return invitation;
  }

  async markUsed(manager: EntityManager, invitationId: string): Promise<void> {
    await manager.getRepository(Invitation).update({ id: invitationId }, { usedAt: this.clock.now() });
  }
}
