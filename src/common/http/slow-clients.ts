import { applyDecorators, CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, UseInterceptors } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { DomainError } from '../problem/problem';
import { sendProblem } from '../problem/problem-details.filter';

type HttpLimits = AppConfig['http'];

export class RequestTimeoutError extends DomainError {
  readonly status = 408;
  readonly slug = 'request-timeout';
  readonly title = 'The request arrived too slowly';
}

const logger = new Logger('SlowClients');

/**
 * Per connection: the request line and headers must arrive within headersTimeoutMs (Node's own
 * check runs only every 30 s), and one client address holds at most maxConnectionsPerClient
 * connections; one more is closed at once. Node's requestTimeout stays as the outer cap.
 */
export function guardConnections(server: Server, limits: HttpLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.uploadTimeoutMs + limits.headersTimeoutMs;
  const open = new Map<string, number>();
  const headerTimers = new WeakMap<Socket, NodeJS.Timeout>();
  const armHeaders = (socket: Socket): void => {
    clearTimeout(headerTimers.get(socket));
    const timer = setTimeout(() => {
      logger.warn({ remoteAddress: socket.remoteAddress }, 'Headers did not arrive in time: connection closed');
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      setTimeout(() => socket.destroy(), 500).unref();
    }, limits.headersTimeoutMs);
    timer.unref();
    headerTimers.set(socket, timer);
  };

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (limits.maxConnectionsPerClient > 0) {
      const count = (open.get(address) ?? 0) + 1;
      if (count > limits.maxConnectionsPerClient) {
        logger.warn({ remoteAddress: address, limit: limits.maxConnectionsPerClient }, 'Too many connections from one address: connection closed');
        socket.destroy();
        return;
      }
      open.set(address, count);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    }
    armHeaders(socket);
    socket.once('close', () => clearTimeout(headerTimers.get(socket)));
  });
  const inFlight = new WeakMap<Socket, number>();
  server.on('request', (request: Request, response: Response) => {
    const socket = request.socket;
    clearTimeout(headerTimers.get(socket));
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    // A kept-alive connection's next request has the same time for its headers (once nothing,
    // a pipelined request included, is being answered on it).
    response.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      inFlight.set(socket, left);
      if (left === 0 && !socket.destroyed) armHeaders(socket);
    });
  });
}

const DEADLINE = Symbol('bodyDeadline');
type RequestWithDeadline = Request & { [DEADLINE]?: BodyDeadline };

const CHECK_EVERY_MS = 250;

/** The time a request's body may take: the ordinary one unless its route allows a long upload. */
class BodyDeadline {
  private readonly startedAt = Date.now();
  private readonly startBytes: number;
  private long = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly request: Request,
    private readonly response: Response,
    private readonly limits: HttpLimits,
  ) {
    this.startBytes = request.socket.bytesRead;
    this.timer = setInterval(() => this.check(), Math.min(CHECK_EVERY_MS, limits.bodyTimeoutMs));
    this.timer.unref();
    const stop = (): void => clearInterval(this.timer);
    request.once('end', stop);
    request.once('close', stop);
    response.once('finish', stop);
    response.once('close', stop);
  }

  allowLongUpload(): void {
    this.long = true;
  }

  private check(): void {
    if (this.request.complete) {
      clearInterval(this.timer);
      return;
    }
    const elapsed = Date.now() - this.startedAt;
    if (!this.long) {
      if (elapsed > this.limits.bodyTimeoutMs) this.cut(`The request body did not arrive within ${seconds(this.limits.bodyTimeoutMs)}.`);
      return;
    }
    if (elapsed > this.limits.uploadTimeoutMs) {
      this.cut(`The upload did not arrive within ${seconds(this.limits.uploadTimeoutMs)}.`);
      return;
    }
    const received = this.request.socket.bytesRead - this.startBytes;
    const floor = this.limits.uploadMinBytesPerSecond;
    if (floor > 0 && elapsed > this.limits.bodyTimeoutMs && (received * 1000) / elapsed < floor) {
      this.cut(`The upload arrived slower than ${floor} bytes per second.`);
    }
  }

  private cut(detail: string): void {
    clearInterval(this.timer);
    logger.warn({ remoteAddress: this.request.socket.remoteAddress, path: this.request.path, long: this.long }, `Slow request cut off: ${detail}`);
    const socket = this.request.socket;
    // The request itself first: once answered, it is no longer the connection's, and closing the
    // socket alone would not tell its reader (an upload writing a temp file) that the body ended.
    const destroy = (): void => {
      this.request.destroy();
      socket.destroy();
    };
    if (this.response.headersSent) {
      destroy();
      return;
    }
    this.response.setHeader('Connection', 'close');
    this.response.once('finish', destroy);
    setTimeout(destroy, 1000).unref();
    sendProblem(new RequestTimeoutError(detail), this.request, this.response, logger);
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** Every request with a body gets the ordinary deadline; runs before the body parsers. */
export function bodyDeadlines(limits: HttpLimits) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > 0 || request.headers['transfer-encoding'] !== undefined) {
      (request as RequestWithDeadline)[DEADLINE] = new BodyDeadline(request, response, limits);
    }
    next();
  };
}

@Injectable()
class LongUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    (context.switchToHttp().getRequest<RequestWithDeadline>()[DEADLINE])?.allowLongUpload();
    return next.handle();
  }
}

/**
 * The route takes a proof upload: its body gets UPLOAD_TIMEOUT_MS with a minimum rate instead of
 * the ordinary HTTP_BODY_TIMEOUT_MS. Interceptors run after the guards, so only a caller allowed
 * to upload gets the long allowance.
 */
export const LongUpload = (): MethodDecorator => applyDecorators(UseInterceptors(LongUploadInterceptor));
