import { addPage, currentPageIndex, FONT, ReportLayout, spaceLeft, TYPE } from './document';
import { paginate, rowsThatFit } from './layout';
import { drawLine } from './text';

/**
 * Table of contents and PDF outline, in one pass: the renderer knows its entries before drawing
 * (the template's sections, the chapters or departments of the view model), so reserve() keeps
 * exactly the room they need; mark() records where each one lands, adds a named destination and
 * an outline bookmark; fill() writes titles and page numbers into the reserved room once every
 * page exists (pages are buffered). Entries are links to their destinations.
 */

export interface TocEntry {
  key: string;
  title: string;
  /** 0 = section, 1 = nested (a chapter, a department). */
  level: 0 | 1;
  /** Small text before the title, e.g. the chapter number. */
  lead?: string;
}

/**
 * A report's entries: every section after the cover and the contents, in template order, each
 * followed by the entries nested under it (the file review's chapters, the footprint's departments).
 */
export function sectionEntries(sections: readonly { id: string; title: string }[], nestedUnder: (sectionId: string) => TocEntry[] = () => []): TocEntry[] {
  return sections
    .filter((s) => s.id !== 'cover' && s.id !== 'contents')
    .flatMap((s): TocEntry[] => [{ key: s.id, title: s.title, level: 0 }, ...nestedUnder(s.id)]);
}

interface Position {
  page: number;
  y: number;
}

export const TOC_ROW_HEIGHT = 15;

/** Named destinations must be plain PDF names. */
export function destinationName(key: string): string {
  return `toc-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

export class TableOfContents {
  private readonly slots: Position[] = [];
  private readonly marks = new Map<string, Position>();
  private outlineParent: PDFKit.PDFOutline | null = null;

  constructor(private readonly entries: readonly TocEntry[]) {
    const keys = new Set(entries.map((e) => e.key));
    if (keys.size !== entries.length) throw new Error('Table of contents keys must be unique.');
  }

  get size(): number {
    return this.entries.length;
  }

  /** Keeps room for every entry from the cursor on, over as many pages as needed. */
  reserve(doc: PDFKit.PDFDocument, layout: ReportLayout): void {
    const chunks = paginate(this.entries.length, rowsThatFit(spaceLeft(doc, layout), TOC_ROW_HEIGHT), rowsThatFit(layout.frame.height, TOC_ROW_HEIGHT));
    const firstFits = rowsThatFit(spaceLeft(doc, layout), TOC_ROW_HEIGHT) > 0;
    chunks.forEach((count, i) => {
      if (i > 0 || !firstFits) addPage(doc, layout);
      for (let r = 0; r < count; r++) {
        this.slots.push({ page: currentPageIndex(doc), y: doc.y });
        doc.y += TOC_ROW_HEIGHT;
      }
    });
    doc.x = layout.frame.left;
    doc.y += 6;
  }

  /** The entry `key` starts here: destination, bookmark, and its page number for fill(). */
  mark(doc: PDFKit.PDFDocument, key: string, y: number = doc.y): void {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry) throw new Error(`No table of contents entry "${key}".`);
    if (this.marks.has(key)) return;
    this.marks.set(key, { page: currentPageIndex(doc), y });
    doc.addNamedDestination(destinationName(key), 'XYZ', 0, Math.max(0, y - 12), null);
    if (entry.level === 0 || !this.outlineParent) {
      const item = doc.outline.addItem(entry.title, { expanded: true });
      if (entry.level === 0) this.outlineParent = item;
    } else {
      this.outlineParent.addItem(entry.title);
    }
  }

  /** Page numbers (1-based) of the marked entries, by key. */
  pageNumbers(): Map<string, number> {
    return new Map([...this.marks].map(([key, p]) => [key, p.page + 1]));
  }

  /** Writes the entries into the reserved room; switches pages, so call it once drawing is done. */
  fill(doc: PDFKit.PDFDocument, layout: ReportLayout): void {
    const { frame, colors } = layout;
    this.entries.forEach((entry, i) => {
      const slot = this.slots[i];
      if (!slot) return;
      doc.switchToPage(slot.page);
      const mark = this.marks.get(entry.key);
      const pageText = mark ? String(mark.page + 1) : '–';
      const indent = entry.level === 1 ? 16 : 0;
      const size = entry.level === 0 ? TYPE.body + 1 : TYPE.body;
      const y = slot.y + (TOC_ROW_HEIGHT - size) / 2 - 1;
      doc.font(FONT.bold).fontSize(size);
      const pageWidth = doc.widthOfString(pageText);
      let x = frame.left + indent;
      if (entry.lead) {
        drawLine(doc, entry.lead, x, y, 28, { size, bold: true, color: colors.accent });
        x += 28;
      }
      const titleStyle = { size, bold: entry.level === 0, color: entry.level === 0 ? colors.primary : colors.text };
      const titleMax = frame.right - pageWidth - 30 - x;
      drawLine(doc, entry.title, x, y, titleMax, titleStyle);
      doc.font(entry.level === 0 ? FONT.bold : FONT.regular).fontSize(size);
      const titleEnd = x + Math.min(doc.widthOfString(entry.title), titleMax);
      drawLine(doc, pageText, frame.right - pageWidth - 2, y, pageWidth + 2, { size, bold: true, color: colors.primary, align: 'right' });
      const dotsFrom = titleEnd + 6;
      const dotsTo = frame.right - pageWidth - 8;
      if (dotsTo > dotsFrom) {
        doc
          .moveTo(dotsFrom, y + size - 1)
          .lineTo(dotsTo, y + size - 1)
          .lineWidth(0.8)
          .lineCap('round')
          .dash(0.01, { space: 3 })
          .strokeColor(colors.muted)
          .stroke()
          .undash()
          .lineCap('butt');
      }
      if (mark) doc.goTo(frame.left, slot.y, frame.width, TOC_ROW_HEIGHT, destinationName(entry.key));
    });
  }
}
