import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Temporary files older than this at start are leftovers of a crash. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Where report PDFs live: `$DATA_DIR/reports/<id>.pdf` (renderings are written to a `.part`
 * file beside it and renamed when complete), and `$DATA_DIR/reports/tmp/` for the binder's
 * one-off file review, removed once streamed. Leftovers of a crash are swept at start.
 */
@Injectable()
export class ReportFiles implements OnModuleInit {
  private readonly logger = new Logger('ReportFiles');
  readonly root: string;
  readonly tmp: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = join(config.dataDir, 'reports');
    this.tmp = join(this.root, 'tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
    const removed = await this.sweep();
    if (removed > 0) this.logger.warn(`Removed ${removed} report file(s) left unfinished by a crash`);
  }

  /** The stored PDF of a report (storage key `<id>.pdf`). */
  pathOf(storageKey: string): string {
    if (!/^[0-9a-f-]{36}\.pdf$/.test(storageKey)) throw new RangeError(`Not a report storage key: ${storageKey}`);
    return join(this.root, storageKey);
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
