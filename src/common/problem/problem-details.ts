import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError, FieldError, ProblemDetails, problemType } from './problem';

interface BodyParserError {
  type: string;
  status: number;
  message: string;
  limit?: number;
}

const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as BodyParserError).type === 'string' &&
  typeof (error as BodyParserError).status === 'number' &&
  (error as BodyParserError).type.includes('.');

export interface ProblemContext {
  instance: string;
  requestId?: string;
}

/**
 * Maps anything thrown while handling a request to problem details. Unknown errors become a
 * generic 500 whose detail says nothing about the cause; the caller logs the real error.
 */
export function toProblemDetails(error: unknown, context: ProblemContext): ProblemDetails {
  const base = { instance: context.instance, ...(context.requestId ? { requestId: context.requestId } : {}) };

  if (error instanceof DomainError) {
    const errors = 'fieldErrors' in error ? (error as { fieldErrors: FieldError[] }).fieldErrors : undefined;
    return {
      ...error.extensions,
      type: problemType(error.slug),
      title: error.title,
      status: error.status,
      detail: error.detail,
      ...base,
      ...(errors ? { errors } : {}),
    };
  }

  // Nest wraps the body parser's http-errors in an HttpException; the cause says what happened.
  const parserError = error instanceof HttpException ? error.cause : error;
  if (isBodyParserError(parserError)) {
    return { ...bodyParserProblem(parserError), ...base };
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const extensions = typeof response === 'object' && response !== null ? extractExtensions(response) : {};
    return {
      ...extensions,
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail: httpExceptionDetail(error, response, status),
      ...base,
    };
  }

  return {
    type: 'about:blank',
    title: STATUS_CODES[HttpStatus.INTERNAL_SERVER_ERROR] ?? 'Internal Server Error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'Something went wrong on our side. The request id identifies it in the service log.',
    ...base,
  };
}

function bodyParserProblem(error: BodyParserError): Pick<ProblemDetails, 'type' | 'title' | 'status' | 'detail'> {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        type: problemType('malformed-json'),
        title: 'The request body is not valid JSON',
        status: 400,
        detail: `The body could not be parsed as JSON: ${error.message}`,
      };
    case 'entity.too.deep':
      return {
        type: problemType('json-too-deep'),
        title: 'The request body is nested too deeply',
        status: 400,
        detail: error.message,
      };
    case 'entity.too.large':
      return {
        type: problemType('payload-too-large'),
        title: 'The request body is too large',
        status: 413,
        detail: `The body is larger than the limit of ${error.limit ?? 'the configured'} bytes.`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        type: problemType('unsupported-encoding'),
        title: 'The request body encoding is not supported',
        status: 415,
        detail: error.message,
      };
    default:
      return {
        type: 'about:blank',
        title: STATUS_CODES[error.status] ?? 'Bad Request',
        status: error.status >= 400 && error.status < 500 ? error.status : 400,
        detail: error.message,
      };
  }
}

function httpExceptionDetail(error: HttpException, response: unknown, status: number): string {
  if (status === 404 && /^Cannot [A-Z]+ /.test(error.message)) {
    return `There is no route ${error.message.replace(/^Cannot /, '')}.`;
  }
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return error.message;
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'statusCode', 'message', 'error']);

function extractExtensions(response: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(response).filter(([key]) => !RESERVED.has(key)));
}
