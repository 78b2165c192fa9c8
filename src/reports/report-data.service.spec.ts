import type { Deadline } from '../compliance/rules/deadline-schedule';
import { deadlinePeriodLabel, deadlinesView, deadlineView } from './report-data.service';

const deadline = (overrides: Partial<Deadline>): Deadline => ({
  id: 'f:2023-Y2-Q3',
  departmentId: 'd',
  kind: 'activity',
  key: '2023-Y2-Q3',
  standardFileId: 'f',
  standardNumber: '1.2.9',
  standardTitle: 'Biased Policing',
  frequency: 'quarterly',
  activityKey: 'required-activity',
  activityName: 'Required activity',
  title: '1.2.9 Biased Policing: quarterly activity, Y2-Q3',
  startsOn: '2024-09-02',
  dueOn: '2024-12-01',
  state: 'overdue',
  urgent: false,
  daysUntilDue: -30,
  open: true,
  proofsInPeriod: { accepted: 0, pending: 0, returned: 0 },
  coverage: null,
  sortKey: '1:001.02.09',
  ...overrides,
});

describe('deadline views', () => {
  it.each<[Partial<Deadline>, string]>([
    [{ key: '2023-Y2-Q3' }, 'Y2 Q3'],
    [{ key: '2023-Y1-M05' }, 'Y1 M05'],
    [{ key: '2023-Y3-H2' }, 'Y3 H2'],
    [{ key: '2023-Y4' }, 'Y4'],
    [{ key: '2023-Y1-Y3' }, 'Y1\u2013Y3'],
    [{ key: '2023-W012' }, 'Week 12'],
    [{ kind: 'annual_review', key: '2023-Y2-annual-review' }, 'Cycle year 2'],
    [{ kind: 'site_assessment', key: '2023-Y4-site-assessment' }, 'Cycle year 4'],
    [{ kind: 'site_assessment', key: '2024-Y3-site-assessment' }, 'Cycle year 3'],
    [{ key: 'next-event-after-2026-10-01' }, 'Next event'],
    [{ kind: 'manual_adoption', key: 'adopt-6.16' }, 'Adoption'],
    [{ kind: 'public_comment_notice', key: '2023-Y2-annual-review-public-comment-notice' }, 'Before year 2 review'],
    [{ kind: 'public_comment_notice', key: '2023-Y4-site-assessment-public-comment-notice' }, 'Before site visit'],
    [{ kind: 'directive_review', key: 'review-GO 4-3-2026-05-01' }, 'Directive review'],
    [{ kind: 'waiver_end', key: 'waiver-end-2027-01-31' }, 'Waiver ends'],
  ])('%j reads %s', (d, label) => {
    expect(deadlinePeriodLabel(deadline(d))).toBe(label);
  });

  it('shows an activity by its standard and a milestone by what it is', () => {
    expect(deadlineView(deadline({}))).toEqual({
      standardNumber: '1.2.9',
      title: 'Biased Policing',
      periodLabel: 'Y2 Q3',
      dueOn: '2024-12-01',
      state: 'overdue',
      daysUntilDue: -30,
      urgent: false,
    });
    expect(
      deadlineView(deadline({ kind: 'annual_review', key: '2023-Y2-annual-review', standardNumber: null, standardTitle: null, title: 'Annual web-based file review, cycle year 2', state: 'due_soon', daysUntilDue: 5, urgent: true })),
    ).toMatchObject({ standardNumber: 'Review', title: 'Annual web-based file review, cycle year 2', state: 'due_soon', urgent: true });
  });

  it.each<[Partial<Deadline>, string]>([
    [{}, 'Biased Policing'],
    [{ activityKey: 'refresher-training', activityName: 'Refresher training' }, 'Biased Policing: Refresher training'],
    [{ activityKey: 'administrative-review', activityName: 'Administrative review' }, 'Biased Policing: Administrative review'],
  ])('names the activity of a standard with several (%j): %s', (d, title) => {
    expect(deadlineView(deadline(d)).title).toBe(title);
  });

  it('lists overdue and due-soon deadlines, cut to a limit with the totals kept', () => {
    const view = deadlinesView(
      {
        overdue: [deadline({ id: 'a', state: 'overdue' }), deadline({ id: 'b', state: 'overdue' })],
        dueSoon: [deadline({ id: 'c', state: 'due_soon' })],
      },
      '2026-06-10',
      30,
      1,
    );
    expect(view).toMatchObject({ asOf: '2026-06-10', overdueTotal: 2, dueSoonTotal: 1, dueSoonDays: 30 });
    expect(view.overdue.map((d) => d.state)).toEqual(['overdue']);
    expect(view.dueSoon.map((d) => d.state)).toEqual(['due_soon']);
  });
});
