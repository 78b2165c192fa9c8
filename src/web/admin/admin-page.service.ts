import { Injectable } from '@nestjs/common';
import { DepartmentsService } from '../../departments/departments.service';
import type { Actor } from '../../identity/access/actor';
import type { AssessorGrantDto } from '../../identity/dto/assessor-grant.dto';
import type { UserDto } from '../../identity/dto/user.dto';
import { AssessorGrantsService } from '../../identity/assessor-grants.service';
import { DEPARTMENT_ROLES } from '../../kernel/department-values';
import { UsersService } from '../../identity/users.service';
import type { Page } from '../../common/pagination';
import { MailService, OutboxItem, OutboxMail } from '../../mail/mail.service';

export const USERS_PER_PAGE = 50;
export const OUTBOX_PER_PAGE = 50;

export interface OutboxPageView {
  mail: Page<OutboxItem>;
  /** False without SMTP_URL: the outbox is where mail is read. */
  delivers: boolean;
}

export const ROLE_LABELS: Record<(typeof DEPARTMENT_ROLES)[number], string> = {
  manager: 'Accreditation manager',
  member: 'Team member',
  chief: 'Chief',
};

export interface AdminDepartment {
  id: string;
  name: string;
  archived: boolean;
}

export interface UsersPageView {
  users: Page<UserDto>;
  search: string;
  departments: AdminDepartment[];
  roles: readonly string[];
}

export interface UserPageView {
  user: UserDto;
  departments: AdminDepartment[];
  roles: readonly string[];
  grants: AssessorGrantDto[];
}

/** What the administrator's pages show, composed from the identity and standards services. */
@Injectable()
export class AdminPageService {
  constructor(
    private readonly departments: DepartmentsService,
    private readonly users: UsersService,
    private readonly grants: AssessorGrantsService,
    private readonly mail: MailService,
  ) {}

  async outboxPage(offset: number): Promise<OutboxPageView> {
    return { mail: await this.mail.outbox(OUTBOX_PER_PAGE, offset), delivers: this.mail.delivers };
  }

  async outboxMail(id: string): Promise<{ mail: OutboxMail; delivers: boolean }> {
    return { mail: await this.mail.outboxMail(id), delivers: this.mail.delivers };
  }

  async departmentChoices(actor: Actor): Promise<AdminDepartment[]> {
    return (await this.departments.list(actor)).map((d) => ({ id: d.id, name: d.name, archived: d.archived }));
  }

  async usersPage(actor: Actor, query: { search?: string; offset?: number }): Promise<UsersPageView> {
    const [users, departments] = await Promise.all([
      this.users.list({ search: query.search, limit: USERS_PER_PAGE, offset: query.offset ?? 0 }),
      this.departmentChoices(actor),
    ]);
    return { users, search: query.search ?? '', departments, roles: DEPARTMENT_ROLES };
  }

  async userPage(actor: Actor, id: string): Promise<UserPageView> {
    const [user, departments, grants] = await Promise.all([this.users.get(id), this.departmentChoices(actor), this.grants.list(actor, { assessorUserId: id })]);
    return { user, departments, roles: DEPARTMENT_ROLES, grants };
  }

  async grantsPage(actor: Actor): Promise<{ grants: AssessorGrantDto[]; departments: AdminDepartment[] }> {
    const [grants, departments] = await Promise.all([this.grants.list(actor), this.departmentChoices(actor)]);
    return { grants, departments };
  }

}
