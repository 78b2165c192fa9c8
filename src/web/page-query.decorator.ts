import { createParamDecorator, ExecutionContext, ValidationPipe } from '@nestjs/common';
import type { Request } from 'express';
import { validationExceptionFactory } from '../common/problem/validation-errors';

/**
 * The query of a page's address, validated against the parameter's DTO. Unlike the API, unknown
 * parameters are dropped, not refused: links pasted into mail and chat pick up tracking
 * parameters, and a page should still open.
 */
const lenientQueryPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: false,
  forbidUnknownValues: true,
  transform: true,
  validateCustomDecorators: true,
  exceptionFactory: validationExceptionFactory,
});

const pageQuery = createParamDecorator((_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<Request>().query);

export const PageQuery = (): ParameterDecorator => pageQuery(undefined, lenientQueryPipe);
