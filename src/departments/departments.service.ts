import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dayOf } from '../kernel/calendar';
import { departmentSizeClass } from './rules/department-size-class';
import { adoptionMilestone } from '../kernel/deadline-periods';
import { accreditationCycle } from '../kernel/accreditation-cycle';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ConflictError, NotFoundError, StaleVersionError } from '../common/errors';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import type { CreateDepartmentDto, DepartmentDto, UpdateDepartmentDto } from './dto/department.dto';
import { Department } from './entities/department.entity';
import { DepartmentScopeHooks } from './department-scope-hooks';
import { DepartmentsRepository, type ManualInfoRow } from './departments.repository';


type EditableField = Exclude<keyof CreateDepartmentDto, 'name' | 'shortName'>;
const EDITABLE_FIELDS: EditableField[] = [
  'caleaAgencyNumber',
  'programTier',
  'swornOfficers',
  'sizeClassOverride',
  'municipalities',
  'populationServed',
  'accreditationStatus',
  'awardDate',
  'contacts',
  'shareHistoryWithAssessors',
];

function pickEditable(dto: CreateDepartmentDto | UpdateDepartmentDto): Partial<Department> {
  const picked: Partial<Record<EditableField, unknown>> = {};
  for (const field of EDITABLE_FIELDS) if (dto[field] !== undefined) picked[field] = dto[field];
  if (picked.municipalities) picked.municipalities = (picked.municipalities as string[]).map((m) => m.trim());
  return picked as Partial<Department>;
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
  ) {}

  /** Departments as the API shows them, with their manual and any version waiting to be adopted. */
  async views(manager: EntityManager, departments: Department[]): Promise<DepartmentDto[]> {
    const rows = departments.length ? await this.repository.findManualInfo(manager, departments.map((d) => d.id)) : [];
    const byDepartment = new Map(rows.map((r) => [r.department_id, r]));
    return departments.map((d) => this.toDto(d, byDepartment.get(d.id)));
  }

  async view(manager: EntityManager, department: Department): Promise<DepartmentDto> {
    return (await this.views(manager, [department]))[0];
  }

  private toDto(d: Department, manual: ManualInfoRow | undefined): DepartmentDto {
    return {
      id: d.id,
      name: d.name,
      shortName: d.shortName,
      caleaAgencyNumber: d.caleaAgencyNumber,
      programTier: d.programTier,
      swornOfficers: d.swornOfficers,
      sizeClass: departmentSizeClass(d, this.config.sizeClassRanges),
      sizeClassOverride: d.sizeClassOverride,
      municipalities: d.municipalities,
      populationServed: d.populationServed,
      accreditationStatus: d.accreditationStatus,
      awardDate: d.awardDate,
      cycle: d.awardDate ? accreditationCycle(d.awardDate, dayOf(this.clock.now()), this.config.siteAssessmentLeadDays) : null,
      contacts: d.contacts,
      manual: manual ? { id: manual.id, name: manual.name, version: manual.version, effectiveDate: manual.effective_date } : null,
      pendingAdoption:
        manual?.newer_id && manual.newer_version && manual.first_newer_date
          ? { manualId: manual.newer_id, version: manual.newer_version, dueOn: adoptionMilestone(manual.first_newer_date, this.config.manualAdoptionMonths) }
          : null,
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
      const scopeBefore = this.scopeOf(department);
      Object.assign(department, pickEditable(dto));
      if (this.scopeOf(department) !== scopeBefore) await this.scopeHooks.scopeChanged(manager, department);
    });
  }

  async archive(actor: Actor, id: string): Promise<DepartmentDto> {
    this.access.assert(actor, id, ['admin']);
    return this.change(actor, id, 'department.archived', (_manager, department) => {
      department.archivedAt ??= this.clock.now();
      return Promise.resolve();
    });
  }

  /** What decides which standards and levels apply: program tier and size class. */
  private scopeOf(department: Department): string {
    return `${department.programTier}:${departmentSizeClass(department, this.config.sizeClassRanges)}`;
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
