import { addPage, FONT, ReportLayout, TYPE } from './document';
import { ColumnWidth, pageBreakDecision, resolveColumnWidths, tint } from './layout';
import { Align, chip, chipWidth, drawLine, drawWrapped, wrappedHeight } from './text';

/**
 * A table drawer: fixed or flexible column widths, the header row repeated on every page, text
 * wrapped (up to `maxLines`, then an ellipsis) or shortened on one line, and page breaks that
 * never leave a group heading alone at the bottom of a page. Rows come from an iterable, so a
 * large table is generated as it is drawn.
 */

export interface CellSpec {
  text: string;
  color?: string;
  bold?: boolean;
  /** Draw as a chip in this colour. */
  chip?: string;
}
export type Cell = string | CellSpec;

export interface TableColumn {
  header: string;
  width: ColumnWidth;
  align?: Align;
  /** 1 (default): one line, shortened; more: wrapped up to that many lines. */
  maxLines?: number;
  truncate?: 'end' | 'middle';
}

export type TableRow =
  | { type: 'data'; cells: Cell[] }
  /** A full-width band introducing the rows below it (e.g. a standard); repeated, marked continued, after a page break. */
  | { type: 'group'; lead?: string; title: string; chips?: { text: string; color: string }[] }
  /** Full-width small text under a group (e.g. the directives). */
  | { type: 'note'; text: string; label?: string };

export interface TableOptions {
  fontSize?: number;
  paddingX?: number;
  paddingY?: number;
  zebra?: boolean;
  /**
   * Keep each group's rows (up to the next group) on one page with its band when they fit on an
   * empty one, rather than only its first row (e.g. a finding with its answers). The table's first
   * group keeps its first row only, so the table does not leave the caller's heading behind.
   */
  keepGroupsTogether?: boolean;
  /** Called when a group band is drawn (not when repeated), with its page index and top y. */
  onGroup?: (row: Extract<TableRow, { type: 'group' }>, y: number) => void;
}

/** Height of a one-line data row and of the header row, for callers that fit rows to a page. */
export function tableMetrics(doc: PDFKit.PDFDocument, options: TableOptions = {}): { rowHeight: number; headerHeight: number } {
  const fontSize = options.fontSize ?? TYPE.table;
  const padY = options.paddingY ?? 3.2;
  doc.font(FONT.regular).fontSize(fontSize);
  return { rowHeight: doc.currentLineHeight(true) + 2 * padY, headerHeight: fontSize - 0.5 + 2 * padY + 5 };
}

const cellText = (cell: Cell | undefined): CellSpec => (typeof cell === 'string' ? { text: cell } : (cell ?? { text: '' }));

/** The height of a data row: its tallest wrapped cell, or one line, with the padding. */
function dataRowHeight(
  doc: PDFKit.PDFDocument,
  columns: readonly TableColumn[],
  widths: readonly number[],
  cells: readonly Cell[],
  { fontSize, padX, padY }: { fontSize: number; padX: number; padY: number },
): number {
  doc.font(FONT.regular).fontSize(fontSize);
  let h = doc.currentLineHeight(true);
  columns.forEach((c, i) => {
    const maxLines = c.maxLines ?? 1;
    const cell = cellText(cells[i]);
    if (maxLines > 1 && !cell.chip) h = Math.max(h, wrappedHeight(doc, cell.text, widths[i] - 2 * padX, { size: fontSize, bold: cell.bold }, maxLines));
  });
  return h + 2 * padY;
}

/** How many of these data rows drawTable fits, with its header row, in `space` points (wrapped rows measured as drawn). */
export function dataRowsThatFit(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  columns: readonly TableColumn[],
  rows: readonly Cell[][],
  space: number,
  options: TableOptions = {},
): number {
  const fontSize = options.fontSize ?? TYPE.table;
  const padding = { fontSize, padX: options.paddingX ?? 5, padY: options.paddingY ?? 3.2 };
  const widths = resolveColumnWidths(columns.map((c) => c.width), layout.frame.width);
  let left = space - tableMetrics(doc, options).headerHeight;
  let count = 0;
  for (const cells of rows) {
    left -= dataRowHeight(doc, columns, widths, cells, padding);
    if (left < 0) break;
    count++;
  }
  return count;
}

export function drawTable(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  columns: readonly TableColumn[],
  rows: Iterable<TableRow>,
  options: TableOptions = {},
): void {
  const { frame, colors } = layout;
  const fontSize = options.fontSize ?? TYPE.table;
  const padX = options.paddingX ?? 5;
  const padY = options.paddingY ?? 3.2;
  const widths = resolveColumnWidths(columns.map((c) => c.width), frame.width);
  const xs = widths.map((_, i) => frame.left + widths.slice(0, i).reduce((a, b) => a + b, 0));

  doc.font(FONT.regular).fontSize(fontSize);
  const lineHeight = doc.currentLineHeight(true);
  const headerSize = fontSize - 0.5;
  const headerHeight = headerSize + 2 * padY + 5;
  const groupHeight = TYPE.h3 + 2 * padY + 5;
  const singleLineRow = columns.every((c) => (c.maxLines ?? 1) === 1);

  const rowHeight = (row: TableRow): number => {
    switch (row.type) {
      case 'group':
        return groupGeometryOnce(row, false).h;
      case 'note': {
        const text = row.label ? `${row.label} ${row.text}` : row.text;
        return wrappedHeight(doc, text, frame.width - 2 * padX - 10, { size: fontSize - 0.5 }, 4) + 2 * padY;
      }
      case 'data':
        return singleLineRow ? lineHeight + 2 * padY : dataRowHeight(doc, columns, widths, row.cells, { fontSize, padX, padY });
    }
  };

  const drawHeader = (): void => {
    const y = doc.y;
    doc.rect(frame.left, y, frame.width, headerHeight).fill(tint(colors.primary, 0.9));
    doc.rect(frame.left, y + headerHeight - 1.2, frame.width, 1.2).fill(colors.primary);
    columns.forEach((c, i) => {
      drawLine(doc, c.header.toUpperCase(), xs[i] + padX, y + padY + 1.5, widths[i] - 2 * padX, {
        size: headerSize,
        bold: true,
        color: colors.primary,
        align: c.align,
        characterSpacing: 0.2,
      });
    });
    doc.y = y + headerHeight;
  };

  let group: Extract<TableRow, { type: 'group' }> | null = null;
  let zebra = false;

  type GroupRow = Extract<TableRow, { type: 'group' }>;
  const groupTitleSize = TYPE.h3;

  /** Where a group band's parts go; its title wraps to a second line rather than losing words. */
  const groupGeometry = (row: GroupRow, continued: boolean) => {
    const chips = row.chips ?? [];
    const chipWidths = chips.map((c) => chipWidth(doc, c.text, TYPE.small));
    const chipsWidth = chipWidths.reduce((a, b) => a + b + 4, 0);
    let tx = frame.left + padX + 4;
    if (row.lead) {
      doc.font(FONT.bold).fontSize(groupTitleSize);
      tx += Math.max(doc.widthOfString(row.lead) + 10, 44);
    }
    const title = continued ? `${row.title} (continued)` : row.title;
    const titleWidth = frame.right - padX - chipsWidth - tx - 8;
    const titleHeight = wrappedHeight(doc, title, titleWidth, { size: groupTitleSize, bold: true }, 2);
    doc.font(FONT.bold).fontSize(groupTitleSize);
    const oneLine = doc.currentLineHeight(true);
    const h = titleHeight > oneLine * 1.5 ? titleHeight + 2 * padY + 3 : groupHeight;
    return { chips, chipWidths, chipsWidth, tx, title, titleWidth, h };
  };

  // A group's geometry is worked out for its height, then again to draw it: kept from one to the other.
  let measuredGroup: { row: GroupRow; geometry: ReturnType<typeof groupGeometry> } | null = null;
  const groupGeometryOnce = (row: GroupRow, continued: boolean) => {
    if (continued) return groupGeometry(row, true);
    if (measuredGroup?.row !== row) measuredGroup = { row, geometry: groupGeometry(row, false) };
    return measuredGroup.geometry;
  };

  const drawGroup = (row: GroupRow, continued: boolean): void => {
    const y = doc.y;
    const { chips, chipWidths, chipsWidth, tx, title, titleWidth, h } = groupGeometryOnce(row, continued);
    doc.rect(frame.left, y, frame.width, h).fill(tint(colors.primary, 0.95));
    doc.rect(frame.left, y, 2.5, h).fill(colors.primary);
    let x = frame.right - padX - chipsWidth + 4;
    const firstLineMiddle = y + groupHeight / 2;
    chips.forEach((c, i) => {
      chip(doc, c.text, x, firstLineMiddle - (TYPE.small + 5) / 2, c.color, { size: TYPE.small });
      x += chipWidths[i] + 4;
    });
    const textY = firstLineMiddle - groupTitleSize / 2 - 1;
    if (row.lead) drawLine(doc, row.lead, frame.left + padX + 4, textY, 60, { size: groupTitleSize, bold: true, color: colors.primary });
    if (h === groupHeight) drawLine(doc, title, tx, textY, titleWidth, { size: groupTitleSize, bold: true, color: colors.text });
    else drawWrapped(doc, title, tx, textY, titleWidth, { size: groupTitleSize, bold: true, color: colors.text, maxLines: 2 });
    doc.y = y + h;
    if (!continued) options.onGroup?.(row, y);
  };

  const drawRow = (row: TableRow, height: number): void => {
    const y = doc.y;
    switch (row.type) {
      case 'group':
        drawGroup(row, false);
        zebra = false;
        return;
      case 'note':
        if (row.label) {
          doc.font(FONT.bold).fontSize(fontSize - 0.5);
          const lw = doc.widthOfString(row.label) + 4;
          drawLine(doc, row.label, frame.left + padX + 6, y + padY, lw, { size: fontSize - 0.5, bold: true, color: colors.muted });
          drawWrapped(doc, row.text, frame.left + padX + 6 + lw, y + padY, frame.width - 2 * padX - 10 - lw, {
            size: fontSize - 0.5,
            color: colors.muted,
            maxLines: 4,
          });
        } else {
          drawWrapped(doc, row.text, frame.left + padX + 6, y + padY, frame.width - 2 * padX - 10, { size: fontSize - 0.5, color: colors.muted, maxLines: 4 });
        }
        doc.y = y + height;
        return;
      case 'data':
        if (options.zebra && zebra) doc.rect(frame.left, y, frame.width, height).fill(colors.background);
        zebra = !zebra;
        columns.forEach((c, i) => {
          const cell = cellText(row.cells[i]);
          const width = widths[i] - 2 * padX;
          if (!cell.text) return;
          if (cell.chip) {
            const cw = chipWidth(doc, cell.text, fontSize - 0.5);
            const cx = c.align === 'right' ? xs[i] + widths[i] - padX - cw : c.align === 'center' ? xs[i] + (widths[i] - cw) / 2 : xs[i] + padX;
            chip(doc, cell.text, cx, y + padY - 1.5, cell.chip, { size: fontSize - 0.5 });
            return;
          }
          const style = { size: fontSize, bold: cell.bold, color: cell.color ?? colors.text, align: c.align, truncate: c.truncate };
          if ((c.maxLines ?? 1) > 1) drawWrapped(doc, cell.text, xs[i] + padX, y + padY, width, { ...style, maxLines: c.maxLines });
          else drawLine(doc, cell.text, xs[i] + padX, y + padY, width, style);
        });
        doc
          .moveTo(frame.left, y + height)
          .lineTo(frame.right, y + height)
          .lineWidth(0.4)
          .strokeColor(colors.rule)
          .stroke();
        doc.y = y + height;
        return;
    }
  };

  const breakPage = (): void => {
    addPage(doc, layout);
    drawHeader();
    zebra = false;
  };

  // Rows ahead of a group are measured for the group's keep, then again as rows themselves: kept.
  const heights = new Map<TableRow, number>();
  const heightOf = (row: TableRow): number => {
    let height = heights.get(row);
    if (height === undefined) heights.set(row, (height = rowHeight(row)));
    return height;
  };

  // Rows are read ahead only as far as a group's keep needs: one row, or the rest of its group.
  const iterator = rows[Symbol.iterator]();
  const ahead: TableRow[] = [];
  const peek = (i: number): TableRow | undefined => {
    while (ahead.length <= i) {
      const n = iterator.next();
      if (n.done) return undefined;
      ahead.push(n.value);
    }
    return ahead[i];
  };
  const restOfGroup = (): number => {
    let height = 0;
    for (let i = 0, r = peek(0); r && r.type !== 'group'; r = peek(++i)) height += heightOf(r);
    return height;
  };
  let first = true;
  for (let row = peek(0); row; row = peek(0)) {
    ahead.shift();
    const h = heightOf(row);
    heights.delete(row);
    const next = peek(0);
    // A group keeps its next row (and, after a note, roughly one data row) on its page; or all its rows, asked to and when they fit on a page.
    let keep = 0;
    if (row.type === 'group' && next) keep = heightOf(next) + (next.type === 'note' ? lineHeight + 2 * padY : 0);
    if (row.type === 'group' && options.keepGroupsTogether && !first) {
      const whole = restOfGroup();
      if (headerHeight + h + whole <= frame.bottom - frame.top) keep = Math.max(keep, whole);
    }
    const need = h + keep + (first ? headerHeight : 0);
    const decision = pageBreakDecision(doc.y, need, frame);
    if (first) {
      if (decision !== 'fits' && doc.y > frame.top + 0.5) addPage(doc, layout);
      drawHeader();
      first = false;
    } else if (decision === 'new_page') {
      breakPage();
      if (row.type !== 'group' && group) drawGroup(group, true);
    }
    if (row.type === 'group') group = row;
    drawRow(row, h);
  }
  if (first) {
    // No rows: the header alone would say nothing; the caller prints its own "none" line.
    return;
  }
  doc.y += 6;
}
