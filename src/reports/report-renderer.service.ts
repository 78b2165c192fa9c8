import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { partPathFor, RenderResult } from './render';
import { defaultWorkerScript, RenderPool } from './render-pool';
import { runRenderJob } from './render-worker';
import { loadReportTemplate, ReportTemplate, reportTemplatesDir } from './report-template';
import { ReportRenderTimeoutError } from './reports.errors';
import { REPORT_KINDS, ReportKind, ReportViewModelByKind } from './view-models';

export type RenderedIn = 'worker' | 'in-process';

export interface RenderedReport extends RenderResult {
  /** The template file name, e.g. file-review.json. */
  template: string;
  /** SHA-256 of the template's text as it was read for this rendering. */
  templateSha256: string;
  renderedIn: RenderedIn;
}

/** Waiters beyond `limit` queue in arrival order. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * Renders a report into a file, on a pooled worker thread (RenderPool: workers stay warm between
 * reports and stop after a minute idle) or in-process (runRenderJob, the very function the worker
 * runs), REPORT_MAX_CONCURRENT_RENDERS at a time.
 *
 * REPORT_RENDER_MODE=auto (default) uses the worker when the compiled worker exists beside this
 * module, i.e. when the service runs from dist/ (npm start): drawing a 461-standard review takes
 * a second or two of CPU that must not block the request thread. Run from the TypeScript sources
 * (jest, ts tools) there is no compiled worker next to them, so auto renders in-process, with the
 * same code, and says so once in the log. `worker` refuses to start without the compiled worker;
 * `in-process` never uses it. Tests may point `reports.workerScript` at dist/ to drive the worker.
 *
 * Templates are read from REPORT_TEMPLATES_DIR (default templates/reports) at every rendering,
 * so an agency's edits apply without a restart; all three are checked at start.
 */
@Injectable()
export class ReportRenderer implements OnModuleDestroy {
  private readonly logger = new Logger('ReportRenderer');
  private readonly semaphore: Semaphore;
  private readonly pool: RenderPool;
  readonly mode: RenderedIn;
  readonly workerScript: string;
  readonly templatesDir: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.semaphore = new Semaphore(config.reports.maxConcurrentRenders);
    this.workerScript = config.reports.workerScript ?? defaultWorkerScript();
    this.templatesDir = config.reports.templatesDir ?? reportTemplatesDir();
    this.pool = new RenderPool({ workerScript: this.workerScript });
    const compiled = existsSync(this.workerScript);
    switch (config.reports.renderMode) {
      case 'worker':
        if (!compiled) throw new Error(`REPORT_RENDER_MODE=worker, but the compiled render worker ${this.workerScript} does not exist: run npm run build and start from dist.`);
        this.mode = 'worker';
        break;
      case 'in-process':
        this.mode = 'in-process';
        break;
      case 'auto':
        this.mode = compiled ? 'worker' : 'in-process';
        break;
    }
    if (this.mode === 'in-process' && config.reports.renderMode === 'auto') {
      this.logger.log(`No compiled render worker beside the sources (${basename(this.workerScript)}): reports render in-process.`);
    }
    for (const kind of REPORT_KINDS) loadReportTemplate(this.templatePath(kind), kind);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  templatePath(kind: ReportKind): string {
    return join(this.templatesDir, `${kind}.json`);
  }

  /** The template as it will be drawn with (the footprint's data needs its compact limits). */
  template<K extends ReportKind>(kind: K): ReportTemplate<K> {
    return loadReportTemplate(this.templatePath(kind), kind);
  }

  /** Renders `viewModel` into `outputPath` (written through a temporary file in the same folder, renamed when complete). */
  async render<K extends ReportKind>(kind: K, viewModel: ReportViewModelByKind[K], outputPath: string): Promise<RenderedReport> {
    return this.semaphore.run(async () => {
      const path = this.templatePath(kind);
      const templateSha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
      const result =
        this.mode === 'worker'
          ? await this.inWorker(kind, viewModel, path, outputPath)
          : await runRenderJob({
              kind,
              viewModel,
              templatePath: path,
              outputPath,
              tempPath: partPathFor(outputPath),
            });
      return { ...result, template: basename(path), templateSha256, renderedIn: this.mode };
    });
  }

  /** On a pooled worker thread, terminated (and its partial file removed) after REPORT_RENDER_TIMEOUT_MS. */
  private async inWorker<K extends ReportKind>(kind: K, viewModel: ReportViewModelByKind[K], templatePath: string, outputPath: string): Promise<RenderResult> {
    const timeoutMs = this.config.reports.renderTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await this.pool.render(kind, viewModel, templatePath, outputPath, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new ReportRenderTimeoutError(timeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
