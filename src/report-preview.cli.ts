import 'reflect-metadata';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { FixedClock } from './common/clock';
import { createRootLogger } from './common/logging/logger';
import { loadConfig } from './config/app-config';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { ComplianceService } from './compliance/compliance.service';
import { DEMO_USERS, FOOTPRINT_DEPARTMENTS } from './sample-data/footprint';
import { addSampleWork, stagePreviewBase } from './sample-data/sample-work';
import { ReportDataService } from './reports/report-data.service';
import { ReportRenderer } from './reports/report-renderer.service';
import { reportTemplatesDir } from './reports/report-template';
import { syntheticAssessment } from './reports/synthetic-reports';
import { pageToPng, pdfText } from './reports/testing/pdf-inspect';
import type { GenerationInfo, ReportKind, ReportViewModel } from './reports/view-models';

/**
 * `npm run build && node dist/src/report-preview.cli.js [outDir] [--all]`: the
 * README's report previews, rendered from the sample data a fresh installation seeds on its first
 * start. It starts a throwaway embedded PostgreSQL, starts the application on it (migrations, then
 * the first-start sample data: the three 24:1 departments, the sample manual, the demo users),
 * adds file work and proofs (src/sample-data/sample-work.ts), then fills each report through
 * ReportDataService and renders it through ReportRenderer, as the service does, and writes PNGs of
 * page 1 and of one inside page (60 dpi, drawn by MuPDF from npm: see testing/pdf-inspect.ts) to
 * templates/reports/previews. The assessment report is drawn from a synthetic assessment of 461
 * standards (src/reports/synthetic-reports.ts): the first-start sample data holds no assessment.
 * The clock is fixed (NOW), and the departments' creation day too, so the previews are the same
 * from run to run.
 */
const NOW = new Date('2026-03-16T15:00:00Z');
/** Creation day of the sample departments: Normandy PD's working cycle (no award yet) is counted from it. */
const CREATED_AT = '2025-01-06T15:00:00Z';

const READINESS_DEPARTMENT = 'Normandy Police Department';
const FILE_REVIEW_DEPARTMENT = 'North County Police Cooperative';

async function main(): Promise<void> {
  const projectRoot = resolve(reportTemplatesDir(), '..', '..');
  const args = process.argv.slice(2);
  // --all: every page of each report at 100 dpi, and the PDFs (for reading the reports page by page), not only the README's two pages.
  const allPages = args.includes('--all');
  const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? join(projectRoot, 'templates', 'reports', 'previews'));
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'calea-report-preview-'));
  // The embedded PostgreSQL may run as another user (when this runs as root): it must reach its folder.
  await chmod(work, 0o711);
  const embedded = await startEmbeddedPostgres({ dataDir: join(work, 'db'), log: () => undefined });
  try {
    const config = {
      ...loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', DATA_DIR: join(work, 'data'), SEED_SAMPLE_DATA: 'true' }),
      databaseUrl: embedded.url,
      databaseIsEmbedded: true,
    };
    const app = await createApp(config, createRootLogger(config), new FixedClock(NOW));
    try {
      const dataSource = app.get(DataSource);
      const deadlines = app.get(ComplianceService);
      const today = deadlines.today();
      let ids = new Map<string, string>();
      await dataSource.transaction(async (manager) => {
        const base = await stagePreviewBase(manager, CREATED_AT, DEMO_USERS[1].email);
        ids = base.departmentIds;
        const summary = await addSampleWork(manager, await deadlines.cycles(manager, 'all', today), base.reviewerId, today);
        console.log(`Sample data: ${FOOTPRINT_DEPARTMENTS.length} departments, ${summary.files} files worked, ${summary.proofs} proofs filed (as of ${today}).`);
      });
      const data = app.get(ReportDataService);
      const renderer = app.get(ReportRenderer);
      const generation: GenerationInfo = { generatedAt: NOW.toISOString(), timeZone: config.reports.timeZone, generatedBy: DEMO_USERS[1].displayName };
      const departmentId = (name: string): string => ids.get(name) ?? fail(`the sample department ${name} is missing`);
      const jobs: { kind: ReportKind; inside: number | 'standards'; vm: () => Promise<ReportViewModel> }[] = [
        { kind: 'department-readiness', inside: 2, vm: () => data.departmentReadiness(departmentId(READINESS_DEPARTMENT), generation) },
        { kind: 'file-review', inside: 'standards', vm: async () => (await data.fileReview(departmentId(FILE_REVIEW_DEPARTMENT), generation)).report },
        {
          kind: 'footprint',
          inside: 2,
          vm: () => data.footprint('all', generation, config.reports.footprintTitle, renderer.template('footprint').compact),
        },
        { kind: 'assessment', inside: 3, vm: () => Promise.resolve({ ...syntheticAssessment({ programTier: 'advanced', allApplicable: true }), ...generation }) },
      ];
      for (const job of jobs) {
        // With --all the PDFs are kept beside the pages.
        const pdf = join(allPages ? outDir : work, `${job.kind}.pdf`);
        const result = await renderer.render(job.kind, await job.vm(), pdf);
        // The file review's first standards page: the contents lists it.
        const inside = job.inside === 'standards' ? await standardsPage(pdf) : job.inside;
        const pages: (readonly [number, string])[] = allPages
          ? Array.from({ length: result.pages }, (_, i) => [i + 1, `-page-${i + 1}`] as const)
          : [
              [1, ''],
              [inside, `-page-${inside}`],
            ];
        for (const [page, suffix] of pages) {
          await pageToPng(pdf, page, allPages ? 100 : 60, join(outDir, `${job.kind}${suffix}.png`));
        }
        console.log(`${job.kind}: ${result.pages} pages, ${result.bytes} bytes -> ${join(outDir, `${job.kind}.png`)}, ${job.kind}-page-${inside}.png`);
      }
    } finally {
      await app.close();
    }
  } finally {
    await embedded.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function standardsPage(pdf: string): Promise<number> {
  const contents = await pdfText(pdf, { first: 2, last: 3 });
  return Number(/Standards\s*\.*\s*(\d+)/.exec(contents)?.[1] ?? 4);
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
