import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { departmentSizeClass } from './rules/department-size-class';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError, StaleVersionError } from '../common/errors';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import type { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from './dto/department.dto';
import type { EnrolmentDto } from './dto/enrolment.dto';
import { Department } from './entities/department.entity';
import { DepartmentScopeHooks } from './department-scope-hooks';
import { DepartmentsRepository } from './departments.repository';
import { EnrolmentsService } from './enrolments.service';
import type { Enrolment } from './entities/enrolment.entity';


/** The profile fields that are the primary enrolment's (the department-level API keeps them for the department's main program). */
const ENROLMENT_FIELDS = ['programTier', 'accreditationStatus', 'awardDate'] as const;
type EnrolmentField = (typeof ENROLMENT_FIELDS)[number];
type EditableField = Exclude<keyof CreateDepartmentDto, 'name' | 'shortName' | EnrolmentField>;
const EDITABLE_FIELDS: EditableField[] = ['caleaAgencyNumber', 'swornOfficers', 'sizeClassOverride', 'municipalities', 'populationServed', 'contacts', 'shareHistoryWithAssessors'];

function pickEditable(dto: CreateDepartmentDto | UpdateDepartmentDto): Partial<Department> {
  const picked: Partial<Record<EditableField, unknown>> = {};
  for (const field of EDITABLE_FIELDS) if (dto[field] !== undefined) picked[field] = dto[field];
  if (picked.municipalities) picked.municipalities = (picked.municipalities as string[]).map((m) => m.trim());
  return picked as Partial<Department>;
}

function pickEnrolment(dto: CreateDepartmentDto | UpdateDepartmentDto): Partial<Enrolment> {
  const picked: Partial<Record<EnrolmentField, unknown>> = {};
  for (const field of ENROLMENT_FIELDS) if (dto[field] !== undefined) picked[field] = dto[field];
  return picked as Partial<Enrolment>;
}

@Injectable()
export class DepartmentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: DepartmentsRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly scopeHooks: DepartmentScopeHooks,
    private readonly clock: Clock,
    private readonly enrolments: EnrolmentsService,
  ) {}

  /** Departments as the API shows them, with their enrolments (the primary one's manual, tier, award and status at the top level). */
  async views(manager: EntityManager, departments: Department[]): Promise<DepartmentDto[]> {
    const enrolments = await this.enrolments.viewsOf(manager, departments.map((d) => d.id));
    return departments.map((d) => this.toDto(d, enrolments.get(d.id) ?? []));
  }

  async view(manager: EntityManager, department: Department): Promise<DepartmentDto> {
    return (await this.views(manager, [department]))[0];
  }

  private toDto(d: Department, enrolments: EnrolmentDto[]): DepartmentDto {
    const primary = enrolments.find((e) => e.primary);
    return {
      id: d.id,
      name: d.name,
      shortName: d.shortName,
      caleaAgencyNumber: d.caleaAgencyNumber,
      programTier: primary?.programTier ?? 'tier1',
      swornOfficers: d.swornOfficers,
      sizeClass: departmentSizeClass(d, this.config.sizeClassRanges),
      sizeClassOverride: d.sizeClassOverride,
      municipalities: d.municipalities,
      populationServed: d.populationServed,
      accreditationStatus: primary?.accreditationStatus ?? 'working_toward',
      awardDate: primary?.awardDate ?? null,
      cycle: primary?.cycle ?? null,
      contacts: d.contacts,
      manual: primary?.manual ?? null,
      pendingAdoption: primary?.pendingAdoption ?? null,
      enrolments,
      shareHistoryWithAssessors: d.shareHistoryWithAssessors,
      archived: d.archivedAt !== null,
      version: d.version,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    };
  }

  async list(actor: Actor): Promise<DepartmentDto[]> {
    const visible = this.access.visible(actor);
    const repository = this.dataSource.getRepository(Department);
    const departments = visible === 'all' ? await repository.find({ order: { name: 'ASC' } }) : await repository.find({ where: { id: In(visible) }, order: { name: 'ASC' } });
    return this.views(this.dataSource.manager, departments);
  }

  async get(actor: Actor, id: string): Promise<DepartmentDto> {
    this.access.assert(actor, id, READ_ROLES);
    return this.view(this.dataSource.manager, await this.find(this.dataSource.manager, id));
  }

  async create(actor: Actor, dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      const saved = await manager.getRepository(Department).save({
        ...pickEditable(dto),
        name: dto.name.trim(),
        shortName: dto.shortName.trim(),
        archivedAt: null,
      });
      await this.enrolments.createPrimaryWithin(manager, saved.id, pickEnrolment(dto));
      const view = await this.view(manager, await this.find(manager, saved.id));
      await this.audit.record(manager, this.access.auditContext(actor, saved.id), {
        action: 'department.created',
        entityType: 'department',
        entityId: saved.id,
        departmentId: saved.id,
        after: view,
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    this.access.assert(actor, id, MANAGE_ROLES);
    return this.change(actor, id, 'department.updated', async (manager, department) => {
      if (department.version !== dto.version) throw new StaleVersionError('department', dto.version, department.version);
      if (dto.name !== undefined && dto.name.trim() !== department.name) {
        await this.assertNameFree(manager, dto.name);
        department.name = dto.name.trim();
      }
      if (dto.shortName !== undefined) department.shortName = dto.shortName.trim();
      const sizeClassBefore = this.sizeClassOf(department);
      Object.assign(department, pickEditable(dto));
      const primary = await this.enrolments.primaryWithin(manager, id);
      const enrolmentChange = pickEnrolment(dto);
      const tierChanged = enrolmentChange.programTier !== undefined && enrolmentChange.programTier !== primary.programTier;
      if (Object.entries(enrolmentChange).some(([field, value]) => primary[field as EnrolmentField] !== value)) {
        await this.enrolments.saveWithin(manager, Object.assign(primary, enrolmentChange));
        // The department's version covers its primary enrolment's fields: a change to them moves it too.
        department.updatedAt = this.clock.now();
      }
      if (tierChanged || this.sizeClassOf(department) !== sizeClassBefore) await this.scopeHooks.scopeChanged(manager, department);
    });
  }

  async archive(actor: Actor, id: string): Promise<DepartmentDto> {
    this.access.assert(actor, id, ['admin']);
    return this.change(actor, id, 'department.archived', (_manager, department) => {
      department.archivedAt ??= this.clock.now();
      return Promise.resolve();
    });
  }

  /** With each enrolment's program tier, what decides which standards and levels apply. */
  private sizeClassOf(department: Department): string {
    return departmentSizeClass(department, this.config.sizeClassRanges);
  }

  /** One audited use case on a locked department: mutate, save, record before and after. */
  private change(
    actor: Actor,
    id: string,
    action: string,
    mutate: (manager: EntityManager, department: Department) => Promise<void>,
  ): Promise<DepartmentDto> {
    return this.dataSource.transaction(async (manager) => {
      const department = await this.find(manager, id, true);
      const before = await this.view(manager, department);
      await mutate(manager, department);
      await manager.getRepository(Department).save(department);
      const after = await this.view(manager, await this.find(manager, id));
      await this.audit.record(manager, this.access.auditContext(actor, id), {
        action,
        entityType: 'department',
        entityId: id,
        departmentId: id,
        before,
        after,
      });
      return after;
    });
  }

  private async find(manager: EntityManager, id: string, lock = false): Promise<Department> {
    const query = manager.getRepository(Department).createQueryBuilder('d').where('d.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    const department = await query.getOne();
    if (!department) throw new NotFoundError('department', id);
    return department;
  }

  private async assertNameFree(manager: EntityManager, name: string): Promise<void> {
    if (await this.repository.isNameTaken(manager, name)) throw new ConflictError(`A department named "${name.trim()}" already exists.`);
  }
}
