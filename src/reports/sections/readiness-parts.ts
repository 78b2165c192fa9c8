/**
 * The parts of a readiness report, each a function from (doc, layout, view-model part) to drawing
 * calls. The department report uses them at full size; the footprint's department pages reuse
 * them in their compact form.
 */
import type { ComplianceResult, WorkflowStatus } from '../../files/entities/standard-file.entity';
import { VERDICT_LABELS, VerdictState } from '../../compliance/rules/readiness';
import { compareStandardNumbers } from '../../standards/rules/natural-sort';
import { defaultYearLabels } from '../view-model-builders';
import {
  blockerReasonText,
  cycleText,
  daysText,
  exclusionText,
  formatDate,
  formatDateTime,
  RESULT_LABELS,
  sizeClassText,
  STATUS_LABELS,
  TIER_LABELS,
} from '../format';
import { drawColumnChart, drawHorizontalBarChart, BarGroup, BarSeries } from '../pdf/bar-chart';
import { ensureSpace, FONT, ReportLayout, TYPE } from '../pdf/document';
import { drawHeatMap, heatMapStartSpace } from '../pdf/heat-map';
import { compliancePercent, formatPercent, scaleBar, tint } from '../pdf/layout';
import { drawSignatureBlock } from '../pdf/signature';
import { Cell, dataRowsThatFit, drawTable, TableColumn, TableRow } from '../pdf/table';
import { chip, chipWidth, drawLine, drawWrapped, factGrid, paragraph, wrappedHeight } from '../pdf/text';
import type {
  BlockerView,
  ChapterComplianceView,
  CoverageGridView,
  DeadlinesView,
  DeadlineView,
  DepartmentHeader,
  ExclusionView,
  SignatureView,
  SignOffStampView,
  VerdictView,
} from '../view-models';

// ---------------------------------------------------------------------------------------------
// Colours of the vocabulary
// ---------------------------------------------------------------------------------------------

export function resultColour(result: ComplianceResult, layout: ReportLayout): string {
  switch (result) {
    case 'compliant':
      return layout.colors.ok;
    case 'partially_compliant':
      return layout.colors.warn;
    case 'non_compliant':
      return layout.colors.bad;
    case 'not_assessed':
      return layout.colors.muted;
  }
}

export function statusColour(status: WorkflowStatus, layout: ReportLayout): string {
  switch (status) {
    case 'accepted':
      return layout.colors.ok;
    case 'returned':
      return layout.colors.bad;
    case 'in_review':
    case 'in_progress':
      return layout.colors.primary;
    case 'to_do':
      return layout.colors.muted;
  }
}

export const resultChip = (result: ComplianceResult, layout: ReportLayout) => ({ text: RESULT_LABELS[result], color: resultColour(result, layout) });
export const statusChip = (status: WorkflowStatus, layout: ReportLayout) => ({ text: STATUS_LABELS[status], color: statusColour(status, layout) });

// ---------------------------------------------------------------------------------------------
// Cover
// ---------------------------------------------------------------------------------------------

export interface CoverView {
  eyebrow: string;
  title: string;
  subtitle: string | null;
  headline: string;
  subheadline: string | null;
  facts: { label: string; value: string }[];
  logoPath: string | null;
  status?: { label: string; color: string; sentence: string } | null;
  /** Drawn under the facts and the status: a report's own cover content. */
  extra?: (doc: PDFKit.PDFDocument, layout: ReportLayout) => void;
  note?: string;
}

/** The first page: a full-width band with the report title, the subject, its facts and, optionally, a status. */
export function drawCover(doc: PDFKit.PDFDocument, layout: ReportLayout, cover: CoverView): void {
  const { frame, colors, page } = layout;
  const bandHeight = 238;
  doc.rect(0, 0, page.width, bandHeight).fill(colors.primary);
  doc.rect(0, bandHeight, page.width, 5).fill(colors.accent);

  const textWidth = frame.width - (cover.logoPath ? 110 : 0);
  let y = 92;
  drawLine(doc, cover.eyebrow.toUpperCase(), frame.left, y, textWidth, { size: TYPE.small + 0.5, bold: true, color: tint(colors.accent, 0.25), characterSpacing: 1.4 });
  y += 18;
  const titleHeight = drawWrapped(doc, cover.title, frame.left, y, textWidth, { size: TYPE.display, bold: true, color: '#ffffff', maxLines: 2 });
  y += titleHeight + 6;
  if (cover.subtitle) drawWrapped(doc, cover.subtitle, frame.left, y, textWidth, { size: TYPE.h3 + 1, color: tint(colors.primary, 0.72), maxLines: 2 });

  if (cover.logoPath) {
    const box = 92;
    const x = frame.right - box;
    doc.roundedRect(x, 72, box, box, 8).fill('#ffffff');
    try {
      doc.image(cover.logoPath, x + 8, 80, { fit: [box - 16, box - 16], align: 'center', valign: 'center' });
    } catch {
      // An unreadable logo must not cost the chief the report: the white tile stays empty.
    }
  }

  y = bandHeight + 46;
  const headlineHeight = drawWrapped(doc, cover.headline, frame.left, y, frame.width, { size: 22, bold: true, color: colors.primary, maxLines: 2 });
  y += headlineHeight + 4;
  if (cover.subheadline) {
    y += drawWrapped(doc, cover.subheadline, frame.left, y, frame.width, { size: TYPE.h3 + 1, color: colors.muted, maxLines: 2 }) + 4;
  }
  doc.rect(frame.left, y + 8, frame.width, 0.8).fill(colors.rule);
  doc.y = y + 24;
  factGrid(doc, layout, cover.facts, { columns: 2 });

  if (cover.status) {
    doc.y += 10;
    const boxTop = doc.y;
    const pad = 14;
    const sentenceHeight = wrappedHeight(doc, cover.status.sentence, frame.width - 2 * pad - 6, { size: TYPE.body + 1 }, 4);
    const boxHeight = sentenceHeight + 2 * pad + 24;
    doc.roundedRect(frame.left, boxTop, frame.width, boxHeight, 6).fill(tint(cover.status.color, 0.9));
    doc.rect(frame.left, boxTop, 4, boxHeight).fill(cover.status.color);
    chip(doc, cover.status.label.toUpperCase(), frame.left + pad + 4, boxTop + pad - 2, cover.status.color, { size: TYPE.small + 0.5, solid: true });
    drawWrapped(doc, cover.status.sentence, frame.left + pad + 6, boxTop + pad + 20, frame.width - 2 * pad - 6, {
      size: TYPE.body + 1,
      color: colors.text,
      maxLines: 4,
    });
    doc.y = boxTop + boxHeight;
  }

  if (cover.extra) {
    doc.y += 12;
    cover.extra(doc, layout);
  }

  if (cover.note) {
    const noteHeight = wrappedHeight(doc, cover.note, frame.width, { size: TYPE.small });
    drawWrapped(doc, cover.note, frame.left, frame.bottom - noteHeight, frame.width, { size: TYPE.small, color: colors.muted });
  }
}

/** Labelled rows of chips, e.g. the colour legend of the file review's cover. */
export function drawChipLegend(doc: PDFKit.PDFDocument, layout: ReportLayout, title: string, rows: readonly { label: string; chips: { text: string; color: string }[] }[]): void {
  const { frame, colors } = layout;
  const rowHeight = 17;
  const h = 26 + rows.length * rowHeight + 6;
  ensureSpace(doc, layout, h);
  const y = doc.y;
  doc.roundedRect(frame.left, y, frame.width, h, 5).fill(colors.background);
  drawLine(doc, title.toUpperCase(), frame.left + 12, y + 10, frame.width - 24, { size: TYPE.tiny + 0.5, bold: true, color: colors.muted, characterSpacing: 0.6 });
  rows.forEach((row, i) => {
    const ry = y + 26 + i * rowHeight;
    drawLine(doc, row.label, frame.left + 12, ry + 2, 96, { size: TYPE.small, bold: true, color: colors.text });
    let x = frame.left + 112;
    for (const c of row.chips) x += chip(doc, c.text, x, ry, c.color, { size: TYPE.small }) + 5;
  });
  doc.y = y + h;
}

/** The program and its tier ("Law Enforcement · Tier 1: ..."); the program alone when it has no tiers, the tier alone before a program is decided. */
function programText(d: DepartmentHeader): string {
  if (!d.programName) return TIER_LABELS[d.programTier];
  return d.programHasTiers === false ? d.programName : `${d.programName} · ${TIER_LABELS[d.programTier]}`;
}

export function departmentFacts(d: DepartmentHeader, layout: ReportLayout): { label: string; value: string }[] {
  return [
    { label: 'Program', value: programText(d) },
    { label: 'Size class', value: sizeClassText(d) },
    { label: 'Standards manual', value: `Version ${d.manualVersion}` },
    { label: 'Accreditation cycle', value: cycleText(d.cycle, layout.dateStyle) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Verdict
// ---------------------------------------------------------------------------------------------

function progressBar(doc: PDFKit.PDFDocument, layout: ReportLayout, x: number, y: number, width: number, percent: number, color: string, threshold?: number): void {
  doc.roundedRect(x, y, width, 6, 3).fill(tint(layout.colors.muted, 0.8));
  const filled = scaleBar(percent, 100, width);
  if (filled > 0) doc.roundedRect(x, y, Math.max(filled, 6), 6, 3).fill(color);
  if (threshold !== undefined) {
    const tx = x + scaleBar(threshold, 100, width);
    doc.rect(tx - 0.75, y - 3, 1.5, 12).fill(layout.colors.text);
  }
}

/** The colour of a verdict state: ok, warn while it rests on proofs awaiting review, bad. */
export function verdictColor(layout: ReportLayout, state: VerdictState): string {
  switch (state) {
    case 'ready':
      return layout.colors.ok;
    case 'ready_pending_review':
      return layout.colors.warn;
    case 'not_ready':
      return layout.colors.bad;
  }
}

/** Status banner with the verdict sentence, then one tile per count and one for what is left to do. */
export function drawVerdict(doc: PDFKit.PDFDocument, layout: ReportLayout, verdict: VerdictView, options: { compact?: boolean } = {}): void {
  const { frame, colors } = layout;
  const statusColor = verdictColor(layout, verdict.state);
  const compact = options.compact ?? false;
  const pad = compact ? 9 : 12;
  const label = VERDICT_LABELS[verdict.state].toUpperCase();
  // Compact: the chip sits left of the sentence; full size: above it, in a larger type.
  const size = compact ? TYPE.body + 0.5 : TYPE.h3 + 1;
  const chipSpace = compact ? chipWidth(doc, label, TYPE.small + 0.5) + 10 : 0;
  const textWidth = frame.width - 2 * pad - 8 - chipSpace;
  const sentenceHeight = wrappedHeight(doc, verdict.summary, textWidth, { size }, 4);
  const h = compact ? Math.max(sentenceHeight, TYPE.small + 6) + 2 * pad : sentenceHeight + 2 * pad + 22;
  ensureSpace(doc, layout, h + 90);
  const bannerY = doc.y;
  doc.roundedRect(frame.left, bannerY, frame.width, h, 6).fill(tint(statusColor, 0.9));
  doc.rect(frame.left, bannerY, 4, h).fill(statusColor);
  chip(doc, label, frame.left + pad + 4, bannerY + pad - 1, statusColor, { size: TYPE.small + 0.5, solid: true });
  drawWrapped(doc, verdict.summary, frame.left + pad + 8 + chipSpace, compact ? bannerY + pad : bannerY + pad + 20, textWidth, { size, color: colors.text, maxLines: 4 });
  doc.y = bannerY + h + (compact ? 8 : 12);

  const tileHeight = compact ? 62 : 74;
  ensureSpace(doc, layout, tileHeight + 6);
  const gap = 10;
  const tileWidth = (frame.width - 2 * gap) / 3;
  const y = doc.y;
  const tiles: { title: string; big: string; bigColor: string; line: string; bar?: { percent: number; color: string; threshold?: number } }[] = [
    {
      title: 'Mandatory standards',
      big: verdict.mandatory.applicable === 0 ? 'n/a' : formatPercent(verdict.mandatory.percent),
      bigColor: verdict.mandatory.applicable === 0 ? colors.muted : verdict.mandatoryMissing === 0 ? colors.ok : colors.bad,
      line: verdict.mandatory.applicable === 0 ? 'None apply' : `${verdict.mandatory.compliant} of ${verdict.mandatory.applicable} compliant (100% required)`,
      // Nothing to measure when none apply: no bar (a full one would read as 100% done).
      bar: verdict.mandatory.applicable === 0 ? undefined : { percent: verdict.mandatory.percent, color: verdict.mandatoryMissing === 0 ? colors.ok : colors.bad },
    },
    {
      title: 'Other-than-mandatory',
      big: verdict.other.applicable === 0 ? 'n/a' : formatPercent(verdict.other.percent),
      bigColor: verdict.other.applicable === 0 ? colors.muted : verdict.otherNeededForThreshold === 0 ? colors.ok : colors.warn,
      line: verdict.other.applicable === 0 ? 'None apply' : `${verdict.other.compliant} of ${verdict.other.applicable} compliant (${verdict.thresholdPercent}% required)`,
      bar:
        verdict.other.applicable === 0
          ? undefined
          : { percent: verdict.other.percent, color: verdict.otherNeededForThreshold === 0 ? colors.ok : colors.warn, threshold: verdict.thresholdPercent },
    },
    {
      title: 'Left to reach the rule',
      big: String(verdict.mandatoryMissing + verdict.otherNeededForThreshold),
      bigColor: verdict.meetsRule ? colors.ok : colors.text,
      line: verdict.meetsRule
        ? verdict.state === 'ready_pending_review'
          ? `Meets the rule once ${verdict.compliantPendingReview} standard${verdict.compliantPendingReview === 1 ? "'s proofs are" : "s' proofs are"} accepted`
          : "Meets CALEA's compliance rule"
        : `${verdict.mandatoryMissing} mandatory, ${verdict.otherNeededForThreshold} other-than-mandatory`,
    },
  ];
  tiles.forEach((t, i) => {
    const x = frame.left + i * (tileWidth + gap);
    doc.roundedRect(x, y, tileWidth, tileHeight, 5).fill(colors.background);
    const big = compact ? 15 : 19;
    drawLine(doc, t.title.toUpperCase(), x + 10, y + 9, tileWidth - 20, { size: TYPE.tiny + 0.5, bold: true, color: colors.muted, characterSpacing: 0.6 });
    drawLine(doc, t.big, x + 10, y + 20, tileWidth - 20, { size: big, bold: true, color: t.bigColor });
    drawLine(doc, t.line, x + 10, y + tileHeight - 24, tileWidth - 20, { size: TYPE.small, color: colors.text });
    if (t.bar) progressBar(doc, layout, x + 10, y + tileHeight - 11, tileWidth - 20, t.bar.percent, t.bar.color, t.bar.threshold);
  });
  doc.y = y + tileHeight + 8;
}

export interface GlanceFigure {
  label: string;
  value: number;
  /** Colour of the figure when it is not zero (zero reads in the ok colour). */
  color: string;
}

/** A row of small figures (overdue deadlines, blockers ...) under the verdict. */
export function drawGlance(doc: PDFKit.PDFDocument, layout: ReportLayout, figures: readonly GlanceFigure[]): void {
  const { frame, colors } = layout;
  if (figures.length === 0) return;
  const height = 44;
  ensureSpace(doc, layout, height + 8);
  const gap = 8;
  const width = (frame.width - gap * (figures.length - 1)) / figures.length;
  const y = doc.y;
  figures.forEach((f, i) => {
    const x = frame.left + i * (width + gap);
    doc.roundedRect(x, y, width, height, 5).lineWidth(0.8).strokeColor(colors.rule).stroke();
    drawLine(doc, String(f.value), x + 9, y + 7, width - 18, { size: 15, bold: true, color: f.value === 0 ? colors.ok : f.color });
    drawLine(doc, f.label, x + 9, y + 28, width - 18, { size: TYPE.small, color: colors.muted });
  });
  doc.y = y + height + 8;
}

// ---------------------------------------------------------------------------------------------
// Chapter compliance
// ---------------------------------------------------------------------------------------------

function chapterSeries(layout: ReportLayout): BarSeries[] {
  return [
    { label: 'Mandatory', color: layout.colors.primary },
    { label: 'Other-than-mandatory', color: layout.colors.accent },
  ];
}

function chapterGroups(chapters: readonly ChapterComplianceView[]): BarGroup[] {
  return [...chapters]
    .sort((a, b) => a.chapter - b.chapter)
    .map((c) => ({ lead: String(c.chapter), label: c.title, values: [compliancePercent(c.mandatory), compliancePercent(c.other)] }));
}

/** Chapters a compact chapter chart still draws as rows. */
const COMPACT_ROWS_UP_TO = 8;

export function drawChapterChart(doc: PDFKit.PDFDocument, layout: ReportLayout, chapters: readonly ChapterComplianceView[], thresholdPercent: number, options: { compact?: boolean } = {}): void {
  if (chapters.length === 0) {
    paragraph(doc, layout, 'No chapter has applicable standards.', { color: layout.colors.muted });
    return;
  }
  // The rule's line crosses the other-than-mandatory bars only: mandatory standards need 100%.
  const threshold = { value: thresholdPercent, label: `${thresholdPercent}% rule (other-than-mandatory)`, series: 1 };
  // Compact pages take columns only when there are too many chapters for a row each (a few rows say more: titles and values).
  if (options.compact && chapters.length > COMPACT_ROWS_UP_TO) {
    ensureSpace(doc, layout, 136);
    drawColumnChart(doc, layout, chapterSeries(layout), chapterGroups(chapters), { threshold, height: 84 });
  } else {
    drawHorizontalBarChart(doc, layout, chapterSeries(layout), chapterGroups(chapters), { threshold });
  }
}

const counts = (c: { applicable: number; compliant: number }) => (c.applicable === 0 ? '–' : `${c.compliant} / ${c.applicable}`);

export function drawChapterTable(doc: PDFKit.PDFDocument, layout: ReportLayout, chapters: readonly ChapterComplianceView[]): void {
  const { colors } = layout;
  const pct = (c: { applicable: number; compliant: number }, required: number) => {
    const p = compliancePercent(c);
    return { text: formatPercent(p), bold: true, color: p === null ? colors.muted : p >= required ? colors.ok : p >= required - 20 ? colors.warn : colors.bad };
  };
  drawTable(
    doc,
    layout,
    [
      { header: 'Ch.', width: 30, align: 'right' },
      { header: 'Chapter', width: { flex: 1 } },
      { header: 'Mandatory', width: 66, align: 'right' },
      { header: '%', width: 46, align: 'right' },
      { header: 'Other', width: 66, align: 'right' },
      { header: '%', width: 46, align: 'right' },
    ],
    [...chapters]
      .sort((a, b) => a.chapter - b.chapter)
      .map((c): TableRow => ({
        type: 'data',
        cells: [{ text: String(c.chapter), bold: true, color: colors.primary }, c.title, counts(c.mandatory), pct(c.mandatory, 100), counts(c.other), pct(c.other, 80)],
      })),
    { zebra: true },
  );
}

// ---------------------------------------------------------------------------------------------
// Deadlines, blockers, exclusions
// ---------------------------------------------------------------------------------------------

function deadlineCells(d: DeadlineView, layout: ReportLayout): Cell[] {
  const { colors } = layout;
  return [
    { text: d.standardNumber, bold: true, color: colors.primary },
    d.title,
    d.periodLabel,
    formatDate(d.dueOn, layout.dateStyle),
    { text: daysText(d.daysUntilDue), chip: d.state === 'overdue' ? colors.bad : d.urgent ? colors.bad : colors.warn },
  ];
}

/** What a list cut to the page leaves out, pointing to the full report. */
const moreText = (total: number, shown: number, what: string): string =>
  shown === 0 ? `${total} ${what}: see the department’s readiness report.` : `and ${total - shown} more in the department’s readiness report.`;

const deadlineRows = (list: readonly DeadlineView[], layout: ReportLayout): TableRow[] => list.map((d) => ({ type: 'data', cells: deadlineCells(d, layout) }));

const DEADLINE_COLUMNS: TableColumn[] = [
  { header: 'Standard', width: 60 },
  { header: 'Title', width: { flex: 1 }, maxLines: 3 },
  { header: 'Period', width: 78, maxLines: 2 },
  { header: 'Due', width: 68 },
  { header: 'Status', width: 92, align: 'right' as const },
];

export function noneLine(doc: PDFKit.PDFDocument, layout: ReportLayout, text: string, color?: string): void {
  ensureSpace(doc, layout, 20);
  const c = color ?? layout.colors.ok;
  doc.circle(layout.frame.left + 4, doc.y + 5, 3).fill(c);
  drawLine(doc, text, layout.frame.left + 12, doc.y, layout.frame.width - 12, { size: TYPE.body, color: layout.colors.text });
  doc.y += 18;
}

function subheading(doc: PDFKit.PDFDocument, layout: ReportLayout, text: string, count: number | null, color: string): void {
  ensureSpace(doc, layout, 56);
  doc.y += 4;
  const y = doc.y;
  drawLine(doc, text, layout.frame.left, y, layout.frame.width - 60, { size: TYPE.h3 + 1, bold: true, color: layout.colors.text });
  if (count !== null) {
    doc.font(FONT.bold).fontSize(TYPE.h3 + 1);
    chip(doc, String(count), layout.frame.left + doc.widthOfString(text) + 8, y - 0.5, color, { size: TYPE.small });
  }
  doc.y = y + 18;
}

/** How many one-line table rows fit below the cursor with a table header and a closing line. */

export function drawDeadlines(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  deadlines: DeadlinesView,
  options: { limit?: number; combined?: boolean; fitPage?: boolean; reserveBelow?: number } = {},
): void {
  const { colors } = layout;
  const overdueTotal = deadlines.overdueTotal ?? deadlines.overdue.length;
  const dueSoonTotal = deadlines.dueSoonTotal ?? deadlines.dueSoon.length;
  const windowDays = deadlines.dueSoonDays ?? 30;
  if (options.combined) {
    const listed = [...deadlines.overdue, ...deadlines.dueSoon].slice(0, options.limit ?? Infinity);
    if (listed.length === 0) return noneLine(doc, layout, 'No overdue or due-soon deadlines.');
    const fitting = options.fitPage
      ? dataRowsThatFit(doc, layout, DEADLINE_COLUMNS, listed.map((d) => deadlineCells(d, layout)), layout.frame.bottom - doc.y - 22 - (options.reserveBelow ?? 0))
      : listed.length;
    const rows = listed.slice(0, fitting);
    if (rows.length > 0) drawTable(doc, layout, DEADLINE_COLUMNS, deadlineRows(rows, layout));
    const hidden = overdueTotal + dueSoonTotal - rows.length;
    if (hidden > 0) paragraph(doc, layout, moreText(overdueTotal + dueSoonTotal, rows.length, 'overdue and due-soon deadlines'), { size: TYPE.small, color: colors.muted });
    return;
  }
  paragraph(doc, layout, `Time-sensitive standards as of ${formatDate(deadlines.asOf, layout.dateStyle)}: an activity is overdue when its period has ended without a proof dated inside it; due soon when its due date is within ${windowDays} days.`, {
    color: colors.muted,
    size: TYPE.small + 0.5,
    gapAfter: 8,
  });
  subheading(doc, layout, 'Overdue', overdueTotal, overdueTotal > 0 ? colors.bad : colors.ok);
  if (deadlines.overdue.length === 0) noneLine(doc, layout, 'No overdue deadlines.');
  else drawTable(doc, layout, DEADLINE_COLUMNS, deadlineRows(deadlines.overdue, layout));
  subheading(doc, layout, `Due within ${windowDays} days`, dueSoonTotal, dueSoonTotal > 0 ? colors.warn : colors.ok);
  if (deadlines.dueSoon.length === 0) noneLine(doc, layout, `Nothing is due within ${windowDays} days.`);
  else drawTable(doc, layout, DEADLINE_COLUMNS, deadlineRows(deadlines.dueSoon, layout));
}

export function drawBlockers(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  blockers: readonly BlockerView[],
  thresholdPercent: number,
  options: { limit?: number; total?: number; intro?: boolean; fitPage?: boolean } = {},
): void {
  const { colors } = layout;
  const total = options.total ?? blockers.length;
  if (options.intro ?? true) {
    paragraph(
      doc,
      layout,
      'Ordered by impact: mandatory standards missing proofs first (an assessor finds them non-compliant even when marked compliant), then mandatory standards not compliant, then the other-than-mandatory standards that would lift the share to the rule.',
      { color: colors.muted, size: TYPE.small + 0.5, gapAfter: 8 },
    );
  }
  if (total === 0) return noneLine(doc, layout, 'Nothing blocks readiness.');
  const columns: TableColumn[] = [
    { header: '#', width: 24, align: 'right' },
    { header: 'Standard', width: 60 },
    { header: 'Title', width: { flex: 1 }, maxLines: 3 },
    { header: 'Level', width: 40 },
    { header: 'Why it blocks', width: 190, maxLines: 3 },
  ];
  const rows = blockers.slice(0, options.limit ?? blockers.length).map((b, i): Cell[] => [
    { text: String(i + 1), color: colors.muted },
    { text: b.number, bold: true, color: colors.primary },
    b.title,
    { text: b.level, bold: b.level === 'M', color: b.level === 'M' ? colors.text : colors.muted },
    { text: blockerReasonText(b, thresholdPercent), color: b.reason === 'other_needed_for_threshold' ? colors.warn : colors.bad },
  ]);
  // On a page of its own (the footprint's), as many rows as the page holds, as drawn, with room for the "and N more" line.
  const fitting = options.fitPage ? dataRowsThatFit(doc, layout, columns, rows, layout.frame.bottom - doc.y - 22) : rows.length;
  const shown = rows.slice(0, fitting);
  if (shown.length > 0) {
    drawTable(
      doc,
      layout,
      columns,
      shown.map((cells): TableRow => ({ type: 'data', cells })),
      { zebra: true },
    );
  }
  if (total > shown.length) paragraph(doc, layout, moreText(total, shown.length, 'blocking standards'), { size: TYPE.small, color: colors.muted });
}

export function drawExclusions(doc: PDFKit.PDFDocument, layout: ReportLayout, exclusions: readonly ExclusionView[]): void {
  const { colors } = layout;
  if (exclusions.length === 0) return noneLine(doc, layout, 'Every standard in scope applies; none is waived.', colors.primary);
  const sorted = [...exclusions].sort((a, b) => compareStandardNumbers(a.number, b.number));
  drawTable(
    doc,
    layout,
    [
      { header: 'Standard', width: 60 },
      { header: 'Title', width: 150, maxLines: 2 },
      { header: 'Applicability', width: 84 },
      { header: 'Reason or waiver', width: { flex: 1 }, maxLines: 3 },
    ],
    sorted.map((e): TableRow => ({
      type: 'data',
      cells: [
        { text: e.number, bold: true, color: colors.primary },
        e.title,
        { text: e.applicability === 'waived' ? 'Waived' : 'Not applicable', chip: e.applicability === 'waived' ? colors.accent : colors.muted },
        exclusionText(e, layout.dateStyle),
      ],
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// Coverage grid, signature
// ---------------------------------------------------------------------------------------------

/** The room the coverage grid needs to start under its heading (see heatMapStartSpace). */
export function coverageGridStartSpace(grid: CoverageGridView): number {
  return grid.rows.length === 0 ? 0 : heatMapStartSpace(grid.rows.length);
}

export function drawCoverageGrid(doc: PDFKit.PDFDocument, layout: ReportLayout, grid: CoverageGridView): void {
  const { colors } = layout;
  if (grid.rows.length === 0) return noneLine(doc, layout, 'No applicable standards.', colors.muted);
  const labels = grid.yearLabels ?? defaultYearLabels(grid.rows[0].cells.length);
  const caption = `${labels.map((l, i) => `Y${i + 1}: ${l.replace(/^Y\d\s*/, '') || l}`).join(' · ')}${grid.currentYear ? `  (current: year ${grid.currentYear}, underlined)` : ''}. M = mandatory, O = other-than-mandatory.`;
  drawHeatMap(
    doc,
    layout,
    [...grid.rows].sort((a, b) => compareStandardNumbers(a.number, b.number)).map((r) => ({ label: r.number, marker: r.level, cells: r.cells })),
    {
      columnLabels: labels.map((_, i) => `Y${i + 1}`),
      highlightColumn: grid.currentYear ? grid.currentYear - 1 : null,
      palette: colors.heatMap,
      legend: { present: 'Proof filed', missing: 'Missing: proof required', notRequired: 'Not required (later year, or not applicable)' },
      caption,
    },
  );
}

export function drawSignature(doc: PDFKit.PDFDocument, layout: ReportLayout, signature: SignatureView, departmentName: string): void {
  const signer = signature.chiefName ? `${signature.chiefName}, ${signature.chiefTitle}` : signature.chiefTitle;
  drawSignatureBlock(doc, layout, {
    statement:
      signature.statement ??
      `I have reviewed this readiness report of the ${departmentName}, its verdict against CALEA's compliance rule, the deadlines and the blockers it lists.`,
    signer,
    dateLabel: signature.dateLine ?? 'Date',
    dateValue: signature.signedOn ? formatDate(signature.signedOn, layout.dateStyle) : null,
  });
  if (signature.lastSignOff !== undefined) drawSignOffStamp(doc, layout, signature.lastSignOff);
}

/** The latest sign-off kept in the tracker, with the SHA-256 of its snapshot and how to check it. */
export function signOffStampLines(stamp: SignOffStampView | null, timeZone: string, dateStyle: ReportLayout['dateStyle']): { heading: string; lines: string[]; hash: string | null } {
  if (!stamp) {
    return {
      heading: 'Sign-off in the tracker',
      lines: ['Not signed off in the tracker yet. A sign-off keeps an unchangeable snapshot of the readiness with its SHA-256.'],
      hash: null,
    };
  }
  const verdict = stamp.meetsRule ? "meeting CALEA's rule" : "not meeting CALEA's rule";
  const acknowledged = stamp.acknowledgedNotReady ? ', with the acknowledgement that it was not ready' : '';
  const howTo =
    stamp.snapshotFormat === 'rfc8785'
      ? `Anyone can check it: the SHA-256 of the signedSnapshot text of GET /api/departments/${stamp.departmentId}/readiness/sign-offs/${stamp.id} (canonical JSON, RFC 8785) must equal it.`
      : `A sign-off in the legacy format: its SHA-256 is over PostgreSQL's JSON text of the readiness, returned as signedSnapshot by GET /api/departments/${stamp.departmentId}/readiness/sign-offs/${stamp.id}.`;
  return {
    heading: 'Latest sign-off in the tracker',
    lines: [`Signed off by ${stamp.signedByName} on ${formatDateTime(stamp.signedAt, timeZone, dateStyle)}, ${verdict}${acknowledged}. This report shows the readiness as of its own date, which may differ from that snapshot.`, howTo],
    hash: stamp.sha256,
  };
}

function drawSignOffStamp(doc: PDFKit.PDFDocument, layout: ReportLayout, stamp: SignOffStampView | null): void {
  const { frame, colors } = layout;
  const { heading, lines, hash } = signOffStampLines(stamp, layout.timeZone, layout.dateStyle);
  const style = { size: TYPE.small + 0.5, color: colors.text, lineGap: 1.5 };
  const height = 16 + lines.reduce((sum, line) => sum + wrappedHeight(doc, line, frame.width, style) + 4, 0) + (hash ? 30 : 0);
  ensureSpace(doc, layout, height + 10);
  let y = doc.y + 10;
  drawLine(doc, heading, frame.left, y, frame.width, { size: TYPE.h3, bold: true, color: colors.primary });
  y += 16;
  if (hash) {
    drawLine(doc, 'SHA-256 of the signed snapshot', frame.left, y, frame.width, { size: TYPE.small, color: colors.muted });
    drawLine(doc, hash, frame.left, y + 11, frame.width, { size: TYPE.body, bold: true, color: colors.text });
    y += 30;
  }
  for (const line of lines) y += drawWrapped(doc, line, frame.left, y, frame.width, style) + 4;
  doc.y = y;
}

/** The department's header on a compact page: name, eyebrow and one line of facts. */
export function drawDepartmentBand(doc: PDFKit.PDFDocument, layout: ReportLayout, d: DepartmentHeader, eyebrow: string): number {
  const { frame, colors } = layout;
  ensureSpace(doc, layout, 80);
  const top = doc.y;
  drawLine(doc, eyebrow.toUpperCase(), frame.left, top, frame.width, { size: TYPE.small, bold: true, color: colors.accent, characterSpacing: 0.8 });
  drawLine(doc, d.name, frame.left, top + 12, frame.width, { size: TYPE.h1, bold: true, color: colors.primary });
  const facts = [programText(d), sizeClassText(d), `Manual ${d.manualVersion}`, cycleText(d.cycle, layout.dateStyle, false)].join('  ·  ');
  drawLine(doc, facts, frame.left, top + 36, frame.width, { size: TYPE.small + 0.5, color: colors.muted });
  doc.rect(frame.left, top + 50, frame.width, 0.8).fill(colors.rule);
  doc.y = top + 60;
  return top;
}

