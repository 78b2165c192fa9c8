import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RequestValidationError } from '../common/problem/problem';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError, IdempotencyRaceLostError } from './idempotency.errors';
import { IdempotencyRepository } from './idempotency.repository';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Visible ASCII, as RFC 9110 field values allow without quoting; a UUID is the usual choice. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** How long a key is remembered; a retry comes within minutes, not weeks. */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;


/**
 * Idempotency-Key on creating POSTs: the first answer is stored with what it created, in one
 * transaction; the same key (same user) again returns that answer and creates nothing; the same
 * key on another operation is refused (422).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly records: IdempotencyRepository) {}

  /** The header's value, checked; undefined when absent. */
  parseKey(raw: string | string[] | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (!KEY_PATTERN.test(value)) {
      throw new RequestValidationError([{ field: IDEMPOTENCY_HEADER, message: `${IDEMPOTENCY_HEADER} must be 1-200 visible ASCII characters (a UUID, say)` }]);
    }
    return value;
  }

  /** The answer stored for this key, or undefined when the key is new. */
  async replay<T>(userId: string, key: string, scope: string): Promise<T | undefined> {
    const row = await this.records.findRecord<T>(userId, key);
    if (!row) return undefined;
    if (row.scope !== scope) throw new IdempotencyKeyReusedError(`This ${IDEMPOTENCY_HEADER} was first used for another request (${row.scope}); use a new key for a new request.`);
    // JSON null marks a request still running (begin() reserved the key).
    if (row.response === null) throw new IdempotencyKeyInProgressError('The first request with this key is still being processed; retry shortly.');
    return row.response;
  }

  /**
   * Reserves the key for a request about to run (its answer JSON null until complete()), or
   * returns the stored answer of an earlier one; 409 while that one runs, 422 for another scope.
   */
  async begin(userId: string, key: string, scope: string): Promise<{ replay?: unknown }> {
    if (await this.records.reserveKey(userId, key, scope)) return {};
    return { replay: await this.replay(userId, key, scope) };
  }

  async complete(userId: string, key: string, response: unknown): Promise<void> {
    await this.records.storeResponse(userId, key, JSON.stringify(response ?? {}));
  }

  /** The request failed: it created nothing, so its key is free again. */
  async abandon(userId: string, key: string): Promise<void> {
    await this.records.deleteReservedKey(userId, key);
  }

  /** Inside the creating transaction: stores the answer, or throws IdempotencyRaceLostError (rolling it back) when a concurrent twin committed first. */
  async remember(manager: EntityManager, userId: string, key: string, scope: string, response: unknown): Promise<void> {
    if (!(await this.records.insertAnsweredKey(manager, userId, key, scope, JSON.stringify(response)))) throw new IdempotencyRaceLostError();
  }

  /** After a lost race: the winner's answer (or 409 while it has none). */
  async replayAfterRace<T>(userId: string, key: string, scope: string): Promise<T> {
    const replayed = await this.replay<T>(userId, key, scope);
    if (replayed === undefined) throw new IdempotencyKeyInProgressError('Another request with this key is still being processed; retry shortly.');
    return replayed;
  }

  /** Forgets keys older than IDEMPOTENCY_KEY_RETENTION_DAYS; returns how many. */
  async forgetOld(manager: EntityManager): Promise<number> {
    return this.records.deleteKeysOlderThanDays(manager, IDEMPOTENCY_KEY_RETENTION_DAYS);
  }
}
