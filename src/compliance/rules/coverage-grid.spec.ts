import { CoverageCell, coverageCell, CoverageCellInput, coverageRow, CycleYearNumber, missingYears } from './coverage-grid';

describe('coverageCell', () => {
  it.each<[CycleYearNumber, CycleYearNumber, number, boolean, CoverageCell]>([
    [1, 1, 0, false, 'missing'],
    [1, 1, 1, false, 'present'],
    [1, 3, 0, false, 'missing'],
    [3, 3, 0, false, 'missing'],
    [3, 3, 5, false, 'present'],
    [4, 3, 0, false, 'not_required'],
    [2, 1, 0, false, 'not_required'],
    // a proof filed ahead of its year still shows
    [4, 3, 1, false, 'present'],
    // not applicable (or waived): never required, whatever was filed
    [1, 4, 0, true, 'not_required'],
    [1, 4, 2, true, 'not_required'],
    [4, 1, 0, true, 'not_required'],
  ])('year %i, current year %i, %i proofs, not applicable %s -> %s', (cycleYear, currentYear, proofsInYear, notApplicable, expected) => {
    expect(coverageCell({ cycleYear, currentYear, proofsInYear, notApplicable })).toBe(expected);
  });

  it.each<[Partial<CoverageCellInput>]>([
    [{ cycleYear: 0 }],
    [{ cycleYear: 7 }],
    [{ currentYear: 2.5 }],
    [{ proofsInYear: -1 }],
    [{ proofsInYear: 1.5 }],
    [{ proofsInYear: Number.NaN }],
  ])('refuses %j', (override) => {
    expect(() => coverageCell({ cycleYear: 1, currentYear: 1, proofsInYear: 0, notApplicable: false, ...override })).toThrow(RangeError);
  });
});

describe('coverageRow', () => {
  it.each<[Partial<Record<CycleYearNumber, number>>, CycleYearNumber, number, boolean, CoverageCell[], number]>([
    [{}, 1, 4, false, ['missing', 'not_required', 'not_required', 'not_required'], 1],
    [{ 1: 2, 2: 1 }, 2, 4, false, ['present', 'present', 'not_required', 'not_required'], 0],
    [{ 1: 2, 3: 1 }, 4, 4, false, ['present', 'missing', 'present', 'missing'], 2],
    [{ 1: 1, 2: 1, 3: 1, 4: 1 }, 4, 4, false, ['present', 'present', 'present', 'present'], 0],
    [{ 1: 1 }, 4, 4, true, ['not_required', 'not_required', 'not_required', 'not_required'], 0],
    // a three-year program's row has three cells; its last year is year 3
    [{ 1: 1 }, 3, 3, false, ['present', 'missing', 'missing'], 2],
    [{ 1: 1, 2: 1 }, 2, 3, false, ['present', 'present', 'not_required'], 0],
    [{}, 1, 1, false, ['missing'], 1],
  ])('%j in year %i of a %i-year cycle, not applicable %s', (proofs, currentYear, cycleYears, notApplicable, expected, missing) => {
    const row = coverageRow({ proofsByYear: proofs, currentYear, cycleYears, notApplicable });
    expect(row).toEqual(expected);
    expect(missingYears(row)).toBe(missing);
  });

  it.each([
    [4, 3],
    [1, 0],
    [1, 7],
    [2, 2.5],
  ])('refuses current year %i of a %s-year cycle', (currentYear, cycleYears) => {
    expect(() => coverageRow({ proofsByYear: {}, currentYear, cycleYears, notApplicable: false })).toThrow(RangeError);
  });
});
