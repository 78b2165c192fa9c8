import { FileProofCounts, milestoneCoverage } from './milestone-coverage';

const file = (counts: number[], accepted: number[], extra: Partial<FileProofCounts> = {}): FileProofCounts => ({
  in_scope: true,
  applicability: 'applicable',
  proofs: counts,
  accepted,
  ...extra,
});

describe('milestoneCoverage', () => {
  it('counts the in-scope, applicable files covered and accepted per cycle year and for all four', () => {
    const coverage = milestoneCoverage([
      file([1, 2, 1, 1], [1, 1, 0, 1]),
      file([1, 0, 3, 1], [1, 0, 3, 0]),
      file([2, 1, 1, 1], [2, 1, 1, 1]),
      // Left out: not applicable, waived, out of scope.
      file([1, 1, 1, 1], [1, 1, 1, 1], { applicability: 'not_applicable' }),
      file([1, 1, 1, 1], [1, 1, 1, 1], { applicability: 'waived' }),
      file([0, 0, 0, 0], [0, 0, 0, 0], { in_scope: false }),
    ], 4);
    expect(coverage).toEqual({
      years: {
        1: { files: 3, covered: 3, accepted: 3 },
        2: { files: 3, covered: 2, accepted: 2 },
        3: { files: 3, covered: 3, accepted: 2 },
        4: { files: 3, covered: 3, accepted: 2 },
      },
      allYears: { files: 3, covered: 2, accepted: 1 },
    });
  });

  it('has no figures without an in-scope, applicable file', () => {
    expect(milestoneCoverage([], 4)).toBeUndefined();
    expect(milestoneCoverage([file([1, 1, 1, 1], [1, 1, 1, 1], { in_scope: false })], 4)).toBeUndefined();
  });

  it('counts a three-year cycle by its three years: all years means those three', () => {
    expect(milestoneCoverage([file([1, 1, 1], [1, 0, 1]), file([1, 0, 1], [1, 0, 1])], 3)).toEqual({
      years: {
        1: { files: 2, covered: 2, accepted: 2 },
        2: { files: 2, covered: 1, accepted: 0 },
        3: { files: 2, covered: 2, accepted: 2 },
      },
      allYears: { files: 2, covered: 1, accepted: 0 },
    });
  });

  it('refuses counts that do not cover the cycle', () => {
    expect(() => milestoneCoverage([file([1, 1, 1, 1], [1, 1, 1, 1])], 3)).toThrow(RangeError);
  });
});
