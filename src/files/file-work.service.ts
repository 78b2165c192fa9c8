import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ForbiddenError, NotFoundError, StaleVersionError, UnprocessableError } from '../common/errors';
import { FieldError, RequestValidationError } from '../common/problem/problem';
import type { Actor } from '../identity/access/actor';
import { UsersService } from '../identity/users.service';
import { MailService } from '../mail/mail.service';
import { DepartmentAccessService, MANAGE_ROLES, READ_ROLES } from '../identity/access/department-access.service';
import type { AssignChapterDto, BulkResultDto, ChapterNotApplicableDto, StandardFileDetailDto, UpdateFileDto } from './dto/file-edit.dto';
import { StandardFile } from './entities/standard-file.entity';
import { FileWorkRepository, PersonOptionRow } from './file-work.repository';

/** What a team member may change on a file assigned to them; the rest is the manager's. */
const MEMBER_FIELDS = new Set<keyof UpdateFileDto>(['version', 'directives', 'bulletNotes', 'notes', 'status', 'statusReason']);
const MEMBER_STATUSES = new Set(['to_do', 'in_progress', 'in_review']);


/** The weekly work on a standard file: applicability, result, status, assignee, directives, notes. */
@Injectable()
export class FileWorkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: FileWorkRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly mail: MailService,
  ) {}

  async get(actor: Actor, fileId: string): Promise<StandardFileDetailDto> {
    const file = await this.find(this.dataSource.manager, fileId);
    this.access.assert(actor, file.departmentId, READ_ROLES);
    return this.detail(this.dataSource.manager, file);
  }

  async update(actor: Actor, fileId: string, dto: UpdateFileDto): Promise<StandardFileDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const file = await this.find(manager, fileId, true);
      const role = this.access.assert(actor, file.departmentId, ['admin', 'manager', 'member']);
      if (role === 'member') this.assertMemberMayChange(actor, file, dto);
      if (file.version !== dto.version) throw new StaleVersionError('file', dto.version, file.version);
      const before = await this.detail(manager, file);

      const next = this.apply(file, dto);
      const bullets = await this.repository.findStandardBullets(manager, file.standardId);
      this.assertRules(next, dto, bullets.map((b) => b.letter));
      if (dto.assigneeUserId) await this.assertAssignable(manager, file.departmentId, dto.assigneeUserId);

      await manager.getRepository(StandardFile).save(next);
      const after = await this.detail(manager, await this.find(manager, fileId));
      await this.audit.record(manager, this.access.auditContext(actor, file.departmentId), {
        action: 'file.updated',
        entityType: 'standard_file',
        entityId: fileId,
        departmentId: file.departmentId,
        before: changedFields(before, after, 'before'),
        after: changedFields(before, after, 'after'),
      });
      if (after.assigneeUserId && after.assigneeUserId !== before.assigneeUserId) {
        await this.mailAssignee(manager, actor, file.departmentId, after.assigneeUserId, null, [{ id: fileId, number: after.number, title: after.title }]);
      }
      return after;
    });
  }

  /** Assigns every in-scope file of a chapter to one member, all or nothing. */
  async assignChapter(actor: Actor, departmentId: string, dto: AssignChapterDto): Promise<BulkResultDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    return this.dataSource.transaction(async (manager) => {
      if (dto.assigneeUserId) await this.assertAssignable(manager, departmentId, dto.assigneeUserId);
      const result = await this.bulk(manager, actor, departmentId, dto.chapter, 'file.assigned', { assignee_user_id: dto.assigneeUserId });
      const newlyAssigned = result.files.filter((f) => f.before.assignee_user_id !== dto.assigneeUserId);
      if (dto.assigneeUserId && newlyAssigned.length > 0) {
        await this.mailAssignee(manager, actor, departmentId, dto.assigneeUserId, dto.chapter, newlyAssigned.map((f) => ({ id: f.id, number: f.number, title: null })));
      }
      return { changed: result.changed, numbers: result.numbers };
    });
  }

  /** Tells the assignee by mail which files are now theirs (not when they assigned themselves). */
  private async mailAssignee(
    manager: EntityManager,
    actor: Actor,
    departmentId: string,
    assigneeUserId: string,
    chapter: number | null,
    files: { id: string; number: string; title: string | null }[],
  ): Promise<void> {
    if (assigneeUserId === actor.userId) return;
    const [assignee] = await this.users.mailContacts(manager, [assigneeUserId]);
    if (!assignee) return;
    await this.mail.enqueue(manager, this.access.auditContext(actor, departmentId), {
      kind: 'file-assigned',
      to: { email: assignee.email, userId: assignee.id },
      departmentId,
      data: {
        name: assignee.displayName,
        departmentName: await this.users.departmentName(manager, departmentId),
        assignedBy: actor.displayName,
        chapter,
        files: files.map((f) => ({ number: f.number, title: f.title, link: this.mail.link(`/department/${departmentId}/files/${f.id}`) })),
      },
    });
  }

  /** Marks every in-scope file of a chapter not applicable with one reason, all or nothing. */
  async markChapterNotApplicable(actor: Actor, departmentId: string, dto: ChapterNotApplicableDto): Promise<BulkResultDto> {
    this.access.assert(actor, departmentId, MANAGE_ROLES);
    const result = await this.dataSource.transaction((manager) =>
      this.bulk(manager, actor, departmentId, dto.chapter, 'file.marked-not-applicable', {
        applicability: 'not_applicable',
        applicability_reason: dto.reason.trim(),
        waiver_reference: null,
        waiver_date: null,
        waiver_ends_on: null,
      }),
    );
    return { changed: result.changed, numbers: result.numbers };
  }

  private async bulk(
    manager: EntityManager,
    actor: Actor,
    departmentId: string,
    chapter: number,
    action: string,
    changes: Record<string, string | null>,
  ): Promise<BulkResultDto & { files: { id: string; number: string; before: Record<string, unknown> }[] }> {
    const before = await this.repository.lockChapterFiles(manager, departmentId, chapter, Object.keys(changes));
    if (before.length === 0) throw new UnprocessableError(`The department has no files in chapter ${chapter}.`);
    await this.repository.updateFiles(manager, departmentId, before.map((f) => f.id), changes);
    const context = this.access.auditContext(actor, departmentId);
    for (const file of before) {
      await this.audit.record(manager, context, {
        action,
        entityType: 'standard_file',
        entityId: file.id,
        departmentId,
        before: file.values,
        after: changes,
      });
    }
    return { changed: before.length, numbers: before.map((f) => f.number), files: before.map((f) => ({ id: f.id, number: f.number, before: f.values })) };
  }

  private apply(file: StandardFile, dto: UpdateFileDto): StandardFile {
    const next = Object.assign(new StandardFile(), file);
    if (dto.applicability !== undefined) {
      next.applicability = dto.applicability;
      if (dto.applicability !== 'not_applicable') next.applicabilityReason = null;
      if (dto.applicability !== 'waived') {
        next.waiverReference = null;
        next.waiverDate = null;
        next.waiverEndsOn = null;
      }
    }
    if (dto.applicabilityReason !== undefined) next.applicabilityReason = dto.applicabilityReason?.trim() ?? null;
    if (dto.waiverReference !== undefined) next.waiverReference = dto.waiverReference?.trim() ?? null;
    if (dto.waiverDate !== undefined) next.waiverDate = dto.waiverDate;
    if (dto.waiverEndsOn !== undefined) next.waiverEndsOn = dto.waiverEndsOn;
    if (dto.result !== undefined) next.result = dto.result;
    if (dto.status !== undefined) {
      next.status = dto.status;
      if (dto.status !== 'returned') next.statusReason = null;
    }
    if (dto.statusReason !== undefined) next.statusReason = dto.statusReason?.trim() ?? null;
    if (dto.assigneeUserId !== undefined) next.assigneeUserId = dto.assigneeUserId;
    if (dto.directives !== undefined) next.directives = dto.directives;
    if (dto.bulletNotes !== undefined) next.bulletNotes = dto.bulletNotes;
    if (dto.notes !== undefined) next.notes = dto.notes;
    if (dto.reviewed) {
      next.needsReview = false;
      next.reviewReasons = [];
    }
    return next;
  }

  /** The rules that tie fields together, checked on the file as it would be saved. */
  private assertRules(file: StandardFile, dto: UpdateFileDto, bulletLetters: string[]): void {
    const errors: FieldError[] = [];
    if (file.applicability === 'not_applicable' && !file.applicabilityReason) {
      errors.push({ field: 'applicabilityReason', message: 'applicabilityReason is required when the standard is not applicable' });
    }
    if (file.applicability === 'waived') {
      if (!file.waiverReference) errors.push({ field: 'waiverReference', message: 'waiverReference is required when the standard is waived' });
      if (!file.waiverDate) errors.push({ field: 'waiverDate', message: 'waiverDate is required when the standard is waived' });
      if (file.waiverDate && file.waiverEndsOn && file.waiverEndsOn < file.waiverDate) {
        errors.push({ field: 'waiverEndsOn', message: `waiverEndsOn (${file.waiverEndsOn}) cannot be before waiverDate (${file.waiverDate})` });
      }
    } else if (file.waiverEndsOn) {
      errors.push({ field: 'waiverEndsOn', message: 'waiverEndsOn is only for a waived standard' });
    }
    if (file.status === 'returned' && !file.statusReason) {
      errors.push({ field: 'statusReason', message: 'statusReason is required when a file is returned' });
    }
    for (const [letter, note] of Object.entries(dto.bulletNotes ?? {})) {
      if (!bulletLetters.includes(letter)) {
        errors.push({ field: `bulletNotes.${letter}`, message: `the standard has no bullet ${letter}${bulletLetters.length ? ` (its bullets: ${bulletLetters.join(', ')})` : ''}` });
      } else if (typeof note !== 'string' || note.length > 2000) {
        errors.push({ field: `bulletNotes.${letter}`, message: `bulletNotes.${letter} must be text of at most 2000 characters` });
      }
    }
    if (errors.length > 0) throw new RequestValidationError(errors);
  }

  private assertMemberMayChange(actor: Actor, file: StandardFile, dto: UpdateFileDto): void {
    if (file.assigneeUserId !== actor.userId) {
      throw new ForbiddenError('Team members work on the files assigned to them; this file is not assigned to you.');
    }
    const managerOnly = (Object.keys(dto) as (keyof UpdateFileDto)[]).filter((key) => dto[key] !== undefined && !MEMBER_FIELDS.has(key));
    if (managerOnly.length > 0) throw new ForbiddenError(`Only a manager may change ${managerOnly.join(', ')}.`);
    if (dto.status !== undefined && !MEMBER_STATUSES.has(dto.status)) {
      throw new ForbiddenError('Only a manager accepts or returns a file; set it "in_review" when it is ready.');
    }
  }

  /** The people a file of the department may be assigned to, by name. */
  async assignablePeople(departmentId: string): Promise<{ id: string; name: string; role: string }[]> {
    return this.repository.findAssignablePeople(this.dataSource.manager, departmentId);
  }

  /**
   * The people of the department's assignee filter: its managers and members (assignable when
   * active) and anyone a file is assigned to now. The caller has checked access to the department.
   */
  async assigneeFilterPeople(departmentId: string): Promise<PersonOptionRow[]> {
    return this.repository.findAssigneeFilterPeople(this.dataSource.manager, departmentId);
  }

  /** Whether the file is one of the department's files. The caller has checked access to the department. */
  async fileBelongsToDepartment(fileId: string, departmentId: string): Promise<boolean> {
    return this.repository.fileBelongsToDepartment(this.dataSource.manager, fileId, departmentId);
  }

  private async assertAssignable(manager: EntityManager, departmentId: string, userId: string): Promise<void> {
    if (!(await this.repository.isAssignable(manager, departmentId, userId))) {
      throw new RequestValidationError([{ field: 'assigneeUserId', message: 'assigneeUserId must be an active manager or member of the department' }]);
    }
  }

  private async find(manager: EntityManager, fileId: string, lock = false): Promise<StandardFile> {
    const query = manager.getRepository(StandardFile).createQueryBuilder('f').where('f.id = :fileId', { fileId });
    if (lock) query.setLock('pessimistic_write');
    const file = await query.getOne();
    if (!file) throw new NotFoundError('file', fileId);
    return file;
  }

  private async detail(manager: EntityManager, file: StandardFile): Promise<StandardFileDetailDto> {
    const row = await this.repository.findDetail(manager, file.id);
    return {
      id: file.id,
      departmentId: row.department_id,
      enrolmentId: file.enrolmentId,
      standardId: row.standard_id,
      number: row.number,
      title: row.title,
      chapter: row.chapter,
      level: file.level,
      tier1: row.tier1,
      frequency: row.frequency as StandardFileDetailDto['frequency'],
      bullets: row.bullets,
      kinds: row.kinds,
      activities: row.activities,
      inScope: file.inScope,
      applicability: file.applicability,
      applicabilityReason: file.applicabilityReason,
      waiverReference: file.waiverReference,
      waiverDate: file.waiverDate,
      waiverEndsOn: file.waiverEndsOn,
      result: file.result,
      status: file.status,
      statusReason: file.statusReason,
      assigneeUserId: file.assigneeUserId,
      needsReview: file.needsReview,
      reviewReasons: file.reviewReasons,
      directives: file.directives,
      bulletNotes: file.bulletNotes,
      notes: file.notes,
      version: file.version,
      updatedAt: file.updatedAt.toISOString(),
    };
  }
}

/** The audit trail keeps what changed, not the whole file twice. */
function changedFields(before: StandardFileDetailDto, after: StandardFileDetailDto, side: 'before' | 'after'): Record<string, unknown> {
  const source = side === 'before' ? before : after;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof StandardFileDetailDto)[]) {
    if (key === 'updatedAt') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = source[key];
  }
  return changed;
}
