import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { compareStandardNumbers } from '../standards/rules/natural-sort';
import { generateSyntheticManual } from '../standards/rules/synthetic-manual';
import { formatDate } from './format';
import { renderReport, renderReportToFile, renderReportToStream, RenderResult } from './render';
import { defaultTemplatePath, loadReportTemplate, parseReportTemplate, ReportTemplate } from './report-template';
import { syntheticAssessment, syntheticDepartmentReadiness, syntheticFileReview, syntheticFootprint } from './synthetic-reports';
import { TINY_PNG } from './testing/fixtures';
import {
  blankFootShares,
  flatText,
  fontsOf,
  imageCount,
  OutlineItem,
  outlineOf,
  pageCountOf,
  pdfInfo,
  pdfText,
  qpdfCheck,
  standardNumbersIn,
  tocEntriesIn,
} from './testing/pdf-inspect';
import type { ReportKind } from './view-models';

/**
 * Each report is rendered from synthetic view models (as the worker does, in-process) and read
 * back with qpdf and MuPDF (testing/pdf-inspect.ts): what an assessor's viewer shows, not what the
 * code meant to draw.
 */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'calea-reports-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const template = <K extends ReportKind>(kind: K) => loadReportTemplate(defaultTemplatePath(kind), kind);

interface Rendered {
  path: string;
  result: RenderResult;
  pages: number;
  text: string;
  outline: OutlineItem[];
}

async function read(path: string, result: RenderResult): Promise<Rendered> {
  const [pages, text, outline] = await Promise.all([pageCountOf(path), pdfText(path), outlineOf(path)]);
  return { path, result, pages, text, outline };
}

/** The text of each page, split on form feeds. */
const pagesOf = (text: string) => text.split('\f');

/** Contents entries printed on pages 2..last, with their page numbers. */
async function contentsOf(r: Rendered, last: number) {
  return tocEntriesIn(await pdfText(r.path, { first: 2, last }));
}

function checkPageFooters(r: Rendered): void {
  const pages = pagesOf(r.text);
  for (let i = 1; i <= r.pages; i++) expect(pages[i - 1]).toContain(`Page ${i} of ${r.pages}`);
  expect(r.text).not.toContain(`of ${r.pages + 1}`);
}

async function checkFonts(path: string): Promise<void> {
  const fonts = await fontsOf(path);
  expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
  for (const f of fonts) expect(f).toMatchObject({ embedded: true, unicode: true });
}

describe('department readiness report', () => {
  const vm = syntheticDepartmentReadiness();
  let r: Rendered;
  beforeAll(async () => {
    const path = join(dir, 'department-readiness.pdf');
    r = await read(path, await renderReportToFile('department-readiness', vm, template('department-readiness'), path));
  });

  it('passes qpdf --check', async () => {
    await expect(qpdfCheck(r.path)).resolves.toMatch(/No syntax or stream encoding errors found/);
  });

  it('embeds DejaVu Sans (regular and bold) with Unicode maps, and no other font', async () => {
    await checkFonts(r.path);
  });

  it('carries its title, author, subject and creation date', async () => {
    const info = await pdfInfo(r.path);
    expect(info.Title).toBe('Accreditation Readiness Report: Normandy Police Department');
    expect(info.Author).toBe('CALEA accreditation tracker');
    expect(info.Subject).toMatch(/^Readiness of Normandy Police Department against CALEA's compliance rule/);
    expect(info.CreationDate).toMatch(/2026/);
    expect(Number(info.Pages)).toBe(r.pages);
    expect(r.result.pages).toBe(r.pages);
  });

  it('names the department and states the verdict sentence', () => {
    const text = flatText(r.text);
    expect(text).toContain('Normandy Police Department');
    expect(vm.verdict.summary).toMatch(/^Not ready: /);
    expect(text).toContain(vm.verdict.summary);
    expect(text).toContain('NOT READY');
  });

  it('numbers every page "Page X of N", N the real page count', () => {
    checkPageFooters(r);
  });

  it('runs a header with the department and the generation time on every page but the cover', () => {
    const pages = pagesOf(r.text);
    for (let i = 2; i <= r.pages; i++) {
      expect(pages[i - 1]).toContain('Normandy Police Department');
      expect(pages[i - 1]).toContain('generated Mar 12, 2026, 2:05 PM CDT');
    }
  });

  it('lists the sections in the contents with the pages their bookmarks open, where the headings are', async () => {
    const expected = template('department-readiness').sections.filter((s) => s.id !== 'cover' && s.id !== 'contents');
    const contents = await contentsOf(r, 2);
    expect(contents.map((e) => e.title)).toEqual(expected.map((s) => s.title));
    expect(r.outline.map((o) => o.title)).toEqual(expected.map((s) => s.title));
    const pages = pagesOf(r.text);
    contents.forEach((entry, i) => {
      expect(r.outline[i].page).toBe(entry.page);
      expect(pages[entry.page - 1]).toContain(entry.title);
    });
  });

  it('draws every standard of the coverage grid and every blocker', () => {
    const numbers = new Set(standardNumbersIn(r.text));
    for (const row of vm.coverage.rows) expect(numbers).toContain(row.number);
    for (const b of vm.blockers) expect(numbers).toContain(b.number);
  });

  it('returns the SHA-256 and size of the bytes it wrote', () => {
    const bytes = readFileSync(r.path);
    expect(r.result.bytes).toBe(bytes.length);
    expect(r.result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('file-review report of 461 standards', () => {
  const manual = generateSyntheticManual();
  const vm = syntheticFileReview({ programTier: 'advanced', allApplicable: true });
  const numbers = vm.chapters.flatMap((c) => c.standards.map((s) => s.number));
  let r: Rendered;
  let standardsPage: number;
  beforeAll(async () => {
    const path = join(dir, 'file-review.pdf');
    r = await read(path, await renderReportToFile('file-review', vm, template('file-review'), path));
    standardsPage = r.outline.find((o) => o.title === 'Standards')?.page ?? 0;
  });

  it('has all 461 synthetic standards', () => {
    expect(numbers).toHaveLength(461);
  });

  it('passes qpdf --check, with DejaVu embedded', async () => {
    await expect(qpdfCheck(r.path)).resolves.toMatch(/No syntax or stream encoding errors found/);
    await checkFonts(r.path);
  });

  it('lists every standard once, in natural order', async () => {
    const body = await pdfText(r.path, { first: standardsPage });
    const found = standardNumbersIn(body);
    const expected = manual.map((s) => s.number).sort(compareStandardNumbers);
    expect(found).toEqual(expected);
    expect(found.indexOf('1.2.9')).toBeLessThan(found.indexOf('1.2.10'));
    expect(found.indexOf('4.1.1')).toBeLessThan(found.indexOf('12.1.1'));
  });

  it('repeats the table header on every page of standards', () => {
    // Up to the page where the closing section (standards that do not apply) begins.
    const closing = r.outline.find((o) => o.title === 'Not applicable and waived standards')?.page ?? r.pages + 1;
    const pages = pagesOf(r.text).slice(standardsPage - 1, closing - 1);
    expect(pages.length).toBeGreaterThan(40);
    for (const page of pages) expect(page).toMatch(/YEAR\s+PROOF FILE\s+EFFECTIVE\s+KIND\s+SHA-256\s+REVIEW/);
  });

  it('numbers every page "Page X of N" and runs the department header', () => {
    checkPageFooters(r);
    const pages = pagesOf(r.text);
    for (let i = 2; i <= r.pages; i++) expect(pages[i - 1]).toMatch(/Normandy Police Department\s+File review · generated Mar 12, 2026, 2:05 PM CDT/);
  });

  it('has one bookmark per chapter under Standards, opening the page the contents gives', async () => {
    expect(r.outline.map((o) => o.title)).toEqual(['Summary by chapter', 'Standards', 'Not applicable and waived standards']);
    const chapters = r.outline[1].kids;
    expect(chapters.map((k) => k.title)).toEqual(vm.chapters.map((c) => c.title));
    expect(chapters).toHaveLength(43);

    // The summary follows the contents on the page where they end: read up to its heading.
    const contentsText = await pdfText(r.path, { first: 2, last: r.outline[0].page });
    const contents = tocEntriesIn(contentsText.slice(0, contentsText.search(/^\s*Summary by chapter\s*$/m)));
    const chapterEntries = contents.filter((e) => e.lead !== null);
    expect(chapterEntries.map((e) => [Number(e.lead), e.title])).toEqual(vm.chapters.map((c) => [c.chapter, c.title]));
    chapterEntries.forEach((entry, i) => expect(entry.page).toBe(chapters[i].page));
    expect(contents.find((e) => e.title === 'Standards')?.page).toBe(standardsPage);

    // Each bookmark opens the page where its chapter's heading is.
    const pages = pagesOf(r.text);
    vm.chapters.forEach((c, i) => expect(pages[chapters[i].page - 1]).toMatch(new RegExp(`CHAPTER ${c.chapter}\\s+${c.title}`)));
    // ... and bookmarks go forward through the document
    const order = chapters.map((k) => k.page);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('prints each proof with its file name, effective date, SHA-256 prefix and review', () => {
    const text = r.text;
    const proofs = vm.chapters.flatMap((c) => c.standards.flatMap((s) => s.years.flatMap((y) => y.proofs)));
    expect(proofs.length).toBeGreaterThan(400);
    for (const p of proofs.filter((_, i) => i % 25 === 0)) {
      expect(text).toContain(p.sha256.slice(0, 12));
      expect(text).toContain(formatDate(p.effectiveDate, 'medium'));
    }
    expect(text).toMatch(/Accepted: (J\. Alvarez|M\. Chen|D\. Okafor|S\. Brennan)/);
    expect(text).toContain('Pending review');
  });
});

describe('assessment report of 461 standards', () => {
  const vm = syntheticAssessment({ programTier: 'advanced', allApplicable: true });
  let r: Rendered;
  beforeAll(async () => {
    const path = join(dir, 'assessment.pdf');
    r = await read(path, await renderReportToFile('assessment', vm, template('assessment'), path));
  });

  it('passes qpdf --check, with DejaVu embedded', async () => {
    await expect(qpdfCheck(r.path)).resolves.toMatch(/No syntax or stream encoding errors found/);
    await checkFonts(r.path);
  });

  it('numbers every page "Page X of N"', () => {
    expect(r.pages).toBe(r.result.pages);
    checkPageFooters(r);
  });

  it('lists every standard once, in natural order, and bookmarks each section', () => {
    const numbers = vm.standards.map((s) => s.number);
    expect(numbers).toHaveLength(461);
    const statusPages = pagesOf(r.text).slice((r.outline.find((o) => o.title === 'Statuses by standard')?.page ?? 1) - 1, r.outline.find((o) => o.title === 'Findings and answers')?.page ?? 0);
    const printed = [...new Set(standardNumbersIn(statusPages.join('\n')))].filter((n) => numbers.includes(n));
    expect(printed).toEqual([...numbers].sort(compareStandardNumbers));
    expect(r.outline.map((o) => o.title)).toEqual(['Progress', "Assessor's summary", 'Statuses by standard', 'Findings and answers']);
  });

  it('prints the progress, every finding with its answers, and the summary', () => {
    const flat = flatText(r.text);
    expect(flat).toContain(`Standards reviewed: ${vm.progress.reviewed} of ${vm.progress.total}`);
    expect(flat).toContain(`Open findings (${vm.findings.filter((f) => f.state !== 'closed').length})`);
    expect(flat).toContain(`Closed findings (${vm.findings.filter((f) => f.state === 'closed').length})`);
    expect(flat).toContain('New proof: Filed the');
    expect(flat).toContain('The new proof covers every year under review.');
    expect(flat).toContain('Open findings should be answered before the site-based assessment.');
    expect(flat).not.toMatch(/…|\.\.\./);
  });

  it('leaves no inner page mostly empty', async () => {
    const shares = await blankFootShares(r.path, { top: 80, bottom: 738 });
    expect(shares.slice(1, -1).map((share, i) => ({ page: i + 2, blank: Math.round(share * 100) })).filter((p) => p.blank > 60)).toEqual([]);
  });

  it('keeps each finding with its answers on one page (no finding continued on the next)', () => {
    const findingsPage = r.outline.find((o) => o.title === 'Findings and answers')?.page ?? 0;
    expect(findingsPage).toBeGreaterThan(1);
    const continued = pagesOf(r.text)
      .slice(findingsPage - 1)
      .flatMap((page) => page.split('\n'))
      .filter((line) => line.includes('(continued)') && !/^\s*Chapter \d+/.test(line)); // the statuses' chapters may end on that page
    expect(continued).toEqual([]);
  });

  it('shows n/a, not 100% or 0%, for a round with nothing to review, and says so of an empty summary', async () => {
    const empty = { ...vm, standards: [], findings: [], summary: null, progress: { ...vm.progress, reviewed: 0, total: 0, percent: 0, chapters: [], unclosedFindings: 0 } };
    const path = join(dir, 'assessment-empty.pdf');
    await renderReportToFile('assessment', empty, template('assessment'), path);
    const flat = flatText(await pdfText(path));
    expect(flat).toContain('Standards reviewed: 0 of 0 (n/a)');
    expect(flat).not.toContain('100%');
    expect(flat).toContain('The assessor has written no summary yet.');
    expect(flat).toContain('No open findings.');
  });
});

describe('footprint report whose blockers and deadlines wrap', () => {
  // Long titles and reasons take two or three lines a row: each department must still fit its one page.
  const base = syntheticFootprint({ departments: 3 });
  const long = 'Written Agreements for Mutual Aid with Neighbouring Jurisdictions, Including Federal Law Enforcement and the National Guard';
  const vm = {
    ...base,
    departments: base.departments.map((d) => ({
      ...d,
      blockers: Array.from({ length: 12 }, (_, i) => ({ number: `2.1.${i + 1}`, title: long, level: 'M' as const, reason: 'mandatory_missing_proofs' as const, missingProofYears: 2, missingProofPeriods: 3 })),
      deadlines: {
        ...d.deadlines,
        overdue: Array.from({ length: 6 }, (_, i) => ({ standardNumber: `1.2.${i + 1}`, title: long, periodLabel: 'Cycle year 3, second quarter', dueOn: '2026-01-01', state: 'overdue' as const, daysUntilDue: -70 })),
      },
    })),
  };

  it('gives each department exactly one page, and says how many more it leaves out', async () => {
    const path = join(dir, 'footprint-wrapping.pdf');
    const r = await read(path, await renderReportToFile('footprint', vm, template('footprint'), path));
    const departments = r.outline.find((o) => o.title === 'Department readiness');
    const pages = departments?.kids.map((k) => k.page) ?? [];
    expect(pages).toHaveLength(3);
    expect(pages).toEqual(pages.map((_, i) => pages[0] + i));
    expect(pages[pages.length - 1]).toBe(r.pages);
    const text = pagesOf(r.text);
    for (const page of pages) expect(flatText(text[page - 1])).toMatch(/and \d+ more in the department’s readiness report/);
    expect(r.text).not.toMatch(/…/);
  });
});

describe('footprint report of 24 departments', () => {
  const vm = syntheticFootprint({ departments: 24 });
  let r: Rendered;
  beforeAll(async () => {
    const path = join(dir, 'footprint.pdf');
    r = await read(path, await renderReportToFile('footprint', vm, template('footprint'), path));
  });

  it('passes qpdf --check, with DejaVu embedded', async () => {
    await expect(qpdfCheck(r.path)).resolves.toMatch(/No syntax or stream encoding errors found/);
    await checkFonts(r.path);
  });

  it('gives each department exactly one page, in order, bookmarked and in the contents', async () => {
    const departments = r.outline.find((o) => o.title === 'Department readiness');
    expect(departments?.kids.map((k) => k.title)).toEqual(vm.departments.map((d) => d.department.name));
    const pages = departments?.kids.map((k) => k.page) ?? [];
    expect(pages).toEqual(pages.map((_, i) => pages[0] + i));
    expect(pages[pages.length - 1]).toBe(r.pages);

    const contents = await contentsOf(r, r.outline[0].page);
    for (const d of departments?.kids ?? []) expect(contents).toContainEqual({ lead: null, title: d.title, page: d.page });

    const text = pagesOf(r.text);
    vm.departments.forEach((d, i) => {
      expect(text[pages[i] - 1]).toContain(d.department.name);
      expect(flatText(text[pages[i] - 1])).toContain(d.verdict.summary);
    });
  });

  it('puts every department side by side with its verdict', () => {
    const summaryPage = r.outline.find((o) => o.title === 'Departments side by side')?.page ?? 0;
    const firstDepartment = r.outline.find((o) => o.title === 'Department readiness')?.page ?? 0;
    const summary = flatText(pagesOf(r.text).slice(summaryPage - 1, firstDepartment - 1).join(' '));
    for (const d of vm.departments) expect(summary).toContain(d.department.shortName);
    const ready = vm.departments.filter((d) => d.verdict.meetsRule).length;
    expect(summary.match(/ Ready /g)?.length ?? 0).toBeGreaterThanOrEqual(ready);
    checkPageFooters(r);
  });
});

describe('templates change the look without code', () => {
  it('follows the section order and titles, leaves out omitted sections and draws the department logo', async () => {
    writeFileSync(join(dir, 'normandy.png'), TINY_PNG);
    const raw = JSON.parse(readFileSync(defaultTemplatePath('department-readiness'), 'utf8')) as Record<string, unknown>;
    const custom = parseReportTemplate(
      {
        ...raw,
        title: 'Chief\u2019s Briefing',
        sections: ['cover', 'contents', { id: 'blockers', title: 'Fix these first' }, { id: 'verdict', title: 'Are we ready?' }, 'signature'],
        logos: { departments: { 'Normandy PD': 'normandy.png' } },
        colors: { ...(raw.colors as object), primary: '#004d40' },
      },
      'custom.json',
      dir,
      'department-readiness',
    );
    const path = join(dir, 'custom.pdf');
    const r = await read(path, await renderReportToFile('department-readiness', syntheticDepartmentReadiness(), custom, path));
    await qpdfCheck(path);
    expect(r.outline.map((o) => o.title)).toEqual(['Fix these first', 'Are we ready?', 'Review and signature']);
    const text = flatText(r.text);
    expect(text).toContain('Chief\u2019s Briefing');
    expect(text).not.toContain('Proof coverage by cycle year');
    expect(text.indexOf('Fix these first')).toBeLessThan(text.lastIndexOf('Are we ready?'));
    expect(await imageCount(path)).toBe(1);
  });

  it('refuses a view model or template of another report', () => {
    const fileReview = template('file-review') as unknown as ReportTemplate<'department-readiness'>;
    expect(() => renderReport('department-readiness', syntheticDepartmentReadiness(), fileReview)).toThrow(
      /The department-readiness renderer was given a "file-review" template/,
    );
    expect(() => renderReport('footprint', syntheticDepartmentReadiness() as never, template('footprint'))).toThrow(
      /A footprint report was asked for with a "department-readiness" view model/,
    );
  });
});

describe('renderReportToStream', () => {
  it('streams into any Writable and hashes the bytes on the way', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const result = await renderReportToStream('footprint', syntheticFootprint(), template('footprint'), sink);
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(result.bytes).toBe(bytes.length);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.pages).toBe(5);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it('gives the same bytes for the same view model and template, so a report can be re-derived', async () => {
    const sink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const vm = syntheticFootprint();
    const first = await renderReportToStream('footprint', vm, template('footprint'), sink());
    const second = await renderReportToStream('footprint', structuredClone(vm), template('footprint'), sink());
    expect(second.sha256).toBe(first.sha256);
  });
});
