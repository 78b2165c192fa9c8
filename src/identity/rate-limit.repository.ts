import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RateLimitCounterRow {
  count: number;
  window_started_at: Date;
}

/** The SQL of the rate limiter's fixed-window counters (rate_limit_counter). */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Counts one hit: a window started at or before `windowStartFloor` starts over at `now` with 1,
   * a live one counts on; returns the counter after the hit.
   */
  async countHit(key: string, now: Date, windowStartFloor: Date): Promise<RateLimitCounterRow> {
    const rows: RateLimitCounterRow[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counter (key, window_started_at, count) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limit_counter.window_started_at <= $3 THEN 1 ELSE rate_limit_counter.count + 1 END,
         window_started_at = CASE WHEN rate_limit_counter.window_started_at <= $3 THEN $2 ELSE rate_limit_counter.window_started_at END
       RETURNING count, window_started_at`,
      [key, now, windowStartFloor],
    );
    return rows[0];
  }

  async findCounter(key: string): Promise<RateLimitCounterRow | undefined> {
    const rows: RateLimitCounterRow[] = await this.dataSource.query('SELECT count, window_started_at FROM rate_limit_counter WHERE key = $1', [key]);
    return rows[0];
  }

  async deleteCounter(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_counter WHERE key = $1', [key]);
  }
}
