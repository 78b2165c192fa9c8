import { cycleAnchor, cycleContaining, visibleSince } from './proof-cycle';

describe('cycleAnchor', () => {
  it('counts from the award date when there is one', () => {
    expect(cycleAnchor({ awardDate: '2022-03-01', createdOn: '2020-01-15' })).toEqual({ date: '2022-03-01', source: 'award_date' });
  });
  it('falls back to the day the department was created', () => {
    expect(cycleAnchor({ awardDate: null, createdOn: '2020-01-15' })).toEqual({ date: '2020-01-15', source: 'department_created' });
  });
});

describe('cycleContaining', () => {
  it.each([
    ['2022-03-01', '2022-03-01', '2022-03-01', '2026-02-28', 1],
    ['2022-03-01', '2023-02-28', '2022-03-01', '2026-02-28', 1],
    ['2022-03-01', '2023-03-01', '2022-03-01', '2026-02-28', 2],
    ['2022-03-01', '2026-02-28', '2022-03-01', '2026-02-28', 4],
    ['2022-03-01', '2026-03-01', '2026-03-01', '2030-02-28', 1],
    // before the anchor: the cycles run back in four-year steps
    ['2022-03-01', '2022-02-28', '2018-03-01', '2022-02-28', 4],
    ['2022-03-01', '2018-03-01', '2018-03-01', '2022-02-28', 1],
    ['2022-03-01', '2018-02-28', '2014-03-01', '2018-02-28', 4],
    // 29 February anchors
    ['2024-02-29', '2025-02-28', '2024-02-29', '2028-02-28', 2],
  ] as const)('anchor %s, date %s: %s..%s, year %i', (anchor, date, startsOn, endsOn, year) => {
    expect(cycleContaining(anchor, date, 4)).toMatchObject({ startsOn, endsOn, yearOfDate: year });
  });

  it.each([
    ['2024-05-01', '2026-12-06', '2024-05-01', '2027-04-30', 3],
    ['2024-05-01', '2027-05-01', '2027-05-01', '2030-04-30', 1],
    // before the anchor: three-year steps back
    ['2024-05-01', '2024-04-30', '2021-05-01', '2024-04-30', 3],
    ['2024-05-01', '2021-04-30', '2018-05-01', '2021-04-30', 3],
  ] as const)('three-year cycles: anchor %s, date %s: %s..%s, year %i', (anchor, date, startsOn, endsOn, year) => {
    const cycle = cycleContaining(anchor, date, 3);
    expect(cycle).toMatchObject({ startsOn, endsOn, yearOfDate: year });
    expect(cycle.years).toHaveLength(3);
  });

  it('lists the four years', () => {
    expect(cycleContaining('2022-03-01', '2024-07-04', 4).years.map((y) => [y.startsOn, y.endsOn])).toEqual([
      ['2022-03-01', '2023-02-28'],
      ['2023-03-01', '2024-02-29'],
      ['2024-03-01', '2025-02-28'],
      ['2025-03-01', '2026-02-28'],
    ]);
  });
});

describe('visibleSince', () => {
  it('keeps four years of effective dates, today included', () => {
    expect(visibleSince('2026-06-10', 4)).toBe('2022-06-11');
  });

  it('keeps a three-year program\'s last three years', () => {
    expect(visibleSince('2026-06-10', 3)).toBe('2023-06-11');
  });
});
