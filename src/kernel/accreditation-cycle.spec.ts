import { accreditationCycle, addDays, addMonths, addYears } from './accreditation-cycle';

const CALEA = { cycleYears: 4 };

describe('addYears and addDays', () => {
  it.each([
    ['2022-11-15', 1, '2023-11-15'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2018-07-01', 4, '2022-07-01'],
  ])('%s + %i years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it.each([
    ['2022-03-01', 12, '2023-03-01'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-11-15', -11, '2025-12-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('refuses what is not a date', () => {
    expect(() => addYears('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('addMonths, more cases', () => {
  it.each([
    ['2022-11-15', 1, '2022-12-15'],
    ['2022-11-15', 2, '2023-01-15'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-31', 3, '2024-04-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2023-03-15', -3, '2022-12-15'],
    ['2023-03-31', -1, '2023-02-28'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([['2023-02-29', 1], ['2023-1-01', 1], ['2023-01-01', 1.5]])('refuses %s + %d', (date, months) => {
    expect(() => addMonths(date, months)).toThrow(RangeError);
  });
});

describe('accreditationCycle', () => {
  it('is null before the award', () => {
    expect(accreditationCycle('2026-12-01', '2026-11-30', CALEA)).toBeNull();
  });

  it.each([
    // Pagedale: Tier 1 accredited November 2022
    ['2022-11-15', '2022-11-15', 1, 1],
    ['2022-11-15', '2023-11-14', 1, 1],
    ['2022-11-15', '2023-11-15', 1, 2],
    ['2022-11-15', '2026-11-14', 1, 4],
    ['2022-11-15', '2026-11-15', 2, 1],
    // North County Police Cooperative: accredited July 2018
    ['2018-07-01', '2026-11-29', 3, 1],
  ] as const)('award %s, on %s: cycle %i, year %i', (award, today, cycle, year) => {
    const result = accreditationCycle(award, today, CALEA);
    expect(result).toMatchObject({ cycleNumber: cycle, currentYear: year });
  });

  it('lays out the years, the annual reviews and the year-4 site-based assessment', () => {
    expect(accreditationCycle('2022-11-15', '2024-01-01', CALEA)).toEqual({
      cycleNumber: 1,
      startsOn: '2022-11-15',
      endsOn: '2026-11-14',
      currentYear: 2,
      years: [
        { year: 1, startsOn: '2022-11-15', endsOn: '2023-11-14' },
        { year: 2, startsOn: '2023-11-15', endsOn: '2024-11-14' },
        { year: 3, startsOn: '2024-11-15', endsOn: '2025-11-14' },
        { year: 4, startsOn: '2025-11-15', endsOn: '2026-11-14' },
      ],
      annualReviewDates: ['2023-11-14', '2024-11-14', '2025-11-14'],
      siteAssessmentOn: '2026-08-16',
    });
  });

  it('takes the site-assessment lead time as a setting', () => {
    expect(accreditationCycle('2022-11-15', '2024-01-01', { cycleYears: 4, siteAssessmentLeadDays: 30 })?.siteAssessmentOn).toBe('2026-10-15');
  });

  it.each([
    // A three-year state program, accredited 1 May 2024 (the sample state program's Normandy)
    ['2024-05-01', '2024-05-01', 1, 1, '2024-05-01', '2027-04-30'],
    ['2024-05-01', '2026-12-06', 1, 3, '2024-05-01', '2027-04-30'],
    ['2024-05-01', '2027-04-30', 1, 3, '2024-05-01', '2027-04-30'],
    ['2024-05-01', '2027-05-01', 2, 1, '2027-05-01', '2030-04-30'],
    ['2018-07-01', '2026-11-29', 3, 3, '2024-07-01', '2027-06-30'],
  ] as const)('a three-year cycle: award %s, on %s: cycle %i, year %i (%s to %s)', (award, today, cycle, year, startsOn, endsOn) => {
    expect(accreditationCycle(award, today, { cycleYears: 3 })).toMatchObject({ cycleNumber: cycle, currentYear: year, startsOn, endsOn });
  });

  it('lays out a three-year cycle: two annual reviews and the site-based assessment in year 3', () => {
    expect(accreditationCycle('2024-05-01', '2026-12-06', { cycleYears: 3 })).toEqual({
      cycleNumber: 1,
      startsOn: '2024-05-01',
      endsOn: '2027-04-30',
      currentYear: 3,
      years: [
        { year: 1, startsOn: '2024-05-01', endsOn: '2025-04-30' },
        { year: 2, startsOn: '2025-05-01', endsOn: '2026-04-30' },
        { year: 3, startsOn: '2026-05-01', endsOn: '2027-04-30' },
      ],
      annualReviewDates: ['2025-04-30', '2026-04-30'],
      siteAssessmentOn: '2027-01-30',
    });
  });

  it('has no annual review in a one-year cycle, and six years in a six-year one', () => {
    expect(accreditationCycle('2024-05-01', '2024-06-01', { cycleYears: 1 })).toMatchObject({ endsOn: '2025-04-30', annualReviewDates: [], currentYear: 1 });
    expect(accreditationCycle('2024-05-01', '2029-06-01', { cycleYears: 6 })).toMatchObject({ endsOn: '2030-04-30', currentYear: 6 });
  });

  it.each([0, 7, 2.5, Number.NaN])('refuses a cycle of %s years', (cycleYears) => {
    expect(() => accreditationCycle('2024-05-01', '2024-06-01', { cycleYears })).toThrow(RangeError);
  });
});
