import { addDays, daysBetween, IsoDate } from '../../kernel/accreditation-cycle';
import { ProofKind, ProofReviewState } from '../../kernel/proof-types';

/**
 * What a manager sees for one deadline, in order of precedence:
 * - met: an accepted proof is dated inside the period;
 * - met_awaiting_review: proofs dated inside the period exist but none is accepted yet (all pending);
 * - overdue: the due date has passed without either;
 * - due_soon: due within `dueSoonDays` (today and the due date included); `urgent` within `urgentDays`;
 * - upcoming: due later, or the period has not opened yet (see `open`).
 * A period that has not opened yet is "upcoming" rather than a state of its own: nothing can be
 * done about it yet, and `open: false` lets a screen say when it opens.
 */
export type DeadlineState = 'met' | 'met_awaiting_review' | 'overdue' | 'due_soon' | 'upcoming';

export interface DeadlineProof {
  /** When the activity happened (not the upload time). */
  effectiveDate: IsoDate;
  reviewState: ProofReviewState;
  /** Every kind counts alike: a no-activity memo is the proof for a period with nothing to act on. */
  kind: ProofKind;
}

export interface DeadlineInput {
  startsOn: IsoDate;
  dueOn: IsoDate;
  proofs: readonly DeadlineProof[];
}

export interface DeadlineWindows {
  dueSoonDays: number;
  urgentDays: number;
}

export const DEFAULT_DEADLINE_WINDOWS: DeadlineWindows = { dueSoonDays: 30, urgentDays: 7 };

export interface DeadlineStatus {
  state: DeadlineState;
  /** Only ever true for due_soon. */
  urgent: boolean;
  /** Days from today to the due date: 0 on the due date, negative once it has passed. */
  daysUntilDue: number;
  /** Today is on or after the period's first day. */
  open: boolean;
}

export { daysBetween };

export function validateWindows({ dueSoonDays, urgentDays }: DeadlineWindows): void {
  if (!Number.isInteger(dueSoonDays) || !Number.isInteger(urgentDays) || urgentDays < 0 || dueSoonDays < urgentDays) {
    throw new RangeError(
      `Deadline windows must be whole days with 0 <= urgent <= due soon (got due soon ${dueSoonDays}, urgent ${urgentDays}).`,
    );
  }
}

/** What decides a deadline's state once its dates are known (see decideState). */
export interface DeadlineFacts {
  /** An accepted proof is dated inside the period. */
  accepted: boolean;
  /** A pending proof is dated inside the period. */
  pending: boolean;
  /** Days from today to the due date (daysBetween(today, dueOn)). */
  daysUntilDue: number;
  /** Today is on or after the period's first day. */
  open: boolean;
}

/**
 * The precedence rule of deadlineState() on facts computed by the caller, without validating
 * anything: for buildSchedule(), which works the facts out once per period for hundreds of
 * deadlines. deadlineState() is the checked entry point.
 */
export function decideState({ accepted, pending, daysUntilDue, open }: DeadlineFacts, windows: DeadlineWindows): DeadlineStatus {
  const status = (state: DeadlineState, urgent = false): DeadlineStatus => ({ state, urgent, daysUntilDue, open });
  // Returned and withdrawn proofs never count, whatever their date.
  if (accepted) return status('met');
  if (pending) return status('met_awaiting_review');
  if (daysUntilDue < 0) return status('overdue');
  if (open && daysUntilDue <= windows.dueSoonDays) return status('due_soon', daysUntilDue <= windows.urgentDays);
  return status('upcoming');
}

export function deadlineState(
  deadline: DeadlineInput,
  today: IsoDate,
  windows: DeadlineWindows = DEFAULT_DEADLINE_WINDOWS,
): DeadlineStatus {
  validateWindows(windows);
  const { startsOn, dueOn } = deadline;
  if (dueOn < startsOn) throw new RangeError(`The deadline is due (${dueOn}) before its period starts (${startsOn}).`);
  const daysUntilDue = daysBetween(today, dueOn);
  const open = daysBetween(startsOn, today) >= 0;

  const inPeriod = deadline.proofs.filter((p) => {
    addDays(p.effectiveDate, 0);
    return startsOn <= p.effectiveDate && p.effectiveDate <= dueOn;
  });
  return decideState(
    { accepted: inPeriod.some((p) => p.reviewState === 'accepted'), pending: inPeriod.some((p) => p.reviewState === 'pending'), daysUntilDue, open },
    windows,
  );
}

/** For the daily job: the deadline has just become overdue (`before` is null when it was never evaluated). */
export function newlyOverdue(before: DeadlineState | null, after: DeadlineState): boolean {
  return after === 'overdue' && before !== 'overdue';
}
