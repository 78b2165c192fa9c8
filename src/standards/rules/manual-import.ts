import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse/sync';
import { collapseWhitespace, parseCaleaHeader, parseLevels } from './calea-header';
import { defaultActivity, parseActivities } from './activities';
import { compareStandardNumbers, isStandardNumber, parseStandardNumber, StandardNumberParts } from './natural-sort';
import {
  Bullet,
  FREQUENCIES,
  Frequency,
  ImportRowError,
  Levels,
  ParsedActivity,
  ParsedStandard,
  ParseResult,
  SIZE_CLASSES,
  STANDARD_KINDS,
  StandardKind,
} from '../../kernel/standard-types';

export const IMPORT_COLUMNS = [
  'chapter',
  'chapter_title',
  'section',
  'section_title',
  'number',
  'title',
  'levels',
  'tier1',
  'kinds',
  'linked',
  'frequency',
  'activities',
  'bullets',
  'replaces',
  'text',
  'commentary',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Holds a CALEA-style header ("12.2.1 (M M M M) (LE1) Title") instead of number/levels/tier1/title. */
export const HEADER_COLUMN = 'header';

export type ImportFormat = 'csv' | 'json';

/**
 * A standard as a file gives it: the chapter and section titles are null when the file has no
 * chapter_title (section_title) column, as in CALEA's header syntax; completeGroupTitles fills them in.
 */
export type ReadStandard = Omit<ParsedStandard, 'chapterTitle' | 'sectionTitle'> & { chapterTitle: string | null; sectionTitle: string | null };
export interface ReadManual {
  standards: ReadStandard[];
}
export type ManualImportResult = { ok: true; manual: ReadManual } | { ok: false; errors: ImportRowError[] };

export interface ValidateManualRowsOptions {
  /** CSV: the normalised header names (rows may lack keys for empty cells). JSON: leave out; keys of all rows are used. */
  columns?: readonly string[];
  /** CSV: spreadsheet row of the header (default 1); data rows follow it directly. */
  headerRow?: number;
}

const MAX_VALUE_CHARS = 200;
const DEFAULT_LEVELS: Levels = { A: 'M', B: 'M', C: 'M', D: 'M' };
const KNOWN_COLUMNS: readonly string[] = [...IMPORT_COLUMNS, HEADER_COLUMN];
const HEADER_EXAMPLE = '12.2.1 (M M M M) (LE1) The Written Directive System';

export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Spreadsheet column letter for a 0-based index: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function truncate(s: string): string {
  const chars = Array.from(s);
  return chars.length <= MAX_VALUE_CHARS ? s : chars.slice(0, MAX_VALUE_CHARS - 1).join('') + '…';
}

function showValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return truncate(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return truncate(JSON.stringify(v) ?? '');
  } catch {
    return '';
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Cell text for scalar values; null for lists/objects, which only some columns accept. */
function scalarText(v: unknown): string | null {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function isBlank(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function oneOf(list: readonly string[]): string {
  return list.join(', ');
}

// ---------------------------------------------------------------- field rules

export function parseTier1(v: unknown): ParseResult<boolean> {
  if (typeof v === 'boolean') return { ok: true, value: v };
  const s = scalarText(v);
  const t = s === null ? null : s.replace(/[\s()]/g, '').toLowerCase();
  if (t === '' || t === 'false' || t === 'no' || t === '0') return { ok: true, value: false };
  if (t === 'true' || t === 'yes' || t === '1' || t === 'le1') return { ok: true, value: true };
  return {
    ok: false,
    reason: `Tier 1 must be yes or no (also accepted: true/false, 1/0, LE1, or empty for no); "${showValue(v)}" is not understood.`,
  };
}

export function parseLevelsValue(v: unknown): ParseResult<Levels> {
  if (Array.isArray(v)) return parseLevels(v.map((x) => scalarText(x) ?? '?').join(' '));
  if (isPlainObject(v)) {
    const keys = Object.keys(v).map((k) => k.toUpperCase());
    if (keys.length === 4 && SIZE_CLASSES.every((c) => keys.includes(c))) {
      const byClass = Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toUpperCase(), scalarText(x) ?? '?']));
      return parseLevels(SIZE_CLASSES.map((c) => byClass[c]).join(' '));
    }
    return { ok: false, reason: 'The level must name exactly the size classes A, B, C and D, e.g. {"A":"M","B":"M","C":"O","D":"O"}.' };
  }
  const s = scalarText(v);
  return parseLevels(s ?? '');
}

const KIND_ALIASES: Record<string, StandardKind> = {
  activity_required: 'time_sensitive',
};

function splitList(v: unknown, separators: RegExp): string[] | null {
  if (Array.isArray(v)) {
    const items = v.map((x) => scalarText(x));
    if (items.some((x) => x === null)) return null;
    return (items as string[]).map((x) => x.trim()).filter((x) => x !== '');
  }
  const s = scalarText(v);
  if (s === null) return null;
  return s
    .split(separators)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Empty means a plain written-directive standard. Result is de-duplicated, in STANDARD_KINDS order. */
export function parseKinds(v: unknown): ParseResult<StandardKind[]> {
  const items = splitList(v, /[;|,]/);
  if (items === null) return { ok: false, reason: 'Kinds must be text such as "written directive; time-sensitive".' };
  if (items.length === 0) return { ok: true, value: ['written_directive'] };
  const found = new Set<StandardKind>();
  const unknown: string[] = [];
  for (const item of items) {
    const key = item.toLowerCase().replace(/[\s-]+/g, '_');
    const kind = (STANDARD_KINDS as readonly string[]).includes(key) ? (key as StandardKind) : KIND_ALIASES[key];
    if (kind) found.add(kind);
    else unknown.push(item);
  }
  if (unknown.length > 0) {
    const shown = unknown.map((u) => `"${u}"`).join(', ');
    return {
      ok: false,
      reason: `${shown} ${unknown.length === 1 ? 'is not a kind' : 'are not kinds'} of standard. Use ${oneOf(STANDARD_KINDS)}; separate several with ";".`,
    };
  }
  return { ok: true, value: STANDARD_KINDS.filter((k) => found.has(k)) };
}

const FREQUENCY_ALIASES: Record<string, Frequency> = {
  semi_annual: 'semiannual',
  semiannually: 'semiannual',
  semi_annually: 'semiannual',
  annually: 'annual',
  yearly: 'annual',
  biennially: 'biennial',
  triennially: 'triennial',
  quadrennially: 'quadrennial',
  perevent: 'per_event',
};

const FREQUENCY_HELP =
  'daily, weekly, monthly, quarterly, semiannual, annual, biennial (every 2 years), triennial (every 3 years), quadrennial (every 4 years) or per_event';

/** Empty gives null. */
export function parseFrequency(v: unknown): ParseResult<Frequency | null> {
  const s = scalarText(v);
  if (s === null) return { ok: false, reason: `The frequency must be one word: ${FREQUENCY_HELP}.` };
  const key = s.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (key === '') return { ok: true, value: null };
  const f = (FREQUENCIES as readonly string[]).includes(key) ? (key as Frequency) : FREQUENCY_ALIASES[key];
  if (f) return { ok: true, value: f };
  return { ok: false, reason: `"${s.trim()}" is not a frequency. Use ${FREQUENCY_HELP}.` };
}

/** Standard numbers separated by ";" (also "|", "," or spaces); de-duplicated, in natural order. */
export function parseLinkedNumbers(v: unknown): ParseResult<string[]> {
  const items = splitList(v, /[;|,\s]+/);
  if (items === null) return { ok: false, reason: 'Linked standards must be text such as "4.2.1; 4.2.2".' };
  const bad = items.filter((n) => !isStandardNumber(n));
  if (bad.length > 0) {
    const shown = bad.map((b) => `"${b}"`).join(', ');
    return {
      ok: false,
      reason: `${shown} ${bad.length === 1 ? 'is not a standard number' : 'are not standard numbers'}; list linked standards as chapter.section.standard separated by ";", e.g. 4.2.1; 4.2.2.`,
    };
  }
  return { ok: true, value: [...new Set(items)].sort(compareStandardNumbers) };
}

const BULLET_HELP = 'write bullets as "a: First item; b: Second item"';

/**
 * "a: Label one; b: Label two" (also "a) ..." or "a. ...", or one bullet per line). Only a ";" or line
 * break followed by a letter marker starts a new bullet, so labels may themselves contain ";".
 */
export function parseBullets(v: unknown): ParseResult<Bullet[]> {
  let pieces: string[];
  if (Array.isArray(v)) {
    pieces = [];
    for (const item of v) {
      if (isPlainObject(item) && typeof item.letter === 'string' && typeof item.label === 'string') {
        pieces.push(`${item.letter}: ${item.label}`);
      } else if (typeof item === 'string') {
        pieces.push(item);
      } else {
        return { ok: false, reason: `Each bullet needs a letter and a label; ${BULLET_HELP}.` };
      }
    }
  } else {
    const s = scalarText(v);
    if (s === null) return { ok: false, reason: `Bullets must be text; ${BULLET_HELP}.` };
    const trimmed = s.replace(/^[\s;]+|[\s;]+$/g, '');
    if (trimmed === '') return { ok: true, value: [] };
    pieces = trimmed.split(/\s*(?:;|\r?\n)\s*(?=[a-z]\s*(?::|\)|\.(?:\s|$)))/i);
  }

  const bullets: Bullet[] = [];
  for (const piece of pieces) {
    const m = /^([a-z])\s*(?::|\)|\.(?=\s|$))\s*([\s\S]*)$/i.exec(piece.trim());
    if (!m) return { ok: false, reason: `"${truncate(piece.trim())}" does not start with a bullet letter; ${BULLET_HELP}.` };
    const letter = m[1].toLowerCase();
    const label = collapseWhitespace(m[2].replace(/;+\s*$/, ''));
    const expected = String.fromCharCode(97 + bullets.length);
    if (bullets.some((b) => b.letter === letter)) {
      return { ok: false, reason: `Bullet letter "${letter}" is used twice; bullets must be lettered a, b, c … once each.` };
    }
    if (letter !== expected) {
      return {
        ok: false,
        reason: `Bullets must be lettered a, b, c … in order without gaps; expected "${expected}" but found "${letter}".`,
      };
    }
    if (label === '') return { ok: false, reason: `Bullet ${letter} has no text.` };
    bullets.push({ letter, label });
  }
  return { ok: true, value: bullets };
}

// ---------------------------------------------------------------- row validation

interface Seen {
  row: number;
  value: string;
}

/** State shared by all rows of one file. */
interface FileContext {
  headerMode: boolean;
  levelsColumn: boolean;
  chapterTitleColumn: boolean;
  sectionTitleColumn: boolean;
  numbers: Map<string, number>;
  replaced: Map<string, number>;
  chapterTitles: Map<number, Seen>;
  sectionTitles: Map<string, Seen>;
}

interface RowReader {
  row: number;
  get(column: string): unknown;
  /** The cell as text, or null (after reporting) when a JSON value is a list or object. */
  text(column: string, label: string): string | null;
  fail(column: string, value: unknown, reason: string): void;
}

/**
 * Validates rows already split into named cells (CSV) or objects (JSON) and reports every problem
 * at once. Row numbers: CSV = spreadsheet rows (header row 1, first data row 2); JSON = array
 * position + 1; 0 = the file as a whole.
 */
export function validateManualRows(
  rows: readonly unknown[],
  format: ImportFormat,
  options: ValidateManualRowsOptions = {},
): ManualImportResult {
  const errors: ImportRowError[] = [];
  const headerRow = options.headerRow ?? 1;
  const fileRow = format === 'csv' ? headerRow : 0;
  const rowNumber = (i: number): number => (format === 'csv' ? headerRow + 1 + i : i + 1);
  const push = (row: number, column: string, value: unknown, reason: string): void => {
    errors.push({ row, column, value: showValue(value), reason });
  };

  // Normalise keys; JSON rows may spell keys differently per row.
  const cells: (Map<string, unknown> | null)[] = [];
  const firstSeen = new Map<string, number>();
  for (const c of options.columns ?? []) firstSeen.set(c, headerRow);
  rows.forEach((raw, i) => {
    if (!isPlainObject(raw)) {
      push(rowNumber(i), '', raw, 'This entry is not a standard: each entry must be an object such as {"number": "1.1.1", "title": "…"}.');
      cells.push(null);
      return;
    }
    const map = new Map<string, unknown>();
    for (const [key, value] of Object.entries(raw)) {
      const name = normalizeColumnName(key);
      if (map.has(name)) {
        push(rowNumber(i), name, key, `The field "${name}" is given twice in this entry (keys differ only in case or spacing).`);
        continue;
      }
      map.set(name, value);
      if (!firstSeen.has(name)) firstSeen.set(name, rowNumber(i));
    }
    cells.push(map);
  });

  const blankRow = (m: Map<string, unknown>): boolean => [...m.values()].every(isBlank);
  if (cells.every((m) => m !== null && blankRow(m))) {
    push(0, '', '', format === 'csv'
      ? 'The file has no standards: below the header row every row is empty.'
      : 'The file has no standards: the list is empty.');
    return { ok: false, errors };
  }

  const columnErrors = checkColumns(firstSeen, fileRow);
  errors.push(...columnErrors.errors);
  if (columnErrors.fatal) return { ok: false, errors: sortErrors(errors) };

  const ctx: FileContext = {
    headerMode: firstSeen.has(HEADER_COLUMN),
    levelsColumn: firstSeen.has('levels'),
    chapterTitleColumn: firstSeen.has('chapter_title'),
    sectionTitleColumn: firstSeen.has('section_title'),
    numbers: new Map(),
    replaced: new Map(),
    chapterTitles: new Map(),
    sectionTitles: new Map(),
  };
  const standards: { row: number; std: ReadStandard }[] = [];
  cells.forEach((map, i) => {
    if (map === null) return;
    const row = rowNumber(i);
    if (blankRow(map)) {
      if (format === 'json') push(row, '', '{}', 'This entry is empty.');
      return;
    }
    const before = errors.length;
    const reader: RowReader = {
      row,
      get: (c) => map.get(c),
      text: (c, label) => {
        const s = scalarText(map.get(c));
        if (s === null) push(row, c, map.get(c), `The ${label} must be text.`);
        return s;
      },
      fail: (c, value, reason) => push(row, c, value, reason),
    };
    const std = validateRow(reader, ctx);
    if (std && errors.length === before) standards.push({ row, std });
  });

  for (const { row, std } of standards) {
    const missing = std.linkedNumbers.filter((n) => !ctx.numbers.has(n));
    if (missing.length > 0) {
      push(row, 'linked', std.linkedNumbers.join('; '),
        `Standard ${std.number} is linked to ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not in this file.`);
    }
  }

  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return {
    ok: true,
    manual: { standards: standards.map((s) => s.std).sort((a, b) => compareStandardNumbers(a.number, b.number)) },
  };
}

/** File-level column problems; fatal ones would make every row fail, so rows are then not checked. */
function checkColumns(firstSeen: Map<string, number>, fileRow: number): { errors: ImportRowError[]; fatal: boolean } {
  const errors: ImportRowError[] = [];
  const has = (c: string): boolean => firstSeen.has(c);

  const unknown = [...firstSeen.keys()].filter((c) => !KNOWN_COLUMNS.includes(c));
  if (unknown.length > 0) {
    const looksSemicolon = unknown.some((u) => /[;\t]/.test(u));
    errors.push({
      row: Math.min(...unknown.map((u) => firstSeen.get(u) ?? fileRow)),
      column: unknown.join(', '),
      value: truncate(unknown.join(', ')),
      reason:
        `Unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((u) => `"${u}"`).join(', ')}. ` +
        `Allowed columns: ${oneOf(KNOWN_COLUMNS)}.` +
        (looksSemicolon ? ' The file seems to use semicolons or tabs between columns; save it as comma-separated CSV.' : ''),
    });
    if (looksSemicolon) return { errors, fatal: true };
  }

  const missing = (column: string, reason: string): void => {
    errors.push({ row: fileRow, column, value: '', reason });
  };
  let fatal = false;
  if (has(HEADER_COLUMN)) {
    const clash = ['number', 'title', 'levels', 'tier1'].filter(has);
    if (clash.length > 0) {
      errors.push({
        row: fileRow,
        column: HEADER_COLUMN,
        value: clash.join(', '),
        reason: `Use either a "header" column or the columns number, title, levels and tier1, not both (found ${clash.join(', ')}).`,
      });
      fatal = true;
    }
  } else {
    for (const c of ['number', 'title'].filter((c) => !has(c))) {
      missing(c, `The required column "${c}" is missing. Give number, title and levels columns, or one "header" column such as "${HEADER_EXAMPLE}".`);
      fatal = true;
    }
  }
  return { errors, fatal };
}

/** Checks one non-blank row; returns the standard when every part could be read (errors go through `r.fail`). */
function validateRow(r: RowReader, ctx: FileContext): ReadStandard | null {
  const id = readIdentity(r, ctx);
  const parts = id.number === null ? null : parseStandardNumber(id.number);

  if (id.number !== null) {
    const first = ctx.numbers.get(id.number);
    if (first !== undefined) {
      r.fail(ctx.headerMode ? HEADER_COLUMN : 'number', id.number,
        `Standard ${id.number} already appears on row ${first}; each standard may appear only once.`);
    } else {
      ctx.numbers.set(id.number, r.row);
    }
  }

  if (parts && id.number !== null) checkPlacement(r, id.number, parts);
  const sectionKey = parts ? `${parts.chapter}.${parts.section}` : null;
  const chapterTitle = ctx.chapterTitleColumn
    ? readGroupTitle(r, 'chapter_title', 'chapter', parts ? { key: parts.chapter, label: String(parts.chapter) } : null, ctx.chapterTitles)
    : ABSENT;
  const sectionTitle = ctx.sectionTitleColumn
    ? readGroupTitle(r, 'section_title', 'section', sectionKey ? { key: sectionKey, label: sectionKey } : null, ctx.sectionTitles)
    : ABSENT;
  const cls = readClassification(r, id.number);
  const replaces = readReplaces(r, id.number, ctx);
  const body = (c: 'text' | 'commentary'): string | null => {
    const s = r.text(c, c);
    const t = s === null ? '' : s.replace(/\r\n?/g, '\n').trim();
    return t === '' ? null : t;
  };
  const text = body('text');
  const commentary = body('commentary');

  const { number, title, levels, tier1 } = id;
  if (!parts || number === null || title === null || levels === null || tier1 === null) return null;
  if (chapterTitle === null || sectionTitle === null || cls === null) return null;
  return {
    number,
    chapter: parts.chapter,
    chapterTitle: chapterTitle === ABSENT ? null : chapterTitle,
    section: `${parts.chapter}.${parts.section}`,
    sectionTitle: sectionTitle === ABSENT ? null : sectionTitle,
    title,
    tier1,
    levels,
    ...cls,
    replaces,
    text,
    commentary,
  };
}

/** A title column the file does not have (null already means: the cell was refused). */
const ABSENT = Symbol('absent column');

interface Identity {
  number: string | null;
  title: string | null;
  levels: Levels | null;
  tier1: boolean | null;
}

function readIdentity(r: RowReader, ctx: FileContext): Identity {
  const id: Identity = { number: null, title: null, levels: null, tier1: null };
  if (ctx.headerMode) {
    const h = r.text(HEADER_COLUMN, 'header');
    if (h === null) return id;
    const parsed = parseCaleaHeader(h);
    if (parsed.ok) return parsed.value;
    r.fail(HEADER_COLUMN, h, parsed.reason);
    return id;
  }

  const n = r.text('number', 'standard number');
  if (n !== null) {
    const t = n.trim();
    if (t === '') r.fail('number', n, 'The standard number is missing.');
    else if (!isStandardNumber(t)) {
      r.fail('number', n, `"${t}" is not a standard number. Use chapter.section.standard without leading zeros, e.g. 4.2.4.`);
    } else id.number = t;
  }
  const title = r.text('title', 'title');
  if (title !== null) {
    id.title = collapseWhitespace(title);
    if (id.title === '') {
      r.fail('title', title, 'The title is missing.');
      id.title = null;
    }
  }
  if (ctx.levelsColumn) {
    const lv = parseLevelsValue(r.get('levels'));
    if (lv.ok) id.levels = lv.value;
    else r.fail('levels', r.get('levels'), lv.reason);
  } else {
    id.levels = { ...DEFAULT_LEVELS };
  }
  const t1 = parseTier1(r.get('tier1'));
  if (t1.ok) id.tier1 = t1.value;
  else r.fail('tier1', r.get('tier1'), t1.reason);
  return id;
}

/** The optional chapter and section cells must agree with the standard number. */
function checkPlacement(r: RowReader, number: string, parts: StandardNumberParts): void {
  const chapterCell = r.text('chapter', 'chapter');
  if (chapterCell !== null && chapterCell.trim() !== '') {
    const c = chapterCell.trim();
    if (!/^\d+$/.test(c) || Number(c) !== parts.chapter) {
      r.fail('chapter', chapterCell, `The chapter "${c}" does not match standard ${number}, which belongs to chapter ${parts.chapter}.`);
    }
  }
  const sectionCell = r.text('section', 'section');
  if (sectionCell !== null && sectionCell.trim() !== '') {
    const s = sectionCell.trim();
    const expected = `${parts.chapter}.${parts.section}`;
    const m = /^(\d+)\.(\d+)$/.exec(s);
    if (!m || Number(m[1]) !== parts.chapter || Number(m[2]) !== parts.section) {
      const mangled = expected.endsWith('0') && s === expected.replace(/\.?0+$/, '');
      r.fail('section', sectionCell,
        `The section "${s}" does not match standard ${number}, which is in section ${expected}.` +
          (mangled ? ` Spreadsheet programs turn ${expected} into ${s}; format the section column as text.` : ''));
    }
  }
}

/** A chapter or section title; every standard of the same chapter (section) must repeat the same one. */
function readGroupTitle<K>(
  r: RowReader,
  column: 'chapter_title' | 'section_title',
  group: 'chapter' | 'section',
  owner: { key: K; label: string } | null,
  seenTitles: Map<K, Seen>,
): string | null {
  const cell = r.text(column, `${group} title`);
  if (cell === null) return null;
  const title = collapseWhitespace(cell);
  if (title === '') {
    r.fail(column, cell, `The ${group} title is missing.`);
    return null;
  }
  if (owner) {
    const seen = seenTitles.get(owner.key);
    if (!seen) seenTitles.set(owner.key, { row: r.row, value: title });
    else if (seen.value !== title) {
      const name = `${group === 'chapter' ? 'Chapter' : 'Section'} ${owner.label}`;
      r.fail(column, cell,
        `${name} is called "${seen.value}" on row ${seen.row}; every standard of ${group} ${owner.label} must use the same ${group} title.`);
    }
  }
  return title;
}

type Classification = Pick<ParsedStandard, 'kinds' | 'linkedNumbers' | 'frequency' | 'activities' | 'bullets'>;

/**
 * Kinds and the columns whose rules depend on them: linked, frequency and activities; plus bullets.
 * A time-sensitive standard gives either one frequency (it gets one activity, "Required activity")
 * or its activities (each with its own frequency); its frequency is then the first activity's.
 */
function readClassification(r: RowReader, number: string | null): Classification | null {
  const kinds = parseKinds(r.get('kinds'));
  if (!kinds.ok) r.fail('kinds', r.get('kinds'), kinds.reason);

  const linked = parseLinkedNumbers(r.get('linked'));
  if (!linked.ok) r.fail('linked', r.get('linked'), linked.reason);
  if (kinds.ok && linked.ok) {
    if (kinds.value.includes('linked') && linked.value.length === 0) {
      r.fail('linked', r.get('linked'),
        'This standard is marked as linked, but the linked column names no standard; list the related standard numbers, e.g. 4.2.1; 4.2.2.');
    } else if (!kinds.value.includes('linked') && linked.value.length > 0) {
      r.fail('linked', r.get('linked'),
        'Standards are listed under linked, but the kinds do not include linked; add "linked" to the kinds or clear this cell.');
    }
  }
  if (linked.ok && number !== null && linked.value.includes(number)) {
    r.fail('linked', r.get('linked'), `Standard ${number} cannot be linked to itself.`);
  }

  const bullets = parseBullets(r.get('bullets'));
  if (!bullets.ok) r.fail('bullets', r.get('bullets'), bullets.reason);

  const frequency = parseFrequency(r.get('frequency'));
  if (!frequency.ok) r.fail('frequency', r.get('frequency'), frequency.reason);
  const activities: ParseResult<ParsedActivity[]> = bullets.ok ? parseActivities(r.get('activities'), bullets.value, parseFrequency) : { ok: true, value: [] };
  if (!activities.ok) r.fail('activities', r.get('activities'), activities.reason);
  if (frequency.ok && activities.ok && frequency.value !== null && activities.value.length > 0) {
    r.fail('frequency', r.get('frequency'), 'Give either one frequency or the activities (each with its frequency), not both; clear the frequency cell.');
  }
  const listed = activities.ok ? activities.value : [];
  if (kinds.ok && frequency.ok && activities.ok) {
    const timed = kinds.value.includes('time_sensitive');
    if (timed && frequency.value === null && listed.length === 0) {
      r.fail('frequency', r.get('frequency'), `Time-sensitive standards need a frequency, e.g. annual, or activities. Use ${FREQUENCY_HELP}.`);
    } else if (!timed && frequency.value !== null) {
      r.fail('frequency', r.get('frequency'),
        'Only time-sensitive standards have a frequency; add "time-sensitive" to the kinds or clear this cell.');
    } else if (!timed && listed.length > 0) {
      r.fail('activities', r.get('activities'),
        'Only time-sensitive standards have activities; add "time-sensitive" to the kinds or clear this cell.');
    }
  }

  if (!kinds.ok || !linked.ok || !frequency.ok || !bullets.ok || !activities.ok) return null;
  const all = listed.length > 0 ? listed : frequency.value !== null ? [defaultActivity(frequency.value)] : [];
  return { kinds: kinds.value, linkedNumbers: linked.value, frequency: all[0]?.frequency ?? null, activities: all, bullets: bullets.value };
}

function readReplaces(r: RowReader, number: string | null, ctx: FileContext): string | null {
  const cell = r.text('replaces', 'replaced number');
  if (cell === null || cell.trim() === '') return null;
  const old = cell.trim();
  if (!isStandardNumber(old)) {
    r.fail('replaces', cell, `"${old}" is not a standard number. Give the number this standard had in the previous manual, e.g. 4.2.4, or leave it empty.`);
    return null;
  }
  if (old === number) {
    r.fail('replaces', cell, `Standard ${number} cannot replace itself; leave replaces empty when the number did not change.`);
    return null;
  }
  const first = ctx.replaced.get(old);
  if (first !== undefined) {
    r.fail('replaces', cell, `The standard on row ${first} already replaces ${old}; an old number can be replaced only once.`);
    return null;
  }
  ctx.replaced.set(old, r.row);
  return old;
}

function sortErrors(errors: ImportRowError[]): ImportRowError[] {
  return errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.row - b.e.row || a.i - b.i).map((x) => x.e);
}

// ---------------------------------------------------------------- file readers

function decodeUtf8(buffer: Buffer, format: ImportFormat): ParseResult<string> {
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === 0x504b0304) {
    return {
      ok: false,
      reason: format === 'csv'
        ? 'This is an Excel workbook, not a CSV file. In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)" and upload that file.'
        : 'This is a zip or Excel file, not a JSON file.',
    };
  }
  try {
    // The decoder drops a leading UTF-8 byte order mark.
    return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(buffer) };
  } catch {
    return {
      ok: false,
      reason: format === 'csv'
        ? 'The file is not UTF-8 text. In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)" and upload that file.'
        : 'The file is not UTF-8 text; save the JSON file with UTF-8 encoding.',
    };
  }
}

function fileError(reason: string, row = 0): ManualImportResult {
  return { ok: false, errors: [{ row, column: '', value: '', reason }] };
}

function csvParseReason(err: unknown): { line: number; reason: string } {
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  const lines = err && typeof err === 'object' && 'lines' in err ? err.lines : undefined;
  const line = typeof lines === 'number' ? lines : 0;
  const where = line > 0 ? ` near line ${line}` : '';
  const quoteHelp = 'Put a value that contains a quote (") in double quotes and write each quote inside it twice ("").';
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line, reason: `The file could not be read${where}: a quoted value is never closed (a closing " is missing). ${quoteHelp}` };
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line, reason: `The file could not be read${where}: a quote (") appears inside a value. ${quoteHelp}` };
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return { line, reason: `The file could not be read as CSV${where}: ${message}` };
    }
  }
}

export function parseManualCsv(buffer: Buffer): ManualImportResult {
  const decoded = decodeUtf8(buffer, 'csv');
  if (!decoded.ok) return fileError(decoded.reason);
  if (decoded.value.trim() === '') return fileError('The file is empty.');

  let records: string[][];
  try {
    // Empty lines are kept so that record index + 1 is the row number a spreadsheet shows.
    records = parse(decoded.value, { relax_column_count: true, skip_empty_lines: false });
  } catch (err) {
    const { line, reason } = csvParseReason(err);
    return fileError(reason, line);
  }

  const blank = (r: string[]): boolean => r.every((c) => c.trim() === '');
  const h = records.findIndex((r) => !blank(r));
  if (h < 0) return fileError('The file is empty.');
  const headerRow = h + 1;
  const names = records[h].map(normalizeColumnName);

  const errors: ImportRowError[] = [];
  const positions = new Map<string, number[]>();
  names.forEach((n, j) => {
    if (n !== '') positions.set(n, [...(positions.get(n) ?? []), j]);
  });
  for (const [name, cols] of positions) {
    if (cols.length > 1) {
      errors.push({
        row: headerRow,
        column: name,
        value: name,
        reason: `The column "${name}" appears ${cols.length} times in the header row (columns ${cols.map(columnLetter).join(', ')}); keep only one.`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const unnamedReported = new Set<number>();
  const rows = records.slice(h + 1).map((record, i) => {
    const cells: [string, string][] = [];
    record.forEach((cell, j) => {
      const name = names[j] ?? '';
      if (name !== '') cells.push([name, cell]);
      else if (cell.trim() !== '' && !unnamedReported.has(j)) {
        unnamedReported.add(j);
        errors.push({
          row: headerRow + 1 + i,
          column: columnLetter(j),
          value: truncate(cell),
          reason: `Column ${columnLetter(j)} has values (first on this row) but no column name in the header row ${headerRow}; name the column or delete its values.`,
        });
      }
    });
    // fromEntries defines own properties, so a column named "__proto__" stays an ordinary (unknown) column.
    return Object.fromEntries(cells);
  });

  const result = validateManualRows(rows, 'csv', { columns: names.filter((n) => n !== ''), headerRow });
  if (errors.length === 0) return result;
  return { ok: false, errors: sortErrors([...errors, ...(result.ok ? [] : result.errors)]) };
}

export function parseManualJson(buffer: Buffer): ManualImportResult {
  const decoded = decodeUtf8(buffer, 'json');
  if (!decoded.ok) return fileError(decoded.reason);
  if (decoded.value.trim() === '') return fileError('The file is empty.');
  let data: unknown;
  try {
    data = JSON.parse(decoded.value);
  } catch (err) {
    return fileError(`The file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rows = Array.isArray(data) ? data : isPlainObject(data) && Array.isArray(data.standards) ? data.standards : null;
  if (rows === null) {
    return fileError('The JSON must be a list of standards, or an object with a "standards" list, e.g. {"standards": [{"number": "1.1.1", …}]}.');
  }
  return validateManualRows(rows, 'json');
}
