import { ReportLayout, startNewPage, stampPageFurniture } from '../pdf/document';
import { heading } from '../pdf/text';
import type { TableOfContents } from '../pdf/toc';
import { fillFooter, TemplateSection } from '../report-template';

/** Leaves the cover: its page carries no running header, and the body starts on a new page. */
export function leaveCover(doc: PDFKit.PDFDocument, layout: ReportLayout, skipHeaderOn: Set<number>): void {
  skipHeaderOn.add(0);
  startNewPage(doc, layout);
}

/**
 * Starts a body section: a new page when the template asks for one (unless the cursor already
 * sits on an empty page), its heading, and its mark in the table of contents.
 */
export function openSection(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  toc: TableOfContents,
  section: TemplateSection,
  onFreshPage: boolean,
  keepWithNext: number,
): void {
  if (section.newPage && !onFreshPage) startNewPage(doc, layout);
  const top = heading(doc, layout, section.title, { keepWithNext });
  if (section.id !== 'contents') toc.mark(doc, section.id, top);
}

export interface ReportFrame {
  headerLeft: string;
  headerRight: string;
  department: string;
  shortName: string;
  reportTitle: string;
  footerText: string;
  generatedAt: string;
  skipHeaderOn: Set<number>;
}

/** Ends a report: fills the table of contents, stamps the running header and "Page X of Y", closes it. */
export function finishReport(doc: PDFKit.PDFDocument, layout: ReportLayout, toc: TableOfContents, frame: ReportFrame): PDFKit.PDFDocument {
  toc.fill(doc, layout);
  stampPageFurniture(doc, layout, {
    headerLeft: frame.headerLeft,
    headerRight: frame.headerRight,
    footerLeft: fillFooter(frame.footerText, {
      department: frame.department,
      shortName: frame.shortName,
      report: frame.reportTitle,
      generatedAt: frame.generatedAt,
    }),
    skipHeaderOn: frame.skipHeaderOn,
  });
  doc.end();
  return doc;
}
