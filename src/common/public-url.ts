import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';

/**
 * The base of links made to be sent elsewhere (an invitation, a calendar feed): PUBLIC_BASE_URL
 * when set, since behind a proxy the request's own Host may be an internal name; else the request's.
 */
export function publicBaseUrl(config: Pick<AppConfig, 'publicBaseUrl'>, request: Request): string {
  return config.publicBaseUrl ?? `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}
