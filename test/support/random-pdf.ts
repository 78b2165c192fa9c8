import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

const MIB = 1024 * 1024;
const RANDOM_PDF_HEADER = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
const PDF_TRAILER = Buffer.from('\ntrailer\n<< /Size 1 >>\nstartxref\n0\n%%EOF\n', 'latin1');

/** `size` bytes at `path`: random bytes between a PDF header and trailer (file-type sniffs application/pdf), written in chunks. */
export async function writeRandomPdf(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.write(RANDOM_PDF_HEADER);
    let left = size - RANDOM_PDF_HEADER.length - PDF_TRAILER.length;
    while (left > 0) {
      const chunk = randomBytes(Math.min(8 * MIB, left));
      await handle.write(chunk);
      left -= chunk.length;
    }
    await handle.write(PDF_TRAILER);
  } finally {
    await handle.close();
  }
}

/** New random bytes right after the header of a writeRandomPdf file: new content (and SHA-256), same size. */
export async function freshenRandomPdf(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(randomBytes(32), 0, 32, RANDOM_PDF_HEADER.length);
  } finally {
    await handle.close();
  }
}
