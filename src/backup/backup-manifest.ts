/**
 * What a backup archive holds and the rules a restore follows, as pure functions (no I/O).
 *
 * The archive is a tar file with, in this order:
 *   manifest.json                 this manifest (first, so a restore can refuse early)
 *   database/<table>.copy.gz      each table's rows in PostgreSQL's COPY text format, gzipped,
 *                                 in an order that satisfies every foreign key
 *   proofs/<storage key>          each stored proof object, named by its content address
 *   reports/<storage key>         each generated report PDF
 *   END                           the SHA-256 of manifest.json: an archive without it was cut short
 */

export const BACKUP_FORMAT = 'calea-tracker-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const END_ENTRY = 'END';

export interface TableDump {
  name: string;
  /** The columns dumped, in order (generated columns are left out: PostgreSQL computes them). */
  columns: string[];
  rows: number;
  /** Archive entry with the gzipped COPY text. */
  entry: string;
  size: number;
  sha256: string;
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export type ObjectKind = 'proof' | 'report';

export interface ObjectEntry {
  kind: ObjectKind;
  key: string;
  size: number;
  sha256: string;
  entry: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The migrations applied to the source database, in the order they ran. */
  migrations: string[];
  postgresVersion: string;
  tables: TableDump[];
  sequences: SequenceValue[];
  objects: ObjectEntry[];
}

export class BackupRefusedError extends Error {
  override name = 'BackupRefusedError';
}

export const tableEntry = (table: string): string => `database/${table}.copy.gz`;
export const objectEntry = (kind: ObjectKind, key: string): string => `${kind === 'proof' ? 'proofs' : 'reports'}/${key}`;

/**
 * Tables ordered so that every table comes after the tables its foreign keys point to (a table
 * pointing to itself is fine: PostgreSQL checks those at the end of the COPY). Ties keep name order.
 */
export function loadOrder(tables: string[], foreignKeys: { from: string; to: string }[]): string[] {
  const pending = new Set(tables);
  const needs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { from, to } of foreignKeys) {
    if (from !== to && pending.has(from) && pending.has(to)) needs.get(from)?.add(to);
  }
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => [...(needs.get(t) ?? [])].every((n) => !pending.has(n))).sort();
    if (ready.length === 0) throw new Error(`The foreign keys of ${[...pending].sort().join(', ')} form a cycle; they cannot be loaded in order`);
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

/**
 * Which of this version's migrations bring an empty database to the backup's schema: exactly the
 * backup's own, and they must be a leading run of this version's (the rest run after the rows are
 * in, as on any upgrade). A backup made by a newer version, or by a version with migrations this
 * one lacks, is refused with the reason.
 */
export function migrationsToRestore(backup: string[], known: string[]): string[] {
  const unknown = backup.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new BackupRefusedError(
      `The backup was made by a version of the tracker with migrations this version does not have (${unknown.join(', ')}): restore it with that version or a newer one.`,
    );
  }
  const leading = known.slice(0, backup.length);
  if (leading.some((name, i) => name !== backup[i])) {
    throw new BackupRefusedError('The backup\'s migrations are not a leading run of this version\'s: it was made by a diverging version of the tracker.');
  }
  return leading;
}

/** Checks a manifest read from an archive; returns it typed, or throws saying what is wrong. */
export function parseManifest(bytes: Buffer): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupRefusedError('The archive\'s manifest.json is not JSON: this is not a backup of the tracker, or it is damaged.');
  }
  const manifest = value as Partial<BackupManifest> | null;
  if (manifest?.format !== BACKUP_FORMAT) throw new BackupRefusedError('This is not a backup of the tracker (its manifest names no tracker backup format).');
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupRefusedError(`The backup's format version ${String(manifest.formatVersion)} is not one this version reads (${BACKUP_FORMAT_VERSION}).`);
  }
  if (!Array.isArray(manifest.tables) || !Array.isArray(manifest.objects) || !Array.isArray(manifest.sequences) || !Array.isArray(manifest.migrations)) {
    throw new BackupRefusedError('The backup\'s manifest is incomplete (tables, objects, sequences or migrations missing).');
  }
  for (const table of manifest.tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table.name) || !table.columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) {
      throw new BackupRefusedError(`The backup's manifest names a table or column that is not a plain identifier: ${table.name}`);
    }
  }
  for (const sequence of manifest.sequences) {
    if (!/^[a-z_][a-z0-9_]*$/.test(sequence.name) || !/^-?\d+$/.test(sequence.lastValue)) {
      throw new BackupRefusedError(`The backup's manifest has a malformed sequence: ${sequence.name}`);
    }
  }
  return manifest as BackupManifest;
}

/** Sizes in words for the log: 1536 -> "1.5 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
