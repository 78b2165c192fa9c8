import type { Request, Response } from 'express';
import type { FieldError } from '../common/problem/problem';
import { sameSiteUrl } from '../common/same-site';

/** A one-time message carried across a redirect (post, redirect, get). */
export interface Flash {
  kind: 'success' | 'error';
  message: string;
  /** For a refusal: the HTTP status the API would have answered (tests read it). */
  status?: number;
  errors?: FieldError[];
}

const FLASH_COOKIE = 'calea_flash';

/** Browsers drop a cookie over 4 KB; the message must fit, so the reasons are cut short if need be. */
const FLASH_MAX_BYTES = 3000;

export function fittedFlash(flash: Flash): Flash {
  const fitted: Flash = { ...flash, message: flash.message.slice(0, 600) };
  const errors = [...(flash.errors ?? [])].map((e) => ({ field: e.field.slice(0, 100), message: e.message.slice(0, 300) }));
  let kept = errors.length;
  const encoded = (f: Flash): number => Buffer.byteLength(Buffer.from(JSON.stringify(f)).toString('base64url'));
  for (;;) {
    const dropped = errors.length - kept;
    const candidate: Flash = {
      ...fitted,
      ...(errors.length ? { errors: [...errors.slice(0, kept), ...(dropped ? [{ field: '…', message: `and ${dropped} more` }] : [])] } : {}),
    };
    if (encoded(candidate) <= FLASH_MAX_BYTES || kept === 0) return candidate;
    kept -= 1;
  }
}

export function setFlash(response: Response, flash: Flash): void {
  response.cookie(FLASH_COOKIE, Buffer.from(JSON.stringify(fittedFlash(flash))).toString('base64url'), {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/',
    maxAge: 60_000,
  });
}

/** Reads the pending message, if any, and clears it so it shows once. */
export function takeFlash(request: Request, response: Response): Flash | null {
  const raw = (request as { cookies?: Record<string, string> }).cookies?.[FLASH_COOKIE];
  if (!raw) return null;
  response.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    if ((parsed.kind !== 'success' && parsed.kind !== 'error') || typeof parsed.message !== 'string') return null;
    const errors = Array.isArray(parsed.errors)
      ? parsed.errors.filter((e): e is FieldError => typeof e?.field === 'string' && typeof e?.message === 'string')
      : undefined;
    return {
      kind: parsed.kind,
      message: parsed.message.slice(0, 2000),
      ...(typeof parsed.status === 'number' ? { status: parsed.status } : {}),
      ...(errors?.length ? { errors: errors.slice(0, 50) } : {}),
    };
  } catch {
    return null;
  }
}

/** A path on this site to go back to: the Referer's path when it is ours, else the fallback. */
export function localReturnPath(request: Request, fallback = '/'): string {
  const url = sameSiteUrl(request, request.header('referer'));
  return url ? safeNextPath(`${url.pathname}${url.search}`, fallback) : fallback;
}

/** Only same-site paths are followed after sign-in, never another origin ("//evil", "https://…"). */
export function safeNextPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/** The message a response queued, read back from its Set-Cookie header (for tests and tools). */
export function flashFromSetCookie(setCookie: string[] | string | undefined): Flash | null {
  const header = ([] as string[]).concat(setCookie ?? []).find((c) => c.startsWith(`${FLASH_COOKIE}=`));
  if (!header) return null;
  const value = header.slice(FLASH_COOKIE.length + 1).split(';')[0];
  try {
    return JSON.parse(Buffer.from(decodeURIComponent(value), 'base64url').toString('utf8')) as Flash;
  } catch {
    return null;
  }
}
