import { formatBytes, formatDate, formatDateTime, formatPercent, humanize, viewHelpers } from './view-helpers';

describe('view helpers', () => {
  it.each([
    ['2026-11-29', 'UTC', 'Nov 29, 2026'],
    ['2024-02-29', 'America/Chicago', 'Feb 29, 2024'],
    ['2026-11-29T23:59:00Z', 'UTC', 'Nov 29, 2026'],
    // A moment prints the day it is where the reader is: 03:00 UTC on the 30th is still the 29th in St. Louis.
    ['2026-11-30T03:00:00Z', 'America/Chicago', 'Nov 29, 2026'],
    [null, 'UTC', '—'],
    ['not a date', 'UTC', 'not a date'],
    ['2026-13-45', 'UTC', '2026-13-45'],
  ])('formatDate(%p) in %s = %p', (value, zone, expected) => expect(formatDate(value, zone)).toBe(expected));

  it.each([
    ['2026-11-29T07:05:00Z', 'UTC', 'Nov 29, 2026, 7:05 AM UTC'],
    ['2026-11-29T07:05:00Z', 'America/Chicago', 'Nov 29, 2026, 1:05 AM CST'],
    ['2026-07-01T17:30:00Z', 'America/Chicago', 'Jul 1, 2026, 12:30 PM CDT'],
  ])('formatDateTime(%p) in %s = %p, as the reports print it', (value, zone, expected) => expect(formatDateTime(value, zone)).toBe(expected));

  it("gives templates the installation's time zone", () => {
    const h = viewHelpers('America/Chicago');
    expect(h.timeZone).toBe('America/Chicago');
    expect(h.formatDateTime('2026-11-29T07:05:00Z')).toBe('Nov 29, 2026, 1:05 AM CST');
    expect(h.formatDate('2026-11-30T03:00:00Z')).toBe('Nov 29, 2026');
  });

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
