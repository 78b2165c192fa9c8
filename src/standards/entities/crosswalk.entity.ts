import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../identity/entities/user.entity';
import { Program } from './program.entity';

/**
 * One pair of a crosswalk: a standard of one program mapped to a standard of another, meaning the
 * same in both directions. Each side is a program and a standard number, not a standard row, so the
 * pair outlives manual versions as a standard's number does (as activity keys do). The pair is
 * stored once, in a fixed order (program_a_id before program_b_id), whatever order the import gave.
 */
@Entity({ name: 'crosswalk' })
@Index('crosswalk_pair_unique', ['programAId', 'numberA', 'programBId', 'numberB'], { unique: true })
// The other direction: the standards mapped to a standard of program B.
@Index('crosswalk_program_b_number_idx', ['programBId', 'numberB'])
@Check('crosswalk_order_check', `"program_a_id" < "program_b_id"`)
export class Crosswalk {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  programAId!: string;

  @ManyToOne(() => Program, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_a_id' })
  programA?: Program;

  /** A standard number of program A, e.g. "1.2.9". */
  @Column({ type: 'varchar', length: 12 })
  numberA!: string;

  @Column({ type: 'uuid' })
  programBId!: string;

  @ManyToOne(() => Program, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_b_id' })
  programB?: Program;

  @Column({ type: 'varchar', length: 12 })
  numberB!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: User;
}
