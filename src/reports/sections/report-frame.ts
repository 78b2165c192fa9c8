import { ReportLayout, startNewPage, stampPageFurniture } from '../pdf/document';
import { heading } from '../pdf/text';
import type { TableOfContents } from '../pdf/toc';
import { fillFooter, TemplateSection } from '../report-template';

/**
 * What a renderer draws in its template's sections. The frame does the rest (see walkSections):
 * page breaks, section headings kept with what follows them, table-of-contents marks, the
 * contents' pages, and the cover's page.
 */
export interface ReportSections<S extends string> {
  /** The cover's content. The frame then leaves the cover: no running header on its page, the body on the next. */
  cover: () => void;
  /** Points a section heading keeps with what follows it on its page. */
  keepWithNext: number;
  /** More than that for the sections whose content cannot start in less (a heat map), so their heading never stands alone at a page's foot. */
  keepSectionWithNext?: Partial<Record<Exclude<S, 'cover' | 'contents'>, number>>;
  /**
   * Each body section's content, drawn under its heading. A section that places its own headings
   * and page breaks (the footprint's department pages) is `{ ownPages }`, told whether the cursor
   * sits at the top of an empty page.
   */
  body: Record<Exclude<S, 'cover' | 'contents'>, SectionBody<S>>;
}

export type SectionBody<S extends string> =
  | ((section: TemplateSection<S>) => void)
  | { ownPages: (section: TemplateSection<S>, onFreshPage: boolean) => void };

/**
 * Walks a report's sections in the template's order and titles: the cover, then each body section
 * on a new page when the template asks for one (unless the cursor already sits on an empty page),
 * with its heading and its mark in the table of contents. 'contents' reserves the table of
 * contents' pages (filled by finishReport). Returns the pages that carry no running header.
 */
export function walkSections<S extends string>(
  doc: PDFKit.PDFDocument,
  layout: ReportLayout,
  toc: TableOfContents,
  sections: readonly TemplateSection<S>[],
  parts: ReportSections<S>,
): Set<number> {
  const skipHeaderOn = new Set<number>();
  let onFreshPage = true; // the cursor is at the top of an empty page
  for (const section of sections) {
    if (section.id === 'cover') {
      parts.cover();
      skipHeaderOn.add(0); // the template puts the cover first
      startNewPage(doc, layout);
      onFreshPage = true;
      continue;
    }
    const body = section.id === 'contents' ? null : parts.body[section.id as Exclude<S, 'cover' | 'contents'>];
    if (body && typeof body !== 'function') {
      body.ownPages(section, onFreshPage);
      onFreshPage = false;
      continue;
    }
    if (section.newPage && !onFreshPage) startNewPage(doc, layout);
    const keep = Math.max(parts.keepWithNext, parts.keepSectionWithNext?.[section.id as Exclude<S, 'cover' | 'contents'>] ?? 0);
    const top = heading(doc, layout, section.title, { keepWithNext: keep });
    onFreshPage = false;
    if (section.id === 'contents') {
      toc.reserve(doc, layout);
    } else {
      toc.mark(doc, section.id, top);
      body?.(section);
    }
  }
  return skipHeaderOn;
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
