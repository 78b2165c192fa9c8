import { ProofKind, ProofReviewState } from '../../kernel/proof-types';
import { daysBetween, DeadlineProof, DeadlineState, DeadlineStatus, deadlineState, newlyOverdue } from './deadline-state';

// An annual period of Pagedale's first cycle year.
const PERIOD = { startsOn: '2022-11-15', dueOn: '2023-11-14' };

const proof = (effectiveDate: string, reviewState: ProofReviewState, kind: ProofKind = 'document'): DeadlineProof => ({
  effectiveDate,
  reviewState,
  kind,
});

describe('deadlineState', () => {
  it.each<[string, DeadlineProof[], string, Partial<DeadlineStatus>]>([
    // by the calendar alone
    ['no proofs, period not open yet', [], '2022-11-01', { state: 'upcoming', urgent: false, daysUntilDue: 378, open: false }],
    ['no proofs, first day', [], '2022-11-15', { state: 'upcoming', open: true }],
    ['no proofs, 31 days left', [], '2023-10-14', { state: 'upcoming', daysUntilDue: 31 }],
    ['no proofs, 30 days left', [], '2023-10-15', { state: 'due_soon', urgent: false, daysUntilDue: 30 }],
    ['no proofs, 8 days left', [], '2023-11-06', { state: 'due_soon', urgent: false, daysUntilDue: 8 }],
    ['no proofs, 7 days left', [], '2023-11-07', { state: 'due_soon', urgent: true, daysUntilDue: 7 }],
    ['no proofs, due today', [], '2023-11-14', { state: 'due_soon', urgent: true, daysUntilDue: 0 }],
    ['no proofs, a day late', [], '2023-11-15', { state: 'overdue', urgent: false, daysUntilDue: -1 }],
    // what counts
    ['accepted proof in the period', [proof('2023-03-01', 'accepted')], '2023-12-01', { state: 'met', daysUntilDue: -17 }],
    ['accepted on the first day', [proof('2022-11-15', 'accepted')], '2023-01-01', { state: 'met' }],
    ['accepted on the due date', [proof('2023-11-14', 'accepted')], '2023-11-14', { state: 'met', urgent: false }],
    ['accepted no-activity memo', [proof('2023-06-30', 'accepted', 'no_activity_memo')], '2024-01-01', { state: 'met' }],
    ['accepted observation note', [proof('2023-06-30', 'accepted', 'observation_note')], '2024-01-01', { state: 'met' }],
    ['pending proof, not yet due', [proof('2023-03-01', 'pending')], '2023-11-10', { state: 'met_awaiting_review', urgent: false }],
    ['pending proof, past due', [proof('2023-03-01', 'pending')], '2024-01-01', { state: 'met_awaiting_review' }],
    ['pending memo', [proof('2023-03-01', 'pending', 'no_activity_memo')], '2024-01-01', { state: 'met_awaiting_review' }],
    ['accepted wins over pending', [proof('2023-03-01', 'pending'), proof('2023-04-01', 'accepted')], '2024-01-01', { state: 'met' }],
    // what does not count
    ['returned proof only', [proof('2023-03-01', 'returned')], '2024-01-01', { state: 'overdue' }],
    ['withdrawn proof only', [proof('2023-03-01', 'withdrawn')], '2023-11-10', { state: 'due_soon', urgent: true }],
    ['accepted the day before the period', [proof('2022-11-14', 'accepted')], '2024-01-01', { state: 'overdue' }],
    ['accepted the day after the due date', [proof('2023-11-15', 'accepted')], '2024-01-01', { state: 'overdue' }],
    ['pending, outside the period', [proof('2024-01-01', 'pending')], '2024-01-02', { state: 'overdue' }],
    [
      'returned and withdrawn beside a pending one',
      [proof('2023-03-01', 'returned'), proof('2023-03-02', 'withdrawn'), proof('2023-03-03', 'pending')],
      '2024-01-01',
      { state: 'met_awaiting_review' },
    ],
  ])('%s (on %#)', (_label, proofs, today, expected) => {
    expect(deadlineState({ ...PERIOD, proofs }, today)).toMatchObject(expected);
  });

  it.each<[string, DeadlineState, boolean]>([
    // a weekly period: it cannot be "due soon" before it opens
    ['2024-01-07', 'upcoming', false],
    ['2024-01-08', 'due_soon', true],
    ['2024-01-14', 'due_soon', true],
    ['2024-01-15', 'overdue', false],
  ])('weekly period 2024-01-08..2024-01-14 on %s', (today, state, urgent) => {
    expect(deadlineState({ startsOn: '2024-01-08', dueOn: '2024-01-14', proofs: [] }, today)).toMatchObject({ state, urgent });
  });

  it.each<[{ dueSoonDays: number; urgentDays: number }, string, DeadlineState, boolean]>([
    [{ dueSoonDays: 60, urgentDays: 14 }, '2023-09-20', 'due_soon', false],
    [{ dueSoonDays: 60, urgentDays: 14 }, '2023-10-31', 'due_soon', true],
    [{ dueSoonDays: 10, urgentDays: 0 }, '2023-10-31', 'upcoming', false],
    [{ dueSoonDays: 10, urgentDays: 0 }, '2023-11-13', 'due_soon', false],
    [{ dueSoonDays: 10, urgentDays: 0 }, '2023-11-14', 'due_soon', true],
    [{ dueSoonDays: 0, urgentDays: 0 }, '2023-11-13', 'upcoming', false],
  ])('windows %j on %s', (windows, today, state, urgent) => {
    expect(deadlineState({ ...PERIOD, proofs: [] }, today, windows)).toMatchObject({ state, urgent });
  });

  it.each<[{ dueSoonDays: number; urgentDays: number }]>([
    [{ dueSoonDays: 7, urgentDays: 30 }],
    [{ dueSoonDays: 30, urgentDays: -1 }],
    [{ dueSoonDays: 30.5, urgentDays: 7 }],
  ])('refuses windows %j', (windows) => {
    expect(() => deadlineState({ ...PERIOD, proofs: [] }, '2023-01-01', windows)).toThrow(RangeError);
  });

  it.each<[string, string, string, DeadlineProof[], string]>([
    ['due before start', '2023-11-14', '2022-11-15', [], '2023-01-01'],
    ['a bad today', PERIOD.startsOn, PERIOD.dueOn, [], '2023-13-01'],
    ['a bad proof date', PERIOD.startsOn, PERIOD.dueOn, [proof('2023-02-30', 'accepted')], '2023-01-01'],
  ])('refuses %s', (_label, startsOn, dueOn, proofs, today) => {
    expect(() => deadlineState({ startsOn, dueOn, proofs }, today)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['2023-03-01', '2023-02-28', -1],
    ['2022-11-15', '2026-11-15', 1461],
    ['2024-03-10', '2024-03-10', 0],
  ])('%s -> %s = %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });
});

describe('newlyOverdue', () => {
  it.each<[DeadlineState | null, DeadlineState, boolean]>([
    [null, 'overdue', true],
    ['upcoming', 'overdue', true],
    ['due_soon', 'overdue', true],
    ['met_awaiting_review', 'overdue', true], // the pending proof was returned
    ['met', 'overdue', true], // the accepted proof was withdrawn
    ['overdue', 'overdue', false],
    ['due_soon', 'due_soon', false],
    ['overdue', 'met', false],
    [null, 'upcoming', false],
  ])('%s -> %s: %s', (before, after, expected) => {
    expect(newlyOverdue(before, after)).toBe(expected);
  });
});
