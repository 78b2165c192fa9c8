import type { ValidationError } from 'class-validator';
import { FieldError, RequestValidationError } from './problem';

/** Flattens class-validator's tree into `a.b[0].c: message` entries, one per broken rule. */
export function flattenValidationErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parentPath}[${error.property}]`
      : parentPath
        ? `${parentPath}.${error.property}`
        : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      flat.push({ field: path, message: rule === 'whitelistValidation' ? `${path} is not a known field` : message });
    }
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, path));
  }
  return flat;
}

export const validationExceptionFactory = (errors: ValidationError[]): RequestValidationError =>
  new RequestValidationError(flattenValidationErrors(errors));
