import request from 'supertest';
import { csrfTokenFor } from '../../../src/identity/session-cookie';
import { Flash, flashFromSetCookie } from '../../../src/web/flash';
import { TEST_PASSWORD } from '../../support/fixtures';
import type { TestApp } from '../../support/test-app';

/** Requests as a browser on this site sends them: the Host and a matching Origin. */
export const SAME_SITE = { Host: 'calea.test', Origin: 'http://calea.test' };

export interface PageSession {
  /** The Cookie header value. */
  cookie: string;
  csrf: string;
}

/** Signs in through the sign-in form, as a browser does. */
export async function signInThroughPage(t: TestApp, email: string, password = TEST_PASSWORD): Promise<PageSession> {
  const res = await request(t.server).post('/sign-in').set(SAME_SITE).type('form').send({ email, password, next: '/' });
  if (res.status !== 303) throw new Error(`sign-in as ${email} answered ${res.status}: ${res.text.slice(0, 300)}`);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('calea_session='));
  if (!cookie) throw new Error('sign-in set no session cookie');
  const value = cookie.split(';')[0];
  return { cookie: value, csrf: csrfTokenFor(decodeURIComponent(value.slice('calea_session='.length))) };
}

export function getPage(t: TestApp, session: PageSession | null, path: string): request.Test {
  const req = request(t.server).get(path).set(SAME_SITE);
  return session ? req.set('Cookie', session.cookie) : req;
}

/** Posts a form with the session's CSRF token, from `from` (the Referer a browser would send). */
export function postForm(t: TestApp, session: PageSession, path: string, fields: Record<string, string | string[]>, from = '/'): request.Test {
  return request(t.server)
    .post(path)
    .set(SAME_SITE)
    .set('Referer', `http://calea.test${from}`)
    .set('Cookie', session.cookie)
    .type('form')
    .send({ _csrf: session.csrf, ...fields });
}

/** The one-time message a response queued (success, or a refusal with its status). */
export const flashOf = (res: request.Response): Flash | null => flashFromSetCookie(res.headers['set-cookie']);

export { TEST_PASSWORD };

/**
 * Follows a post-redirect-get to a page that shows a secret once, as a browser does: the GET of the
 * Location carries the cookie the POST set for that path (and the session). Resolves with the page.
 */
export async function followShownOnce(t: TestApp, session: PageSession, posted: request.Response): Promise<request.Response> {
  const location = posted.headers.location as string | undefined;
  if (posted.status !== 303 || !location) throw new Error(`expected a 303 to the page, got ${posted.status}: ${posted.text.slice(0, 300)}`);
  const once = ([] as string[]).concat(posted.headers['set-cookie'] ?? []).find((c) => c.startsWith('calea_once='));
  if (!once) throw new Error('the POST set no show-once cookie');
  if (!new RegExp(`;\\s*Path=${location.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(;|$)`, 'i').test(once)) throw new Error(`the show-once cookie is not scoped to ${location}: ${once}`);
  return request(t.server).get(location).set(SAME_SITE).set('Cookie', `${session.cookie}; ${once.split(';')[0]}`);
}

/** The text of HTML with its five entities decoded (what the page says). */
export const decodeHtml = (html: string): string => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
