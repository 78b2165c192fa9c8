import type { Request, Response } from 'express';

/**
 * A secret a page shows once (an invitation link, a calendar address), carried from the form's
 * POST to the page's GET (post, redirect, get): the POST stores it in a short-lived cookie scoped
 * to the page's path, and the GET reads and clears it. A reload of the page then finds nothing and
 * says so: it never sends the form again, so it never makes a second link that silently replaces
 * the one just copied. The cookie is httpOnly, same-site strict and sent to that one path only.
 */

const COOKIE = 'calea_once';
/** Long enough for the redirect to be followed on a slow connection; the secret lives no longer in the browser. */
const MAX_AGE_MS = 120_000;

export function stashShownOnce(response: Response, path: string, value: object): void {
  response.cookie(COOKIE, Buffer.from(JSON.stringify(value)).toString('base64url'), {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path,
    maxAge: MAX_AGE_MS,
  });
}

/**
 * The value stashed for this page, once; null when there is none (a reload, a bookmark) or it is
 * not what `isValue` expects.
 */
export function takeShownOnce<T>(request: Request, response: Response, path: string, isValue: (value: unknown) => value is T): T | null {
  const raw = (request as { cookies?: Record<string, string> }).cookies?.[COOKIE];
  if (!raw) return null;
  response.clearCookie(COOKIE, { path, httpOnly: true, secure: true, sameSite: 'strict' });
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    return isValue(value) ? value : null;
  } catch {
    return null;
  }
}
