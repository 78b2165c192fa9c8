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
import type { ManualChangesDto, ManualDiffDto } from './dto/manual-diff.dto';
import type { ImportManualDto, ImportOutcome, ManualChapterDto, ManualDetailDto, ManualImportResultDto, ManualSummaryDto } from './dto/manual.dto';
import { Manual } from './entities/manual.entity';
import { ManualsRepository, ManualSummaryRow } from './manuals.repository';
import { ProgramsService } from './programs.service';
import { completeGroupTitles, GroupTitleSources, NO_KNOWN_TITLES } from './rules/group-titles';
import { diffManuals } from './rules/manual-diff';
import { manualContentSha256, readManualFile } from './rules/manual-file';
import {
  ManualAlreadyPublishedError,
  ManualImportInvalidError,
  ManualNotPublishedError,
  ManualVersionConflictError,
  ManualVersionInUseError,
} from './standards.errors';

// Templates are not compiled: from src/standards (ts-jest) or dist/src/standards (build), up to the project root.
const PROJECT_ROOT = join(__dirname, ...(__filename.endsWith('.ts') ? ['..', '..'] : ['..', '..', '..']));
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
export const IMPORT_TEMPLATE_PATH = join(TEMPLATES_DIR, 'standards-import-template.csv');

export interface ManualImportInput extends ImportManualDto {
  /** The uploaded bytes; undefined when the request carried no file. */
  file: Buffer | undefined;
  fileName?: string;
}

const toSummaryDto = ({ kept, ...m }: ManualSummaryRow): ManualSummaryDto => ({
  ...m,
  importedAt: m.importedAt.toISOString(),
  status: m.publishedAt ? 'published' : 'draft',
  publishedAt: m.publishedAt?.toISOString() ?? null,
  deletable: !m.publishedAt || !kept,
});

/** Says where titles the file left out came from, for the import's message; empty when the file named them all. */
function titleSourcesNote(sources: GroupTitleSources, earlierVersion: string | null): string {
  const notes = [
    sources.fromEarlier > 0 ? `${sources.fromEarlier} chapter and section title${sources.fromEarlier === 1 ? '' : 's'} taken from version ${earlierVersion ?? ''}` : null,
    sources.placeholders > 0
      ? `${sources.placeholders} chapter and section title${sources.placeholders === 1 ? '' : 's'} unknown (no earlier version names ${sources.placeholders === 1 ? 'it' : 'them'}), shown as "Chapter 12" or "Section 12.2"`
      : null,
  ].filter((n): n is string => n !== null);
  return notes.length ? ` ${notes.join('; ')}.` : '';
}

const label = (m: Pick<Manual, 'program' | 'edition' | 'version'>): string => `${m.program} ${m.edition} edition, version ${m.version}`;

@Injectable()
export class ManualsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ManualsRepository,
    private readonly programs: ProgramsService,
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
    const { format } = parsed;
    const { program, edition, version } = input;
    await this.repository.lockVersion(manager, program, edition, version);
    const { id: programId } = await this.programs.forImportWithin(manager, context, program);
    const existing = await this.repository.findByVersion(manager, program, edition, version);
    const titlesMissing = parsed.manual.standards.some((st) => st.chapterTitle === null || st.sectionTitle === null);
    const earlier = titlesMissing
      ? await this.repository.groupTitlesBefore(manager, program, input.effectiveDate, existing?.id ?? null)
      : { version: null, titles: NO_KNOWN_TITLES };
    const { standards, sources } = completeGroupTitles(parsed.manual.standards, earlier.titles);
    const wanted = {
      program,
      programId,
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
        const [summary] = await this.repository.summaries(manager, { id: existing.id });
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
      if ((await this.repository.usage(manager, existing.id)).everUsed) {
        throw new ManualVersionInUseError(
          `${label(existing)} is used by departments, so it cannot be replaced; import the change under a new version number.`,
          { manualId: existing.id },
        );
      }
      before = toSummaryDto((await this.repository.summaries(manager, { id: existing.id }))[0]);
      await this.repository.deleteContents(manager, existing.id);
      // Replaced content is a draft again: departments see it only once an administrator publishes it.
      await manager.getRepository(Manual).update(existing.id, {
        name: wanted.name,
        effectiveDate: wanted.effectiveDate,
        contentSha256: wanted.contentSha256,
        importedAt: wanted.importedAt,
        publishedAt: null,
      });
      manualId = existing.id;
      outcome = 'replaced';
    } else {
      manualId = (await manager.getRepository(Manual).insert({ ...wanted, publishedAt: null, firstAdoptedAt: null })).identifiers[0].id as string;
    }

    const counts = await this.repository.insertContents(manager, manualId, standards);
    const [summary] = await this.repository.summaries(manager, { id: manualId });
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
      message:
        `${outcome === 'replaced' ? 'Replaced' : 'Imported'} ${label(wanted)} as a draft: ${counts.standards} standards in ${counts.chapters} chapters and ` +
        `${counts.sections} sections.${titleSourcesNote(sources, earlier.version)} No department sees it until an administrator publishes it.`,
      format,
      manual: after,
    };
  }

  /** Publishes a draft: departments are offered it from now on (a pending adoption when it is newer than theirs). */
  publish(actor: Actor, manualId: string): Promise<ManualSummaryDto> {
    const context = this.access.auditContext(actor);
    return this.dataSource.transaction((manager) => this.publishWithin(manager, context, manualId));
  }

  /** The publication in the caller's transaction (sample data publishes what it imports at first start). */
  async publishWithin(manager: EntityManager, context: AuditContext, manualId: string): Promise<ManualSummaryDto> {
    const manual = await this.repository.findLocked(manager, manualId, 'update');
    if (!manual) throw new NotFoundError('manual', manualId);
    if (manual.publishedAt) {
      throw new ManualAlreadyPublishedError(`${label(manual)} was published on ${manual.publishedAt.toISOString()}; nothing changed.`, {
        manualId,
        publishedAt: manual.publishedAt.toISOString(),
      });
    }
    const before = await this.summary(manager, manualId);
    await this.repository.markPublished(manager, manualId, this.clock.now());
    const after = await this.summary(manager, manualId);
    await this.audit.record(manager, context, { action: 'manual.published', entityType: 'manual', entityId: manualId, before, after });
    return after;
  }

  /** Deletes a draft, or a published version no department has ever used, with its chapters, sections and standards. */
  delete(actor: Actor, manualId: string): Promise<ManualSummaryDto> {
    const context = this.access.auditContext(actor);
    return this.dataSource.transaction(async (manager) => {
      // The import's lock on the version first (the order an import takes them), so a replacement never writes into a deleted version.
      const found = await manager.getRepository(Manual).findOneBy({ id: manualId });
      if (found) await this.repository.lockVersion(manager, found.program, found.edition, found.version);
      const manual = found && (await this.repository.findLocked(manager, manualId, 'update'));
      if (!manual) throw new NotFoundError('manual', manualId);
      const usage = await this.repository.usage(manager, manualId);
      if (usage.everUsed) {
        const now = usage.departments > 0 ? `${usage.departments} department${usage.departments === 1 ? ' follows' : 's follow'} it` : 'a department has used it';
        throw new ManualVersionInUseError(
          `${label(manual)} cannot be deleted: ${now}, and its standards stay for the files and reports made on them.`,
          { manualId, departments: usage.departments },
        );
      }
      const before = await this.summary(manager, manualId);
      await this.repository.deleteManual(manager, manualId);
      await this.audit.record(manager, context, { action: 'manual.deleted', entityType: 'manual', entityId: manualId, before, after: null });
      return before;
    });
  }

  /**
   * The version a department is about to take on, locked against deletion until the caller's
   * transaction ends, and recorded as used; a draft is refused.
   */
  async takeOnWithin(manager: EntityManager, manualId: string): Promise<Manual> {
    const manual = await this.repository.findLocked(manager, manualId, 'share');
    if (!manual) throw new NotFoundError('manual', manualId);
    if (!manual.publishedAt) {
      throw new ManualNotPublishedError(`${label(manual)} is a draft: an administrator publishes it before departments can take it on.`, { manualId });
    }
    await this.repository.markAdopted(manager, manualId, this.clock.now());
    return manual;
  }

  /** Every manual version, drafts included (administrators review drafts; departments are offered published ones only). */
  async list(): Promise<ManualSummaryDto[]> {
    return (await this.repository.summaries(this.dataSource.manager)).map(toSummaryDto);
  }

  /** The versions departments may take on. */
  async listPublished(): Promise<ManualSummaryDto[]> {
    return (await this.repository.summaries(this.dataSource.manager, { publishedOnly: true })).map(toSummaryDto);
  }

  /** What a version changes from the version in use (the newest published one of its program, other than itself). */
  async changes(manualId: string): Promise<ManualChangesDto> {
    const manager = this.dataSource.manager;
    const to = await this.summary(manager, manualId);
    const inUseId = await this.repository.newestPublishedOf(manager, to.program, manualId);
    const from = inUseId ? await this.summary(manager, inUseId) : null;
    const [older, newer] = await Promise.all([
      inUseId ? this.repository.diffableStandards(manager, inUseId) : Promise.resolve([]),
      this.repository.diffableStandards(manager, manualId),
    ]);
    return { from, to, ...diffManuals(older, newer) };
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
    const [row] = await this.repository.summaries(manager, { id });
    if (!row) throw new NotFoundError('manual', id);
    return toSummaryDto(row);
  }
}
