import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { renderReportToFile, RenderResult } from './render';
import { loadReportTemplate } from './report-template';
import { REPORT_KINDS, ReportKind, ReportViewModelByKind } from './view-models';

/**
 * The worker side of RenderPool: started with POOL_WORKER as workerData, it renders every job
 * posted to it into a file, off the main thread. Runs as compiled JavaScript (dist/src/reports/render-worker.js); the main thread
 * imports it only for runRenderJob() and the types.
 */

export interface RenderJob<K extends ReportKind = ReportKind> {
  kind: K;
  viewModel: ReportViewModelByKind[K];
  templatePath: string;
  outputPath: string;
  /** Where the bytes go until complete; renamed to outputPath. */
  tempPath: string;
}

export type RenderWorkerMessage = { ok: true; result: RenderResult } | { ok: false; error: { name: string; message: string; stack?: string } };

export function isRenderJob(value: unknown): value is RenderJob {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Record<string, unknown>;
  return (
    (REPORT_KINDS as readonly unknown[]).includes(job.kind) &&
    typeof job.viewModel === 'object' &&
    job.viewModel !== null &&
    typeof job.templatePath === 'string' &&
    typeof job.outputPath === 'string' &&
    typeof job.tempPath === 'string'
  );
}

/** Loads the template and renders: what the worker does, callable in-process too. */
export async function runRenderJob(job: RenderJob): Promise<RenderResult> {
  const template = loadReportTemplate(job.templatePath, job.kind);
  return renderReportToFile(job.kind, job.viewModel, template, job.outputPath, job.tempPath);
}

export function errorMessage(error: unknown): RenderWorkerMessage {
  if (error instanceof Error) return { ok: false, error: { name: error.name, message: error.message, stack: error.stack } };
  return { ok: false, error: { name: 'Error', message: String(error) } };
}

/** workerData of a pooled worker (render-pool.ts): it stays up and renders the jobs posted to it, one at a time. */
export const POOL_WORKER = 'calea-report-render-pool';

/** A job posted to a pooled worker, and its answer. */
export interface PoolRequest {
  id: number;
  job: RenderJob;
}
export type PoolResponse = RenderWorkerMessage & { id: number };

if (!isMainThread && parentPort) {
  const port = parentPort;
  if (workerData === POOL_WORKER) {
    // Warm between jobs: modules loaded, code optimised, so later reports render at full speed.
    port.on('message', (request: PoolRequest) => {
      const reply = (message: RenderWorkerMessage) => port.postMessage({ ...message, id: request.id } satisfies PoolResponse);
      if (!isRenderJob(request.job)) return reply(errorMessage(new TypeError('The report render worker got no valid job.')));
      runRenderJob(request.job).then((result) => reply({ ok: true, result }), (error: unknown) => reply(errorMessage(error)));
    });
  } else {
    port.postMessage(errorMessage(new TypeError('The report render worker is started by RenderPool, with POOL_WORKER as workerData.')));
  }
}
