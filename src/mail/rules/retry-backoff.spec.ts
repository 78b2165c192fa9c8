import { afterFailedAttempt, MAX_RETRY_DELAY_MS } from './retry-backoff';

describe('afterFailedAttempt', () => {
  it.each([
    // attempts, maxAttempts, baseMs, outcome
    [1, 8, 60_000, { status: 'pending', retryInMs: 60_000 }],
    [2, 8, 60_000, { status: 'pending', retryInMs: 120_000 }],
    [3, 8, 60_000, { status: 'pending', retryInMs: 240_000 }],
    [7, 8, 60_000, { status: 'pending', retryInMs: 3_840_000 }],
    [8, 8, 60_000, { status: 'failed' }],
    [9, 8, 60_000, { status: 'failed' }],
    [1, 1, 60_000, { status: 'failed' }],
    [20, 50, 60_000, { status: 'pending', retryInMs: MAX_RETRY_DELAY_MS }],
    [49, 50, 1000, { status: 'pending', retryInMs: MAX_RETRY_DELAY_MS }],
  ] as const)('attempt %i of %i (base %i ms) -> %j', (attempts, maxAttempts, baseMs, outcome) => {
    expect(afterFailedAttempt(attempts, maxAttempts, baseMs)).toEqual(outcome);
  });
});
