import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { partPathFor, RenderResult } from './render';
import { POOL_WORKER, PoolRequest, PoolResponse } from './render-worker';
import type { ReportKind, ReportViewModelByKind } from './view-models';

/**
 * Worker threads that stay up between reports. A fresh worker loads pdfkit and fontkit and runs
 * its first report on cold code, which costs about as much again as the drawing itself (a
 * 461-standard file review: some 4 s cold against 2 s warm on a small machine); a pooled worker
 * pays that once. Each worker renders one job at a time; callers bound the concurrency (the
 * ReportRenderer's semaphore) and the pool starts workers up to that bound. A worker idle for
 * `idleMs` is stopped (its memory returned); one that fails, is aborted or times out is
 * terminated, its partial file removed, and replaced on the next job.
 */

export class ReportRenderError extends Error {
  constructor(message: string, readonly workerStack?: string) {
    super(message);
    this.name = 'ReportRenderError';
  }
}

/** The compiled worker beside this module (dist/src/reports/render-worker.js when running from dist/). */
export function defaultWorkerScript(): string {
  return join(__dirname, 'render-worker.js');
}

export interface RenderPoolOptions {
  workerScript: string;
  /** Idle workers are stopped after this long (default one minute). */
  idleMs?: number;
  resourceLimits?: ResourceLimits;
}

interface PooledWorker {
  worker: Worker;
  idleTimer?: NodeJS.Timeout;
}

export class RenderPool {
  private readonly idle: PooledWorker[] = [];
  private readonly all = new Set<PooledWorker>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: RenderPoolOptions) {}

  get size(): number {
    return this.all.size;
  }

  render<K extends ReportKind>(kind: K, viewModel: ReportViewModelByKind[K], templatePath: string, outputPath: string, options: { signal?: AbortSignal } = {}): Promise<RenderResult> {
    if (this.closed) return Promise.reject(new ReportRenderError('The report render pool is closed.'));
    if (!existsSync(this.options.workerScript)) {
      return Promise.reject(new ReportRenderError(`The report render worker ${this.options.workerScript} does not exist: run npm run build, then run from dist.`));
    }
    if (options.signal?.aborted) return Promise.reject(new ReportRenderError('The report rendering was aborted before it started.'));
    const tempPath = partPathFor(outputPath);
    const request: PoolRequest = { id: this.nextId++, job: { kind, viewModel, templatePath, outputPath, tempPath } };
    const pooled = this.take();

    return new Promise<RenderResult>((resolve, reject) => {
      const { worker } = pooled;
      let settled = false;
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        cleanup();
        // The worker may be mid-write: it is not reused, and its partial file goes.
        this.discard(pooled);
        void worker.terminate().finally(() => {
          rm(tempPath, { force: true }).then(
            () => reject(error),
            () => reject(error),
          );
        });
      };
      const onMessage = (message: PoolResponse) => {
        if (message.id !== request.id || settled) return;
        settled = true;
        cleanup();
        this.release(pooled);
        if (message.ok) resolve(message.result);
        else reject(new ReportRenderError(`Rendering the ${kind} report failed: ${message.error.message}`, message.error.stack));
      };
      const onError = (error: Error) => fail(new ReportRenderError(`The report render worker crashed: ${error.message}`, error.stack));
      const onExit = (code: number) => fail(new ReportRenderError(`The report render worker exited (code ${code}) without a result.`));
      const onAbort = () => fail(new ReportRenderError('The report rendering was aborted.'));
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(request);
    });
  }

  /** Stops every worker (jobs in flight fail). */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => (clearTimeout(w.idleTimer), w.worker.terminate())));
  }

  private take(): PooledWorker {
    const pooled = this.idle.pop() ?? this.spawn();
    clearTimeout(pooled.idleTimer);
    return pooled;
  }

  private spawn(): PooledWorker {
    const worker = new Worker(this.options.workerScript, { workerData: POOL_WORKER, resourceLimits: this.options.resourceLimits });
    // An idle pool never keeps the process alive.
    worker.unref();
    const pooled: PooledWorker = { worker };
    // A worker that dies while idle (or after its job) leaves the pool quietly.
    worker.on('exit', () => this.discard(pooled));
    worker.on('error', () => this.discard(pooled));
    this.all.add(pooled);
    return pooled;
  }

  private release(pooled: PooledWorker): void {
    if (this.closed || !this.all.has(pooled)) return;
    this.idle.push(pooled);
    pooled.idleTimer = setTimeout(() => {
      this.discard(pooled);
      void pooled.worker.terminate();
    }, this.options.idleMs ?? 60_000);
    pooled.idleTimer.unref();
  }

  private discard(pooled: PooledWorker): void {
    clearTimeout(pooled.idleTimer);
    this.all.delete(pooled);
    const i = this.idle.indexOf(pooled);
    if (i >= 0) this.idle.splice(i, 1);
  }
}
