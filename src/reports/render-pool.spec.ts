import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RenderPool } from './render-pool';
import { defaultTemplatePath, reportTemplatesDir } from './report-template';
import { syntheticFileReview, syntheticFootprint } from './synthetic-reports';
import { pageCountOf, qpdfCheck } from './testing/pdf-inspect';

/** The pool runs the compiled worker (dist/), present after `npm run build` (npm test builds first). */

const compiledWorker = join(reportTemplatesDir(), '..', '..', 'dist', 'src', 'reports', 'render-worker.js');

it('finds the compiled worker (run npm run build first; npm test does)', () => {
  expect(existsSync(compiledWorker)).toBe(true);
});

let dir: string;
let pool: RenderPool | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'calea-render-pool-'));
});
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  rmSync(dir, { recursive: true, force: true });
});

it('says how to get the compiled worker when it is not there', async () => {
  pool = new RenderPool({ workerScript: join(dir, 'missing', 'render-worker.js') });
  await expect(pool.render('footprint', syntheticFootprint(), defaultTemplatePath('footprint'), join(dir, 'f.pdf'))).rejects.toThrow(/npm run build/);
});

it('renders report after report on the same warm worker', async () => {
  pool = new RenderPool({ workerScript: compiledWorker });
  for (const name of ['a.pdf', 'b.pdf']) {
    const path = join(dir, name);
    const result = await pool.render('footprint', syntheticFootprint({ departments: 3 }), defaultTemplatePath('footprint'), path);
    await qpdfCheck(path);
    expect(result.pages).toBe(await pageCountOf(path));
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(pool.size).toBe(1);
  }
  expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'b.pdf']);
});

it('starts a second worker only when two reports render at once', async () => {
  pool = new RenderPool({ workerScript: compiledWorker });
  await Promise.all([
    pool.render('footprint', syntheticFootprint({ departments: 2 }), defaultTemplatePath('footprint'), join(dir, 'a.pdf')),
    pool.render('footprint', syntheticFootprint({ departments: 2 }), defaultTemplatePath('footprint'), join(dir, 'b.pdf')),
  ]);
  expect(pool.size).toBe(2);
  await pool.render('footprint', syntheticFootprint({ departments: 2 }), defaultTemplatePath('footprint'), join(dir, 'c.pdf'));
  expect(pool.size).toBe(2);
});

it('reports a failed job, removes its partial file and keeps the worker', async () => {
  pool = new RenderPool({ workerScript: compiledWorker });
  await expect(pool.render('footprint', syntheticFootprint(), join(dir, 'no-such-template.json'), join(dir, 'f.pdf'))).rejects.toThrow(
    /Rendering the footprint report failed: Report template .*no-such-template\.json is invalid/,
  );
  expect(readdirSync(dir)).toEqual([]);
  expect(pool.size).toBe(1);
});

it('terminates the worker of an aborted job and leaves no file', async () => {
  pool = new RenderPool({ workerScript: compiledWorker });
  const controller = new AbortController();
  const attempt = pool.render('file-review', syntheticFileReview({ programTier: 'advanced' }), defaultTemplatePath('file-review'), join(dir, 'r.pdf'), { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await expect(attempt).rejects.toThrow(/aborted/);
  expect(readdirSync(dir)).toEqual([]);
  expect(pool.size).toBe(0);
});

it('stops idle workers', async () => {
  pool = new RenderPool({ workerScript: compiledWorker, idleMs: 50 });
  await pool.render('footprint', syntheticFootprint({ departments: 1 }), defaultTemplatePath('footprint'), join(dir, 'a.pdf'));
  expect(pool.size).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(pool.size).toBe(0);
});
