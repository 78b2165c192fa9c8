export const MAX_FILE_NAME_BYTES = 120;

const DEFAULT_STEM = 'proof';
const EXTENSION = /^[a-z0-9]{1,10}$/i;

// Line breaks and tabs separate words, so they become spaces; other controls vanish. Also removed:
// lone surrogates, bidirectional controls (U+202E makes "invoice\u202Egpj.exe" display as
// "invoiceexe.jpg"), zero-width space and byte-order mark. ZWJ/ZWNJ stay: emoji and scripts need them.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const INVISIBLE = /[\p{Cc}\p{Cs}\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
// Characters Windows refuses in file names (after path separators have been dealt with).
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
// Windows refuses these as the part before the first dot, in any case, even with an extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` within `maxBytes` of UTF-8, cut between user-perceived characters where possible. */
function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)) {
    const size = utf8Length(segment);
    if (used + size > maxBytes) {
      // A single cluster bigger than the budget (a base letter drowned in combining marks) is cut by code point.
      if (out === '') {
        for (const codePoint of segment) {
          const cpSize = utf8Length(codePoint);
          if (used + cpSize > maxBytes) break;
          out += codePoint;
          used += cpSize;
        }
      }
      break;
    }
    out += segment;
    used += size;
  }
  return out;
}

function normalizeExtension(ext: string | undefined): string | undefined {
  if (ext === undefined) return undefined;
  const bare = ext.replace(/^\./, '');
  if (!EXTENSION.test(bare)) throw new RangeError(`"${ext}" is not a file extension (1 to 10 letters or digits).`);
  return bare.toLowerCase();
}

function split(original: string): { stem: string; ext: string | undefined } {
  let name = original.normalize('NFC').replace(BREAKS, ' ').replace(INVISIBLE, '');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(WINDOWS_FORBIDDEN, '_')
    .replace(/\s+/gu, ' ')
    // No leading dots (hidden files); Windows drops trailing dots and spaces, so "report.pdf." is a PDF.
    .replace(/^[.\s]+|[.\s]+$/gu, '');
  const dot = name.lastIndexOf('.');
  const candidate = name.slice(dot + 1);
  if (dot > 0 && EXTENSION.test(candidate)) return { stem: name.slice(0, dot), ext: candidate.toLowerCase() };
  return { stem: name, ext: undefined };
}

/**
 * The extension `safeFileName` keeps for `original` (lower-cased), or undefined: "scan.PDF" -> "pdf",
 * "notes" / ".htaccess" / "report.final version" -> undefined.
 */
export function fileExtension(original: string): string | undefined {
  return split(original).ext;
}

/**
 * A file name safe to store, show and offer for download, from whatever the client sent: no
 * path, no control or bidirectional characters, no leading dots, no name Windows reserves,
 * single spaces, the extension kept in lower case (or `fallbackExtension` when there is none),
 * at most 120 bytes of UTF-8, never empty ("proof" plus the extension). Idempotent.
 */
export function safeFileName(original: string, fallbackExtension?: string): string {
  const parts = split(original);
  const ext = parts.ext ?? normalizeExtension(fallbackExtension);
  let stem = parts.stem.replace(/[.\s]+$/u, '');
  const firstPart = stem.split('.')[0].trimEnd();
  if (WINDOWS_RESERVED.test(firstPart)) stem = `_${stem}`;
  const budget = MAX_FILE_NAME_BYTES - (ext ? ext.length + 1 : 0);
  stem = truncateUtf8(stem, budget).replace(/[.\s]+$/u, '') || DEFAULT_STEM;
  return ext ? `${stem}.${ext}` : stem;
}

const hex = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * `Content-Disposition: attachment` for `name` (RFC 6266): a quoted ASCII `filename` for old
 * clients, and `filename*` (RFC 8187, UTF-8, percent-encoded) that current browsers prefer.
 * Whatever `name` holds, the header cannot be broken out of; names should still come from safeFileName.
 */
export function contentDispositionAttachment(name: string): string {
  const wellFormed = name.replace(/\p{Cs}/gu, '\uFFFD');
  const ascii = Array.from(wellFormed, (c) => {
    const code = c.codePointAt(0) as number;
    return code < 0x20 || code > 0x7e ? '_' : c;
  })
    .join('')
    // RFC 6266 appendix D: some clients decode %XX in the plain parameter.
    .replace(/%/g, '_')
    .replace(/["\\]/g, '\\$&');
  // encodeURIComponent leaves ' ( ) * alone, which RFC 8187's attr-char does not allow.
  const encoded = encodeURIComponent(wellFormed).replace(/['()*]/g, hex);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
