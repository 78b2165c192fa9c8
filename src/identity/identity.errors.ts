import { DomainError } from '../common/problem/problem';

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly slug = 'unauthenticated';
  readonly title = 'Sign-in required';
}

export class InvalidCredentialsError extends DomainError {
  readonly status = 401;
  readonly slug = 'invalid-credentials';
  readonly title = 'Sign-in failed';
  constructor() {
    super('The email address or the password is not correct.');
  }
}

export class AccountDisabledError extends DomainError {
  readonly status = 401;
  readonly slug = 'account-disabled';
  readonly title = 'Account disabled';
  constructor() {
    super('This account has been disabled. Ask your administrator.');
  }
}

export class AssessorAccessEndedError extends DomainError {
  readonly status = 401;
  readonly slug = 'assessor-access-ended';
  readonly title = 'Assessor access has ended';
}

/** The grant's window has not opened yet: a different thing to tell an assessor than "it is over". */
export class AssessorAccessNotOpenYetError extends DomainError {
  readonly status = 401;
  readonly slug = 'assessor-access-not-open-yet';
  readonly title = 'Assessor access has not opened yet';
}

export const assessorAccessError = (lapsed: { notOpenYet: boolean; message: string }): DomainError =>
  lapsed.notOpenYet ? new AssessorAccessNotOpenYetError(lapsed.message) : new AssessorAccessEndedError(lapsed.message);

export class TooManyAttemptsError extends DomainError {
  readonly status = 429;
  readonly slug = 'too-many-attempts';
  readonly title = 'Too many attempts';
  override readonly headers: Record<string, string>;
  constructor(detail: string, retryAt: Date, now: Date) {
    const retryAfterSeconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
    super(detail, { retryAt: retryAt.toISOString() });
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

export class InvitationInvalidError extends DomainError {
  readonly status = 400;
  readonly slug = 'invitation-invalid';
  readonly title = 'Invitation not valid';
  constructor() {
    super('This invitation link is unknown, already used or expired. Ask for a new invitation.');
  }
}

export class CrossSiteRequestError extends DomainError {
  readonly status = 403;
  readonly slug = 'cross-site-request';
  readonly title = 'Cross-site request refused';
  constructor(detail = 'A request authenticated by the session cookie must come from this site (Origin header).') {
    super(detail);
  }
}

export class MissingCsrfTokenError extends DomainError {
  readonly status = 403;
  readonly slug = 'csrf-token';
  readonly title = 'Anti-forgery token missing or wrong';
  constructor() {
    super('A write authenticated by the session cookie must carry the session\'s CSRF token (X-CSRF-Token header or _csrf form field). Reload the page and try again.');
  }
}

export class PasswordResetInvalidError extends DomainError {
  readonly status = 400;
  readonly slug = 'password-reset-invalid';
  readonly title = 'Password-reset link not valid';
  constructor() {
    super('This password-reset link is unknown, already used or expired. Ask for a new one from the sign-in page.');
  }
}

export class UnsubscribeLinkInvalidError extends DomainError {
  readonly status = 404;
  readonly slug = 'unsubscribe-link-invalid';
  readonly title = 'Unsubscribe link not valid';
  constructor() {
    super('This unsubscribe link is unknown. Choose your mail on your account page after signing in.');
  }
}
