import type { FieldError } from '../../common/problem/problem';
import { DatePlace, isPlacementRefusal, Placement, PlacementActivity, periodOfDate, placeOfDate, placeProof, PlacementInput, PlacementRefusal } from './proof-placement';
import type { Frequency } from '../../kernel/standard-types';

// Awarded 2022-03-01: today (2026-06-10) is in cycle year 1 (2026-03-01 to 2027-02-28) of the cycle
// 2026-03-01 to 2030-02-28; the previous cycle (2022-03-01 to 2026-02-28) is the oldest kept.
const base: PlacementInput = {
  anchor: '2022-03-01',
  cycleYears: 4,
  effectiveDate: '2026-04-14',
  cycleYear: 1,
  standard: { number: '41.2.1', activities: [], bullets: [] },
  today: '2026-06-10',
};
/** A standard whose one activity (what a frequency alone gives) has this frequency. */
const only = (frequency: Frequency): PlacementActivity[] => [{ id: '00000000-0000-4000-8000-000000000001', key: 'required-activity', name: 'Required activity', frequency }];
const quarterly = { number: '33.5.1', activities: only('quarterly'), bullets: [{ letter: 'a', label: 'A' }, { letter: 'b', label: 'B' }, { letter: 'c', label: 'C' }] };
const REVIEW: PlacementActivity = { id: '00000000-0000-4000-8000-00000000000a', key: 'administrative-review', name: 'Administrative review', frequency: 'annual' };
const TRAINING: PlacementActivity = { id: '00000000-0000-4000-8000-00000000000b', key: 'refresher-training', name: 'Refresher training', frequency: 'quarterly' };
const twoActivities = { number: '1.2.9', activities: [REVIEW, TRAINING], bullets: [] };

const ok = (input: Partial<PlacementInput>): Placement => {
  const result = placeProof({ ...base, ...input });
  if (isPlacementRefusal(result)) throw new Error(JSON.stringify(result));
  return result;
};
const refused = (input: Partial<PlacementInput>): PlacementRefusal => {
  const result = placeProof({ ...base, ...input });
  if (!isPlacementRefusal(result)) throw new Error('placed');
  return result;
};

const CURRENT_Y1: DatePlace = { cycle: 'current', cycleStartsOn: '2026-03-01', cycleEndsOn: '2030-02-28', cycleYear: 1, startsOn: '2026-03-01', endsOn: '2027-02-28' };
const PREVIOUS_Y4: DatePlace = { cycle: 'previous', cycleStartsOn: '2022-03-01', cycleEndsOn: '2026-02-28', cycleYear: 4, startsOn: '2025-03-01', endsOn: '2026-02-28' };
const PREVIOUS_Y1: DatePlace = { cycle: 'previous', cycleStartsOn: '2022-03-01', cycleEndsOn: '2026-02-28', cycleYear: 1, startsOn: '2022-03-01', endsOn: '2023-02-28' };

describe('placeProof: the effective date decides the cycle and the cycle year', () => {
  it.each<[string, Partial<PlacementInput>, DatePlace]>([
    ['a date this year, year given and agreeing', {}, CURRENT_Y1],
    ['a date this year, year omitted: derived', { cycleYear: undefined }, CURRENT_Y1],
    ['today itself', { effectiveDate: '2026-06-10', cycleYear: undefined }, CURRENT_Y1],
    ['the first day of the cycle', { effectiveDate: '2026-03-01' }, CURRENT_Y1],
    ['the last day of the previous cycle: files there, and says so', { effectiveDate: '2026-02-28', cycleYear: 4 }, PREVIOUS_Y4],
    ['15 January 2026, year omitted: previous cycle, year 4', { effectiveDate: '2026-01-15', cycleYear: undefined }, PREVIOUS_Y4],
    ['the first day of the oldest cycle kept', { effectiveDate: '2022-03-01', cycleYear: undefined }, PREVIOUS_Y1],
  ])('places %s', (_name, input, place) => {
    const placement = ok(input);
    expect(placement.place).toEqual(place);
    expect(placement.cycleYear).toBe(place.cycleYear);
    expect(placement.cycle.startsOn).toBe(place.cycleStartsOn);
    expect(placement.periodKey).toBe('');
  });

  it.each<[string, Partial<PlacementInput>, 400 | 422, string, RegExp, DatePlace | undefined]>([
    // the cases of the review: each was filed somewhere wrong without a word
    [
      '15 January 2026 as cycle year 1 (it is year 4 of the previous cycle)',
      { effectiveDate: '2026-01-15', cycleYear: 1 },
      422, 'cycleYear',
      /^2026-01-15 falls in cycle year 4 \(2025-03-01 to 2026-02-28\) of the previous cycle \(2022-03-01 to 2026-02-28\), not in cycle year 1$/,
      PREVIOUS_Y4,
    ],
    ['2020-01-01: before the oldest cycle kept', { effectiveDate: '2020-01-01' }, 422, 'effectiveDate', /before the oldest cycle kept \(2022-03-01 to 2026-02-28\)/, undefined],
    ['the day before the oldest cycle kept', { effectiveDate: '2022-02-28', cycleYear: undefined }, 422, 'effectiveDate', /before the oldest cycle kept/, undefined],
    ['2026-12-01 (in the future) as year 2', { effectiveDate: '2026-12-01', cycleYear: 2 }, 422, 'effectiveDate', /must not be in the future \(today is 2026-06-10\)/, undefined],
    ['tomorrow', { effectiveDate: '2026-06-11' }, 422, 'effectiveDate', /must not be in the future \(today is 2026-06-10\)/, undefined],
    ['a date this year as year 2', { cycleYear: 2 }, 422, 'cycleYear', /^2026-04-14 falls in cycle year 1 \(2026-03-01 to 2027-02-28\) of the current cycle \(2026-03-01 to 2030-02-28\), not in cycle year 2$/, CURRENT_Y1],
    ['a date that does not exist', { effectiveDate: '2026-02-30' }, 400, 'effectiveDate', /not a calendar date/, undefined],
    ['year 0', { cycleYear: 0 }, 400, 'cycleYear', /4-year cycle, 1 to 4/, undefined],
    ['year 5', { cycleYear: 5 }, 400, 'cycleYear', /4-year cycle, 1 to 4/, undefined],
    ['bullets of a standard without any', { bullets: ['a'] }, 400, 'bullets', /has no bullets/, undefined],
    ['an unknown bullet', { standard: quarterly, bullets: ['a', 'z'] }, 400, 'bullets', /has no bullet z; its bullets are a, b, c/, undefined],
    ['a period for a standard that is not time-sensitive', { periodKey: '2026-Y1-Q1' }, 400, 'periodKey', /not time-sensitive/, undefined],
    ['a period of a per-event standard', { standard: { ...quarterly, activities: only('per_event') }, periodKey: '2026-Y1' }, 400, 'periodKey', /no periods/, undefined],
    // the period follows from the date too
    ['a period of another cycle', { standard: quarterly, periodKey: '2022-Y1-Q1' }, 422, 'periodKey', /^2026-04-14 falls in period 2026-Y1-Q1 \(2026-03-01 to 2026-05-31\), not in 2022-Y1-Q1 \(not a period/, CURRENT_Y1],
    ['a period of the right year that does not hold the date', { standard: quarterly, periodKey: '2026-Y1-Q2' }, 422, 'periodKey', /^2026-04-14 falls in period 2026-Y1-Q1 \(2026-03-01 to 2026-05-31\), not in 2026-Y1-Q2 \(2026-06-01 to 2026-08-31\)$/, CURRENT_Y1],
    ['a period of another year', { standard: quarterly, periodKey: '2026-Y2-Q1' }, 422, 'periodKey', /falls in period 2026-Y1-Q1/, CURRENT_Y1],
  ])('refuses %s', (_name, input, status, field, message, fallsIn) => {
    const refusal = refused(input);
    expect(refusal.status).toBe(status);
    expect(refusal.errors).toEqual<FieldError[]>([{ field, message: expect.stringMatching(message) }]);
    expect(refusal.dateFallsIn).toEqual(fallsIn);
  });

  it('accepts the period the date falls in, given or for a date in the previous cycle', () => {
    expect(ok({ standard: quarterly, periodKey: '2026-Y1-Q1' }).periodKey).toBe('2026-Y1-Q1');
    expect(ok({ standard: quarterly, effectiveDate: '2026-01-15', cycleYear: undefined, periodKey: '2022-Y4-Q4' })).toMatchObject({ cycleYear: 4, periodKey: '2022-Y4-Q4', place: PREVIOUS_Y4 });
  });

  it.each<[string, Partial<PlacementInput>, string]>([
    ['a quarterly standard, current cycle', { standard: quarterly }, '2026-Y1-Q1'],
    ['a quarterly standard, the last day of a quarter', { standard: quarterly, effectiveDate: '2026-05-31' }, '2026-Y1-Q1'],
    ['a quarterly standard, the first day of the next', { standard: quarterly, effectiveDate: '2026-06-01' }, '2026-Y1-Q2'],
    ['a quarterly standard, previous cycle', { standard: quarterly, effectiveDate: '2026-01-15', cycleYear: undefined }, '2022-Y4-Q4'],
    ['an annual standard', { standard: { ...quarterly, activities: only('annual') } }, '2026-Y1'],
    ['a per-event standard (no periods)', { standard: { ...quarterly, activities: only('per_event') } }, ''],
    ['a daily standard (no periods)', { standard: { ...quarterly, activities: only('daily') } }, ''],
    ['a standard that is not time-sensitive', {}, ''],
  ])('derives the period from the date when none is given: %s', (_name, input, periodKey) => {
    expect(ok({ ...input, periodKey: undefined }).periodKey).toBe(periodKey);
  });

  it.each([['2026-Y1-Q1'], ['2026-Y1']])('periodOfDate names the period and its dates (%s)', (key) => {
    const frequency = key.endsWith('Q1') ? 'quarterly' : 'annual';
    expect(periodOfDate(frequency, { startsOn: '2026-03-01', endsOn: '2030-02-28' }, '2026-04-14')).toMatchObject({ key, startsOn: '2026-03-01' });
  });

  it("keeps the standard's bullet letters in their order, once", () => {
    expect(ok({ standard: quarterly, bullets: ['c', 'A', 'a'] }).bullets).toEqual(['a', 'c']);
  });
});

describe('placeProof: the activity a proof meets', () => {
  it.each<[string, Partial<PlacementInput>, string | null, string]>([
    ['one activity, none named: that one', { standard: quarterly }, 'required-activity', '2026-Y1-Q1'],
    ['one activity, named', { standard: quarterly, activityId: only('quarterly')[0].id }, 'required-activity', '2026-Y1-Q1'],
    ['no activities, none named', {}, null, ''],
    ['two activities, the first named: its annual period', { standard: twoActivities, activityId: REVIEW.id }, 'administrative-review', '2026-Y1'],
    ['two activities, the second named: its quarterly period', { standard: twoActivities, activityId: TRAINING.id }, 'refresher-training', '2026-Y1-Q1'],
  ])('%s', (_name, input, key, periodKey) => {
    const placement = ok(input);
    expect(placement.activity?.key ?? null).toBe(key);
    expect(placement.periodKey).toBe(periodKey);
  });

  it('checks a given period against the named activity', () => {
    expect(ok({ standard: twoActivities, activityId: TRAINING.id, periodKey: '2026-Y1-Q1' }).periodKey).toBe('2026-Y1-Q1');
    expect(refused({ standard: twoActivities, activityId: REVIEW.id, periodKey: '2026-Y1-Q1' }).errors).toEqual([
      { field: 'periodKey', message: expect.stringMatching(/falls in period 2026-Y1 .*not a period of standard 1\.2\.9, activity Administrative review, annual/) },
    ]);
  });

  it.each<[string, Partial<PlacementInput>, RegExp]>([
    ['two activities, none named', { standard: twoActivities }, /requires 2 activities: say which one the proof meets, one of 0{8}-0{4}-4000-8000-00000000000a \(Administrative review, annual\)/],
    ['an id that is not of the standard', { standard: twoActivities, activityId: only('annual')[0].id }, /is not an activity of standard 1\.2\.9; its activities are/],
    ['an id for a standard with one other activity', { standard: quarterly, activityId: REVIEW.id }, /is not an activity of standard 33\.5\.1/],
    ['an id for a standard without activities', { activityId: REVIEW.id }, /has no activities: leave activityId out/],
  ])('refuses %s (400)', (_name, input, message) => {
    const refusal = refused(input);
    expect(refusal.status).toBe(400);
    expect(refusal.errors).toEqual([{ field: 'activityId', message: expect.stringMatching(message) }]);
  });
});

describe('placeOfDate', () => {
  it('counts cycles before the anchor for a department working toward accreditation', () => {
    // Entered 2025-09-01 without an award: the four years before it are the previous cycle.
    expect(placeOfDate('2025-09-01', '2024-01-10', '2026-06-10', 4)).toMatchObject({ ok: true, place: { cycle: 'previous', cycleStartsOn: '2021-09-01', cycleYear: 3 } });
    expect(placeOfDate('2025-09-01', '2021-08-31', '2026-06-10', 4)).toMatchObject({ ok: false, reason: 'too_old' });
  });

  it("counts a three-year program's cycles: the previous one is three years back, and the oldest kept", () => {
    // Accredited 2024-05-01 in a three-year program: today (2026-12-06) is year 3 of 2024-05-01..2027-04-30.
    expect(placeOfDate('2024-05-01', '2026-06-01', '2026-12-06', 3)).toMatchObject({ ok: true, place: { cycle: 'current', cycleStartsOn: '2024-05-01', cycleEndsOn: '2027-04-30', cycleYear: 3, startsOn: '2026-05-01', endsOn: '2027-04-30' } });
    expect(placeOfDate('2024-05-01', '2024-04-30', '2026-12-06', 3)).toMatchObject({ ok: true, place: { cycle: 'previous', cycleStartsOn: '2021-05-01', cycleYear: 3 } });
    expect(placeOfDate('2024-05-01', '2021-05-01', '2026-12-06', 3)).toMatchObject({ ok: true, place: { cycle: 'previous', cycleYear: 1 } });
    expect(placeOfDate('2024-05-01', '2021-04-30', '2026-12-06', 3)).toMatchObject({ ok: false, reason: 'too_old' });
  });

  it("refuses a fourth year in a three-year program as malformed, naming the cycle's years", () => {
    const refusal = placeProof({ ...base, anchor: '2024-05-01', cycleYears: 3, today: '2026-12-06', effectiveDate: '2026-06-01', cycleYear: 4 }) as PlacementRefusal;
    expect(refusal).toEqual({ status: 400, errors: [{ field: 'cycleYear', message: "cycleYear must be a year of the program's 3-year cycle, 1 to 3" }] });
    expect(placeProof({ ...base, anchor: '2024-05-01', cycleYears: 3, today: '2026-12-06', effectiveDate: '2026-06-01', cycleYear: 3 })).toMatchObject({ cycleYear: 3, cycle: { startsOn: '2024-05-01', endsOn: '2027-04-30' } });
  });
});
