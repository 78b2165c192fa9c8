import type { MilestoneCoverage } from '../../deadlines/rules/deadline-schedule';

/** One file's proofs per year of the current cycle. */
export interface ProofYearCounts {
  /** Counting proofs (pending or accepted, not withdrawn) for cycle years 1 to 4. */
  y1: number;
  y2: number;
  y3: number;
  y4: number;
  /** Of those, the accepted ones. */
  a1: number;
  a2: number;
  a3: number;
  a4: number;
}

/** What milestoneCoverage() needs of one file: its scope, applicability and proofs per year of the current cycle. */
export interface FileProofCounts extends ProofYearCounts {
  in_scope: boolean;
  applicability: string;
}

/**
 * The figures the deadlines' review and assessment milestones need (the ones
 * DeadlinesRepository.milestoneCoverage() reads), from one department's per-file proof counts, so
 * readiness reads proof_link once: over the in-scope, applicable files, how many have a counting
 * proof for each cycle year and for all four, and how many an accepted one. Undefined when the
 * department has no such file, as milestoneCoverage() then has no row for it.
 */
export function milestoneCoverage(files: readonly FileProofCounts[]): MilestoneCoverage | undefined {
  return milestoneCoverageOf(files.filter((f) => f.in_scope && f.applicability === 'applicable'));
}

/** milestoneCoverage() of files already known to be in scope and applicable. */
export function milestoneCoverageOf(files: readonly ProofYearCounts[]): MilestoneCoverage | undefined {
  const years = [0, 1, 2, 3].map(() => ({ files: 0, covered: 0, accepted: 0 }));
  const allYears = { files: 0, covered: 0, accepted: 0 };
  for (const f of files) {
    const counting = [f.y1, f.y2, f.y3, f.y4];
    const accepted = [f.a1, f.a2, f.a3, f.a4];
    for (let i = 0; i < 4; i++) {
      years[i].files++;
      if (counting[i] > 0) years[i].covered++;
      if (accepted[i] > 0) years[i].accepted++;
    }
    allYears.files++;
    if (counting.every((n) => n > 0)) allYears.covered++;
    if (accepted.every((n) => n > 0)) allYears.accepted++;
  }
  if (allYears.files === 0) return undefined;
  return { years: { 1: years[0], 2: years[1], 3: years[2], 4: years[3] }, allYears };
}
