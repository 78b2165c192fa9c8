import { completeGroupTitles, KnownGroupTitles, NO_KNOWN_TITLES } from './group-titles';
import type { ReadStandard } from './manual-import';

function read(number: string, chapterTitle: string | null, sectionTitle: string | null): ReadStandard {
  const [chapter, section] = number.split('.');
  return {
    number,
    chapter: Number(chapter),
    chapterTitle,
    section: `${chapter}.${section}`,
    sectionTitle,
    title: `Title ${number}`,
    tier1: false,
    levels: { A: 'M', B: 'M', C: 'M', D: 'M' },
    bullets: [],
    kinds: ['written_directive'],
    linkedNumbers: [],
    frequency: null,
    activities: [],
    replaces: null,
    text: null,
    commentary: null,
  };
}

const EARLIER: KnownGroupTitles = {
  chapters: new Map([[12, 'Direction'], [1, 'Law Enforcement Role and Authority']]),
  sections: new Map([['12.2', 'Written Directive System'], ['1.2', 'Limits of Authority']]),
};

describe('completeGroupTitles', () => {
  it.each<[string, ReadStandard[], KnownGroupTitles, [string, string][], { fromEarlier: number; placeholders: number }]>([
    ['the file names them: kept, the earlier version is not consulted',
      [read('12.2.1', 'Direction (revised)', 'The System')], EARLIER, [['Direction (revised)', 'The System']], { fromEarlier: 0, placeholders: 0 }],
    ['header-only file: both from the earlier version',
      [read('12.2.1', null, null), read('12.2.2', null, null)], EARLIER,
      [['Direction', 'Written Directive System'], ['Direction', 'Written Directive System']], { fromEarlier: 2, placeholders: 0 }],
    ['a chapter the earlier version lacks gets a placeholder naming its number',
      [read('41.2.4', null, null)], EARLIER, [['Chapter 41', 'Section 41.2']], { fromEarlier: 0, placeholders: 2 }],
    ['a new section in a known chapter: chapter from the earlier version, section placeholder',
      [read('1.9.1', null, null)], EARLIER, [['Law Enforcement Role and Authority', 'Section 1.9']], { fromEarlier: 1, placeholders: 1 }],
    ['only the section column given', [read('1.2.9', null, 'Bias')], EARLIER, [['Law Enforcement Role and Authority', 'Bias']], { fromEarlier: 1, placeholders: 0 }],
    ['no earlier version: placeholders', [read('12.2.1', null, null)], NO_KNOWN_TITLES, [['Chapter 12', 'Section 12.2']], { fromEarlier: 0, placeholders: 2 }],
    ['no standards', [], EARLIER, [], { fromEarlier: 0, placeholders: 0 }],
  ])('%s', (_label, standards, known, titles, sources) => {
    const result = completeGroupTitles(standards, known);
    expect(result.standards.map((s) => [s.chapterTitle, s.sectionTitle])).toEqual(titles);
    expect(result.sources).toEqual(sources);
  });

  it('changes nothing else of a standard', () => {
    const [done] = completeGroupTitles([read('12.2.1', null, null)], EARLIER).standards;
    expect(done).toEqual({ ...read('12.2.1', null, null), chapterTitle: 'Direction', sectionTitle: 'Written Directive System' });
  });
});
