import { ensureSpace, FONT, ReportLayout, TYPE } from './document';
import { textOn, tint, truncateMiddle, truncateToWidth } from './layout';

/** Text primitives: single lines that never wrap or spill, headings that keep with what follows, chips. */

export type Align = 'left' | 'center' | 'right';

export interface LineStyle {
  size: number;
  bold?: boolean;
  color: string;
  align?: Align;
  /** How to shorten text wider than the box: cut the end (default) or the middle (file names). */
  truncate?: 'end' | 'middle';
  characterSpacing?: number;
}

function setFont(doc: PDFKit.PDFDocument, style: Pick<LineStyle, 'size' | 'bold' | 'color'>): void {
  doc.font(style.bold ? FONT.bold : FONT.regular).fontSize(style.size).fillColor(style.color);
}

// ---------------------------------------------------------------------------------------------
// Fast measuring. doc.widthOfString() shapes the text with fontkit (kerning, ligatures): exact,
// but most of a large report's drawing time went into it, mostly for strings that obviously fit
// and for the candidates of a truncation search, each a new string. An estimate from per-character
// advance widths (cached per font) settles the obvious cases and drives the searches; every
// decision that could go either way is still taken on the exact width.
// ---------------------------------------------------------------------------------------------

/** pdfkit's current font and size (not in its type declarations). */
interface FontState {
  _font?: { name?: string };
  _fontSize?: number;
}

/** Advance width of each character at size 1000, per font: by UTF-16 code below U+10000 (0 = not yet known), else by character. */
const CHAR_WIDTHS = new Map<string, { bmp: Float64Array; astral: Map<string, number> }>();

/**
 * The estimate errs on the wide side of shaping (kerning and ligatures narrow a run), so a text
 * whose estimate is under this share of the room certainly fits.
 */
const SURE_FIT = 0.97;

/** Width of `text` in the current font and size from per-character advances, without shaping. */
export function estimateWidth(doc: PDFKit.PDFDocument, text: string, characterSpacing = 0): number {
  const state = doc as unknown as FontState;
  const size = state._fontSize ?? 12;
  const name = state._font?.name;
  if (!name) return doc.widthOfString(text, { characterSpacing });
  let widths = CHAR_WIDTHS.get(name);
  if (!widths) CHAR_WIDTHS.set(name, (widths = { bmp: new Float64Array(0x10000), astral: new Map<string, number>() }));
  const { bmp, astral } = widths;
  const measure = (ch: string) => (doc.widthOfString(ch) * 1000) / size;
  let total = 0;
  let count = 0;
  // Character by character (a surrogate pair is one), as for...of would, without a string per character.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let w: number;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const ch = text.slice(i, i + 2);
      i++;
      let known = astral.get(ch);
      if (known === undefined) astral.set(ch, (known = measure(ch)));
      w = known;
    } else {
      w = bmp[code];
      // A zero is also what a known zero-width character holds: measured again, which is harmless.
      if (w === 0) bmp[code] = w = measure(text[i]);
    }
    total += w;
    count++;
  }
  return (total * size) / 1000 + characterSpacing * Math.max(0, count - 1);
}

/** Whether `text` fits `width` in the current font: by the estimate when clear, else measured. */
export function fitsWidth(doc: PDFKit.PDFDocument, text: string, width: number, characterSpacing = 0): boolean {
  if (estimateWidth(doc, text, characterSpacing) <= width * SURE_FIT) return true;
  return doc.widthOfString(text, { characterSpacing }) <= width;
}

/** Shortens `text` to `width` with the current font. */
export function fitToWidth(doc: PDFKit.PDFDocument, text: string, width: number, mode: 'end' | 'middle' = 'end', characterSpacing = 0): string {
  if (fitsWidth(doc, text, width, characterSpacing)) return text;
  const exact = (s: string) => doc.widthOfString(s, { characterSpacing });
  const truncate = mode === 'middle' ? truncateMiddle : truncateToWidth;
  // Searched on the estimate, then checked exactly; a candidate the estimate let through too wide
  // sends the search back with the room narrowed by the overshoot.
  let room = width;
  for (let attempt = 0; attempt < 3; attempt++) {
    const candidate = truncate(text, room, (s) => estimateWidth(doc, s, characterSpacing));
    const over = candidate ? exact(candidate) - width : 0;
    if (over <= 0) return candidate;
    room -= over + 0.25;
  }
  return truncate(text, width, exact);
}

/** One line at (x, y) inside `width`, shortened with an ellipsis when needed; does not move the cursor. */
export function drawLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, style: LineStyle): void {
  setFont(doc, style);
  const shown = fitToWidth(doc, text, width, style.truncate, style.characterSpacing);
  if (!shown) return;
  // Aligned by hand and drawn without a width: pdfkit's line wrapper never runs, so the text
  // cannot wrap (a measured fit plus character spacing can round the other way) or break the page.
  const align = style.align ?? 'left';
  const w = align === 'left' ? 0 : doc.widthOfString(shown, { characterSpacing: style.characterSpacing });
  const dx = align === 'right' ? width - w : align === 'center' ? (width - w) / 2 : 0;
  const { x: saveX, y: saveY } = doc;
  // textWidth and wordCount: pdfkit measures the text again (a layout) only to size links and
  // underlines, which a plain line has none of; given them, it skips that measuring.
  doc.text(shown, x + dx, y, { lineBreak: false, characterSpacing: style.characterSpacing, ...PLAIN_LINE });
  doc.x = saveX;
  doc.y = saveY;
}

/** pdfkit text options (not in its type declarations) that spare the measuring of a line without link or underline. */
const PLAIN_LINE = { textWidth: 0, wordCount: 0 } as PDFKit.Mixins.TextOptions;

/**
 * Many short labels known to fit (a chart's values), in one font, size and colour set once, each
 * at its (x, y) and never measured, wrapped or cut; with `upright`, turned a quarter to read
 * bottom to top, starting at (x, y), all under one rotation.
 */
export function drawLabels(doc: PDFKit.PDFDocument, labels: readonly { text: string; x: number; y: number }[], style: { size: number; color: string; upright?: boolean }): void {
  if (labels.length === 0) return;
  const { x: saveX, y: saveY } = doc;
  doc.font(FONT.regular).fontSize(style.size).fillColor(style.color);
  if (style.upright) {
    doc.save();
    // Rotated a quarter turn about the page origin, the page point (x, y) is the point (-y, x).
    doc.rotate(-90, { origin: [0, 0] });
    for (const l of labels) doc.text(l.text, -l.y, l.x, { lineBreak: false, ...PLAIN_LINE });
    doc.restore();
  } else {
    for (const l of labels) doc.text(l.text, l.x, l.y, { lineBreak: false, ...PLAIN_LINE });
  }
  doc.x = saveX;
  doc.y = saveY;
}

/** Height of `text` wrapped to `width` in `style`, capped at `maxLines` lines. */
export function wrappedHeight(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
  style: Pick<LineStyle, 'size' | 'bold'> & { lineGap?: number },
  maxLines = Infinity,
): number {
  doc.font(style.bold ? FONT.bold : FONT.regular).fontSize(style.size);
  const lineHeight = doc.currentLineHeight(true) + (style.lineGap ?? 0);
  const height = fullHeight(doc, text, width, style.lineGap);
  return Math.min(height, lineHeight * maxLines);
}

/** doc.heightOfString(), without running the line wrapper for a text that fits on one line. */
function fullHeight(doc: PDFKit.PDFDocument, text: string, width: number, lineGap: number | undefined): number {
  if (isOneLine(doc, text, width)) return doc.currentLineHeight(true) + (lineGap ?? 0);
  return doc.heightOfString(text, { width, lineGap });
}

/** The text has no line break and fits `width` in the current font. */
function isOneLine(doc: PDFKit.PDFDocument, text: string, width: number): boolean {
  return !/[\n\r\u2028\u2029]/.test(text) && fitsWidth(doc, text, width);
}

/** Wrapped text at (x, y), at most `maxLines` lines (the last one ends in an ellipsis); returns its height. */
export function drawWrapped(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  style: LineStyle & { maxLines?: number; lineGap?: number },
): number {
  setFont(doc, style);
  const lineHeight = doc.currentLineHeight(true) + (style.lineGap ?? 0);
  if (isOneLine(doc, text, width)) {
    // One line: drawn without the line wrapper, at the same place.
    drawLine(doc, text, x, y, width, style);
    return lineHeight;
  }
  const full = doc.heightOfString(text, { width, lineGap: style.lineGap });
  const maxHeight = style.maxLines ? lineHeight * style.maxLines : Infinity;
  const height = Math.min(full, maxHeight);
  const { x: saveX, y: saveY } = doc;
  // Always a height: pdfkit then stops at the box instead of starting a page of its own.
  doc.text(text, x, y, {
    width,
    align: style.align ?? 'left',
    lineGap: style.lineGap,
    height: height + 0.5,
    ellipsis: full > height ? '…' : undefined,
  });
  doc.x = saveX;
  doc.y = saveY;
  return height;
}

/** A paragraph in the frame at the cursor; breaks the page when it does not fit, and moves the cursor below it. */
export function paragraph(doc: PDFKit.PDFDocument, layout: ReportLayout, text: string, style: Partial<LineStyle> & { gapAfter?: number; lineGap?: number } = {}): void {
  const s: LineStyle & { lineGap?: number } = { size: TYPE.body, color: layout.colors.text, ...style };
  const height = wrappedHeight(doc, text, layout.frame.width, s);
  ensureSpace(doc, layout, height);
  const h = drawWrapped(doc, text, layout.frame.left, doc.y, layout.frame.width, s);
  doc.y += h + (style.gapAfter ?? 6);
}

/**
 * A section heading at the cursor, kept on the same page as the first `keepWithNext` points of
 * what follows. Level 1 carries a short accent rule; `eyebrow` is a small capitalised label above.
 * Returns the heading's top (for a destination).
 */
export function heading(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  text: string,
  options: { level?: 1 | 2 | 3; keepWithNext?: number; eyebrow?: string } = {},
): number {
  const { colors, frame } = layout;
  const level = options.level ?? 1;
  const size = level === 1 ? TYPE.h1 : level === 2 ? TYPE.h2 : TYPE.h3;
  doc.font(FONT.bold).fontSize(size);
  const lineHeight = doc.currentLineHeight(true);
  const eyebrowHeight = options.eyebrow ? 12 : 0;
  const ruleHeight = level === 1 ? 10 : 4;
  const before = doc.y > frame.top + 0.5 ? (level === 1 ? 14 : 10) : 0;
  const total = before + eyebrowHeight + lineHeight + ruleHeight;
  ensureSpace(doc, layout, total + (options.keepWithNext ?? 24));
  if (doc.y > frame.top + 0.5) doc.y += before;
  const top = doc.y;
  if (options.eyebrow) {
    drawLine(doc, options.eyebrow.toUpperCase(), frame.left, doc.y, frame.width, { size: TYPE.small, bold: true, color: colors.accent, characterSpacing: 0.8 });
    doc.y += eyebrowHeight;
  }
  drawLine(doc, text, frame.left, doc.y, frame.width, { size, bold: true, color: level === 3 ? colors.text : colors.primary });
  doc.y += lineHeight;
  if (level === 1) {
    doc.rect(frame.left, doc.y + 2, 36, 2.5).fill(colors.accent);
    doc.y += ruleHeight;
  } else doc.y += ruleHeight;
  return top;
}

/** A rounded label with a light fill in `color` and the text in `color`; returns its width. */
export function chip(doc: PDFKit.PDFDocument, text: string, x: number, y: number, color: string, options: { size?: number; solid?: boolean } = {}): number {
  const size = options.size ?? TYPE.small;
  doc.font(FONT.bold).fontSize(size);
  const width = doc.widthOfString(text) + size * 1.4;
  const height = size + 5;
  const fill = options.solid ? color : tint(color, 0.86);
  doc.roundedRect(x, y, width, height, height / 2).fill(fill);
  doc.fillColor(options.solid ? textOn(color) : color);
  // Centred by hand (the padding is the same on both sides): with a width, pdfkit would run its line wrapper.
  const { x: saveX, y: saveY } = doc;
  doc.text(text, x + size * 0.7, y + 2.6, { lineBreak: false });
  doc.x = saveX;
  doc.y = saveY;
  return width;
}

export function chipWidth(doc: PDFKit.PDFDocument, text: string, size: number = TYPE.small): number {
  doc.font(FONT.bold).fontSize(size);
  return doc.widthOfString(text) + size * 1.4;
}

/** Label/value pairs in `columns` columns, the label small and muted above the value. */
export function factGrid(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  facts: readonly { label: string; value: string }[],
  options: { columns?: number; x?: number; width?: number; valueSize?: number } = {},
): void {
  const { colors } = layout;
  const columns = options.columns ?? 2;
  const x0 = options.x ?? layout.frame.left;
  const width = options.width ?? layout.frame.width;
  const gap = 18;
  const colWidth = (width - gap * (columns - 1)) / columns;
  const valueSize = options.valueSize ?? TYPE.body + 1;
  for (let i = 0; i < facts.length; i += columns) {
    const row = facts.slice(i, i + columns);
    const heights = row.map((f) => 12 + wrappedHeight(doc, f.value, colWidth, { size: valueSize }, 2));
    const rowHeight = Math.max(...heights) + 10;
    ensureSpace(doc, layout, rowHeight);
    const y = doc.y;
    row.forEach((f, j) => {
      const x = x0 + j * (colWidth + gap);
      drawLine(doc, f.label.toUpperCase(), x, y, colWidth, { size: TYPE.tiny + 0.5, bold: true, color: colors.muted, characterSpacing: 0.6 });
      drawWrapped(doc, f.value, x, y + 11, colWidth, { size: valueSize, color: colors.text, maxLines: 2 });
    });
    doc.y = y + rowHeight;
  }
}
