import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReportToFile } from './render';
import { isRenderJob, runRenderJob } from './render-worker';
import { defaultTemplatePath, loadReportTemplate } from './report-template';
import { syntheticDepartmentReadiness, syntheticFootprint } from './synthetic-reports';
import { pageCountOf, qpdfCheck } from './testing/pdf-inspect';

/**
 * The worker runs compiled JavaScript, which jest (swc on the TypeScript sources) does not
 * produce. In-process, the specs call runRenderJob(), the very function the worker runs; the
 * worker thread itself is exercised against dist/ by render-pool.spec.ts.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'calea-render-worker-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
