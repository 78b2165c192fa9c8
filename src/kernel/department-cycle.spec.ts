import { accreditationCycle } from './accreditation-cycle';
import { departmentCycle } from './department-cycle';

describe('departmentCycle', () => {
  it('counts an accredited department from its award date', () => {
    const cycle = departmentCycle({ awardDate: '2018-07-01', createdOn: '2024-05-05', cycleYears: 4 }, '2025-06-01', 90);
    expect(cycle).toEqual({ ...accreditationCycle('2018-07-01', '2025-06-01', { cycleYears: 4, siteAssessmentLeadDays: 90 }), basis: 'award' });
    expect(cycle).toMatchObject({ cycleNumber: 2, startsOn: '2022-07-01', endsOn: '2026-06-30', currentYear: 3 });
  });

  it('gives a department without an award date the working cycle the proofs are filed under', () => {
    expect(departmentCycle({ awardDate: null, createdOn: '2024-03-10', cycleYears: 4 }, '2025-06-01', 90)).toMatchObject({
      basis: 'working',
      cycleNumber: 1,
      startsOn: '2024-03-10',
      endsOn: '2028-03-09',
      currentYear: 2,
    });
    // A clock before the department was entered counts back in four-year steps.
    expect(departmentCycle({ awardDate: null, createdOn: '2026-11-29', cycleYears: 4 }, '2025-06-01', 90)).toMatchObject({ basis: 'working', startsOn: '2022-11-29', currentYear: 3 });
  });

  it('treats an award date still ahead as no award yet, counting back from it', () => {
    expect(departmentCycle({ awardDate: '2025-09-01', createdOn: '2020-01-01', cycleYears: 4 }, '2025-06-01', 90)).toMatchObject({
      basis: 'working',
      startsOn: '2021-09-01',
      endsOn: '2025-08-31',
      currentYear: 4,
    });
  });

  it('counts a three-year program\'s cycles, awarded or working', () => {
    expect(departmentCycle({ awardDate: '2024-05-01', createdOn: '2020-01-01', cycleYears: 3 }, '2026-12-06', 90)).toMatchObject({
      basis: 'award',
      startsOn: '2024-05-01',
      endsOn: '2027-04-30',
      currentYear: 3,
      siteAssessmentOn: '2027-01-30',
    });
    expect(departmentCycle({ awardDate: null, createdOn: '2025-02-10', cycleYears: 3 }, '2026-12-06', 90)).toMatchObject({
      basis: 'working',
      startsOn: '2025-02-10',
      endsOn: '2028-02-09',
      currentYear: 2,
    });
    expect(departmentCycle({ awardDate: null, createdOn: '2026-12-01', cycleYears: 3 }, '2025-06-01', 90)).toMatchObject({ basis: 'working', startsOn: '2023-12-01', currentYear: 2 });
  });
});
