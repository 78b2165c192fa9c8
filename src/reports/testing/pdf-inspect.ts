import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Reads a PDF back with the tools CI installs (poppler-utils, qpdf), for the report specs and,
 * later, the binder's: what a reader would see, not what the renderer meant to draw.
 */

const run = promisify(execFile);

export interface OutlineItem {
  title: string;
  /** 1-based page the bookmark opens. */
  page: number;
  kids: OutlineItem[];
}

/** `qpdf --check`; resolves with its output, rejects when qpdf finds errors (non-zero exit). */
export async function qpdfCheck(path: string): Promise<string> {
  const { stdout } = await run('qpdf', ['--check', path]);
  return stdout;
}

export async function pageCountOf(path: string): Promise<number> {
  const { stdout } = await run('qpdf', ['--show-npages', path]);
  return Number(stdout.trim());
}

/** The text of pages `first`..`last` (all by default), in layout mode unless `raw`. */
export async function pdfText(path: string, options: { first?: number; last?: number; layout?: boolean } = {}): Promise<string> {
  const args = [];
  if (options.layout ?? true) args.push('-layout');
  if (options.first) args.push('-f', String(options.first));
  if (options.last) args.push('-l', String(options.last));
  const { stdout } = await run('pdftotext', [...args, path, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Whitespace collapsed, and words split by a line break after a hyphen joined again. */
export function flatText(text: string): string {
  return text.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ');
}

export async function outlineOf(path: string): Promise<OutlineItem[]> {
  const { stdout } = await run('qpdf', ['--json', '--json-key=outlines', path], { maxBuffer: 64 * 1024 * 1024 });
  type Raw = { title: string; destpageposfrom1: number; kids: Raw[] };
  const map = (items: Raw[]): OutlineItem[] => items.map((i) => ({ title: i.title, page: i.destpageposfrom1, kids: map(i.kids ?? []) }));
  return map((JSON.parse(stdout) as { outlines: Raw[] }).outlines);
}

/** `pdfinfo` as key -> value (Title, Author, Subject, Creator, CreationDate, Pages ...). */
export async function pdfInfo(path: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', [path]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].trim(), m[2].trim()]),
  );
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
  unicode: boolean;
}

export async function fontsOf(path: string): Promise<FontRow[]> {
  const { stdout } = await run('pdffonts', [path]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object, id
      const parts = line.trim().split(/\s+/);
      const [emb, , uni] = parts.slice(-5, -2);
      return { name: parts[0], type: parts.slice(1, -6).join(' '), embedded: emb === 'yes', unicode: uni === 'yes' };
    });
}

/** Images drawn in the PDF (`pdfimages -list`), soft masks (a PNG's alpha) not counted. */
export async function imageCount(path: string): Promise<number> {
  const { stdout } = await run('pdfimages', ['-list', path]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim().split(/\s+/)[2] === 'image').length;
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
