import type { CoverageCell } from '../../compliance/rules/coverage-grid';
import { addPage, FONT, ReportLayout, spaceLeft, TYPE } from './document';
import { heatMapColour, heatMapSlices, HeatPalette, rowsThatFit } from './layout';
import { drawLine } from './text';

/**
 * The proof coverage grid as a heat map: one row per standard, one coloured cell per cycle year.
 * Rows run down narrow column blocks, then across, then over pages, so 461 standards take two
 * or three letter pages instead of ten.
 */

export interface HeatMapRow {
  label: string;
  /** A one-letter mark after the label, e.g. the level M or O. */
  marker?: string;
  cells: readonly CoverageCell[];
}

export interface HeatMapOptions {
  /** Short column heads, e.g. Y1..Y4. */
  columnLabels: readonly string[];
  /** The column to highlight (the current cycle year), 0-based. */
  highlightColumn: number | null;
  palette: HeatPalette;
  legend: { present: string; missing: string; notRequired: string };
  /** A line under the legend, e.g. what Y1..Y4 stand for. */
  caption?: string;
}

const ROW_HEIGHT = 8.4;
const CELL_WIDTH = 15;
const LABEL_WIDTH = 34;
const MARKER_WIDTH = 9;
const GAP = 14;
const HEAD_HEIGHT = 14;

/** The room a heat map of `rows` rows needs below the cursor to start on this page: the legend and its first twelve rows (or all of fewer). */
export function heatMapStartSpace(rows: number): number {
  return 40 + HEAD_HEIGHT + Math.min(12, rows) * ROW_HEIGHT;
}

export function heatMapBlockWidth(columns: number): number {
  return LABEL_WIDTH + MARKER_WIDTH + columns * CELL_WIDTH;
}

function drawHeatLegend(doc: PDFKit.PDFDocument, layout: ReportLayout, options: HeatMapOptions): number {
  const { frame, colors } = layout;
  const y = doc.y;
  let x = frame.left;
  const items: [string, string][] = [
    [options.palette.present, options.legend.present],
    [options.palette.missing, options.legend.missing],
    [options.palette.notRequired, options.legend.notRequired],
  ];
  doc.font(FONT.regular).fontSize(TYPE.small);
  for (const [colour, label] of items) {
    doc.rect(x, y, 11, 8).fill(colour);
    const w = doc.widthOfString(label);
    drawLine(doc, label, x + 15, y, w + 2, { size: TYPE.small, color: colors.text });
    x += 15 + w + 18;
  }
  let height = 14;
  if (options.caption) {
    drawLine(doc, options.caption, frame.left, y + 14, frame.width, { size: TYPE.small, color: colors.muted });
    height += 12;
  }
  return height + 6;
}

export function drawHeatMap(doc: PDFKit.PDFDocument, layout: ReportLayout, rows: readonly HeatMapRow[], options: HeatMapOptions): void {
  const { frame, colors } = layout;
  const cellCount = options.columnLabels.length;
  const blockWidth = heatMapBlockWidth(cellCount);
  const columns = Math.max(1, Math.floor((frame.width + GAP) / (blockWidth + GAP)));
  // Spread spare width between the blocks so the grid spans the frame.
  const gap = columns > 1 ? (frame.width - columns * blockWidth) / (columns - 1) : 0;

  if (spaceLeft(doc, layout) < heatMapStartSpace(rows.length)) addPage(doc, layout);
  doc.y += drawHeatLegend(doc, layout, options);

  const slices = heatMapSlices({
    rows: rows.length,
    firstRowsPerColumn: rowsThatFit(spaceLeft(doc, layout) - HEAD_HEIGHT, ROW_HEIGHT),
    rowsPerColumn: rowsThatFit(frame.height - HEAD_HEIGHT, ROW_HEIGHT),
    columns,
  });

  let page = 0;
  let top = doc.y;
  let bottom = doc.y;
  for (const slice of slices) {
    if (slice.page !== page) {
      addPage(doc, layout);
      page = slice.page;
      top = doc.y;
      bottom = doc.y;
    }
    const x0 = frame.left + slice.column * (blockWidth + gap);
    // block head
    drawLine(doc, 'Standard', x0, top + 2, LABEL_WIDTH + MARKER_WIDTH, { size: TYPE.tiny, bold: true, color: colors.muted });
    options.columnLabels.forEach((label, c) => {
      const cx = x0 + LABEL_WIDTH + MARKER_WIDTH + c * CELL_WIDTH;
      const current = c === options.highlightColumn;
      drawLine(doc, label, cx - 2, top + 2, CELL_WIDTH + 4, { size: TYPE.tiny, bold: true, color: current ? colors.primary : colors.muted, align: 'center' });
      if (current) doc.rect(cx + 2, top + 10, CELL_WIDTH - 4, 1.4).fill(colors.primary);
    });
    let y = top + HEAD_HEIGHT;
    for (let r = slice.from; r < slice.to; r++) {
      const row = rows[r];
      drawLine(doc, row.label, x0, y + 1.2, LABEL_WIDTH - 2, { size: TYPE.tiny, color: colors.text });
      if (row.marker) {
        drawLine(doc, row.marker, x0 + LABEL_WIDTH, y + 1.2, MARKER_WIDTH, { size: TYPE.tiny, bold: row.marker === 'M', color: colors.muted });
      }
      row.cells.forEach((cell, c) => {
        const cx = x0 + LABEL_WIDTH + MARKER_WIDTH + c * CELL_WIDTH;
        doc.rect(cx + 0.7, y + 0.7, CELL_WIDTH - 1.4, ROW_HEIGHT - 1.4).fill(heatMapColour(cell, options.palette));
      });
      y += ROW_HEIGHT;
    }
    bottom = Math.max(bottom, y);
  }
  doc.y = bottom + 10;
}
