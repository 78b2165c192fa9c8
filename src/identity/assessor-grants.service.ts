import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { MailService } from '../mail/mail.service';
import { NotFoundError, UnprocessableError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import { dayOf } from '../kernel/calendar';
import { grantState } from './access/access-rules';
import type { Actor } from './access/actor';
import { DepartmentAccessService, MANAGE_ROLES } from './access/department-access.service';
import type { AssessorGrantDto, CreateAssessorGrantDto, CreatedAssessorGrantDto } from './dto/assessor-grant.dto';
import { AssessorGrant } from './entities/assessor-grant.entity';
import { AssessorGrantDepartment } from './entities/assessor-grant-department.entity';
import { User } from './entities/user.entity';
import { InvitationService } from './invitation.service';
import { normalizeEmail } from './users.service';
import { IdentityRepository } from './identity.repository';

const MAX_GRANT_DAYS = 366;

@Injectable()
export class AssessorGrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IdentityRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly invitations: InvitationService,
    private readonly clock: Clock,
    private readonly mail: MailService,
  ) {}

  /** Invites (or reuses) the assessor and grants read-only access; managers only for their departments. */
  async create(actor: Actor, dto: CreateAssessorGrantDto): Promise<CreatedAssessorGrantDto> {
    const departmentIds = [...new Set(dto.departmentIds)];
    for (const id of departmentIds) this.access.assert(actor, id, MANAGE_ROLES);
    this.assertWindow(dto.startsOn, dto.endsOn);
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.findExistingDepartmentIds(manager, departmentIds);
      if (existing.length !== departmentIds.length) throw new NotFoundError('department');
      const email = normalizeEmail(dto.email);
      const users = manager.getRepository(User);
      let user = await users.findOneBy({ email });
      if (user?.disabledAt) throw new UnprocessableError(`The account ${email} is disabled; an administrator must enable it first.`);
      user ??= await users.save(users.create({ email, displayName: dto.displayName.trim(), passwordHash: null, isAdmin: false, disabledAt: null }));
      const grant = await manager.getRepository(AssessorGrant).save({
        userId: user.id,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        createdByUserId: actor.userId,
        revokedAt: null,
        revokedByUserId: null,
        revokeReason: null,
      });
      await manager.getRepository(AssessorGrantDepartment).insert(departmentIds.map((departmentId) => ({ grantId: grant.id, departmentId })));
      const invitation = user.passwordHash === null ? await this.invitations.create(manager, user.id, actor.userId) : null;
      const view = await this.view(manager, grant.id);
      for (const departmentId of departmentIds) {
        await this.audit.record(manager, this.access.auditContext(actor, departmentId), {
          action: 'assessor-grant.created',
          entityType: 'assessor_grant',
          entityId: grant.id,
          departmentId,
          after: view,
        });
      }
      const window = { departments: view.departments.map((d) => d.name), startsOn: view.startsOn, endsOn: view.endsOn };
      const context = this.access.auditContext(actor, departmentIds[0]);
      if (invitation) {
        await this.invitations.mailInvitation(manager, context, user, invitation, { resent: false, grant: { ...window, departmentId: departmentIds[0] } });
      } else {
        // An assessor who already has a password is told their access opens, with the sign-in page.
        await this.mail.enqueue(manager, context, {
          kind: 'grant-opened',
          to: { email: user.email, userId: user.id },
          departmentId: departmentIds[0],
          data: { name: user.displayName, ...window, link: this.mail.link('/sign-in') },
        });
      }
      return { grant: view, invitation };
    });
  }

  /** The grants on departments the actor manages, newest first; only one assessor's with `assessorUserId`. */
  async list(actor: Actor, filter: { assessorUserId?: string } = {}): Promise<AssessorGrantDto[]> {
    const visible = this.access.visible(actor, MANAGE_ROLES);
    const ids = await this.repository.findGrantIds(this.dataSource.manager, visible === 'all' ? null : visible, filter.assessorUserId ?? null);
    if (ids.length === 0) return [];
    const grantIds = ids.map((row) => row.id);
    const grants = await this.dataSource.getRepository(AssessorGrant).find({ where: { id: In(grantIds) }, relations: { user: true } });
    const departments = await this.repository.findDepartmentsOfGrants(this.dataSource.manager, grantIds);
    const byId = new Map(grants.map((grant) => [grant.id, grant]));
    return grantIds.map((id) => this.toView(byId.get(id) as AssessorGrant, departments.filter((d) => d.grant_id === id)));
  }

  async revoke(actor: Actor, grantId: string, reason: string): Promise<AssessorGrantDto> {
    return this.dataSource.transaction(async (manager) => {
      const grant = await manager
        .getRepository(AssessorGrant)
        .createQueryBuilder('g')
        .setLock('pessimistic_write')
        .where('g.id = :grantId', { grantId })
        .getOne();
      if (!grant) throw new NotFoundError('assessor grant', grantId);
      const before = await this.view(manager, grantId);
      for (const department of before.departments) this.access.assert(actor, department.id, MANAGE_ROLES);
      if (grant.revokedAt) throw new UnprocessableError('This grant is already revoked.');
      await manager.getRepository(AssessorGrant).update(
        { id: grantId },
        { revokedAt: this.clock.now(), revokedByUserId: actor.userId, revokeReason: reason.trim() },
      );
      const after = await this.view(manager, grantId);
      for (const department of before.departments) {
        await this.audit.record(manager, this.access.auditContext(actor, department.id), {
          action: 'assessor-grant.revoked',
          entityType: 'assessor_grant',
          entityId: grantId,
          departmentId: department.id,
          before,
          after,
        });
      }
      return after;
    });
  }

  private assertWindow(startsOn: string, endsOn: string): void {
    const errors = [];
    if (endsOn < startsOn) errors.push({ field: 'endsOn', message: 'endsOn must not be before startsOn' });
    if (endsOn < dayOf(this.clock.now())) errors.push({ field: 'endsOn', message: 'endsOn must not be in the past' });
    const days = (Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000;
    if (days > MAX_GRANT_DAYS) errors.push({ field: 'endsOn', message: `a grant lasts at most ${MAX_GRANT_DAYS} days` });
    if (errors.length > 0) throw new RequestValidationError(errors);
  }

  private async view(manager: EntityManager, grantId: string): Promise<AssessorGrantDto> {
    const grant = await manager.getRepository(AssessorGrant).findOneOrFail({ where: { id: grantId }, relations: { user: true } });
    return this.toView(grant, await this.repository.findDepartmentsOfGrants(manager, [grantId]));
  }

  private toView(grant: AssessorGrant, departments: { id: string; name: string }[]): AssessorGrantDto {
    return {
      id: grant.id,
      assessor: { id: grant.userId, email: grant.user!.email, displayName: grant.user!.displayName },
      departments: departments.map((d) => ({ id: d.id, name: d.name })).sort((a, b) => a.name.localeCompare(b.name)),
      startsOn: grant.startsOn,
      endsOn: grant.endsOn,
      state: grantState(grant, this.clock.now()),
      revokedAt: grant.revokedAt?.toISOString() ?? null,
      revokeReason: grant.revokeReason,
      createdAt: grant.createdAt.toISOString(),
    };
  }
}
