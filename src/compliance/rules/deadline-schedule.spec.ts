import { accreditationCycle } from '../../kernel/accreditation-cycle';
import { buildSchedule, Deadline, MilestoneCoverage, openDeadlines, provesActivity, ScheduleActivity, ScheduleInput, ScheduleProof, YearCoverage } from './deadline-schedule';
import type { Frequency } from '../../kernel/standard-types';
import { DEFAULT_DEADLINE_WINDOWS } from './deadline-state';
import type { DepartmentCycle } from '../../kernel/department-cycle';

const CALEA = { cycleYears: 4, siteAssessmentLeadDays: 90 };
const award: DepartmentCycle = { ...accreditationCycle('2022-11-15', '2025-06-01', CALEA)!, basis: 'award' };
const working: DepartmentCycle = { ...accreditationCycle('2024-03-10', '2025-06-01', CALEA)!, basis: 'working' };
/** A three-year state program's cycle, accredited 1 May 2024. */
const threeYear: DepartmentCycle = { ...accreditationCycle('2024-05-01', '2026-12-06', { cycleYears: 3, siteAssessmentLeadDays: 90 })!, basis: 'award' };
const year = (files: number, covered: number, accepted: number): YearCoverage => ({ files, covered, accepted });
const coverage = (years: YearCoverage[], allYears = year(0, 0, 0)): MilestoneCoverage => ({ years: Object.fromEntries(years.map((y, i) => [i + 1, y])), allYears });

const input = (partial: Partial<ScheduleInput>): ScheduleInput => ({
  departmentId: 'dept',
  cycle: award,
  files: [],
  proofs: [],
  coverage: null,
  adoption: null,
  adoptionMonths: 12,
  ...partial,
});
const proof = (standardFileId: string, effectiveDate: string, reviewState: ScheduleProof['reviewState'] = 'accepted', activityKey = ''): ScheduleProof => ({
  standardFileId,
  activityKey,
  effectiveDate,
  reviewState,
  kind: 'document',
});
/** The one activity a frequency alone gives a standard. */
const one = (frequency: Frequency): ScheduleActivity => ({ key: 'required-activity', name: 'Required activity', frequency, reminderDays: null });
const byKey = (deadlines: Deadline[], key: string) => deadlines.find((d) => d.key === key)!;

describe('buildSchedule', () => {
  it('puts a public-comment notice ahead of each assessment, met once the department records it', () => {
    const notices = (records: [string, string][], days = 60) =>
      buildSchedule(input({ publicCommentNoticeDays: days, milestoneRecords: new Map(records) }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS)
        .filter((d) => d.kind === 'public_comment_notice')
        .map((d) => [d.key, d.dueOn, d.state]);
    expect(notices([['2022-Y1-annual-review-public-comment-notice', '2023-09-01']])).toEqual([
      ['2022-Y1-annual-review-public-comment-notice', '2023-09-15', 'met'],
      ['2022-Y2-annual-review-public-comment-notice', '2024-09-15', 'overdue'],
      ['2022-Y3-annual-review-public-comment-notice', '2025-09-15', 'upcoming'],
      ['2022-Y4-site-assessment-public-comment-notice', '2026-06-17', 'upcoming'],
    ]);
    // Published late is still published; 0 days schedules none; a working cycle has no assessments.
    expect(notices([['2022-Y2-annual-review-public-comment-notice', '2024-10-01']])[1]).toEqual(['2022-Y2-annual-review-public-comment-notice', '2024-09-15', 'met']);
    expect(notices([], 0)).toEqual([]);
    expect(buildSchedule(input({ cycle: working, publicCommentNoticeDays: 60 }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS).some((d) => d.kind === 'public_comment_notice')).toBe(false);
  });

  it.each([
    ['every milestone (no program decided yet)', undefined, ['annual_review', 'annual_review', 'annual_review', 'site_assessment'], 4],
    ['a program with every milestone', ['annual_review', 'site_assessment', 'public_comment_notice'], ['annual_review', 'annual_review', 'annual_review', 'site_assessment'], 4],
    ['a program without public-comment notices', ['annual_review', 'site_assessment'], ['annual_review', 'annual_review', 'annual_review', 'site_assessment'], 0],
    ['a program with a site assessment only', ['site_assessment', 'public_comment_notice'], ['site_assessment'], 1],
    ['a program with no cycle milestones', [], [], 0],
  ])("schedules the cycle milestones the enrolment's program has: %s", (_case, programMilestones, kinds, notices) => {
    const deadlines = buildSchedule(input({ publicCommentNoticeDays: 60, programMilestones }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS);
    expect(deadlines.filter((d) => d.kind === 'annual_review' || d.kind === 'site_assessment').map((d) => d.kind)).toEqual(kinds);
    expect(deadlines.filter((d) => d.kind === 'public_comment_notice')).toHaveLength(notices);
  });

  it.each([
    ['a review date far ahead', '2025-12-01', 'upcoming', 183],
    ['a review date within the due-soon window', '2025-06-20', 'due_soon', 19],
    ['a review date passed', '2025-05-01', 'overdue', -31],
  ])("makes each directive's next review a deadline of its file: %s", (_case, nextReviewDate, state, daysUntilDue) => {
    const deadlines = buildSchedule(
      input({
        datedFiles: [
          {
            id: 'f-use',
            number: '4.1.1',
            sortKey: '004.01.01',
            title: 'Use of force',
            waiver: null,
            directiveReviews: [{ number: 'GO 4-3', title: 'Response to resistance', effectiveDate: '2024-01-01', nextReviewDate }],
          },
        ],
      }),
      '2025-06-01',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(deadlines.filter((d) => d.kind === 'directive_review')).toEqual([
      expect.objectContaining({
        id: `f-use:review-GO 4-3-${nextReviewDate}`,
        standardFileId: 'f-use',
        standardNumber: '4.1.1',
        title: '4.1.1 Use of force: review directive GO 4-3 Response to resistance',
        startsOn: '2024-01-01',
        dueOn: nextReviewDate,
        state,
        daysUntilDue,
      }),
    ]);
  });

  it.each([
    ['ends later', '2026-03-01', 'upcoming'],
    ['ends within the window', '2025-06-15', 'due_soon'],
    ['ended', '2025-05-31', 'overdue'],
  ])("makes a waiver's end a deadline of its file: %s", (_case, endsOn, state) => {
    const deadlines = buildSchedule(
      input({
        datedFiles: [{ id: 'f-jail', number: '72.1.1', sortKey: '072.01.01', title: 'Holding', waiver: { reference: 'W-7', grantedOn: '2023-01-01', endsOn }, directiveReviews: [] }],
      }),
      '2025-06-01',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(deadlines.filter((d) => d.kind === 'waiver_end').map((d) => [d.id, d.title, d.startsOn, d.dueOn, d.state])).toEqual([
      [`f-jail:waiver-end-${endsOn}`, '72.1.1 Holding: waiver W-7 ends (renew it, or the standard applies again)', '2023-01-01', endsOn, state],
    ]);
  });

  it('lays out the periods of each time-sensitive file with stable ids and their states', () => {
    const deadlines = buildSchedule(
      input({
        files: [
          { id: 'f-annual', number: '1.2.9', sortKey: '001.02.09', title: 'Bias review', activities: [one('annual')] },
          { id: 'f-event', number: '4.2.4', sortKey: '004.02.04', title: 'Per event', activities: [one('per_event')] },
        ],
        proofs: [proof('f-annual', '2023-06-01'), proof('f-annual', '2024-01-10', 'pending'), proof('f-annual', '2025-01-01', 'returned'), proof('other', '2025-02-01')],
      }),
      '2025-06-01',
      DEFAULT_DEADLINE_WINDOWS,
    );
    const activities = deadlines.filter((d) => d.kind === 'activity');
    expect(activities.map((d) => [d.id, d.state])).toEqual([
      ['f-annual:2022-Y1', 'met'],
      ['f-annual:2022-Y2', 'met_awaiting_review'],
      ['f-annual:2022-Y3', 'upcoming'],
      ['f-annual:2022-Y4', 'upcoming'],
    ]);
    expect(byKey(deadlines, '2022-Y3')).toMatchObject({ proofsInPeriod: { accepted: 0, pending: 0, returned: 1 }, open: true, title: '1.2.9 Bias review: annual activity, Y3' });
    expect(byKey(deadlines, '2022-Y4').open).toBe(false);
  });

  it('meets review milestones when the cycle year is covered, and keeps them apart from activities', () => {
    const deadlines = buildSchedule(
      input({ coverage: coverage([year(10, 10, 10), year(10, 10, 9), year(10, 3, 3), year(10, 0, 0)], year(10, 0, 0)) }),
      '2025-06-01',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(deadlines.map((d) => [d.kind, d.key, d.state])).toEqual([
      ['annual_review', '2022-Y1-annual-review', 'met'],
      ['annual_review', '2022-Y2-annual-review', 'met_awaiting_review'],
      ['annual_review', '2022-Y3-annual-review', 'upcoming'],
      ['site_assessment', '2022-Y4-site-assessment', 'upcoming'],
    ]);
    expect(deadlines[0]).toMatchObject({ id: 'dept:2022-Y1-annual-review', coverage: { files: 10, covered: 10, accepted: 10 } });
    const noFiles = buildSchedule(input({ coverage: coverage([year(0, 0, 0), year(0, 0, 0), year(0, 0, 0), year(0, 0, 0)]) }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS);
    expect(noFiles[0].state).toBe('overdue');
  });

  it("schedules a three-year program's milestones: reviews closing years 1 and 2, the site visit in year 3, with their own coverage", () => {
    const deadlines = buildSchedule(
      input({
        cycle: threeYear,
        coverage: coverage([year(5, 5, 5), year(5, 4, 4), year(5, 1, 0)], year(5, 1, 0)),
        programMilestones: ['annual_review', 'site_assessment'],
        publicCommentNoticeDays: 60,
        files: [{ id: 'f-annual', number: '2.1', sortKey: '0002.0001', title: 'Use of force review', activities: [one('annual')] }],
        proofs: [proof('f-annual', '2024-06-01'), proof('f-annual', '2025-07-01')],
      }),
      '2026-12-06',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(deadlines.map((d) => [d.kind, d.key, d.title, d.dueOn, d.state])).toEqual([
      ['annual_review', '2024-Y1-annual-review', 'Annual web-based file review, cycle year 1', '2025-04-30', 'met'],
      ['activity', '2024-Y1', '2.1 Use of force review: annual activity, Y1', '2025-04-30', 'met'],
      ['annual_review', '2024-Y2-annual-review', 'Annual web-based file review, cycle year 2', '2026-04-30', 'overdue'],
      ['activity', '2024-Y2', '2.1 Use of force review: annual activity, Y2', '2026-04-30', 'met'],
      ['site_assessment', '2024-Y3-site-assessment', 'Site-based assessment, cycle year 3', '2027-01-30', 'upcoming'],
      ['activity', '2024-Y3', '2.1 Use of force review: annual activity, Y3', '2027-04-30', 'upcoming'],
    ]);
    expect(byKey(deadlines, '2024-Y3-site-assessment').coverage).toEqual({ files: 5, covered: 1, accepted: 0 });
  });

  it('makes no CALEA milestones for a working cycle, and adds the manual adoption deadline', () => {
    const deadlines = buildSchedule(
      input({
        cycle: working,
        adoption: { currentVersion: '6.15', firstNewerVersion: '6.16', firstNewerEffectiveDate: '2024-07-01', newestVersion: '6.17' },
      }),
      '2025-06-20',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toMatchObject({
      id: 'dept:adopt-6.16',
      kind: 'manual_adoption',
      startsOn: '2024-07-01',
      dueOn: '2025-06-30',
      state: 'due_soon',
      title: 'Adopt manual version 6.16 (newest: 6.17), replacing 6.15',
    });
  });

  it('orders by due date, milestones before activities on the same day, then natural standard order', () => {
    const deadlines = buildSchedule(
      input({
        files: [
          { id: 'b', number: '1.2.10', sortKey: '001.02.10', title: 'B', activities: [one('annual')] },
          { id: 'a', number: '1.2.9', sortKey: '001.02.09', title: 'A', activities: [one('annual')] },
        ],
      }),
      '2025-06-01',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(deadlines.slice(0, 3).map((d) => d.id)).toEqual(['dept:2022-Y1-annual-review', 'a:2022-Y1', 'b:2022-Y1']);
  });

  it('decides every state afresh from today and the proofs when a cycle is built again (its periods are kept between builds)', () => {
    const weekly = input({
      files: [{ id: 'w', number: '1.1.1', sortKey: '001.01.01', title: 'Weekly', activities: [one('weekly')] }],
      proofs: [proof('w', '2024-05-28', 'pending')],
    });
    const key = (deadlines: Deadline[]) => deadlines.filter((d) => d.kind === 'activity').map((d) => `${d.key}:${d.state}:${d.daysUntilDue}:${d.open}`);
    const first = buildSchedule(weekly, '2024-05-20', DEFAULT_DEADLINE_WINDOWS);
    expect(buildSchedule(weekly, '2024-05-20', DEFAULT_DEADLINE_WINDOWS)).toEqual(first);
    const later = buildSchedule({ ...weekly, proofs: [] }, '2024-06-20', DEFAULT_DEADLINE_WINDOWS);
    expect(first.filter((d) => d.kind === 'activity')).toHaveLength(209);
    expect(key(later)).not.toEqual(key(first));
    const week = (deadlines: Deadline[]) => byKey(deadlines, '2022-W081');
    expect(week(first)).toMatchObject({ startsOn: '2024-05-28', state: 'met_awaiting_review', daysUntilDue: 14, open: false });
    expect(week(later)).toMatchObject({ startsOn: '2024-05-28', state: 'overdue', daysUntilDue: -17, open: true });
  });
});

describe('buildSchedule with several activities per standard', () => {
  const review: ScheduleActivity = { key: 'administrative-review', name: 'Administrative review', frequency: 'annual', reminderDays: null };
  const training: ScheduleActivity = { key: 'refresher-training', name: 'Refresher training', frequency: 'annual', reminderDays: null };
  const qualification: ScheduleActivity = { key: 'qualification', name: 'Qualification', frequency: 'biennial', reminderDays: null };
  const audit: ScheduleActivity = { key: 'custodian-audit', name: 'Audit on change of custodian', frequency: 'per_event', reminderDays: 90 };
  const file = (activities: ScheduleActivity[]) => ({ id: 'f', number: '1.2.9', sortKey: '001.02.09', title: 'Bias', activities });
  const activityRows = (deadlines: Deadline[]) => deadlines.filter((d) => d.kind === 'activity').map((d) => [d.id, d.activityKey, d.state]);

  it('lays out one series per activity, each met only by proofs filed for it; the first keeps the one-frequency ids', () => {
    const deadlines = buildSchedule(
      input({ files: [file([review, training])], proofs: [proof('f', '2023-06-01', 'accepted', 'administrative-review'), proof('f', '2024-01-10', 'pending', 'refresher-training')] }),
      '2025-06-01',
      DEFAULT_DEADLINE_WINDOWS,
    );
    expect(activityRows(deadlines)).toEqual([
      ['f:2022-Y1', 'administrative-review', 'met'],
      ['f:refresher-training:2022-Y1', 'refresher-training', 'overdue'],
      ['f:2022-Y2', 'administrative-review', 'overdue'],
      ['f:refresher-training:2022-Y2', 'refresher-training', 'met_awaiting_review'],
      ['f:2022-Y3', 'administrative-review', 'upcoming'],
      ['f:refresher-training:2022-Y3', 'refresher-training', 'upcoming'],
      ['f:2022-Y4', 'administrative-review', 'upcoming'],
      ['f:refresher-training:2022-Y4', 'refresher-training', 'upcoming'],
    ]);
    expect(deadlines.find((d) => d.id === 'f:refresher-training:2022-Y2')).toMatchObject({ title: '1.2.9 Bias: Refresher training (annual), Y2', activityName: 'Refresher training', frequency: 'annual' });
  });

  it('gives activities of different frequencies their own periods', () => {
    const deadlines = buildSchedule(input({ files: [file([review, qualification])] }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS);
    expect(deadlines.filter((d) => d.activityKey === 'qualification').map((d) => d.key)).toEqual(['2022-Y1-Y2', '2022-Y3-Y4']);
    expect(deadlines.filter((d) => d.activityKey === 'administrative-review')).toHaveLength(4);
  });

  it.each([
    ['no event yet: due the reminder days after the cycle starts', [], '2022-11-15', '2023-02-13', 'overdue'],
    ['due the reminder days after the last event filed', [proof('f', '2025-04-01', 'pending', 'custodian-audit')], '2025-04-01', '2025-06-30', 'due_soon'],
    ['a returned event does not move it', [proof('f', '2025-04-01', 'accepted', 'custodian-audit'), proof('f', '2025-05-20', 'returned', 'custodian-audit')], '2025-04-01', '2025-06-30', 'due_soon'],
    ['an event of another activity does not move it', [proof('f', '2025-05-20', 'accepted', 'administrative-review')], '2022-11-15', '2023-02-13', 'overdue'],
  ])('reminds of a per-event activity with no series: %s', (_name, proofs, startsOn, dueOn, state) => {
    const deadlines = buildSchedule(input({ files: [file([review, audit])], proofs }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS);
    const reminders = deadlines.filter((d) => d.activityKey === 'custodian-audit');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ kind: 'activity', key: `next-event-after-${startsOn}`, id: `f:custodian-audit:next-event-after-${startsOn}`, startsOn, dueOn, state });
  });

  it('gives a per-event activity without a reminder no deadline at all', () => {
    const deadlines = buildSchedule(input({ files: [file([{ ...audit, reminderDays: null }])] }), '2025-06-01', DEFAULT_DEADLINE_WINDOWS);
    expect(deadlines.filter((d) => d.kind === 'activity')).toEqual([]);
  });
});

describe('provesActivity', () => {
  it.each([
    ['the filing names the activity', 'refresher-training', 'refresher-training', 1, true],
    ['the filing names another activity', 'administrative-review', 'refresher-training', 1, false],
    ['filed before activities: proves the first', '', 'administrative-review', 0, true],
    ['filed before activities: not the second', '', 'refresher-training', 1, false],
    ['names an activity the standard no longer has', 'dropped', 'administrative-review', 0, false],
  ])('%s', (_name, filed, key, position, expected) => {
    expect(provesActivity({ activityKey: filed }, { key }, position)).toBe(expected);
  });
});

describe('openDeadlines', () => {
  const deadline = (key: string, dueOn: string, state: Deadline['state']): Deadline => ({ key, dueOn, state, sortKey: '' }) as Deadline;

  it.each([
    ['keeps what is still to meet, soonest first', [deadline('a', '2027-03-01', 'upcoming'), deadline('b', '2026-12-01', 'overdue'), deadline('c', '2027-01-01', 'due_soon')], ['b', 'c', 'a']],
    ['drops met ones and met ones awaiting review', [deadline('a', '2026-12-01', 'met'), deadline('b', '2026-12-02', 'met_awaiting_review'), deadline('c', '2026-12-03', 'upcoming')], ['c']],
    ['breaks a tie on the due date by key', [deadline('z', '2027-01-01', 'upcoming'), deadline('m', '2027-01-01', 'upcoming')], ['m', 'z']],
    ['gives nothing for nothing', [], []],
  ])('%s', (_name, input, keys) => {
    expect(openDeadlines(input).map((d) => d.key)).toEqual(keys);
  });
});
