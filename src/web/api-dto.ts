import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RequestValidationError } from '../common/problem/problem';
import { flattenValidationErrors } from '../common/problem/validation-errors';

/** Checks a body built from a form with the API's own DTO and rules, so a page cannot send what the API would refuse. */
export function validatedAsApi<T extends object>(type: new () => T, plain: Record<string, unknown>): T {
  const dto = plainToInstance(type, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new RequestValidationError(flattenValidationErrors(errors));
  return dto;
}
