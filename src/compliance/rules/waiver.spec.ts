import { countsInVerdict } from './waiver';

describe('countsInVerdict', () => {
  it.each([
    ['applicable', null, '2026-06-10', true],
    ['not_applicable', null, '2026-06-10', false],
    ['not_applicable', '2026-01-01', '2026-06-10', false],
    ['waived with no end date', null, '2026-06-10', false],
    ['waived, ends later', '2026-12-31', '2026-06-10', false],
    ['waived, its last day is today', '2026-06-10', '2026-06-10', false],
    ['waived, ended yesterday', '2026-06-09', '2026-06-10', true],
  ])('%s (ends %s, today %s): %s', (applicability, endsOn, today, expected) => {
    expect(countsInVerdict(applicability.split(/[ ,]/)[0], endsOn, today)).toBe(expected);
  });
});
