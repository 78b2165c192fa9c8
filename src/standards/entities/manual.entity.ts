import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One version of a standards manual (e.g. Law Enforcement, 6th edition, 6.15); a revision is a new row. */
@Entity({ name: 'manual' })
@Index('manual_version_unique', ['program', 'edition', 'version'], { unique: true })
export class Manual {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  program!: string;

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
}
