import { addDays, IsoDate } from '../../kernel/accreditation-cycle';
import type { ProofKind, ProofReviewState } from '../../kernel/proof-types';
import { DEFAULT_ACTIVITY_KEY, Frequency } from '../../kernel/standard-types';
import { adoptionMilestone, CycleMilestone, cycleMilestones, DeadlinePeriod, periodsForFrequency } from '../../kernel/deadline-periods';
import { daysBetween, decideState, DeadlineProof, DeadlineState, deadlineState, DeadlineWindows, validateWindows } from './deadline-state';
import type { DepartmentCycle } from '../../kernel/department-cycle';

export const DEADLINE_KINDS = ['activity', 'annual_review', 'site_assessment', 'public_comment_notice', 'manual_adoption', 'directive_review', 'waiver_end'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
/** The department's own milestones (no file): the cycle's reviews and assessment, and a manual to adopt. */
export const MILESTONE_KINDS: readonly DeadlineKind[] = ['annual_review', 'site_assessment', 'public_comment_notice', 'manual_adoption'];
/** The milestones a department records as done itself (the others follow from its files and manual). */
export const RECORDED_MILESTONE_KINDS: readonly DeadlineKind[] = ['public_comment_notice'];
export const isMilestone = (kind: DeadlineKind): boolean => MILESTONE_KINDS.includes(kind);

/**
 * An in-scope file's own dates, stored with its work: its directives' next review dates and the
 * end of its waiver. Each becomes a deadline of the file until the date moves (a directive reviewed
 * and given its next date, a waiver renewed) or the field is cleared.
 */
export interface DatedFile {
  id: string;
  number: string;
  sortKey: string;
  title: string;
  /** Only for a waived file with an end date. */
  waiver: { reference: string | null; grantedOn: IsoDate | null; endsOn: IsoDate } | null;
  directiveReviews: readonly { number: string; title: string; effectiveDate: IsoDate | null; nextReviewDate: IsoDate }[];
}

/** One required activity of a file's standard (see ParsedActivity). */
export interface ScheduleActivity {
  key: string;
  name: string;
  frequency: Frequency;
  /** per_event only: the next event (or a no-activity memo) is due this many days after the last one. */
  reminderDays: number | null;
}

/** An in-scope, applicable file of a time-sensitive standard with one or more activities (in the manual's order). */
export interface ScheduleFile {
  id: string;
  number: string;
  sortKey: string;
  title: string;
  activities: readonly ScheduleActivity[];
}

/** A proof linked to a file (withdrawn links left out by the caller). */
export interface ScheduleProof {
  standardFileId: string;
  /** The activity the filing names; '' (filed before activities) stands for the file's first activity. */
  activityKey: string;
  effectiveDate: IsoDate;
  reviewState: ProofReviewState;
  kind: ProofKind;
}

/** How many applicable files have a counting proof (pending or accepted link) for a cycle year, and how many an accepted one. */
export interface YearCoverage {
  files: number;
  covered: number;
  accepted: number;
}

export interface MilestoneCoverage {
  /** By cycle year, 1 to the cycle's length. */
  years: Record<number, YearCoverage>;
  /** Files covered in every year of the cycle: what the site-based assessment looks at. */
  allYears: YearCoverage;
}

/** A newer version of the department's manual waits to be adopted (as departments.service views() finds it). */
export interface PendingAdoption {
  currentVersion: string;
  /** The first version newer than the department's: the adoption period runs from its effective date. */
  firstNewerVersion: string;
  firstNewerEffectiveDate: IsoDate;
  newestVersion: string;
}

export interface ScheduleInput {
  departmentId: string;
  /** What the ids of milestone deadlines (not a file's) are scoped by: the department's id by default, an enrolment's for a second program. */
  milestoneScope?: string;
  cycle: DepartmentCycle;
  files: readonly ScheduleFile[];
  proofs: readonly ScheduleProof[];
  coverage: MilestoneCoverage | null;
  adoption: PendingAdoption | null;
  adoptionMonths: number;
  /** Files with directive review dates or a waiver end date (none when left out). */
  datedFiles?: readonly DatedFile[];
  /** Days before each assessment that its public-comment notice is due; 0 or left out: no notice. */
  publicCommentNoticeDays?: number;
  /** The cycle milestones of the enrolment's program (program.milestones); every one when left out. */
  programMilestones?: readonly string[];
  /** The day each recorded milestone was done, by deadline key (milestone_record). */
  milestoneRecords?: ReadonlyMap<string, IsoDate>;
}

export interface Deadline {
  /** Stable across calls and manual versions: the file id (files outlive versions) or the department id, and the period or milestone key. */
  id: string;
  departmentId: string;
  kind: DeadlineKind;
  /** The period key (e.g. 2022-Y1-Q3) or the milestone key (e.g. 2022-Y1-annual-review, adopt-6.16). */
  key: string;
  standardFileId: string | null;
  standardNumber: string | null;
  standardTitle: string | null;
  frequency: Frequency | null;
  /** For activity deadlines: the standard's activity this deadline belongs to. */
  activityKey: string | null;
  activityName: string | null;
  title: string;
  startsOn: IsoDate;
  dueOn: IsoDate;
  state: DeadlineState;
  urgent: boolean;
  daysUntilDue: number;
  open: boolean;
  /** Proofs dated inside the period (activities only). */
  proofsInPeriod: { accepted: number; pending: number; returned: number };
  /** For review and assessment milestones: how far the cycle year's files are covered. */
  coverage: YearCoverage | null;
  /** For ordering deadlines that fall on the same day: milestones first, then standards in natural order. */
  sortKey: string;
}

const FREQUENCY_LABEL: Record<Frequency, string> = {
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  quarterly: 'quarterly',
  semiannual: 'semiannual',
  annual: 'annual',
  biennial: 'biennial',
  triennial: 'triennial',
  quadrennial: 'quadrennial',
  per_event: 'per-event',
};

/** The period part of a key, without the cycle's year prefix: "2022-Y1-Q3" -> "Y1-Q3". */
const periodLabel = (key: string): string => key.replace(/^\d{4}-/, '');

const DAY_MS = 86_400_000;
/** Midnight UTC of a valid ISO date, as daysBetween() reads it. */
const dayMs = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`);

/** An activity period with its label and its dates as instants (midnight UTC, as daysBetween() reads them). */
interface CyclePeriod extends DeadlinePeriod {
  label: string;
  startMs: number;
  dueMs: number;
}

/** A period with what its dates decide as of the build's day. */
interface PeriodFacts {
  period: CyclePeriod;
  daysUntilDue: number;
  open: boolean;
}

/**
 * periodsForFrequency() is pure and a department's cycle lasts a few years, so the periods of each
 * (frequency, cycle) are kept, frozen, for the next builds: the most recently used
 * PERIOD_CACHE_SIZE of them (a department has at most one per frequency; weekly is the largest,
 * 209 periods). Each build still decides every state from today and the proofs.
 */
const PERIOD_CACHE_SIZE = 1024;
const periodCache = new Map<string, readonly CyclePeriod[]>();

function cyclePeriods(frequency: Frequency, startsOn: IsoDate, endsOn: IsoDate): readonly CyclePeriod[] {
  const key = `${frequency}|${startsOn}|${endsOn}`;
  let periods = periodCache.get(key);
  if (periods) {
    // Most recently used last, so the oldest entry is the first one dropped.
    periodCache.delete(key);
  } else {
    periods = Object.freeze(
      periodsForFrequency(frequency, startsOn, endsOn).map((p) =>
        Object.freeze({ ...p, label: periodLabel(p.key), startMs: dayMs(p.startsOn), dueMs: dayMs(p.dueOn) }),
      ),
    );
    if (periodCache.size >= PERIOD_CACHE_SIZE) periodCache.delete(periodCache.keys().next().value as string);
  }
  periodCache.set(key, periods);
  return periods;
}

/**
 * A milestone is met when its cycle year's file is complete: every applicable file has a counting
 * proof for the year (met when every one has an accepted proof, met_awaiting_review while some are
 * pending). The completeness is handed to deadlineState as one proof dated on the milestone's first
 * day, so milestones follow exactly the same states and windows as activity periods.
 */
function milestoneProofs(startsOn: IsoDate, coverage: YearCoverage | null): DeadlineProof[] {
  if (!coverage || coverage.files === 0 || coverage.covered < coverage.files) return [];
  return [{ effectiveDate: startsOn, reviewState: coverage.accepted >= coverage.files ? 'accepted' : 'pending', kind: 'document' }];
}

/**
 * Every deadline of one department over its current cycle: the periods of each time-sensitive file,
 * the cycle milestones (award-based cycles only) and a manual adoption deadline when a newer version waits.
 */
export function buildSchedule(input: ScheduleInput, today: IsoDate, windows: DeadlineWindows): Deadline[] {
  const { departmentId, cycle } = input;
  const milestoneScope = input.milestoneScope ?? departmentId;
  const proofsByFile = new Map<string, ScheduleProof[]>();
  for (const proof of input.proofs) {
    const list = proofsByFile.get(proof.standardFileId);
    if (list) list.push(proof);
    else proofsByFile.set(proof.standardFileId, [proof]);
  }

  // Files of the same frequency share their periods, and a period's dates decide everything but
  // which proofs fall inside it: for each frequency, the days until each period is due and
  // whether it is open are worked out once per build (a department has hundreds of periods, and
  // date arithmetic dominated the cost). Each file then only sorts its own proofs into the periods.
  const periodsOf = new Map<Frequency, PeriodFacts[]>();
  let todayMs: number | undefined;
  const factsOf = (frequency: Frequency): PeriodFacts[] => {
    let facts = periodsOf.get(frequency);
    if (facts) return facts;
    const periods = cyclePeriods(frequency, cycle.startsOn, cycle.endsOn);
    if (periods.length > 0 && todayMs === undefined) {
      // What deadlineState() checks on every call, checked once.
      validateWindows(windows);
      daysBetween(today, today);
      todayMs = dayMs(today);
    }
    const from = todayMs ?? 0;
    facts = periods.map((period) => ({
      period,
      // daysBetween(today, dueOn) and daysBetween(startsOn, today) >= 0.
      daysUntilDue: Math.round((period.dueMs - from) / DAY_MS),
      open: Math.round((from - period.startMs) / DAY_MS) >= 0,
    }));
    periodsOf.set(frequency, facts);
    return facts;
  };
  const deadlines: Deadline[] = [];
  for (const file of input.files) {
    const fileProofs = proofsByFile.get(file.id) ?? [];
    const sortKey = `1:${file.sortKey}`;
    // One activity named as a frequency alone gave it keeps the titles of before activities.
    const single = file.activities.length === 1 && file.activities[0].key === DEFAULT_ACTIVITY_KEY;
    file.activities.forEach((activity, position) => {
      const proofs = file.activities.length === 1 ? fileProofs.filter((p) => p.activityKey === activity.key || p.activityKey === '') : fileProofs.filter((p) => provesActivity(p, activity, position));
      // The first activity keeps the deadline ids of one frequency per standard (overdue records, calendar UIDs).
      const idPrefix = position === 0 ? `${file.id}:` : `${file.id}:${activity.key}:`;
      const what = single ? `${FREQUENCY_LABEL[activity.frequency]} activity` : `${activity.name} (${FREQUENCY_LABEL[activity.frequency]})`;
      const titlePrefix = `${file.number} ${file.title}: ${what}, `;
      const base = { departmentId, standardFileId: file.id, standardNumber: file.number, standardTitle: file.title, frequency: activity.frequency, activityKey: activity.key, activityName: activity.name, coverage: null, sortKey };
      if (activity.frequency === 'per_event') {
        if (activity.reminderDays !== null) deadlines.push(eventReminder(base, idPrefix, titlePrefix, activity.reminderDays, proofs));
        return;
      }
      for (const { period, daysUntilDue, open } of factsOf(activity.frequency)) {
        // ISO dates compare as strings. Returned (and withdrawn) proofs never count toward the state.
        const inPeriod = { accepted: 0, pending: 0, returned: 0 };
        for (const p of proofs) {
          if (p.reviewState !== 'withdrawn' && period.startsOn <= p.effectiveDate && p.effectiveDate <= period.dueOn) inPeriod[p.reviewState]++;
        }
        const status = decideState({ accepted: inPeriod.accepted > 0, pending: inPeriod.pending > 0, daysUntilDue, open }, windows);
        deadlines.push({
          ...base,
          id: idPrefix + period.key,
          kind: 'activity',
          key: period.key,
          title: titlePrefix + period.label,
          startsOn: period.startsOn,
          dueOn: period.dueOn,
          state: status.state,
          urgent: status.urgent,
          daysUntilDue: status.daysUntilDue,
          open: status.open,
          proofsInPeriod: inPeriod,
        });
      }
    });
  }

  /**
   * A per-event activity with a reminder has no calendar series: one deadline asks for the next
   * event (or a no-activity memo saying none happened) `days` after the last one filed in the cycle
   * (pending or accepted), or after the cycle's start when none is. Filing it moves the deadline on,
   * as a directive's next review date does; its key names the day it counts from.
   */
  function eventReminder(
    base: Pick<Deadline, 'departmentId' | 'standardFileId' | 'standardNumber' | 'standardTitle' | 'frequency' | 'activityKey' | 'activityName' | 'coverage' | 'sortKey'>,
    idPrefix: string,
    titlePrefix: string,
    days: number,
    proofs: readonly ScheduleProof[],
  ): Deadline {
    let last: IsoDate | null = null;
    for (const p of proofs) if ((p.reviewState === 'accepted' || p.reviewState === 'pending') && (last === null || p.effectiveDate > last)) last = p.effectiveDate;
    const startsOn = last ?? cycle.startsOn;
    const dueOn = addDays(startsOn, days);
    const key = `next-event-after-${startsOn}`;
    return {
      ...base,
      id: idPrefix + key,
      kind: 'activity',
      key,
      title: `${titlePrefix}next event or no-activity memo (${last ? `last ${last}` : 'none yet this cycle'})`,
      startsOn,
      dueOn,
      ...deadlineState({ startsOn, dueOn, proofs: [] }, today, windows),
      proofsInPeriod: { accepted: 0, pending: 0, returned: 0 },
    };
  }

  /**
   * The public-comment notice due `days` before an assessment's date, from the start of its cycle
   * year; met once the department records it published (on any day: a late notice is still the
   * notice, and the record says when).
   */
  const publicCommentNotice = (assessment: CycleMilestone, title: string, days: number): Deadline => {
    const key = `${assessment.key}-public-comment-notice`;
    const dueOn = addDays(assessment.dueOn, -days);
    const startsOn = assessment.startsOn <= dueOn ? assessment.startsOn : dueOn;
    const doneOn = input.milestoneRecords?.get(key);
    const proofs: DeadlineProof[] = doneOn ? [{ effectiveDate: doneOn < startsOn ? startsOn : doneOn > dueOn ? dueOn : doneOn, reviewState: 'accepted', kind: 'document' }] : [];
    return milestone('public_comment_notice', key, `Public-comment notice, ${title}`, startsOn, dueOn, null, proofs);
  };

  const milestone = (
    kind: Exclude<DeadlineKind, 'activity'>,
    key: string,
    title: string,
    startsOn: IsoDate,
    dueOn: IsoDate,
    coverage: YearCoverage | null,
    proofs: DeadlineProof[] = milestoneProofs(startsOn, coverage),
  ): Deadline => ({
    id: `${milestoneScope}:${key}`,
    departmentId,
    kind,
    key,
    standardFileId: null,
    standardNumber: null,
    standardTitle: null,
    frequency: null,
    activityKey: null,
    activityName: null,
    title,
    startsOn,
    dueOn,
    ...deadlineState({ startsOn, dueOn, proofs }, today, windows),
    proofsInPeriod: { accepted: 0, pending: 0, returned: 0 },
    coverage,
    sortKey: `0:${kind}`,
  });

  if (cycle.basis === 'award') {
    const has = (milestone: string): boolean => !input.programMilestones || input.programMilestones.includes(milestone);
    const noticeDays = has('public_comment_notice') ? (input.publicCommentNoticeDays ?? 0) : 0;
    for (const m of cycleMilestones(cycle)) {
      if (!has(m.kind)) continue;
      let assessment: string;
      if (m.kind === 'annual_review') {
        const year = Number(/-Y(\d)-annual-review$/.exec(m.key)?.[1]);
        assessment = `year ${year} review`;
        deadlines.push(
          milestone('annual_review', m.key, `Annual web-based file review, cycle year ${year}`, m.startsOn, m.dueOn, input.coverage?.years[year] ?? null),
        );
      } else {
        assessment = 'site visit';
        deadlines.push(milestone('site_assessment', m.key, `Site-based assessment, cycle year ${cycle.years.length}`, m.startsOn, m.dueOn, input.coverage?.allYears ?? null));
      }
      if (noticeDays > 0) deadlines.push(publicCommentNotice(m, assessment, noticeDays));
    }
  }

  /** A deadline of a file's own date; a start after the due date (a directive effective after its review date) starts on the due date. */
  const fileDeadline = (file: DatedFile, kind: 'directive_review' | 'waiver_end', key: string, title: string, from: IsoDate, dueOn: IsoDate): Deadline => {
    const startsOn = from <= dueOn ? from : dueOn;
    return {
    id: `${file.id}:${key}`,
    departmentId,
    kind,
    key,
    standardFileId: file.id,
    standardNumber: file.number,
    standardTitle: file.title,
    frequency: null,
    activityKey: null,
    activityName: null,
    title,
    startsOn,
    dueOn,
    ...deadlineState({ startsOn, dueOn, proofs: [] }, today, windows),
    proofsInPeriod: { accepted: 0, pending: 0, returned: 0 },
    coverage: null,
    sortKey: `1:${file.sortKey}`,
    };
  };
  for (const file of input.datedFiles ?? []) {
    for (const review of file.directiveReviews) {
      deadlines.push(
        fileDeadline(
          file,
          'directive_review',
          `review-${review.number}-${review.nextReviewDate}`,
          `${file.number} ${file.title}: review directive ${review.number} ${review.title}`.trim(),
          review.effectiveDate ?? review.nextReviewDate,
          review.nextReviewDate,
        ),
      );
    }
    if (file.waiver) {
      const reference = file.waiver.reference ? ` ${file.waiver.reference}` : '';
      deadlines.push(
        fileDeadline(
          file,
          'waiver_end',
          `waiver-end-${file.waiver.endsOn}`,
          `${file.number} ${file.title}: waiver${reference} ends (renew it, or the standard applies again)`,
          file.waiver.grantedOn ?? file.waiver.endsOn,
          file.waiver.endsOn,
        ),
      );
    }
  }

  if (input.adoption) {
    const a = input.adoption;
    const newest = a.newestVersion !== a.firstNewerVersion ? ` (newest: ${a.newestVersion})` : '';
    deadlines.push(
      milestone(
        'manual_adoption',
        `adopt-${a.firstNewerVersion}`,
        `Adopt manual version ${a.firstNewerVersion}${newest}, replacing ${a.currentVersion}`,
        a.firstNewerEffectiveDate,
        adoptionMilestone(a.firstNewerEffectiveDate, input.adoptionMonths),
        null,
      ),
    );
  }
  return deadlines.sort(compareDeadlines);
}

/**
 * Whether a filing proves one of its file's activities (the one at `position`): the filing names
 * it, or names none ('' , filed before the standard had activities) and it is the first. A filing
 * naming an activity the standard no longer has (dropped by a newer manual version) proves none.
 */
export function provesActivity(proof: Pick<ScheduleProof, 'activityKey'>, activity: Pick<ScheduleActivity, 'key'>, position: number): boolean {
  return proof.activityKey === activity.key || (proof.activityKey === '' && position === 0);
}

/** Plain code-unit order: dates, sort keys and period keys are ASCII, and lists run to thousands. */
export const compareAscii = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareDeadlines(a: Deadline, b: Deadline): number {
  return compareAscii(a.dueOn, b.dueOn) || compareAscii(a.sortKey, b.sortKey) || compareAscii(a.key, b.key);
}

/** Deadlines still to meet (neither met nor met awaiting review), soonest first. */
export function openDeadlines(deadlines: readonly Deadline[]): Deadline[] {
  return deadlines.filter((d) => d.state !== 'met' && d.state !== 'met_awaiting_review').sort(compareDeadlines);
}
