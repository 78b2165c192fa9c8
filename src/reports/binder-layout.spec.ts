import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import {
  BinderProof,
  BinderSummary,
  binderReadme,
  chapterFolder,
  FolderNames,
  manifestCsv,
  manifestJson,
  manifestRows,
  pathSegment,
  planBinder,
  sha256sums,
  standardFolder,
  yearFolder,
} from './binder-layout';

const proof = (overrides: Partial<BinderProof> = {}): BinderProof => ({
  filingId: `f-${Math.random().toString(36).slice(2)}`,
  proofId: 'p-1',
  fileName: 'roster.pdf',
  sha256: createHash('sha256').update(Math.random().toString()).digest('hex'),
  sizeBytes: 10,
  storageKey: 'objects/aa/bb/x',
  chapter: 1,
  chapterTitle: 'Law Enforcement Role and Authority',
  standard: '1.1.1',
  standardTitle: 'Oath of Office',
  cycleYear: 1,
  effectiveDate: '2026-04-14',
  kind: 'document',
  reviewState: 'accepted',
  reviewer: 'J. Alvarez',
  period: '',
  ...overrides,
});

const LABELS = ['Y1 2026-27', 'Y2 2027-28', 'Y3 2028-29', 'Y4 2029-30'];

describe('binder folder names', () => {
  it('names chapters with a padded number, standards with number and title, years with their span', () => {
    expect(chapterFolder(1, 'Law Enforcement Role and Authority')).toBe('01 Law Enforcement Role and Authority');
    expect(chapterFolder(12, 'Direction')).toBe('12 Direction');
    expect(standardFolder('1.2.10', 'Search and Seizure')).toBe('1.2.10 Search and Seizure');
    expect(yearFolder(2, 'Y2 2027-28')).toBe('Year 2 (2027-28)');
    expect(yearFolder(3, 'Year 3')).toBe('Year 3');
  });

  it('keeps the standard number and the whole title when a title holds a slash', () => {
    expect(standardFolder('1.2.2', 'Carry/Use Weapons')).toBe('1.2.2 Carry-Use Weapons');
    expect(standardFolder('1.2.5', 'Arrest with/without Warrant')).toBe('1.2.5 Arrest with-without Warrant');
    expect(standardFolder('1.2.6', 'Back\\slash')).toBe('1.2.6 Back-slash');
    expect(chapterFolder(61, 'Traffic Direction/Control')).toBe('61 Traffic Direction-Control');
  });

  it('keeps a trailing word that looks like an extension, and cuts long names', () => {
    expect(standardFolder('4.2.1', 'Review. Annual')).toBe('4.2.1 Review. Annual');
    const long = standardFolder('41.2.3', 'A'.repeat(200));
    expect([...long].length).toBeLessThanOrEqual(60);
    expect(long.startsWith('41.2.3 AAA')).toBe(true);
  });

  it('makes hostile names harmless: no path separators, no control or direction characters, no leading dots', () => {
    for (const hostile of ['../../etc/passwd', 'a/b\\c', '\u202Egpj.exe', '..', 'con', 'x\ny']) {
      const s = pathSegment(hostile);
      expect(s).not.toMatch(/[/\\\p{Cc}\u202a-\u202e]/u);
      expect(s.startsWith('.')).toBe(false);
      expect(s.length).toBeGreaterThan(0);
    }
  });

  it('gives a taken name " (2)", " (3)" before the extension, without regard to case, per folder', () => {
    const names = new FolderNames();
    expect(names.claim('a', 'roster.pdf')).toBe('roster.pdf');
    expect(names.claim('a', 'Roster.PDF')).toBe('Roster (2).pdf');
    expect(names.claim('a', 'roster.pdf')).toBe('roster (3).pdf');
    expect(names.claim('b', 'roster.pdf')).toBe('roster.pdf');
    expect(names.claim('a', 'notes')).toBe('notes');
    expect(names.claim('a', 'notes')).toBe('notes (2)');
  });
});

describe('planBinder and the manifest', () => {
  const proofs = [
    proof({ fileName: 'roster.pdf' }),
    proof({ fileName: 'roster.pdf' }),
    proof({ fileName: 'memo.pdf', cycleYear: 2 }),
    proof({ fileName: 'gone.pdf', storageKey: 'objects/00/00/missing' }),
    proof({ fileName: 'photo.png', chapter: 12, chapterTitle: 'Direction', standard: '12.1.1', standardTitle: 'Command Protocol' }),
  ];
  const entries = planBinder(proofs, LABELS, (p) => p.storageKey !== 'objects/00/00/missing');

  it('puts each present proof under chapter / standard / year, in the given order, with unique names', () => {
    expect(entries.map((e) => e.path)).toEqual([
      '01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 1 (2026-27)/roster.pdf',
      '01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 1 (2026-27)/roster (2).pdf',
      '01 Law Enforcement Role and Authority/1.1.1 Oath of Office/Year 2 (2027-28)/memo.pdf',
      '12 Direction/12.1.1 Command Protocol/Year 1 (2026-27)/photo.png',
    ]);
  });

  it('lists every filing in the manifest, the missing one with no path and in_zip false', () => {
    const rows = manifestRows(proofs, entries, LABELS);
    expect(rows).toHaveLength(5);
    expect(rows[3]).toMatchObject({ fileName: 'gone.pdf', path: null, inZip: false });
    expect(rows.filter((r) => r.inZip)).toHaveLength(4);
    expect(rows[2]).toMatchObject({ cycleYear: 2, cycleYearLabel: 'Y2 2027-28', reviewState: 'accepted', reviewer: 'J. Alvarez', period: null });
  });

  it('writes a CSV spreadsheet programs and csv-parse read back the same', () => {
    const rows = manifestRows(proofs, entries, LABELS);
    const csv = manifestCsv(rows);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const parsed = parse<Record<string, string>>(csv.subarray(3).toString('utf8'), { columns: true });
    expect(parsed).toHaveLength(5);
    expect(Object.keys(parsed[0]).slice(0, 3)).toEqual(['path', 'sha256', 'size_bytes']);
    expect(parsed.map((r) => r.sha256)).toEqual(proofs.map((p) => p.sha256));
    expect(parsed[3]).toMatchObject({ path: '', in_zip: 'false' });
  });

  it('writes SHA256SUMS lines sha256sum -c reads', () => {
    expect(sha256sums([{ path: 'a b/c.pdf', sha256: 'ab'.repeat(32) }]).toString()).toBe(`${'ab'.repeat(32)}  a b/c.pdf\n`);
  });
});

describe("the binder's summary files name the cycle's own years", () => {
  const summary = (cycleYears: number, assessment: BinderSummary['assessment'] = null): BinderSummary => ({
    department: {
      id: 'd-1',
      name: 'Normandy Police Department',
      shortName: 'Normandy PD',
      programTier: 'tier1',
      sizeClass: 'B',
      manualVersion: '1',
      cycle: null,
    },
    cycle: { number: 1, cycleYears, year: 2, startsOn: '2024-05-01', endsOn: '2027-04-30', basis: 'award' },
    generatedAt: '2026-12-06T15:00:00Z',
    generatedBy: 'A. Manager',
    fileReview: { path: 'file-review.pdf', sha256: 'ab'.repeat(32), bytes: 10, pages: 1 },
    assessment,
  });

  it.each([
    [3, [1, 2, 3], '1, 2, 3'],
    [4, [1, 2, 3, 4], '1, 2, 3, 4'],
    [6, [1, 2, 3, 4, 5, 6], '1, 2, 3, 4, 5, 6'],
  ])('a %i-year cycle: every year is %j', (cycleYears, years, text) => {
    expect(JSON.parse(manifestJson(summary(cycleYears), []).toString('utf8'))).toMatchObject({ cycleYears: years });
    expect(binderReadme(summary(cycleYears), { proofs: 0, missing: 0 }).toString('utf8')).toContain(`Cycle years in this binder: ${text} (every year of the cycle).`);
  });

  it("an assessment's binder: only the years the assessment covers", () => {
    const s = summary(3, { id: 'a-1', name: 'State reassessment', kindLabel: 'Mock assessment', cycleYears: [2, 3] });
    expect(JSON.parse(manifestJson(s, []).toString('utf8'))).toMatchObject({ cycleYears: [2, 3] });
    expect(binderReadme(s, { proofs: 0, missing: 0 }).toString('utf8')).toContain('Cycle years in this binder: 2, 3 only');
  });
});
