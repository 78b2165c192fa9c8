import { fileExtension } from './file-name';

export interface ProofType {
  id: 'pdf' | 'png' | 'jpeg' | 'tiff' | 'docx' | 'xlsx' | 'mp4';
  label: string;
  /** The MIME type sniffed from the bytes, and served on download. */
  mime: string;
  /** Accepted extensions, lower case; the first is the one given to a name without any. */
  extensions: readonly string[];
  /** Other MIME types clients declare for the same thing. */
  aliases: readonly string[];
}

export const ALLOWED_PROOF_TYPES: readonly ProofType[] = [
  { id: 'pdf', label: 'PDF', mime: 'application/pdf', extensions: ['pdf'], aliases: ['application/x-pdf'] },
  { id: 'png', label: 'PNG', mime: 'image/png', extensions: ['png'], aliases: ['image/x-png'] },
  { id: 'jpeg', label: 'JPEG', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], aliases: ['image/jpg', 'image/pjpeg'] },
  { id: 'tiff', label: 'TIFF', mime: 'image/tiff', extensions: ['tif', 'tiff'], aliases: ['image/tif', 'image/x-tiff'] },
  {
    id: 'docx',
    label: 'Word (.docx)',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    aliases: [],
  },
  {
    id: 'xlsx',
    label: 'Excel (.xlsx)',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    aliases: [],
  },
  { id: 'mp4', label: 'MP4', mime: 'video/mp4', extensions: ['mp4'], aliases: [] },
];

export type DeclaredTypeCheck =
  | { ok: true; type: ProofType }
  | {
      ok: false;
      code: 'unrecognised' | 'not_allowed' | 'plain_zip' | 'declared_mismatch' | 'extension_mismatch';
      /** A sentence for the uploader (the 415 problem's detail). */
      reason: string;
    };

// "What it is" is decided by the bytes; without a declaration a client sends one of these.
const UNDECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** "Image/JPEG; charset=binary" -> "image/jpeg". */
const bareMime = (mime: string): string => mime.split(';')[0].trim().toLowerCase();

const byMime = (mime: string): ProofType | undefined =>
  ALLOWED_PROOF_TYPES.find((t) => t.mime === mime || t.aliases.includes(mime));

const allowedList = ALLOWED_PROOF_TYPES.map((t) => t.label).join(', ');

/**
 * Whether an upload may be kept: the type sniffed from its bytes must be allowed, and the MIME
 * type the client declared (unless absent or generic) and the file name's extension (unless it
 * has none; the stored name then gets the type's first extension) must agree with it.
 *
 * A sniff of plain application/zip is refused even when the name ends in .docx or .xlsx: a sniffer
 * that knows OOXML (file-type reads [Content_Types].xml) reports the OOXML type, so plain zip
 * means an archive that is not a Word or Excel file, and trusting the extension would let any
 * archive in under a document's name.
 */
export function checkDeclaredType({
  sniffedMime,
  declaredMime,
  fileName,
}: {
  sniffedMime: string | undefined;
  declaredMime: string | undefined;
  fileName: string;
}): DeclaredTypeCheck {
  const sniffed = sniffedMime === undefined ? '' : bareMime(sniffedMime);
  if (sniffed === '' || UNDECLARED.has(sniffed)) {
    return { ok: false, code: 'unrecognised', reason: `The file's content is not a type we recognise. Accepted: ${allowedList}.` };
  }
  if (sniffed === 'application/zip') {
    return {
      ok: false,
      code: 'plain_zip',
      reason: `The file is a ZIP archive, not a Word (.docx) or Excel (.xlsx) document; ZIP archives are not accepted. Accepted: ${allowedList}.`,
    };
  }
  // Only canonical MIME types come from the sniffer; aliases are for what clients declare.
  const type = ALLOWED_PROOF_TYPES.find((t) => t.mime === sniffed);
  if (!type) {
    return { ok: false, code: 'not_allowed', reason: `Files of type ${sniffed} are not accepted. Accepted: ${allowedList}.` };
  }

  const declared = declaredMime === undefined ? '' : bareMime(declaredMime);
  if (!UNDECLARED.has(declared) && byMime(declared) !== type) {
    return {
      ok: false,
      code: 'declared_mismatch',
      reason: `The file was sent as ${declared}, but its content is ${type.label} (${type.mime}).`,
    };
  }

  const ext = fileExtension(fileName);
  if (ext !== undefined && !type.extensions.includes(ext)) {
    return {
      ok: false,
      code: 'extension_mismatch',
      reason: `The file name ends in .${ext}, but its content is ${type.label}; expected ${type.extensions.map((e) => `.${e}`).join(' or ')}.`,
    };
  }
  return { ok: true, type };
}
