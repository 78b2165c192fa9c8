import { validateInput } from '../common/validation/validate-input';

/** Checks a body built from a form with the API's own DTO and rules, so a page cannot send what the API would refuse. */
export function validatedAsApi<T extends object>(type: new () => T, plain: Record<string, unknown>): T {
  return validateInput(type, plain);
}
