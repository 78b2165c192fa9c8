import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createS3Bucket } from '../proofs/storage/proof-storage.provider';
import type { S3Bucket } from '../proofs/storage/s3-bucket';

/** Temporary files older than this at start are leftovers of a crash. */
const STALE_MS = 60 * 60 * 1000;

const STORAGE_KEY = /^[0-9a-f-]{36}\.pdf$/;

/**
 * Where report PDFs live. Renderings are written to `$DATA_DIR/reports/<id>.pdf` (through a
 * `.part` file beside it, renamed when complete); with PROOF_STORAGE_DRIVER=local they stay
 * there, with `s3` publish() uploads them to `reports/<id>.pdf` in the bucket (one atomic PUT or
 * multipart upload, aborted on failure) and removes the local file. `$DATA_DIR/reports/tmp/`
 * holds the binder's one-off file review, removed once streamed. Leftovers of a crash are swept
 * at start (a crashed multipart upload by the proof storage's sweep, which covers the bucket).
 */
@Injectable()
export class ReportFiles implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ReportFiles');
  readonly root: string;
  readonly tmp: string;
  /** The bucket the PDFs go to; undefined: they stay in `root`. */
  private readonly bucket?: S3Bucket;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = join(config.dataDir, 'reports');
    this.tmp = join(this.root, 'tmp');
    if (config.proofStorageDriver === 's3') this.bucket = createS3Bucket(config);
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
    const removed = await this.sweep();
    if (removed > 0) this.logger.warn(`Removed ${removed} report file(s) left unfinished by a crash`);
  }

  onModuleDestroy(): void {
    this.bucket?.destroy();
  }

  /** Where a report is rendered (storage key `<id>.pdf`), and kept with the local driver. */
  pathOf(storageKey: string): string {
    if (!STORAGE_KEY.test(storageKey)) throw new RangeError(`Not a report storage key: ${storageKey}`);
    return join(this.root, storageKey);
  }

  /** The bucket key of a report. */
  static bucketKey(storageKey: string): string {
    return `reports/${storageKey}`;
  }

  /** Makes a rendered report (complete at pathOf(storageKey), `size` bytes) the stored one. */
  async publish(storageKey: string, size: number): Promise<void> {
    if (!this.bucket) return;
    const path = this.pathOf(storageKey);
    try {
      await this.bucket.putFile(ReportFiles.bucketKey(storageKey), path, size);
    } finally {
      await rm(path, { force: true });
    }
  }

  /** The stored PDF's bytes, or undefined when they are missing. */
  async open(storageKey: string): Promise<Readable | undefined> {
    if (this.bucket) return this.bucket.open(ReportFiles.bucketKey(this.checked(storageKey)));
    try {
      const handle = await open(this.pathOf(storageKey), 'r');
      return handle.createReadStream();
    } catch {
      return undefined;
    }
  }

  /** Removes a stored PDF (a report whose row did not commit). */
  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
    if (this.bucket) await this.bucket.delete(ReportFiles.bucketKey(storageKey));
  }

  private checked(storageKey: string): string {
    if (!STORAGE_KEY.test(storageKey)) throw new RangeError(`Not a report storage key: ${storageKey}`);
    return storageKey;
  }

  /** A fresh path in the temporary folder. */
  tempPath(suffix: string): string {
    return join(this.tmp, `${randomUUID()}${suffix}`);
  }

  /** Removes `.part` files and temporary files nobody has touched for an hour; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    const candidates = [
      ...(await readdir(this.root)).filter((name) => name.startsWith('.') && name.endsWith('.part')).map((name) => join(this.root, name)),
      ...(await readdir(this.tmp)).map((name) => join(this.tmp, name)),
    ];
    for (const path of candidates) {
      try {
        if (now - (await stat(path)).mtimeMs > STALE_MS) {
          await rm(path, { force: true, recursive: true });
          removed++;
        }
      } catch {
        // Gone meanwhile.
      }
    }
    return removed;
  }
}
