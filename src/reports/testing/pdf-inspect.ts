import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { layoutText, PdfRun } from './pdf-layout';

/**
 * Reads a PDF back as a reader would, for the report specs and the binder's: what a viewer shows,
 * not what the renderer meant to draw. MuPDF reads it and qpdf checks it, both WebAssembly builds
 * from npm, run by pdf-tool.mjs in a child Node process (mupdf is an ES module jest cannot load).
 * The functions keep the shape of the poppler and qpdf commands they replaced (`pdftotext
 * -layout`, `pdfinfo`, `pdffonts`, `pdfimages -list`, `qpdf --check`).
 */

const run = promisify(execFile);

/** pdf-tool.mjs beside this file, or, from the compiled dist/ tree, the one in the sources. */
const TOOL = ((): string => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'pdf-tool.mjs'), join(dir, 'src', 'reports', 'testing', 'pdf-tool.mjs')]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`pdf-tool.mjs not found above ${__dirname}`);
  }
})();

async function tool(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [TOOL, ...args], { maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

async function toolJson<T>(args: string[]): Promise<T> {
  return JSON.parse(await tool(args)) as T;
}

export interface OutlineItem {
  title: string;
  /** 1-based page the bookmark opens. */
  page: number;
  kids: OutlineItem[];
}

/** `qpdf --check`; resolves with its output, rejects when qpdf finds errors or warnings (non-zero exit). */
export async function qpdfCheck(path: string): Promise<string> {
  return tool(['check', path]);
}

export async function pageCountOf(path: string): Promise<number> {
  return (await toolJson<{ pages: number }>(['pages', path])).pages;
}

/**
 * The text of pages `first`..`last` (all by default), each page closed by a form feed: in layout
 * mode (as `pdftotext -layout`, see pdf-layout.ts) unless `layout: false`, then in MuPDF's
 * reading order.
 */
export async function pdfText(path: string, options: { first?: number; last?: number; layout?: boolean } = {}): Promise<string> {
  const range = [String(options.first ?? 1), ...(options.last ? [String(options.last)] : [])];
  if (options.layout ?? true) return layoutText(await toolJson<PdfRun[][]>(['chars', path, ...range]));
  return (await toolJson<string[]>(['text', path, ...range])).map((page) => `${page}\f`).join('');
}

/** Renders page `page` (1-based) to a PNG file at `dpi` (what `pdftoppm -png -r DPI -f P -l P` does). */
export async function pageToPng(path: string, page: number, dpi: number, out: string): Promise<void> {
  await tool(['png', path, String(page), String(dpi), out]);
}

/**
 * How much of each page's body is left empty at its foot: the share of the space between `top` and
 * `bottom` (points from the page's top: below the running header, above the footer) under the last
 * thing drawn. Pages rendered at 36 dpi by MuPDF; 0 for a full page, 1 for an empty one.
 */
export async function blankFootShares(path: string, body: { top: number; bottom: number }): Promise<number[]> {
  const pages = await toolJson<{ height: number; rows: number[] }[]>(['ink', path]);
  return pages.map(({ rows }) => {
    const inBody = rows.filter((y) => y >= body.top && y < body.bottom);
    const last = inBody.length > 0 ? Math.max(...inBody) : body.top;
    return (body.bottom - last) / (body.bottom - body.top);
  });
}

/** Whitespace collapsed, and words split by a line break after a hyphen joined again. */
export function flatText(text: string): string {
  return text.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ');
}

export async function outlineOf(path: string): Promise<OutlineItem[]> {
  return toolJson<OutlineItem[]>(['outline', path]);
}

/**
 * The document information as key -> value, with pdfinfo's keys (Title, Author, Subject,
 * Keywords, Creator, Producer, CreationDate, ModDate, Encrypted, Pages, Page size, PDF version);
 * dates in ISO 8601, as `pdfinfo -isodates` prints them.
 */
export async function pdfInfo(path: string): Promise<Record<string, string>> {
  return toolJson<Record<string, string>>(['info', path]);
}

export interface FontRow {
  /** BaseFont, with its subset tag (e.g. BZZZZZ+DejaVuSans). */
  name: string;
  /** As pdffonts names it: Type 1, Type 1C, Type 3, TrueType, CID Type 0, CID Type 0C, CID TrueType. */
  type: string;
  embedded: boolean;
  /** Has a ToUnicode map. */
  unicode: boolean;
}

/** The fonts the pages use (their resources and their forms'), each once, as `pdffonts` lists them. */
export async function fontsOf(path: string): Promise<FontRow[]> {
  return toolJson<FontRow[]>(['fonts', path]);
}

/** Images drawn in the PDF (`pdfimages -list`), soft masks (a PNG's alpha) not counted. */
export async function imageCount(path: string): Promise<number> {
  return (await toolJson<{ images: number }>(['images', path])).images;
}

/** Standard numbers (chapter.section.standard) in reading order, consecutive repeats dropped. */
export function standardNumbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\d.])(\d{1,3}\.\d{1,2}\.\d{1,2})(?![\d.])/g)) {
    if (out[out.length - 1] !== m[1]) out.push(m[1]);
  }
  return out;
}

/**
 * Entries of a printed table of contents: lines ending in a page number, e.g.
 * '12   Synthetic chapter 12 ...... 13' -> { title: 'Synthetic chapter 12', page: 13, lead: '12' }.
 */
export function tocEntriesIn(text: string): { lead: string | null; title: string; page: number }[] {
  const entries: { lead: string | null; title: string; page: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:(\d{1,3})\s{2,})?(\S.*?\S)\s{2,}(\d+)\s*$/.exec(line);
    // A title has words: rows of figures (a verdict's tiles) are not entries.
    if (m && /[A-Za-z]{2}/.test(m[2])) entries.push({ lead: m[1] ?? null, title: m[2], page: Number(m[3]) });
  }
  return entries;
}
