import { DomainError } from '../common/problem/problem';
import type { ImportRowError } from '../kernel/standard-types';

/** One problem of an import as the 422 lists it: the generic {field, message} plus where it is. */
export interface ImportProblem extends ImportRowError {
  /** "file", "row 7" or "row 7, levels": where the problem is, for clients that only show field errors. */
  field: string;
  message: string;
}

const where = (e: ImportRowError): string => (e.row === 0 ? 'file' : e.column ? `row ${e.row}, ${e.column}` : `row ${e.row}`);

/** The detail and extension members of a refused import (manual or crosswalk): every problem, with where it is. */
function importInvalid(errors: readonly ImportRowError[]): [string, Record<string, unknown>] {
  const rows = new Set(errors.filter((e) => e.row > 0).map((e) => e.row)).size;
  const fileLevel = errors.find((e) => e.row === 0);
  return [
    fileLevel && errors.length === 1
      ? `The file cannot be imported: ${fileLevel.reason}`
      : `Found ${errors.length} problem${errors.length === 1 ? '' : 's'}${rows > 0 ? ` in ${rows} row${rows === 1 ? '' : 's'}` : ''}; ` +
        'nothing was imported. Fix every one listed under errors and upload the file again.',
    {
      errorCount: errors.length,
      errors: errors.map((e): ImportProblem => ({ ...e, field: where(e), message: e.reason })),
    },
  ];
}

export class ManualImportInvalidError extends DomainError {
  readonly status = 422;
  readonly slug = 'manual-import-invalid';
  readonly title = 'The manual file has errors; nothing was imported';

  constructor(errors: readonly ImportRowError[]) {
    super(...importInvalid(errors));
  }
}

export class CrosswalkImportInvalidError extends DomainError {
  readonly status = 422;
  readonly slug = 'crosswalk-import-invalid';
  readonly title = 'The crosswalk file has errors; nothing was imported';

  constructor(errors: readonly ImportRowError[]) {
    super(...importInvalid(errors));
  }
}

export class ImportFileTooLargeError extends DomainError {
  readonly status = 413;
  readonly slug = 'payload-too-large';
  readonly title = 'The file is too large';

  /** `what`: "A manual file"; `usualSize`: what such a file usually weighs, to say the limit is generous. */
  constructor(what: string, maxBytes: number, usualSize: string) {
    super(`${what} may be at most ${maxBytes / (1024 * 1024)} MB; ${usualSize}.`, { maxBytes });
  }
}

export class ManualVersionConflictError extends DomainError {
  readonly status = 409;
  readonly slug = 'manual-version-conflict';
  readonly title = 'This manual version is already imported with different content';
}

export class ManualVersionInUseError extends DomainError {
  readonly status = 409;
  readonly slug = 'manual-version-in-use';
  readonly title = 'This manual version is in use';
}

export class ManualNotPublishedError extends DomainError {
  readonly status = 409;
  readonly slug = 'manual-not-published';
  readonly title = 'This manual version is a draft';
}

export class ManualAlreadyPublishedError extends DomainError {
  readonly status = 409;
  readonly slug = 'manual-already-published';
  readonly title = 'This manual version is already published';
}
