import { createHash } from 'node:crypto';
import { isDefaultActivityList } from './activities';
import { formatLevels } from './calea-header';
import { ImportFormat, parseManualCsv, parseManualJson, ReadManual } from './manual-import';
import type { ImportRowError, ParsedStandard, ParseResult } from '../../kernel/standard-types';

const SNIFF_BYTES = 64 * 1024;
const TEMPLATE_HINT = 'Upload a CSV or JSON file (GET /api/manuals/import-template gives a CSV to start from).';

const startsWith = (buffer: Buffer, bytes: number[]): boolean => bytes.every((b, i) => buffer[i] === b);

/**
 * Tells CSV from JSON by content (a file name or content type says little: spreadsheets save
 * CSV as text/plain or application/vnd.ms-excel). Refuses what is plainly not text; other
 * encoding problems are reported by the parser, which knows what to suggest.
 */
export function sniffManualFormat(buffer: Buffer): ParseResult<ImportFormat> {
  if (buffer.length === 0) return { ok: false, reason: 'The file is empty.' };
  if (startsWith(buffer, [0xff, 0xfe]) || startsWith(buffer, [0xfe, 0xff])) {
    return { ok: false, reason: 'The file is UTF-16 text; save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)").' };
  }
  // A zip (an Excel workbook) is left to the CSV parser, which explains how to save it as CSV.
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return { ok: true, value: 'csv' };
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { ok: false, reason: `This is a PDF document, not a CSV or JSON file. ${TEMPLATE_HINT}` };
  }
  if (buffer.subarray(0, SNIFF_BYTES).includes(0)) {
    return { ok: false, reason: `This is a binary file (it contains NUL bytes), not CSV or JSON text. ${TEMPLATE_HINT}` };
  }
  const start = startsWith(buffer, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  for (let i = start; i < buffer.length; i++) {
    const byte = buffer[i];
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return { ok: true, value: byte === 0x5b || byte === 0x7b ? 'json' : 'csv' };
  }
  return { ok: false, reason: 'The file is empty.' };
}

export type ManualFileResult =
  | { ok: true; format: ImportFormat; manual: ReadManual }
  | { ok: false; format: ImportFormat | null; errors: ImportRowError[] };

/** Reads an uploaded manual, CSV or JSON, reporting every problem at once. */
export function readManualFile(buffer: Buffer): ManualFileResult {
  const format = sniffManualFormat(buffer);
  if (!format.ok) return { ok: false, format: null, errors: [{ row: 0, column: '', value: '', reason: format.reason }] };
  const result = format.value === 'json' ? parseManualJson(buffer) : parseManualCsv(buffer);
  return { ...result, format: format.value };
}

/**
 * SHA-256 of the standards in a fixed form: the same manual as CSV or JSON, with other line ends
 * or column order, hashes the same; any change to what is stored hashes differently.
 */
export function manualContentSha256(standards: readonly ParsedStandard[]): string {
  const canonical = [...standards]
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .map((s) => [
      s.number,
      s.chapterTitle,
      s.sectionTitle,
      s.title,
      s.tier1,
      formatLevels(s.levels),
      s.bullets.map((b) => [b.letter, b.label]),
      s.kinds,
      s.linkedNumbers,
      s.frequency,
      s.replaces,
      s.text,
      s.commentary,
      // Only activities other than the one a frequency gives, so manuals hashed before activities keep their hash.
      ...(isDefaultActivityList(s.activities) || s.activities.length === 0 ? [] : [s.activities.map((a) => [a.key, a.name, a.frequency, a.reminderDays, a.bullets])]),
    ]);
  return createHash('sha256').update(JSON.stringify(['calea-manual-content', 1, canonical])).digest('hex');
}
