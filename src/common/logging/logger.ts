import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import pino, { Logger as PinoLogger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { requestIdOf } from '../request-id.middleware';

export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): PinoLogger {
  return pino({
    level: config.logLevel,
    base: { service: 'calea-tracker' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
    transport:
      config.logFormat === 'pretty'
        ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } }
        : undefined,
  });
}

const SECRET_QUERY = /([?&](?:token|_csrf)=)[^&#]*/gi;
const CALENDAR_TOKEN = /^(\/calendar\/)[^/?#]+(\.ics)/;

/** Secrets that travel in URLs (invitation and calendar tokens, a multipart form's CSRF token) stay out of the logs. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]').replace(CALENDAR_TOKEN, '$1[redacted]$2');
}

/** One access-log line per request, carrying the request id. */
export function createHttpLogger(logger: PinoLogger): ReturnType<typeof pinoHttp<IncomingMessage, ServerResponse>> {
  return pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    genReqId: (request) => requestIdOf(request as Request) ?? 'unknown',
    customProps: (request) => ({ requestId: requestIdOf(request as Request) }),
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Routes Nest's own logging (and `new Logger(context)` in our code) to pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context as the last string argument; a stack may precede it for errors.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const text = rest.find((r): r is string => typeof r === 'string');
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...(message) }, text ?? '');
    } else {
      this.logger[level]({ context, ...(text && level === 'error' ? { stack: text } : {}) }, String(message));
    }
  }
}
