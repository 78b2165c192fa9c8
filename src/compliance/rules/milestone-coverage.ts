import type { MilestoneCoverage } from './deadline-schedule';
import type { ProofsByYear } from './readiness';

/** What milestoneCoverage() needs of one file: its scope, applicability and proofs per year of the current cycle. */
export interface FileProofCounts {
  in_scope: boolean;
  applicability: string;
  /** Counting proofs (accepted or awaiting review) for each year of the cycle, 1 to its length. */
  proofs: ProofsByYear;
  /** Of those, the accepted ones. */
  accepted: ProofsByYear;
}

/**
 * The figures the deadlines' review and assessment milestones need, from one department's per-file
 * proof counts (the engine's one read of proof_link): over the in-scope, applicable files, how many
 * have a counting proof for each of the cycle's `cycleYears` years and for all of them, and how
 * many an accepted one. Undefined when the department has no such file.
 */
export function milestoneCoverage(files: readonly FileProofCounts[], cycleYears: number): MilestoneCoverage | undefined {
  const years = Array.from({ length: cycleYears }, () => ({ files: 0, covered: 0, accepted: 0 }));
  const allYears = { files: 0, covered: 0, accepted: 0 };
  for (const f of files) {
    if (!f.in_scope || f.applicability !== 'applicable') continue;
    if (f.proofs.length !== cycleYears || f.accepted.length !== cycleYears) {
      throw new RangeError(`A file's proof counts must cover the cycle's ${cycleYears} years (got ${f.proofs.length} and ${f.accepted.length}).`);
    }
    for (let i = 0; i < cycleYears; i++) {
      years[i].files++;
      if (f.proofs[i] > 0) years[i].covered++;
      if (f.accepted[i] > 0) years[i].accepted++;
    }
    allYears.files++;
    if (f.proofs.every((n) => n > 0)) allYears.covered++;
    if (f.accepted.every((n) => n > 0)) allYears.accepted++;
  }
  if (allYears.files === 0) return undefined;
  return { years: Object.fromEntries(years.map((y, i) => [i + 1, y])), allYears };
}
