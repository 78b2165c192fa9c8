import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReportToFile } from './render';
import { renderInWorker, ReportRenderError } from './render-in-worker';
import { isRenderJob, runRenderJob } from './render-worker';
import { defaultTemplatePath, loadReportTemplate, reportTemplatesDir } from './report-template';
import { syntheticDepartmentReadiness, syntheticFootprint } from './synthetic-reports';
import { pageCountOf, qpdfCheck } from './testing/pdf-inspect';

/**
 * The worker runs compiled JavaScript, which jest (swc on the TypeScript sources) does not
 * produce. In-process, the specs call runRenderJob(), the very function the worker runs; the
 * worker thread itself is exercised against dist/ when a build is there (npm test builds first).
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'calea-render-worker-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const compiledWorker = join(reportTemplatesDir(), '..', '..', 'dist', 'src', 'reports', 'render-worker.js');

describe('isRenderJob', () => {
  const job = { kind: 'footprint', viewModel: {}, templatePath: 't.json', outputPath: 'o.pdf', tempPath: 'o.part' };
  it.each<[unknown, boolean]>([
    [job, true],
    [{ ...job, kind: 'binder' }, false],
    [{ ...job, viewModel: null }, false],
    [{ ...job, outputPath: undefined }, false],
    [null, false],
    ['footprint', false],
  ])('%j -> %s', (value, expected) => {
    expect(isRenderJob(value)).toBe(expected);
  });
});

describe('runRenderJob (what the worker does, in-process)', () => {
  it('loads the template and writes the report atomically', async () => {
    const outputPath = join(dir, 'footprint.pdf');
    const result = await runRenderJob({
      kind: 'footprint',
      viewModel: syntheticFootprint(),
      templatePath: defaultTemplatePath('footprint'),
      outputPath,
      tempPath: join(dir, '.footprint.pdf.part'),
    });
    await qpdfCheck(outputPath);
    expect(readdirSync(dir)).toEqual(['footprint.pdf']);
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(outputPath)).digest('hex'));
    expect(result.pages).toBe(await pageCountOf(outputPath));
  });

  it('refuses a template of another report and leaves no file', async () => {
    await expect(
      runRenderJob({
        kind: 'footprint',
        viewModel: syntheticFootprint(),
        templatePath: defaultTemplatePath('file-review'),
        outputPath: join(dir, 'x.pdf'),
        tempPath: join(dir, '.x.part'),
      }),
    ).rejects.toThrow(/report: is "file-review" but this renderer needs a "footprint" template/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('renderReportToFile', () => {
  it('leaves nothing behind when the view model is refused', async () => {
    const vm = { ...syntheticDepartmentReadiness(), cover: { ...syntheticDepartmentReadiness().cover, timeZone: 'Nowhere/Special' } };
    await expect(renderReportToFile('department-readiness', vm, loadReportTemplate(defaultTemplatePath('department-readiness')) as never, join(dir, 'r.pdf'))).rejects.toThrow(
      /Unknown time zone "Nowhere\/Special"/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('renderInWorker', () => {
  it('says how to get the compiled worker when it is not there', async () => {
    const attempt = renderInWorker('footprint', syntheticFootprint(), defaultTemplatePath('footprint'), join(dir, 'f.pdf'), {
      workerScript: join(dir, 'missing', 'render-worker.js'),
    });
    await expect(attempt).rejects.toThrow(ReportRenderError);
    await expect(attempt).rejects.toThrow(/runs compiled JavaScript \(npm run build, then run from dist\)/);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      renderInWorker('footprint', syntheticFootprint(), defaultTemplatePath('footprint'), join(dir, 'f.pdf'), { workerScript: __filename, signal: controller.signal }),
    ).rejects.toThrow(/aborted before it started/);
  });

  const withBuild = existsSync(compiledWorker) ? it : it.skip;

  withBuild('renders on a worker thread from the compiled build', async () => {
    const outputPath = join(dir, 'footprint.pdf');
    const result = await renderInWorker('footprint', syntheticFootprint({ departments: 4 }), defaultTemplatePath('footprint'), outputPath, {
      workerScript: compiledWorker,
    });
    await qpdfCheck(outputPath);
    expect(result.pages).toBe(await pageCountOf(outputPath));
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(outputPath)).digest('hex'));
    expect(readdirSync(dir)).toEqual(['footprint.pdf']);
  });

  withBuild('reports the worker\u2019s error and removes its partial file', async () => {
    await expect(
      renderInWorker('footprint', syntheticFootprint(), join(dir, 'no-such-template.json'), join(dir, 'f.pdf'), { workerScript: compiledWorker }),
    ).rejects.toThrow(/Rendering the footprint report failed: Report template .*no-such-template\.json is invalid/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
