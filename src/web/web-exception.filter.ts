import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toProblemDetails } from '../common/problem/problem-details';
import { requestIdOf } from '../common/request-id.middleware';
import { setFlash, localReturnPath } from './flash';
import { PageRenderer } from './page-renderer.service';
import { pageContextOf } from './page-context';
import type { RequestWithActor } from '../identity/access/access.decorator';

const READS = new Set(['GET', 'HEAD']);

/**
 * Errors on pages answer in HTML, not problem+json: a signed-out visitor is sent to sign in, a
 * refused form goes back to its page with the reasons, and anything else is an error page. Like
 * the API, nothing internal reaches the browser.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Web');

  constructor(private readonly pages: PageRenderer) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<RequestWithActor>();
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(request);
    const problem = toProblemDetails(error, { instance: request.originalUrl, requestId });
    if (problem.status >= 500) {
      this.logger.error(
        { requestId, err: error instanceof Error ? { message: error.message, stack: error.stack, name: error.name } : error },
        'Page failed',
      );
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    const isRead = READS.has(request.method);

    const detail = problem.status >= 500 ? `Something went wrong on our side. Try again; if it keeps happening, give your administrator this reference: ${requestId ?? 'none'}.` : problem.detail;

    // No valid session (or an assessor whose every grant has lapsed): sign in. A signed-in user
    // refused one department (an ended grant there) stays signed in and is told why.
    if (problem.status === 401 && !request.actor) {
      const next = isRead ? request.originalUrl : localReturnPath(request);
      if (problem.type !== 'urn:calea-tracker:problem:unauthenticated') setFlash(response, { kind: 'error', message: problem.detail });
      const signIn = `/sign-in?next=${encodeURIComponent(next)}`;
      if (request.header('hx-request') === 'true') {
        // htmx follows a 303 inside its fetch and would swap the sign-in page into a fragment:
        // ask it to load the sign-in page as a whole page instead.
        response.setHeader('HX-Redirect', signIn);
        response.status(200).type('html').send('');
        return;
      }
      response.redirect(303, signIn);
      return;
    }
    const status = problem.status === 401 ? 403 : problem.status;
    if (!isRead) {
      setFlash(response, { kind: 'error', message: detail, status, ...(problem.errors ? { errors: problem.errors } : {}) });
      response.redirect(303, localReturnPath(request));
      return;
    }
    const html = this.pages.render('error', pageContextOf(request, response), { status, title: problem.title, detail, requestId });
    response.status(status).type('html').send(html);
  }
}
