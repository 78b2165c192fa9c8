import { dayIn, dayOf } from './calendar';

describe('calendar days', () => {
  it.each([
    ['2026-12-06T03:46:00Z', 'UTC', '2026-12-06'],
    // Late evening in St. Louis is already tomorrow in UTC.
    ['2026-12-06T03:46:00Z', 'America/Chicago', '2026-12-05'],
    ['2026-07-01T04:59:00Z', 'America/Chicago', '2026-06-30'],
    ['2026-07-01T05:00:00Z', 'America/Chicago', '2026-07-01'],
    ['2026-01-01T00:30:00Z', 'Europe/Berlin', '2026-01-01'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(dayIn(new Date(instant), zone)).toBe(day);
  });

  it('dayOf is the UTC day', () => expect(dayOf(new Date('2026-12-06T03:46:00Z'))).toBe('2026-12-06'));
});
