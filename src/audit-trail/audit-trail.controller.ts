import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { Access, CurrentActor } from '../identity/access/access.decorator';
import type { AccessRole, Actor } from '../identity/access/actor';
import { DepartmentAccessService } from '../identity/access/department-access.service';
import { AuditService, ChainVerification } from '../audit/audit.service';
import { AuditEventDto, AuditPageDto, AuditQueryDto, ChainVerificationDto } from '../audit/dto/audit.dto';
import type { AuditEvent } from '../audit/entities/audit-event.entity';

const AUDIT_READERS: AccessRole[] = ['admin', 'manager', 'chief'];

const toDto = (e: AuditEvent): AuditEventDto => ({
  id: e.id,
  occurredAt: e.occurredAt.toISOString(),
  actorUserId: e.actorUserId,
  actorEmail: e.actorEmail,
  actorRole: e.actorRole,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  departmentId: e.departmentId,
  before: e.before,
  after: e.after,
  requestId: e.requestId,
  ip: e.ip,
  hash: e.hash,
  prevHash: e.prevHash,
});

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly access: DepartmentAccessService,
  ) {}

  @Get()
  @Access.roles(...AUDIT_READERS)
  @ApiOperation({ summary: 'The audit trail, newest first (admins: everything; managers and chiefs: their departments)' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    if (query.departmentId) this.access.assert(actor, query.departmentId, AUDIT_READERS);
    const page = await this.audit.list({
      ...query,
      departmentIds: this.access.visible(actor, AUDIT_READERS),
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
    return { ...page, items: page.items.map(toDto) };
  }

  @Get('verify')
  @Access.roles('admin')
  @ApiOperation({ summary: 'Walk the hash chain and report the first broken link' })
  @ApiOkResponse({ type: ChainVerificationDto })
  verify(): Promise<ChainVerification> {
    return this.audit.verify();
  }
}
