import { readinessVerdict } from '../compliance/rules/readiness';
import {
  BlockerInput,
  blockerViews,
  coverageRowMissing,
  coverageRowView,
  cycleYearLabels,
  footprintSummaryRow,
  groupByChapter,
  sortFileReviewChapters,
  verdictView,
} from './view-model-builders';
import type { CycleView, FileReviewStandardView, FootprintDepartmentView } from './view-models';

describe('verdictView', () => {
  it.each([
    [{ mandatory: { applicable: 163, compliant: 163 }, other: { applicable: 20, compliant: 17 } }, 80],
    [{ mandatory: { applicable: 163, compliant: 159 }, other: { applicable: 20, compliant: 13 } }, 80],
    [{ mandatory: { applicable: 0, compliant: 0 }, other: { applicable: 0, compliant: 0 } }, 80],
    [{ mandatory: { applicable: 10, compliant: 10 }, other: { applicable: 5, compliant: 4 } }, 90],
    [{ mandatory: { applicable: 10, compliant: 8, compliantMissingProofs: 2 }, other: { applicable: 5, compliant: 3, compliantMissingProofs: 1 } }, 80],
    [{ mandatory: { applicable: 10, compliant: 10, compliantPendingReview: 2 }, other: { applicable: 5, compliant: 4 } }, 80, 3],
  ])('carries readinessVerdict() and its counts: %j at %i%%', (counts, threshold, awaiting = 0) => {
    const v = readinessVerdict(counts, threshold, awaiting);
    expect(verdictView(counts, threshold, awaiting)).toEqual({
      state: v.state,
      meetsRule: v.meetsRule,
      summary: v.summary,
      mandatory: { applicable: counts.mandatory.applicable, compliant: counts.mandatory.compliant, percent: v.mandatoryPercent },
      other: { applicable: counts.other.applicable, compliant: counts.other.compliant, percent: v.otherPercent },
      thresholdPercent: threshold,
      mandatoryMissing: v.mandatoryMissing,
      compliantMissingProofs: v.compliantMissingProofs,
      compliantPendingReview: v.compliantPendingReview,
      otherNeededForThreshold: v.otherNeededForThreshold,
    });
  });

  it('never shows a verdict resting on proofs awaiting review as plain ready', () => {
    const view = verdictView({ mandatory: { applicable: 10, compliant: 10, compliantPendingReview: 2 }, other: { applicable: 5, compliant: 4 } }, 80, 3);
    expect(view).toMatchObject({ state: 'ready_pending_review', meetsRule: true, compliantPendingReview: 2 });
    expect(view.summary).toMatch(/^Ready once 3 proofs awaiting review are accepted: /);
  });

  it('refuses impossible counts like the rule does', () => {
    expect(() => verdictView({ mandatory: { applicable: 1, compliant: 2 }, other: { applicable: 0, compliant: 0 } })).toThrow(RangeError);
  });
});

describe('blockerViews', () => {
  const file = (number: string, level: 'M' | 'O', compliant: boolean, missingProofYears = 0): BlockerInput => ({
    number,
    title: `Title ${number}`,
    level,
    compliant,
    missingProofYears,
  });

  it.each<[string, BlockerInput[], number, string[]]>([
    ['impact first, then natural order', [file('12.1.1', 'M', false), file('1.2.10', 'M', true, 2), file('1.2.9', 'M', true, 1), file('4.1.1', 'O', false)], 1, ['1.2.9', '1.2.10', '12.1.1', '4.1.1']],
    ['other-than-mandatory only while under the threshold', [file('4.1.1', 'O', false), file('2.1.1', 'M', false)], 0, ['2.1.1']],
    ['nothing blocks', [file('1.1.1', 'M', true), file('1.1.2', 'O', true)], 3, []],
  ])('%s', (_name, files, otherNeeded, expected) => {
    const views = blockerViews(files, otherNeeded);
    expect(views.map((b) => b.number)).toEqual(expected);
    for (const b of views) expect(Object.keys(b).sort()).toEqual(['level', 'missingProofPeriods', 'missingProofYears', 'number', 'reason', 'title']);
  });

  it('names the reason', () => {
    expect(blockerViews([file('1.2.9', 'M', true, 2)], 0)).toEqual([
      { number: '1.2.9', title: 'Title 1.2.9', level: 'M', reason: 'mandatory_missing_proofs', missingProofYears: 2, missingProofPeriods: 0 },
    ]);
  });
});

describe('coverageRowView', () => {
  it('is coverageRow() with the number and level', () => {
    const row = coverageRowView({ number: '4.2.4', level: 'M', proofsByYear: { 1: 2, 3: 1 }, currentYear: 4, cycleYears: 4, notApplicable: false });
    expect(row).toEqual({ number: '4.2.4', level: 'M', cells: ['present', 'missing', 'present', 'missing'] });
    expect(coverageRowMissing(row.cells)).toBe(2);
  });

  it("has a three-year program's three cells", () => {
    expect(coverageRowView({ number: '2.1', level: 'M', proofsByYear: { 1: 1 }, currentYear: 2, cycleYears: 3, notApplicable: false }).cells).toEqual(['present', 'missing', 'not_required']);
  });
});

describe('cycleYearLabels', () => {
  const cycle = (startsOn: string, cycleYears = 4): CycleView => ({ number: 1, cycleYears, year: 1, startsOn, endsOn: startsOn, basis: 'award' });
  it.each<[CycleView | null, string[]]>([
    [null, ['Year 1', 'Year 2', 'Year 3', 'Year 4']],
    [cycle('2022-11-01'), ['Y1 2022-23', 'Y2 2023-24', 'Y3 2024-25', 'Y4 2025-26']],
    [cycle('2026-01-01'), ['Y1 2026', 'Y2 2027', 'Y3 2028', 'Y4 2029']],
    [cycle('2099-07-01'), ['Y1 2099-00', 'Y2 2100-01', 'Y3 2101-02', 'Y4 2102-03']],
    [cycle('2024-05-01', 3), ['Y1 2024-25', 'Y2 2025-26', 'Y3 2026-27']],
  ])('%j', (c, expected) => {
    expect(cycleYearLabels(c)).toEqual(expected);
  });
});

describe('natural order of the file review', () => {
  const standard = (number: string): FileReviewStandardView => ({
    number,
    title: number,
    level: 'M',
    result: 'compliant',
    status: 'accepted',
    directives: [],
    years: [],
  });

  it('sorts chapters numerically and standards naturally', () => {
    const sorted = sortFileReviewChapters([
      { chapter: 12, title: 'Direction', standards: [standard('12.2.1'), standard('12.1.1')] },
      { chapter: 4, title: 'Use of Force', standards: [standard('4.1.1')] },
      { chapter: 1, title: 'Role', standards: [standard('1.2.10'), standard('1.2.9'), standard('1.1.1')] },
    ]);
    expect(sorted.flatMap((c) => c.standards.map((s) => s.number))).toEqual(['1.1.1', '1.2.9', '1.2.10', '4.1.1', '12.1.1', '12.2.1']);
  });

  it('groups flat rows by chapter', () => {
    const rows = ['12.1.1', '1.2.10', '4.1.1', '1.2.9'].map((n) => ({ ...standard(n), chapter: Number(n.split('.')[0]), chapterTitle: `Chapter ${n.split('.')[0]}` }));
    const chapters = groupByChapter(rows);
    expect(chapters.map((c) => [c.chapter, c.title, c.standards.map((s) => s.number)])).toEqual([
      [1, 'Chapter 1', ['1.2.9', '1.2.10']],
      [4, 'Chapter 4', ['4.1.1']],
      [12, 'Chapter 12', ['12.1.1']],
    ]);
    expect(Object.keys(chapters[0].standards[0])).not.toContain('chapterTitle');
  });
});

describe('footprintSummaryRow', () => {
  const department = (overrides: Partial<FootprintDepartmentView['deadlines']>): FootprintDepartmentView => ({
    department: { id: 'd1', name: 'Pagedale Police Department', shortName: 'Pagedale PD', programTier: 'tier1', sizeClass: 'A', manualVersion: '6.15', cycle: null },
    verdict: verdictView({ mandatory: { applicable: 10, compliant: 10 }, other: { applicable: 5, compliant: 4 } }),
    nextMilestone: { label: 'Site-based assessment', date: '2026-08-02' },
    chapters: [],
    deadlines: {
      asOf: '2026-03-12',
      overdue: [{ standardNumber: '1.2.9', title: 'x', periodLabel: 'Y1', dueOn: '2026-01-01', state: 'overdue', daysUntilDue: -70 }],
      dueSoon: [],
      ...overrides,
    },
    blockers: [],
  });

  it('takes the totals when the lists were cut short, the lists otherwise', () => {
    expect(footprintSummaryRow(department({}))).toEqual({
      id: 'd1',
      name: 'Pagedale Police Department',
      shortName: 'Pagedale PD',
      mandatoryPercent: 100,
      otherPercent: 80,
      meetsRule: true,
      state: 'ready',
      overdue: 1,
      dueSoon: 0,
      nextMilestone: { label: 'Site-based assessment', date: '2026-08-02' },
    });
    expect(footprintSummaryRow(department({ overdueTotal: 9, dueSoonTotal: 4 }))).toMatchObject({ overdue: 9, dueSoon: 4 });
  });

  it.each([
    [{ applicable: 0, compliant: 0 }, { applicable: 5, compliant: 4 }, null, 80],
    [{ applicable: 10, compliant: 7 }, { applicable: 0, compliant: 0 }, 70, null],
    [{ applicable: 0, compliant: 0 }, { applicable: 0, compliant: 0 }, null, null],
  ])('has no percent, not 100%%, where none apply: mandatory %j, other %j', (mandatory, other, mandatoryPercent, otherPercent) => {
    const d = { ...department({}), verdict: verdictView({ mandatory, other }) };
    expect(footprintSummaryRow(d)).toMatchObject({ mandatoryPercent, otherPercent });
  });
});
