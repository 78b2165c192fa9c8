import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { MailService } from '../mail/mail.service';
import { ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import type { Page } from '../common/pagination';
import type { Actor } from './access/actor';
import { DepartmentAccessService } from './access/department-access.service';
import type { InvitedUserDto, InviteUserDto, MembershipInputDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/user.dto';
import { Membership } from './entities/membership.entity';
import { User } from './entities/user.entity';
import { IdentityRepository } from './identity.repository';
import { InvitationService } from './invitation.service';
import { SessionService } from './session.service';

/** Who a notification goes to. */
export interface MailContact {
  id: string;
  email: string;
  displayName: string;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
    private readonly access: DepartmentAccessService,
    private readonly invitations: InvitationService,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly mail: MailService,
  ) {}

  async list(query: UserListQueryDto): Promise<Page<UserDto>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.search) {
      qb.andWhere('(u.email ILIKE :s OR u.display_name ILIKE :s)', { s: `%${query.search.replace(/[\\%_]/g, '\\$&')}%` });
    }
    if (query.departmentId) {
      qb.andWhere('EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id AND m.department_id = :d)', { d: query.departmentId });
    }
    const [users, total] = await qb.orderBy('u.email').take(query.limit).skip(query.offset).getManyAndCount();
    return { items: await this.toDtos(this.dataSource.manager, users), total, limit: query.limit, offset: query.offset };
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('user', id);
    return (await this.toDtos(this.dataSource.manager, [user]))[0];
  }

  async invite(actor: Actor, dto: InviteUserDto): Promise<InvitedUserDto> {
    return this.dataSource.transaction(async (manager) => {
      const email = normalizeEmail(dto.email);
      if (await manager.getRepository(User).existsBy({ email })) {
        throw new ConflictError(`A user with the email ${email} already exists.`);
      }
      const user = await manager.getRepository(User).save(
        manager.getRepository(User).create({ email, displayName: dto.displayName.trim(), isAdmin: dto.isAdmin ?? false, passwordHash: null, disabledAt: null }),
      );
      await this.replaceMemberships(manager, user.id, dto.memberships ?? []);
      const invitation = await this.invitations.create(manager, user.id, actor.userId);
      const [view] = await this.toDtos(manager, [user]);
      await this.audit.record(manager, this.access.auditContext(actor), {
        action: 'user.invited',
        entityType: 'user',
        entityId: user.id,
        after: view,
      });
      await this.invitations.mailInvitation(manager, this.access.auditContext(actor), user, invitation, { resent: false });
      return { user: view, invitation };
    });
  }

  /** A new invitation link for a user who has not set a password yet, mailed to them; earlier links stop working. */
  async resendInvitation(actor: Actor, id: string): Promise<InvitedUserDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      if (user.passwordHash !== null) throw new UnprocessableError(`${user.displayName} has already set a password: there is no invitation to send again.`);
      if (user.disabledAt) throw new UnprocessableError(`${user.displayName}'s account is disabled; enable it before inviting them again.`);
      const invitation = await this.invitations.create(manager, user.id, actor.userId);
      const context = this.access.auditContext(actor);
      await this.audit.record(manager, context, { action: 'invitation.resent', entityType: 'user', entityId: user.id, after: { email: user.email, expiresAt: invitation.expiresAt } });
      await this.invitations.mailInvitation(manager, context, user, invitation, { resent: true });
      const [view] = await this.toDtos(manager, [user]);
      return { user: view, invitation };
    });
  }

  /** Withdraws a user's open invitation: its link stops working, and they are told by mail. */
  async revokeInvitation(actor: Actor, id: string): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      const revoked = await this.invitations.revokeOpen(manager, user.id);
      if (revoked === 0) throw new UnprocessableError(`${user.displayName} has no open invitation to withdraw.`);
      const context = this.access.auditContext(actor);
      await this.audit.record(manager, context, { action: 'invitation.revoked', entityType: 'user', entityId: user.id, after: { email: user.email, linksEnded: revoked } });
      await this.mail.enqueue(manager, context, { kind: 'invitation-revoked', to: { email: user.email, userId: user.id }, data: { name: user.displayName } });
      const [view] = await this.toDtos(manager, [user]);
      return view;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      const [before] = await this.toDtos(manager, [user]);
      if (id === actor.userId && (dto.disabled === true || dto.isAdmin === false)) {
        throw new UnprocessableError('You cannot disable yourself or remove your own administrator role.');
      }
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.isAdmin !== undefined) user.isAdmin = dto.isAdmin;
      if (dto.disabled !== undefined) user.disabledAt = dto.disabled ? (user.disabledAt ?? this.clock.now()) : null;
      await manager.getRepository(User).save(user);
      if (dto.disabled) await this.sessions.revokeAllForUser(manager, id, 'account-disabled');
      const [after] = await this.toDtos(manager, [user]);
      await this.audit.record(manager, this.access.auditContext(actor), {
        action: dto.disabled === true && !before.disabled ? 'user.disabled' : dto.disabled === false && before.disabled ? 'user.enabled' : 'user.updated',
        entityType: 'user',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async setMemberships(actor: Actor, id: string, memberships: MembershipInputDto[]): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, id);
      const [before] = await this.toDtos(manager, [user]);
      await this.replaceMemberships(manager, id, memberships);
      const [after] = await this.toDtos(manager, [user]);
      await this.audit.record(manager, this.access.auditContext(actor), {
        action: 'user.roles-changed',
        entityType: 'user',
        entityId: id,
        before: { memberships: before.memberships },
        after: { memberships: after.memberships },
      });
      return after;
    });
  }

  /** Replaces a user's department roles; every department must exist and appear once. */
  async replaceMemberships(manager: EntityManager, userId: string, memberships: MembershipInputDto[]): Promise<void> {
    const ids = memberships.map((m) => m.departmentId);
    if (new Set(ids).size !== ids.length) {
      throw new UnprocessableError('A user holds one role per department: a department appears twice.');
    }
    if (ids.length > 0) {
      const found = new Set(await this.repository.findExistingDepartmentIds(manager, ids));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) throw new UnprocessableError(`Unknown department: ${missing.join(', ')}.`);
    }
    await manager.getRepository(Membership).delete({ userId });
    if (memberships.length > 0) {
      await manager.getRepository(Membership).insert(memberships.map((m) => ({ userId, departmentId: m.departmentId, role: m.role })));
    }
  }

  /** The display names of the given users, by id (unknown ids are left out). */
  async displayNames(userIds: string[]): Promise<Record<string, string>> {
    if (userIds.length === 0) return {};
    const users = await this.dataSource.getRepository(User).find({ where: { id: In(userIds) }, select: { id: true, displayName: true } });
    return Object.fromEntries(users.map((u) => [u.id, u.displayName]));
  }

  /** The enabled users among these ids, for mail about a change (disabled accounts get none). */
  async mailContacts(manager: EntityManager, userIds: string[]): Promise<MailContact[]> {
    const rows = await this.repository.findMailContacts(manager, [...new Set(userIds)]);
    return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name }));
  }

  /** The enabled accreditation managers of a department and its name, for mail to them. */
  async departmentManagers(manager: EntityManager, departmentId: string): Promise<{ departmentName: string; managers: MailContact[] }> {
    // One after the other: a transaction's connection runs one query at a time.
    const rows = await this.repository.findDepartmentManagerContacts(manager, departmentId);
    const name = await this.repository.findDepartmentName(manager, departmentId);
    return { departmentName: name ?? 'the department', managers: rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name })) };
  }

  async departmentName(manager: EntityManager, departmentId: string): Promise<string> {
    return (await this.repository.findDepartmentName(manager, departmentId)) ?? 'the department';
  }

  async toDtos(manager: EntityManager, users: User[]): Promise<UserDto[]> {
    if (users.length === 0) return [];
    const rows = await this.repository.findMembershipsOfUsers(manager, users.map((u) => u.id));
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      isAdmin: u.isAdmin,
      disabled: u.disabledAt !== null,
      hasPassword: u.passwordHash !== null,
      memberships: rows.filter((r) => r.user_id === u.id).map((r) => ({ departmentId: r.department_id, departmentName: r.name, role: r.role })),
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    }));
  }

  private async lockUser(manager: EntityManager, id: string): Promise<User> {
    const user = await manager.getRepository(User).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
    if (!user) throw new NotFoundError('user', id);
    return user;
  }
}
