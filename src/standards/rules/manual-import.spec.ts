import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IMPORT_COLUMNS,
  columnLetter,
  normalizeColumnName,
  parseBullets,
  parseFrequency,
  parseKinds,
  parseLevelsValue,
  parseLinkedNumbers,
  parseManualCsv,
  parseManualJson,
  parseTier1,
  ReadStandard,
  validateManualRows,
} from './manual-import';
import { ImportRowError } from '../../kernel/standard-types';

type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;

const BASE: Required<Row> = {
  chapter: '1',
  chapter_title: 'Law Enforcement Role and Authority',
  section: '1.1',
  section_title: 'Law Enforcement Agency Role',
  number: '1.1.1',
  title: 'Oath of Office',
  levels: 'M M M M',
  tier1: 'yes',
  kinds: '',
  linked: '',
  frequency: '',
  activities: '',
  bullets: '',
  replaces: '',
  text: '',
  commentary: '',
};

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Full-column CSV; each row overrides BASE. */
function fullCsv(...rows: Row[]): Buffer {
  const lines = [IMPORT_COLUMNS.join(',')];
  for (const r of rows) lines.push(IMPORT_COLUMNS.map((c) => quote({ ...BASE, ...r }[c])).join(','));
  return Buffer.from(lines.join('\n') + '\n');
}

const csv = (...lines: string[]): Buffer => Buffer.from(lines.join('\n'));

function ok(result: ReturnType<typeof parseManualCsv>): ReadStandard[] {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.manual.standards;
}

function errs(result: ReturnType<typeof parseManualCsv>): ImportRowError[] {
  if (result.ok) throw new Error('expected errors, got success');
  return result.errors;
}

const SAMPLE = readFileSync(join(__dirname, '__fixtures__', 'sample-standards.csv'));

describe('parseManualCsv: accepted files', () => {
  it('accepts the sample file with only number and title columns, defaulting the rest', () => {
    const standards = ok(parseManualCsv(SAMPLE));
    expect(standards).toHaveLength(34);
    expect(standards.map((s) => s.number).slice(12, 15)).toEqual(['1.2.9', '1.2.10', '2.1.1']);
    expect(standards[standards.length - 1]).toEqual({
      number: '12.2.1',
      chapter: 12,
      chapterTitle: 'Direction',
      section: '12.2',
      sectionTitle: 'Written Directives',
      title: 'The Written Directive System',
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
    });
    expect(standards.find((s) => s.number === '1.1.3')?.title).toBe("Agency's Participation in Criminal Justice Diversion Programs");
  });

  it('sorts the output naturally whatever the file order', () => {
    const shuffled = fullCsv(
      { number: '1.1.10' },
      { number: '1.1.9' },
      { number: '1.1.1' },
    );
    expect(ok(parseManualCsv(shuffled)).map((s) => s.number)).toEqual(['1.1.1', '1.1.9', '1.1.10']);
  });

  it('reads every column of a full row', () => {
    const [s] = ok(parseManualCsv(fullCsv(
      { number: '1.1.2', title: 'Target', kinds: 'linked' , linked: '1.1.1' },
      {
        chapter: '1', section: '1.1', number: '1.1.1', title: '  Oath   of Office ', levels: 'o,m,m,M', tier1: 'LE1',
        kinds: 'Written Directive | time-sensitive; bulleted', frequency: 'Semi-Annual',
        bullets: 'a: First thing; b) Second; thing', replaces: '1.1.9',
        text: 'Line one\r\nLine "two"', commentary: '  ',
      },
    )));
    expect(s).toEqual({
      number: '1.1.1',
      chapter: 1,
      chapterTitle: 'Law Enforcement Role and Authority',
      section: '1.1',
      sectionTitle: 'Law Enforcement Agency Role',
      title: 'Oath of Office',
      tier1: true,
      levels: { A: 'O', B: 'M', C: 'M', D: 'M' },
      bullets: [{ letter: 'a', label: 'First thing' }, { letter: 'b', label: 'Second; thing' }],
      kinds: ['written_directive', 'bulleted', 'time_sensitive'],
      linkedNumbers: [],
      frequency: 'semiannual',
      activities: [{ key: 'required-activity', name: 'Required activity', frequency: 'semiannual', reminderDays: null, bullets: [] }],
      replaces: '1.1.9',
      text: 'Line one\nLine "two"',
      commentary: null,
    });
  });

  it.each([
    ['a UTF-8 byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), SAMPLE])],
    ['Windows line endings', Buffer.from(SAMPLE.toString('utf8').replace(/\n/g, '\r\n'))],
    ['no final line break', Buffer.from(SAMPLE.toString('utf8').trimEnd())],
    ['trailing blank lines', Buffer.concat([SAMPLE, Buffer.from('\n\n,,,,,\n')])],
  ])('accepts the sample with %s', (_label, buffer) => {
    expect(ok(parseManualCsv(buffer))).toHaveLength(34);
  });

  it.each([
    ['upper case and spaces', 'NUMBER,Title,Chapter Title,Section-Title'],
    ['any order with padding', ' section_title , chapter_title ,title, number'],
  ])('accepts header names in %s', (_label, header) => {
    const names = header.split(',').map(normalizeColumnName);
    const values: Record<string, string> = {
      number: '4.2.4', title: 'Analyze Reports from Use of Force', chapter_title: 'Use of Force',
      section_title: 'Use of Force Reporting and Review',
    };
    const [s] = ok(parseManualCsv(csv(header, names.map((n) => values[n]).join(','))));
    expect(s).toMatchObject({ number: '4.2.4', title: 'Analyze Reports from Use of Force', section: '4.2' });
  });

  it('accepts a CALEA-style header column instead of number, levels, tier1 and title', () => {
    const standards = ok(parseManualCsv(csv(
      'chapter_title,section_title,header',
      'Direction,Written Directives,12.2.1 (M M M M) (LE1) The Written Directive System',
      'Direction,Written Directives,"12.2.2 (O O M M) Format, Indexing"',
    )));
    expect(standards.map((s) => [s.number, s.tier1, s.title, s.levels.A])).toEqual([
      ['12.2.1', true, 'The Written Directive System', 'M'],
      ['12.2.2', false, 'Format, Indexing', 'O'],
    ]);
  });

  it.each<[string, Buffer, [string, string | null, string | null][]]>([
    ['header column only (CALEA header syntax): no titles, left for the import to complete',
      csv('header', '12.2.1 (M M M M) (LE1) The Written Directive System', '"12.2.2 (O O M M) Format, Indexing"'),
      [['12.2.1', null, null], ['12.2.2', null, null]]],
    ['number and title only', csv('number,title', '1.1.1,Oath'), [['1.1.1', null, null]]],
    ['a chapter title column without a section title column', csv('chapter_title,header', 'Direction,12.2.1 (M M M M) Written Directive System'),
      [['12.2.1', 'Direction', null]]],
  ])('reads a file without title columns: %s', (_label, file, expected) => {
    expect(ok(parseManualCsv(file)).map((s) => [s.number, s.chapterTitle, s.sectionTitle])).toEqual(expected);
  });

  it('still refuses an empty cell when the file has the title column', () => {
    expectErrors(errs(parseManualCsv(csv('section_title,header', ',12.2.1 (M M M M) Written Directive System'))), [
      { row: 2, column: 'section_title', reason: /section title is missing/ },
    ]);
  });

  it('keeps line breaks inside quoted text and counts rows as a spreadsheet does', () => {
    const result = parseManualCsv(csv(
      'number,title,chapter_title,section_title,text',
      '1.1.1,Oath,C1,S1,"first\nsecond"',
      '',
      '1.1.2,,C1,S1,',
    ));
    expect(errs(result)).toEqual([{ row: 4, column: 'title', value: '', reason: 'The title is missing.' }]);
  });
});

interface Expected {
  row: number;
  column: string;
  reason: RegExp;
  value?: string;
}

function expectErrors(actual: ImportRowError[], expected: Expected[]): void {
  expect(actual).toEqual(expected.map((e) => expect.objectContaining({
    row: e.row,
    column: e.column,
    reason: expect.stringMatching(e.reason),
    ...(e.value !== undefined ? { value: e.value } : {}),
  })));
}

describe('parseManualCsv: row errors', () => {
  it.each<[string, Row[], Expected[]]>([
    ['malformed number', [{ number: '1.2' }], [{ row: 2, column: 'number', value: '1.2', reason: /"1.2" is not a standard number/ }]],
    ['leading zero', [{ number: '01.1.1' }], [{ row: 2, column: 'number', reason: /not a standard number.*without leading zeros/ }]],
    ['missing number', [{ number: ' ' }], [{ row: 2, column: 'number', reason: /standard number is missing/ }]],
    ['duplicate number', [{}, { number: '1.1.2' }, { title: 'Again' }],
      [{ row: 4, column: 'number', value: '1.1.1', reason: /1.1.1 already appears on row 2/ }]],
    ['chapter mismatch', [{ chapter: '2' }], [{ row: 2, column: 'chapter', reason: /chapter "2" does not match standard 1.1.1, which belongs to chapter 1/ }]],
    ['non-numeric chapter', [{ chapter: 'one' }], [{ row: 2, column: 'chapter', reason: /"one" does not match/ }]],
    ['section mismatch', [{ section: '1.2' }], [{ row: 2, column: 'section', reason: /section "1.2" does not match standard 1.1.1, which is in section 1.1\.$/ }]],
    ['section in another chapter', [{ section: '2.1' }], [{ row: 2, column: 'section', reason: /does not match/ }]],
    ['section mangled by a spreadsheet', [{ number: '1.10.1', section: '1.1' }],
      [{ row: 2, column: 'section', reason: /Spreadsheet programs turn 1.10 into 1.1/ }]],
    ['bad level letter', [{ levels: 'M M X M' }], [{ row: 2, column: 'levels', reason: /"X" is not a level code/ }]],
    ['three levels', [{ levels: 'MMM' }], [{ row: 2, column: 'levels', reason: /Found 3 level letters/ }]],
    ['empty levels when the column exists', [{ levels: '' }], [{ row: 2, column: 'levels', reason: /level is missing/ }]],
    ['bad tier1', [{ tier1: 'maybe' }], [{ row: 2, column: 'tier1', value: 'maybe', reason: /Tier 1 must be yes or no/ }]],
    ['missing title', [{ title: '' }], [{ row: 2, column: 'title', reason: /^The title is missing\.$/ }]],
    ['missing chapter title', [{ chapter_title: ' ' }], [{ row: 2, column: 'chapter_title', reason: /chapter title is missing/ }]],
    ['missing section title', [{ section_title: '' }], [{ row: 2, column: 'section_title', reason: /section title is missing/ }]],
    ['chapter title mismatch', [{}, { number: '1.1.2', chapter_title: 'Law Enforcement Role & Authority' }],
      [{ row: 3, column: 'chapter_title', reason: /Chapter 1 is called "Law Enforcement Role and Authority" on row 2/ }]],
    ['section title mismatch', [{}, { number: '1.1.2', section_title: 'Agency Role' }],
      [{ row: 3, column: 'section_title', reason: /Section 1.1 is called "Law Enforcement Agency Role" on row 2/ }]],
    ['unknown kind', [{ kinds: 'written directive; magic' }], [{ row: 2, column: 'kinds', reason: /"magic" is not a kind of standard. Use written_directive, bulleted/ }]],
    ['unknown frequency', [{ kinds: 'time_sensitive', frequency: 'fortnightly' }],
      [{ row: 2, column: 'frequency', reason: /"fortnightly" is not a frequency/ }]],
    ['time-sensitive without frequency', [{ kinds: 'time-sensitive' }],
      [{ row: 2, column: 'frequency', reason: /Time-sensitive standards need a frequency/ }]],
    ['frequency on a standard that is not time-sensitive', [{ frequency: 'annual' }],
      [{ row: 2, column: 'frequency', reason: /Only time-sensitive standards have a frequency/ }]],
    ['linked kind without linked numbers', [{ kinds: 'linked' }], [{ row: 2, column: 'linked', reason: /marked as linked, but the linked column names no standard/ }]],
    ['linked numbers without linked kind', [{}, { number: '1.1.2', linked: '1.1.1' }],
      [{ row: 3, column: 'linked', reason: /kinds do not include linked/ }]],
    ['malformed linked number', [{ kinds: 'linked', linked: '1.1.2; 1.1' }], [{ row: 2, column: 'linked', reason: /"1.1" is not a standard number/ }]],
    ['linked to a standard not in the file', [{ kinds: 'linked', linked: '4.2.4' }],
      [{ row: 2, column: 'linked', reason: /linked to 4.2.4, which is not in this file/ }]],
    ['linked to itself', [{ kinds: 'linked', linked: '1.1.1' }], [{ row: 2, column: 'linked', reason: /cannot be linked to itself/ }]],
    ['bullet gap', [{ bullets: 'a: One; c: Three' }], [{ row: 2, column: 'bullets', reason: /expected "b" but found "c"/ }]],
    ['bullet letter twice', [{ bullets: 'a: One; a: Again' }], [{ row: 2, column: 'bullets', reason: /"a" is used twice/ }]],
    ['bullet without letter', [{ bullets: 'One thing' }], [{ row: 2, column: 'bullets', reason: /does not start with a bullet letter/ }]],
    ['replaces malformed', [{ replaces: 'old' }], [{ row: 2, column: 'replaces', reason: /"old" is not a standard number/ }]],
    ['replaces itself', [{ replaces: '1.1.1' }], [{ row: 2, column: 'replaces', reason: /cannot replace itself/ }]],
    ['two standards replace one number', [{ replaces: '1.1.9' }, { number: '1.1.2', replaces: '1.1.9' }],
      [{ row: 3, column: 'replaces', reason: /row 2 already replaces 1.1.9/ }]],
  ])('%s', (_label, rows, expected) => {
    expectErrors(errs(parseManualCsv(fullCsv(...rows))), expected);
  });

  it('reports every bad row at once, in row order, with several problems per row', () => {
    const result = parseManualCsv(fullCsv(
      { number: '1.1.1' },
      { number: 'x', kinds: 'time_sensitive' },
      { number: '1.1.3', levels: 'MMOX', tier1: 'perhaps' },
      { number: '1.1.1' },
    ));
    expectErrors(errs(result), [
      { row: 3, column: 'number', reason: /"x" is not a standard number/ },
      { row: 3, column: 'frequency', reason: /need a frequency/ },
      { row: 4, column: 'levels', reason: /"X" is not a level code/ },
      { row: 4, column: 'tier1', reason: /Tier 1/ },
      { row: 5, column: 'number', reason: /already appears on row 2/ },
    ]);
  });

  it('truncates long offending values to 200 characters', () => {
    const [e] = errs(parseManualCsv(fullCsv({ number: '9'.repeat(500) })));
    expect(Array.from(e.value)).toHaveLength(200);
    expect(e.value.endsWith('…')).toBe(true);
  });

  it('reports bad CALEA-style headers on the header column', () => {
    expectErrors(errs(parseManualCsv(csv(
      'chapter_title,section_title,header',
      'Direction,Written Directives,12.2.1 (M M M) The Written Directive System',
      'Direction,Written Directives,12.2.2 Format',
    ))), [
      { row: 2, column: 'header', reason: /Standard 12.2.1: Found 3 level letters/ },
      { row: 3, column: 'header', reason: /level in brackets is missing after 12.2.2/ },
    ]);
  });
});

describe('parseManualCsv: file errors', () => {
  it.each<[string, Buffer, Expected[]]>([
    ['Latin-1 text', Buffer.from('number,title\n1.1.1,Caf\xe9\n', 'latin1'), [{ row: 0, column: '', reason: /not UTF-8 text.*CSV UTF-8/ }]],
    ['UTF-16 text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('number,title', 'utf16le')]), [{ row: 0, column: '', reason: /not UTF-8/ }]],
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), [{ row: 0, column: '', reason: /Excel workbook, not a CSV file/ }]],
    ['an empty file', Buffer.alloc(0), [{ row: 0, column: '', reason: /^The file is empty\.$/ }]],
    ['only blank lines', csv('', '  ', ''), [{ row: 0, column: '', reason: /file is empty/ }]],
    ['only commas', csv(',,,', ',,,'), [{ row: 0, column: '', reason: /file is empty/ }]],
    ['a header row only', csv('number,title,chapter_title,section_title'), [{ row: 0, column: '', reason: /no standards/ }]],
    ['an unclosed quote', csv('number,title,chapter_title,section_title', '1.1.1,"Oath,C,S', '1.1.2,X,C,S'),
      [{ row: 3, column: '', reason: /near line 3: a quoted value is never closed/ }]],
    ['a stray quote', csv('number,title,chapter_title,section_title', '1.1.1,Oath "of" Office,C,S'),
      [{ row: 2, column: '', reason: /near line 2: a quote \(".*\) appears inside a value/ }]],
    ['missing title column', csv('number,chapter_title,section_title', '1.1.1,C,S'),
      [{ row: 1, column: 'title', reason: /required column "title" is missing/ }]],
    ['missing number and title columns', csv('chapter_title,section_title', 'C,S'), [
      { row: 1, column: 'number', reason: /required column "number" is missing.*"header" column/ },
      { row: 1, column: 'title', reason: /required column "title"/ },
    ]],
    ['header together with number', csv('header,number,chapter_title,section_title', '1.1.1 (M M M M) Oath,1.1.1,C,S'),
      [{ row: 1, column: 'header', reason: /either a "header" column or the columns number, title, levels and tier1, not both \(found number\)/ }]],
    ['unknown columns', csv('number,title,chapter_title,section_title,owner,Due Date', '1.1.1,Oath,C,S,Bob,2024'),
      [{ row: 1, column: 'owner, due_date', reason: /Unknown columns "owner", "due_date". Allowed columns: chapter, chapter_title/ }]],
    ['semicolon-separated file', csv('number;title;chapter_title;section_title', '1.1.1;Oath;C;S'),
      [{ row: 1, column: 'number;title;chapter_title;section_title', reason: /semicolons or tabs.*comma-separated/ }]],
    ['a duplicated column', csv('number,title,chapter_title,section_title,Title', '1.1.1,Oath,C,S,Oath'),
      [{ row: 1, column: 'title', reason: /"title" appears 2 times in the header row \(columns B, E\)/ }]],
    ['values in a column without a name', csv('number,title,chapter_title,section_title,', '1.1.1,Oath,C,S,', '1.1.2,Ethics,C,S,oops,more'), [
      { row: 3, column: 'E', value: 'oops', reason: /Column E has values .* no column name in the header row 1/ },
      { row: 3, column: 'F', reason: /Column F/ },
    ]],
  ])('%s', (_label, buffer, expected) => {
    expectErrors(errs(parseManualCsv(buffer)), expected);
  });

  it('treats a "__proto__" column as an ordinary unknown column', () => {
    expectErrors(errs(parseManualCsv(csv('number,title,chapter_title,section_title,__proto__', '1.1.1,Oath,C,S,x'))), [
      { row: 1, column: '__proto__', reason: /Unknown column "__proto__"/ },
    ]);
  });

  it('still validates rows when a column is unknown', () => {
    expectErrors(errs(parseManualCsv(csv('number,title,chapter_title,section_title,owner', '1.1,Oath,C,S,Bob'))), [
      { row: 1, column: 'owner', reason: /Unknown column "owner"/ },
      { row: 2, column: 'number', reason: /not a standard number/ },
    ]);
  });

  it('counts blank lines above the header when numbering rows', () => {
    expectErrors(errs(parseManualCsv(csv('', '', 'number,title,chapter_title,section_title,extra', '1.1.1,,C,S,'))), [
      { row: 3, column: 'extra', reason: /Unknown column/ },
      { row: 4, column: 'title', reason: /title is missing/ },
    ]);
  });
});

describe('parseManualJson', () => {
  const base = { chapter_title: 'Use of Force', section_title: 'Use of Force Reporting and Review' };

  it('accepts an array with native JSON types', () => {
    const standards = ok(parseManualJson(Buffer.from(JSON.stringify([
      { ...base, number: '4.2.4', title: 'Analyze Reports from Use of Force', levels: { a: 'm', B: 'M', C: 'M', D: 'O' },
        tier1: true, kinds: ['time sensitive', 'linked'], linked: ['4.2.1'], frequency: 'annually', chapter: 4, section: '4.2',
        bullets: [{ letter: 'a', label: 'One' }, 'b: Two'] },
      { ...base, Number: '4.2.1', TITLE: 'Reporting Uses of Force', levels: ['M', 'M', 'M', 'M'], tier1: 0 },
    ]))));
    expect(standards.map((s) => s.number)).toEqual(['4.2.1', '4.2.4']);
    expect(standards[1]).toMatchObject({
      levels: { A: 'M', B: 'M', C: 'M', D: 'O' }, tier1: true, kinds: ['linked', 'time_sensitive'], linkedNumbers: ['4.2.1'],
      frequency: 'annual', bullets: [{ letter: 'a', label: 'One' }, { letter: 'b', label: 'Two' }],
    });
    expect(standards[0].tier1).toBe(false);
  });

  it('accepts {standards: [...]} and defaults levels when no entry has them', () => {
    const [s] = ok(parseManualJson(Buffer.from(JSON.stringify({ standards: [{ ...base, number: '4.2.1', title: 'Reporting' }] }))));
    expect(s.levels).toEqual({ A: 'M', B: 'M', C: 'M', D: 'M' });
  });

  it('numbers entries from 1 and reports every bad one', () => {
    expectErrors(errs(parseManualJson(Buffer.from(JSON.stringify([
      { ...base, number: '4.2.1', title: 'Reporting', levels: 'MMMM' },
      { ...base, number: '4.2.2', title: 'Written', levels: null },
      'not an object',
      {},
      { ...base, number: '4.2.3', title: { text: 'x' }, levels: 'MMMM', Levels: 'OOOO' },
      { ...base, number: '4.2.5', title: 'Ok', levels: { A: 'M', B: 'M' } },
    ])))), [
      { row: 2, column: 'levels', reason: /level is missing/ },
      { row: 3, column: '', value: 'not an object', reason: /each entry must be an object/ },
      { row: 4, column: '', reason: /entry is empty/ },
      { row: 5, column: 'levels', value: 'Levels', reason: /given twice/ },
      { row: 5, column: 'title', value: '{"text":"x"}', reason: /title must be text/ },
      { row: 6, column: 'levels', reason: /exactly the size classes A, B, C and D/ },
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['invalid JSON', '[{"number": ', /not valid JSON/],
    ['a bare object', '{"number": "1.1.1"}', /list of standards, or an object with a "standards" list/],
    ['a number', '42', /list of standards/],
    ['an empty list', '[]', /no standards: the list is empty/],
    ['an empty file', '  ', /file is empty/],
  ])('rejects %s', (_label, text, reason) => {
    expectErrors(errs(parseManualJson(Buffer.from(text))), [{ row: 0, column: '', reason }]);
  });

  it('rejects non-UTF-8 bytes', () => {
    expectErrors(errs(parseManualJson(Buffer.from([0x5b, 0xff, 0x5d]))), [{ row: 0, column: '', reason: /not UTF-8/ }]);
  });

  it('reports unknown keys once, on the first entry that has one', () => {
    expectErrors(errs(parseManualJson(Buffer.from(JSON.stringify([
      { ...base, number: '4.2.1', title: 'A' },
      { ...base, number: '4.2.2', title: 'B', owner: 'x' },
      { ...base, number: '4.2.3', title: 'C', owner: 'y', due: 1 },
    ])))), [{ row: 2, column: 'owner, due', reason: /Unknown columns "owner", "due"/ }]);
  });
});

describe('validateManualRows', () => {
  it('uses spreadsheet rows for CSV and positions for JSON', () => {
    const rows = [{ number: '1.1', title: 'T', chapter_title: 'C', section_title: 'S' }];
    expect(validateManualRows(rows, 'csv')).toMatchObject({ ok: false, errors: [{ row: 2 }] });
    expect(validateManualRows(rows, 'json')).toMatchObject({ ok: false, errors: [{ row: 1 }] });
    expect(validateManualRows(rows, 'csv', { headerRow: 5 })).toMatchObject({ ok: false, errors: [{ row: 6 }] });
  });

  it('treats a levels column as present when any CSV header names it', () => {
    const rows = [{ number: '1.1.1', title: 'T', chapter_title: 'C', section_title: 'S' }];
    expect(validateManualRows(rows, 'csv', { columns: ['number', 'title', 'chapter_title', 'section_title', 'levels'] }))
      .toMatchObject({ ok: false, errors: [{ row: 2, column: 'levels' }] });
  });
});

describe('field rules', () => {
  it.each<[unknown, boolean]>([
    ['', false], [undefined, false], [null, false], ['no', false], ['No', false], ['false', false], ['0', false], [0, false], [false, false],
    ['yes', true], ['YES', true], ['true', true], ['1', true], [1, true], [true, true], ['LE1', true], [' le1 ', true], ['(LE1)', true],
  ])('parseTier1(%j) = %s', (input, expected) => {
    expect(parseTier1(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown]>([['maybe'], ['2'], [2], ['LE2'], [['yes']]])('parseTier1 rejects %j', (input) => {
    expect(parseTier1(input).ok).toBe(false);
  });

  it.each<[unknown, string[]]>([
    ['', ['written_directive']],
    [undefined, ['written_directive']],
    [[], ['written_directive']],
    ['time_sensitive', ['time_sensitive']],
    ['Time-Sensitive; written directive', ['written_directive', 'time_sensitive']],
    ['observation|conditional', ['conditional', 'observation']],
    ['linked , bulleted', ['bulleted', 'linked']],
    ['activity-required', ['time_sensitive']],
    ['bulleted; bulleted', ['bulleted']],
    [['Written Directive', 'observation'], ['written_directive', 'observation']],
    ['  ;  ', ['written_directive']],
  ])('parseKinds(%j)', (input, expected) => {
    expect(parseKinds(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, RegExp]>([
    ['magic', /"magic" is not a kind/],
    ['magic; voodoo', /"magic", "voodoo" are not kinds/],
    ['written', /"written" is not a kind/],
    [{ a: 1 }, /must be text/],
  ])('parseKinds rejects %j', (input, reason) => {
    const r = parseKinds(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each<[unknown, string | null]>([
    ['', null], [undefined, null], ['annual', 'annual'], ['Annual', 'annual'], ['annually', 'annual'], ['yearly', 'annual'],
    ['semiannual', 'semiannual'], ['semi-annual', 'semiannual'], ['Semi Annual', 'semiannual'], ['per event', 'per_event'],
    ['per-event', 'per_event'], ['PER_EVENT', 'per_event'], ['quadrennial', 'quadrennial'], ['biennial', 'biennial'],
    ['daily', 'daily'], ['weekly', 'weekly'], ['monthly', 'monthly'], ['quarterly', 'quarterly'], ['triennial', 'triennial'],
  ])('parseFrequency(%j) = %j', (input, expected) => {
    expect(parseFrequency(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown]>([['fortnightly'], ['biannual'], ['every year'], [['annual']], ['12']])('parseFrequency rejects %j', (input) => {
    expect(parseFrequency(input).ok).toBe(false);
  });

  it.each<[unknown, string[]]>([
    ['', []],
    ['4.2.1', ['4.2.1']],
    ['4.2.10; 4.2.9', ['4.2.9', '4.2.10']],
    ['4.2.1|4.2.2, 4.2.3 4.2.4', ['4.2.1', '4.2.2', '4.2.3', '4.2.4']],
    ['4.2.1; 4.2.1', ['4.2.1']],
    [['12.2.1', '1.1.1'], ['1.1.1', '12.2.1']],
  ])('parseLinkedNumbers(%j)', (input, expected) => {
    expect(parseLinkedNumbers(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[unknown, RegExp]>([
    ['4.2', /"4.2" is not a standard number/],
    ['4.2; x; 01.1.1', /"4.2", "x", "01.1.1" are not standard numbers/],
    [[{}], /must be text/],
  ])('parseLinkedNumbers rejects %j', (input, reason) => {
    const r = parseLinkedNumbers(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each<[unknown, [string, string][]]>([
    ['', []],
    [' ; ', []],
    ['a: Label one; b: Label two', [['a', 'Label one'], ['b', 'Label two']]],
    ['a: Label one;b:Label two;', [['a', 'Label one'], ['b', 'Label two']]],
    ['A) One\nB) Two\r\nc. Three', [['a', 'One'], ['b', 'Two'], ['c', 'Three']]],
    ['a: Review, e.g. annually; i.e. always', [['a', 'Review, e.g. annually; i.e. always']]],
    ['a: One; b: Two; with a semicolon', [['a', 'One'], ['b', 'Two; with a semicolon']]],
    ['a:   spaced    out  ', [['a', 'spaced out']]],
    [[{ letter: 'a', label: 'One' }, { letter: 'b', label: 'Two' }], [['a', 'One'], ['b', 'Two']]],
  ])('parseBullets(%j)', (input, expected) => {
    expect(parseBullets(input)).toEqual({ ok: true, value: expected.map(([letter, label]) => ({ letter, label })) });
  });

  it.each<[unknown, RegExp]>([
    ['b: Starts late', /expected "a" but found "b"/],
    ['a: One; c: Three', /expected "b" but found "c"/],
    ['a: One; b: Two; a: Again', /"a" is used twice/],
    ['Just text', /does not start with a bullet letter/],
    ['a:', /Bullet a has no text/],
    ['a: One; b:   ', /Bullet b has no text/],
    [[{ letter: 'a' }], /needs a letter and a label/],
    [{ a: 'x' }, /must be text/],
  ])('parseBullets rejects %j', (input, reason) => {
    const r = parseBullets(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it.each<[unknown, string]>([
    ['MMOO', 'MMOO'], [['o', 'm', 'm', 'm'], 'OMMM'], [{ A: 'M', b: 'o', C: 'M', d: 'O' }, 'MOMO'],
  ])('parseLevelsValue(%j)', (input, expected) => {
    const r = parseLevelsValue(input);
    expect(r.ok && Object.values(r.value).join('')).toBe(expected);
  });

  it.each<[number, string]>([[0, 'A'], [4, 'E'], [25, 'Z'], [26, 'AA'], [27, 'AB'], [701, 'ZZ'], [702, 'AAA']])(
    'columnLetter(%d) = %s', (i, letter) => expect(columnLetter(i)).toBe(letter));

  it.each<[string, string]>([[' Chapter Title ', 'chapter_title'], ['SECTION-TITLE', 'section_title'], ['tier1', 'tier1']])(
    'normalizeColumnName(%j) = %s', (input, expected) => expect(normalizeColumnName(input)).toBe(expected));
});

describe('activities in the import', () => {
  const TIMED = { kinds: 'written directive; bulleted; time-sensitive', bullets: 'a: Annual administrative review; b: Annual refresher training' };

  it('reads a CSV row listing several activities; the frequency is the first one\'s', () => {
    const [s] = ok(parseManualCsv(fullCsv({ ...TIMED, activities: 'Administrative review: annual bullets a; Refresher training: yearly bullets b; Audit: per-event reminder 30 days' })));
    expect(s.frequency).toBe('annual');
    expect(s.activities).toEqual([
      { key: 'administrative-review', name: 'Administrative review', frequency: 'annual', reminderDays: null, bullets: ['a'] },
      { key: 'refresher-training', name: 'Refresher training', frequency: 'annual', reminderDays: null, bullets: ['b'] },
      { key: 'audit', name: 'Audit', frequency: 'per_event', reminderDays: 30, bullets: [] },
    ]);
  });

  it('reads JSON activities as a list of objects', () => {
    const [s] = ok(parseManualJson(Buffer.from(JSON.stringify([{
      number: '1.2.9', title: 'Biased Policing', kinds: ['time_sensitive'],
      activities: [{ name: 'Qualification', frequency: 'biennial' }, { name: 'Review', frequency: 'annual' }],
    }]))));
    expect(s.activities.map((a) => [a.key, a.frequency])).toEqual([['qualification', 'biennial'], ['review', 'annual']]);
    expect(s.frequency).toBe('biennial');
  });

  it('gives a standard with only a frequency its one "Required activity"', () => {
    const [s] = ok(parseManualCsv(fullCsv({ kinds: 'time-sensitive', frequency: 'quarterly' })));
    expect(s.activities).toEqual([{ key: 'required-activity', name: 'Required activity', frequency: 'quarterly', reminderDays: null, bullets: [] }]);
  });

  it.each([
    ['both a frequency and activities', { ...TIMED, frequency: 'annual', activities: 'Review: annual' }, 'frequency', /either one frequency or the activities/],
    ['activities on a standard that is not time-sensitive', { activities: 'Review: annual' }, 'activities', /Only time-sensitive standards have activities/],
    ['an unknown frequency', { ...TIMED, activities: 'Review: fortnightly' }, 'activities', /Activity "Review": "fortnightly" is not a frequency/],
    ['the same name twice', { ...TIMED, activities: 'Review: annual; review: quarterly' }, 'activities', /named twice/],
    ['a reminder on a calendar activity', { ...TIMED, activities: 'Review: annual reminder 30 days' }, 'activities', /only a per_event activity has a reminder/],
    ['a bullet the standard lacks', { ...TIMED, activities: 'Review: annual bullets c' }, 'activities', /names bullet c; its bullets are a, b/],
    ['an item without a frequency', { ...TIMED, activities: 'Review' }, 'activities', /is not an activity/],
  ])('refuses %s', (_name, row, column, reason) => {
    const found = errs(parseManualCsv(fullCsv(row)));
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ row: 2, column, reason: expect.stringMatching(reason) })]));
  });
});
