import { accreditationCycle, addDays, addYears, IsoDate } from './accreditation-cycle';

/** What a department's four-year cycles are counted from. */
export interface CycleAnchor {
  date: IsoDate;
  /**
   * award_date: the department's accreditation award date (CALEA's cycle).
   * department_created: no award date yet (working toward accreditation): the day the department
   * was entered in the tracker stands in, so its proofs still fall into stable four-year cycles.
   */
  source: 'award_date' | 'department_created';
}

export function cycleAnchor(department: { awardDate: IsoDate | null; createdOn: IsoDate }): CycleAnchor {
  return department.awardDate
    ? { date: department.awardDate, source: 'award_date' }
    : { date: department.createdOn, source: 'department_created' };
}

export interface ProofCycle {
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** The cycle year `date` falls in. */
  yearOfDate: 1 | 2 | 3 | 4;
  years: { year: 1 | 2 | 3 | 4; startsOn: IsoDate; endsOn: IsoDate }[];
}

/**
 * The four-year cycle that contains `date`, counting cycles from the anchor in both directions:
 * after the anchor as accreditationCycle() does, and before it in four-year steps back (so the
 * self-assessment years before a first award form the cycle that ends the day before it).
 */
export function cycleContaining(anchor: IsoDate, date: IsoDate): ProofCycle {
  let startsOn = anchor;
  while (date < startsOn) startsOn = addYears(startsOn, -4);
  const cycle = accreditationCycle(startsOn, date);
  if (!cycle) throw new RangeError(`No cycle contains ${date}`);
  return { startsOn: cycle.startsOn, endsOn: cycle.endsOn, yearOfDate: cycle.currentYear, years: cycle.years };
}

/** Proofs stay visible across a cycle change for this many years after their effective date. */
export const PROOF_VISIBLE_YEARS = 4;

/** The earliest effective date still shown on `today`: a new cycle keeps the last four years of proofs. */
export function visibleSince(today: IsoDate): IsoDate {
  return addDays(addYears(today, -PROOF_VISIBLE_YEARS), 1);
}
