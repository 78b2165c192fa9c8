/**
 * Pure layout arithmetic for the drawing toolkit: no pdfkit here, so every decision (page breaks,
 * column widths, truncation, bar lengths, heat-map paging, colours) is table-tested. Text width
 * comes in as a `measure` function (doc.widthOfString in the renderers).
 */
import type { CoverageCell } from '../../compliance/rules/coverage-grid';

export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export function contentFrame(page: { width: number; height: number; margins: { top: number; right: number; bottom: number; left: number } }): Frame {
  const { width, height, margins } = page;
  const frame = {
    left: margins.left,
    top: margins.top,
    right: width - margins.right,
    bottom: height - margins.bottom,
    width: width - margins.left - margins.right,
    height: height - margins.top - margins.bottom,
  };
  if (frame.width <= 0 || frame.height <= 0) throw new RangeError(`The margins leave no room on a ${width} x ${height} page.`);
  return frame;
}

/** Floating-point slack: a block that ends a hair below the bottom still fits. */
const EPSILON = 0.01;

/**
 * Where a block of `height` goes when the cursor is at `y`:
 * - fits: on this page;
 * - new_page: on the next page (it fits on an empty one);
 * - oversize: taller than an empty page; the caller clips it (on a fresh page unless already at the top).
 */
export type BreakDecision = 'fits' | 'new_page' | 'oversize';

export function pageBreakDecision(y: number, height: number, frame: Pick<Frame, 'top' | 'bottom'>): BreakDecision {
  if (!(height >= 0)) throw new RangeError(`A block height must be 0 or more (got ${height}).`);
  if (y + height <= frame.bottom + EPSILON) return 'fits';
  if (height > frame.bottom - frame.top + EPSILON) return 'oversize';
  return 'new_page';
}

/** A column width: points, or a share of what the fixed columns leave. */
export type ColumnWidth = number | { flex: number };

export function resolveColumnWidths(widths: readonly ColumnWidth[], total: number): number[] {
  const fixed = widths.reduce<number>((sum, w) => sum + (typeof w === 'number' ? w : 0), 0);
  const flex = widths.reduce<number>((sum, w) => sum + (typeof w === 'number' ? 0 : w.flex), 0);
  for (const w of widths) {
    if (typeof w === 'number' ? !(w > 0) : !(w.flex > 0)) throw new RangeError(`Column widths must be positive (got ${JSON.stringify(w)}).`);
  }
  const left = total - fixed;
  if (left < -EPSILON || (flex > 0 && left <= 0)) {
    throw new RangeError(`Fixed columns take ${fixed}pt of ${total}pt${flex > 0 ? ', leaving nothing for the flexible ones' : ''}.`);
  }
  if (flex === 0 && Math.abs(left) > EPSILON) {
    // No flexible column: scale the fixed ones so the table spans the frame exactly.
    return widths.map((w) => ((w as number) * total) / fixed);
  }
  return widths.map((w) => (typeof w === 'number' ? w : (left * w.flex) / flex));
}

export type Measure = (text: string) => number;

/** The longest prefix of `text` (plus an ellipsis) that fits `maxWidth`; the text itself when it fits. */
export function truncateToWidth(text: string, maxWidth: number, measure: Measure, ellipsis = '…'): string {
  if (measure(text) <= maxWidth) return text;
  if (measure(ellipsis) > maxWidth) return '';
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  // Largest n with measure(first n chars + ellipsis) <= maxWidth.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + ellipsis) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ellipsis;
}

/**
 * Cuts the middle of `text` so it fits, keeping the end (a file name's extension and suffix):
 * 'use-of-force-analysis-2024-final.pdf' -> 'use-of-force-an…24-final.pdf'.
 */
export function truncateMiddle(text: string, maxWidth: number, measure: Measure, ellipsis = '…'): string {
  if (measure(text) <= maxWidth) return text;
  if (measure(ellipsis) > maxWidth) return '';
  const chars = [...text];
  let best = ellipsis;
  let lo = 0;
  let hi = chars.length - 1;
  while (lo <= hi) {
    const keep = Math.floor((lo + hi) / 2);
    const tail = Math.min(Math.ceil(keep * 0.45), 16);
    const candidate = chars.slice(0, keep - tail).join('') + ellipsis + chars.slice(chars.length - tail).join('');
    if (measure(candidate) <= maxWidth) {
      best = candidate;
      lo = keep + 1;
    } else hi = keep - 1;
  }
  return best;
}

/** The length of a bar for `value` on an axis from 0 to `max` drawn `length` long, clamped to the axis. */
export function scaleBar(value: number, max: number, length: number): number {
  if (!(max > 0) || !(length >= 0)) throw new RangeError(`A bar axis needs max > 0 and length >= 0 (got ${max}, ${length}).`);
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(value, max) / max * length;
}

/** Compliant share in percent, rounded down to one decimal like readinessVerdict(); null when nothing applies. */
export function compliancePercent({ applicable, compliant }: { applicable: number; compliant: number }): number | null {
  if (applicable === 0) return null;
  return Math.floor((compliant * 1000) / applicable) / 10;
}

export function formatPercent(percent: number | null): string {
  if (percent === null) return 'n/a';
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}%`;
}

/** Splits `count` items over pages: `first` fit on the first (partial) page, `perPage` on each later one. */
export function paginate(count: number, first: number, perPage: number): number[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Cannot paginate ${count} items.`);
  if (!(perPage >= 1)) throw new RangeError(`At least one item must fit on a page (got ${perPage}).`);
  const pages: number[] = [];
  let left = count;
  const head = Math.max(0, Math.floor(first));
  if (head > 0 && left > 0) {
    pages.push(Math.min(head, left));
    left -= pages[0];
  }
  const per = Math.floor(perPage);
  while (left > 0) {
    const n = Math.min(per, left);
    pages.push(n);
    left -= n;
  }
  return pages;
}

export interface HeatMapGeometry {
  rows: number;
  /** Rows that fit in a column on the first page (after the heading and the legend) and on later pages. */
  firstRowsPerColumn: number;
  rowsPerColumn: number;
  /** Column blocks across the page. */
  columns: number;
}

/** One column block of the heat map: rows [from, to) on page `page` (0 = the first), column `column`. */
export interface HeatMapSlice {
  page: number;
  column: number;
  from: number;
  to: number;
}

/**
 * Lays rows out down columns, then across, then over pages. On the last page the rows are spread
 * over every column (86 rows in 4 columns of 22, not 75 and 11), so the grid ends square; a
 * column keeps at least `minRows` rows (or all that fit) so a short tail does not scatter.
 */
export function heatMapSlices({ rows, firstRowsPerColumn, rowsPerColumn, columns }: HeatMapGeometry, minRows = 12): HeatMapSlice[] {
  if (!(columns >= 1) || !(rowsPerColumn >= 1)) throw new RangeError('A heat map needs at least one column and one row per column.');
  const slices: HeatMapSlice[] = [];
  let start = 0;
  let page = 0;
  while (start < rows) {
    const perColumn = page === 0 ? Math.floor(firstRowsPerColumn) : Math.floor(rowsPerColumn);
    if (perColumn < 1) {
      page++;
      continue;
    }
    const left = rows - start;
    const lastPage = left <= perColumn * columns;
    // The last page's rows are spread evenly over as many columns as hold minRows each (13 rows: one column, not 12 and 1).
    const columnsUsed = Math.min(columns, Math.max(1, Math.floor(left / minRows)));
    const height = lastPage ? Math.min(perColumn, Math.ceil(left / columnsUsed)) : perColumn;
    for (let column = 0; column < columns && start < rows; column++) {
      const to = Math.min(rows, start + height);
      slices.push({ page, column, from: start, to });
      start = to;
    }
    page++;
  }
  return slices;
}

export interface HeatPalette {
  present: string;
  missing: string;
  notRequired: string;
}

export function heatMapColour(cell: CoverageCell, palette: HeatPalette): string {
  switch (cell) {
    case 'present':
      return palette.present;
    case 'missing':
      return palette.missing;
    case 'not_required':
      return palette.notRequired;
  }
}

function parseHex(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new RangeError(`Not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (rgb: number[]): string => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** Mixes `hex` with white: 0 keeps the colour, 1 gives white. For light fills behind text. */
export function tint(hex: string, amount: number): string {
  if (!(amount >= 0 && amount <= 1)) throw new RangeError(`A tint amount is from 0 to 1 (got ${amount}).`);
  return toHex(parseHex(hex).map((v) => v + (255 - v) * amount));
}

/** Relative luminance (WCAG), to pick white or dark text over a fill. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White on dark fills, `dark` on light ones (the better WCAG contrast). */
export function textOn(fill: string, dark = '#1f2933'): string {
  const l = luminance(fill);
  const contrastWhite = 1.05 / (l + 0.05);
  const contrastDark = (l + 0.05) / (luminance(dark) + 0.05);
  return contrastWhite >= contrastDark ? '#ffffff' : dark;
}

/** Rows that fit a height, given a row height (at least 0). */
export function rowsThatFit(available: number, rowHeight: number): number {
  if (!(rowHeight > 0)) throw new RangeError(`A row height must be positive (got ${rowHeight}).`);
  return Math.max(0, Math.floor((available + EPSILON) / rowHeight));
}
