import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse/sync';
import type { ImportRowError } from '../../kernel/standard-types';
import { collapseWhitespace } from './calea-header';
import { columnLetter, normalizeColumnName } from './manual-import';
import { isStandardNumber } from './natural-sort';

/**
 * A crosswalk file: one pair a row, a standard of one program mapped to a standard of another
 * (the meaning is the same both ways). Four columns, under either header.
 */
export const CROSSWALK_HEADERS: readonly (readonly string[])[] = [
  ['program', 'number', 'program', 'number'],
  ['from_program', 'from_number', 'to_program', 'to_number'],
];
const COLUMN_COUNT = 4;
/** program.name holds at most 100 characters. */
export const CROSSWALK_PROGRAM_MAX_CHARS = 100;
/** standard.number holds at most 12 characters ("123.45.67"). */
export const CROSSWALK_NUMBER_MAX_CHARS = 12;
const SHOWN_VALUE_CHARS = 200;
const NUMBER_EXAMPLE = 'chapter.section.standard, e.g. 1.2.9';

/** One side of a pair as the file names it: the program's name and the standard's number. */
export interface CrosswalkSideText {
  program: string;
  number: string;
}

/** A row that passed the row rules (its programs and numbers still to be looked up). */
export interface CrosswalkRow {
  /** Spreadsheet row (header = the first non-blank row). */
  row: number;
  from: CrosswalkSideText;
  to: CrosswalkSideText;
}

/**
 * A file read: the rows that pass the row rules, and the problems of those that do not (so the
 * good rows can still be checked against the catalogue and every problem reported at once); or the
 * one problem that makes the whole file unreadable.
 */
export type CrosswalkFileResult =
  | { ok: true; rows: CrosswalkRow[]; rowErrors: ImportRowError[]; /** The header's names, normalised (problems name columns by them). */ header: string[] }
  | { ok: false; errors: ImportRowError[] };

const shown = (s: string): string => {
  const chars = Array.from(s.replace(/\0/g, '\\0'));
  return chars.length <= SHOWN_VALUE_CHARS ? chars.join('') : chars.slice(0, SHOWN_VALUE_CHARS - 1).join('') + '…';
};

/** The label of a column in problems: its header name and letter ("program (C)"), the two "program" columns being otherwise alike. */
const columnLabel = (header: readonly string[], index: number): string => `${header[index] ?? ''} (${columnLetter(index)})`;

/**
 * The rules of one cell, in order: no NUL bytes, not blank, not too long, and for numbers the
 * shape of a standard number. Returns the reason it breaks one, or null. Program cells are read
 * with their whitespace collapsed (as program names are stored).
 */
export function crosswalkCellProblem(kind: 'program' | 'number', cell: string): string | null {
  if (cell.includes('\0')) return 'The cell contains a NUL byte (\\0): save the file as plain UTF-8 text.';
  const value = kind === 'program' ? collapseWhitespace(cell) : cell.trim();
  if (value === '') return kind === 'program' ? "The program's name is missing." : 'The standard number is missing.';
  const max = kind === 'program' ? CROSSWALK_PROGRAM_MAX_CHARS : CROSSWALK_NUMBER_MAX_CHARS;
  const length = Array.from(value).length;
  if (length > max) {
    return kind === 'program'
      ? `A program's name has at most ${max} characters; this one has ${length}.`
      : `A standard number has at most ${max} characters (${NUMBER_EXAMPLE}); this one has ${length}.`;
  }
  if (kind === 'number' && !isStandardNumber(value)) return `"${value}" is not a standard number; write it as ${NUMBER_EXAMPLE}.`;
  return null;
}

/**
 * The rules of one data row: four cells, each good (crosswalkCellProblem), and two different
 * programs (a standard mapped to itself, or to another standard of its own program, is refused).
 * Returns the row read or every problem it has.
 */
export function readCrosswalkRecord(
  record: readonly string[],
  row: number,
  header: readonly string[] = CROSSWALK_HEADERS[0],
): { ok: true; value: CrosswalkRow } | { ok: false; errors: ImportRowError[] } {
  if (record.length !== COLUMN_COUNT) {
    return {
      ok: false,
      errors: [
        {
          row,
          column: '',
          value: shown(record.join(',')),
          reason: `The row has ${record.length} column${record.length === 1 ? '' : 's'}; a crosswalk row has ${COLUMN_COUNT}: program, number, program, number.`,
        },
      ],
    };
  }
  const errors: ImportRowError[] = [];
  const kinds = ['program', 'number', 'program', 'number'] as const;
  kinds.forEach((kind, i) => {
    const problem = crosswalkCellProblem(kind, record[i]);
    if (problem) errors.push({ row, column: columnLabel(header, i), value: shown(record[i]), reason: problem });
  });
  if (errors.length > 0) return { ok: false, errors };
  const from = { program: collapseWhitespace(record[0]), number: record[1].trim() };
  const to = { program: collapseWhitespace(record[2]), number: record[3].trim() };
  if (from.program === to.program) {
    return {
      ok: false,
      errors: [
        {
          row,
          column: columnLabel(header, 2),
          value: shown(record[2]),
          reason:
            from.number === to.number
              ? `The row maps standard ${from.number} of ${from.program} to itself; a crosswalk maps a standard to one of another program.`
              : `Both sides are standards of ${from.program}; a crosswalk maps the standards of two different programs.`,
        },
      ],
    };
  }
  return { ok: true, value: { row, from, to } };
}

/**
 * Reads a crosswalk CSV (UTF-8, a header row, then one pair a row; blank rows skipped), with the
 * problems of every row. Programs and numbers are checked against the catalogue
 * afterwards (resolveCrosswalkRows).
 */
export function readCrosswalkCsv(buffer: Buffer): CrosswalkFileResult {
  const fileError = (reason: string, row = 0): CrosswalkFileResult => ({ ok: false, errors: [{ row, column: '', value: '', reason }] });
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304) {
    return fileError('This is an Excel workbook, not a CSV file. In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)" and upload that file.');
  }
  let text: string;
  try {
    // The decoder drops a leading UTF-8 byte order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return fileError('The file is not UTF-8 text. In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)" and upload that file.');
  }
  let records: string[][];
  try {
    // Empty lines are kept so that record index + 1 is the row number a spreadsheet shows.
    records = parse(text, { relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    const lines = err && typeof err === 'object' && 'lines' in err && typeof err.lines === 'number' ? err.lines : 0;
    const message = err instanceof Error ? err.message : String(err);
    return fileError(`The file could not be read as CSV${lines > 0 ? ` near line ${lines}` : ''}: ${message}`, lines);
  }
  const blank = (r: readonly string[]): boolean => r.every((c) => c.trim() === '');
  const h = records.findIndex((r) => !blank(r));
  if (h < 0) return fileError('The file is empty.');
  const header = records[h].map(normalizeColumnName);
  if (!CROSSWALK_HEADERS.some((accepted) => accepted.length === header.length && accepted.every((name, i) => header[i] === name))) {
    return {
      ok: false,
      errors: [
        {
          row: h + 1,
          column: '',
          value: shown(records[h].join(',')),
          reason: `The header row must be ${CROSSWALK_HEADERS.map((names) => `"${names.join(',')}"`).join(' or ')}.`,
        },
      ],
    };
  }
  const rows: CrosswalkRow[] = [];
  const errors: ImportRowError[] = [];
  records.slice(h + 1).forEach((record, i) => {
    if (blank(record)) return;
    const read = readCrosswalkRecord(record, h + 2 + i, header);
    if (read.ok) rows.push(read.value);
    else errors.push(...read.errors);
  });
  if (rows.length === 0 && errors.length === 0) return fileError('The file has a header row but no pairs.');
  return { ok: true, rows, rowErrors: errors, header };
}

/** What the catalogue knows of a program named in a file: its id and the numbers of its published and draft manual versions. */
export interface KnownProgram {
  id: string;
  name: string;
  /** Numbers of standards in at least one published manual version of the program. */
  published: ReadonlySet<string>;
  /** Numbers found only in drafts (to say "publish it first" rather than "no such standard"). */
  draftOnly: ReadonlySet<string>;
}

/** One side of a pair as stored: the program's id and the standard's number. */
export interface CrosswalkSide {
  programId: string;
  number: string;
}

/** A pair as stored, in its fixed order: side a's program id sorts before side b's. */
export interface CrosswalkPair {
  a: CrosswalkSide;
  b: CrosswalkSide;
}

/** The stored order of a pair: by program id, then number (the programs of a pair differ, so the id decides). */
export function normalisePair(x: CrosswalkSide, y: CrosswalkSide): CrosswalkPair {
  const xFirst = x.programId < y.programId || (x.programId === y.programId && x.number <= y.number);
  return xFirst ? { a: x, b: y } : { a: y, b: x };
}

/** A key equal for a pair and its reverse. */
export const pairKey = (p: CrosswalkPair): string => JSON.stringify([p.a.programId, p.a.number, p.b.programId, p.b.number]);

export type ResolvedCrosswalk =
  | { ok: true; pairs: CrosswalkPair[]; duplicateRows: number }
  | { ok: false; errors: ImportRowError[] };

/**
 * Checks each row's programs and numbers against the catalogue (`programs` by name): both programs
 * exist, each number is a standard of a published manual version of its program. The pairs come
 * back in their stored order, each once: a row repeating an earlier one, either way round, counts
 * as a duplicate.
 */
export function resolveCrosswalkRows(
  rows: readonly CrosswalkRow[],
  programs: ReadonlyMap<string, KnownProgram>,
  header: readonly string[] = CROSSWALK_HEADERS[0],
): ResolvedCrosswalk {
  const errors: ImportRowError[] = [];
  const pairs = new Map<string, CrosswalkPair>();
  let duplicateRows = 0;
  const knownNames = [...programs.keys()].sort();
  const side = (r: CrosswalkRow, s: CrosswalkSideText, column: number): CrosswalkSide | null => {
    const program = programs.get(s.program);
    if (!program) {
      const sameButCase = knownNames.find((n) => n.toLowerCase() === s.program.toLowerCase());
      errors.push({
        row: r.row,
        column: columnLabel(header, column),
        value: shown(s.program),
        reason: sameButCase
          ? `No program is named "${s.program}"; did you mean "${sameButCase}"? Names must match exactly.`
          : `No program is named "${s.program}". Programs: ${knownNames.length ? knownNames.map((n) => `"${n}"`).join(', ') : 'none yet (import a manual first)'}.`,
      });
      return null;
    }
    if (!program.published.has(s.number)) {
      errors.push({
        row: r.row,
        column: columnLabel(header, column + 1),
        value: shown(s.number),
        reason: program.draftOnly.has(s.number)
          ? `Standard ${s.number} of ${program.name} is only in a draft manual version; publish it first.`
          : `${program.name} has no standard ${s.number} in any published manual version.`,
      });
      return null;
    }
    return { programId: program.id, number: s.number };
  };
  for (const r of rows) {
    const from = side(r, r.from, 0);
    const to = side(r, r.to, 2);
    if (!from || !to) continue;
    const pair = normalisePair(from, to);
    const key = pairKey(pair);
    if (pairs.has(key)) duplicateRows++;
    else pairs.set(key, pair);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, pairs: [...pairs.values()], duplicateRows };
}
