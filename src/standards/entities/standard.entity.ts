import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Bullet, Frequency, Level, StandardKind } from '../../kernel/standard-types';
import { ManualSection } from './manual-section.entity';
import { Manual } from './manual.entity';

/** One standard of one manual version. Its rows never change after import (a replacement rewrites them all). */
@Entity({ name: 'standard' })
@Index('standard_manual_number_unique', ['manualId', 'number'], { unique: true })
// Serves every listing: the manual's standards in natural order (sort_key), filtered in that range.
@Index('standard_manual_sort_key_unique', ['manualId', 'sortKey'], { unique: true })
@Check('standard_levels_check', `"level_a" IN ('M', 'O') AND "level_b" IN ('M', 'O') AND "level_c" IN ('M', 'O') AND "level_d" IN ('M', 'O')`)
export class Standard {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  manualId!: string;

  @ManyToOne(() => Manual, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'manual_id' })
  manual?: Manual;

  @Index('standard_section_idx')
  @Column({ type: 'uuid' })
  sectionId!: string;

  @ManyToOne(() => ManualSection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'section_id' })
  section?: ManualSection;

  /** Chapter number, repeated from the section so the listing filters without a join. */
  @Column({ type: 'smallint' })
  chapter!: number;

  /** e.g. "4.2.4". */
  @Column({ type: 'varchar', length: 12 })
  number!: string;

  /** sortKey(number), e.g. "004.02.04": plain string order is the natural order. */
  @Column({ type: 'varchar', length: 12 })
  sortKey!: string;

  @Column({ type: 'text' })
  title!: string;

  /** LE1: part of Tier 1 (Law Enforcement Accreditation). */
  @Column({ type: 'boolean' })
  tier1!: boolean;

  @Column({ type: 'char', length: 1 })
  levelA!: Level;

  @Column({ type: 'char', length: 1 })
  levelB!: Level;

  @Column({ type: 'char', length: 1 })
  levelC!: Level;

  @Column({ type: 'char', length: 1 })
  levelD!: Level;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  bullets!: Bullet[];

  @Column({ type: 'text', array: true })
  kinds!: StandardKind[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  linkedNumbers!: string[];

  /** Set for time-sensitive standards only. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  frequency!: Frequency | null;

  /** The number this standard had in the previous manual version, when it was renumbered. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  replaces!: string | null;

  /** CALEA's licensed statement, when the agency imported it. */
  @Column({ type: 'text', nullable: true })
  licensedText!: string | null;

  @Column({ type: 'text', nullable: true })
  commentary!: string | null;
}
