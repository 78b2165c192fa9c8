import { formatDate, formatDateTime, formatTierShort } from './format';
import { drawHorizontalBarChart } from './pdf/bar-chart';
import { finishReport, leaveCover, openSection } from './sections/report-frame';
import { createReportDocument, ensureSpace, ReportLayout, startNewPage, TYPE } from './pdf/document';
import { formatPercent } from './pdf/layout';
import { drawTable, TableRow } from './pdf/table';
import { chip, drawLine, heading } from './pdf/text';
import { sectionEntries, TableOfContents, TocEntry } from './pdf/toc';
import { assertTemplateKind, FootprintPartId, ReportTemplate } from './report-template';
import { VERDICT_SHORT_LABELS } from '../compliance/rules/readiness';
import { drawBlockers, drawChapterChart, drawCover, drawDeadlines, drawDepartmentBand, drawVerdict, noneLine, verdictColor } from './sections/readiness-parts';
import { footprintSummaryRow } from './view-model-builders';
import type { FootprintDepartmentView, FootprintReport } from './view-models';

/**
 * The footprint report: every department the user can see side by side (readiness percentages
 * as bars and a table with verdict, deadlines and next milestone), then one compact readiness
 * page per department built from the department report's parts.
 *
 * Returns the ended pdfkit document (a Readable stream) to pipe to a file or a response.
 */
export function renderFootprint(vm: FootprintReport, template: ReportTemplate<'footprint'>): PDFKit.PDFDocument {
  assertTemplateKind(template, 'footprint');
  const timeZone = vm.timeZone ?? 'UTC';
  const generated = formatDateTime(vm.generatedAt, timeZone, template.dateStyle);
  const { doc, layout } = createReportDocument(
    template,
    {
      title: `${template.title}: ${vm.title}`,
      subject: `CALEA readiness of ${vm.departments.length} departments: ${vm.title}`,
      author: template.author,
      keywords: 'CALEA, accreditation, readiness, footprint',
      creationDate: new Date(vm.generatedAt),
    },
    timeZone,
  );

  const toc = new TableOfContents(
    sectionEntries(template.sections, (id) =>
      id === 'departments' ? vm.departments.map((d, i): TocEntry => ({ key: departmentKey(i), title: d.department.name, level: 1 })) : [],
    ),
  );
  const ready = vm.departments.filter((d) => d.verdict.meetsRule).length;
  const skipHeaderOn = new Set<number>();
  let fresh = true;

  for (const section of template.sections) {
    if (section.id === 'cover') {
      drawCover(doc, layout, {
        eyebrow: 'CALEA accreditation',
        title: template.title,
        subtitle: template.subtitle,
        headline: vm.title,
        subheadline: vm.departments.map((d) => d.department.shortName).join(' · ') || null,
        facts: [
          { label: 'Departments', value: String(vm.departments.length) },
          { label: 'Meeting CALEA\u2019s rule', value: `${ready} of ${vm.departments.length}` },
          { label: 'Overdue deadlines', value: String(vm.departments.reduce((a, d) => a + footprintSummaryRow(d).overdue, 0)) },
          { label: 'Due soon', value: String(vm.departments.reduce((a, d) => a + footprintSummaryRow(d).dueSoon, 0)) },
          { label: 'Generated', value: generated },
          { label: 'Prepared by', value: vm.generatedBy ?? 'Accreditation manager' },
        ],
        logoPath: template.logos.default,
        extra: vm.departments.length <= 10 ? (d2, l) => drawDepartmentList(d2, l, vm.departments) : undefined,
        note: 'Percentages are rounded down to one decimal, so a share just short of a threshold never reads as reaching it. Each department\u2019s own readiness report has the full lists.',
      });
      leaveCover(doc, layout, skipHeaderOn);
      fresh = true;
      continue;
    }
    if (section.id === 'departments') {
      // One page per department: the section title sits on the first department's page.
      // One page per department; the section's title is the eyebrow of each department's band.
      vm.departments.forEach((d, i) => {
        if (!fresh || i > 0) startNewPage(doc, layout);
        fresh = false;
        const top = drawDepartmentBand(doc, layout, d.department, `${section.title} · ${i + 1} of ${vm.departments.length}`);
        if (i === 0) toc.mark(doc, section.id, top);
        toc.mark(doc, departmentKey(i), top);
        drawDepartmentPage(doc, layout, d, template.departmentSections, template.compact);
      });
      if (vm.departments.length === 0) {
        heading(doc, layout, section.title);
        toc.mark(doc, section.id);
      }
      continue;
    }
    openSection(doc, layout, toc, section, fresh, 80);
    fresh = false;
    switch (section.id) {
      case 'contents':
        toc.reserve(doc, layout);
        break;
      case 'summary':
        drawSummary(doc, layout, vm.departments);
        break;
    }
  }

  return finishReport(doc, layout, toc, {
    headerLeft: vm.title,
    headerRight: `Footprint readiness · generated ${generated}`,
    department: vm.title,
    shortName: vm.title,
    reportTitle: template.title,
    footerText: template.footer.text,
    generatedAt: generated,
    skipHeaderOn,
  });
}

/** The cover's list: each department with its verdict and percentages (short footprints only). */
function drawDepartmentList(doc: PDFKit.PDFDocument, layout: ReportLayout, departments: readonly FootprintDepartmentView[]): void {
  const { frame, colors } = layout;
  const rowHeight = 22;
  ensureSpace(doc, layout, departments.length * rowHeight + 8);
  for (const d of departments) {
    const y = doc.y;
    const r = footprintSummaryRow(d);
    const chipColor = verdictColor(layout, r.state);
    chip(doc, VERDICT_SHORT_LABELS[r.state], frame.left, y + 3, chipColor, { size: TYPE.small });
    drawLine(doc, r.name, frame.left + 66, y + 4, frame.width * 0.5, { size: TYPE.body + 1, bold: true, color: colors.text });
    const share = (label: string, percent: number | null) => (percent === null ? `${label}: none apply` : `${label} ${formatPercent(percent)}`);
    drawLine(doc, `${share('Mandatory', r.mandatoryPercent)} · ${share('other', r.otherPercent)} · ${r.overdue} overdue`, frame.left + frame.width * 0.55, y + 5, frame.width * 0.45, {
      size: TYPE.small + 0.5,
      color: colors.muted,
      align: 'right',
    });
    doc.rect(frame.left, y + rowHeight - 1, frame.width, 0.5).fill(colors.rule);
    doc.y = y + rowHeight;
  }
}

export const departmentKey = (index: number) => `department-${index + 1}`;

function drawSummary(doc: PDFKit.PDFDocument, layout: ReportLayout, departments: readonly FootprintDepartmentView[]): void {
  const { colors } = layout;
  const rows = departments.map(footprintSummaryRow);
  if (rows.length === 0) return noneLine(doc, layout, 'No department to show: you have no role in any department.', colors.muted);
  drawHorizontalBarChart(
    doc,
    layout,
    [
      { label: 'Mandatory', color: colors.primary },
      { label: 'Other-than-mandatory', color: colors.accent },
    ],
    rows.map((r) => ({ lead: '', label: r.shortName, values: [r.mandatoryPercent, r.otherPercent] })),
    { threshold: { value: departments[0].verdict.thresholdPercent, label: `${departments[0].verdict.thresholdPercent}% rule (other-than-mandatory)`, series: 1 } },
  );
  ensureSpace(doc, layout, 60);
  drawTable(
    doc,
    layout,
    [
      { header: 'Department', width: { flex: 1 }, maxLines: 2 },
      { header: 'Tier', width: 40 },
      { header: 'Mand.', width: 44, align: 'right' },
      { header: 'Other', width: 44, align: 'right' },
      { header: 'Verdict', width: 62 },
      { header: 'Overdue', width: 52, align: 'right' },
      { header: 'Due soon', width: 56, align: 'right' },
      { header: 'Next milestone', width: 110, maxLines: 2 },
    ],
    rows.map((r, i): TableRow => ({
      type: 'data',
      cells: [
        { text: r.name, bold: true },
        formatTierShort(departments[i].department.programTier),
        r.mandatoryPercent === null ? { text: 'n/a', color: colors.muted } : { text: formatPercent(r.mandatoryPercent), color: r.mandatoryPercent === 100 ? colors.ok : colors.bad },
        r.otherPercent === null
          ? { text: 'n/a', color: colors.muted }
          : { text: formatPercent(r.otherPercent), color: r.otherPercent >= departments[i].verdict.thresholdPercent ? colors.ok : colors.warn },
        { text: VERDICT_SHORT_LABELS[r.state], chip: verdictColor(layout, r.state) },
        { text: String(r.overdue), bold: r.overdue > 0, color: r.overdue > 0 ? colors.bad : colors.muted },
        { text: String(r.dueSoon), color: r.dueSoon > 0 ? colors.warn : colors.muted },
        r.nextMilestone ? `${r.nextMilestone.label}, ${formatDate(r.nextMilestone.date, layout.dateStyle)}` : { text: 'None scheduled', color: colors.muted },
      ],
    })),
    { zebra: true },
  );
}

/** Points a department page keeps for its blockers below the deadlines: a heading, the table header and two wrapped rows. */
const BLOCKERS_MINIMUM = 100;

function drawDepartmentPage(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  d: FootprintDepartmentView,
  parts: readonly FootprintPartId[],
  compact: { deadlines: number; blockers: number },
): void {
  for (const part of parts) {
    switch (part) {
      case 'verdict':
        drawVerdict(doc, layout, d.verdict, { compact: true });
        break;
      case 'chapter-compliance':
        heading(doc, layout, 'Compliance by chapter', { level: 3, keepWithNext: 130 });
        drawChapterChart(doc, layout, d.chapters, d.verdict.thresholdPercent, { compact: true });
        break;
      case 'deadlines':
        heading(doc, layout, 'Overdue and due-soon deadlines', { level: 3, keepWithNext: 50 });
        // Room kept for the blockers that follow: their heading, the table header and two rows.
        drawDeadlines(doc, layout, d.deadlines, { combined: true, limit: compact.deadlines, fitPage: true, reserveBelow: parts.indexOf('blockers') > parts.indexOf('deadlines') ? BLOCKERS_MINIMUM : 0 });
        break;
      case 'blockers':
        heading(doc, layout, 'What blocks readiness', { level: 3, keepWithNext: 50 });
        drawBlockers(doc, layout, d.blockers, d.verdict.thresholdPercent, { limit: compact.blockers, total: d.blockerTotal, intro: false, fitPage: true });
        break;
    }
  }
}
