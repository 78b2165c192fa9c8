import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { extract as tarExtract, pack as tarPack, type Header } from 'tar-stream';
import { DataSource, type MigrationInterface } from 'typeorm';
import { AuditService, SYSTEM_AUDIT_CONTEXT } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { EmbeddedDatabase, openEmbeddedPostgres, runningServicePid, startEmbeddedPostgres } from '../database/embedded-postgres';
import type { ProofStorage } from '../proofs/storage/proof-storage';
import { createProofStorage } from '../proofs/storage/proof-storage.provider';
import { ReportFiles } from '../reports/report-files';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupManifest,
  BackupRefusedError,
  END_ENTRY,
  MANIFEST_ENTRY,
  migrationsToRestore,
  ObjectEntry,
  objectEntry,
  parseManifest,
  TableDump,
} from './backup-manifest';
import { appliedMigrations, DigestTap, discard, dumpTable, loadTable, readDump, readSchema, restoreSequences, rowCounts, tablesWithRows } from './database-dump';

/**
 * `npm run backup -- <file>` and `npm run restore -- <file>`: one archive with the database and
 * every stored proof and report, made while the service keeps serving, restored into an empty
 * installation. No PostgreSQL client tools are needed (the machine's pg_dump is often older than
 * the embedded server and refuses it).
 *
 * Consistency: the rows come from one REPEATABLE READ snapshot. Proof objects and report PDFs are
 * written before their rows commit and never change or go away afterwards, so every object the
 * snapshot names is on disk, whole, whatever the service does meanwhile.
 */

export type Log = (message: string) => void;

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  proofs: number;
  reports: number;
  bytes: number;
  seconds: number;
}

export interface RestoreSummary extends Omit<BackupSummary, 'bytes'> {
  auditEventsVerified: number;
  migrationsRunAfter: string[];
}

async function openDatabase(config: AppConfig): Promise<EmbeddedDatabase & { shared: boolean }> {
  if (config.databaseUrl) return { url: config.databaseUrl, shared: true, stop: () => Promise.resolve() };
  return openEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: () => undefined });
}

export async function createBackup(config: AppConfig, file: string, log: Log): Promise<BackupSummary> {
  const started = Date.now();
  const target = resolve(file);
  if (existsSync(target)) throw new BackupRefusedError(`${target} exists already: choose another name (a backup never overwrites a file).`);
  const partial = `${target}.partial`;
  const work = await mkdtemp(join(tmpdir(), 'calea-backup-'));
  const database = await openDatabase(config);
  log(database.shared ? 'Reading the database of the running service (it keeps serving)' : 'Started the database of the data folder for the backup');
  try {
    const { manifest, files } = await snapshotDatabase(database.url, work);
    log(`Snapshot taken: ${manifest.tables.length} tables, ${manifest.tables.reduce((n, t) => n + t.rows, 0)} rows, ${manifest.objects.length} stored files`);
    await writeArchive(partial, manifest, files, config);
    await rename(partial, target);
    await syncFolder(dirname(target));
    const bytes = (await stat(target)).size;
    await recordInAudit(database.url, 'installation.backed-up', { file: basename(target), bytes, tables: manifest.tables.length, objects: manifest.objects.length });
    return {
      file: target,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      proofs: manifest.objects.filter((o) => o.kind === 'proof').length,
      reports: manifest.objects.filter((o) => o.kind === 'report').length,
      bytes,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
    await database.stop();
  }
}

async function snapshotDatabase(url: string, work: string): Promise<{ manifest: BackupManifest; files: Map<string, string> }> {
  const client = new Client({ connectionString: url, application_name: 'calea-tracker backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const schema = await readSchema(client);
    const files = new Map<string, string>();
    const tables: TableDump[] = [];
    for (const [i, table] of schema.tables.entries()) {
      const path = join(work, `${i}.copy.gz`);
      const dump = await dumpTable(client, table, path);
      files.set(dump.entry, path);
      tables.push(dump);
    }
    const objects: ObjectEntry[] = [
      ...(await client.query<{ key: string; sha256: string; size: string }>('SELECT storage_key AS key, sha256, size_bytes::text AS size FROM stored_object ORDER BY sha256')).rows.map(
        (o) => ({ kind: 'proof' as const, key: o.key, sha256: o.sha256, size: Number(o.size), entry: objectEntry('proof', o.key) }),
      ),
      ...(await client.query<{ key: string; sha256: string; size: string }>('SELECT storage_key AS key, sha256, size_bytes::text AS size FROM generated_report ORDER BY storage_key')).rows.map(
        (o) => ({ kind: 'report' as const, key: o.key, sha256: o.sha256, size: Number(o.size), entry: objectEntry('report', o.key) }),
      ),
    ];
    await client.query('COMMIT');
    return {
      manifest: {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        migrations: schema.migrations,
        postgresVersion: schema.postgresVersion,
        tables,
        sequences: schema.sequences,
        objects,
      },
      files,
    };
  } finally {
    await client.end();
  }
}

async function writeArchive(path: string, manifest: BackupManifest, files: Map<string, string>, config: AppConfig): Promise<void> {
  const storage = createProofStorage(config);
  const reports = new ReportFiles(config);
  const pack = tarPack();
  // A streamx pack piped by hand: node's pipeline() does not see its end.
  const sink = createWriteStream(path, { mode: 0o600 });
  const written = new Promise<void>((resolve, reject) => {
    sink.once('close', resolve).once('error', reject);
    pack.once('error', reject);
  });
  pack.pipe(sink);
  const add = async (name: string, size: number, source: Readable): Promise<string> => {
    const digest = new DigestTap();
    await pipeline(source, digest, pack.entry({ name, size, mode: 0o600, mtime: new Date(manifest.createdAt) }));
    if (digest.size !== size) throw new Error(`${name}: ${digest.size} bytes read where ${size} were expected`);
    return digest.hex();
  };
  try {
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));
    await add(MANIFEST_ENTRY, manifestBytes.length, Readable.from([manifestBytes]));
    for (const table of manifest.tables) await add(table.entry, table.size, readDump(files.get(table.entry) ?? ''));
    for (const object of manifest.objects) {
      const source = object.kind === 'proof' ? await storage.open(object.key) : await reports.open(object.key);
      if (!source) throw new Error(`The stored report ${object.key} is missing`);
      const sha256 = await add(object.entry, object.size, source);
      if (sha256 !== object.sha256) throw new Error(`The stored ${object.kind} ${object.key} does not match its SHA-256: it was damaged on disk`);
    }
    const end = Buffer.from(`${createHash('sha256').update(manifestBytes).digest('hex')}\n`);
    await add(END_ENTRY, end.length, Readable.from([end]));
    pack.finalize();
    await written;
    await syncFile(path);
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
}

/**
 * Restores an archive into an empty installation: the database (DATABASE_URL, or the embedded one
 * in DATA_DIR) must hold no rows, and DATA_DIR no stored proof or report. All or nothing: the rows
 * commit only after every table, object and count checked out; on failure the files written are
 * removed again, so the installation is as empty as before.
 */
export async function restoreBackup(config: AppConfig, file: string, log: Log): Promise<RestoreSummary> {
  const started = Date.now();
  const source = resolve(file);
  if (!existsSync(source)) throw new BackupRefusedError(`${source} does not exist.`);
  if (!config.databaseUrl && (await runningServicePid(config.dataDir)) !== null) {
    throw new BackupRefusedError(`A service is running on ${config.dataDir}: stop it; a restore goes into an empty data folder.`);
  }
  const storage = createProofStorage(config);
  // The local driver's folder (the only driver so far): what a failed restore removes again.
  const proofsRoot = join(config.dataDir, 'proofs');
  const reports = new ReportFiles(config);
  await refuseStoredFiles(join(proofsRoot, 'objects'), reports.root);

  // The archive's manifest is read before anything is started or written.
  const archive = openArchive(source);
  const first = await archive.next();
  if (first?.header.name !== MANIFEST_ENTRY) {
    archive.close();
    throw new BackupRefusedError(`${source} is not a backup of the tracker (it does not start with ${MANIFEST_ENTRY}).`);
  }
  const manifestBytes = await readAll(first);
  const manifest = parseManifest(manifestBytes);
  const next = archive.next;

  const database = config.databaseUrl
    ? { url: config.databaseUrl, stop: () => Promise.resolve() }
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: () => undefined });
  const client = new Client({ connectionString: database.url, application_name: 'calea-tracker restore' });
  const written: string[] = [];
  let committed = false;
  try {
    await client.connect();
    const filled = await tablesWithRows(client);
    if (filled.length > 0) {
      throw new BackupRefusedError(`The database is not empty (${filled.slice(0, 5).join(', ')}${filled.length > 5 ? ', …' : ''} hold rows): a restore goes into an empty database.`);
    }
    await storage.prepare();
    await mkdir(reports.root, { recursive: true });

    const ahead = (await appliedMigrations(client)).filter((name) => !manifest.migrations.includes(name));
    if (ahead.length > 0) {
      throw new BackupRefusedError(`The database's schema is newer than the backup's (${ahead.join(', ')}): restore into a database that was never migrated.`);
    }

    await migrate(database.url, migrationsToRestore(manifest.migrations, await knownMigrations(database.url)));
    log(`Schema of the backup ready (${manifest.migrations.length} migrations); loading ${manifest.tables.length} tables`);

    await client.query('BEGIN');
    for (const table of manifest.tables) {
      const entry = await next();
      if (entry?.header.name !== table.entry) throw truncated(table.entry, entry);
      await loadTable(client, table, entry);
    }
    await restoreSequences(client, manifest.sequences);
    log(`Rows loaded; restoring ${manifest.objects.length} stored files`);

    for (const object of manifest.objects) {
      const entry = await next();
      if (entry?.header.name !== object.entry) throw truncated(object.entry, entry);
      written.push(await restoreObject(object, entry, storage, proofsRoot, reports));
    }
    const end = await next();
    if (end?.header.name !== END_ENTRY) throw truncated(END_ENTRY, end);
    if ((await readAll(end)).toString().trim() !== createHash('sha256').update(manifestBytes).digest('hex')) {
      throw new BackupRefusedError('The archive\'s END does not match its manifest: the archive is damaged.');
    }
    const extra = await next();
    if (extra) {
      await pipeline(extra, discard());
      throw new BackupRefusedError(`The archive holds ${extra.header.name} after its END: it is damaged.`);
    }
    const counts = await rowCounts(client, manifest.tables.map((t) => t.name));
    const wrong = manifest.tables.filter((t) => counts.get(t.name) !== t.rows);
    if (wrong.length > 0) throw new Error(`Row counts differ after loading: ${wrong.map((t) => `${t.name} ${counts.get(t.name)} of ${t.rows}`).join(', ')}`);
    await client.query('COMMIT');
    committed = true;

    const after = await migrate(database.url, 'all');
    const verification = await AuditService.over(await dataSourceFor(database.url)).verify().finally(() => closeDataSources());
    if (!verification.intact) {
      throw new Error(`The data was restored, but its audit trail does not verify: row ${verification.firstBrokenId}: ${verification.reason}`);
    }
    await recordInAudit(database.url, 'installation.restored', { file: basename(source), backupCreatedAt: manifest.createdAt, tables: manifest.tables.length, objects: manifest.objects.length });
    return {
      file: source,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      proofs: manifest.objects.filter((o) => o.kind === 'proof').length,
      reports: manifest.objects.filter((o) => o.kind === 'report').length,
      auditEventsVerified: verification.checked,
      migrationsRunAfter: after,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    if (!committed) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const path of written) await rm(path, { force: true });
    }
    // An entry that broke off mid-way fails whoever was reading it; the archive is what is wrong.
    throw (error instanceof BackupRefusedError ? null : archive.failure()) ?? error;
  } finally {
    archive.close();
    await client.end().catch(() => undefined);
    await database.stop();
  }
}

type ArchiveEntry = Readable & { header: Header };

function unreadable(error: unknown): BackupRefusedError {
  const reason = error instanceof Error ? error.message : String(error);
  return new BackupRefusedError(
    /end of data|premature|unexpected end/i.test(reason)
      ? `The archive was cut short (an interrupted copy?) and cannot be restored (${reason}).`
      : `The archive cannot be read as a backup of the tracker: it is damaged or not a backup (${reason}).`,
  );
}

/**
 * The archive's entries one after the other. A tar that cannot be read (cut short, damaged, not a
 * tar at all) is a refusal that says so, not a crash.
 */
function openArchive(path: string): { next: () => Promise<ArchiveEntry | null>; failure: () => BackupRefusedError | null; close: () => void } {
  const extract = tarExtract();
  let failure: BackupRefusedError | null = null;
  extract.on('error', (error: Error) => (failure ??= unreadable(error)));
  const input = createReadStream(path);
  input.on('error', (error) => extract.destroy(error));
  input.pipe(extract);
  const entries = extract[Symbol.asyncIterator]() as AsyncIterator<ArchiveEntry>;
  return {
    next: async () => {
      try {
        const step = await entries.next();
        return step.done ? null : step.value;
      } catch (error) {
        throw error instanceof BackupRefusedError ? error : unreadable(error);
      }
    },
    failure: () => failure,
    close: () => {
      input.destroy();
      extract.destroy();
    },
  };
}

/** Writes one stored file where the service will look for it; returns its path (removed again if the restore fails). */
async function restoreObject(object: ObjectEntry, entry: Readable, storage: ProofStorage, proofsRoot: string, reports: ReportFiles): Promise<string> {
  if (object.kind === 'proof') {
    const stored = await storage.put(entry, { maxBytes: object.size });
    if (stored.sha256 !== object.sha256 || stored.key !== object.key || stored.size !== object.size) {
      throw new BackupRefusedError(`The proof ${object.key} in the archive does not match its SHA-256: the archive is damaged.`);
    }
    return join(proofsRoot, object.key);
  }
  const path = reports.pathOf(object.key);
  const part = join(dirname(path), `.${basename(path)}.restore.part`);
  const digest = new DigestTap();
  await pipeline(entry, digest, createWriteStream(part, { flags: 'wx', mode: 0o640 }));
  await syncFile(part);
  if (digest.hex() !== object.sha256 || digest.size !== object.size) {
    await rm(part, { force: true });
    throw new BackupRefusedError(`The report ${object.key} in the archive does not match its SHA-256: the archive is damaged.`);
  }
  await rename(part, path);
  return path;
}

function truncated(expected: string, found: { header: Header } | null): BackupRefusedError {
  return new BackupRefusedError(
    found
      ? `The archive holds ${found.header.name} where ${expected} was expected: it is damaged or not a backup of the tracker.`
      : `The archive ends before ${expected}: it was cut short (an interrupted copy?) and cannot be restored.`,
  );
}

async function refuseStoredFiles(...folders: string[]): Promise<void> {
  for (const folder of folders) {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.part'));
    if (files.length > 0) throw new BackupRefusedError(`${folder} already holds ${files.length} stored file(s): a restore goes into an empty data folder.`);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const openDataSources: DataSource[] = [];
async function dataSourceFor(url: string, migrations?: (new () => MigrationInterface)[]): Promise<DataSource> {
  const options = buildDataSourceOptions(url);
  const dataSource = new DataSource({ ...options, ...(migrations ? { migrations } : {}), extra: { max: 2 } });
  await dataSource.initialize();
  openDataSources.push(dataSource);
  return dataSource;
}
async function closeDataSources(): Promise<void> {
  for (const dataSource of openDataSources.splice(0)) await dataSource.destroy();
}

async function knownMigrations(url: string): Promise<string[]> {
  const dataSource = await dataSourceFor(url);
  try {
    return dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  } finally {
    await closeDataSources();
  }
}

/** Runs the named migrations (or all pending ones) and returns the names it applied. */
async function migrate(url: string, which: string[] | 'all'): Promise<string[]> {
  const all = await dataSourceFor(url);
  try {
    const classes = all.migrations
      .filter((m) => which === 'all' || which.includes(m.name ?? m.constructor.name))
      .map((m) => m.constructor as new () => MigrationInterface);
    const subset = await dataSourceFor(url, classes);
    const applied = await subset.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await closeDataSources();
  }
}

async function recordInAudit(url: string, action: string, after: object): Promise<void> {
  try {
    await AuditService.over(await dataSourceFor(url)).recordStandalone(SYSTEM_AUDIT_CONTEXT, { action, entityType: 'installation', after });
  } finally {
    await closeDataSources();
  }
}

/** fsync through a fresh descriptor (a stream's own FileHandle cannot be closed while the stream holds it). */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
