import type { ComplianceResult, WorkflowStatus } from '../files/entities/standard-file.entity';
import type { CycleYearNumber } from '../compliance/rules/coverage-grid';
import { formatDate, formatDateTime, PROOF_KIND_LABELS, proofReviewText, sha256Prefix } from './format';
import { finishReport, leaveCover, openSection } from './sections/report-frame';
import { createReportDocument, ReportLayout } from './pdf/document';
import { drawTable, TableColumn, TableRow } from './pdf/table';
import { heading, paragraph } from './pdf/text';
import { sectionEntries, TableOfContents, TocEntry } from './pdf/toc';
import { assertTemplateKind, logoFor, ReportTemplate } from './report-template';
import { departmentFacts, drawChipLegend, drawCover, resultChip, statusChip } from './sections/readiness-parts';
import { sortFileReviewChapters } from './view-model-builders';
import type { FileReviewChapterView, FileReviewReport, FileReviewStandardView, ProofYearView } from './view-models';

/**
 * The assessor's file review: every applicable standard in natural order, grouped by chapter,
 * with its level, result, status, directives and the proofs of each cycle year (file name,
 * effective date, kind, SHA-256 prefix, reviewer). Contents with page numbers, one bookmark per
 * chapter, a running header and "Page X of Y".
 *
 * Returns the ended pdfkit document (a Readable stream) to pipe to a file or a response.
 */
export function renderFileReview(vm: FileReviewReport, template: ReportTemplate<'file-review'>): PDFKit.PDFDocument {
  assertTemplateKind(template, 'file-review');
  const d = vm.department;
  const timeZone = vm.timeZone ?? 'UTC';
  const generated = formatDateTime(vm.generatedAt, timeZone, template.dateStyle);
  const chapters = sortFileReviewChapters(vm.chapters);
  const { doc, layout } = createReportDocument(
    template,
    {
      title: `${template.title}: ${d.name}`,
      subject: `Accreditation files of ${d.name} for assessment (manual ${d.manualVersion})`,
      author: template.author,
      keywords: 'CALEA, accreditation, file review, proofs',
      creationDate: new Date(vm.generatedAt),
    },
    timeZone,
  );

  const toc = new TableOfContents(
    sectionEntries(template.sections, (id) =>
      id === 'standards' ? chapters.map((c): TocEntry => ({ key: chapterKey(c.chapter), title: c.title, level: 1, lead: String(c.chapter) })) : [],
    ),
  );
  const totals = fileReviewTotals(chapters);
  const skipHeaderOn = new Set<number>();
  let fresh = true;

  for (const section of template.sections) {
    if (section.id === 'cover') {
      drawCover(doc, layout, {
        eyebrow: 'CALEA accreditation · assessor copy',
        title: template.title,
        subtitle: template.subtitle,
        headline: d.name,
        subheadline: d.shortName !== d.name ? d.shortName : null,
        facts: [
          ...departmentFacts(d, layout),
          { label: 'Applicable standards', value: `${totals.standards} in ${chapters.length} chapters` },
          { label: 'Proofs listed', value: `${totals.proofs} (${totals.accepted} accepted)` },
          { label: 'Generated', value: generated },
          { label: 'Prepared for', value: vm.generatedBy ?? 'Assessor' },
        ],
        logoPath: logoFor(template, d),
        extra: (doc2, l) =>
          drawChipLegend(doc2, l, 'How to read this review', [
            { label: 'Level', chips: [{ text: 'Mandatory', color: l.colors.primary }, { text: 'Other', color: l.colors.muted }] },
            { label: 'Result', chips: RESULTS.map((r) => resultChip(r, l)) },
            { label: 'Workflow status', chips: WORKFLOW_STATUSES.map((x) => statusChip(x, l)) },
            {
              label: 'Proof review',
              chips: [
                { text: 'Accepted: counts', color: l.colors.ok },
                { text: 'Pending review: counts', color: l.colors.warn },
                { text: 'Returned or withdrawn: does not count', color: l.colors.bad },
              ],
            },
          ]),
        note: 'Each proof is identified by the first 12 hexadecimal digits of its SHA-256; the proof binder\u2019s manifest lists the full digests. Standard numbers and titles are CALEA\u2019s; the standards text is licensed to the agency and not reproduced here.',
      });
      leaveCover(doc, layout, skipHeaderOn);
      fresh = true;
      continue;
    }
    openSection(doc, layout, toc, section, fresh, 60);
    fresh = false;
    switch (section.id) {
      case 'contents':
        toc.reserve(doc, layout);
        break;
      case 'summary':
        drawSummary(doc, layout, chapters);
        break;
      case 'standards':
        paragraph(
          doc,
          layout,
          'Standards in natural order. Under each standard: its written directives, then the proofs of each cycle year with the date the activity happened (effective date), the kind of proof, the SHA-256 prefix of the stored file and its review. Returned and withdrawn proofs are listed but do not count.',
          { color: layout.colors.muted, size: 7.5, gapAfter: 4 },
        );
        chapters.forEach((chapter) => {
          const top = heading(doc, layout, chapter.title, { level: 2, eyebrow: `Chapter ${chapter.chapter}`, keepWithNext: 70 });
          toc.mark(doc, chapterKey(chapter.chapter), top);
          drawTable(doc, layout, PROOF_COLUMNS, standardRows(chapter, vm, layout), { fontSize: 7 });
        });
        if (chapters.length === 0) paragraph(doc, layout, 'No applicable standards.', { color: layout.colors.muted });
        break;
    }
  }

  return finishReport(doc, layout, toc, {
    headerLeft: d.name,
    headerRight: `File review · generated ${generated}`,
    department: d.name,
    shortName: d.shortName,
    reportTitle: template.title,
    footerText: template.footer.text,
    generatedAt: generated,
    skipHeaderOn,
  });
}

// The vocabularies in display order (type-only imports keep typeorm out of the worker).
const RESULTS: ComplianceResult[] = ['compliant', 'partially_compliant', 'non_compliant', 'not_assessed'];
const WORKFLOW_STATUSES: WorkflowStatus[] = ['accepted', 'in_review', 'in_progress', 'to_do', 'returned'];

export const chapterKey = (chapter: number) => `chapter-${chapter}`;

// Year fits 'Y1 2023-24' in bold, Effective 'Sep 30, 2026', SHA-256 any 12 hex digits. File names and
// reviews wrap rather than being cut: an assessor must read the whole name to find the proof in the binder.
const PROOF_COLUMNS: TableColumn[] = [
  { header: 'Year', width: 58 },
  { header: 'Proof file', width: { flex: 1 }, maxLines: 4 },
  { header: 'Effective', width: 62 },
  { header: 'Kind', width: 64, maxLines: 2 },
  { header: 'SHA-256', width: 70 },
  { header: 'Review', width: 112, maxLines: 3 },
];

function yearsOf(s: FileReviewStandardView): ProofYearView[] {
  return ([1, 2, 3, 4] as CycleYearNumber[]).map((y) => s.years.find((x) => x.cycleYear === y) ?? { cycleYear: y, coverage: 'not_required', proofs: [] });
}

/** The rows of one chapter, generated as the table draws them. */
function* standardRows(chapter: FileReviewChapterView, vm: FileReviewReport, layout: ReportLayout): Generator<TableRow> {
  const { colors, dateStyle } = layout;
  const labels = vm.yearLabels ?? ['Year 1', 'Year 2', 'Year 3', 'Year 4'];
  const currentYear = vm.department.cycle?.year ?? null;
  for (const s of chapter.standards) {
    yield {
      type: 'group',
      lead: s.number,
      title: s.title,
      chips: [
        { text: s.level === 'M' ? 'Mandatory' : 'Other', color: s.level === 'M' ? colors.primary : colors.muted },
        resultChip(s.result, layout),
        statusChip(s.status, layout),
      ],
    };
    const directives = s.directives.map((x) => `${x.number} ${x.title}${x.effectiveDate ? ` (effective ${formatDate(x.effectiveDate, dateStyle)})` : ''}`);
    yield { type: 'note', label: 'Directives', text: directives.length > 0 ? directives.join('  ·  ') : 'none recorded' };
    const years = yearsOf(s);
    for (let i = 0; i < years.length; i++) {
      const year = years[i];
      const label = labels[year.cycleYear - 1];
      if (year.proofs.length === 0) {
        const missing = year.coverage === 'missing';
        if (year.coverage === 'not_required') {
          // Consecutive years that need nothing read as one row: 'Y2-Y4  Not due yet'.
          let j = i;
          while (j + 1 < years.length && years[j + 1].coverage === 'not_required' && years[j + 1].proofs.length === 0) j++;
          const future = currentYear !== null && year.cycleYear > currentYear;
          yield {
            type: 'data',
            cells: [
              { text: j > i ? `Y${year.cycleYear}–Y${years[j].cycleYear}` : label, color: colors.muted },
              { text: future ? 'Not due yet' : 'Not required', color: colors.muted },
            ],
          };
          i = j;
          continue;
        }
        yield {
          type: 'data',
          cells: [
            { text: label, color: colors.muted },
            { text: missing ? 'No proof filed' : 'Proof filed (not listed)', color: missing ? colors.bad : colors.muted, bold: missing },
          ],
        };
        continue;
      }
      let first = true;
      for (const p of [...year.proofs].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0))) {
        const counts = p.reviewState === 'accepted' || p.reviewState === 'pending';
        yield {
          type: 'data',
          cells: [
            first ? { text: label, bold: true, color: colors.text } : '',
            { text: p.fileName, color: counts ? colors.text : colors.muted },
            formatDate(p.effectiveDate, dateStyle),
            PROOF_KIND_LABELS[p.kind],
            { text: sha256Prefix(p.sha256), color: colors.muted },
            { text: proofReviewText(p), color: p.reviewState === 'accepted' ? colors.ok : p.reviewState === 'pending' ? colors.warn : colors.bad },
          ],
        };
        first = false;
      }
    }
  }
}

export interface FileReviewChapterStats {
  chapter: number;
  title: string;
  standards: number;
  mandatory: number;
  compliant: number;
  accepted: number;
  proofs: number;
  missingYears: number;
}

/** One summary row: counts of a chapter's standards, results, statuses, proofs and missing proof-years. */
export function fileReviewChapterStats(c: FileReviewChapterView): FileReviewChapterStats {
  let proofs = 0;
  let missingYears = 0;
  for (const s of c.standards) {
    for (const y of s.years) {
      proofs += y.proofs.length;
      if (y.coverage === 'missing') missingYears++;
    }
  }
  return {
    chapter: c.chapter,
    title: c.title,
    standards: c.standards.length,
    mandatory: c.standards.filter((s) => s.level === 'M').length,
    compliant: c.standards.filter((s) => s.result === 'compliant').length,
    accepted: c.standards.filter((s) => s.status === 'accepted').length,
    proofs,
    missingYears,
  };
}

export function fileReviewTotals(chapters: readonly FileReviewChapterView[]): { standards: number; proofs: number; accepted: number } {
  let standards = 0;
  let proofs = 0;
  let accepted = 0;
  for (const c of chapters) {
    for (const s of c.standards) {
      standards++;
      for (const y of s.years) {
        proofs += y.proofs.length;
        accepted += y.proofs.filter((p) => p.reviewState === 'accepted').length;
      }
    }
  }
  return { standards, proofs, accepted };
}

function drawSummary(doc: PDFKit.PDFDocument, layout: ReportLayout, chapters: readonly FileReviewChapterView[]): void {
  const { colors } = layout;
  const stats = chapters.map(fileReviewChapterStats);
  const sum = (k: keyof Omit<FileReviewChapterStats, 'title'>) => stats.reduce((a, s) => a + s[k], 0);
  const rows: TableRow[] = stats.map((s) => ({
    type: 'data',
    cells: [
      { text: String(s.chapter), bold: true, color: colors.primary },
      s.title,
      String(s.standards),
      String(s.mandatory),
      { text: String(s.compliant), color: s.compliant === s.standards ? colors.ok : colors.text },
      String(s.accepted),
      String(s.proofs),
      { text: String(s.missingYears), bold: s.missingYears > 0, color: s.missingYears > 0 ? colors.bad : colors.ok },
    ],
  }));
  rows.push({
    type: 'data',
    cells: [
      '',
      { text: 'All chapters', bold: true },
      { text: String(sum('standards')), bold: true },
      { text: String(sum('mandatory')), bold: true },
      { text: String(sum('compliant')), bold: true },
      { text: String(sum('accepted')), bold: true },
      { text: String(sum('proofs')), bold: true },
      { text: String(sum('missingYears')), bold: true, color: sum('missingYears') > 0 ? colors.bad : colors.ok },
    ],
  });
  drawTable(
    doc,
    layout,
    [
      { header: 'Ch.', width: 28, align: 'right' },
      { header: 'Chapter', width: { flex: 1 }, maxLines: 3 },
      { header: 'Standards', width: 60, align: 'right' },
      { header: 'Mandatory', width: 62, align: 'right' },
      { header: 'Compliant', width: 62, align: 'right' },
      { header: 'Accepted', width: 58, align: 'right' },
      { header: 'Proofs', width: 48, align: 'right' },
      { header: 'Missing years', width: 78, align: 'right' },
    ],
    rows,
    { zebra: true, fontSize: 7, paddingY: 2.5 },
  );
}
