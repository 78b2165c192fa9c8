export type CycleYearNumber = 1 | 2 | 3 | 4;

export type CoverageCell = 'present' | 'missing' | 'not_required';

export interface CoverageCellInput {
  cycleYear: CycleYearNumber;
  /** The cycle year the department is in today. */
  currentYear: CycleYearNumber;
  /** Proofs that count (pending or accepted) for this file and cycle year. */
  proofsInYear: number;
  /** The file is not applicable or waived. */
  notApplicable: boolean;
}

const YEARS = [1, 2, 3, 4] as const;

function validate(name: string, year: number): void {
  if (!(YEARS as readonly number[]).includes(year)) throw new RangeError(`The ${name} must be 1, 2, 3 or 4 (got ${year}).`);
}

/**
 * One cell of the standard x cycle-year grid. The current year is required already (its proof is
 * due by the year's end and the grid is how a manager sees that it is still missing); later years
 * are not required yet. A not-applicable file needs no proofs, even if some were filed earlier.
 */
export function coverageCell({ cycleYear, currentYear, proofsInYear, notApplicable }: CoverageCellInput): CoverageCell {
  validate('cycle year', cycleYear);
  validate('current year', currentYear);
  if (!Number.isSafeInteger(proofsInYear) || proofsInYear < 0) {
    throw new RangeError(`The number of proofs must be a whole number of 0 or more (got ${proofsInYear}).`);
  }
  if (notApplicable) return 'not_required';
  if (proofsInYear > 0) return 'present';
  return cycleYear > currentYear ? 'not_required' : 'missing';
}

/** The four cells of one file's row, years 1 to 4; years absent from `proofsByYear` have no proofs. */
export function coverageRow({
  proofsByYear,
  currentYear,
  notApplicable,
}: {
  proofsByYear: Partial<Record<CycleYearNumber, number>>;
  currentYear: CycleYearNumber;
  notApplicable: boolean;
}): [CoverageCell, CoverageCell, CoverageCell, CoverageCell] {
  const cell = (cycleYear: CycleYearNumber) =>
    coverageCell({ cycleYear, currentYear, proofsInYear: proofsByYear[cycleYear] ?? 0, notApplicable });
  return [cell(1), cell(2), cell(3), cell(4)];
}

/** Cells a manager still has to fill: the count behind a blocker's `missingProofYears`. */
export function missingYears(row: readonly CoverageCell[]): number {
  return row.filter((c) => c === 'missing').length;
}
