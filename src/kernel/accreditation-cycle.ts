import { MAX_CYCLE_YEARS, MIN_CYCLE_YEARS } from './program-values';

/** A calendar date as YYYY-MM-DD; cycle arithmetic is on dates, never on instants. */
export type IsoDate = string;

export interface CycleYear {
  /** 1 to the program's cycle length. */
  year: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export interface AccreditationCycle {
  /** 1 for the cycle that starts at the award date, 2 after the first reaccreditation, ... */
  cycleNumber: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** The cycle year `today` falls in. */
  currentYear: number;
  /** Years 1 to the program's cycle length (CALEA's: 4). */
  years: CycleYear[];
  /** The remote, web-based file reviews that close every cycle year but the last. */
  annualReviewDates: IsoDate[];
  /** The site-based assessment in the last year, `siteAssessmentLeadDays` before the cycle ends. */
  siteAssessmentOn: IsoDate;
}

/** How a program's cycles run: their length in years (program.cycle_years) and when the site-based assessment falls. */
export interface CycleShape {
  cycleYears: number;
  /** Days before the cycle ends that the site-based assessment is due (90 when left out). */
  siteAssessmentLeadDays?: number;
}

/** The cycle length of a shape, checked: a whole number of years the product supports. */
export function cycleLength(shape: { cycleYears: number }): number {
  const n = shape.cycleYears;
  if (!Number.isInteger(n) || n < MIN_CYCLE_YEARS || n > MAX_CYCLE_YEARS) {
    throw new RangeError(`A cycle lasts ${MIN_CYCLE_YEARS} to ${MAX_CYCLE_YEARS} whole years (got ${n}).`);
  }
  return n;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(date: IsoDate): Date {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  const value = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (value.toISOString().slice(0, 10) !== date) throw new RangeError(`Not a date: ${date}`);
  return value;
}

const format = (date: Date): IsoDate => date.toISOString().slice(0, 10);

/** Adds whole years; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Adds whole months; the 31st becomes the month's last day when the month is shorter. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`Not a whole number of months: ${months}`);
  const d = parse(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return format(target);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return format(new Date(parse(date).getTime() + days * 86_400_000));
}

/** Whole days from `from` to `to` (negative when `to` is earlier); both must be valid dates. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  addDays(from, 0);
  addDays(to, 0);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The cycle an accredited agency is in on `today`, counted from its award date: year 1 starts on
 * the award date, each later year on an anniversary, and a new cycle every `cycleYears` years
 * (CALEA's: four; a state program's may be three). Returns null before the award.
 */
export function accreditationCycle(awardDate: IsoDate, today: IsoDate, shape: CycleShape): AccreditationCycle | null {
  parse(today);
  const length = cycleLength(shape);
  if (today < awardDate) return null;
  let cycleNumber = 1;
  while (addYears(awardDate, cycleNumber * length) <= today) cycleNumber++;
  const startsOn = addYears(awardDate, (cycleNumber - 1) * length);
  const years = Array.from({ length }, (_, i) => ({
    year: i + 1,
    startsOn: addYears(startsOn, i),
    endsOn: addDays(addYears(startsOn, i + 1), -1),
  }));
  const last = years[length - 1];
  const current = years.find((y) => y.startsOn <= today && today <= y.endsOn) ?? last;
  return {
    cycleNumber,
    startsOn,
    endsOn: last.endsOn,
    currentYear: current.year,
    years,
    annualReviewDates: years.slice(0, length - 1).map((y) => y.endsOn),
    siteAssessmentOn: addDays(last.endsOn, -(shape.siteAssessmentLeadDays ?? 90)),
  };
}
