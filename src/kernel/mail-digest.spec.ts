import { digestDue } from './mail-digest';

describe('digestDue', () => {
  it.each([
    ['off', null, '2026-06-10', false],
    ['off', '2026-01-01', '2026-06-10', false],
    ['daily', null, '2026-06-10', true],
    ['daily', '2026-06-10', '2026-06-10', false],
    ['daily', '2026-06-09', '2026-06-10', true],
    ['daily', '2026-06-11', '2026-06-10', false],
    ['weekly', null, '2026-06-10', true],
    ['weekly', '2026-06-04', '2026-06-10', false],
    ['weekly', '2026-06-03', '2026-06-10', true],
    ['weekly', '2026-05-01', '2026-06-10', true],
    ['weekly', '2026-03-05', '2026-03-12', true],
  ] as const)('%s, last sent %s, today %s -> %s', (choice, last, today, due) => {
    expect(digestDue(choice, last, today)).toBe(due);
  });
});
