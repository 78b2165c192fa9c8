import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DEFAULT_DIGEST_CHOICE, DigestChoice } from '../kernel/mail-digest';
import type { Actor } from './access/actor';
import { DepartmentAccessService } from './access/department-access.service';
import { MailPreference } from './entities/mail-preference.entity';
import { UnsubscribeLinkInvalidError } from './identity.errors';
import type { ClientInfo } from './session.service';
import { newToken } from './tokens';

export interface DigestPreference {
  userId: string;
  digest: DigestChoice;
  unsubscribeToken: string;
  lastDigestOn: string | null;
}

/** Each person's choice of deadline digest, the unsubscribe link that needs no sign-in, and when the last digest went. */
@Injectable()
export class MailPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: DepartmentAccessService,
  ) {}

  async digestOf(userId: string): Promise<DigestChoice> {
    const row = await this.dataSource.getRepository(MailPreference).findOneBy({ userId });
    return row?.digest ?? DEFAULT_DIGEST_CHOICE;
  }

  async choose(actor: Actor, digest: DigestChoice): Promise<DigestChoice> {
    return this.dataSource.transaction(async (manager) => {
      const [before] = await this.ensure(manager, [actor.userId]);
      await manager.getRepository(MailPreference).update({ userId: actor.userId }, { digest });
      await this.audit.record(manager, this.access.auditContext(actor), {
        action: 'mail-preference.changed',
        entityType: 'user',
        entityId: actor.userId,
        before: { digest: before.digest },
        after: { digest },
      });
      return digest;
    });
  }

  /** Who an unsubscribe link belongs to (for the page that asks to confirm), or null. */
  async unsubscribeTarget(token: string): Promise<{ email: string; digest: DigestChoice } | null> {
    const row = await this.dataSource.getRepository(MailPreference).findOne({ where: { unsubscribeToken: token }, relations: { user: true } });
    return row?.user ? { email: row.user.email, digest: row.digest } : null;
  }

  /** Turns the digest off from the link in a digest, without signing in. */
  async unsubscribe(token: string, client: ClientInfo): Promise<{ email: string }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(MailPreference)
        .createQueryBuilder('p')
        .innerJoinAndSelect('p.user', 'u')
        .setLock('pessimistic_write', undefined, ['p'])
        .where('p.unsubscribe_token = :token', { token })
        .getOne();
      if (!row?.user) throw new UnsubscribeLinkInvalidError();
      await manager.getRepository(MailPreference).update({ userId: row.userId }, { digest: 'off' });
      await this.audit.record(manager, { userId: row.userId, email: row.user.email, role: null, ip: client.ip, requestId: client.requestId }, {
        action: 'mail-preference.unsubscribed',
        entityType: 'user',
        entityId: row.userId,
        before: { digest: row.digest },
        after: { digest: 'off' },
      });
      return { email: row.user.email };
    });
  }

  /** The preferences of these people, made with the default choice (and an unsubscribe secret) where missing. */
  async ensure(manager: EntityManager, userIds: string[]): Promise<DigestPreference[]> {
    if (userIds.length === 0) return [];
    await manager
      .createQueryBuilder()
      .insert()
      .into(MailPreference)
      .values(userIds.map((userId) => ({ userId, digest: DEFAULT_DIGEST_CHOICE, unsubscribeToken: newToken('uns'), lastDigestOn: null })))
      .orIgnore()
      .execute();
    const rows = await manager.getRepository(MailPreference).findBy({ userId: In(userIds) });
    return rows.map((r) => ({ userId: r.userId, digest: r.digest, unsubscribeToken: r.unsubscribeToken, lastDigestOn: r.lastDigestOn }));
  }

  async markDigested(manager: EntityManager, userId: string, day: string): Promise<void> {
    await manager.getRepository(MailPreference).update({ userId }, { lastDigestOn: day });
  }
}
