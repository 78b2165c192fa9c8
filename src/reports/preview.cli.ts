import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readManualFile } from '../standards/rules/manual-file';
import { renderInWorker } from './render-in-worker';
import { defaultTemplatePath, reportTemplatesDir } from './report-template';
import { SyntheticOptions, syntheticDepartmentReadiness, syntheticFileReview, syntheticFootprint } from './synthetic-reports';
import type { ReportKind } from './view-models';

const run = promisify(execFile);

/**
 * `npm run build && node dist/src/reports/preview.cli.js [outDir]`: renders each report from
 * synthetic data (the sample manual's public titles where it has them) on a worker thread, as
 * the service will, and writes PNG previews of page 1 and of one inside page with pdftoppm
 * (poppler-utils) to templates/reports/previews, for the README.
 */
async function sampleTitles(): Promise<Pick<SyntheticOptions, 'titles' | 'chapterTitles'>> {
  const csv = join(reportTemplatesDir(), '..', 'sample-manual.csv');
  const parsed = readManualFile(await readFile(csv));
  if (!parsed.ok) throw new Error(`${csv} does not parse: ${parsed.errors.map((e) => e.reason).join('; ')}`);
  return {
    titles: new Map(parsed.manual.standards.map((s) => [s.number, s.title])),
    chapterTitles: new Map(parsed.manual.standards.map((s) => [s.chapter, s.chapterTitle])),
  };
}

async function main(): Promise<void> {
  const projectRoot = resolve(reportTemplatesDir(), '..', '..');
  const outDir = resolve(process.argv[2] ?? join(projectRoot, 'templates', 'reports', 'previews'));
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'calea-report-preview-'));
  try {
    const titles = await sampleTitles();
    const jobs: { kind: ReportKind; inside: number; render: (pdf: string) => Promise<unknown> }[] = [
      {
        kind: 'department-readiness',
        inside: 2,
        render: (pdf) => renderInWorker('department-readiness', syntheticDepartmentReadiness(titles), defaultTemplatePath('department-readiness'), pdf),
      },
      {
        kind: 'file-review',
        inside: 0, // the first standards page, found below
        render: (pdf) => renderInWorker('file-review', syntheticFileReview({ ...titles, programTier: 'advanced' }), defaultTemplatePath('file-review'), pdf),
      },
      {
        kind: 'footprint',
        inside: 2,
        render: (pdf) => renderInWorker('footprint', syntheticFootprint(titles), defaultTemplatePath('footprint'), pdf),
      },
    ];
    for (const job of jobs) {
      const pdf = join(work, `${job.kind}.pdf`);
      const result = await job.render(pdf);
      let inside = job.inside;
      if (inside === 0) {
        // The page where the standards begin: the contents lists it.
        const { stdout } = await run('pdftotext', ['-layout', '-f', '2', '-l', '3', pdf, '-']);
        inside = Number(/Standards\s*\.*\s*(\d+)/.exec(stdout)?.[1] ?? 4);
      }
      for (const [page, suffix] of [
        [1, ''],
        [inside, `-page-${inside}`],
      ] as const) {
        const prefix = join(work, `${job.kind}${suffix}`);
        await run('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
        await rename(`${prefix}.png`, join(outDir, `${job.kind}${suffix}.png`));
      }
      console.log(`${job.kind}: ${JSON.stringify(result)} -> ${join(outDir, `${job.kind}.png`)}, ${job.kind}-page-${inside}.png`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
