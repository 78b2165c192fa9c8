import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { RateLimitRepository } from './rate-limit.repository';

export interface WindowCount {
  count: number;
  windowEndsAt: Date;
}

/** Fixed-window counters in PostgreSQL (shared by every replica), keyed by purpose and subject. */
@Injectable()
export class RateLimiterService {
  constructor(
    private readonly counters: RateLimitRepository,
    private readonly clock: Clock,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const windowStartFloor = new Date(now.getTime() - windowMs);
    const counter = await this.counters.countHit(key, now, windowStartFloor);
    return { count: counter.count, windowEndsAt: new Date(counter.window_started_at.getTime() + windowMs) };
  }

  async current(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const counter = await this.counters.findCounter(key);
    if (counter === undefined || counter.window_started_at.getTime() + windowMs <= now.getTime()) {
      return { count: 0, windowEndsAt: now };
    }
    return { count: counter.count, windowEndsAt: new Date(counter.window_started_at.getTime() + windowMs) };
  }

  async reset(key: string): Promise<void> {
    await this.counters.deleteCounter(key);
  }
}
