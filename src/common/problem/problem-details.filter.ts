import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, PROBLEM_CONTENT_TYPE } from './problem';
import { toProblemDetails } from './problem-details';
import { htmlErrorPage, prefersHtmlPage } from './html-error-page';
import { requestIdOf } from '../request-id.middleware';

/** Every error leaves the service as problem+json; 5xx causes go to the log, never to the client. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<Request>(), http.getResponse<Response>(), this.logger);
  }
}

export function sendProblem(error: unknown, request: Request, response: Response, logger: Logger): void {
  const requestId = requestIdOf(request);
  const problem = toProblemDetails(error, { instance: request.originalUrl ?? request.url, requestId });
  if (problem.status >= 500) {
    logger.error(
      { requestId, err: error instanceof Error ? { message: error.message, stack: error.stack, name: error.name } : error },
      'Request failed',
    );
  }
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error instanceof DomainError) {
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  }
  if (problem.status === 401 && !response.getHeader('WWW-Authenticate')) {
    response.setHeader('WWW-Authenticate', 'Bearer');
  }
  if (prefersHtmlPage(request)) {
    response.setHeader('Cache-Control', 'no-store');
    response.status(problem.status).type('html').send(htmlErrorPage(problem));
    return;
  }
  response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
