import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Program } from './program.entity';

/**
 * One version of a standards manual (e.g. Law Enforcement, 6th edition, 6.15); a revision is a new row.
 * An import is a draft until an administrator publishes it.
 */
@Entity({ name: 'manual' })
@Index('manual_version_unique', ['program', 'edition', 'version'], { unique: true })
export class Manual {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The program's name (program.name, which never changes), as imported. */
  @Column({ type: 'varchar', length: 100 })
  program!: string;

  @Column({ type: 'uuid' })
  programId!: string;

  @ManyToOne(() => Program, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id' })
  programDefinition?: Program;

  @Column({ type: 'varchar', length: 20 })
  edition!: string;

  @Column({ type: 'varchar', length: 20 })
  version!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'date' })
  effectiveDate!: string;

  /** SHA-256 of the parsed standards (see manualContentSha256), so a re-import of the same content is recognised. */
  @Column({ type: 'char', length: 64 })
  contentSha256!: string;

  @Column({ type: 'timestamptz' })
  importedAt!: Date;

  /** When an administrator published this version; null while it is a draft, which no department sees. */
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** When a department first took this version on; from then on it is kept (never deleted or replaced). */
  @Column({ type: 'timestamptz', nullable: true })
  firstAdoptedAt!: Date | null;
}
