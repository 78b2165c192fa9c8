import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Page } from '../common/pagination';
import { AuditEvent } from './entities/audit-event.entity';

/** Who did it, as the audit trail records it; null fields for the system itself. */
export interface AuditContext {
  userId: string | null;
  email: string | null;
  role: string | null;
  requestId?: string | null;
  ip?: string | null;
}

export const SYSTEM_AUDIT_CONTEXT: AuditContext = { userId: null, email: null, role: 'system' };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  departmentId?: string | null;
  before?: object | null;
  after?: object | null;
}

export interface AuditFilter {
  departmentIds: 'all' | string[];
  departmentId?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  firstBrokenId: string | null;
  reason: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one event in the caller's transaction, so the change and its record commit together.
   * The chain fields are filled by the database trigger.
   */
  async record(manager: EntityManager, context: AuditContext, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_event
         (actor_user_id, actor_email, actor_role, action, entity_type, entity_id, department_id, before, after, request_id, ip, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', '')`,
      [
        context.userId,
        context.email,
        context.role,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        entry.departmentId ?? null,
        entry.before ? JSON.stringify(entry.before) : null,
        entry.after ? JSON.stringify(entry.after) : null,
        context.requestId ?? null,
        context.ip ?? null,
      ],
    );
  }

  /** Records outside any business transaction (sign-ins, downloads). */
  recordStandalone(context: AuditContext, entry: AuditEntry): Promise<void> {
    return this.dataSource.transaction((manager) => this.record(manager, context, entry));
  }

  async list(filter: AuditFilter): Promise<Page<AuditEvent>> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (filter.departmentIds !== 'all') {
      query.andWhere('e.department_id = ANY(:scope)', { scope: filter.departmentIds });
    }
    if (filter.departmentId) query.andWhere('e.department_id = :departmentId', { departmentId: filter.departmentId });
    if (filter.entityType) query.andWhere('e.entity_type = :entityType', { entityType: filter.entityType });
    if (filter.entityId) query.andWhere('e.entity_id = :entityId', { entityId: filter.entityId });
    if (filter.actorUserId) query.andWhere('e.actor_user_id = :actorUserId', { actorUserId: filter.actorUserId });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.occurred_at < :to', { to: filter.to });
    const [items, total] = await query.orderBy('e.id', 'DESC').take(filter.limit).skip(filter.offset).getManyAndCount();
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** Walks the whole chain in one pass in the database and reports the first broken link. */
  async verify(): Promise<ChainVerification> {
    const [summary]: { checked: string }[] = await this.dataSource.query('SELECT count(*) AS checked FROM audit_event');
    const broken: { id: string; reason: string }[] = await this.dataSource.query(`
      SELECT id::text,
             CASE WHEN hash <> digest THEN 'the row''s content does not match its hash (it was altered)'
                  ELSE 'the row does not link to the row before it (a row was removed or inserted)'
             END AS reason
        FROM (SELECT a.id, a.hash, a.prev_hash, audit_event_digest(a) AS digest,
                     coalesce(lag(a.hash) OVER (ORDER BY a.id), repeat('0', 64)) AS expected_prev
                FROM audit_event a) e
       WHERE hash <> digest OR prev_hash <> expected_prev
       ORDER BY id
       LIMIT 1`);
    return {
      intact: broken.length === 0,
      checked: Number(summary.checked),
      firstBrokenId: broken[0]?.id ?? null,
      reason: broken[0]?.reason ?? null,
    };
  }
}
