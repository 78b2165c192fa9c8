import { addPage, FONT, ReportLayout, spaceLeft, TYPE } from './document';
import { formatPercent, paginate, rowsThatFit, scaleBar } from './layout';
import { drawLabels, drawLine } from './text';

/**
 * Vector bar charts of percentages: horizontal grouped bars with labels (the chief's chapter
 * chart, split over pages with the axis and legend repeated), and a compact vertical variant
 * (a footprint page). Bars are drawn, never rasterised.
 */

export interface BarSeries {
  label: string;
  color: string;
}

export interface BarGroup {
  /** Bold lead, e.g. the chapter number. */
  lead: string;
  label: string;
  /** One value per series, 0..max; null = nothing applies (printed n/a). */
  values: (number | null)[];
}

export interface BarChartOptions {
  max?: number;
  /**
   * A dashed reference line, e.g. the 80% rule for other-than-mandatory standards. With `series`,
   * it is drawn across that series' bars only (the rule does not apply to the others).
   */
  threshold?: { value: number; label: string; color?: string; series?: number };
  ticks?: number[];
}

const DEFAULT_TICKS = [0, 20, 40, 60, 80, 100];
/** Type size and the room above a column of its upright value ("100%", "88.8%"). */
const VALUE_SIZE = 5;
const VALUE_HEADROOM = 16;

function dashed(doc: PDFKit.PDFDocument, x1: number, y1: number, x2: number, y2: number, color: string): void {
  doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(1).dash(2, { space: 1.5 }).strokeColor(color).stroke().undash();
}
const GROUP_GAP = 5.5;

/**
 * The height of one group of bars: as roomy as `maxBar` allows, shrunk to fit the space left on
 * this page, or an empty page, before splitting the chart over pages (at `minBar`).
 */
export function barBand(groups: number, series: number, spaceHere: number, pageSpace: number, minBar = 3, maxBar = 6): { band: number; startOnNewPage: boolean } {
  const bandFor = (bar: number) => series * bar + (series - 1) + GROUP_GAP;
  const [minBand, maxBand] = [bandFor(minBar), bandFor(maxBar)];
  if (groups === 0) return { band: maxBand, startOnNewPage: false };
  if (groups * minBand <= spaceHere) return { band: Math.min(maxBand, spaceHere / groups), startOnNewPage: false };
  if (groups * minBand <= pageSpace) return { band: Math.min(maxBand, pageSpace / groups), startOnNewPage: true };
  // Over several pages anyway: roomy bars, and start here unless only a few groups would fit.
  return { band: maxBand, startOnNewPage: spaceHere < 6 * maxBand };
}

export function barThickness(band: number, series: number): number {
  return (band - GROUP_GAP - (series - 1)) / series;
}

function drawLegend(doc: PDFKit.PDFDocument, layout: ReportLayout, series: readonly BarSeries[], threshold: BarChartOptions['threshold'], x0: number, y: number): void {
  let x = x0;
  for (const s of series) {
    doc.rect(x, y + 1, 9, 7).fill(s.color);
    doc.font(FONT.regular).fontSize(TYPE.small);
    const w = doc.widthOfString(s.label);
    drawLine(doc, s.label, x + 13, y, w + 2, { size: TYPE.small, color: layout.colors.text });
    x += 13 + w + 16;
  }
  if (threshold) {
    const color = threshold.color ?? layout.colors.bad;
    doc
      .moveTo(x, y + 4.5)
      .lineTo(x + 14, y + 4.5)
      .lineWidth(1)
      .dash(2.5, { space: 2 })
      .strokeColor(color)
      .stroke()
      .undash();
    doc.font(FONT.regular).fontSize(TYPE.small);
    drawLine(doc, threshold.label, x + 18, y, doc.widthOfString(threshold.label) + 2, { size: TYPE.small, color: layout.colors.text });
  }
}

/** Horizontal grouped bars, one group per row; continues on new pages with legend and axis repeated. */
export function drawHorizontalBarChart(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  series: readonly BarSeries[],
  groups: readonly BarGroup[],
  options: BarChartOptions = {},
): void {
  const { frame, colors } = layout;
  const max = options.max ?? 100;
  const ticks = options.ticks ?? DEFAULT_TICKS;
  const legendHeight = 18;
  const axisHeight = 18;
  const chrome = legendHeight + axisHeight + 4;
  const labelWidth = Math.min(190, frame.width * 0.36);
  const valueSpace = 30;
  const plotLeft = frame.left + labelWidth + 8;
  const plotWidth = frame.right - valueSpace - plotLeft;

  // The band per group shrinks (down to `minBand`) so the chart stays on one page when it can.
  const { band, startOnNewPage } = barBand(groups.length, series.length, spaceLeft(doc, layout) - chrome, frame.height - chrome);
  const thickness = barThickness(band, series.length);
  if (startOnNewPage) addPage(doc, layout);
  const first = rowsThatFit(spaceLeft(doc, layout) - chrome, band);
  const perPage = rowsThatFit(frame.height - chrome, band);
  const chunks = paginate(groups.length, first, perPage);

  let index = 0;
  chunks.forEach((count, chunk) => {
    if (chunk > 0) addPage(doc, layout);
    const top = doc.y;
    drawLegend(doc, layout, series, options.threshold, plotLeft, top);
    const plotTop = top + legendHeight;
    const plotBottom = plotTop + count * band;

    // grid and axis
    for (const t of ticks) {
      const x = plotLeft + scaleBar(t, max, plotWidth);
      doc
        .moveTo(x, plotTop - 2)
        .lineTo(x, plotBottom)
        .lineWidth(t === 0 ? 0.8 : 0.4)
        .strokeColor(t === 0 ? colors.muted : colors.rule)
        .stroke();
      drawLine(doc, formatPercent(t), x - 15, plotBottom + 4, 30, { size: TYPE.tiny, color: colors.muted, align: 'center' });
    }
    doc
      .moveTo(plotLeft, plotBottom)
      .lineTo(plotLeft + plotWidth, plotBottom)
      .lineWidth(0.8)
      .strokeColor(colors.muted)
      .stroke();

    for (let g = 0; g < count; g++, index++) {
      const group = groups[index];
      const y = plotTop + g * band + GROUP_GAP / 2;
      const barsHeight = series.length * thickness + (series.length - 1);
      if (g % 2 === 1) doc.rect(frame.left, y - GROUP_GAP / 2, plotLeft - frame.left - 4, band).fill(colors.background);
      doc.font(FONT.bold).fontSize(TYPE.small);
      const leadWidth = Math.max(doc.widthOfString(group.lead) + 6, 16);
      const labelY = y + barsHeight / 2 - TYPE.small / 2 - 1;
      drawLine(doc, group.lead, frame.left + 3, labelY, leadWidth, { size: TYPE.small, bold: true, color: colors.primary });
      drawLine(doc, group.label, frame.left + 3 + leadWidth, labelY, labelWidth - leadWidth - 3, { size: TYPE.small, color: colors.text });
      series.forEach((s, i) => {
        const value = group.values[i] ?? null;
        const by = y + i * (thickness + 1);
        if (value === null) {
          // Nothing applies: no bar, said in words (an empty bar would read as 0%).
          drawLine(doc, 'none apply', plotLeft + 3, by + thickness / 2 - TYPE.tiny / 2 - 1, plotWidth, { size: TYPE.tiny, color: colors.muted });
          return;
        }
        const length = scaleBar(value, max, plotWidth);
        if (length > 0) doc.rect(plotLeft, by, length, thickness).fill(s.color);
        drawLine(doc, formatPercent(value), plotLeft + length + 3, by + thickness / 2 - TYPE.tiny / 2 - 1, valueSpace, { size: TYPE.tiny, color: colors.text });
        if (options.threshold?.series === i) {
          const x = plotLeft + scaleBar(options.threshold.value, max, plotWidth);
          dashed(doc, x, by - 1, x, by + thickness + 1, options.threshold.color ?? colors.bad);
        }
      });
    }

    if (options.threshold && options.threshold.series === undefined) {
      const x = plotLeft + scaleBar(options.threshold.value, max, plotWidth);
      doc
        .moveTo(x, plotTop - 2)
        .lineTo(x, plotBottom)
        .lineWidth(1)
        .dash(2.5, { space: 2 })
        .strokeColor(options.threshold.color ?? colors.bad)
        .stroke()
        .undash();
    }
    doc.y = plotBottom + axisHeight;
  });
}

/** Compact vertical grouped columns (one group per chapter, the lead as the x label), `height` tall. */
export function drawColumnChart(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  series: readonly BarSeries[],
  groups: readonly BarGroup[],
  options: BarChartOptions & { height?: number } = {},
): void {
  const { frame, colors } = layout;
  const max = options.max ?? 100;
  const plotHeight = options.height ?? 110;
  const legendHeight = 16;
  const axisLabel = 26;
  const plotLeft = frame.left + axisLabel;
  const plotWidth = frame.width - axisLabel;
  const top = doc.y;
  drawLegend(doc, layout, series, options.threshold, plotLeft, top);
  // Room above a 100% column for its upright value.
  const plotTop = top + legendHeight + 4 + VALUE_HEADROOM;
  const plotBottom = plotTop + plotHeight;

  for (const t of [0, 50, 100].filter((v) => v <= max)) {
    const y = plotBottom - scaleBar(t, max, plotHeight);
    doc
      .moveTo(plotLeft, y)
      .lineTo(plotLeft + plotWidth, y)
      .lineWidth(t === 0 ? 0.8 : 0.4)
      .strokeColor(t === 0 ? colors.muted : colors.rule)
      .stroke();
    drawLine(doc, formatPercent(t), frame.left, y - 3, axisLabel - 4, { size: TYPE.tiny, color: colors.muted, align: 'right' });
  }

  const slot = plotWidth / Math.max(groups.length, 1);
  const inner = Math.min(slot * 0.78, series.length * 7);
  const bar = inner / series.length;
  doc.font(FONT.regular).fontSize(TYPE.tiny);
  const widest = Math.max(0, ...groups.map((g) => doc.widthOfString(g.lead)));
  const labelEvery = Math.max(1, Math.ceil((widest + 3) / slot));
  const values: { text: string; x: number; y: number }[] = [];
  groups.forEach((group, g) => {
    const x0 = plotLeft + g * slot + (slot - inner) / 2;
    series.forEach((s, i) => {
      const value = group.values[i] ?? null;
      if (value === null) return;
      const h = scaleBar(value, max, plotHeight);
      const x = x0 + i * bar;
      if (h > 0) doc.rect(x, plotBottom - h, Math.max(bar - 0.6, 0.8), h).fill(s.color);
      if (options.threshold?.series === i) {
        const ty = plotBottom - scaleBar(options.threshold.value, max, plotHeight);
        dashed(doc, x - 1, ty, x + bar + 0.4, ty, options.threshold.color ?? colors.bad);
      }
      // Every column says its value, upright above it (columns are too narrow for a line of text).
      values.push({ text: formatPercent(value), x: x + bar / 2 - VALUE_SIZE / 2 - 0.5, y: plotBottom - h - 2 });
    });
    if (g % labelEvery === 0) {
      drawLine(doc, group.lead, plotLeft + g * slot - 6, plotBottom + 3, slot + 12, { size: TYPE.tiny, color: colors.muted, align: 'center' });
    }
  });

  if (options.threshold && options.threshold.series === undefined) {
    const y = plotBottom - scaleBar(options.threshold.value, max, plotHeight);
    doc
      .moveTo(plotLeft, y)
      .lineTo(plotLeft + plotWidth, y)
      .lineWidth(0.9)
      .dash(2.5, { space: 2 })
      .strokeColor(options.threshold.color ?? colors.bad)
      .stroke()
      .undash();
  }
  drawLabels(doc, values, { size: VALUE_SIZE, color: colors.text, upright: true });
  doc.y = plotBottom + 14;
}
