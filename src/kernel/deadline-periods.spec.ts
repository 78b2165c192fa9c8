import { accreditationCycle, addDays } from './accreditation-cycle';
import { Frequency, FREQUENCIES } from './standard-types';
import { adoptionMilestone, cycleMilestones, DeadlinePeriod, periodName, periodsForFrequency } from './deadline-periods';

// Pagedale: Tier 1 accredited 15 November 2022; its first cycle runs to 14 November 2026.
const START = '2022-11-15';
const END = '2026-11-14';

describe('periodsForFrequency', () => {
  it.each<[Frequency, number, DeadlinePeriod | undefined, DeadlinePeriod | undefined]>([
    ['daily', 0, undefined, undefined],
    ['per_event', 0, undefined, undefined],
    [
      'weekly',
      209,
      { key: '2022-W001', startsOn: '2022-11-15', endsOn: '2022-11-21', dueOn: '2022-11-21' },
      // 1,461 days = 208 weeks and 5 days: the last week is cut at the cycle end.
      { key: '2022-W209', startsOn: '2026-11-10', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'monthly',
      48,
      { key: '2022-Y1-M01', startsOn: '2022-11-15', endsOn: '2022-12-14', dueOn: '2022-12-14' },
      { key: '2022-Y4-M12', startsOn: '2026-10-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'quarterly',
      16,
      { key: '2022-Y1-Q1', startsOn: '2022-11-15', endsOn: '2023-02-14', dueOn: '2023-02-14' },
      { key: '2022-Y4-Q4', startsOn: '2026-08-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'semiannual',
      8,
      { key: '2022-Y1-H1', startsOn: '2022-11-15', endsOn: '2023-05-14', dueOn: '2023-05-14' },
      { key: '2022-Y4-H2', startsOn: '2026-05-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'annual',
      4,
      { key: '2022-Y1', startsOn: '2022-11-15', endsOn: '2023-11-14', dueOn: '2023-11-14' },
      { key: '2022-Y4', startsOn: '2025-11-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'biennial',
      2,
      { key: '2022-Y1-Y2', startsOn: '2022-11-15', endsOn: '2024-11-14', dueOn: '2024-11-14' },
      { key: '2022-Y3-Y4', startsOn: '2024-11-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'triennial',
      2,
      { key: '2022-Y1-Y3', startsOn: '2022-11-15', endsOn: '2025-11-14', dueOn: '2025-11-14' },
      { key: '2022-Y4', startsOn: '2025-11-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
    [
      'quadrennial',
      1,
      { key: '2022-Y1-Y4', startsOn: '2022-11-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
      { key: '2022-Y1-Y4', startsOn: '2022-11-15', endsOn: '2026-11-14', dueOn: '2026-11-14' },
    ],
  ])('%s: %i periods', (frequency, count, first, last) => {
    const periods = periodsForFrequency(frequency, START, END);
    expect(periods).toHaveLength(count);
    expect(periods[0]).toEqual(first);
    expect(periods[periods.length - 1]).toEqual(last);
  });

  it.each(FREQUENCIES.filter((f) => f !== 'daily' && f !== 'per_event'))(
    '%s periods tile the cycle: contiguous, inside it, unique keys, due on their last day',
    (frequency) => {
      for (const [start, end] of [[START, END], ['2024-02-29', '2028-02-28'], ['2023-01-31', '2027-01-30']]) {
        const periods = periodsForFrequency(frequency, start, end);
        expect(periods[0].startsOn).toBe(start);
        expect(periods[periods.length - 1].endsOn).toBe(end);
        periods.forEach((p, i) => {
          expect(p.startsOn <= p.endsOn).toBe(true);
          expect(p.dueOn).toBe(p.endsOn);
          if (i > 0) expect(addDays(periods[i - 1].endsOn, 1)).toBe(p.startsOn);
        });
        expect(new Set(periods.map((p) => p.key)).size).toBe(periods.length);
      }
    },
  );

  it.each<Frequency>(['annual', 'semiannual', 'quarterly', 'monthly'])('%s periods start each cycle year on the day accreditationCycle() does', (frequency) => {
    const cycle = accreditationCycle('2024-02-29', '2025-06-01', { cycleYears: 4 });
    if (!cycle) throw new Error('no cycle');
    const starts = new Set(periodsForFrequency(frequency, cycle.startsOn, cycle.endsOn).map((p) => p.startsOn));
    for (const year of cycle.years) expect(starts.has(year.startsOn)).toBe(true);
  });

  it('clamps month ends from a 31st without drifting', () => {
    expect(periodsForFrequency('monthly', '2023-01-31', '2027-01-30').slice(0, 4)).toEqual([
      { key: '2023-Y1-M01', startsOn: '2023-01-31', endsOn: '2023-02-27', dueOn: '2023-02-27' },
      { key: '2023-Y1-M02', startsOn: '2023-02-28', endsOn: '2023-03-30', dueOn: '2023-03-30' },
      { key: '2023-Y1-M03', startsOn: '2023-03-31', endsOn: '2023-04-29', dueOn: '2023-04-29' },
      { key: '2023-Y1-M04', startsOn: '2023-04-30', endsOn: '2023-05-30', dueOn: '2023-05-30' },
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['2026-11-14', '2022-11-15', /ends .* before it starts/],
    ['2022-02-30', END, /Not a date/],
    [START, '14/11/2026', /Not a date/],
  ])('refuses the cycle %s..%s', (start, end, message) => {
    expect(() => periodsForFrequency('annual', start, end)).toThrow(message);
  });
});

describe('periodName', () => {
  it.each([
    ['2026-Y1', 'Cycle year 1'],
    ['2026-Y4', 'Cycle year 4'],
    ['2026-Y2-Q3', 'Year 2, quarter 3'],
    ['2026-Y1-M04', 'Year 1, month 4'],
    ['2026-Y3-M12', 'Year 3, month 12'],
    ['2026-Y1-H1', 'Year 1, first half'],
    ['2026-Y4-H2', 'Year 4, second half'],
    ['2026-Y1-Y2', 'Years 1 and 2'],
    ['2026-Y1-Y3', 'Years 1 to 3'],
    ['2026-W005', 'Week 5 of the cycle'],
    ['2026-W209', 'Week 209 of the cycle'],
    ['something else', 'something else'],
  ])('%s reads "%s"', (key, name) => {
    expect(periodName(key)).toBe(name);
  });

  it('names every period a cycle has', () => {
    for (const frequency of ['weekly', 'monthly', 'quarterly', 'semiannual', 'annual', 'biennial', 'triennial', 'quadrennial'] as const) {
      for (const p of periodsForFrequency(frequency, '2026-07-01', '2030-06-30')) expect(periodName(p.key)).not.toBe(p.key);
    }
  });
});

describe('cycleMilestones', () => {
  it('lists the annual file reviews of years 1-3 and the year-4 site-based assessment', () => {
    const cycle = accreditationCycle('2022-11-15', '2024-01-01', { cycleYears: 4 });
    if (!cycle) throw new Error('no cycle');
    expect(cycleMilestones(cycle)).toEqual([
      { key: '2022-Y1-annual-review', kind: 'annual_review', startsOn: '2022-11-15', dueOn: '2023-11-14' },
      { key: '2022-Y2-annual-review', kind: 'annual_review', startsOn: '2023-11-15', dueOn: '2024-11-14' },
      { key: '2022-Y3-annual-review', kind: 'annual_review', startsOn: '2024-11-15', dueOn: '2025-11-14' },
      { key: '2022-Y4-site-assessment', kind: 'site_assessment', startsOn: '2025-11-15', dueOn: '2026-08-16' },
    ]);
  });

  it('puts a three-year cycle\'s site-based assessment in year 3, after two annual reviews', () => {
    const cycle = accreditationCycle('2024-05-01', '2026-12-06', { cycleYears: 3 });
    if (!cycle) throw new Error('no cycle');
    expect(cycleMilestones(cycle)).toEqual([
      { key: '2024-Y1-annual-review', kind: 'annual_review', startsOn: '2024-05-01', dueOn: '2025-04-30' },
      { key: '2024-Y2-annual-review', kind: 'annual_review', startsOn: '2025-05-01', dueOn: '2026-04-30' },
      { key: '2024-Y3-site-assessment', kind: 'site_assessment', startsOn: '2026-05-01', dueOn: '2027-01-30' },
    ]);
  });

  it('keys the next cycle apart from the first', () => {
    const cycle = accreditationCycle('2018-07-01', '2026-11-29', { cycleYears: 4, siteAssessmentLeadDays: 30 });
    if (!cycle) throw new Error('no cycle');
    expect(cycleMilestones(cycle).map((m) => [m.key, m.dueOn])).toEqual([
      ['2026-Y1-annual-review', '2027-06-30'],
      ['2026-Y2-annual-review', '2028-06-30'],
      ['2026-Y3-annual-review', '2029-06-30'],
      ['2026-Y4-site-assessment', '2030-05-31'],
    ]);
  });
});

describe('adoptionMilestone', () => {
  it.each([
    ['2022-03-01', 12, '2023-02-28'],
    ['2024-03-01', 12, '2025-02-28'],
    ['2023-03-01', 12, '2024-02-29'],
    ['2022-03-15', 12, '2023-03-14'],
    ['2022-03-15', 6, '2022-09-14'],
    ['2024-02-29', 12, '2025-02-27'],
  ])('version effective %s, %i months -> adopt by %s', (effective, months, expected) => {
    expect(adoptionMilestone(effective, months)).toBe(expected);
  });

  it('defaults to 12 months', () => {
    expect(adoptionMilestone('2022-03-15')).toBe('2023-03-14');
  });

  it.each([[0], [-1], [1.5]])('refuses %d months', (months) => {
    expect(() => adoptionMilestone('2022-03-15', months)).toThrow(RangeError);
  });
});
