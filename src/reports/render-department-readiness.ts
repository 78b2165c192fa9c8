import { assertTemplateKind, logoFor, ReportTemplate } from './report-template';
import { formatDateTime } from './format';
import { finishReport, leaveCover, openSection } from './sections/report-frame';
import { createReportDocument, ensureSpace, ReportLayout } from './pdf/document';
import { sectionEntries, TableOfContents } from './pdf/toc';
import {
  departmentFacts,
  drawBlockers,
  drawChapterChart,
  drawChapterTable,
  drawCover,
  drawCoverageGrid,
  drawDeadlines,
  drawExclusions,
  drawGlance,
  drawSignature,
  GlanceFigure,
  drawVerdict,
  verdictColor,
} from './sections/readiness-parts';
import { VERDICT_LABELS } from '../compliance/rules/readiness';
import type { DepartmentReadinessReport } from './view-models';

/**
 * The chief's readiness report: cover, contents, verdict, compliance by chapter (vector chart and
 * table), deadlines, blockers, the proof coverage heat map, not-applicable and waived standards,
 * and the signature block, in the template's order and titles.
 *
 * Returns the ended pdfkit document, a Readable stream: pipe it to a file or a response. Drawing
 * is synchronous; the bytes are produced when the document ends.
 */
export function renderDepartmentReadiness(vm: DepartmentReadinessReport, template: ReportTemplate<'department-readiness'>): PDFKit.PDFDocument {
  assertTemplateKind(template, 'department-readiness');
  const { cover } = vm;
  const timeZone = cover.timeZone ?? 'UTC';
  const generated = formatDateTime(cover.generatedAt, timeZone, template.dateStyle);
  const { doc, layout } = createReportDocument(
    template,
    {
      title: `${template.title}: ${cover.name}`,
      subject: `Readiness of ${cover.name} against CALEA's compliance rule (manual ${cover.manualVersion})`,
      author: template.author,
      keywords: 'CALEA, accreditation, readiness',
      creationDate: new Date(cover.generatedAt),
    },
    timeZone,
  );

  const toc = new TableOfContents(sectionEntries(template.sections));
  const skipHeaderOn = new Set<number>();
  let fresh = true; // the cursor is at the top of an empty page

  for (const section of template.sections) {
    if (section.id === 'cover') {
      drawCover(doc, layout, {
        eyebrow: 'CALEA accreditation',
        title: template.title,
        subtitle: template.subtitle,
        headline: cover.name,
        subheadline: cover.shortName !== cover.name ? cover.shortName : null,
        facts: [
          ...departmentFacts(cover, layout),
          { label: 'Generated', value: generated },
          { label: 'Prepared by', value: cover.generatedBy ?? 'Accreditation manager' },
        ],
        logoPath: logoFor(template, cover),
        status: {
          label: VERDICT_LABELS[vm.verdict.state],
          color: verdictColor(layout, vm.verdict.state),
          sentence: vm.verdict.summary,
        },
        extra: (d, l) => drawGlance(d, l, glanceFigures(vm, l)),
        note: 'Percentages are rounded down to one decimal, so a share just short of a threshold never reads as reaching it. Standard numbers and titles are CALEA\u2019s; the standards text is licensed to the agency and not reproduced here.',
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
      case 'verdict':
        drawVerdict(doc, layout, vm.verdict);
        drawGlance(doc, layout, glanceFigures(vm, layout));
        break;
      case 'chapter-compliance':
        drawChapterChart(doc, layout, vm.chapters, vm.verdict.thresholdPercent);
        ensureSpace(doc, layout, 80);
        drawChapterTable(doc, layout, vm.chapters);
        break;
      case 'deadlines':
        drawDeadlines(doc, layout, vm.deadlines);
        break;
      case 'blockers':
        drawBlockers(doc, layout, vm.blockers, vm.verdict.thresholdPercent);
        break;
      case 'coverage-grid':
        drawCoverageGrid(doc, layout, vm.coverage);
        break;
      case 'exclusions':
        drawExclusions(doc, layout, vm.exclusions);
        break;
      case 'signature':
        drawSignature(doc, layout, vm.signature, cover.name);
        break;
    }
  }

  return finishReport(doc, layout, toc, {
    headerLeft: cover.name,
    headerRight: `Readiness report · generated ${generated}`,
    department: cover.name,
    shortName: cover.shortName,
    reportTitle: template.title,
    footerText: template.footer.text,
    generatedAt: generated,
    skipHeaderOn,
  });
}

/** The figures under the verdict: what the chief asks first after "are we ready?". */
export function glanceFigures(vm: DepartmentReadinessReport, layout: ReportLayout): GlanceFigure[] {
  const { colors } = layout;
  const missingYears = vm.coverage.rows.reduce((sum, r) => sum + r.cells.filter((c) => c === 'missing').length, 0);
  return [
    { label: 'Overdue deadlines', value: vm.deadlines.overdueTotal ?? vm.deadlines.overdue.length, color: colors.bad },
    { label: `Due within ${vm.deadlines.dueSoonDays ?? 30} days`, value: vm.deadlines.dueSoonTotal ?? vm.deadlines.dueSoon.length, color: colors.warn },
    { label: 'Blocking standards', value: vm.blockers.length, color: colors.bad },
    { label: 'Years missing a proof', value: missingYears, color: colors.bad },
    { label: 'N/A or waived', value: vm.exclusions.length, color: colors.primary },
  ];
}

