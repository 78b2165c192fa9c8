import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStagingStorage, sweepTempFiles } from './file-staging';
import { contentAddress, isContentAddress, ObjectMissingError, ProofStorage, StoredBytes, StoredObjectFile } from './proof-storage';
import { S3Bucket } from './s3-bucket';
import type { ByteRange } from '../rules/byte-range';

export interface S3ProofStorageOptions {
  /** A temp file, or a multipart upload, untouched for this long is left over from a crash. */
  staleTempMs?: number;
}

const DEFAULT_STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Proof bytes in an S3-compatible bucket, under the keys the local driver uses as paths:
 *
 *   <stagingRoot>/tmp/<uuid>.part   an upload in progress, on local disk (hashed, counted, fsynced)
 *   objects/ab/cd/<sha256>          the bytes in the bucket, named by their SHA-256, written once
 *   orphans/<sha256>                objects no row named, set aside (kept)
 *
 * Staging is the local driver's, so the SHA-256 (hence the final key) and the sniffed type are
 * known before anything goes to the bucket. Commit asks the bucket first (identical bytes are
 * stored once), then uploads the staged file straight to its content address: a PUT or a
 * CompleteMultipartUpload is atomic, so no reader sees half an object under that key, and a
 * failed multipart upload is aborted. A crash mid-upload leaves a local temp file and perhaps an
 * open multipart upload; sweep() removes both once nobody has written to them for staleTempMs.
 */
export class S3ProofStorage extends FileStagingStorage implements ProofStorage {
  readonly driver = 's3' as const;
  private readonly staleTempMs: number;

  constructor(
    readonly bucket: S3Bucket,
    stagingRoot: string,
    options: S3ProofStorageOptions = {},
  ) {
    super(join(stagingRoot, 'tmp'));
    this.staleTempMs = options.staleTempMs ?? DEFAULT_STALE_TEMP_MS;
  }

  /** Makes the staging folder and checks the bucket answers (S3BucketUnreachableError names what to fix). */
  async prepare(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await this.bucket.check();
  }

  /** Stale staging files, and stale multipart uploads of the bucket (proofs' and reports' alike); returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const files = await sweepTempFiles(this.tmpDir, this.staleTempMs, now);
    return files + (await this.bucket.abortStaleUploads('', this.staleTempMs, now));
  }

  async *objects(): AsyncIterable<StoredObjectFile> {
    for await (const object of this.bucket.list('objects/')) {
      if (isContentAddress(object.key)) yield { key: object.key, modifiedMs: object.modifiedMs };
    }
  }

  /** Copied to orphans/<sha256> inside the bucket, then removed from the store. */
  async setAside(key: string): Promise<string> {
    const target = `orphans/${basename(this.checked(key))}`;
    await this.bucket.copy(key, target);
    await this.bucket.delete(key);
    return target;
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const body = await this.bucket.open(this.checked(key), range);
    if (!body) throw new ObjectMissingError(key);
    return body;
  }

  async exists(key: string): Promise<boolean> {
    return (await this.bucket.head(this.checked(key))) !== undefined;
  }

  close(): void {
    this.bucket.destroy();
  }

  protected async commitTemp(tempPath: string, sha256: string, size: number): Promise<StoredBytes> {
    const key = contentAddress(sha256);
    const existing = await this.bucket.head(key);
    let created = false;
    // (An object of the wrong size could only be damage from outside; the upload replaces it.)
    if (existing?.size !== size) {
      await this.bucket.putFile(key, tempPath, size);
      created = true;
    }
    await rm(tempPath, { force: true });
    return { sha256, size, key, created };
  }

  private checked(key: string): string {
    if (!isContentAddress(key)) throw new RangeError(`Not a storage key of the s3 driver: ${key}`);
    return key;
  }
}
