import type { ParsedStandard } from '../../kernel/standard-types';
import type { ReadStandard } from './manual-import';

/** Chapter and section titles of an earlier version of the same program, by chapter number and section ("12.2"). */
export interface KnownGroupTitles {
  chapters: ReadonlyMap<number, string>;
  sections: ReadonlyMap<string, string>;
}

export const NO_KNOWN_TITLES: KnownGroupTitles = { chapters: new Map(), sections: new Map() };

/** Where the titles of an import came from, for the import's message. */
export interface GroupTitleSources {
  /** Chapters and sections whose title the file left out and the earlier version gave. */
  fromEarlier: number;
  /** Chapters and sections no one named: titled "Chapter 12" or "Section 12.2". */
  placeholders: number;
}

export function chapterPlaceholder(chapter: number): string {
  return `Chapter ${chapter}`;
}

export function sectionPlaceholder(section: string): string {
  return `Section ${section}`;
}

/**
 * Gives every standard its chapter and section title: the file's own when it has the column, else
 * the earlier version's title of the same chapter (section), else a placeholder naming the number.
 */
export function completeGroupTitles(
  standards: readonly ReadStandard[],
  known: KnownGroupTitles,
): { standards: ParsedStandard[]; sources: GroupTitleSources } {
  const fromEarlier = new Set<string>();
  const placeholders = new Set<string>();
  const title = (given: string | null, key: string, earlier: string | undefined, placeholder: string): string => {
    if (given !== null) return given;
    if (earlier !== undefined) {
      fromEarlier.add(key);
      return earlier;
    }
    placeholders.add(key);
    return placeholder;
  };
  const completed = standards.map(
    (s): ParsedStandard => ({
      ...s,
      chapterTitle: title(s.chapterTitle, `chapter ${s.chapter}`, known.chapters.get(s.chapter), chapterPlaceholder(s.chapter)),
      sectionTitle: title(s.sectionTitle, `section ${s.section}`, known.sections.get(s.section), sectionPlaceholder(s.section)),
    }),
  );
  return { standards: completed, sources: { fromEarlier: fromEarlier.size, placeholders: placeholders.size } };
}
