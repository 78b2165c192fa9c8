/** A calendar date as YYYY-MM-DD; cycle arithmetic is on dates, never on instants. */
export type IsoDate = string;

export interface CycleYear {
  year: 1 | 2 | 3 | 4;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

export interface AccreditationCycle {
  /** 1 for the cycle that starts at the award date, 2 after the first reaccreditation, ... */
  cycleNumber: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** The cycle year `today` falls in. */
  currentYear: 1 | 2 | 3 | 4;
  years: CycleYear[];
  /** The remote, web-based file reviews that close cycle years 1 to 3. */
  annualReviewDates: IsoDate[];
  /** The site-based assessment in year 4, `siteAssessmentLeadDays` before the cycle ends. */
  siteAssessmentOn: IsoDate;
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

/**
 * The four-year cycle an accredited agency is in on `today`, counted from its award date: year 1
 * starts on the award date, each later year on an anniversary, and a new cycle every four years.
 * Returns null before the award.
 */
/** Whole days from `from` to `to` (negative when `to` is earlier); both must be valid dates. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  addDays(from, 0);
  addDays(to, 0);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function accreditationCycle(awardDate: IsoDate, today: IsoDate, siteAssessmentLeadDays = 90): AccreditationCycle | null {
  parse(today);
  if (today < awardDate) return null;
  let cycleNumber = 1;
  while (addYears(awardDate, cycleNumber * 4) <= today) cycleNumber++;
  const startsOn = addYears(awardDate, (cycleNumber - 1) * 4);
  const years = ([1, 2, 3, 4] as const).map((year) => ({
    year,
    startsOn: addYears(startsOn, year - 1),
    endsOn: addDays(addYears(startsOn, year), -1),
  }));
  const endsOn = years[3].endsOn;
  const current = years.find((y) => y.startsOn <= today && today <= y.endsOn) ?? years[3];
  return {
    cycleNumber,
    startsOn,
    endsOn,
    currentYear: current.year,
    years,
    annualReviewDates: years.slice(0, 3).map((y) => y.endsOn),
    siteAssessmentOn: addDays(endsOn, -siteAssessmentLeadDays),
  };
}
