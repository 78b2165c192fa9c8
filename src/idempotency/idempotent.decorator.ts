import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable, of, switchMap } from 'rxjs';
import { IDEMPOTENCY_HEADER, IdempotencyService } from './idempotency.service';

/** The signed-in user the access guard put on the request (read structurally: this module sits below identity). */
type RequestWithUser = Request & { actor?: { userId: string } };

@Injectable()
export class IdempotentInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const key = this.idempotency.parseKey(request.headers[IDEMPOTENCY_HEADER.toLowerCase()]);
    const userId = request.actor?.userId;
    if (!key || !userId) return next.handle();
    const scope = `${request.method} ${request.path}`;
    return from(this.idempotency.begin(userId, key, scope)).pipe(
      switchMap((begun) =>
        begun.replay !== undefined
          ? of(begun.replay)
          : next.handle().pipe(
              mergeMap(async (body: unknown) => {
                await this.idempotency.complete(userId, key, body);
                return body;
              }),
              catchError(async (error: unknown) => {
                // A refused request creates nothing: the key stays free for a corrected retry.
                await this.idempotency.abandon(userId, key);
                throw error;
              }),
            ),
      ),
    );
  }
}

/**
 * A creating POST that takes an Idempotency-Key: the key is reserved before the handler runs, the
 * answer stored after it; the same key again (same user) answers the stored result without running
 * the handler, 409 while the first is still running, 422 on another route. (Proof uploads store
 * their answer in the upload's own transaction instead: ProofsService.upload.)
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotentInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description: 'A key of your choosing (a UUID): a retry with the same key returns the first answer and creates nothing new',
    }),
  );
