import type { FieldError } from '../../common/problem/problem';
import { addDays, IsoDate } from '../../departments/rules/accreditation-cycle';
import { periodsForFrequency } from '../../deadlines/rules/deadline-periods';
import type { Bullet, Frequency } from '../../standards/rules/standard-types';
import { cycleContaining, ProofCycle } from './proof-cycle';

export interface PlacementInput {
  /** What the department's cycles count from (see cycleAnchor). */
  anchor: IsoDate;
  effectiveDate: IsoDate;
  cycleYear: number;
  periodKey?: string;
  bullets?: readonly string[];
  standard: { number: string; frequency: Frequency | null; bullets: readonly Bullet[] };
  /** Today's date; an effective date after it is refused. */
  today: IsoDate;
}

export interface Placement {
  /** The cycle that contains the effective date: the proof is filed under it. */
  cycle: ProofCycle;
  cycleYear: 1 | 2 | 3 | 4;
  /** '' when the proof covers no particular period. */
  periodKey: string;
  /** The standard's own letters, in the standard's order, without repeats. */
  bullets: string[];
}

const isCalendarDate = (date: string): boolean => {
  try {
    return addDays(date, 0) === date;
  } catch {
    return false;
  }
};

/**
 * Where a proof goes, or every reason it cannot go there. The cycle is the one containing the
 * effective date (when the activity happened decides which cycle it evidences), counted from the
 * department's anchor. The cycle year (1-4) is the uploader's choice within that cycle: a proof may
 * be filed for the year it serves rather than the year it is dated. A period must be one of the
 * standard's schedule in that cycle and overlap the chosen year; bullets must be the standard's.
 */
export function placeProof(input: PlacementInput): Placement | FieldError[] {
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.effectiveDate)) {
    errors.push({ field: 'effectiveDate', message: `${input.effectiveDate} is not a calendar date` });
  } else if (input.effectiveDate > input.today) {
    errors.push({ field: 'effectiveDate', message: `must not be in the future (today is ${input.today})` });
  }
  if (!Number.isInteger(input.cycleYear) || input.cycleYear < 1 || input.cycleYear > 4) {
    errors.push({ field: 'cycleYear', message: 'cycleYear must be 1, 2, 3 or 4' });
  }
  const bullets = checkBullets(input.bullets ?? [], input.standard, errors);
  if (errors.length > 0) return errors;

  const cycle = cycleContaining(input.anchor, input.effectiveDate);
  const cycleYear = input.cycleYear as 1 | 2 | 3 | 4;
  const periodKey = input.periodKey ?? '';
  if (periodKey !== '') {
    const problem = periodProblem(periodKey, input.standard, cycle, cycleYear);
    if (problem) return [{ field: 'periodKey', message: problem }];
  }
  return { cycle, cycleYear, periodKey, bullets };
}

function checkBullets(requested: readonly string[], standard: PlacementInput['standard'], errors: FieldError[]): string[] {
  if (requested.length === 0) return [];
  if (standard.bullets.length === 0) {
    errors.push({ field: 'bullets', message: `standard ${standard.number} has no bullets` });
    return [];
  }
  const wanted = new Set(requested.map((b) => b.toLowerCase()));
  const unknown = [...wanted].filter((b) => !standard.bullets.some((s) => s.letter.toLowerCase() === b));
  if (unknown.length > 0) {
    errors.push({
      field: 'bullets',
      message: `standard ${standard.number} has no bullet ${unknown.join(', ')}; its bullets are ${standard.bullets.map((b) => b.letter).join(', ')}`,
    });
    return [];
  }
  return standard.bullets.filter((s) => wanted.has(s.letter.toLowerCase())).map((s) => s.letter);
}

function periodProblem(key: string, standard: PlacementInput['standard'], cycle: ProofCycle, cycleYear: 1 | 2 | 3 | 4): string | null {
  if (!standard.frequency) return `standard ${standard.number} is not time-sensitive: leave periodKey out`;
  const periods = periodsForFrequency(standard.frequency, cycle.startsOn, cycle.endsOn);
  if (periods.length === 0) return `standard ${standard.number} is ${standard.frequency.replace('_', '-')}: its schedule has no periods, leave periodKey out`;
  const period = periods.find((p) => p.key === key);
  if (!period) {
    const examples = periods.slice(0, 2).map((p) => p.key);
    return `${key} is not a period of standard ${standard.number} (${standard.frequency}) in the cycle ${cycle.startsOn} to ${cycle.endsOn}, which holds ${examples.join(', ')}${periods.length > 2 ? ' ...' : ''}`;
  }
  const year = cycle.years[cycleYear - 1];
  if (period.endsOn < year.startsOn || period.startsOn > year.endsOn) {
    return `${key} (${period.startsOn} to ${period.endsOn}) is not in cycle year ${cycleYear} (${year.startsOn} to ${year.endsOn})`;
  }
  return null;
}
