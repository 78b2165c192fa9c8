import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import type { RenderResult } from './render';
import type { RenderJob, RenderWorkerMessage } from './render-worker';
import type { ReportKind, ReportViewModelByKind } from './view-models';

/**
 * Renders a report on a worker thread, so a 461-standard file review never blocks the request
 * thread, and writes it atomically to `outputPath`. One short-lived worker per report.
 *
 * The worker runs compiled JavaScript: `render-worker.js` next to this file in dist/src/reports
 * (`npm run build`). Under ts-jest/swc there is no such file; tests render in-process with
 * renderReportToFile() (the function the worker calls) or pass `workerScript` pointing at dist.
 */

export interface RenderInWorkerOptions {
  /** Path of the compiled worker; default render-worker.js beside this module. */
  workerScript?: string;
  resourceLimits?: ResourceLimits;
  /** Aborting terminates the worker and removes the partial file. */
  signal?: AbortSignal;
  /** Terminates the worker after this many milliseconds. */
  timeoutMs?: number;
}

export class ReportRenderError extends Error {
  constructor(message: string, readonly workerStack?: string) {
    super(message);
    this.name = 'ReportRenderError';
  }
}

export function defaultWorkerScript(): string {
  return join(__dirname, 'render-worker.js');
}

export function renderInWorker<K extends ReportKind>(
  kind: K,
  viewModel: ReportViewModelByKind[K],
  templatePath: string,
  outputPath: string,
  options: RenderInWorkerOptions = {},
): Promise<RenderResult> {
  const script = options.workerScript ?? defaultWorkerScript();
  if (!existsSync(script)) {
    return Promise.reject(
      new ReportRenderError(
        `The report render worker ${script} does not exist: renderInWorker runs compiled JavaScript (npm run build, then run from dist). ` +
          'In-process callers such as tests can use renderReportToFile, or pass options.workerScript.',
      ),
    );
  }
  if (options.signal?.aborted) return Promise.reject(new ReportRenderError('The report rendering was aborted before it started.'));
  const tempPath = join(dirname(outputPath), `.${basename(outputPath)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.part`);
  const job: RenderJob<K> = { kind, viewModel, templatePath, outputPath, tempPath };

  return new Promise<RenderResult>((resolve, reject) => {
    const worker = new Worker(script, { workerData: job, resourceLimits: options.resourceLimits });
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error: Error | null, result?: RenderResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!error) return resolve(result as RenderResult);
      // The worker may have died mid-write: never leave its partial file behind.
      void worker.terminate().finally(() => {
        rm(tempPath, { force: true }).then(
          () => reject(error),
          () => reject(error),
        );
      });
    };
    const onAbort = () => finish(new ReportRenderError('The report rendering was aborted.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) timer = setTimeout(() => finish(new ReportRenderError(`The report rendering took longer than ${options.timeoutMs} ms.`)), options.timeoutMs);

    worker.once('message', (message: RenderWorkerMessage) => {
      if (message.ok) finish(null, message.result);
      else finish(new ReportRenderError(`Rendering the ${kind} report failed: ${message.error.message}`, message.error.stack));
    });
    worker.once('error', (error) => finish(new ReportRenderError(`The report render worker crashed: ${error.message}`, error.stack)));
    worker.once('exit', (code) => finish(new ReportRenderError(`The report render worker exited (code ${code}) without a result.`)));
  });
}
