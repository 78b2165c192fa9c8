import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { FileHandle, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectTooLargeError, StagedBytes, StageOptions, StoredBytes } from './proof-storage';

/** Staging is on local disk for every driver: `<tmpDir>/<uuid>.part`. */
export const TEMP_SUFFIX = '.part';

export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Streams `source` into a new temp file of `tmpDir`, computing SHA-256 and the size on the way;
 * past `maxBytes` it fails at once. The file is fsynced before this resolves. Any failure (the
 * source, the limit, the disk) removes the partial file.
 */
export async function stageToFile(tmpDir: string, source: Readable, { maxBytes }: StageOptions): Promise<{ tempPath: string; sha256: string; size: number }> {
  const tempPath = join(tmpDir, `${randomUUID()}${TEMP_SUFFIX}`);
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
    source.destroy();
    await handle?.close().catch(() => undefined);
    await rm(tempPath, { force: true });
    throw error;
  }
  return { tempPath, sha256: hash.digest('hex'), size };
}

/**
 * Removes the temp files of `tmpDir` nobody has written to for `staleMs`: uploads cut short by a
 * crash. An upload in progress writes continuously, so it is never taken for a stale one.
 */
export async function sweepTempFiles(tmpDir: string, staleMs: number, now: number): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(tmpDir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(tmpDir, entry.name);
    try {
      if (now - (await stat(path)).mtimeMs < staleMs) continue;
      await rm(path, { force: true });
      removed++;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  return removed;
}

/** Moves a staged temp file to its content address; the driver's part of StagedBytes.commit(). */
export type CommitTemp = (tempPath: string, sha256: string, size: number) => Promise<StoredBytes>;

/** Staged bytes in a local temp file, committed by the driver's `commitTemp`. */
export class FileStagedBytes implements StagedBytes {
  private state: 'staged' | 'committed' | 'discarded' = 'staged';

  constructor(
    private readonly commitTemp: CommitTemp,
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
    const stored = await this.commitTemp(this.tempPath, this.sha256, this.size);
    this.state = 'committed';
    return stored;
  }

  async discard(): Promise<void> {
    if (this.state !== 'staged') return;
    this.state = 'discarded';
    await rm(this.tempPath, { force: true });
  }
}

/**
 * What every driver does the same way: the bytes are staged to a local temp file (hashed, counted,
 * size-limited), then the driver's commitTemp makes them the stored object.
 */
export abstract class FileStagingStorage {
  protected constructor(protected readonly tmpDir: string) {}

  protected abstract commitTemp(tempPath: string, sha256: string, size: number): Promise<StoredBytes>;

  async stage(source: Readable, options: StageOptions): Promise<StagedBytes> {
    const { tempPath, sha256, size } = await stageToFile(this.tmpDir, source, options);
    return new FileStagedBytes((path, hash, bytes) => this.commitTemp(path, hash, bytes), tempPath, sha256, size);
  }

  async put(source: Readable, options: StageOptions): Promise<StoredBytes> {
    const staged = await this.stage(source, options);
    try {
      return await staged.commit();
    } finally {
      await staged.discard();
    }
  }
}
