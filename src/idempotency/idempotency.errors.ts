import { DomainError } from '../common/problem/problem';

export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly slug = 'idempotency-key-reused';
  readonly title = 'The Idempotency-Key was used for another request';
}

export class IdempotencyKeyInProgressError extends DomainError {
  readonly status = 409;
  readonly slug = 'idempotency-key-in-progress';
  readonly title = 'A request with this Idempotency-Key is still being processed';
}

/** Thrown inside the transaction when another request with the same key committed first; it rolls back. */
export class IdempotencyRaceLostError extends Error {
  constructor() {
    super('Another request with the same Idempotency-Key committed first');
    this.name = 'IdempotencyRaceLostError';
  }
}
