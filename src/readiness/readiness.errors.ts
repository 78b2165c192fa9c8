import type { FieldError } from '../common/problem/problem';
import { DomainError } from '../common/problem/problem';

/** A readiness that is not plainly ready is signed off only with `acknowledgeNotReady: true`. */
export class SignOffNotReadyError extends DomainError {
  readonly status = 422;
  readonly slug = 'sign-off-not-ready';
  readonly title = 'The readiness is not ready: signing it off needs an acknowledgement';
  readonly fieldErrors: FieldError[];

  constructor(readonly notReady: string[]) {
    super(`Not ready: ${notReady.join('; ')}. Sign off with acknowledgeNotReady: true to record that you sign it as it is.`, { notReady });
    this.fieldErrors = [{ field: 'acknowledgeNotReady', message: `must be true to sign off a readiness that is not ready (${notReady.join('; ')})` }];
  }
}
