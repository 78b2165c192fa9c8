import { formatBytes, formatDate, formatDateTime, formatPercent, humanize } from './view-helpers';

describe('view helpers', () => {
  it.each([
    ['2026-11-29', '29 Nov 2026'],
    ['2024-02-29', '29 Feb 2024'],
    ['2026-11-29T23:59:00Z', '29 Nov 2026'],
    [null, '—'],
    ['not a date', 'not a date'],
  ])('formatDate(%p) = %p', (value, expected) => expect(formatDate(value)).toBe(expected));

  it('formats a moment in UTC', () => expect(formatDateTime('2026-11-29T07:05:00Z')).toBe('29 Nov 2026 07:05 UTC'));

  it.each([
    [0, '0%'],
    [87.46, '87.5%'],
    [100, '100%'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('formatPercent(%p) = %p', (value, expected) => expect(formatPercent(value)).toBe(expected));

  it.each([
    [512, '512 B'],
    [2048, '2.0 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [200 * 1024 * 1024, '200 MiB'],
  ])('formatBytes(%p) = %p', (value, expected) => expect(formatBytes(value)).toBe(expected));

  it.each([
    ['in_review', 'In review'],
    ['not_applicable', 'Not applicable'],
    ['metAwaitingReview', 'Met awaiting review'],
    [null, '—'],
  ])('humanize(%p) = %p', (value, expected) => expect(humanize(value)).toBe(expected));
});
