import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';

export interface WindowCount {
  count: number;
  windowEndsAt: Date;
}

/** Fixed-window counters in PostgreSQL (shared by every replica), keyed by purpose and subject. */
@Injectable()
export class RateLimiterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const windowStartFloor = new Date(now.getTime() - windowMs);
    const rows: { count: number; window_started_at: Date }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counter (key, window_started_at, count) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limit_counter.window_started_at <= $3 THEN 1 ELSE rate_limit_counter.count + 1 END,
         window_started_at = CASE WHEN rate_limit_counter.window_started_at <= $3 THEN $2 ELSE rate_limit_counter.window_started_at END
       RETURNING count, window_started_at`,
      [key, now, windowStartFloor],
    );
    return { count: rows[0].count, windowEndsAt: new Date(rows[0].window_started_at.getTime() + windowMs) };
  }

  async current(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const rows: { count: number; window_started_at: Date }[] = await this.dataSource.query(
      'SELECT count, window_started_at FROM rate_limit_counter WHERE key = $1',
      [key],
    );
    if (rows.length === 0 || rows[0].window_started_at.getTime() + windowMs <= now.getTime()) {
      return { count: 0, windowEndsAt: now };
    }
    return { count: rows[0].count, windowEndsAt: new Date(rows[0].window_started_at.getTime() + windowMs) };
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_counter WHERE key = $1', [key]);
  }
}
