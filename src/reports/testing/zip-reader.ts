import { crc32 } from 'node:zlib';
import { Entry, fromBufferPromise, openPromise, ZipFile } from 'yauzl';

/**
 * Reads a ZIP for tests with yauzl, and checks it as `unzip -t` does: every entry, in the order
 * of the central directory, read out (inflated where deflated) and checked against the sizes and
 * the CRC-32 the archive records. Rejects on the first entry that fails, naming it.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** The general-purpose flags (bit 11: UTF-8 name). */
  flags: number;
  data: Buffer;
}

/** The entries of the ZIP in `zip` (its bytes, or the path of a file), each checked. */
export async function readZip(zip: Buffer | string): Promise<ZipEntry[]> {
  // yauzl checks each entry's uncompressed size against the bytes it reads (validateEntrySizes).
  const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: true };
  const file = typeof zip === 'string' ? await openPromise(zip, options) : await fromBufferPromise(zip, options);
  const entries: ZipEntry[] = [];
  try {
    for await (const entry of file.eachEntry()) entries.push(await readEntry(file, entry));
  } finally {
    file.close();
  }
  return entries;
}

async function readEntry(file: ZipFile, entry: Entry): Promise<ZipEntry> {
  const name = entry.fileName;
  const chunks: Buffer[] = [];
  let crc = 0;
  try {
    for await (const chunk of await file.openReadStreamPromise(entry)) {
      chunks.push(chunk as Buffer);
      crc = crc32(chunk as Buffer, crc);
    }
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const data = Buffer.concat(chunks);
  if (data.length !== entry.uncompressedSize) throw new Error(`${name}: ${data.length} bytes, the directory says ${entry.uncompressedSize}`);
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new Error(`${name}: CRC-32 mismatch (${hex(crc)}, the directory says ${hex(entry.crc32)})`);
  return {
    name,
    method: entry.compressionMethod,
    compressedSize: entry.compressedSize,
    size: entry.uncompressedSize,
    crc32: entry.crc32,
    flags: entry.generalPurposeBitFlag,
    data,
  };
}

const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
