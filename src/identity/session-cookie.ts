import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { IssuedSession } from './session.service';

export const SESSION_COOKIE = 'calea_session';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/** The cookie a browser session lives in: HttpOnly, Secure and SameSite=Strict. */
export function setSessionCookie(response: Response, issued: IssuedSession): void {
  response.cookie(SESSION_COOKIE, issued.accessToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    expires: issued.expiresAt,
  });
}

export function clearSessionCookie(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function sessionCookieOf(request: Request): string | undefined {
  const cookies = (request as { cookies?: Record<string, string> }).cookies;
  return cookies?.[SESSION_COOKIE];
}

/**
 * The anti-forgery token of a cookie session, derived from the session secret itself: a page
 * embeds it in forms and scripts send it as a header. Another site can neither read the HttpOnly
 * cookie nor compute the token, so it cannot forge a write.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('calea-csrf-v1').digest('base64url');
}

/** The token a request presents: the header (scripts), a form field, or the query (multipart forms). */
export function presentedCsrfToken(request: Request): string | undefined {
  const header = request.header(CSRF_HEADER);
  if (header) return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  if (typeof field === 'string') return field;
  const query = request.query[CSRF_FIELD];
  return typeof query === 'string' ? query : undefined;
}

export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
