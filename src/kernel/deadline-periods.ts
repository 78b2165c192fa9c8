import { AccreditationCycle, addDays, addMonths, addYears, IsoDate } from './accreditation-cycle';
import { Frequency } from './standard-types';

/**
 * One activity period of a time-sensitive standard. `dueOn` equals `endsOn`: the activity may
 * happen on any day of the period, the last day included.
 *
 * Keys are `<year the cycle starts>-<part>`, where the part counts within the cycle, never the
 * calendar (cycle years start on the award anniversary):
 *   annual Y1..Y4; semiannual Y1-H1, Y1-H2; quarterly Y1-Q1..Y1-Q4; monthly Y1-M01..Y1-M12
 *   (the 1st to 12th month of cycle year 1); weekly W001..W209 (weeks of the cycle);
 *   biennial Y1-Y2, Y3-Y4; triennial Y1-Y3, then Y4 (cut at cycle end); quadrennial Y1-Y4.
 * The year prefix keeps keys unique across a department's cycles, which start a cycle length apart.
 */
export interface DeadlinePeriod {
  key: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  dueOn: IsoDate;
}

export type MilestoneKind = 'annual_review' | 'site_assessment';

export interface CycleMilestone {
  key: string;
  kind: MilestoneKind;
  startsOn: IsoDate;
  dueOn: IsoDate;
}

const two = (n: number) => String(n).padStart(2, '0');

const DAY_MS = 86_400_000;
/** The calendar day (UTC) of an instant, as YYYY-MM-DD (what addDays() formats). */
const isoDay = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
/** addDays(date, -1) for a date this module computed itself (already valid, so not parsed and checked again). */
const dayBefore = (date: IsoDate): IsoDate => isoDay(Date.parse(`${date}T00:00:00Z`) - DAY_MS);

/** Months per period, and the key part of the n-th period (0-based) of a calendar-like frequency. */
const MONTHLY_LAYOUTS: Record<
  Exclude<Frequency, 'daily' | 'weekly' | 'per_event'>,
  { months: number; part: (n: number) => string }
> = {
  monthly: { months: 1, part: (n) => `Y${Math.floor(n / 12) + 1}-M${two((n % 12) + 1)}` },
  quarterly: { months: 3, part: (n) => `Y${Math.floor(n / 4) + 1}-Q${(n % 4) + 1}` },
  semiannual: { months: 6, part: (n) => `Y${Math.floor(n / 2) + 1}-H${(n % 2) + 1}` },
  annual: { months: 12, part: (n) => `Y${n + 1}` },
  biennial: { months: 24, part: (n) => `Y${2 * n + 1}-Y${2 * n + 2}` },
  triennial: { months: 36, part: (n) => `Y${3 * n + 1}-Y${3 * n + 3}` },
  quadrennial: { months: 48, part: (n) => `Y${4 * n + 1}-Y${4 * n + 4}` },
};

/**
 * The consecutive activity periods of a time-sensitive standard over one accreditation cycle
 * (`cycleStart`..`cycleEnd`, both inclusive, as from accreditationCycle()). Periods are anchored
 * on the cycle start, so monthly, quarterly and semiannual periods subdivide the cycle years
 * exactly; a period that would run past the cycle end is cut there, since each cycle's file is
 * assessed on its own (e.g. a triennial standard has Y1-Y3, then Y4 alone).
 *
 * No periods for:
 * - per_event: there is no schedule; the events themselves are the proofs;
 * - daily: some 1,460 deadlines per standard per cycle would bury every other deadline and the
 *   calendar feed; daily activities (e.g. line inspections) are proven by logs the assessor samples.
 */
export function periodsForFrequency(frequency: Frequency, cycleStart: IsoDate, cycleEnd: IsoDate): DeadlinePeriod[] {
  addDays(cycleStart, 0);
  addDays(cycleEnd, 0);
  if (cycleEnd < cycleStart) throw new RangeError(`The cycle ends (${cycleEnd}) before it starts (${cycleStart}).`);
  const prefix = cycleStart.slice(0, 4);

  let startOf: (n: number) => IsoDate;
  let part: (n: number) => string;
  switch (frequency) {
    case 'daily':
    case 'per_event':
      return [];
    case 'weekly': {
      // addDays(cycleStart, 7 * n), without parsing the same valid date again for each of 209 weeks.
      const startMs = Date.parse(`${cycleStart}T00:00:00Z`);
      startOf = (n) => isoDay(startMs + 7 * n * DAY_MS);
      part = (n) => `W${String(n + 1).padStart(3, '0')}`;
      break;
    }
    case 'monthly':
    case 'quarterly':
    case 'semiannual':
    case 'annual':
    case 'biennial':
    case 'triennial':
    case 'quadrennial': {
      const layout = MONTHLY_LAYOUTS[frequency];
      // addYears for whole years keeps the cycle years identical to accreditationCycle()'s.
      startOf = (n) =>
        layout.months % 12 === 0 ? addYears(cycleStart, (layout.months / 12) * n) : addMonths(cycleStart, layout.months * n);
      part = layout.part;
      break;
    }
  }

  // Each period's start is worked out once and is the previous period's "next start".
  const periods: DeadlinePeriod[] = [];
  for (let n = 0, startsOn = startOf(0); startsOn <= cycleEnd; n++) {
    const nextStart = startOf(n + 1);
    const next = dayBefore(nextStart);
    const endsOn = next < cycleEnd ? next : cycleEnd;
    let key = part(n);
    if (endsOn !== next && frequency !== 'weekly') key = cutKey(key, endsOn, cycleStart);
    periods.push({ key: `${prefix}-${key}`, startsOn, endsOn, dueOn: endsOn });
    startsOn = nextStart;
  }
  return periods;
}

const HALVES = ['first half', 'second half'];

/**
 * A period key in words, for people: "2026-Y1" is "Cycle year 1", "2026-Y2-Q3" "Year 2, quarter 3",
 * "2026-Y1-M04" "Year 1, month 4", "2026-Y1-H2" "Year 1, second half", "2026-Y1-Y2" "Years 1 and 2",
 * "2026-Y1-Y3" "Years 1 to 3", "2026-W005" "Week 5 of the cycle". An unknown key is returned as it is.
 */
export function periodName(key: string): string {
  const part = key.replace(/^\d{4}-/, '');
  let m: RegExpExecArray | null;
  if ((m = /^Y(\d)$/.exec(part))) return `Cycle year ${m[1]}`;
  if ((m = /^Y(\d)-Q(\d)$/.exec(part))) return `Year ${m[1]}, quarter ${m[2]}`;
  if ((m = /^Y(\d)-M(\d\d)$/.exec(part))) return `Year ${m[1]}, month ${Number(m[2])}`;
  if ((m = /^Y(\d)-H([12])$/.exec(part))) return `Year ${m[1]}, ${HALVES[Number(m[2]) - 1]}`;
  if ((m = /^Y(\d)-Y(\d)$/.exec(part))) return Number(m[2]) === Number(m[1]) + 1 ? `Years ${m[1]} and ${m[2]}` : `Years ${m[1]} to ${m[2]}`;
  if ((m = /^W(\d{3})$/.exec(part))) return `Week ${Number(m[1])} of the cycle`;
  return key;
}

/** A multi-year key cut at the cycle end names the years it really covers ("Y4-Y6" -> "Y4"). */
function cutKey(key: string, endsOn: IsoDate, cycleStart: IsoDate): string {
  const m = /^Y(\d+)-Y(\d+)$/.exec(key);
  if (!m) return key;
  let lastYear = Number(m[1]);
  while (addYears(cycleStart, lastYear) <= endsOn) lastYear++;
  return lastYear === Number(m[1]) ? `Y${m[1]}` : `Y${m[1]}-Y${lastYear}`;
}

/**
 * The cycle's own deadlines: the remote, web-based file review closing each year but the last, and
 * the site-based assessment in the last year (CALEA's: reviews closing years 1 to 3, the assessment
 * in year 4). Both open when their cycle year starts.
 */
export function cycleMilestones(cycle: AccreditationCycle): CycleMilestone[] {
  const prefix = cycle.startsOn.slice(0, 4);
  const reviews = cycle.annualReviewDates.map(
    (dueOn, i): CycleMilestone => ({
      key: `${prefix}-Y${i + 1}-annual-review`,
      kind: 'annual_review',
      startsOn: cycle.years[i].startsOn,
      dueOn,
    }),
  );
  const last = cycle.years[cycle.years.length - 1];
  return [
    ...reviews,
    { key: `${prefix}-Y${last.year}-site-assessment`, kind: 'site_assessment', startsOn: last.startsOn, dueOn: cycle.siteAssessmentOn },
  ];
}

/**
 * Last day to adopt a new manual version: "up to N months" after it takes effect, so the day
 * before the N-month anniversary, like a cycle year's last day.
 */
export function adoptionMilestone(newVersionEffectiveDate: IsoDate, months = 12): IsoDate {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`The adoption period must be a whole number of months, 1 or more (got ${months}).`);
  return addDays(addMonths(newVersionEffectiveDate, months), -1);
}
