import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditContext, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/errors';
import { RequestValidationError } from '../common/problem/problem';
import type { Actor } from '../identity/access/actor';
import { DepartmentAccessService } from '../identity/access/department-access.service';
import type { ManualDiffDto } from './dto/manual-diff.dto';
import type { ImportManualDto, ImportOutcome, ManualChapterDto, ManualDetailDto, ManualImportResultDto, ManualSummaryDto } from './dto/manual.dto';
import { Manual } from './entities/manual.entity';
import { ManualsRepository, ManualSummaryRow } from './manuals.repository';
import { diffManuals } from './rules/manual-diff';
import { manualContentSha256, readManualFile } from './rules/manual-file';
import { ManualImportInvalidError, ManualVersionConflictError, ManualVersionInUseError } from './standards.errors';

// Templates are not compiled: from src/standards (ts-jest) or dist/src/standards (build), up to the project root.
const PROJECT_ROOT = join(__dirname, ...(__filename.endsWith('.ts') ? ['..', '..'] : ['..', '..', '..']));
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
export const IMPORT_TEMPLATE_PATH = join(TEMPLATES_DIR, 'standards-import-template.csv');

export interface ManualImportInput extends ImportManualDto {
  /** The uploaded bytes; undefined when the request carried no file. */
  file: Buffer | undefined;
  fileName?: string;
}

const toSummaryDto = (m: ManualSummaryRow): ManualSummaryDto => ({ ...m, importedAt: m.importedAt.toISOString() });

const label = (m: Pick<Manual, 'program' | 'edition' | 'version'>): string => `${m.program} ${m.edition} edition, version ${m.version}`;

@Injectable()
export class ManualsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ManualsRepository,
    private readonly access: DepartmentAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  importManual(actor: Actor, input: ManualImportInput): Promise<ManualImportResultDto> {
    const context = this.access.auditContext(actor);
    return this.dataSource.transaction((manager) => this.importWithin(manager, context, input));
  }

  /**
   * Imports in the caller's transaction (sample data uses this at first start). Nothing is written
   * unless every row is valid; a version already imported is left alone when the content and
   * metadata are the same, and otherwise replaced only when asked and no department uses it.
   */
  async importWithin(manager: EntityManager, context: AuditContext, input: ManualImportInput): Promise<ManualImportResultDto> {
    if (!input.file) {
      throw new RequestValidationError([{ field: 'file', message: 'attach the manual (CSV or JSON) as the multipart field "file"' }]);
    }
    const parsed = readManualFile(input.file);
    if (!parsed.ok) throw new ManualImportInvalidError(parsed.errors);
    const { format, manual: { standards } } = parsed;
    const { program, edition, version } = input;
    await this.repository.lockVersion(manager, program, edition, version);
    const existing = await this.repository.findByVersion(manager, program, edition, version);
    const wanted = {
      program,
      edition,
      version,
      name: input.name ?? existing?.name ?? `${program} Standards Manual, ${edition} edition, version ${version}`,
      effectiveDate: input.effectiveDate,
      contentSha256: manualContentSha256(standards),
      importedAt: this.clock.now(),
    };
    let outcome: ImportOutcome = 'created';
    let before: ManualSummaryDto | null = null;
    let manualId: string;
    if (existing) {
      const differences = [
        existing.contentSha256 !== wanted.contentSha256 ? 'the standards' : null,
        existing.effectiveDate !== wanted.effectiveDate ? `the effective date (${existing.effectiveDate} imported)` : null,
        existing.name !== wanted.name ? `the name ("${existing.name}" imported)` : null,
      ].filter((d): d is string => d !== null);
      if (differences.length === 0) {
        const [summary] = await this.repository.summaries(manager, existing.id);
        return {
          outcome: 'unchanged',
          message: `${label(existing)} is already imported with this content; nothing changed.`,
          format,
          manual: toSummaryDto(summary),
        };
      }
      if (!input.replace) {
        throw new ManualVersionConflictError(
          `${label(existing)} is already imported, and this upload differs in ${differences.join(', ')}. ` +
            'Import the change under a new version number, or send replace=true to replace it while no department uses it.',
          { manualId: existing.id, differences },
        );
      }
      if (await this.isVersionInUse(manager, existing.id)) {
        throw new ManualVersionInUseError(
          `${label(existing)} is used by departments, so it cannot be replaced; import the change under a new version number.`,
          { manualId: existing.id },
        );
      }
      before = toSummaryDto((await this.repository.summaries(manager, existing.id))[0]);
      await this.repository.deleteContents(manager, existing.id);
      await manager.getRepository(Manual).update(existing.id, {
        name: wanted.name,
        effectiveDate: wanted.effectiveDate,
        contentSha256: wanted.contentSha256,
        importedAt: wanted.importedAt,
      });
      manualId = existing.id;
      outcome = 'replaced';
    } else {
      manualId = (await manager.getRepository(Manual).insert(wanted)).identifiers[0].id as string;
    }

    const counts = await this.repository.insertContents(manager, manualId, standards);
    const [summary] = await this.repository.summaries(manager, manualId);
    const after = toSummaryDto(summary);
    await this.audit.record(manager, context, {
      action: outcome === 'replaced' ? 'manual.replaced' : 'manual.imported',
      entityType: 'manual',
      entityId: manualId,
      before,
      after: { ...after, format, fileName: input.fileName ?? null },
    });
    return {
      outcome,
      message: `${outcome === 'replaced' ? 'Replaced' : 'Imported'} ${label(wanted)}: ${counts.standards} standards in ${counts.chapters} chapters and ${counts.sections} sections.`,
      format,
      manual: after,
    };
  }

  /** Whether a department works on this manual version, which then may not be replaced. */
  async isVersionInUse(manager: EntityManager, manualId: string): Promise<boolean> {
    return this.repository.isVersionInUse(manager, manualId);
  }

  async list(): Promise<ManualSummaryDto[]> {
    return (await this.repository.summaries(this.dataSource.manager)).map(toSummaryDto);
  }

  async get(id: string): Promise<ManualDetailDto> {
    const manager = this.dataSource.manager;
    const summary = await this.summary(manager, id);
    const chapters: ManualChapterDto[] = [];
    for (const row of await this.repository.outline(manager, id)) {
      let chapter = chapters.at(-1);
      if (chapter?.number !== row.chapter) {
        chapter = { number: row.chapter, title: row.chapterTitle, standardCount: 0, sections: [] };
        chapters.push(chapter);
      }
      chapter.standardCount += row.standardCount;
      chapter.sections.push({ number: row.section, title: row.sectionTitle, standardCount: row.standardCount });
    }
    return { ...summary, chapters };
  }

  /** What changed from manual `fromId` (read as the older) to manual `toId`. */
  async diff(fromId: string, toId: string): Promise<ManualDiffDto> {
    const manager = this.dataSource.manager;
    const from = await this.summary(manager, fromId);
    const to = await this.summary(manager, toId);
    const [older, newer] = await Promise.all([
      this.repository.diffableStandards(manager, fromId),
      this.repository.diffableStandards(manager, toId),
    ]);
    return { from, to, ...diffManuals(older, newer) };
  }

  importTemplate(): Promise<Buffer> {
    return readFile(IMPORT_TEMPLATE_PATH);
  }

  private async summary(manager: EntityManager, id: string): Promise<ManualSummaryDto> {
    const [row] = await this.repository.summaries(manager, id);
    if (!row) throw new NotFoundError('manual', id);
    return toSummaryDto(row);
  }
}
