/** A failed attempt is retried after baseMs, then twice that, four times, ... but never more than a day apart. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

export type AttemptOutcome = { status: 'pending'; retryInMs: number } | { status: 'failed' };

/**
 * What becomes of a mail whose attempt number `attempts` (1 for the first) has just failed: another
 * try after an exponentially growing wait, or failed for good once `maxAttempts` are used up.
 */
export function afterFailedAttempt(attempts: number, maxAttempts: number, baseMs: number): AttemptOutcome {
  if (attempts >= maxAttempts) return { status: 'failed' };
  const doublings = Math.min(attempts - 1, 30);
  return { status: 'pending', retryInMs: Math.min(baseMs * 2 ** doublings, MAX_RETRY_DELAY_MS) };
}
