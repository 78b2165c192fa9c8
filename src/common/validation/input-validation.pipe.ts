import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from '../problem/problem';
import { validationExceptionFactory } from '../problem/validation-errors';
import { numberRangeErrors, rawInputErrors } from './input-rules';

/**
 * The one global pipe: Nest's ValidationPipe (whitelist, unknown fields refused, transform) with
 * the rules of input-rules.ts around it, for every body, query and path parameter.
 */
@Injectable()
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true, exceptionFactory: validationExceptionFactory });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    // A path parameter is named by itself; body and query fields by their own names.
    const root = metadata.type === 'param' ? (metadata.data ?? '') : '';
    const before = rawInputErrors(value, metadata.metatype, root);
    if (before.length > 0) throw new RequestValidationError(before);
    const result: unknown = await super.transform(value, metadata);
    const after = numberRangeErrors(result, root);
    if (after.length > 0) throw new RequestValidationError(after);
    return result;
  }
}
