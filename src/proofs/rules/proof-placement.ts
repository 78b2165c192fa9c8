import type { FieldError } from '../../common/problem/problem';
import { addDays, IsoDate } from '../../kernel/accreditation-cycle';
import { periodsForFrequency } from '../../kernel/deadline-periods';
import { Bullet, DEFAULT_ACTIVITY_KEY, Frequency } from '../../kernel/standard-types';
import { cycleContaining, ProofCycle } from '../../kernel/proof-cycle';

export interface PlacementInput {
  /** What the department's cycles count from (see cycleAnchor). */
  anchor: IsoDate;
  /** The length in years of the cycles of the file's program. */
  cycleYears: number;
  effectiveDate: IsoDate;
  /** The year the uploader chose; it must be the year the effective date falls in. Derived when absent. */
  cycleYear?: number;
  periodKey?: string;
  /** The activity the uploader chose; required when the standard has several, optional with one. */
  activityId?: string;
  bullets?: readonly string[];
  standard: { number: string; activities: readonly PlacementActivity[]; bullets: readonly Bullet[] };
  /** Today's date; an effective date after it is refused. */
  today: IsoDate;
}

/** One activity of the standard (in the manual's order). */
export interface PlacementActivity {
  id: string;
  key: string;
  name: string;
  frequency: Frequency;
}

/** Where a date falls: the cycle (today's or the one before it), the cycle year and its dates. */
export interface DatePlace {
  /** 'current': the cycle today is in; 'previous': the one before it (the oldest kept). */
  cycle: 'current' | 'previous';
  cycleStartsOn: IsoDate;
  cycleEndsOn: IsoDate;
  cycleYear: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export interface Placement {
  /** The cycle that contains the effective date: the proof is filed under it. */
  cycle: ProofCycle;
  cycleYear: number;
  /** Where the effective date falls (the cycle year above, with its dates and whether it is today's cycle). */
  place: DatePlace;
  /** '' when the proof covers no particular period. */
  periodKey: string;
  /** The activity the proof meets; null when the standard has none. */
  activity: PlacementActivity | null;
  /** The standard's own letters, in the standard's order, without repeats. */
  bullets: string[];
}

/**
 * Why a proof cannot be filed: 400 when the form is malformed (not a date, a year outside the cycle,
 * unknown bullets, a period for a standard without periods), 422 when the date and the year or
 * period disagree, or the date is in the future or before the oldest cycle kept. `dateFallsIn`
 * names the year the date falls in, when it falls in a kept cycle.
 */
export interface PlacementRefusal {
  status: 400 | 422;
  errors: FieldError[];
  dateFallsIn?: DatePlace;
}

export const isPlacementRefusal = (result: Placement | PlacementRefusal): result is PlacementRefusal => 'errors' in result;

const isCalendarDate = (date: string): boolean => {
  try {
    return addDays(date, 0) === date;
  } catch {
    return false;
  }
};

/** In words: "cycle year 4 (2025-03-01 to 2026-02-28) of the previous cycle (2022-03-01 to 2026-02-28)". */
export function describePlace(place: DatePlace): string {
  return `cycle year ${place.cycleYear} (${place.startsOn} to ${place.endsOn}) of the ${place.cycle} cycle (${place.cycleStartsOn} to ${place.cycleEndsOn})`;
}

/**
 * Where `date` falls among the cycles a department keeps on `today` (its current cycle and the one
 * before it), or why it cannot be filed: 'future' after today, 'too_old' before the previous cycle.
 * The oldest kept cycle is returned with 'too_old' so the refusal can name it.
 */
export function placeOfDate(
  anchor: IsoDate,
  date: IsoDate,
  today: IsoDate,
  cycleYears: number,
): { ok: true; place: DatePlace; cycle: ProofCycle } | { ok: false; reason: 'future' } | { ok: false; reason: 'too_old'; oldest: ProofCycle } {
  if (date > today) return { ok: false, reason: 'future' };
  const current = cycleContaining(anchor, today, cycleYears);
  const previous = cycleContaining(anchor, addDays(current.startsOn, -1), cycleYears);
  if (date < previous.startsOn) return { ok: false, reason: 'too_old', oldest: previous };
  const cycle = date >= current.startsOn ? current : previous;
  const year = cycleContaining(anchor, date, cycleYears).yearOfDate;
  const span = cycle.years[year - 1];
  return {
    ok: true,
    cycle,
    place: { cycle: cycle === current ? 'current' : 'previous', cycleStartsOn: cycle.startsOn, cycleEndsOn: cycle.endsOn, cycleYear: year, startsOn: span.startsOn, endsOn: span.endsOn },
  };
}

/**
 * Where a proof goes, or every reason it cannot go there. The effective date (when the activity
 * happened) decides: the cycle and the cycle year it falls in, counted from the department's
 * anchor, and, for a time-sensitive standard, the period it falls in. A year or period the
 * uploader gives must be that one (422 naming the right one); without a year it is derived. A date
 * in the future, or before the previous cycle (the oldest kept), is refused; a date in the previous
 * cycle files there (`place.cycle` says so). Bullets must be the standard's.
 */
export function placeProof(input: PlacementInput): Placement | PlacementRefusal {
  const errors: FieldError[] = [];
  const dateOk = isCalendarDate(input.effectiveDate);
  if (!dateOk) errors.push({ field: 'effectiveDate', message: `${input.effectiveDate} is not a calendar date` });
  if (input.cycleYear !== undefined && (!Number.isInteger(input.cycleYear) || input.cycleYear < 1 || input.cycleYear > input.cycleYears)) {
    errors.push({ field: 'cycleYear', message: `cycleYear must be a year of the program's ${input.cycleYears}-year cycle, 1 to ${input.cycleYears}` });
  }
  const bullets = checkBullets(input.bullets ?? [], input.standard, errors);
  const activity = chooseActivity(input.standard, input.activityId, errors);
  const frequency = activity?.frequency ?? null;
  const periodKey = input.periodKey ?? '';
  if (periodKey !== '' && activity !== undefined) {
    const shape = periodShapeProblem(input.standard.number, activity);
    if (shape) errors.push({ field: 'periodKey', message: shape });
  }
  if (errors.length > 0 || activity === undefined) return { status: 400, errors };

  const where = placeOfDate(input.anchor, input.effectiveDate, input.today, input.cycleYears);
  if (!where.ok) {
    const message =
      where.reason === 'future'
        ? `must not be in the future (today is ${input.today})`
        : `${input.effectiveDate} is before the oldest cycle kept (${where.oldest.startsOn} to ${where.oldest.endsOn}); proofs are kept for the current cycle and the one before it`;
    return { status: 422, errors: [{ field: 'effectiveDate', message }] };
  }
  const { place, cycle } = where;
  if (input.cycleYear !== undefined && input.cycleYear !== place.cycleYear) {
    return {
      status: 422,
      errors: [{ field: 'cycleYear', message: `${input.effectiveDate} falls in ${describePlace(place)}, not in cycle year ${input.cycleYear}` }],
      dateFallsIn: place,
    };
  }
  if (periodKey !== '' && activity !== null) {
    const problem = periodProblem(periodKey, input.effectiveDate, input.standard.number, activity, cycle);
    if (problem) return { status: 422, errors: [{ field: 'periodKey', message: problem }], dateFallsIn: place };
  }
  // Without a period, a time-sensitive standard's proof goes in the period of its activity that its date falls in (as the year is derived).
  const filedPeriod = periodKey !== '' ? periodKey : (periodOfDate(frequency, cycle, input.effectiveDate)?.key ?? '');
  return { cycle, cycleYear: place.cycleYear, place, periodKey: filedPeriod, activity, bullets };
}

/**
 * The activity a proof meets: the one named (it must be the standard's), or the only one when the
 * standard has one; none for a standard without activities. Several and none named: a 400, listing
 * them. undefined when refused (the reason is in `errors`).
 */
export function chooseActivity(
  standard: Pick<PlacementInput['standard'], 'number' | 'activities'>,
  activityId: string | undefined,
  errors: FieldError[],
): PlacementActivity | null | undefined {
  const list = standard.activities;
  const listed = (): string => list.map((a) => `${a.id} (${a.name}, ${a.frequency.replace('_', '-')})`).join('; ');
  if (activityId === undefined || activityId === '') {
    if (list.length <= 1) return list[0] ?? null;
    errors.push({ field: 'activityId', message: `standard ${standard.number} requires ${list.length} activities: say which one the proof meets, one of ${listed()}` });
    return undefined;
  }
  if (list.length === 0) {
    errors.push({ field: 'activityId', message: `standard ${standard.number} has no activities: leave activityId out` });
    return undefined;
  }
  const found = list.find((a) => a.id === activityId);
  if (found) return found;
  errors.push({ field: 'activityId', message: `${activityId} is not an activity of standard ${standard.number}; its activities are ${listed()}` });
  return undefined;
}

/** The period of a standard's schedule, in `cycle`, that holds `date`; null when its schedule has no periods (daily, per event) or none holds it. */
export function periodOfDate(frequency: Frequency | null, cycle: Pick<ProofCycle, 'startsOn' | 'endsOn'>, date: IsoDate): { key: string; startsOn: IsoDate; endsOn: IsoDate } | null {
  if (!frequency) return null;
  const found = periodsForFrequency(frequency, cycle.startsOn, cycle.endsOn).find((p) => p.startsOn <= date && date <= p.endsOn);
  return found ? { key: found.key, startsOn: found.startsOn, endsOn: found.endsOn } : null;
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

/** A period given for an activity whose schedule has none (or a standard without activities): a malformed request (400). */
function periodShapeProblem(number: string, activity: PlacementActivity | null): string | null {
  if (!activity) return `standard ${number} is not time-sensitive: leave periodKey out`;
  if (periodsForFrequency(activity.frequency, '2000-01-01', '2003-12-31').length === 0) {
    return `standard ${number}${activity.key === DEFAULT_ACTIVITY_KEY ? '' : `, activity ${activity.name},`} is ${activity.frequency.replace('_', '-')}: its schedule has no periods, leave periodKey out`;
  }
  return null;
}

/** The given period must be the one of the activity's schedule the effective date falls in. */
function periodProblem(key: string, date: IsoDate, number: string, activity: PlacementActivity, cycle: ProofCycle): string | null {
  const periods = periodsForFrequency(activity.frequency, cycle.startsOn, cycle.endsOn);
  const containing = periods.find((p) => p.startsOn <= date && date <= p.endsOn);
  if (containing?.key === key) return null;
  const given = periods.find((p) => p.key === key);
  const what = activity.key === DEFAULT_ACTIVITY_KEY ? `standard ${number}, ${activity.frequency}` : `standard ${number}, activity ${activity.name}, ${activity.frequency}`;
  const known = given ? `${key} (${given.startsOn} to ${given.endsOn})` : `${key} (not a period of ${what}, in the cycle ${cycle.startsOn} to ${cycle.endsOn})`;
  return containing
    ? `${date} falls in period ${containing.key} (${containing.startsOn} to ${containing.endsOn}), not in ${known}`
    : `${date} falls in no period of standard ${number}; ${known} does not hold it`;
}
