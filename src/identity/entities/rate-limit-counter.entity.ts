import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Fixed-window counters kept in PostgreSQL so every replica sees the same limits. */
@Entity({ name: 'rate_limit_counter' })
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key!: string;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ type: 'int' })
  count!: number;
}
