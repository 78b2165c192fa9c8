import type { MilestoneCoverage } from './deadline-schedule';
import type { ProofsByYear } from './readiness';

/** What milestoneCoverage() needs of one file: its scope, applicability and proofs per year of the current cycle. */
export interface FileProofCounts {
  in_scope: boolean;
  applicability: string;
  /** Counting proofs (accepted or awaiting review) for cycle years 1 to 4. */
  proofs: ProofsByYear;
  /** Of those, the accepted ones. */
  accepted: ProofsByYear;
}

/**
 * The figures the deadlines' review and assessment milestones need, from one department's per-file
 * proof counts (the engine's one read of proof_link): over the in-scope, applicable files, how many
 * have a counting proof for each cycle year and for all four, and how many an accepted one.
 * Undefined when the department has no such file.
 */
export function milestoneCoverage(files: readonly FileProofCounts[]): MilestoneCoverage | undefined {
  const years = [0, 1, 2, 3].map(() => ({ files: 0, covered: 0, accepted: 0 }));
  const allYears = { files: 0, covered: 0, accepted: 0 };
  for (const f of files) {
    if (!f.in_scope || f.applicability !== 'applicable') continue;
    for (let i = 0; i < 4; i++) {
      years[i].files++;
      if (f.proofs[i] > 0) years[i].covered++;
      if (f.accepted[i] > 0) years[i].accepted++;
    }
    allYears.files++;
    if (f.proofs.every((n) => n > 0)) allYears.covered++;
    if (f.accepted.every((n) => n > 0)) allYears.accepted++;
  }
  if (allYears.files === 0) return undefined;
  return { years: { 1: years[0], 2: years[1], 3: years[2], 4: years[3] }, allYears };
}
