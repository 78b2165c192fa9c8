import { sectionEntries, TocEntry } from './toc';

describe('sectionEntries', () => {
  const sections = [
    { id: 'cover', title: 'Cover' },
    { id: 'contents', title: 'Contents' },
    { id: 'summary', title: 'Summary' },
    { id: 'standards', title: 'Standards' },
  ];

  it.each<[string, (id: string) => TocEntry[], string[]]>([
    ['leaves out the cover and the contents', () => [], ['0 summary', '0 standards']],
    [
      'nests entries under their section, in order',
      (id) => (id === 'standards' ? [1, 2].map((n): TocEntry => ({ key: `chapter-${n}`, title: `Chapter ${n}`, level: 1 })) : []),
      ['0 summary', '0 standards', '1 chapter-1', '1 chapter-2'],
    ],
  ])('%s', (_name, nested, expected) => {
    expect(sectionEntries(sections, nested).map((e) => `${e.level} ${e.key}`)).toEqual(expected);
  });
});
