import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange } from '../rules/byte-range';
import { FileStagingStorage, isMissing, sweepTempFiles } from './file-staging';
import {
  contentAddress,
  isContentAddress,
  ObjectMissingError,
  ProofStorage,
  StoredBytes,
  StoredObjectFile,
} from './proof-storage';

export interface LocalProofStorageOptions {
  /** A temp file untouched for this long is left over from a crash or a killed process. */
  staleTempMs?: number;
}

const DEFAULT_STALE_TEMP_MS = 10 * 60 * 1000;

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
export class LocalProofStorage extends FileStagingStorage implements ProofStorage {
  readonly driver = 'local' as const;
  private readonly objectsDir: string;
  private readonly staleTempMs: number;

  constructor(
    readonly root: string,
    options: LocalProofStorageOptions = {},
  ) {
    super(join(root, 'tmp'));
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
  sweep(now = Date.now()): Promise<number> {
    return sweepTempFiles(this.tmpDir, this.staleTempMs, now);
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
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

  protected async commitTemp(tempPath: string, sha256: string, size: number): Promise<StoredBytes> {
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
