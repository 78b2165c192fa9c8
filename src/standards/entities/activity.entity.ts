import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Frequency } from '../../kernel/standard-types';
import { Standard } from './standard.entity';

/**
 * One activity a standard requires (an annual administrative review, annual refresher training, an
 * audit on each change of custodian), with its own frequency and so its own deadline series. Like
 * its standard, the row never changes after import. Proof filings name it by `key`, which outlives
 * manual versions as a standard's number does.
 */
@Entity({ name: 'activity' })
@Index('activity_standard_key_unique', ['standardId', 'key'], { unique: true })
@Index('activity_standard_position_unique', ['standardId', 'position'], { unique: true })
@Check('activity_reminder_check', `"reminder_days" IS NULL OR ("frequency" = 'per_event' AND "reminder_days" BETWEEN 1 AND 1461)`)
export class Activity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  standardId!: string;

  @ManyToOne(() => Standard, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'standard_id' })
  standard?: Standard;

  /** 0-based order within the standard, as the manual lists them. */
  @Column({ type: 'smallint' })
  position!: number;

  /** Slug of the name, unique within the standard: what a proof's filing records. */
  @Column({ type: 'varchar', length: 60 })
  key!: string;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  frequency!: Frequency;

  /** per_event only: days after the last recorded event that the next one (or a no-event note) is asked for. */
  @Column({ type: 'integer', nullable: true })
  reminderDays!: number | null;

  /** Letters of the standard's bullets this activity answers; empty: the standard as a whole. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  bullets!: string[];
}
