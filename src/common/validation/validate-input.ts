import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { FieldError, RequestValidationError } from '../problem/problem';
import { flattenValidationErrors } from '../problem/validation-errors';
import { numberRangeErrors, rawInputErrors } from './input-rules';

/**
 * Validates a body built by hand (a page form turned into an API body, an upload's form fields)
 * exactly as the global InputValidationPipe validates a request body; `extra` are errors the
 * caller found first. Throws one 400 naming every bad field.
 */
export function validateInput<T extends object>(type: new () => T, plain: Record<string, unknown>, extra: FieldError[] = []): T {
  const raw = rawInputErrors(plain, type);
  if (raw.length > 0) throw new RequestValidationError([...extra, ...raw]);
  const dto = plainToInstance(type, plain);
  const errors = [...extra, ...flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true })), ...numberRangeErrors(dto)];
  if (errors.length > 0) throw new RequestValidationError(errors);
  return dto;
}
