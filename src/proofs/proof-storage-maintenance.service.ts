import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LockedRun, withJobLock } from '../database/job-lock';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ProofsRepository } from './proofs.repository';
import { PROOF_STORAGE, ProofStorage } from './storage/proof-storage';

/** The advisory lock's name: one replica at a time does the storage chores. */
export const PROOF_STORAGE_MAINTENANCE_LOCK = 'calea:proofs:storage-maintenance';

/**
 * Leftovers of crashes, cleared while the service runs, by one replica at a time (the advisory
 * lock the other scheduled jobs use):
 * - every UPLOAD_TEMP_SWEEP_MS, temp files of uploads cut short (untouched for UPLOAD_TEMP_STALE_MS),
 *   and Idempotency-Keys past their retention;
 * - at start, objects no row names (a crash between the object's rename and its row's commit):
 *   moved to orphans/ and logged, never deleted; only once as old as a stale temp file, so an
 *   upload another replica is finishing right now keeps its object.
 */
@Injectable()
export class ProofStorageMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ProofStorage');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROOF_STORAGE) private readonly storage: ProofStorage,
    private readonly repository: ProofsRepository,
    private readonly idempotency: IdempotencyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcileObjects();
    await this.sweepTemp();
    this.timer = setInterval(() => void this.sweepTemp().catch((error: unknown) => this.logFailure('Sweeping the upload temp files', error)), this.config.proofMaintenance.sweepEveryMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Removes stale temp files; `ran: false` when another replica holds the lock. */
  async sweepTemp(): Promise<LockedRun<number>> {
    const run = await withJobLock(this.dataSource, PROOF_STORAGE_MAINTENANCE_LOCK, async (manager) => {
      await this.idempotency.forgetOld(manager);
      return this.storage.sweep();
    });
    if (run.ran && run.result > 0) this.logger.warn(`Removed ${run.result} temp file(s) of uploads cut short by a crash`);
    return run;
  }

  /** Sets aside objects that no row names and nobody has written for UPLOAD_TEMP_STALE_MS; returns where they went. */
  async reconcileObjects(now = Date.now()): Promise<LockedRun<string[]>> {
    return withJobLock(this.dataSource, PROOF_STORAGE_MAINTENANCE_LOCK, async (manager) => {
      const referenced = await this.repository.referencedStorageKeys(manager);
      const setAside: string[] = [];
      for await (const object of this.storage.objects()) {
        if (referenced.has(object.key) || now - object.modifiedMs < this.config.proofMaintenance.staleAfterMs) continue;
        const target = await this.storage.setAside(object.key);
        this.logger.warn({ key: object.key, movedTo: target }, `A stored object no row names was moved aside to ${target} (kept, not deleted)`);
        setAside.push(target);
      }
      return setAside;
    });
  }

  private logFailure(what: string, error: unknown): void {
    this.logger.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
