import type { Request } from 'express';

/** `address` (an Origin or Referer header) parsed, when it names this site (the request's Host); else null. */
export function sameSiteUrl(request: Request, address: string | undefined): URL | null {
  if (!address) return null;
  try {
    const url = new URL(address);
    return url.host === request.header('host') ? url : null;
  } catch {
    return null;
  }
}

/** The request says it comes from this site's own pages: its Origin, or else its Referer, is this site. */
export const isSameOrigin = (request: Request): boolean => sameSiteUrl(request, request.header('origin') ?? request.header('referer')) !== null;
