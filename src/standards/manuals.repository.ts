import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Activity } from './entities/activity.entity';
import { ManualChapter } from './entities/manual-chapter.entity';
import { ManualSection } from './entities/manual-section.entity';
import { Manual } from './entities/manual.entity';
import { Standard } from './entities/standard.entity';
import type { DiffableStandard } from './rules/manual-diff';
import { sortKey } from './rules/natural-sort';
import type { ParsedStandard } from '../kernel/standard-types';
import type { KnownGroupTitles } from './rules/group-titles';

export interface ManualSummaryRow {
  id: string;
  program: string;
  programId: string;
  edition: string;
  version: string;
  name: string;
  effectiveDate: string;
  contentSha256: string;
  importedAt: Date;
  publishedAt: Date | null;
  /** A department follows it, has files on it, or once took it on: never deleted or replaced. */
  kept: boolean;
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
  /**
   * How departments use this manual version: how many follow it now, and whether any ever took it
   * on (adopted it, or has files on its standards). A used version is kept as it is.
   */
  async usage(manager: EntityManager, manualId: string): Promise<{ departments: number; everUsed: boolean }> {
    const [row]: { departments: number; ever_used: boolean }[] = await manager.query(
      `SELECT (SELECT count(*) FROM enrolment WHERE manual_id = $1)::int AS departments,
              (EXISTS (SELECT 1 FROM manual WHERE id = $1 AND first_adopted_at IS NOT NULL)
                OR EXISTS (SELECT 1 FROM enrolment WHERE manual_id = $1)
                OR EXISTS (SELECT 1 FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE s.manual_id = $1)) AS ever_used`,
      [manualId],
    );
    return { departments: row.departments, everUsed: row.ever_used };
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

  /** Chapters, sections, standards and their activities in four bulk INSERTs (standards sorted by number already). */
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
    const activities: Omit<Activity, 'id'>[] = [];
    const rows = standards.map((s): Standard => {
      const id = randomUUID();
      s.activities.forEach((a, position) =>
        activities.push({ standardId: id, position, key: a.key, name: a.name, frequency: a.frequency, reminderDays: a.reminderDays, bullets: a.bullets }),
      );
      return {
        id,
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
      };
    });
    await this.bulkInsert(manager, ManualChapter, [...chapters.values()]);
    await this.bulkInsert(manager, ManualSection, [...sections.values()]);
    await this.bulkInsert(manager, Standard, rows);
    await this.bulkInsert(manager, Activity, activities);
    return { chapters: chapters.size, sections: sections.size, standards: rows.length };
  }

  private async bulkInsert<T extends object>(manager: EntityManager, target: new () => T, rows: readonly object[]): Promise<void> {
    for (const chunk of chunks(rows, INSERT_CHUNK)) {
      await manager.createQueryBuilder().insert().into(target).values(chunk).updateEntity(false).execute();
    }
  }

  /** Every manual (or one, or the published ones) with its counts, newest effective date first within a program. */
  async summaries(manager: EntityManager, which: { id?: string; publishedOnly?: boolean } = {}): Promise<ManualSummaryRow[]> {
    const rows: (Omit<ManualSummaryRow, 'importedAt' | 'publishedAt'> & { importedAt: Date | string; publishedAt: Date | string | null })[] =
      await manager.query(
        `SELECT m.id, m.program, m.program_id AS "programId", m.edition, m.version, m.name, m.effective_date::text AS "effectiveDate",
                m.content_sha256 AS "contentSha256", m.imported_at AS "importedAt", m.published_at AS "publishedAt",
                (m.first_adopted_at IS NOT NULL
                   OR EXISTS (SELECT 1 FROM enrolment e WHERE e.manual_id = m.id)
                   OR EXISTS (SELECT 1 FROM standard_file f JOIN standard s ON s.id = f.standard_id WHERE s.manual_id = m.id)) AS kept,
                (SELECT count(*) FROM manual_chapter c WHERE c.manual_id = m.id)::int AS "chapterCount",
                (SELECT count(*) FROM manual_section s WHERE s.manual_id = m.id)::int AS "sectionCount",
                st.standards AS "standardCount", st.tier1 AS "tier1Count"
           FROM manual m
           CROSS JOIN LATERAL (
             SELECT count(*)::int AS standards, (count(*) FILTER (WHERE s.tier1))::int AS tier1
               FROM standard s WHERE s.manual_id = m.id
           ) st
          WHERE ($1::uuid IS NULL OR m.id = $1::uuid) AND (NOT $2::boolean OR m.published_at IS NOT NULL)
          ORDER BY m.program, m.effective_date DESC, m.edition DESC, m.version DESC`,
        [which.id ?? null, which.publishedOnly === true],
      );
    return rows.map((r) => ({ ...r, importedAt: new Date(r.importedAt), publishedAt: r.publishedAt === null ? null : new Date(r.publishedAt) }));
  }

  /** The manual row, locked until the transaction ends (for update: publish, delete; for share: a department taking it on). */
  findLocked(manager: EntityManager, manualId: string, mode: 'update' | 'share'): Promise<Manual | null> {
    return manager
      .getRepository(Manual)
      .createQueryBuilder('m')
      .setLock(mode === 'update' ? 'pessimistic_write' : 'pessimistic_read')
      .where('m.id = :manualId', { manualId })
      .getOne();
  }

  async markPublished(manager: EntityManager, manualId: string, at: Date): Promise<void> {
    await manager.getRepository(Manual).update({ id: manualId }, { publishedAt: at });
  }

  /** Records the first time a department took the version on; later adoptions leave it. */
  async markAdopted(manager: EntityManager, manualId: string, at: Date): Promise<void> {
    await manager.query('UPDATE manual SET first_adopted_at = $2 WHERE id = $1 AND first_adopted_at IS NULL', [manualId, at]);
  }

  /** Deletes the version with its chapters, sections and standards (the foreign keys cascade). */
  async deleteManual(manager: EntityManager, manualId: string): Promise<void> {
    await manager.query('DELETE FROM manual WHERE id = $1', [manualId]);
  }

  /** The version departments are offered for the program: its newest published one, leaving out `exceptId`. */
  async newestPublishedOf(manager: EntityManager, program: string, exceptId: string): Promise<string | null> {
    const [row]: { id: string }[] = await manager.query(
      `SELECT id FROM manual WHERE program = $1 AND id <> $2 AND published_at IS NOT NULL
        ORDER BY effective_date DESC, edition DESC, version DESC LIMIT 1`,
      [program, exceptId],
    );
    return row?.id ?? null;
  }

  /**
   * Chapter and section titles of the newest published version of the program that took effect
   * before `effectiveDate` (other than `exceptId`), with that version; empty when there is none.
   */
  async groupTitlesBefore(
    manager: EntityManager,
    program: string,
    effectiveDate: string,
    exceptId: string | null,
  ): Promise<{ version: string | null; titles: KnownGroupTitles }> {
    const rows: { version: string; kind: 'chapter' | 'section'; number: string; title: string }[] = await manager.query(
      `WITH earlier AS (
         SELECT id, version FROM manual
          WHERE program = $1 AND effective_date < $2::date AND published_at IS NOT NULL AND ($3::uuid IS NULL OR id <> $3::uuid)
          ORDER BY effective_date DESC, edition DESC, version DESC LIMIT 1
       )
       SELECT e.version, 'chapter' AS kind, c.number::text AS number, c.title FROM earlier e JOIN manual_chapter c ON c.manual_id = e.id
       UNION ALL
       SELECT e.version, 'section', s.number, s.title FROM earlier e JOIN manual_section s ON s.manual_id = e.id`,
      [program, effectiveDate, exceptId],
    );
    return {
      version: rows[0]?.version ?? null,
      titles: {
        chapters: new Map(rows.filter((r) => r.kind === 'chapter').map((r) => [Number(r.number), r.title])),
        sections: new Map(rows.filter((r) => r.kind === 'section').map((r) => [r.number, r.title])),
      },
    };
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
    const rows: (Omit<DiffableStandard, 'levels'> & Pick<Standard, 'levelA' | 'levelB' | 'levelC' | 'levelD'>)[] = await manager.query(
      `SELECT s.number, s.title, s.tier1, s.level_a AS "levelA", s.level_b AS "levelB", s.level_c AS "levelC", s.level_d AS "levelD",
              s.kinds, s.chapter, c.title AS "chapterTitle", s.frequency, s.replaces,
              coalesce((SELECT json_agg(json_build_object('key', a.key, 'name', a.name, 'frequency', a.frequency, 'reminderDays', a.reminder_days) ORDER BY a.position)
                          FROM activity a WHERE a.standard_id = s.id), '[]') AS activities
         FROM standard s
         JOIN manual_section sec ON sec.id = s.section_id
         JOIN manual_chapter c ON c.id = sec.chapter_id
        WHERE s.manual_id = $1`,
      [manualId],
    );
    return rows.map(({ levelA, levelB, levelC, levelD, ...s }) => ({ ...s, levels: { A: levelA, B: levelB, C: levelC, D: levelD } }));
  }
}
