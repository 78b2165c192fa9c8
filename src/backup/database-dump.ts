import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { BackupRefusedError, loadOrder, SequenceValue, TableDump, tableEntry } from './backup-manifest';

/**
 * The database half of a backup: every table of the schema copied out in PostgreSQL's own COPY
 * text format (exact for every type, no pg_dump needed), and copied back in. Schema-level SQL,
 * like pg_dump's: it reads the catalogue, never a module's tables by name.
 */

/** The migrations table is rebuilt by running the migrations; its rows are not data. */
const NOT_DATA = new Set(['typeorm_migrations']);
const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

export interface SchemaSnapshot {
  migrations: string[];
  postgresVersion: string;
  /** Tables with their columns, in load order. */
  tables: { name: string; columns: string[] }[];
  sequences: SequenceValue[];
}

/** What the schema holds, read inside the caller's (snapshot) transaction. */
export async function readSchema(client: Client): Promise<SchemaSnapshot> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
    )
  ).rows
    .map((r) => r.name)
    .filter((name) => !NOT_DATA.has(name));
  const foreignKeys = (
    await client.query<{ from: string; to: string }>(
      `SELECT c.conrelid::regclass::text AS from, c.confrelid::regclass::text AS to
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    )
  ).rows.map((fk) => ({ from: unquote(fk.from), to: unquote(fk.to) }));
  const columns = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const columnsOf = (table: string): string[] => columns.rows.filter((r) => r.table === table).map((r) => r.column);
  const sequences: SequenceValue[] = [];
  for (const { name } of (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'S' ORDER BY 1`,
    )
  ).rows) {
    const [value] = (await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${quote(name)}`)).rows;
    sequences.push({ name, lastValue: value.last_value, isCalled: value.is_called });
  }
  const migrations = (await client.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id')).rows.map((r) => r.name);
  const [{ version }] = (await client.query<{ version: string }>('SHOW server_version')).rows;
  return {
    migrations,
    postgresVersion: version,
    tables: loadOrder(tables, foreignKeys).map((name) => ({ name, columns: columnsOf(name) })),
    sequences,
  };
}

/** Copies one table's rows (as the caller's transaction sees them) into a gzipped file. */
export async function dumpTable(client: Client, table: { name: string; columns: string[] }, file: string): Promise<TableDump> {
  const copy = client.query(copyTo(`COPY ${quote(table.name)} (${table.columns.map(quote).join(', ')}) TO STDOUT`));
  const digest = new DigestTap();
  await pipeline(copy, createGzip({ level: 6 }), digest, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return { name: table.name, columns: table.columns, rows: copy.rowCount, entry: tableEntry(table.name), size: digest.size, sha256: digest.hex() };
}

export function readDump(file: string): Readable {
  return createReadStream(file);
}

/**
 * Loads one table's dump (the archive entry's bytes) into the caller's transaction, with the
 * table's own triggers off: the rows are restored as they were (the audit chain keeps its ids and
 * hashes; no stamp or check of the live service fires). Checks the bytes and the row count.
 */
export async function loadTable(client: Client, dump: TableDump, entry: Readable): Promise<void> {
  await client.query(`ALTER TABLE ${quote(dump.name)} DISABLE TRIGGER USER`);
  const digest = new DigestTap();
  const copy = client.query(copyFrom(`COPY ${quote(dump.name)} (${dump.columns.map(quote).join(', ')}) FROM STDIN`));
  await pipeline(entry, digest, createGunzip(), copy);
  if (digest.hex() !== dump.sha256 || digest.size !== dump.size) {
    throw new BackupRefusedError(`The rows of ${dump.name} in the archive do not match their SHA-256: the archive is damaged.`);
  }
  if (copy.rowCount !== dump.rows) {
    throw new BackupRefusedError(`${dump.name}: ${copy.rowCount} rows were loaded where the backup holds ${dump.rows}.`);
  }
  await client.query(`ALTER TABLE ${quote(dump.name)} ENABLE TRIGGER USER`);
}

export async function restoreSequences(client: Client, sequences: SequenceValue[]): Promise<void> {
  for (const s of sequences) await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [quote(s.name), s.lastValue, s.isCalled]);
}

/** Tables of the schema that hold any row (the migrations table aside): an empty database has none. */
export async function tablesWithRows(client: Client): Promise<string[]> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const filled: string[] = [];
  for (const { name } of tables.rows.filter((t) => !NOT_DATA.has(t.name))) {
    if ((await client.query(`SELECT 1 FROM ${quote(name)} LIMIT 1`)).rowCount) filled.push(name);
  }
  return filled;
}

/** Migrations already applied to the database (none when it was never migrated). */
export async function appliedMigrations(client: Client): Promise<string[]> {
  const exists = await client.query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = 'typeorm_migrations'`);
  if (!exists.rowCount) return [];
  return (await client.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id')).rows.map((r) => r.name);
}

export async function rowCounts(client: Client, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const name of tables) {
    const [{ count }] = (await client.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${quote(name)}`)).rows;
    counts.set(name, Number(count));
  }
  return counts;
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier;
}

/** Passes bytes through, counting them and computing their SHA-256. */
export class DigestTap extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    callback(null, chunk);
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}

/** A sink that only counts (to drain an entry the restore does not need). */
export function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}
