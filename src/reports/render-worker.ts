import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { renderReportToFile, RenderResult } from './render';
import { loadReportTemplate } from './report-template';
import { REPORT_KINDS, ReportKind, ReportViewModelByKind } from './view-models';

/**
 * The worker side of renderInWorker(): renders one report into a file off the main thread and
 * reports back once. Runs as compiled JavaScript (dist/src/reports/render-worker.js); the main
 * thread never imports it for its side effect.
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

if (!isMainThread && parentPort) {
  const port = parentPort;
  if (isRenderJob(workerData)) {
    runRenderJob(workerData).then(
      (result) => port.postMessage({ ok: true, result } satisfies RenderWorkerMessage),
      (error: unknown) => port.postMessage(errorMessage(error)),
    );
  } else {
    port.postMessage(errorMessage(new TypeError('The report render worker got no valid job (kind, viewModel, templatePath, outputPath, tempPath).')));
  }
}
