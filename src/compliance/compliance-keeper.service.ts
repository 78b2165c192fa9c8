import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withJobLock } from '../database/job-lock';
import { PollingLoop } from '../common/polling-loop';
import { ComplianceService } from './compliance.service';

/** The advisory lock's name: one replica keeps the figures at a time. */
export const FIGURES_KEEPER_LOCK = 'calea:compliance:figures-keeper';
/** Departments computed per transaction: a new day for a thousand departments is many short transactions, not one long one. */
const BATCH = 50;

export interface KeeperRun {
  /** Another replica (or run) held the lock: this one computed nothing. */
  skipped: boolean;
  computed: number;
}

/**
 * Keeps every department's readiness figures computed ahead of the requests that show them: every
 * READINESS_FIGURES_REFRESH_SECONDS (and once at start), the departments whose kept figures are
 * out of date (changed since, a new day, a new release) are computed and kept in
 * department_figures, one replica at a time. A request that comes first computes for itself, as it
 * always could: the keeper only moves that work out of the request.
 */
@Injectable()
export class ComplianceKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ComplianceKeeper.name);
  private readonly loop = new PollingLoop(
    () => this.runBatches(),
    (error: unknown) => this.logger.error(`Keeping readiness figures failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly compliance: ComplianceService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.readiness.figuresRefreshSeconds;
    if (seconds > 0) this.loop.start(seconds * 1000, 0);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Computes every out-of-date department's figures (in batches), unless another replica is at it; the timer calls it, tests too. */
  keepCurrent(): Promise<KeeperRun> {
    return this.loop.run();
  }

  private async runBatches(): Promise<KeeperRun> {
    let computed = 0;
    for (;;) {
      const run = await withJobLock(this.dataSource, FIGURES_KEEPER_LOCK, (manager) => this.compliance.keepFigures(manager, BATCH));
      if (!run.ran) return { skipped: true, computed };
      computed += run.result.computed;
      if (run.result.remaining === 0 || run.result.computed === 0 || this.loop.stopped) return { skipped: false, computed };
    }
  }
}
