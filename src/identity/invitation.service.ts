import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import type { AuditContext } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { MailService } from '../mail/mail.service';
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
    private readonly mail: MailService,
  ) {}

  /**
   * Mails the one-time link of an invitation just made, in the same transaction: to an assessor
   * with the departments and window of their grant, to anyone else as a plain invitation.
   */
  async mailInvitation(
    manager: EntityManager,
    context: AuditContext,
    to: { id: string; email: string; displayName: string },
    invitation: InvitationDto,
    options: { resent: boolean; grant?: { departments: string[]; startsOn: string; endsOn: string; departmentId: string | null } },
  ): Promise<void> {
    const common = { name: to.displayName, link: this.mail.link(invitation.acceptPath), expiresAt: invitation.expiresAt, resent: options.resent };
    const recipient = { email: to.email, userId: to.id };
    if (options.grant) {
      const { departments, startsOn, endsOn, departmentId } = options.grant;
      await this.mail.enqueue(manager, context, { kind: 'assessor-invitation', to: recipient, departmentId, data: { ...common, departments, startsOn, endsOn } });
    } else {
      await this.mail.enqueue(manager, context, { kind: 'invitation', to: recipient, data: common });
    }
  }

  /** Ends every unused link of the user; how many there were. */
  async revokeOpen(manager: EntityManager, userId: string): Promise<number> {
    const now = this.clock.now();
    const result = await manager
      .getRepository(Invitation)
      .createQueryBuilder()
      .update()
      .set({ expiresAt: now })
      .where('user_id = :userId AND used_at IS NULL AND expires_at > :now', { userId, now })
      .execute();
    return result.affected ?? 0;
  }

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
