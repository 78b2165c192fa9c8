import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Page } from '../common/pagination';
import { AuditRepository } from './audit.repository';
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

/** An audit event as a file's history shows it, with the actor's current display name. */
export interface FileHistoryRow {
  id: string;
  occurred_at: Date;
  action: string;
  actor_email: string | null;
  actor_role: string | null;
  actor_name: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  firstBrokenId: string | null;
  reason: string | null;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: AuditRepository,
  ) {}

  /** An AuditService outside the Nest container (the backup CLI). */
  static over(dataSource: DataSource): AuditService {
    return new AuditService(dataSource, new AuditRepository());
  }

  /**
   * Appends one event in the caller's transaction, so the change and its record commit together.
   * The chain fields are filled by the database trigger.
   */
  async record(manager: EntityManager, context: AuditContext, entry: AuditEntry): Promise<void> {
    await this.repository.insert(manager, context, entry);
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
    const checked = await this.repository.countEvents(this.dataSource.manager);
    const broken = await this.repository.findFirstBrokenLink(this.dataSource.manager);
    return {
      intact: broken === null,
      checked,
      firstBrokenId: broken?.id ?? null,
      reason: broken?.reason ?? null,
    };
  }

  /**
   * A standard file's history: its own events and those of the proofs filed in it, newest first.
   * The caller has checked that the actor may read the file.
   */
  fileHistory(departmentId: string, fileId: string, limit: number): Promise<FileHistoryRow[]> {
    return this.repository.findFileHistory(this.dataSource.manager, departmentId, fileId, limit);
  }
}
