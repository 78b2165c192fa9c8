import type { IsoDate } from '../../kernel/accreditation-cycle';
import type { Frequency } from '../../kernel/standard-types';
import { periodOfDate } from './proof-placement';
import { cycleContaining } from '../../kernel/proof-cycle';

/** A live filing as stored: where it is, and the date that should decide where it is. */
export interface StoredFiling {
  effectiveDate: IsoDate;
  cycleStartsOn: IsoDate;
  cycleYear: number;
  /** '' when no period was stored. */
  periodKey: string;
  frequency: Frequency | null;
}

export type MisplacementKind = 'cycle' | 'cycle_year' | 'period';

export interface Misplacement {
  /** What disagrees with the date: the cycle, the cycle year, the period (a stored period only; an empty one is not counted). */
  kinds: MisplacementKind[];
  expected: { cycleStartsOn: IsoDate; cycleYear: number; periodKey: string | null };
}

/**
 * Where a filing's effective date says it belongs (counted from the department's anchor in cycles
 * of its program's length, as an upload places it today), and what of its stored place disagrees; null when it is where its date
 * puts it. Nothing is moved: this only reports.
 */
export function misplacementOf(filing: StoredFiling, anchor: IsoDate, cycleYears: number): Misplacement | null {
  const cycle = cycleContaining(anchor, filing.effectiveDate, cycleYears);
  const period = periodOfDate(filing.frequency, cycle, filing.effectiveDate);
  const kinds: MisplacementKind[] = [];
  if (filing.cycleStartsOn !== cycle.startsOn) kinds.push('cycle');
  if (filing.cycleYear !== cycle.yearOfDate) kinds.push('cycle_year');
  if (filing.periodKey !== '' && filing.periodKey !== (period?.key ?? '')) kinds.push('period');
  if (kinds.length === 0) return null;
  return { kinds, expected: { cycleStartsOn: cycle.startsOn, cycleYear: cycle.yearOfDate, periodKey: period?.key ?? null } };
}
