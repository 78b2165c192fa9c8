import { DomainError } from './problem/problem';

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly slug = 'not-found';
  readonly title = 'Not found';
  constructor(what: string, id?: string) {
    super(id ? `No ${what} with id ${id} is visible to you.` : `No such ${what} is visible to you.`);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly slug = 'forbidden';
  readonly title = 'Not allowed';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly slug = 'conflict';
  readonly title = 'Conflict';
}

export class StaleVersionError extends DomainError {
  readonly status = 409;
  readonly slug = 'stale-version';
  readonly title = 'The record was changed by someone else';
  constructor(what: string, expected: number, actual: number) {
    super(`This ${what} is at version ${actual}, not ${expected}: reload it and apply your change again.`, {
      currentVersion: actual,
    });
  }
}

export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly slug = 'unprocessable';
  readonly title = 'The request cannot be processed';
}
