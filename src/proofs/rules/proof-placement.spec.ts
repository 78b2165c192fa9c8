import type { FieldError } from '../../common/problem/problem';
import { Placement, placeProof, PlacementInput } from './proof-placement';

const base: PlacementInput = {
  anchor: '2022-03-01',
  effectiveDate: '2026-04-14',
  cycleYear: 1,
  standard: { number: '41.2.1', frequency: null, bullets: [] },
  today: '2026-06-10',
};
const quarterly = { number: '33.5.1', frequency: 'quarterly' as const, bullets: [{ letter: 'a', label: 'A' }, { letter: 'b', label: 'B' }, { letter: 'c', label: 'C' }] };

const ok = (input: Partial<PlacementInput>): Placement => {
  const result = placeProof({ ...base, ...input });
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
};
const errors = (input: Partial<PlacementInput>): FieldError[] => {
  const result = placeProof({ ...base, ...input });
  if (!Array.isArray(result)) throw new Error('placed');
  return result;
};

describe('placeProof', () => {
  it('files under the cycle that contains the effective date', () => {
    expect(ok({}).cycle.startsOn).toBe('2026-03-01');
    expect(ok({ effectiveDate: '2025-12-01', cycleYear: 4 })).toMatchObject({ cycle: { startsOn: '2022-03-01' }, cycleYear: 4, periodKey: '' });
    expect(ok({ effectiveDate: '2026-06-10' }).cycle.startsOn).toBe('2026-03-01');
  });

  it('keeps the standard\'s bullet letters in their order, once', () => {
    expect(ok({ standard: quarterly, bullets: ['c', 'A', 'a'] }).bullets).toEqual(['a', 'c']);
  });

  it('accepts a period of the schedule that overlaps the year', () => {
    expect(ok({ standard: quarterly, periodKey: '2026-Y1-Q1' }).periodKey).toBe('2026-Y1-Q1');
  });

  it.each<[string, Partial<PlacementInput>, string, RegExp]>([
    ['a future date', { effectiveDate: '2026-06-11' }, 'effectiveDate', /must not be in the future \(today is 2026-06-10\)/],
    ['a date that does not exist', { effectiveDate: '2026-02-30' }, 'effectiveDate', /not a calendar date/],
    ['year 0', { cycleYear: 0 }, 'cycleYear', /1, 2, 3 or 4/],
    ['year 5', { cycleYear: 5 }, 'cycleYear', /1, 2, 3 or 4/],
    ['bullets of a standard without any', { bullets: ['a'] }, 'bullets', /has no bullets/],
    ['an unknown bullet', { standard: quarterly, bullets: ['a', 'z'] }, 'bullets', /has no bullet z; its bullets are a, b, c/],
    ['a period for a standard that is not time-sensitive', { periodKey: '2026-Y1-Q1' }, 'periodKey', /not time-sensitive/],
    ['a period of another cycle', { standard: quarterly, periodKey: '2022-Y1-Q1' }, 'periodKey', /not a period of standard 33.5.1/],
    ['a period outside the year', { standard: quarterly, periodKey: '2026-Y2-Q1' }, 'periodKey', /not in cycle year 1/],
    ['a period of a per-event standard', { standard: { ...quarterly, frequency: 'per_event' }, periodKey: '2026-Y1' }, 'periodKey', /no periods/],
  ])('refuses %s', (_name, input, field, message) => {
    expect(errors(input)).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});
