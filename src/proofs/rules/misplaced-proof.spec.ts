import { misplacementOf, Misplacement, StoredFiling } from './misplaced-proof';

// Awarded 2022-03-01: cycles 2022-03-01 to 2026-02-28 and 2026-03-01 to 2030-02-28.
const ANCHOR = '2022-03-01';
const filing = (overrides: Partial<StoredFiling>): StoredFiling => ({
  effectiveDate: '2026-04-14',
  cycleStartsOn: '2026-03-01',
  cycleYear: 1,
  periodKey: '',
  frequency: null,
  ...overrides,
});

describe('misplacementOf: a stored filing against what its date says', () => {
  it.each<[string, Partial<StoredFiling>, Misplacement | null]>([
    ['in place', {}, null],
    ['in place, with its period', { frequency: 'quarterly', periodKey: '2026-Y1-Q1' }, null],
    ['in place, no period stored (not counted)', { frequency: 'quarterly' }, null],
    ['the wrong year of the right cycle', { cycleYear: 2 }, { kinds: ['cycle_year'], expected: { cycleStartsOn: '2026-03-01', cycleYear: 1, periodKey: null } }],
    [
      'a January 2026 date stored in year 1 of the current cycle (it belongs to year 4 of the previous one)',
      { effectiveDate: '2026-01-15' },
      { kinds: ['cycle', 'cycle_year'], expected: { cycleStartsOn: '2022-03-01', cycleYear: 4, periodKey: null } },
    ],
    ['the right year of the wrong cycle', { effectiveDate: '2022-04-01', cycleYear: 1 }, { kinds: ['cycle'], expected: { cycleStartsOn: '2022-03-01', cycleYear: 1, periodKey: null } }],
    [
      'a period that does not hold the date',
      { frequency: 'quarterly', periodKey: '2026-Y1-Q2' },
      { kinds: ['period'], expected: { cycleStartsOn: '2026-03-01', cycleYear: 1, periodKey: '2026-Y1-Q1' } },
    ],
    [
      'a date before the anchor (self-assessment years count back in four-year steps)',
      { effectiveDate: '2021-05-01', cycleStartsOn: '2022-03-01', cycleYear: 1 },
      { kinds: ['cycle', 'cycle_year'], expected: { cycleStartsOn: '2018-03-01', cycleYear: 4, periodKey: null } },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(misplacementOf(filing(overrides), ANCHOR, 4)).toEqual(expected);
  });

  it("counts a three-year program's cycles: a filing placed by a four-year count is misplaced", () => {
    // Awarded 2022-03-01 in a three-year program: 2026-04-14 falls in year 2 of 2025-03-01..2028-02-29, not year 1 of 2026-03-01.
    expect(misplacementOf(filing({ effectiveDate: '2026-04-14', cycleStartsOn: '2026-03-01', cycleYear: 1 }), ANCHOR, 3)).toEqual({
      kinds: ['cycle', 'cycle_year'],
      expected: { cycleStartsOn: '2025-03-01', cycleYear: 2, periodKey: null },
    });
    expect(misplacementOf(filing({ effectiveDate: '2026-04-14', cycleStartsOn: '2025-03-01', cycleYear: 2 }), ANCHOR, 3)).toBeNull();
  });
});
