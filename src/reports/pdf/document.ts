import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { DateStyle, ReportTemplate, TemplateColors } from '../report-template';
import { contentFrame, Frame, pageBreakDecision, truncateToWidth } from './layout';

/**
 * The document factory and the page-level helpers every drawing function shares.
 *
 * Fonts: DejaVu Sans (regular and bold) from the dejavu-fonts-ttf package, embedded as subsets
 * with a ToUnicode map, so pdftotext and copy-paste get the real text. pdfkit's built-in
 * Helvetica is never loaded (the constructor's default font is DejaVu too).
 *
 * Pages are buffered (bufferPages) so the running header and "Page X of Y" are stamped once the
 * page count is known, and the table of contents is filled in place; the PDF bytes are produced
 * when the document ends and flow to whatever the caller piped it to.
 */

export function fontFiles(): { regular: string; bold: string } {
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return { regular: join(dir, 'DejaVuSans.ttf'), bold: join(dir, 'DejaVuSans-Bold.ttf') };
}

/**
 * Fonts are selected by their file path, not by a registerFont() alias: pdfkit caches an opened
 * font under the key it was first asked for, and an alias of a font it already knows under
 * another key is re-read and re-parsed on every doc.font() call (ten times slower reports).
 */
export const FONT = fontFiles();

/** Type sizes (points), one scale for all reports. */
export const TYPE = {
  display: 26,
  h1: 17,
  h2: 12,
  h3: 10,
  body: 9,
  table: 7.5,
  small: 7,
  tiny: 6,
} as const;

/** What every drawing function gets besides the document: the frame, the colours and the date style. */
export interface ReportLayout {
  frame: Frame;
  page: { width: number; height: number; margins: { top: number; right: number; bottom: number; left: number } };
  colors: TemplateColors;
  dateStyle: DateStyle;
  timeZone: string;
}

export interface DocumentMeta {
  title: string;
  subject: string;
  author: string;
  keywords?: string;
  creationDate: Date;
}

/** A parsed font as pdfkit holds it (a fontkit font); opaque here. */
type ParsedFont = object;

let parsed: { regular: ParsedFont; bold: ParsedFont } | null | undefined;

/**
 * DejaVu Sans regular and bold, parsed once per thread and shared by every document: pdfkit
 * otherwise reads and parses each font file for every new document (tens of milliseconds, a good
 * part of a short report), and the shared font keeps its glyph and layout caches warm. Each
 * document still embeds its own subset. The parsed font is taken from a probe document (pdfkit
 * keeps it as `_font.font`); should a pdfkit version not, documents open the files as before.
 */
function parsedFonts(): { regular: ParsedFont; bold: ParsedFont } | null {
  if (parsed !== undefined) return parsed;
  const probe = new PDFDocument({ autoFirstPage: false, font: FONT.regular });
  const internal = probe as unknown as { _font?: { font?: { layout?: unknown } } };
  const regular = internal._font?.font;
  probe.font(FONT.bold);
  const bold = internal._font?.font;
  parsed = regular && bold && typeof regular.layout === 'function' && typeof bold.layout === 'function' ? { regular, bold } : null;
  return parsed;
}

export function createReportDocument(template: ReportTemplate, meta: DocumentMeta, timeZone = 'UTC'): { doc: PDFKit.PDFDocument; layout: ReportLayout } {
  const { width, height, margins } = template.page;
  const fonts = parsedFonts();
  const doc = new PDFDocument({
    size: [width, height],
    margins,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: '1.7',
    // With shared fonts, none is opened here: they are registered under their paths first, so every
    // doc.font(FONT.x) finds the same cached font (a second key for a font pdfkit already has would
    // make it re-open the font on every call).
    font: (fonts ? null : FONT.regular) as string,
    displayTitle: true,
    lang: 'en-US',
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords,
      Creator: 'CALEA accreditation tracker',
      Producer: 'CALEA accreditation tracker (pdfkit)',
      CreationDate: meta.creationDate,
      ModDate: meta.creationDate,
    },
  });
  if (fonts) {
    doc.registerFont(FONT.regular, fonts.regular as Buffer);
    doc.registerFont(FONT.bold, fonts.bold as Buffer);
  }
  batchPageContent(doc);
  skipRepeatedColours(doc);
  doc.font(FONT.regular).fontSize(TYPE.body).fillColor(template.colors.text);
  const layout: ReportLayout = {
    frame: contentFrame(template.page),
    page: template.page,
    colors: template.colors,
    dateStyle: template.dateStyle,
    timeZone,
  };
  return { doc, layout };
}

/** A page's content stream as pdfkit holds it (a PDFReference; not in its type declarations). */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/** Pending operators are turned into bytes once they reach this many characters. */
const CONTENT_BATCH = 16 * 1024;

/**
 * pdfkit turns every drawing operator into a Uint8Array of its own as it is written (tens of
 * thousands in a long report), and with buffered pages they all stay alive until the document
 * ends: most of the garbage collector's work on a large report. Here each page collects its
 * operators as text and turns them into bytes in batches, the same bytes in the same order (each
 * operator followed by a newline, Latin-1 as pdfkit writes them). Should a pdfkit version keep its
 * content differently, pages are left as they are.
 */
function batchPageContent(doc: PDFKit.PDFDocument): void {
  const wrap = (page: unknown) => {
    const content = (page as { content?: Partial<ContentStream> } | undefined)?.content;
    if (!content || typeof content.write !== 'function' || typeof content.finalize !== 'function') return;
    const write = content.write.bind(content);
    const finalize = content.finalize.bind(content);
    let pending: string[] = [];
    let length = 0;
    const flush = () => {
      if (pending.length === 0) return;
      pending.push('');
      write(Buffer.from(pending.join('\n'), 'latin1'));
      pending = [];
      length = 0;
    };
    content.write = (chunk: string | Uint8Array) => {
      if (typeof chunk !== 'string') {
        flush();
        write(chunk);
        return;
      }
      pending.push(chunk);
      length += chunk.length + 1;
      if (length >= CONTENT_BATCH) flush();
    };
    content.finalize = () => {
      flush();
      finalize();
    };
  };
  wrap(doc.page);
  doc.on('pageAdded', () => wrap(doc.page));
}

/**
 * Every line of text sets its fill colour, and every table rule its stroke colour, mostly to the
 * colour already in force. pdfkit writes each one out again (parsing the colour every time); here a
 * colour already set on the current page is not written again. What is in force is tracked through
 * save/restore, and forgotten on another page, so the page looks exactly the same.
 */
function skipRepeatedColours(doc: PDFKit.PDFDocument): void {
  type Colours = { page: unknown; fill: unknown; stroke: unknown };
  const current: Colours = { page: null, fill: null, stroke: null };
  const saved: Colours[] = [];
  type Method = (...args: unknown[]) => PDFKit.PDFDocument;
  const self = doc as unknown as Record<'fillColor' | 'strokeColor' | 'save' | 'restore', Method>;
  const fillColor = self.fillColor.bind(doc);
  const strokeColor = self.strokeColor.bind(doc);
  const save = self.save.bind(doc);
  const restore = self.restore.bind(doc);
  const known = (colour: unknown, which: 'fill' | 'stroke', opacity: unknown) =>
    typeof colour === 'string' && opacity === undefined && current.page === doc.page && current[which] === colour;
  const remember = (colour: unknown, which: 'fill' | 'stroke') => {
    if (current.page !== doc.page) {
      current.page = doc.page;
      current.fill = null;
      current.stroke = null;
    }
    current[which] = typeof colour === 'string' ? colour : null;
  };
  self.fillColor = (colour: unknown, opacity?: unknown) => {
    if (known(colour, 'fill', opacity)) return doc;
    fillColor(colour, opacity);
    remember(colour, 'fill');
    return doc;
  };
  self.strokeColor = (colour: unknown, opacity?: unknown) => {
    if (known(colour, 'stroke', opacity)) return doc;
    strokeColor(colour, opacity);
    remember(colour, 'stroke');
    return doc;
  };
  self.save = () => {
    saved.push({ ...current });
    return save();
  };
  self.restore = () => {
    const before = saved.pop();
    if (before) Object.assign(current, before);
    else Object.assign(current, { page: null, fill: null, stroke: null });
    return restore();
  };
}

/** Index (0-based) of the page being drawn. */
export function currentPageIndex(doc: PDFKit.PDFDocument): number {
  const { start, count } = doc.bufferedPageRange();
  return start + count - 1;
}

/** Pages so far (or in total, once ended). */
export function pageCount(doc: PDFKit.PDFDocument): number {
  const { start, count } = doc.bufferedPageRange();
  return start + count;
}

export function addPage(doc: PDFKit.PDFDocument, layout: ReportLayout): void {
  doc.addPage();
  doc.x = layout.frame.left;
  doc.y = layout.frame.top;
}

/** Starts a new page unless the cursor is already at the top of an empty one. */
export function startNewPage(doc: PDFKit.PDFDocument, layout: ReportLayout): void {
  if (doc.y > layout.frame.top + 0.5) addPage(doc, layout);
  else doc.x = layout.frame.left;
}

/**
 * Makes room for a block of `height` at the cursor: a new page when it does not fit here but
 * would on an empty page. Returns true when it broke the page.
 */
export function ensureSpace(doc: PDFKit.PDFDocument, layout: ReportLayout, height: number): boolean {
  switch (pageBreakDecision(doc.y, height, layout.frame)) {
    case 'fits':
      return false;
    case 'new_page':
      addPage(doc, layout);
      return true;
    case 'oversize':
      if (doc.y > layout.frame.top + 0.5) {
        addPage(doc, layout);
        return true;
      }
      return false;
  }
}

/** Space left on this page below the cursor. */
export function spaceLeft(doc: PDFKit.PDFDocument, layout: ReportLayout): number {
  return layout.frame.bottom - doc.y;
}

export interface PageFurniture {
  /** Running header, left: the department (or the footprint). */
  headerLeft: string;
  /** Running header, right: the generation time. */
  headerRight: string;
  /** Footer, left: the template's footer text. */
  footerLeft: string;
  /** Pages without the running header (the cover). */
  skipHeaderOn: ReadonlySet<number>;
}

/**
 * Stamps the running header and "Page X of Y" on every buffered page, once all pages exist. The
 * bottom margin is lifted while writing in it, or pdfkit would start a new page for the footer.
 */
export function stampPageFurniture(doc: PDFKit.PDFDocument, layout: ReportLayout, furniture: PageFurniture): void {
  const { start, count } = doc.bufferedPageRange();
  const total = start + count;
  const { frame, colors, page } = layout;
  // One line each, shortened by hand and drawn without a width: pdfkit never wraps them.
  const line = (text: string, x: number, y: number, width: number, align: 'left' | 'right') => {
    const shown = truncateToWidth(text, width, (s) => doc.widthOfString(s));
    const dx = align === 'right' ? width - doc.widthOfString(shown) : 0;
    doc.text(shown, x + dx, y, { lineBreak: false });
  };
  for (let i = start; i < total; i++) {
    doc.switchToPage(i);
    const saved = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    if (!furniture.skipHeaderOn.has(i)) {
      const y = Math.max(14, page.margins.top - 26);
      doc.font(FONT.regular).fontSize(TYPE.small).fillColor(colors.muted);
      const rightWidth = Math.min(doc.widthOfString(furniture.headerRight) + 1, frame.width * 0.55);
      line(furniture.headerRight, frame.right - rightWidth, y, rightWidth, 'right');
      doc.font(FONT.bold).fontSize(TYPE.small).fillColor(colors.primary);
      line(furniture.headerLeft, frame.left, y, frame.width - rightWidth - 16, 'left');
      doc
        .moveTo(frame.left, y + 12)
        .lineTo(frame.right, y + 12)
        .lineWidth(0.6)
        .strokeColor(colors.rule)
        .stroke();
    }
    const fy = page.height - page.margins.bottom + Math.min(18, page.margins.bottom / 2 - 4);
    doc
      .moveTo(frame.left, fy - 6)
      .lineTo(frame.right, fy - 6)
      .lineWidth(0.6)
      .strokeColor(colors.rule)
      .stroke();
    const pageLabel = `Page ${i + 1} of ${total}`;
    doc.font(FONT.bold).fontSize(TYPE.small).fillColor(colors.primary);
    const labelWidth = doc.widthOfString(pageLabel) + 1;
    line(pageLabel, frame.right - labelWidth, fy, labelWidth, 'right');
    if (furniture.footerLeft) {
      doc.font(FONT.regular).fontSize(TYPE.small).fillColor(colors.muted);
      line(furniture.footerLeft, frame.left, fy, frame.width - labelWidth - 16, 'left');
    }
    doc.page.margins = saved;
  }
}
