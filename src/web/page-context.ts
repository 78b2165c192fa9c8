import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import type { Actor } from '../identity/access/actor';
import type { RequestWithActor } from '../identity/access/access.decorator';
import { csrfTokenFor, sessionCookieOf } from '../identity/session-cookie';
import { Flash, setFlash, takeFlash } from './flash';

/** What every page needs besides its own data: who is looking, the form token and any message. */
export interface PageContext {
  actor: Actor;
  csrfToken: string;
  flash: Flash | null;
  path: string;
  /** Queue a message for the page a redirect leads to. */
  notify(flash: Flash): void;
}

export function pageContextOf(request: RequestWithActor, response: Response): PageContext | null {
  const actor = request.actor;
  if (!actor) return null;
  const session = sessionCookieOf(request);
  return {
    actor,
    csrfToken: session ? csrfTokenFor(session) : '',
    flash: request.method === 'GET' ? takeFlash(request, response) : null,
    path: request.originalUrl,
    notify: (flash) => setFlash(response, flash),
  };
}

export const CurrentPage = createParamDecorator((_data: unknown, context: ExecutionContext): PageContext => {
  const http = context.switchToHttp();
  const page = pageContextOf(http.getRequest<RequestWithActor>(), http.getResponse<Response>());
  if (!page) throw new Error('CurrentPage used on a page without a signed-in actor');
  return page;
});
