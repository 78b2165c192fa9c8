/**
 * Plain text of PDF pages laid out as they look, in the manner of poppler's `pdftotext -layout`:
 * text on one baseline is one line however many runs drew it, characters are ordered left to
 * right, and the room between them becomes spaces, about one per average character width, so
 * columns stay apart (two spaces or more) while words keep one. Built from the characters MuPDF
 * reports (pdf-tool.mjs `chars`): pure functions, no I/O.
 */

/** One character: its text, and its left and right edges in points. */
export type PdfChar = [text: string, left: number, right: number];

/** A run of characters MuPDF found on one baseline. */
export interface PdfRun {
  /** 0 horizontal, 1 vertical writing. */
  wmode: number;
  /** Baseline, in points from the top of the page. */
  y: number;
  /** Font size in points (the largest in the run). */
  size: number;
  chars: PdfChar[];
}

interface Placed {
  text: string;
  left: number;
  right: number;
  /** Average width of a character of the run it belongs to. */
  width: number;
  /** The run's letter spacing: the usual room between two of its characters. */
  tracking: number;
}

interface Line {
  y: number;
  size: number;
  chars: Placed[];
}

/** Runs whose baselines differ by less than this share of the smaller font size are one line. */
const SAME_LINE = 0.4;

const isSpace = (text: string): boolean => /^\s*$/u.test(text);

/** Pages as `pdftotext -layout` prints them: each page's lines, each page closed by a form feed. */
export function layoutText(pages: PdfRun[][]): string {
  return pages.map((runs) => layoutPage(runs)).join('');
}

/** One page: its lines top to bottom, each ended by a newline, then a form feed. */
export function layoutPage(runs: PdfRun[]): string {
  const lines = linesOf(runs);
  if (lines.length === 0) return '\f';
  const placed = lines.flatMap((l) => l.chars.filter((c) => !isSpace(c.text)));
  const pageLeft = Math.min(...placed.map((c) => c.left));
  const pageWidth = placed.reduce((sum, c) => sum + c.width, 0) / placed.length;
  return `${lines.map((line) => textOf(line, pageLeft, pageWidth)).join('\n')}\n\f`;
}

/** Horizontal runs grouped by baseline, top to bottom; runs that draw only spaces are left out. */
function linesOf(runs: PdfRun[]): Line[] {
  const candidates = runs
    .filter((r) => r.wmode === 0 && r.chars.some((c) => !isSpace(c[0])))
    .map((r) => {
      const drawn = r.chars.filter((c) => !isSpace(c[0]));
      const width = Math.max(0.01, drawn.reduce((sum, c) => sum + (c[2] - c[1]), 0) / drawn.length);
      const tracking = trackingOf(r.chars);
      return { y: r.y, size: r.size, chars: r.chars.map(([text, left, right]) => ({ text, left, right, width, tracking })) };
    })
    .sort((a, b) => a.y - b.y);
  const lines: Line[] = [];
  for (const run of candidates) {
    const line = lines[lines.length - 1];
    if (line && run.y - line.y <= SAME_LINE * Math.min(run.size, line.size)) {
      line.chars.push(...run.chars);
      line.size = Math.min(line.size, run.size);
    } else {
      lines.push({ y: run.y, size: run.size, chars: [...run.chars] });
    }
  }
  for (const line of lines) line.chars.sort((a, b) => a.left - b.left);
  return lines;
}

/** The median room between neighbouring letters of a run (0 for text set without letter spacing). */
function trackingOf(chars: PdfChar[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    if (!isSpace(chars[i - 1][0]) && !isSpace(chars[i][0])) gaps.push(chars[i][1] - chars[i - 1][2]);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return Math.max(0, gaps[Math.floor(gaps.length / 2)]);
}

/**
 * A line's characters left to right. Its indent and every gap become spaces, one per average
 * character width (rounded): a space the PDF draws counts as one, and only the room beyond the
 * drawn spaces and the run's letter spacing adds more (so letter-spaced capitals stay one word,
 * with one space between words).
 */
function textOf(line: Line, pageLeft: number, pageWidth: number): string {
  let out = '';
  let right: number | null = null;
  let width = pageWidth;
  let drawn = 0;
  let drawnWidth = 0;
  for (const c of line.chars) {
    if (isSpace(c.text)) {
      if (right !== null) {
        drawn += 1;
        drawnWidth += Math.max(0, c.right - c.left);
      }
      continue;
    }
    if (right === null) {
      out += ' '.repeat(Math.max(0, Math.round((c.left - pageLeft) / pageWidth)));
    } else {
      const room = c.left - right - drawnWidth - (drawn + 1) * c.tracking;
      out += ' '.repeat(drawn + Math.max(0, Math.round(room / ((width + c.width) / 2))));
    }
    out += c.text;
    right = right === null ? c.right : Math.max(right, c.right);
    width = c.width;
    drawn = 0;
    drawnWidth = 0;
  }
  return out;
}
