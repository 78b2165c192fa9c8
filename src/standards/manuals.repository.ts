import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ManualChapter } from './entities/manual-chapter.entity';
import { ManualSection } from './entities/manual-section.entity';
import { Manual } from './entities/manual.entity';
import { Standard } from './entities/standard.entity';
import type { DiffableStandard } from './rules/manual-diff';
import { sortKey } from './rules/natural-sort';
import type { ParsedStandard } from '../kernel/standard-types';

export interface ManualSummaryRow {
  id: string;
  program: string;
  edition: string;
  version: string;
  name: string;
  effectiveDate: string;
  contentSha256: string;
  importedAt: Date;
  chapterCount: number;
  sectionCount: number;
  standardCount: number;
  tier1Count: number;
}

export interface OutlineRow {
  chapter: number;
  chapterTitle: string;
  section: string;
  sectionTitle: string;
  standardCount: number;
}

export interface ContentCounts {
  chapters: number;
  sections: number;
  standards: number;
}

// 19 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535 bind parameters.
const INSERT_CHUNK = 1000;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The catalogue's SQL, in one place: the import's bulk writes and the reads that count. */
@Injectable()
export class ManualsRepository {
  /** Whether a department works on this manual version: adopted it, or has files on its standards. */
  async isVersionInUse(manager: EntityManager, manualId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 WHERE EXISTS (SELECT 1 FROM department WHERE manual_id = $1)
          OR EXISTS (SELECT 1 FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE s.manual_id = $1)`,
      [manualId],
    );
    return rows.length > 0;
  }

  /** Serialises imports of one program/edition/version, including the first (no row to lock yet). */
  async lockVersion(manager: EntityManager, program: string, edition: string, version: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`calea:manual:${JSON.stringify([program, edition, version])}`]);
  }

  findByVersion(manager: EntityManager, program: string, edition: string, version: string): Promise<Manual | null> {
    return manager.getRepository(Manual).findOneBy({ program, edition, version });
  }

  async deleteContents(manager: EntityManager, manualId: string): Promise<void> {
    await manager.query('DELETE FROM standard WHERE manual_id = $1', [manualId]);
    await manager.query('DELETE FROM manual_section WHERE manual_id = $1', [manualId]);
    await manager.query('DELETE FROM manual_chapter WHERE manual_id = $1', [manualId]);
  }

  /** Chapters, sections and standards in three bulk INSERTs (standards sorted by number already). */
  async insertContents(manager: EntityManager, manualId: string, standards: readonly ParsedStandard[]): Promise<ContentCounts> {
    const chapters = new Map<number, ManualChapter>();
    const sections = new Map<string, ManualSection>();
    for (const s of standards) {
      let chapter = chapters.get(s.chapter);
      if (!chapter) {
        chapter = { id: randomUUID(), manualId, number: s.chapter, title: s.chapterTitle };
        chapters.set(s.chapter, chapter);
      }
      if (!sections.has(s.section)) {
        sections.set(s.section, { id: randomUUID(), manualId, chapterId: chapter.id, number: s.section, title: s.sectionTitle });
      }
    }
    const rows = standards.map(
      (s): Omit<Standard, 'id'> => ({
        manualId,
        sectionId: (sections.get(s.section) as ManualSection).id,
        chapter: s.chapter,
        number: s.number,
        sortKey: sortKey(s.number),
        title: s.title,
        tier1: s.tier1,
        levelA: s.levels.A,
        levelB: s.levels.B,
        levelC: s.levels.C,
        levelD: s.levels.D,
        bullets: s.bullets,
        kinds: s.kinds,
        linkedNumbers: s.linkedNumbers,
        frequency: s.frequency,
        replaces: s.replaces,
        licensedText: s.text,
        commentary: s.commentary,
      }),
    );
    await this.bulkInsert(manager, ManualChapter, [...chapters.values()]);
    await this.bulkInsert(manager, ManualSection, [...sections.values()]);
    await this.bulkInsert(manager, Standard, rows);
    return { chapters: chapters.size, sections: sections.size, standards: rows.length };
  }

  private async bulkInsert<T extends object>(manager: EntityManager, target: new () => T, rows: readonly object[]): Promise<void> {
    for (const chunk of chunks(rows, INSERT_CHUNK)) {
      await manager.createQueryBuilder().insert().into(target).values(chunk).updateEntity(false).execute();
    }
  }

  /** Every manual (or one) with its counts, newest effective date first within a program. */
  async summaries(manager: EntityManager, manualId?: string): Promise<ManualSummaryRow[]> {
    const rows: (Omit<ManualSummaryRow, 'importedAt'> & { importedAt: Date | string })[] = await manager.query(
      `SELECT m.id, m.program, m.edition, m.version, m.name, m.effective_date::text AS "effectiveDate",
              m.content_sha256 AS "contentSha256", m.imported_at AS "importedAt",
              (SELECT count(*) FROM manual_chapter c WHERE c.manual_id = m.id)::int AS "chapterCount",
              (SELECT count(*) FROM manual_section s WHERE s.manual_id = m.id)::int AS "sectionCount",
              st.standards AS "standardCount", st.tier1 AS "tier1Count"
         FROM manual m
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS standards, (count(*) FILTER (WHERE s.tier1))::int AS tier1
             FROM standard s WHERE s.manual_id = m.id
         ) st
        WHERE $1::uuid IS NULL OR m.id = $1::uuid
        ORDER BY m.program, m.effective_date DESC, m.edition DESC, m.version DESC`,
      [manualId ?? null],
    );
    return rows.map((r) => ({ ...r, importedAt: new Date(r.importedAt) }));
  }

  /** Chapters and sections of a manual with their standard counts, in natural order. */
  outline(manager: EntityManager, manualId: string): Promise<OutlineRow[]> {
    return manager.query(
      `SELECT c.number AS chapter, c.title AS "chapterTitle", s.number AS section, s.title AS "sectionTitle",
              (SELECT count(*) FROM standard st WHERE st.section_id = s.id)::int AS "standardCount"
         FROM manual_chapter c
         JOIN manual_section s ON s.chapter_id = c.id
        WHERE c.manual_id = $1
        ORDER BY c.number, split_part(s.number, '.', 2)::int`,
      [manualId],
    );
  }

  async diffableStandards(manager: EntityManager, manualId: string): Promise<DiffableStandard[]> {
    const rows = await manager.getRepository(Standard).find({
      where: { manualId },
      select: { number: true, title: true, tier1: true, levelA: true, levelB: true, levelC: true, levelD: true, frequency: true, replaces: true },
    });
    return rows.map((s) => ({
      number: s.number,
      title: s.title,
      tier1: s.tier1,
      levels: { A: s.levelA, B: s.levelB, C: s.levelC, D: s.levelD },
      frequency: s.frequency,
      replaces: s.replaces,
    }));
  }
}
