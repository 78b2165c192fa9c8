import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';

/**
 * The base of links made to be sent elsewhere (an invitation, a calendar feed): PUBLIC_BASE_URL
 * when set, since behind a proxy the request's own Host may be an internal name; else the request's.
 */
export function publicBaseUrl(config: Pick<AppConfig, 'publicBaseUrl'>, request: Request): string {
  return config.publicBaseUrl ?? `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}

/**
 * The base of links in mail, which is made without a request to read a Host from: PUBLIC_BASE_URL,
 * else the service's own port on localhost (right for a first start on one machine only).
 */
export function mailBaseUrl(config: Pick<AppConfig, 'publicBaseUrl' | 'port'>): string {
  return config.publicBaseUrl ?? `http://localhost:${config.port}`;
}
