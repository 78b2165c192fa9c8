import {
  blockerReasonText,
  programEyebrow,
  programSubtitle,
  standardsOwner,
  cycleText,
  daysText,
  exclusionText,
  formatDate,
  formatDateTime,
  formatTierShort,
  proofReviewText,
  sha256Prefix,
  sizeClassText,
} from './format';
import type { DateStyle } from './report-template';
import type { BlockerView, CycleView, ExclusionView, ProofView } from './view-models';

describe('formatDate', () => {
  it.each<[string, DateStyle, string]>([
    ['2026-03-12', 'medium', 'Mar 12, 2026'],
    ['2026-12-01', 'medium', 'Dec 1, 2026'],
    ['2026-03-12', 'iso', '2026-03-12'],
  ])('%s (%s) -> %s', (date, style, expected) => {
    expect(formatDate(date, style)).toBe(expected);
  });

  it.each([['2026-13-01'], ['12/03/2026'], [''], ['2026-3-12']])('refuses %j', (date) => {
    expect(() => formatDate(date)).toThrow(RangeError);
  });
});

describe('formatDateTime', () => {
  it.each<[string, string, DateStyle, string]>([
    ['2026-03-12T19:05:00.000Z', 'America/Chicago', 'medium', 'Mar 12, 2026, 2:05 PM CDT'],
    ['2026-01-12T19:05:00.000Z', 'America/Chicago', 'medium', 'Jan 12, 2026, 1:05 PM CST'],
    ['2026-03-12T19:05:00.000Z', 'America/Chicago', 'iso', '2026-03-12 14:05 CDT'],
    ['2026-03-12T00:30:00.000Z', 'UTC', 'medium', 'Mar 12, 2026, 12:30 AM UTC'],
    ['2026-03-12T12:00:00.000Z', 'UTC', 'iso', '2026-03-12 12:00 UTC'],
    // the calendar day is the zone's
    ['2026-03-12T03:00:00.000Z', 'America/Chicago', 'iso', '2026-03-11 22:00 CDT'],
  ])('%s in %s (%s) -> %s', (instant, zone, style, expected) => {
    expect(formatDateTime(instant, zone, style)).toBe(expected);
  });

  it('refuses an unknown zone and a bad instant with clear messages', () => {
    expect(() => formatDateTime('2026-03-12T19:05:00Z', 'Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/);
    expect(() => formatDateTime('yesterday', 'UTC')).toThrow(/Not an ISO 8601 instant/);
  });
});

describe('blockerReasonText', () => {
  it.each<[Pick<BlockerView, 'reason' | 'missingProofYears'> & { missingProofPeriods?: number; missingActivities?: string[] }, string]>([
    [{ reason: 'mandatory_missing_proofs', missingProofYears: 0, missingProofPeriods: 1, missingActivities: ['Refresher training'] }, 'Mandatory; proofs missing for 1 overdue activity period (Refresher training)'],
    [{ reason: 'mandatory_missing_proofs', missingProofYears: 1 }, 'Mandatory; proofs missing for 1 cycle year'],
    [{ reason: 'mandatory_missing_proofs', missingProofYears: 0, missingProofPeriods: 2 }, 'Mandatory; proofs missing for 2 overdue activity periods'],
    [{ reason: 'mandatory_missing_proofs', missingProofYears: 1, missingProofPeriods: 1 }, 'Mandatory; proofs missing for 1 cycle year and 1 overdue activity period'],
    [{ reason: 'mandatory_missing_proofs', missingProofYears: 3 }, 'Mandatory; proofs missing for 3 cycle years'],
    [{ reason: 'mandatory_not_compliant', missingProofYears: 0 }, 'Mandatory; not compliant'],
    [{ reason: 'other_needed_for_threshold', missingProofYears: 0 }, 'Not compliant; counts toward the 80% of other-than-mandatory'],
  ])('%j', (blocker, expected) => {
    expect(blockerReasonText(blocker, 80)).toBe(expected);
  });
});

describe('proofReviewText', () => {
  it.each<[Pick<ProofView, 'reviewState' | 'reviewerName'>, string]>([
    [{ reviewState: 'pending', reviewerName: null }, 'Pending review'],
    [{ reviewState: 'pending', reviewerName: 'J. Alvarez' }, 'Pending review'],
    [{ reviewState: 'accepted', reviewerName: 'J. Alvarez' }, 'Accepted: J. Alvarez'],
    [{ reviewState: 'accepted', reviewerName: null }, 'Accepted'],
    [{ reviewState: 'returned', reviewerName: 'M. Chen' }, 'Returned: M. Chen'],
    [{ reviewState: 'withdrawn', reviewerName: null }, 'Withdrawn'],
  ])('%j -> %s', (proof, expected) => {
    expect(proofReviewText(proof)).toBe(expected);
  });
});

describe('sha256Prefix', () => {
  it('keeps the first 12 hex digits, lower case', () => {
    expect(sha256Prefix('ABCDEF0123456789'.repeat(4))).toBe('abcdef012345');
    expect(sha256Prefix('0123456789abcdef'.repeat(4), 8)).toBe('01234567');
  });

  it.each([['not-a-hash'], [''], ['xyz0123456789']])('refuses %j', (value) => {
    expect(() => sha256Prefix(value)).toThrow(RangeError);
  });
});

describe('cycleText', () => {
  const award: CycleView = { number: 2, cycleYears: 4, year: 3, startsOn: '2022-07-01', endsOn: '2026-06-30', basis: 'award' };
  const working: CycleView = { number: 1, cycleYears: 4, year: 1, startsOn: '2026-01-01', endsOn: '2029-12-31', basis: 'working' };
  const threeYear: CycleView = { number: 1, cycleYears: 3, year: 3, startsOn: '2024-05-01', endsOn: '2027-04-30', basis: 'award' };
  it.each<[CycleView | null, DateStyle, boolean, string]>([
    [award, 'medium', true, 'Cycle 2, year 3 of 4 (Jul 1, 2022 to Jun 30, 2026)'],
    [award, 'iso', false, 'Cycle 2, year 3 of 4'],
    [threeYear, 'iso', false, 'Cycle 1, year 3 of 3'],
    [working, 'iso', true, 'Working cycle, year 1 (2026-01-01 to 2029-12-31)'],
    [null, 'medium', true, 'No cycle yet (working toward accreditation)'],
  ])('%j (%s, span %s)', (cycle, style, span, expected) => {
    expect(cycleText(cycle, style, span)).toBe(expected);
  });
});

describe('small words', () => {
  it.each<[number, string]>([
    [0, 'due today'],
    [1, 'in 1 day'],
    [12, 'in 12 days'],
    [-1, '1 day overdue'],
    [-40, '40 days overdue'],
  ])('daysText(%d) -> %s', (days, expected) => {
    expect(daysText(days)).toBe(expected);
  });

  it('names tiers and size classes', () => {
    expect(formatTierShort('tier1')).toBe('Tier 1');
    expect(formatTierShort('advanced')).toBe('Tier 2');
    expect(sizeClassText({ sizeClass: 'B', swornOfficers: 30 })).toBe('Class B (30 sworn officers)');
    expect(sizeClassText({ sizeClass: 'A', swornOfficers: 1 })).toBe('Class A (1 sworn officer)');
    expect(sizeClassText({ sizeClass: 'C', swornOfficers: null })).toBe('Class C');
  });

  it.each<[ExclusionView, string]>([
    [
      { number: '71.1.1', title: 'Holding facility', applicability: 'not_applicable', reason: 'No holding facility', waiverReference: null, waiverDate: null, waiverEndsOn: null },
      'No holding facility',
    ],
    [{ number: '71.1.1', title: 'Holding facility', applicability: 'not_applicable', reason: null, waiverReference: null, waiverDate: null, waiverEndsOn: null }, 'No reason recorded'],
    [
      { number: '1.2.3', title: 'X', applicability: 'waived', reason: 'State law conflicts', waiverReference: 'SRIC-2024-7', waiverDate: '2024-05-14', waiverEndsOn: null },
      'Waiver SRIC-2024-7, granted May 14, 2024: State law conflicts',
    ],
    [
      { number: '1.2.3', title: 'X', applicability: 'waived', reason: 'State law conflicts', waiverReference: 'SRIC-2024-7', waiverDate: '2024-05-14', waiverEndsOn: '2026-05-13' },
      'Waiver SRIC-2024-7, granted May 14, 2024, until May 13, 2026: State law conflicts',
    ],
    [{ number: '1.2.3', title: 'X', applicability: 'waived', reason: null, waiverReference: null, waiverDate: null, waiverEndsOn: null }, 'Waiver'],
  ])('exclusionText %#', (exclusion, expected) => {
    expect(exclusionText(exclusion, 'medium')).toBe(expected);
  });
});

describe("a report of a department's second program names that program", () => {
  it.each([
    ['the primary (CALEA) program', { programName: 'Law Enforcement', primaryProgram: true }, 'CALEA accreditation', 'Template subtitle', 'CALEA\u2019s'],
    ['a header without enrolment facts (older view models)', {}, 'CALEA accreditation', 'Template subtitle', 'CALEA\u2019s'],
    ['a second program', { programName: 'Missouri Sample Program', primaryProgram: false }, 'Missouri Sample Program', 'Compliance against the standards of Missouri Sample Program', 'those of Missouri Sample Program'],
    ['a second program not named yet', { programName: null, primaryProgram: false }, 'CALEA accreditation', 'Template subtitle', 'CALEA\u2019s'],
  ])('%s', (_case, header, eyebrow, subtitle, owner) => {
    expect(programEyebrow(header)).toBe(eyebrow);
    expect(programSubtitle(header, 'Template subtitle')).toBe(subtitle);
    expect(standardsOwner(header)).toBe(owner);
  });
});
