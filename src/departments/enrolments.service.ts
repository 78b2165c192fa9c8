import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditContext, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { definedOf } from '../common/defined';
import { ConflictError, NotFoundError, StaleVersionError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import { accreditationCycle } from '../kernel/accreditation-cycle';
import { dayOf } from '../kernel/calendar';
import { adoptionMilestone } from '../kernel/deadline-periods';
import { ProgramsService } from '../standards/programs.service';
import { DepartmentScopeHooks } from './department-scope-hooks';
import type { CreateEnrolmentDto, EnrolmentDto, UpdateEnrolmentDto } from './dto/enrolment.dto';
import { Department } from './entities/department.entity';
import { Enrolment } from './entities/enrolment.entity';
import { EnrolmentRow, EnrolmentsRepository, ManualInfoRow } from './enrolments.repository';

/**
 * A department's enrolments in programs: listing, enrolling in another program, changing one, and
 * finding the enrolment a department-level request is about (its primary one unless it names one).
 */
@Injectable()
export class EnrolmentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EnrolmentsRepository,
    private readonly programs: ProgramsService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly scopeHooks: DepartmentScopeHooks,
    private readonly clock: Clock,
  ) {}

  /** The enrolments of these departments as the API shows them, by department (primary first). */
  async viewsOf(manager: EntityManager, departmentIds: string[]): Promise<Map<string, EnrolmentDto[]>> {
    const rows = await this.repository.ofDepartments(manager, departmentIds);
    const manuals = new Map((await this.repository.findManualInfo(manager, rows.filter((r) => r.enrolment.manualId).map((r) => r.enrolment.id))).map((m) => [m.enrolment_id, m]));
    const byDepartment = new Map<string, EnrolmentDto[]>();
    for (const row of rows) {
      const list = byDepartment.get(row.enrolment.departmentId) ?? [];
      list.push(this.toDto(row, manuals.get(row.enrolment.id)));
      byDepartment.set(row.enrolment.departmentId, list);
    }
    return byDepartment;
  }

  private toDto({ enrolment: e, programName, sampleProgram, programHasTiers, programCycleYears }: EnrolmentRow, manual: ManualInfoRow | undefined): EnrolmentDto {
    return {
      id: e.id,
      departmentId: e.departmentId,
      programId: e.programId,
      programName,
      sampleProgram,
      programHasTiers,
      programCycleYears,
      primary: e.primary,
      programTier: e.programTier,
      accreditationStatus: e.accreditationStatus,
      awardDate: e.awardDate,
      cycle: e.awardDate ? accreditationCycle(e.awardDate, dayOf(this.clock.now()), { cycleYears: programCycleYears, siteAssessmentLeadDays: this.config.siteAssessmentLeadDays }) : null,
      manual: manual ? { id: manual.id, name: manual.name, version: manual.version, effectiveDate: manual.effective_date } : null,
      pendingAdoption:
        manual?.newer_id && manual.newer_version && manual.first_newer_date
          ? { manualId: manual.newer_id, version: manual.newer_version, dueOn: adoptionMilestone(manual.first_newer_date, this.config.manualAdoptionMonths) }
          : null,
      version: e.version,
    };
  }

  async list(actor: Actor, departmentId: string): Promise<EnrolmentDto[]> {
    this.access.assert(actor, departmentId, READ_ROLES);
    await this.department(this.dataSource.manager, departmentId);
    return (await this.viewsOf(this.dataSource.manager, [departmentId])).get(departmentId) ?? [];
  }

  async get(actor: Actor, enrolmentId: string): Promise<EnrolmentDto> {
    const enrolment = await this.scoped(actor, enrolmentId, READ_ROLES);
    return this.viewOf(this.dataSource.manager, enrolment);
  }

  /** An administrator enrols a department in another program (one enrolment per program). */
  async enrol(actor: Actor, departmentId: string, dto: CreateEnrolmentDto): Promise<EnrolmentDto> {
    this.access.assert(actor, departmentId, ['admin']);
    const program = await this.programs.get(dto.programId);
    const { programId: _programId, ...fields } = dto;
    return this.dataSource.transaction((manager) => this.enrolWithin(manager, this.access.auditContext(actor, departmentId), departmentId, program, fields));
  }

  /** The enrolment in the caller's transaction (the sample data uses it at first start). */
  async enrolWithin(
    manager: EntityManager,
    context: AuditContext,
    departmentId: string,
    program: { id: string; name: string },
    fields: Pick<Partial<Enrolment>, 'programTier' | 'accreditationStatus' | 'awardDate'>,
  ): Promise<EnrolmentDto> {
    await this.department(manager, departmentId, true);
    if (await this.repository.inProgram(manager, departmentId, program.id)) throw new ConflictError(`The department is already enrolled in ${program.name}.`);
    const primary = await this.repository.primaryOf(manager, departmentId, true);
    // A primary enrolment no manual has decided yet becomes this program's, rather than a second one.
    const saved =
      primary && primary.programId === null
        ? await this.repository.save(manager, Object.assign(primary, { programId: program.id }, definedOf(fields)))
        : await this.repository.save(manager, { departmentId, programId: program.id, primary: false, ...definedOf(fields) });
    const after = await this.viewOf(manager, saved);
    await this.audit.record(manager, context, {
      action: 'enrolment.created',
      entityType: 'enrolment',
      entityId: saved.id,
      departmentId,
      before: null,
      after,
    });
    return after;
  }

  /** A manager changes an enrolment's tier, status or award date (optimistic locking on version). */
  async update(actor: Actor, enrolmentId: string, dto: UpdateEnrolmentDto): Promise<EnrolmentDto> {
    const found = await this.scoped(actor, enrolmentId, MANAGE_ROLES);
    return this.dataSource.transaction(async (manager) => {
      const department = await this.department(manager, found.departmentId, true);
      const enrolment = (await this.repository.find(manager, enrolmentId, true)) as Enrolment;
      if (enrolment.version !== dto.version) throw new StaleVersionError('enrolment', dto.version, enrolment.version);
      const before = await this.viewOf(manager, enrolment);
      const { version: _version, ...changes } = dto;
      const tierChanged = changes.programTier !== undefined && changes.programTier !== enrolment.programTier;
      const saved = await this.repository.save(manager, Object.assign(enrolment, definedOf(changes)));
      if (tierChanged) await this.scopeHooks.scopeChanged(manager, department);
      const after = await this.viewOf(manager, saved);
      await this.audit.record(manager, this.access.auditContext(actor, enrolment.departmentId), {
        action: 'enrolment.updated',
        entityType: 'enrolment',
        entityId: enrolment.id,
        departmentId: enrolment.departmentId,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * The enrolment a department-level request is about: the one named (which must be the
   * department's) or the department's primary one. No access check: callers scope the department first.
   */
  async resolve(manager: EntityManager, departmentId: string, enrolmentId?: string | null): Promise<Enrolment> {
    const enrolment = enrolmentId ? await this.repository.find(manager, enrolmentId) : await this.repository.primaryOf(manager, departmentId);
    if (!enrolment || enrolment.departmentId !== departmentId) throw new NotFoundError('enrolment', enrolmentId ?? departmentId);
    return enrolment;
  }

  /** The department's enrolment in a program, locked for the caller's transaction, or null. */
  inProgramWithin(manager: EntityManager, departmentId: string, programId: string): Promise<Enrolment | null> {
    return this.repository.inProgram(manager, departmentId, programId, true);
  }

  /** The department's primary enrolment, locked for the caller's transaction. */
  async primaryWithin(manager: EntityManager, departmentId: string): Promise<Enrolment> {
    const primary = await this.repository.primaryOf(manager, departmentId, true);
    if (!primary) throw new NotFoundError('enrolment', departmentId);
    return primary;
  }

  /** Every enrolment of the department (no access check). */
  async ofDepartment(manager: EntityManager, departmentId: string): Promise<Enrolment[]> {
    return (await this.repository.ofDepartments(manager, [departmentId])).map((r) => r.enrolment);
  }

  createPrimaryWithin(manager: EntityManager, departmentId: string, fields: Partial<Enrolment>): Promise<Enrolment> {
    return this.repository.save(manager, { ...fields, departmentId, programId: null, primary: true });
  }

  saveWithin(manager: EntityManager, enrolment: Enrolment): Promise<Enrolment> {
    return this.repository.save(manager, enrolment);
  }

  private async viewOf(manager: EntityManager, enrolment: Enrolment): Promise<EnrolmentDto> {
    const views = (await this.viewsOf(manager, [enrolment.departmentId])).get(enrolment.departmentId) ?? [];
    return views.find((v) => v.id === enrolment.id) as EnrolmentDto;
  }

  /** The enrolment, when the actor holds one of `roles` in its department (404 when it has none there, 403 when the role is not enough). */
  private async scoped(actor: Actor, enrolmentId: string, roles: Parameters<DepartmentAccessService['assert']>[2]): Promise<Enrolment> {
    const enrolment = await this.repository.find(this.dataSource.manager, enrolmentId);
    if (!enrolment) throw new NotFoundError('enrolment', enrolmentId);
    this.access.assert(actor, enrolment.departmentId, roles);
    return enrolment;
  }

  private async department(manager: EntityManager, id: string, lock = false): Promise<Department> {
    const department = await this.repository.department(manager, id, lock);
    if (!department) throw new NotFoundError('department', id);
    return department;
  }
}
