import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import type { Actor } from '../identity/access/actor';
import type { ImportRowError } from '../kernel/standard-types';
import { DepartmentAccessService } from '../identity/access/department-access.service';
import type { CrosswalkImportResultDto, CrosswalkPairDto, CrosswalkSideDto } from './dto/crosswalk.dto';
import { CrosswalkPairRow, CrosswalksRepository } from './crosswalks.repository';
import { KnownProgram, readCrosswalkCsv, resolveCrosswalkRows } from './rules/crosswalk-csv';
import { compareStandardNumbers } from './rules/natural-sort';
import { CrosswalkImportInvalidError } from './standards.errors';

/** A standard of another program mapped to the one asked about (a crosswalk pair, either direction). */
export interface MappedStandard {
  programId: string;
  programName: string;
  number: string;
}

export interface CrosswalkImportInput {
  /** The uploaded bytes; undefined when the request carried no file. */
  file: Buffer | undefined;
  fileName?: string;
}

const bySide = (x: CrosswalkSideDto | MappedStandard, y: CrosswalkSideDto | MappedStandard): number =>
  (x.programName < y.programName ? -1 : x.programName > y.programName ? 1 : 0) || compareStandardNumbers(x.number, y.number);

/** A stored pair as the API shows it: `from` is the side of `programId` when given, otherwise the side whose program sorts first by name. */
function toPairDto(row: CrosswalkPairRow, programId?: string): CrosswalkPairDto {
  const a: CrosswalkSideDto = { programId: row.programAId, programName: row.programAName, number: row.numberA };
  const b: CrosswalkSideDto = { programId: row.programBId, programName: row.programBName, number: row.numberB };
  const aFirst = programId ? row.programAId === programId : bySide(a, b) <= 0;
  return {
    id: row.id,
    from: aFirst ? a : b,
    to: aFirst ? b : a,
    createdAt: new Date(row.createdAt).toISOString(),
    createdByEmail: row.createdByEmail,
  };
}

/** Problems sorted by row; within a row, in the order found (its own problems before its catalogue ones). */
const inRowOrder = (errors: readonly ImportRowError[]): ImportRowError[] =>
  errors.map((e, i) => ({ e, i })).sort((x, y) => x.e.row - y.e.row || x.i - y.i).map((x) => x.e);

const comparePairs = (x: CrosswalkPairDto, y: CrosswalkPairDto): number => bySide(x.from, y.from) || bySide(x.to, y.to);

/**
 * Crosswalks: which standard of one program answers which standard of another (CALEA's and a state
 * program's), by program and standard number, so a pair holds across manual versions. Catalogue
 * data, like manuals: administrators import and delete pairs, every signed-in user reads them, and
 * other modules ask for the standards mapped to theirs (mappedStandards, mappedStandardsOf).
 */
@Injectable()
export class CrosswalksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CrosswalksRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Imports a crosswalk CSV, all or nothing: every broken row is reported at once (422) and nothing
   * is stored. Pairs are stored once whatever their direction; pairs already stored are left as
   * they are, so importing the same file again adds nothing. Audited (crosswalk.imported) when it
   * adds a pair.
   */
  importCrosswalk(actor: Actor, input: CrosswalkImportInput): Promise<{ created: boolean; result: CrosswalkImportResultDto }> {
    if (!input.file) {
      throw new RequestValidationError([{ field: 'file', message: 'attach the crosswalk (CSV) as the multipart field "file"' }]);
    }
    const read = readCrosswalkCsv(input.file);
    if (!read.ok) throw new CrosswalkImportInvalidError(read.errors);
    const context = this.access.auditContext(actor);
    return this.dataSource.transaction(async (manager) => {
      const programs = await this.knownPrograms(manager, read.rows.flatMap((r) => [r.from, r.to]));
      const resolved = resolveCrosswalkRows(read.rows, programs, read.header);
      if (!resolved.ok || read.rowErrors.length > 0) {
        throw new CrosswalkImportInvalidError(inRowOrder([...read.rowErrors, ...(resolved.ok ? [] : resolved.errors)]));
      }
      const addedIds = await this.repository.insertMissing(manager, resolved.pairs, actor.userId);
      const added = addedIds.length ? (await this.repository.list(manager, { ids: addedIds })).map((r) => toPairDto(r)).sort(comparePairs) : [];
      const result: CrosswalkImportResultDto = {
        message:
          `Read ${read.rows.length} row${read.rows.length === 1 ? '' : 's'}: ${resolved.pairs.length} pair${resolved.pairs.length === 1 ? '' : 's'}, ` +
          `${added.length} added, ${resolved.pairs.length - added.length} already present` +
          (resolved.duplicateRows ? `; ${resolved.duplicateRows} row${resolved.duplicateRows === 1 ? '' : 's'} repeated another (either way round).` : '.'),
        rows: read.rows.length,
        pairs: resolved.pairs.length,
        duplicateRows: resolved.duplicateRows,
        added: added.length,
        alreadyPresent: resolved.pairs.length - added.length,
      };
      if (added.length > 0) {
        await this.audit.record(manager, context, {
          action: 'crosswalk.imported',
          entityType: 'crosswalk',
          entityId: null,
          before: null,
          after: { ...result, fileName: input.fileName ?? null, addedPairs: added.map(({ id, from, to }) => ({ id, from, to })) },
        });
      }
      return { created: added.length > 0, result };
    });
  }

  /** Every pair, or those with a standard of `programId` (that side first), in natural order. */
  async list(programId?: string): Promise<CrosswalkPairDto[]> {
    const manager = this.dataSource.manager;
    if (programId && !(await this.repository.programExists(manager, programId))) throw new NotFoundError('program', programId);
    return (await this.repository.list(manager, { programId })).map((r) => toPairDto(r, programId)).sort(comparePairs);
  }

  /** How many pairs each two programs have (the administration page's overview), the programs of each in name order. */
  async countsByProgramPair(): Promise<{ programs: [string, string]; pairs: number }[]> {
    return (await this.repository.countsByProgramPair(this.dataSource.manager))
      .map((r) => ({ programs: [r.programAName, r.programBName].sort() as [string, string], pairs: r.pairs }))
      .sort((x, y) => x.programs[0].localeCompare(y.programs[0]) || x.programs[1].localeCompare(y.programs[1]));
  }

  /** Deletes one pair (administrators), audited as crosswalk.deleted with the pair. */
  delete(actor: Actor, id: string): Promise<void> {
    const context = this.access.auditContext(actor);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.findLocked(manager, id);
      if (!row) throw new NotFoundError('crosswalk pair', id);
      await this.repository.delete(manager, id);
      await this.audit.record(manager, context, { action: 'crosswalk.deleted', entityType: 'crosswalk', entityId: id, before: toPairDto(row), after: null });
    });
  }

  /**
   * The standards of other programs mapped to standard `number` of program `programId`, in either
   * direction of the crosswalk, by program name then natural number order; empty when none is.
   * `manager`: to read inside the caller's transaction.
   */
  async mappedStandards(programId: string, number: string, manager?: EntityManager): Promise<MappedStandard[]> {
    return (await this.mappedStandardsOf(programId, [number], manager)).get(number) ?? [];
  }

  /**
   * mappedStandards for several numbers of one program in one query: a map with an entry for each
   * number asked (an empty list when nothing is mapped to it).
   */
  async mappedStandardsOf(programId: string, numbers: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, MappedStandard[]>> {
    const byNumber = new Map<string, MappedStandard[]>(numbers.map((n) => [n, []]));
    const unique = [...byNumber.keys()];
    for (const { of, ...mapped } of await this.repository.mappedOf(manager, programId, unique)) byNumber.get(of)?.push(mapped);
    for (const list of byNumber.values()) list.sort(bySide);
    return byNumber;
  }

  /** The programs a file may name, with what the catalogue knows of the numbers the file gives for each. */
  private async knownPrograms(manager: EntityManager, sides: readonly { program: string; number: string }[]): Promise<Map<string, KnownProgram>> {
    const programs = await this.repository.programs(manager);
    const idOf = new Map(programs.map((p) => [p.name, p.id]));
    const wanted = new Map<string, { programId: string; number: string }>();
    for (const s of sides) {
      const programId = idOf.get(s.program);
      if (programId) wanted.set(JSON.stringify([programId, s.number]), { programId, number: s.number });
    }
    const known = new Map(programs.map((p) => [p.id, { id: p.id, name: p.name, published: new Set<string>(), draftOnly: new Set<string>() }]));
    for (const row of await this.repository.programNumbers(manager, [...wanted.values()])) {
      const program = known.get(row.programId);
      (row.published ? program?.published : program?.draftOnly)?.add(row.number);
    }
    return new Map([...known.values()].map((p) => [p.name, p]));
  }
}
