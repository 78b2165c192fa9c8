import { accreditationCycle, addDays, addYears, cycleLength, IsoDate } from './accreditation-cycle';

/** What a department's cycles in a program are counted from. */
export interface CycleAnchor {
  date: IsoDate;
  /**
   * award_date: the enrolment's accreditation award date (the program's cycle).
   * department_created: no award date yet (working toward accreditation): the day the department
   * was entered in the tracker stands in, so its proofs still fall into stable cycles.
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
  yearOfDate: number;
  years: { year: number; startsOn: IsoDate; endsOn: IsoDate }[];
}

/**
 * The cycle of `cycleYears` years that contains `date`, counting cycles from the anchor in both
 * directions: after the anchor as accreditationCycle() does, and before it in steps of the cycle
 * length back (so the self-assessment years before a first award form the cycle that ends the day
 * before it).
 */
export function cycleContaining(anchor: IsoDate, date: IsoDate, cycleYears: number): ProofCycle {
  const length = cycleLength({ cycleYears });
  let startsOn = anchor;
  while (date < startsOn) startsOn = addYears(startsOn, -length);
  const cycle = accreditationCycle(startsOn, date, { cycleYears: length });
  if (!cycle) throw new RangeError(`No cycle contains ${date}`);
  return { startsOn: cycle.startsOn, endsOn: cycle.endsOn, yearOfDate: cycle.currentYear, years: cycle.years };
}

/**
 * The earliest effective date still shown on `today`: a new cycle keeps the proofs of the last
 * cycle's length in years (four in CALEA's program) visible.
 */
export function visibleSince(today: IsoDate, cycleYears: number): IsoDate {
  return addDays(addYears(today, -cycleLength({ cycleYears })), 1);
}
