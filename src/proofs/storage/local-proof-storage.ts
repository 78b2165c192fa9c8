import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  contentAddress,
  isContentAddress,
  ObjectMissingError,
  ObjectTooLargeError,
  ProofStorage,
  StagedBytes,
  StageOptions,
  StoredBytes,
  StoredObjectFile,
} from './proof-storage';

export interface LocalProofStorageOptions {
  /** A temp file untouched for this long is left over from a crash or a killed process. */
  staleTempMs?: number;
}

const TEMP_SUFFIX = '.part';
const DEFAULT_STALE_TEMP_MS = 10 * 60 * 1000;

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** fsync on a directory makes the entries created or renamed in it durable. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Proof bytes on the local filesystem, under `root`:
 *
 *   tmp/<uuid>.part           an upload in progress (same filesystem as objects/, so rename is atomic)
 *   objects/ab/cd/<sha256>    the bytes, named by their SHA-256, written once
 *
 * An upload streams into a temp file while its SHA-256 and size are computed; past the size
 * limit it fails at once. The temp file is fsynced, then renamed to its content address and the
 * folder fsynced, so an object is either complete and durable or absent. Any failure (including
 * the client going away) removes the temp file; a crash leaves at most a temp file, which the
 * periodic sweep (ProofStorageMaintenance) removes once it is stale.
 */
export class LocalProofStorage implements ProofStorage {
  readonly driver = 'local' as const;
  private readonly tmpDir: string;
  private readonly objectsDir: string;
  private readonly staleTempMs: number;

  constructor(
    readonly root: string,
    options: LocalProofStorageOptions = {},
  ) {
    this.tmpDir = join(root, 'tmp');
    this.objectsDir = join(root, 'objects');
    this.staleTempMs = options.staleTempMs ?? DEFAULT_STALE_TEMP_MS;
  }

  async prepare(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(this.objectsDir, { recursive: true, mode: 0o750 });
  }

  async *objects(): AsyncIterable<StoredObjectFile> {
    for (const entry of await readdir(this.objectsDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
      if (!isContentAddress(key)) continue;
      try {
        yield { key, modifiedMs: (await stat(join(this.root, key))).mtimeMs };
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }

  /** orphans/<sha256>: out of the store, where an operator can look at it. */
  async setAside(key: string): Promise<string> {
    const target = `orphans/${basename(key)}`;
    await mkdir(join(this.root, 'orphans'), { recursive: true, mode: 0o750 });
    await rename(this.pathOf(key), join(this.root, target));
    return target;
  }

  /**
   * Removes temp files nobody has written to for `staleTempMs`: uploads cut short by a crash. An
   * upload in progress writes continuously, so it is never taken for a stale one. Returns how many.
   */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const entry of await readdir(this.tmpDir, { withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(TEMP_SUFFIX)) continue;
      const path = join(this.tmpDir, entry.name);
      try {
        if (now - (await stat(path)).mtimeMs < this.staleTempMs) continue;
        await rm(path, { force: true });
        removed++;
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return removed;
  }

  async stage(source: Readable, { maxBytes }: StageOptions): Promise<StagedBytes> {
    const tempPath = join(this.tmpDir, `${randomUUID()}${TEMP_SUFFIX}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) {
          callback(new ObjectTooLargeError(maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    let handle: FileHandle | undefined;
    try {
      handle = await open(tempPath, 'wx', 0o640);
      // flush: the stream fsyncs the file before it closes it, so staged bytes are on disk.
      await pipeline(source, meter, handle.createWriteStream({ flush: true }));
    } catch (error) {
      // Whatever failed (the source, the limit, the disk), the partial file goes.
      source.destroy();
      await handle?.close().catch(() => undefined);
      await rm(tempPath, { force: true });
      throw error;
    }
    return new LocalStagedBytes(this, tempPath, hash.digest('hex'), size);
  }

  async put(source: Readable, options: StageOptions): Promise<StoredBytes> {
    const staged = await this.stage(source, options);
    try {
      return await staged.commit();
    } finally {
      await staged.discard();
    }
  }

  async open(key: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw new ObjectMissingError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** @internal Used by LocalStagedBytes. */
  async commitTemp(tempPath: string, sha256: string, size: number): Promise<StoredBytes> {
    const key = contentAddress(sha256);
    const finalPath = join(this.root, key);
    const folder = dirname(finalPath);
    const firstCreated = await mkdir(folder, { recursive: true, mode: 0o750 });
    const existing = await stat(finalPath).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (existing?.isFile() && existing.size === size) {
      // Identical bytes are already stored: keep them once.
      await rm(tempPath, { force: true });
      return { sha256, size, key, created: false };
    }
    // (An object of the wrong size could only be damage from outside; the rename replaces it.)
    await rename(tempPath, finalPath);
    // The new entry, and any folder mkdir created for it, must survive a power cut.
    const folders = [folder];
    if (firstCreated) {
      for (let f = folder; f !== dirname(firstCreated); ) {
        f = dirname(f);
        folders.push(f);
      }
    }
    for (const f of folders) await syncDirectory(f);
    return { sha256, size, key, created: true };
  }

  private pathOf(key: string): string {
    if (!isContentAddress(key)) throw new RangeError(`Not a storage key of the local driver: ${key}`);
    return join(this.root, key);
  }
}

class LocalStagedBytes implements StagedBytes {
  private state: 'staged' | 'committed' | 'discarded' = 'staged';

  constructor(
    private readonly storage: LocalProofStorage,
    private readonly tempPath: string,
    readonly sha256: string,
    readonly size: number,
  ) {}

  read(): Readable {
    if (this.state !== 'staged') throw new Error(`The staged bytes were ${this.state}`);
    return createReadStream(this.tempPath);
  }

  blob(): Promise<Blob> {
    if (this.state !== 'staged') throw new Error(`The staged bytes were ${this.state}`);
    return openAsBlob(this.tempPath);
  }

  async commit(): Promise<StoredBytes> {
    if (this.state !== 'staged') throw new Error(`The staged bytes were ${this.state}`);
    const stored = await this.storage.commitTemp(this.tempPath, this.sha256, this.size);
    this.state = 'committed';
    return stored;
  }

  async discard(): Promise<void> {
    if (this.state !== 'staged') return;
    this.state = 'discarded';
    await rm(this.tempPath, { force: true });
  }
}
