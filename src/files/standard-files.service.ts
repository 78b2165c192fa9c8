import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditContext, AuditService } from '../audit/audit.service';
import { NotFoundError, UnprocessableError } from '../common/errors';
import type { Page } from '../common/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EnrolmentsService } from '../departments/enrolments.service';
import { Department } from '../departments/entities/department.entity';
import type { Enrolment } from '../departments/entities/enrolment.entity';
import { departmentSizeClass } from '../departments/rules/department-size-class';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import { CrosswalksService } from '../standards/crosswalks.service';
import { ManualsService } from '../standards/manuals.service';
import type { FileListQueryDto, ManualAssignmentDto, MappedFileDto, StandardFileDto } from './dto/standard-file.dto';
import { planAdoption } from './rules/adoption-plan';
import { FileRow, StandardFilesRepository } from './standard-files.repository';

const toDto = (r: FileRow): StandardFileDto => ({
  id: r.id,
  standardId: r.standard_id,
  number: r.number,
  title: r.title,
  chapter: r.chapter,
  level: r.level,
  tier1: r.tier1,
  frequency: r.frequency as StandardFileDto['frequency'],
  inScope: r.in_scope,
  applicability: r.applicability as StandardFileDto['applicability'],
  result: r.result as StandardFileDto['result'],
  status: r.status as StandardFileDto['status'],
  assigneeUserId: r.assignee_user_id,
  needsReview: r.needs_review,
  reviewReasons: r.review_reasons,
  version: r.version,
  updatedAt: r.updated_at.toISOString(),
});

@Injectable()
export class StandardFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: StandardFilesRepository,
    private readonly manuals: ManualsService,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly enrolments: EnrolmentsService,
    private readonly crosswalks: CrosswalksService,
  ) {}

  /**
   * Puts a department on a manual version. The first time, one file per standard in scope is
   * created; later, the files move to the new version: continuing standards keep all their work
   * (flagged for review when the version changed them), removed ones are kept out of scope.
   */
  /** Who each of the files is assigned to (files nobody has are left out), by file id. */
  async assigneesOf(manager: EntityManager, fileIds: string[]): Promise<Map<string, string>> {
    const rows = await this.repository.findAssignees(manager, [...new Set(fileIds)]);
    return new Map(rows.map((r) => [r.id, r.assignee_user_id]));
  }

  async assignManual(actor: Actor, departmentId: string, manualId: string): Promise<ManualAssignmentDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    return this.dataSource.transaction((manager) => this.assignWithin(manager, this.access.auditContext(actor, departmentId), departmentId, manualId));
  }

  /**
   * The assignment in the caller's transaction (the sample data uses it at first start). The manual
   * goes to the department's enrolment in the manual's program; a primary enrolment no manual has
   * decided yet takes the program on. A department not enrolled in the program is refused.
   */
  async assignWithin(manager: EntityManager, context: AuditContext, departmentId: string, manualId: string): Promise<ManualAssignmentDto> {
    const department = await manager
      .getRepository(Department)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :departmentId', { departmentId })
      .getOne();
    if (!department) throw new NotFoundError('department', departmentId);
    const manual = await this.manuals.takeOnWithin(manager, manualId);
    let enrolment = await this.enrolments.inProgramWithin(manager, departmentId, manual.programId);
    if (!enrolment) {
      const primary = await this.enrolments.primaryWithin(manager, departmentId);
      if (primary.programId !== null) {
        throw new UnprocessableError(`The department is not enrolled in ${manual.program}: an administrator enrols it in that program first.`);
      }
      enrolment = primary;
      enrolment.programId = manual.programId;
    }
    const enrolmentId = enrolment.id;
    const previousManualId = enrolment.manualId;
    if (previousManualId === manualId) {
      return { outcome: 'unchanged', manualId, enrolmentId, created: 0, carried: 0, flagged: [], retired: [], inScope: await this.repository.countInScope(manager, enrolmentId) };
    }

    let carried = 0;
    let flagged: string[] = [];
    let retired: string[] = [];
    if (previousManualId) {
      const diff = await this.manuals.diff(previousManualId, manualId);
      const plan = planAdoption(await this.repository.fileNumbers(manager, enrolmentId), diff);
      await this.repository.retire(manager, enrolmentId, plan.retired, `removed in version ${manual.version}`);
      await this.repository.renumber(manager, enrolmentId, plan.carried.filter((c) => c.fromNumber !== c.toNumber).map((c) => ({ from: c.fromNumber, to: c.toNumber })));
      const toFlag = plan.carried.filter((c) => c.reviewReasons.length > 0);
      await this.repository.flag(manager, enrolmentId, toFlag.map((c) => ({ number: c.toNumber, reasons: c.reviewReasons.map((r) => `version ${manual.version}: ${r}`) })));
      carried = plan.carried.length;
      flagged = toFlag.map((c) => c.toNumber);
      retired = plan.retired;
    }
    enrolment.manualId = manualId;
    await this.enrolments.saveWithin(manager, enrolment);
    const { created } = await this.resolveEnrolment(manager, department, enrolment);
    const outcome = previousManualId ? 'adopted' : 'assigned';
    const result: ManualAssignmentDto = { outcome, manualId, enrolmentId, created, carried, flagged, retired, inScope: await this.repository.countInScope(manager, enrolmentId) };
    await this.audit.record(manager, context, {
      action: `department.manual-${outcome}`,
      entityType: 'enrolment',
      entityId: enrolmentId,
      departmentId,
      before: { manualId: previousManualId },
      after: { ...result, program: manual.program, manualVersion: manual.version },
    });
    return result;
  }

  /** Re-resolves scope and M/O of each of the department's enrolments after a tier or its size class changed; keeps all work. */
  async resolve(manager: EntityManager, department: Department): Promise<{ created: number }> {
    let created = 0;
    for (const enrolment of await this.enrolments.ofDepartment(manager, department.id)) created += (await this.resolveEnrolment(manager, department, enrolment)).created;
    return { created };
  }

  private resolveEnrolment(manager: EntityManager, department: Department, enrolment: Enrolment): Promise<{ created: number }> {
    if (!enrolment.manualId) return Promise.resolve({ created: 0 });
    return this.repository.resolveScope(
      manager,
      { departmentId: department.id, enrolmentId: enrolment.id },
      enrolment.manualId,
      enrolment.programTier,
      departmentSizeClass(department, this.config.sizeClassRanges),
    );
  }

  /**
   * The department's files in its other programs whose standards the crosswalk maps to this file's
   * standard, with their result and status: where the same proof may be filed too (404 outside the
   * actor's departments).
   */
  async mappedFiles(actor: Actor, fileId: string): Promise<MappedFileDto[]> {
    const manager = this.dataSource.manager;
    const file = await this.repository.programNumberOf(manager, fileId);
    if (!file) throw new NotFoundError('standard file', fileId);
    this.access.assert(actor, file.departmentId, READ_ROLES);
    if (!file.programId) return [];
    const mapped = await this.crosswalks.mappedStandards(file.programId, file.number, manager);
    return (await this.repository.filesOfStandards(manager, file.departmentId, mapped)).map((r) => ({
      fileId: r.file_id,
      enrolmentId: r.enrolment_id,
      programName: r.program_name,
      number: r.number,
      title: r.title,
      result: r.result as MappedFileDto['result'],
      status: r.status as MappedFileDto['status'],
      inScope: r.in_scope,
    }));
  }

  async list(actor: Actor, departmentId: string, query: FileListQueryDto): Promise<Page<StandardFileDto>> {
    this.access.assert(actor, departmentId, READ_ROLES);
    const { rows, total } = await this.repository.list(this.dataSource.manager, departmentId, query);
    return { items: rows.map(toDto), total, limit: query.limit, offset: query.offset };
  }
}
