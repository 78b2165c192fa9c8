import { DomainError, FieldError } from '../common/problem/problem';
import type { DatePlace } from './rules/proof-placement';
import type { DeclaredTypeCheck } from './rules/declared-type';

type RefusedType = Extract<DeclaredTypeCheck, { ok: false }>;

/** The bytes are not an accepted type, or the declared type or the extension disagrees with them. */
export class ProofTypeRefusedError extends DomainError {
  readonly status = 415;
  readonly slug = 'proof-type-refused';
  readonly title = 'The file type is not accepted';

  constructor(refusal: RefusedType, sniffedMime: string | undefined) {
    super(refusal.reason, { code: refusal.code, sniffedType: sniffedMime ?? null });
  }
}

/** The request is not multipart/form-data. */
export class NotMultipartError extends DomainError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'The request must be multipart/form-data';

  constructor(contentType: string | undefined) {
    super(
      `Send the proof as multipart/form-data: the form fields first, then the file in the field "file"${contentType ? ` (this request was ${contentType.split(';')[0]})` : ''}.`,
    );
  }
}

export class ProofTooLargeError extends DomainError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'The file is too large';

  constructor(maxBytes: number) {
    super(`A proof may be at most ${formatBytes(maxBytes)} (${maxBytes} bytes); nothing was stored.`, { maxBytes });
  }
}

/** The multipart body is broken (bad boundary, truncated headers). */
export class MalformedUploadError extends DomainError {
  readonly status = 400;
  readonly slug = 'malformed-upload';
  readonly title = 'The multipart body cannot be read';
}

/** The client went away before the upload was complete; nothing is kept. */
export class UploadAbortedError extends DomainError {
  readonly status = 400;
  readonly slug = 'upload-aborted';
  readonly title = 'The upload was interrupted';

  constructor() {
    super('The connection closed before the whole file arrived; nothing was stored.');
  }
}

/** A proof link is not in a state that allows the change (already withdrawn, already accepted...). */
export class ProofLinkStateError extends DomainError {
  readonly status = 409;
  readonly slug = 'proof-link-state';
  readonly title = 'The proof is not in a state that allows this';
}

/** The same proof is already filed in this file, cycle year and period. */
export class ProofAlreadyLinkedError extends DomainError {
  readonly status = 409;
  readonly slug = 'proof-already-linked';
  readonly title = 'The proof is already filed there';
}

/**
 * The effective date decides where a proof is filed: a year or period that disagrees with it, a
 * future date, or a date before the oldest cycle kept is refused (422), naming where the date falls.
 */
export class ProofPlacementRefusedError extends DomainError {
  readonly status = 422;
  readonly slug = 'proof-date-mismatch';
  readonly title = "The proof's effective date decides its cycle year and period";

  constructor(
    readonly fieldErrors: FieldError[],
    dateFallsIn?: DatePlace,
  ) {
    super(fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), dateFallsIn ? { dateFallsIn } : {});
  }
}

/** A Range that starts past the end of the bytes. */
export class RangeNotSatisfiableError extends DomainError {
  readonly status = 416;
  readonly slug = 'range-not-satisfiable';
  readonly title = 'The range is outside the file';
  override readonly headers: Record<string, string>;

  constructor(size: number) {
    super(`The file has ${size} bytes; ask for a range that starts before byte ${size}, or for the whole file.`, { sizeBytes: size });
    this.headers = { 'Content-Range': `bytes */${size}` };
  }
}

/** The database names bytes the storage no longer has (a restore without the proofs folder). */
export class ProofBytesMissingError extends DomainError {
  readonly status = 500;
  readonly slug = 'proof-bytes-missing';
  readonly title = 'The stored file is missing';

  constructor(proofId: string) {
    super(`The bytes of proof ${proofId} are not in the proof storage. The administrator should restore the proofs folder from a backup.`);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
