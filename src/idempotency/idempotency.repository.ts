import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A stored key: the operation it was first used for, and its answer (JSON null while that request runs). */
export interface IdempotencyRecordRow<T> {
  scope: string;
  response: T | null;
}

/** The idempotency module's SQL (idempotency_record). */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findRecord<T>(userId: string, key: string): Promise<IdempotencyRecordRow<T> | undefined> {
    const [row]: IdempotencyRecordRow<T>[] = await this.dataSource.query('SELECT scope, response FROM idempotency_record WHERE user_id = $1 AND key = $2', [userId, key]);
    return row;
  }

  /** Inserts the key with a JSON null answer (a request running); false when the key already exists. */
  async reserveKey(userId: string, key: string, scope: string): Promise<boolean> {
    const reserved: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_record (user_id, key, scope, response) VALUES ($1, $2, $3, 'null'::jsonb) ON CONFLICT DO NOTHING RETURNING key`,
      [userId, key, scope],
    );
    return reserved.length > 0;
  }

  async storeResponse(userId: string, key: string, responseJson: string): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_record SET response = $3::jsonb WHERE user_id = $1 AND key = $2`, [userId, key, responseJson]);
  }

  /** Deletes the key only while it is still reserved (answer JSON null). */
  async deleteReservedKey(userId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_record WHERE user_id = $1 AND key = $2 AND response = 'null'::jsonb`, [userId, key]);
  }

  /** Inserts the key with its answer in the caller's transaction; false when the key already exists. */
  async insertAnsweredKey(manager: EntityManager, userId: string, key: string, scope: string, responseJson: string): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_record (user_id, key, scope, response) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING RETURNING key`,
      [userId, key, scope, responseJson],
    );
    return inserted.length > 0;
  }

  /** Deletes the keys created more than `days` days ago; returns how many. */
  async deleteKeysOlderThanDays(manager: EntityManager, days: number): Promise<number> {
    const [{ forgotten }]: { forgotten: number }[] = await manager.query(
      `WITH gone AS (DELETE FROM idempotency_record WHERE created_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS forgotten FROM gone`,
      [days],
    );
    return forgotten;
  }
}
