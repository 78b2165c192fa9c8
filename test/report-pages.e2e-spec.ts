import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../src/common/clock';
import { ComplianceService } from '../src/compliance/compliance.service';
import { ReportDataService } from '../src/reports/report-data.service';
import { ReportRenderer } from '../src/reports/report-renderer.service';
import { blankFootShares, pageCountOf, pdfText } from '../src/reports/testing/pdf-inspect';
import type { GenerationInfo } from '../src/reports/view-models';
import { DEMO_USERS, FOOTPRINT_DEPARTMENTS } from '../src/sample-data/footprint';
import { addSampleWork, stagePreviewBase } from '../src/sample-data/sample-work';
import { createTestDatabase, startTestApp, TestApp, TestDatabase } from './support/test-app';

jest.setTimeout(120_000);

/** The day and creation day the README's previews are drawn on (src/report-preview.cli.ts). */
const NOW = new Date('2026-03-16T15:00:00Z');
const CREATED_AT = '2025-01-06T15:00:00Z';
/** The body of a Letter page between the running header and the footer, in points from the top (templates' margins 58 and 54). */
const BODY = { top: 70, bottom: 792 - 54 };
const MOST_BLANK = 0.6;

/**
 * The three reports of the sample data a first start seeds, with the previews' file work, read as
 * paper: every page rendered by MuPDF. Sections flow on from one another, so no page but a
 * section's last is mostly empty; a chief's readiness report fits in four pages; no text is cut
 * short with an ellipsis.
 */
describe('reports read as paper: the sample data, page by page', () => {
  let database: TestDatabase;
  let t: TestApp;
  let dir: string;
  let ids: Map<string, string>;
  let data: ReportDataService;
  let renderer: ReportRenderer;
  let generation: GenerationInfo;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startTestApp(database.url, { databaseIsEmbedded: true, seedSampleData: true }, new FixedClock(NOW));
    const engine = t.app.get(ComplianceService);
    await t.dataSource.transaction(async (manager) => {
      const base = await stagePreviewBase(manager, CREATED_AT, DEMO_USERS[1].email);
      ids = base.departmentIds;
      await addSampleWork(manager, await engine.cycles(manager, 'all', engine.today()), base.reviewerId, engine.today());
    });
    data = t.app.get(ReportDataService);
    renderer = t.app.get(ReportRenderer);
    generation = { generatedAt: NOW.toISOString(), timeZone: 'America/Chicago', generatedBy: DEMO_USERS[1].displayName };
    dir = await mkdtemp(join(tmpdir(), 'report-pages-'));
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const departmentId = (name: string): string => {
    const id = ids.get(name);
    if (!id) throw new Error(`no sample department ${name}`);
    return id;
  };

  /** Pages 2 to the one before last (the cover is laid out on its own; the last page ends the last section). */
  const innerPages = (shares: number[]) => shares.slice(1, -1).map((share, i) => ({ page: i + 2, blank: Math.round(share * 100) }));

  async function expectNoEllipsis(path: string): Promise<void> {
    const text = await pdfText(path, { layout: false });
    const cut = text.split('\n').filter((line) => /…|\.\.\./.test(line));
    expect(cut).toEqual([]);
  }

  it.each(FOOTPRINT_DEPARTMENTS.map((d) => d.name))("the readiness report of %s fits in at most 4 pages, none but the last mostly empty", async (name) => {
    const path = join(dir, `readiness-${name}.pdf`);
    const rendered = await renderer.render('department-readiness', await data.departmentReadiness(departmentId(name), generation), path);
    const pages = await pageCountOf(path);
    expect(pages).toBe(rendered.pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(4);
    const shares = await blankFootShares(path, BODY);
    expect(innerPages(shares).filter((p) => p.blank > MOST_BLANK * 100)).toEqual([]);
    await expectNoEllipsis(path);
  });

  it('the file review flows: the summary follows the contents, no inner page is mostly empty, nothing is cut short', async () => {
    const path = join(dir, 'file-review.pdf');
    const { report } = await data.fileReview(departmentId('North County Police Cooperative'), generation);
    await renderer.render('file-review', report, path);
    const shares = await blankFootShares(path, BODY);
    expect(shares.length).toBeGreaterThanOrEqual(3);
    expect(innerPages(shares).filter((p) => p.blank > MOST_BLANK * 100)).toEqual([]);
    const page2 = await pdfText(path, { first: 2, last: 2, layout: false });
    expect(page2).toContain('Contents');
    expect(page2).toContain('Summary by chapter');
    // Chapter names and reviewers are wrapped, not cut.
    expect(page2).toContain('Law Enforcement Role and');
    expect(page2).toMatch(/Accepted: Demo\s+Accreditation Manager/);
    await expectNoEllipsis(path);
  });

  it('the footprint report says "none apply" instead of drawing 0 of 0 as 100%, and cuts nothing short', async () => {
    const path = join(dir, 'footprint.pdf');
    const vm = await data.footprint('all', generation, 'Footprint', renderer.template('footprint').compact);
    await renderer.render('footprint', vm, path);
    const text = await pdfText(path, { layout: false });
    // No sample department has an applicable other-than-mandatory standard on the sample manual.
    expect(vm.departments.every((d) => d.verdict.other.applicable === 0)).toBe(true);
    expect(text).not.toMatch(/other 100%/);
    expect(text).toContain('other: none apply');
    expect(text).not.toMatch(/Other-than-mandatory[^\n]*\n[^\n]*100%/);
    await expectNoEllipsis(path);
  });
});
