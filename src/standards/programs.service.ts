import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditContext, AuditService } from '../audit/audit.service';
import { definedOf } from '../common/defined';
import { ConflictError, NotFoundError, StaleVersionError } from '../common/errors';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService } from '../identity/access/department-access.service';
import type { ProgramDto, UpdateProgramDto } from './dto/program.dto';
import { Program } from './entities/program.entity';
import { ProgramRow, ProgramsRepository } from './programs.repository';

const toDto = (p: ProgramRow): ProgramDto => ({
  id: p.id,
  name: p.name,
  cycleYears: p.cycleYears,
  cycleYearsLocked: p.hasFilings,
  hasTiers: p.hasTiers,
  hasSizeClasses: p.hasSizeClasses,
  milestones: p.milestones,
  sample: p.sample,
  manualCount: p.manualCount,
  version: p.version,
});

/** Programs: the accreditation programs manuals are imported under, with their cycle length and milestones. */
@Injectable()
export class ProgramsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProgramsRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ProgramDto[]> {
    return (await this.repository.list(this.dataSource.manager)).map(toDto);
  }

  async get(id: string): Promise<ProgramDto> {
    return toDto(await this.row(this.dataSource.manager, id));
  }

  /** An administrator's change of a program's shape (its name never changes: manuals carry it). */
  update(actor: Actor, id: string, dto: UpdateProgramDto): Promise<ProgramDto> {
    const { version, ...shape } = dto;
    const context = this.access.auditContext(actor);
    return this.dataSource.transaction((manager) => this.shapeWithin(manager, context, id, shape, version));
  }

  /**
   * Sets a program's shape in the caller's transaction, audited (program.updated): an
   * administrator's change (with the version read, refused when stale) or the sample data's state program.
   */
  async shapeWithin(
    manager: EntityManager,
    context: AuditContext,
    id: string,
    shape: Omit<UpdateProgramDto, 'version'> & { sample?: boolean },
    expectedVersion?: number,
  ): Promise<ProgramDto> {
    const program = await this.repository.findLocked(manager, id);
    if (!program) throw new NotFoundError('program', id);
    if (expectedVersion !== undefined && program.version !== expectedVersion) throw new StaleVersionError('program', expectedVersion, program.version);
    await this.assertLengthMayChange(manager, program, shape.cycleYears);
    const before = toDto(await this.row(manager, id));
    await this.repository.save(manager, { ...program, ...definedOf(shape) });
    const after = toDto(await this.row(manager, id));
    await this.audit.record(manager, context, { action: 'program.updated', entityType: 'program', entityId: id, before, after });
    return after;
  }

  /** The program an import names, made (and audited) with CALEA's shape when it is new. */
  async forImportWithin(manager: EntityManager, context: AuditContext, name: string): Promise<Program> {
    const { program, created } = await this.repository.findOrCreateByName(manager, name);
    if (created) {
      await this.audit.record(manager, context, { action: 'program.created', entityType: 'program', entityId: program.id, before: null, after: toDto(await this.row(manager, program.id)) });
    }
    return program;
  }

  /**
   * A new cycle length only while no proof is filed under the program (each filing is placed in a
   * cycle of its length). The caller holds the program row locked (findLocked): proof filing takes
   * it in share mode, so no filing commits between this count and the change.
   */
  private async assertLengthMayChange(manager: EntityManager, program: Program, cycleYears: number | undefined): Promise<void> {
    if (cycleYears === undefined || cycleYears === program.cycleYears) return;
    const filings = await this.repository.liveFilings(manager, program.id);
    if (filings > 0) {
      throw new ConflictError(
        `${filings} proof filing${filings === 1 ? ' is' : 's are'} placed in this program's ${program.cycleYears}-year cycles; a new cycle length would put every one in the wrong cycle year. The cycle length can change only before proofs are filed under the program.`,
      );
    }
  }

  private async row(manager: EntityManager, id: string): Promise<ProgramRow> {
    const [row] = await this.repository.list(manager, id);
    if (!row) throw new NotFoundError('program', id);
    return row;
  }
}
