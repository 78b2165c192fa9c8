import { MAX_CYCLE_YEARS } from '../../kernel/program-values';

/** A year of an accreditation cycle: 1 to the program's cycle length (CALEA's: 4). */
export type CycleYearNumber = number;

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

function validate(name: string, year: number, cycleYears = MAX_CYCLE_YEARS): void {
  if (!Number.isInteger(year) || year < 1 || year > cycleYears) throw new RangeError(`The ${name} must be a whole number from 1 to ${cycleYears} (got ${year}).`);
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

/** The cells of one file's row, years 1 to the cycle's length; years absent from `proofsByYear` have no proofs. */
export function coverageRow({
  proofsByYear,
  currentYear,
  cycleYears,
  notApplicable,
}: {
  proofsByYear: Partial<Record<CycleYearNumber, number>>;
  currentYear: CycleYearNumber;
  /** The cycle's length in years: the row's number of cells. */
  cycleYears: number;
  notApplicable: boolean;
}): CoverageCell[] {
  validate('cycle length', cycleYears);
  validate('current year', currentYear, cycleYears);
  return Array.from({ length: cycleYears }, (_, i) =>
    coverageCell({ cycleYear: i + 1, currentYear, proofsInYear: proofsByYear[i + 1] ?? 0, notApplicable }),
  );
}

/** Counts listed by cycle year (index 0 is year 1), keyed by year number as coverageRow() takes them. */
export function countsByYear(counts: readonly number[]): Record<CycleYearNumber, number> {
  return Object.fromEntries(counts.map((n, i) => [i + 1, n]));
}

/** Cells a manager still has to fill: the count behind a blocker's `missingProofYears`. */
export function missingYears(row: readonly CoverageCell[]): number {
  return row.filter((c) => c === 'missing').length;
}
