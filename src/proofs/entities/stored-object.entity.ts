import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Bytes kept by the storage driver, addressed by their SHA-256: identical uploads are stored once. */
@Entity({ name: 'stored_object' })
export class StoredObject {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint' })
  sizeBytes!: string;

  /** Sniffed from the bytes, never taken from the client. */
  @Column({ type: 'varchar', length: 150 })
  mimeType!: string;

  /** Where the driver keeps it (local path or object key), relative to the driver's root. */
  @Column({ type: 'varchar', length: 300 })
  storageKey!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
