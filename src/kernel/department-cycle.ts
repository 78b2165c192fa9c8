import { AccreditationCycle, accreditationCycle, IsoDate } from './accreditation-cycle';
import { cycleAnchor, cycleContaining } from './proof-cycle';

/**
 * Where a department's current cycle comes from:
 * - award: the cycle counted from its award date (accreditationCycle), as long as its program's;
 * - working: no award yet (no award date, or one still ahead). The department still has
 *   time-sensitive activities to prove while it works toward accreditation, so it gets the same
 *   working cycle the proofs module files its proofs under (cycleAnchor: the award date when one is
 *   set, else the day the department was entered; cycles counted both ways from it). CALEA's own
 *   milestones (annual web-based reviews, site-based assessment) exist only after an award, so none
 *   are generated for a working cycle.
 * Sharing the proofs module's anchor keeps proof_link.cycle_starts_on equal to the cycle start
 * used here, which the coverage grid and the review milestones count on.
 */
export type CycleBasis = 'award' | 'working';

export interface DepartmentCycle extends AccreditationCycle {
  basis: CycleBasis;
}

export interface CycleDepartment {
  awardDate: IsoDate | null;
  /** The length of the program's cycle in years (program.cycle_years; CALEA's: 4). */
  cycleYears: number;
  /** The (UTC) day the department was entered in the tracker. */
  createdOn: IsoDate;
}

export function departmentCycle(department: CycleDepartment, today: IsoDate, siteAssessmentLeadDays: number): DepartmentCycle {
  const shape = { cycleYears: department.cycleYears, siteAssessmentLeadDays };
  if (department.awardDate && department.awardDate <= today) {
    // Numbered from the award, as the department view shows it.
    return { ...(accreditationCycle(department.awardDate, today, shape) as AccreditationCycle), basis: 'award' };
  }
  const startsOn = cycleContaining(cycleAnchor(department).date, today, department.cycleYears).startsOn;
  // The containing cycle starts on or before today, so accreditationCycle() never returns null here.
  return { ...(accreditationCycle(startsOn, today, shape) as AccreditationCycle), basis: 'working' };
}
