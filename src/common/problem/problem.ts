export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, the one error shape of the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (slug: string): string => `urn:calea-tracker:problem:${slug}`;

/**
 * A rule of the domain that a request broke. Subclasses live in each module's x.errors.ts and are
 * mapped to HTTP in one place (ProblemDetailsFilter).
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;
  /** Response headers that belong with this error (Retry-After, WWW-Authenticate). */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class RequestValidationError extends DomainError {
  readonly status = 400;
  readonly slug = 'validation';
  readonly title = 'The request is not valid';

  constructor(readonly fieldErrors: FieldError[]) {
    super(
      fieldErrors.length === 1
        ? `${fieldErrors[0].field}: ${fieldErrors[0].message}`
        : `${fieldErrors.length} fields are not valid: ${fieldErrors.map((e) => e.field).join(', ')}`,
    );
  }
}
